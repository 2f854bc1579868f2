"""URLs: query parameters (``query:NAME``), fragment parameters, and path segments that carry data."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import ClassVar
from urllib.parse import unquote, urlsplit

from phonehome.decoders.base import B64, EQ, HEX, JSON, JWT, PCT, URL, DecodeContext, derive
from phonehome.decoders.form import pairs
from phonehome.decoders.shape import mask_of, str_mask
from phonehome.model import Field

_DATA = mask_of(frozenset({JSON, HEX, PCT, EQ, JWT}))
_BASE64 = mask_of(frozenset({B64}))
_MIXED = re.compile(r"(?=.*[A-Z])(?=.*[a-z]).{12}")


def _carries_data(segment: str) -> bool:
    """True for a path segment worth decoding: encoded-looking, and for base64 mixed case.

    Base64 segments need 12+ characters with upper and lower case letters: slugs are lower case.
    """
    mask = str_mask(segment)
    return bool(mask & _DATA or mask & _BASE64 and _MIXED.match(segment))


class UrlDecoder:
    """An absolute URL (or a path with a query) split into the values it carries."""

    name: ClassVar[str] = "url"
    tags: ClassVar[frozenset[str]] = frozenset({URL})

    def decode(self, field: Field, ctx: DecodeContext) -> Iterable[Field] | None:
        """Yield query and fragment parameters, and encoded path segments."""
        text = field.value
        if not isinstance(text, str):
            return None
        try:
            parts = urlsplit(text)
        except ValueError:
            return None
        return self._fields(field, parts.path, parts.query, parts.fragment)

    def _fields(self, field: Field, path: str, query: str, fragment: str) -> Iterator[Field]:
        for index, segment in enumerate(s for s in path.split("/") if s):
            text = unquote(segment)
            if _carries_data(text):
                yield derive(field, text, (f"path:{index}",))
        for name, value in pairs(query):
            yield derive(field, value, (f"query:{name}",), name, (name,))
        if "=" in fragment:
            for name, value in pairs(fragment):
                yield derive(field, value, (f"fragment:{name}",), name, (name,))
