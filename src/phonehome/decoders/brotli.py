"""Brotli, bounded: undone as Content-Encoding ``br`` and tried on unknown binaries.

Brotli has no signature, so inside fields it is kept only when the output is recognisable.
Decompression is bounded even on brotli 1.1, which has no output limit: input is then fed one
byte at a time (one byte can expand to at most ~16 MiB).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

import brotli

from phonehome.decoders.base import BINARY, DecodeContext, derive
from phonehome.decoders.magic import magic_name
from phonehome.decoders.recognise import looks_decoded
from phonehome.decoders.text import to_value
from phonehome.model import Field

_HAS_LIMIT = "output_buffer_limit" in (brotli.Decompressor.process.__doc__ or "")
_PROBE = 64


def _limited(data: bytes, cap: int) -> tuple[bytes, bool]:
    """Decompress with brotli >= 1.2's output limit: (output, finished)."""
    engine = brotli.Decompressor()
    parts = [engine.process(data, output_buffer_limit=cap + 1)]
    size = len(parts[0])
    while size <= cap and not engine.is_finished() and not engine.can_accept_more_data():
        parts.append(engine.process(b"", output_buffer_limit=cap + 1 - size))
        size += len(parts[-1])
    return b"".join(parts), engine.is_finished()


def _bytewise(data: bytes, cap: int) -> tuple[bytes, bool]:
    """Decompress feeding one byte at a time, stopping once the output passes ``cap``."""
    engine = brotli.Decompressor()
    parts: list[bytes] = []
    size = 0
    view = memoryview(data)
    for pos in range(len(data)):
        out = engine.process(bytes(view[pos : pos + 1]))
        if out:
            parts.append(out)
            size += len(out)
            if size > cap:
                break
    return b"".join(parts), engine.is_finished()


def run(data: bytes, cap: int) -> tuple[bytes, bool]:
    """Decompress up to a little over ``cap`` bytes: (output, finished); raises brotli.error."""
    return _limited(data, cap) if _HAS_LIMIT else _bytewise(data, cap)


def unbrotli(data: bytes, ctx: DecodeContext, path: tuple[str, ...]) -> bytes | None:
    """Decompress a whole brotli stream within the limits; None when it is not one."""
    cap, limit = ctx.output_cap(len(data))
    try:
        out, finished = run(data, cap)
    except brotli.error:
        return None
    if len(out) > cap:
        ctx.hit(limit, path)
        return None
    return out if finished and out else None


def probe(data: bytes) -> bool:
    """Cheap test: True when the start of ``data`` decompresses as brotli into something recognisable."""
    if len(data) < 4 or magic_name(data) is not None:
        return False
    try:
        head, finished = run(data[:_PROBE], 4096)
    except brotli.error:
        return False
    if not head:
        return False
    if len(data) <= _PROBE:
        return finished and looks_decoded(head)
    return looks_decoded(head[:4096], prefix=True)


class BrotliDecoder:
    """Brotli inside a field (an unknown binary that decompresses into something recognisable)."""

    name: ClassVar[str] = "brotli"
    tags: ClassVar[frozenset[str]] = frozenset({BINARY})

    def decode(self, field: Field, ctx: DecodeContext) -> Iterable[Field] | None:
        """Decompress an unknown binary that turns out to be brotli."""
        data = field.value
        if not isinstance(data, bytes) or not probe(data):
            return None
        out = unbrotli(data, ctx, field.path)
        if out is None or not looks_decoded(out):
            return None
        return [derive(field, to_value(out), (self.name,))]
