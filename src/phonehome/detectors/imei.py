"""IMEI (15 digits, Luhn, a known reporting-body prefix) and MEID (14 hex digits) device ids."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar

from phonehome.detectors.base import DetectContext
from phonehome.detectors.facts import LEN14_24, TEXT, facts, leaf_value
from phonehome.detectors.keys import KeyLexicon
from phonehome.detectors.seen import SeenValues
from phonehome.detectors.values import is_timestamp, luhn_ok
from phonehome.model import Detection, Field

IMEI_KEYS = KeyLexicon(
    names={"imei", "imei1", "imei2", "deviceimei", "imeinumber", "imeisv", "meid", "did", "udid", "deviceid"},
    words={"imei", "imei1", "imei2", "imeis", "meid"},
)
"""Keys naming an IMEI/MEID (and device-id keys that some SDKs fill with one)."""

MEID_KEYS = KeyLexicon(names={"meid", "devicemeid"}, words={"meid"})
"""Keys naming an MEID."""

# Reporting Body Identifiers: the first two digits of every allocated TAC (GSMA).
RBI = frozenset({"01", "10", "30", "33", "35", "44", "45", "49", "50", "51", "52", "53", "54", "86", "91", "98", "99"})
"""Reporting-body prefixes of allocated type allocation codes."""
RBI_UNKEYED = frozenset({"01", "35", "86", "99"})
"""The prefixes of nearly all phones in use: enough, with Luhn, without a key."""

_SEPARATED = re.compile(r"^\d{2}[- ]?\d{6}[- ]?\d{6}[- ]?\d$")
_MEID_HEX = re.compile(r"^[a-fA-F][0-9a-fA-F]{13}$")


def imei_digits(text: str) -> str | None:
    """Return the 15 digits of ``text`` when it is written as an IMEI (plain or grouped), else None."""
    if len(text) == 15 and text.isdigit():
        return text
    if 16 <= len(text) <= 18 and _SEPARATED.match(text):
        return re.sub(r"\D", "", text)
    return None


def is_imei(digits: str, keyed: bool) -> bool:
    """Luhn-valid 15 digits with an allocated reporting-body prefix; not a timestamp."""
    if not luhn_ok(digits) or is_timestamp(digits) or len(set(digits)) < 4:
        return False
    return digits[:2] in (RBI if keyed else RBI_UNKEYED)


class ImeiDetector:
    """IMEI numbers (Luhn-checked) and MEIDs under MEID/IMEI keys."""

    id: ClassVar[str] = "imei"
    needs: ClassVar[int] = TEXT | LEN14_24
    pure: ClassVar[bool] = True

    def __init__(self, seen: SeenValues | None = None) -> None:
        """Optionally record every value found in ``seen`` (so digests of it can be named)."""
        self.seen = seen

    def detect(self, field: Field, ctx: DetectContext) -> Iterable[Detection]:
        """Report an IMEI or MEID value."""
        text = leaf_value(field, 24)
        if text is None or len(text) < 14:
            return ()
        key = facts(field).key
        keyed = IMEI_KEYS.matches(key)
        digits = imei_digits(text)
        if digits is not None and is_imei(digits, keyed):
            why = "15 digits, Luhn check digit valid, allocated TAC prefix" + (f", key {key!r}" if keyed else "")
            if self.seen is not None:
                self.seen.add("imei", digits, ctx.capture)
            return [Detection("imei", digits, self.id, 0.97 if keyed else 0.8, why)]
        if len(text) == 14 and _MEID_HEX.match(text) and MEID_KEYS.matches(key):
            return [Detection("meid", text.upper(), self.id, 0.9, f"14 hex digits under MEID key {key!r}")]
        return ()
