"""Bounded inflate for the zlib family (gzip, zlib, raw deflate): bombs stop at the output cap.

Input is fed in slices and output taken at most ``CHUNK`` bytes per call, so decompressing never
holds more than the cap plus one chunk (a one-shot ``decompress(data, cap)`` grows its output in
blocks and then copies them into the result: twice the cap for a bomb).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

from phonehome.decoders.base import DecodeContext

GZIP_WBITS = 31
ZLIB_WBITS = 15
RAW_WBITS = -15
CHUNK = 1 << 16
"""Most input fed, and most output taken, per call into zlib."""
_PROBE = 256
_COMPLETE_MAX = 1 << 24


class _Member:
    """One stream inflated in chunks: iterate for its output; then ``eof`` and ``end`` are known."""

    def __init__(self, data: memoryview, wbits: int) -> None:
        self.data = data
        self.engine = zlib.decompressobj(wbits)
        self.end = len(data)
        """Where the stream ended in ``data`` (its length while not ended)."""

    @property
    def eof(self) -> bool:
        """True when the stream ended (its checksum verified)."""
        return self.engine.eof

    def chunks(self, budget: int) -> Iterator[bytes]:
        """Output chunks of at most ``CHUNK`` bytes, stopping once they pass ``budget`` bytes in all.

        Raises zlib.error when the stream is corrupt.
        """
        engine, data = self.engine, self.data
        made = 0
        for pos in range(0, len(data), CHUNK):
            fed: bytes | memoryview = data[pos : pos + CHUNK]
            while True:
                want = min(CHUNK, budget + 1 - made)
                out = engine.decompress(fed, want)
                made += len(out)
                if out:
                    yield out
                if made > budget:
                    return
                if engine.eof:
                    self.end = min(pos + CHUNK, len(data)) - len(engine.unused_data)
                    return
                fed = engine.unconsumed_tail
                if not fed and len(out) < want:  # a full chunk may leave output pending: ask again
                    break


def inflate(data: bytes, wbits: int, ctx: DecodeContext, path: tuple[str, ...], whole: bool = False) -> bytes | None:
    """Decompress ``data`` (concatenated members too) within ``ctx.output_cap``; None when corrupt.

    A stream cut short still yields what it held (captures truncate bodies) unless ``whole`` asks for
    a complete stream; an output over the cap is recorded as a limit hit and not returned. A
    corrupt member ends the output at the members before it.
    """
    cap, limit = ctx.output_cap(len(data))
    parts: list[bytes] = []
    size = 0
    view = memoryview(data)

    while view:
        member = _Member(view, wbits)
        mark, start = len(parts), size
        try:
            for out in member.chunks(cap - size):
                parts.append(out)
                size += len(out)
                if size > cap:
                    ctx.hit(limit, path)
                    return None
        except zlib.error:
            del parts[mark:]
            size = start
            break
        if not member.eof:
            return None if whole else b"".join(parts)
        rest = view[member.end :]
        if wbits != GZIP_WBITS:
            if whole and rest:
                return None
            break
        view = rest
    return b"".join(parts) if size else None


def inflates_cleanly(data: bytes, wbits: int) -> tuple[bytes, bool] | None:
    """Probe: inflate ``data``'s first bytes; (output, whole stream ended there) or None on error."""
    engine = zlib.decompressobj(wbits)
    try:
        out = engine.decompress(data[:_PROBE], 4 * _PROBE)
    except zlib.error:
        return None
    if not out:
        return None
    return out, engine.eof and not engine.unused_data and len(data) <= _PROBE


def zlib_complete(data: bytes) -> bool:
    """True when ``data`` is one complete zlib stream (its Adler-32 checked), inflated within 16 MiB.

    The output is counted and dropped chunk by chunk, never kept.
    """
    member = _Member(memoryview(data), ZLIB_WBITS)
    try:
        made = sum(len(out) for out in member.chunks(_COMPLETE_MAX))
    except zlib.error:
        return False
    return made <= _COMPLETE_MAX and member.eof and member.end == len(data)
