"""Would a decoded byte string mean something? The test base64 and hex outputs must pass.

It keeps random IDs, hashes and tokens from being "decoded" into noise.

Plausible: meaningful text, a known signature, a protobuf message (``recognise.looks_decoded``),
or a stream that brotli, raw deflate or AES with a user key turn into one of those, or a protobuf
message wrapping such a payload.
"""

from __future__ import annotations

from phonehome.decoders import aes, brotli, deflate
from phonehome.decoders.base import DecodeContext
from phonehome.decoders.protobuf import carries_plausible, parse
from phonehome.decoders.recognise import looks_decoded

_MAX_DEPTH = 3


def plausible(data: bytes, ctx: DecodeContext, depth: int = 0) -> bool:
    """True when ``data`` is recognisable as is or after up to three signature-less decodings."""
    if looks_decoded(data):
        return True
    if depth >= _MAX_DEPTH or len(data) < 4:
        return False
    for probe in (brotli.head(data), deflate.head(data)):
        if probe is not None and _head(probe, ctx, depth):
            return True
    fields = parse(data)
    if fields is not None and carries_plausible(fields, lambda part: plausible(part, ctx, depth + 1)):
        return True
    return bool(ctx.keys) and aes.decrypt(data, ctx.keys, lambda plain: plausible(plain, ctx, depth + 1)) is not None


def _head(probe: tuple[bytes, bool], ctx: DecodeContext, depth: int) -> bool:
    out, finished = probe
    return plausible(out, ctx, depth + 1) if finished else looks_decoded(out, prefix=True)
