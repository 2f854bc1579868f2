"""Bounded inflate for the zlib family (gzip, zlib, raw deflate): bombs stop at the output cap."""

from __future__ import annotations

import zlib

from phonehome.decoders.base import DecodeContext

GZIP_WBITS = 31
ZLIB_WBITS = 15
RAW_WBITS = -15
_PROBE = 256


def inflate(data: bytes, wbits: int, ctx: DecodeContext, path: tuple[str, ...], whole: bool = False) -> bytes | None:
    """Decompress ``data`` (concatenated members too) within ``ctx.output_cap``; None when corrupt.

    A stream cut short still yields what it held (captures truncate bodies) unless ``whole`` asks for
    a complete stream; an output over the cap is recorded as a limit hit and not returned.
    """
    cap, limit = ctx.output_cap(len(data))
    parts: list[bytes] = []
    size = 0
    rest = data
    while rest:
        engine = zlib.decompressobj(wbits)
        try:
            out = engine.decompress(rest, cap - size + 1)
        except zlib.error:
            break
        size += len(out)
        if size > cap:
            ctx.hit(limit, path)
            return None
        parts.append(out)
        if not engine.eof:
            return None if whole else b"".join(parts)
        if whole and engine.unused_data and wbits != GZIP_WBITS:
            return None
        rest = engine.unused_data if wbits == GZIP_WBITS else b""
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
    """True when ``data`` is one complete zlib stream (its Adler-32 checked), inflated within 16 MiB."""
    engine = zlib.decompressobj(ZLIB_WBITS)
    try:
        engine.decompress(data, 1 << 24)
    except zlib.error:
        return False
    return engine.eof and not engine.unused_data
