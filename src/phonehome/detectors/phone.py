"""Phone numbers, parsed and checked with libphonenumber (the ``phonenumbers`` package).

A number counts when it sits under a phone-like key (possible number for its region), or when it
is written in E.164 form with a ``+`` (then it must be a valid, allocated number): digit strings
alone are far more often counters, prices or timestamps than phone numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar

import phonenumbers

from phonehome.detectors.base import DetectContext
from phonehome.detectors.facts import NUMBERISH, SPACE_PLUS, TEXT, facts
from phonehome.detectors.keys import KeyLexicon
from phonehome.detectors.seen import SeenValues
from phonehome.detectors.values import is_timestamp
from phonehome.model import Detection, Field

PHONE_KEYS = KeyLexicon(
    names={"phone", "tel", "mobile", "msisdn", "phonenumber", "mobilenumber", "telephone", "cellphone", "ph"},
    words={
        "phone",
        "telephone",
        "msisdn",
        "cellphone",
        "tel",
        "phonenumber",
        "mobilephone",
        "mobileno",
        "cell",
    },
    pairs=[{"mobile", "number"}, {"mobile", "no"}, {"contact", "number"}],
    veto={
        "model",
        "brand",
        "type",
        "os",
        "time",
        "ts",
        "timestamp",
        "at",
        "verified",
        "count",
        "make",
        "manufacturer",
        "prefix",
        "country",
        "code",
        "hash",
        "sha256",
        "md5",
        "id",
        "carrier",
    },
)
"""Keys naming a phone number."""

_SHAPE = re.compile(r"^\+?[\d\s().\-/]{6,24}$")
_E164 = re.compile(r"^\+[1-9]\d{6,14}$")
_IN_PROSE = re.compile(r"(?<![\w+])\+[1-9](?:[\d\s().\-]{5,18})\d(?![\d\w])")
_CUE = re.compile(r"(?i)\b(?:phone|tel|telephone|mobile|cell|call|sms|whatsapp|msisdn|contact|number|ph)\b")
NUMBERS_REMEMBERED = 4096
"""(text, keyed) answers a phone detector remembers; emptied when full."""
DEFAULT_REGIONS = ("US", "GB", "DE", "FR", "IN", "CN", "BR", "JP", "RU", "ES", "IT", "ID", "NG", "MX")
"""Regions tried for a number without ``+`` found under a phone key."""


def parse_phone(text: str, keyed: bool) -> phonenumbers.PhoneNumber | None:
    """Return the parsed number when ``text`` is a phone number in this context, else None."""
    digits = sum(c.isdigit() for c in text)
    if not 7 <= digits <= 15 or not _SHAPE.match(text):
        return None
    if text.startswith("+"):
        try:
            num = phonenumbers.parse(text, None)
        except phonenumbers.NumberParseException:
            return None
        if keyed:
            return num if phonenumbers.is_possible_number(num) else None
        compact = re.sub(r"[\s().\-/]", "", text)
        return num if _E164.match(compact) and phonenumbers.is_possible_number(num) else None
    if not keyed or is_timestamp(text):
        return None
    for region in DEFAULT_REGIONS:
        try:
            num = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(num):
            return num
    # Under a phone key, a number that is only possible (test ranges such as 555) still counts.
    try:
        num = phonenumbers.parse(text, DEFAULT_REGIONS[0])
    except phonenumbers.NumberParseException:
        return None
    return num if 10 <= digits <= 11 and phonenumbers.is_possible_number(num) else None


class PhoneDetector:
    """Phone numbers under phone-like keys, or valid E.164 numbers anywhere."""

    id: ClassVar[str] = "phone"
    needs: ClassVar[int] = TEXT
    needs_any: ClassVar[int] = NUMBERISH | SPACE_PLUS
    pure: ClassVar[bool] = True

    def __init__(self, seen: SeenValues | None = None) -> None:
        """Optionally record every value found in ``seen`` (so digests of it can be named)."""
        self.seen = seen
        self._numbers: dict[tuple[str, bool], tuple[str, bool] | None] = {}

    def detect(self, field: Field, ctx: DetectContext) -> Iterable[Detection]:
        """Report the field's value when it is a phone number, or numbers written in prose."""
        text = facts(field).text
        if text is None:
            return ()
        if len(text) > 32:
            return self._in_prose(text) if " " in text and "+" in text else ()
        if text[:1] not in "+(0123456789":
            return self._in_prose(text) if " " in text and "+" in text else ()
        keyed = PHONE_KEYS.matches(facts(field).key)
        if not keyed and not text.startswith("+"):
            return ()
        try:
            known = self._numbers[(text, keyed)]
        except KeyError:
            known = self._number(text, keyed)
        if known is None:
            return ()
        e164, valid = known
        why = ("phone key, " if keyed else "E.164 form, ") + ("valid number" if valid else "possible number")
        conf = 0.95 if keyed and valid else 0.85 if keyed else 0.75
        value = text if text.startswith("+") else e164
        if self.seen is not None:
            self.seen.add("phone", e164, ctx.capture)
        return [Detection("phone", value, self.id, conf, f"{why} ({e164})")]

    def _number(self, text: str, keyed: bool) -> tuple[str, bool] | None:
        """``text``'s E.164 form and validity when it is a phone number here, else None (remembered).

        libphonenumber takes ~100 us to parse, validate and format a number, and an app sends the
        same number under many keys and paths (the detector set's memo is per key and path).
        """
        num = parse_phone(text, keyed)
        known = None
        if num is not None:
            e164 = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)
            known = e164, phonenumbers.is_valid_number(num)
        if len(self._numbers) >= NUMBERS_REMEMBERED:
            self._numbers.clear()
        self._numbers[(text, keyed)] = known
        return known

    def _in_prose(self, text: str) -> list[Detection]:
        """International numbers inside a sentence, next to a word that says it is a phone number."""
        out = []
        for m in _IN_PROSE.finditer(text, 0, 1 << 16):
            cand = m.group(0)
            try:
                num = phonenumbers.parse(cand, None)
            except phonenumbers.NumberParseException:
                continue
            if not phonenumbers.is_possible_number(num):
                continue
            cue = _CUE.search(text, max(0, m.start() - 24), m.start())
            if cue is None and not phonenumbers.is_valid_number(num):
                continue
            e164 = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)
            why = f"international number in text ({e164})" + (f" after {cue.group(0)!r}" if cue else "")
            out.append(Detection("phone", cand, self.id, 0.8 if cue else 0.7, why))
        return out
