"""Brotli, bounded: undone as Content-Encoding ``br`` and tried on unknown binaries.

Brotli has no signature, so inside fields it is kept only when the output is recognisable.
Decompression is bounded even on brotli 1.1, which has no output limit: input is then fed a
few bytes at a time (a few bytes can add only a bounded amount of output); on brotli >= 1.2 the
output is taken one chunk per call.
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
_PROBE_OUTPUT = 1 << 16
_PROBE_RATIO = 200
_SLICE = 32
_CHUNK = 1 << 16


def _limited(data: bytes, cap: int) -> tuple[bytearray, bool]:
    """Decompress with brotli >= 1.2's output limit, about one chunk per call: (output, finished).

    The input is given once; empty calls then take the rest of its output until none comes (the
    stream ended, or was cut short). ``can_accept_more_data()`` is no guide: brotli 1.2.1 says
    True while output of the input already given is still pending.
    """
    engine = brotli.Decompressor()
    out = bytearray(engine.process(data, output_buffer_limit=min(_CHUNK, cap + 1)))
    while len(out) <= cap and not engine.is_finished():
        more = engine.process(b"", output_buffer_limit=min(_CHUNK, cap + 1 - len(out)))
        if not more:
            break
        out += more
    return out, engine.is_finished()


def _bytewise(data: bytes, cap: int) -> tuple[bytearray, bool]:
    """Decompress feeding small slices, stopping once the output passes ``cap``.

    A slice of ``_SLICE`` bytes holds at most a few meta-block headers, so one call can add only a
    bounded amount past the cap; output goes into one bytearray (no per-call objects kept), so a
    large ordinary stream costs its output size, not millions of small bytes objects.
    Probes pass a small ``cap`` and so stop early on bombs and large streams.
    """
    engine = brotli.Decompressor()
    out = bytearray()
    for pos in range(0, len(data), _SLICE):
        out += engine.process(data[pos : pos + _SLICE])
        if len(out) > cap:
            break
    return out, engine.is_finished()


def first_metablock(data: bytes) -> tuple[bool, int | None] | None:
    """(is it the last, its uncompressed length) from the stream and first meta-block headers.

    None when the header is invalid, so most random bytes are rejected without decoding; the
    length is None for a metadata block.
    """
    bits = int.from_bytes(data[:8], "little")
    pos = 0

    def take(count: int) -> int:
        nonlocal pos
        value = (bits >> pos) & ((1 << count) - 1)
        pos += count
        return value

    if take(1) and not take(3) and take(3) == 1:
        return None
    last = bool(take(1))
    if last and take(1):
        return True, 0
    size = take(2)
    if size == 3:
        return last, None
    nibbles = 4 + size
    length = take(4 * nibbles)
    if nibbles > 4 and not length >> (4 * (nibbles - 1)):
        return None
    return last, length + 1


def run(data: bytes, cap: int) -> tuple[bytes | bytearray, bool]:
    """Decompress up to a little over ``cap`` bytes: (output, finished); raises brotli.error.

    A stream that is one last meta-block of known length within ``cap`` (what one-shot encoders
    write) is decoded in one call: its output cannot be longer. Otherwise the output grows in one
    bytearray, copied into bytes by the caller only when it is within the cap (a bomb stops at the
    cap plus one call's output, and is never copied).
    """
    if _HAS_LIMIT:
        return _limited(data, cap)
    header = first_metablock(data)
    if header is not None and header[0] and header[1] is not None and header[1] <= cap:
        engine = brotli.Decompressor()
        out = engine.process(data)
        return out, engine.is_finished()
    return _bytewise(data, cap)


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
    return bytes(out) if finished and out else None


def head(data: bytes) -> tuple[bytes, bool] | None:
    """Cheap probe: the first output of ``data`` as brotli and whether the stream ended, or None.

    The first meta-block's header must be valid and its length at most 200 times the input (random
    bytes rarely pass either test, so they cost no decoding).
    """
    if len(data) < 4:
        return None
    header = first_metablock(data)
    if header is None or (header[1] is not None and header[1] > len(data) * _PROBE_RATIO):
        return None
    last, length = header
    try:
        if last and length is not None and length <= _PROBE_OUTPUT:
            out, finished = run(data, _PROBE_OUTPUT)
        else:
            out, finished = _bytewise(data, _PROBE_OUTPUT)
    except brotli.error:
        return None
    return (bytes(out[:_PROBE_OUTPUT]), finished) if out else None


class BrotliDecoder:
    """Brotli inside a field (an unknown binary that decompresses into something recognisable)."""

    name: ClassVar[str] = "brotli"
    tags: ClassVar[frozenset[str]] = frozenset({BINARY})

    def decode(self, field: Field, ctx: DecodeContext) -> Iterable[Field] | None:
        """Decompress an unknown binary that turns out to be brotli."""
        data = field.value
        if not isinstance(data, bytes) or magic_name(data) is not None:
            return None
        probe = head(data)
        if probe is None or not probe[1] and not looks_decoded(probe[0], prefix=True):
            return None
        out = unbrotli(data, ctx, field.path)
        if out is None or not ctx.plausible(out):
            return None
        return [derive(field, to_value(out), (self.name,))]
