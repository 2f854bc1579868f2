"""Cheap value shapes: a few C-speed tests per value decide which decoders are worth calling.

The engine computes a bit mask per field and calls only the decoders whose ``tags`` intersect it,
so a short word or a number costs almost nothing and no decoder is tried on every string.
"""

from __future__ import annotations

import re

from phonehome.decoders.base import (
    B64,
    BINARY,
    COOKIE,
    CTRL,
    EQ,
    HEX,
    JSON,
    JWT,
    LONG,
    MULTIPART,
    PCT,
    TEXT,
    URL,
    XORED,
)

ALL_TAGS = (TEXT, JSON, B64, HEX, PCT, EQ, URL, JWT, COOKIE, MULTIPART, CTRL, BINARY, LONG, XORED)
BIT: dict[str, int] = {tag: 1 << index for index, tag in enumerate(ALL_TAGS)}
"""One bit per tag."""

_BASE64_CHARS = r"[A-Za-z0-9+/_%-]+(?:=|%3[Dd]){0,2}"
_BAD_ESCAPE = re.compile(r"%(?!2[BbFf]|3[Dd])")
BASE64_WHOLE = re.compile(_BASE64_CHARS)
"""Base64 characters (either alphabet) and ``%``; ``is_base64_text`` also checks the escapes.
(Single-character classes only: ``re`` matches them in constant memory, even over megabytes.)"""


def is_base64_text(text: str) -> bool:
    """A value made only of base64 characters (either alphabet), %-escaped as Sensors JS sends it."""
    if BASE64_WHOLE.fullmatch(text) is None:
        return False
    return "%" not in text or _BAD_ESCAPE.search(text) is None


HEXISH = re.compile(r"[0-9A-Fa-f-]+")
"""Hex digits and dashes: hex strings and UUIDs, never base64-decoded."""
_MIN_ENCODED = 8
_MIN_LONG = 25
_BRACKET_XOR = ord("{") ^ ord("}")

_TEXT, _JSON, _B64, _HEX_BIT = BIT[TEXT], BIT[JSON], BIT[B64], BIT[HEX]
_PCT, _EQ, _URL, _JWT, _MULTIPART, _CTRL, _BINARY = (
    BIT[PCT],
    BIT[EQ],
    BIT[URL],
    BIT[JWT],
    BIT[MULTIPART],
    BIT[CTRL],
    BIT[BINARY],
)
_LONG, _XORED = BIT[LONG], BIT[XORED]


def mask_of(tags: frozenset[str]) -> int:
    """Bit mask of a decoder's tags."""
    mask = 0
    for tag in tags:
        mask |= BIT[tag]
    return mask


_ENCODED = re.compile(rf"({HEXISH.pattern})|{_BASE64_CHARS}")


def _encoded_mask(text: str) -> int:
    match = _ENCODED.fullmatch(text)
    if match is None:
        return 0
    if match.group(1) is None:
        return _B64 if "%" not in text or _BAD_ESCAPE.search(text) is None else 0
    return _HEX_BIT if len(text) % 2 == 0 and "-" not in text else 0


def _is_tag(code: int) -> bool:
    return 8 <= code < 0x80 and code & 7 in (0, 1, 2, 5)


def _protobuf_like(text: str, first: str, size: int) -> bool:
    """A printable protobuf message: a string field whose one-byte length ends the text or a field."""
    if size < 3 or ord(first) & 7 != 2 or not _is_tag(ord(first)):
        return False
    data = text if text.isascii() else text.encode("utf-8")
    end = 2 + (ord(text[1]) if isinstance(data, str) else data[1])
    if end == len(data):
        return True
    if end > len(data):
        return False
    return _is_tag(ord(data[end]) if isinstance(data, str) else data[end])


def str_mask(text: str) -> int:
    """Shape bits of a str value."""
    size = len(text)
    if size < 2:
        return 0
    mask = _TEXT if size >= _MIN_ENCODED else 0
    first = text[0]
    if first in '{["':
        mask |= _JSON
    elif first in " \t\r\n":
        stripped = text.lstrip()
        if stripped and stripped[0] in "{[":
            mask |= _JSON
        if first != " ":
            mask |= _CTRL
    elif size >= _MIN_ENCODED:
        mask |= _encoded_mask(text)
    if _protobuf_like(text, first, size):
        mask |= _CTRL
    if size >= _MIN_ENCODED and (first in "[\"" or not mask & _JSON):
        if ord(first) ^ ord(text[-1]) == _BRACKET_XOR or ord(first) ^ ord(text[-2]) == _BRACKET_XOR:
            mask |= _XORED
    if "%" in text:
        mask |= _PCT
    if "=" in text:
        mask |= _EQ
    if text.startswith(("http://", "https://")) or (first == "/" and "?" in text):
        mask |= _URL
    elif size >= _MIN_LONG and not mask & _JSON:
        mask |= _LONG
    if "eyJ" in text and "." in text:
        mask |= _JWT
    if first == "-" and text.startswith("--"):
        mask |= _MULTIPART
    return mask


def bytes_mask(data: bytes) -> int:
    """Shape bits of a bytes value."""
    if len(data) < 2:
        return 0
    return _BINARY | _MULTIPART if data.startswith(b"--") else _BINARY
