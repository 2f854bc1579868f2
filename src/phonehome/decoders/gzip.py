"""gzip streams, found by their magic bytes inside any field (Content-Encoding is undone by the engine)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from phonehome.decoders.base import BINARY, DecodeContext, derive
from phonehome.decoders.inflate import GZIP_WBITS, inflate
from phonehome.decoders.magic import GZIP
from phonehome.decoders.text import to_value
from phonehome.model import Field


def gunzip(data: bytes, ctx: DecodeContext, path: tuple[str, ...]) -> bytes | None:
    """Decompress a gzip stream within the limits; None when it is not one."""
    return inflate(data, GZIP_WBITS, ctx, path)


class GzipDecoder:
    """gzip: ``1f 8b 08`` then deflate."""

    name: ClassVar[str] = "gzip"
    tags: ClassVar[frozenset[str]] = frozenset({BINARY})

    def decode(self, field: Field, ctx: DecodeContext) -> Iterable[Field] | None:
        """Decompress a gzip field."""
        data = field.value
        if not isinstance(data, bytes) or not data.startswith(GZIP):
            return None
        out = gunzip(data, ctx, field.path)
        return None if out is None else [derive(field, to_value(out), (self.name,))]
