"""When bytes are text: the one rule every decoder uses to turn its output into ``str`` or keep ``bytes``."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SHORT_TEXT = re.compile(r"[A-Za-z0-9 _.,:;@/=&+-]+|[{\[].*[}\]]", re.DOTALL)
_LONG = 24


def as_text(data: bytes) -> str | None:
    """Return ``data`` as str when it is UTF-8 without control characters (tab, CR, LF allowed)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if _CONTROL.search(text):
        return None
    return text


def as_text_prefix(data: bytes) -> str | None:
    """Like ``as_text`` for a prefix of a stream, which may end inside a multi-byte character."""
    for cut in range(min(4, len(data))):
        text = as_text(data[: len(data) - cut])
        if text is not None:
            return text
    return None


def to_value(data: bytes) -> str | bytes:
    """Text as str, anything else as bytes: the value of a decoded Field."""
    text = as_text(data)
    return data if text is None else text


def is_meaningful(text: str) -> bool:
    """True when ``text`` reads as text rather than random bytes that happen to be printable.

    Long text passes (random bytes are almost never 24 printable characters in a row); short text
    must be words, digits and common punctuation (or bracketed), or, when not ASCII, at least eight
    characters, mostly letters.
    """
    if len(text) < 3:
        return False
    if len(text) >= _LONG:
        return True
    if text.isascii():
        return _SHORT_TEXT.fullmatch(text) is not None
    if len(text) < 8:
        return False
    letters = sum(1 for char in text if char.isalpha() or char.isspace())
    return letters * 2 >= len(text)


def meaningful_text(data: bytes) -> str | None:
    """``data`` as str when it is text and reads as text (see ``is_meaningful``), else None."""
    text = as_text(data)
    if text is None or not is_meaningful(text):
        return None
    return text
