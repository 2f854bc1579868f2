"""The request Cookie header: one field per cookie (``cookie:NAME``), %-escapes undone."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import ClassVar
from urllib.parse import unquote_to_bytes

from phonehome.decoders.base import COOKIE, DecodeContext, derive
from phonehome.decoders.text import to_value
from phonehome.model import Field


def cookies(header: str) -> Iterator[tuple[str, str | bytes]]:
    """The ``(name, value)`` pairs of a Cookie header; quotes and %-escapes undone, empty skipped."""
    for part in header.split(";"):
        name, sep, value = part.strip().partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1]
        if not sep or not name or not value:
            continue
        yield name, to_value(unquote_to_bytes(value)) if "%" in value else value


class CookieDecoder:
    """Cookies of a request Cookie header."""

    name: ClassVar[str] = "cookie"
    tags: ClassVar[frozenset[str]] = frozenset({COOKIE})

    def decode(self, field: Field, ctx: DecodeContext) -> Iterable[Field] | None:
        """Split the header into cookies."""
        if not isinstance(field.value, str):
            return None
        pairs = cookies(field.value)
        return [derive(field, value, (f"cookie:{name}",), name, (name,)) for name, value in pairs]
