"""Zstandard frames, found by their magic number; decompressed through a bounded stream reader."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

import zstandard

from phonehome.decoders.base import BINARY, DecodeContext, derive
from phonehome.decoders.magic import ZSTD
from phonehome.decoders.text import to_value
from phonehome.model import Field

_MAX_WINDOW = 1 << 24
_CHUNK = 1 << 16


def unzstd(data: bytes, ctx: DecodeContext, path: tuple[str, ...]) -> bytes | None:
    """Decompress zstd frames within the limits (window <= 16 MiB); None when not zstd."""
    cap, limit = ctx.output_cap(len(data))
    decompressor = zstandard.ZstdDecompressor(max_window_size=_MAX_WINDOW)
    parts: list[bytes] = []
    size = 0
    try:
        with decompressor.stream_reader(data, read_across_frames=True) as reader:
            while size <= cap:
                chunk = reader.read(min(_CHUNK, cap + 1 - size))
                if not chunk:
                    break
                parts.append(chunk)
                size += len(chunk)
    except zstandard.ZstdError:
        if not size:
            return None
    if size > cap:
        ctx.hit(limit, path)
        return None
    return b"".join(parts) if size else None


class ZstdDecoder:
    """zstd: ``28 b5 2f fd`` frames."""

    name: ClassVar[str] = "zstd"
    tags: ClassVar[frozenset[str]] = frozenset({BINARY})

    def decode(self, field: Field, ctx: DecodeContext) -> Iterable[Field] | None:
        """Decompress a zstd field."""
        data = field.value
        if not isinstance(data, bytes) or not data.startswith(ZSTD):
            return None
        out = unzstd(data, ctx, field.path)
        return None if out is None else [derive(field, to_value(out), (self.name,))]
