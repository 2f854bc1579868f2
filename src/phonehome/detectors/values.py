"""Shape tests on values shared by the detectors: text of a field, placeholders, ids, checksums."""

from __future__ import annotations

import math
import re
from collections import Counter

from phonehome.model import Field

UUID_RE = re.compile(r"^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$")
HEX_RE = re.compile(r"^[0-9a-fA-F]+$")
DIGITS_RE = re.compile(r"^\d+$")
URL_RE = re.compile(r"https?://[^\s\"'<>\\]+", re.IGNORECASE)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$")
_VERSION = re.compile(r"^v?\d+(\.\d+){1,4}([-+._]?[0-9A-Za-z.]+)?$")

# Values that mean "nothing here": SDKs fill fields with them rather than leave them out. The
# last entries are the "value not obtained" / "value error" markers Sensors Analytics' SDKs write
# (documented in their source), which otherwise read like a search term or an id.
PLACEHOLDERS = frozenset(
    {
        "",
        "null",
        "none",
        "nil",
        "undefined",
        "unknown",
        "n/a",
        "na",
        "-",
        "--",
        "0",
        "1",
        "true",
        "false",
        "yes",
        "no",
        "(not set)",
        "(not provided)",
        "not provided",
        "(not available)",
        "unavailable",
        "(other)",
        "(none)",
        "not set",
        "notset",
        "(direct)",
        "direct",
        "$direct",
        "empty",
        "default",
        "anonymous",
        "guest",
        "unset",
        "[]",
        "{}",
        "nan",
        "test",
        "user",
        "0000000000000000",
        "00000000-0000-0000-0000-000000000000",
    }
)
_PLACEHOLDER_MARKERS = ("未取到值", "取值异常", "解析失败")


def field_text(field: Field) -> str | None:
    """Return the value of ``field`` as text, or None when it is binary."""
    value = field.value
    if isinstance(value, str):
        return value
    return None


def is_placeholder(value: str) -> bool:
    """True for values that stand for "no value" (null, unknown, (not set), SDK markers…)."""
    v = value.strip().lower()
    if v in PLACEHOLDERS:
        return True
    return any(m in v for m in _PLACEHOLDER_MARKERS)


MASK_GLYPHS = frozenset("\u25ab\u2022\u25cf\u25a0\u2588")
"""Characters session-replay SDKs write over text they mask (Clarity: ``▫`` for digits, ``•`` for letters)."""


def is_masked(text: str) -> bool:
    """True when an SDK masked part of ``text`` (mask glyphs, or a run of asterisks): not what was typed."""
    return "***" in text or not MASK_GLYPHS.isdisjoint(text)


def is_structured(text: str) -> bool:
    """True when ``text`` is a container (JSON document, form body) the decoders split further."""
    t = text.lstrip()
    if not t:
        return False
    if t[0] in "{[" and t.rstrip()[-1:] in "}]":
        return True
    return "&" in t and "=" in t and " " not in t and not t.startswith("http")


def is_uuid(value: str) -> bool:
    """True for a UUID in canonical (optionally braced) form."""
    return len(value) in (36, 38) and bool(UUID_RE.match(value))


def is_hex(value: str) -> bool:
    """True when ``value`` is all hexadecimal digits."""
    return bool(value) and bool(HEX_RE.match(value))


def is_timestamp(value: str) -> bool:
    """True for Unix times in s/ms/µs between 2000 and 2100, and ISO-8601 dates."""
    v = value.strip()
    if _ISO_DATE.match(v):
        return True
    head = v.split(".", 1)[0].lstrip("-")
    if not DIGITS_RE.match(head):
        return False
    n = int(head)
    for scale in (1, 1000, 1000_000, 1000_000_000):
        if 946_684_800 <= n / scale <= 4_102_444_800:
            return len(head) in (10, 13, 16, 19)
    return False


def is_version(value: str) -> bool:
    """True for version strings (``1.27.11``, ``v2.4.0-beta``)."""
    return bool(_VERSION.match(value.strip()))


def entropy(value: str) -> float:
    """Shannon entropy of ``value`` in bits per character."""
    if not value:
        return 0.0
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in Counter(value).values())


def class_transitions(value: str) -> int:
    """Count letter↔digit switches among the letters and digits of ``value``."""
    prev = ""
    switches = 0
    for ch in value:
        if ch.isdigit():
            cur = "d"
        elif ch.isalpha():
            cur = "a"
        else:
            continue
        if prev and cur != prev:
            switches += 1
        prev = cur
    return switches


def looks_random(value: str) -> bool:
    """True when ``value`` reads like a machine-made token rather than something a person chose."""
    v = value.strip()
    if len(v) < 6:
        return False
    if is_uuid(v):
        return True
    core = v.replace("-", "").replace("_", "").replace(".", "")
    if len(core) >= 8 and is_hex(core) and any(c.isdigit() for c in core) and any(c.isalpha() for c in core):
        return True
    if class_transitions(v) >= 3:
        return True
    letters = [c for c in v if c.isalpha()]
    if (
        len(v) >= 12
        and any(c.isupper() for c in v)
        and any(c.islower() for c in v)
        and any(c.isdigit() for c in v)
        and entropy(v) >= 3.0
    ):
        return True
    if len(letters) >= 8:
        vowels = sum(1 for c in letters if c.lower() in "aeiouy")
        if vowels / len(letters) < 0.2:
            return True
    return len(core) >= 20 and " " not in v and "@" not in v and entropy(v) >= 3.5


def luhn_ok(digits: str) -> bool:
    """True when the digit string passes the Luhn (mod 10) check."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def is_request_url(field: Field) -> bool:
    """True for the request's own URL (the root ``("url",)`` field)."""
    return len(field.path) == 1 and field.path[0] == "url"


def in_header(field: Field, *names: str) -> bool:
    """True when ``field`` is (or comes from) one of the request headers ``names`` (lower case)."""
    if field.path:
        head = field.path[0].lower()
        if head.startswith("header:") and head[7:] in names:
            return True
    return (
        bool(field.keys)
        and field.keys[0].lower() in names
        and bool(field.path)
        and (field.path[0].lower().startswith("header"))
    )
