"""zlib streams (RFC 1950), found by their two-byte header inside any field."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from phonehome.decoders.base import BINARY, DecodeContext, derive
from phonehome.decoders.inflate import ZLIB_WBITS, inflate
from phonehome.decoders.magic import is_zlib_header
from phonehome.decoders.text import to_value
from phonehome.model import Field


def unzlib(data: bytes, ctx: DecodeContext, path: tuple[str, ...]) -> bytes | None:
    """Decompress a zlib stream within the limits; None when it is not one."""
    return inflate(data, ZLIB_WBITS, ctx, path)


class ZlibDecoder:
    """zlib: a deflate stream behind a header whose check bits make a multiple of 31."""

    name: ClassVar[str] = "zlib"
    tags: ClassVar[frozenset[str]] = frozenset({BINARY})

    def decode(self, field: Field, ctx: DecodeContext) -> Iterable[Field] | None:
        """Decompress a zlib field."""
        data = field.value
        if not isinstance(data, bytes) or not is_zlib_header(data):
            return None
        out = unzlib(data, ctx, field.path)
        return None if out is None else [derive(field, to_value(out), (self.name,))]
