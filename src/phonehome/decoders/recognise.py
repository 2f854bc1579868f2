"""Is a byte string the product of a real decoding? Text, a signature, or a structured document.

Decoders without a signature of their own (brotli, raw deflate, AES) accept their output only when
it passes this test, so noise is never reported as decoded.
"""

from __future__ import annotations

from phonehome.decoders.cbor import load
from phonehome.decoders.inflate import zlib_complete
from phonehome.decoders.magic import magic_name
from phonehome.decoders.msgpack import unpack
from phonehome.decoders.protobuf import is_plausible_message
from phonehome.decoders.text import as_text_prefix, is_meaningful, meaningful_text
from phonehome.decoders.xor import anchored


def looks_decoded(data: bytes, prefix: bool = False) -> bool:
    """True when ``data`` is meaningful text, has a known signature, or is a structured document.

    Structured: a protobuf message, MessagePack or CBOR, or single-byte XOR of JSON or of a
    compressed stream.

    ``prefix``: ``data`` is only the start of an output (text may be cut mid-character, a message
    mid-field), so protobuf is not judged.
    """
    if len(data) < 2:
        return False
    if prefix:
        text = as_text_prefix(data)
        if text is not None and is_meaningful(text):
            return True
    elif meaningful_text(data) is not None:
        return True
    name = magic_name(data)
    if name == "zlib":
        return not prefix and zlib_complete(data)
    if name is not None:
        return True
    if prefix:
        return False
    return (
        is_plausible_message(data) or anchored(data) is not None or unpack(data) is not None or load(data) is not None
    )
