"""Would a decoded byte string mean something? The test base64 and hex outputs must pass.

It keeps random IDs, hashes and tokens from being "decoded" into noise.

Plausible: meaningful text, a known signature, a protobuf message (``recognise.looks_decoded``),
or a stream that brotli or raw deflate turn into one of those.
"""

from __future__ import annotations

from phonehome.decoders import brotli, deflate
from phonehome.decoders.base import DecodeContext
from phonehome.decoders.recognise import looks_decoded


def plausible(data: bytes, ctx: DecodeContext) -> bool:
    """True when ``data`` is recognisable as is or after one signature-less decoding."""
    if looks_decoded(data):
        return True
    return brotli.probe(data) or deflate.probe_raw(data)
