"""application/x-www-form-urlencoded: ``name=value&…`` into one field per value (``form:NAME``)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import ClassVar
from urllib.parse import unquote, unquote_to_bytes

from phonehome.decoders.base import EQ, DecodeContext, derive
from phonehome.decoders.shape import is_base64_text
from phonehome.decoders.text import to_value
from phonehome.model import Field

_NAME = r"[A-Za-z0-9_.\[\]%$*~!:@-]+"
_FIRST_PAIR = re.compile(rf"{_NAME}=[^&\s]*")
_PAIR = re.compile(rf"(?:{_NAME}(?:=[^&\s]*)?)?")
_SPACE = re.compile(r"\s")
_CHECKED = 1000


def _parts(text: str) -> Iterator[str]:
    """The ``&``-separated parts, one at a time (a hostile body may hold millions)."""
    start = 0
    while True:
        end = text.find("&", start)
        if end < 0:
            yield text[start:]
            return
        yield text[start:end]
        start = end + 1


def pairs(text: str) -> Iterator[tuple[str, str | bytes]]:
    """The ``(name, value)`` pairs of a query or form string, ``+`` and %-escapes undone; empty skipped."""
    for part in _parts(text):
        name, sep, raw = part.partition("=")
        if not sep or not raw or not name:
            continue
        name = unquote(name.replace("+", " "))
        if "%" in raw or "+" in raw:
            yield name, to_value(unquote_to_bytes(raw.replace("+", " ")))
        else:
            yield name, raw


def is_form(text: str) -> bool:
    """True when ``text`` is form-encoded (the first thousand pairs are checked).

    ``name=value`` pairs joined by ``&``, names plain tokens, no spaces anywhere; not a base64
    value whose padding looks like ``=``.
    """
    if "=" not in text or _SPACE.search(text) or is_base64_text(text):
        return False
    parts = text.split("&", _CHECKED)
    if _FIRST_PAIR.fullmatch(parts[0]) is None:
        return False
    return all(_PAIR.fullmatch(part) for part in parts[1:_CHECKED])


def _is_cookie_header(field: Field) -> bool:
    """A Cookie header is split by the cookie decoder, never as a form."""
    return field.depth == 0 and field.path[0].lower() == "header:cookie"


class FormDecoder:
    """Form-encoded bodies and values."""

    name: ClassVar[str] = "form"
    tags: ClassVar[frozenset[str]] = frozenset({EQ})

    def decode(self, field: Field, ctx: DecodeContext) -> Iterable[Field] | None:
        """Split a form-encoded value into its fields."""
        text = field.value
        if not isinstance(text, str) or not is_form(text) or _is_cookie_header(field):
            return None
        return [derive(field, value, (f"form:{name}",), name, (name,)) for name, value in pairs(text)]
