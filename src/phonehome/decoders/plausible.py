"""Would a decoded byte string mean something? The test base64 and hex outputs must pass.

It keeps random IDs, hashes and tokens from being "decoded" into noise.

Plausible: meaningful text, a known signature, a protobuf message (``recognise.looks_decoded``),
or a stream that brotli, raw deflate or AES with a user key turn into one of those.
"""

from __future__ import annotations

from phonehome.decoders import aes, brotli, deflate
from phonehome.decoders.base import DecodeContext
from phonehome.decoders.recognise import looks_decoded


def plausible(data: bytes, ctx: DecodeContext) -> bool:
    """True when ``data`` is recognisable as is or after one signature-less decoding."""
    if looks_decoded(data):
        return True
    if brotli.probe(data) or deflate.probe_raw(data):
        return True
    return bool(ctx.keys) and aes.decrypt(data, ctx.keys) is not None
