"""Is a byte string the product of a real decoding? Text, a known signature, or a protobuf message.

Decoders without a signature of their own (brotli, raw deflate, AES) accept their output only when
it passes this test, so noise is never reported as decoded.
"""

from __future__ import annotations

from phonehome.decoders.inflate import zlib_complete
from phonehome.decoders.magic import magic_name
from phonehome.decoders.protobuf import is_plausible_message
from phonehome.decoders.text import as_text_prefix, is_meaningful, meaningful_text


def looks_decoded(data: bytes, prefix: bool = False) -> bool:
    """True when ``data`` is meaningful text, starts with a known signature, or is a protobuf message.

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
    return not prefix and is_plausible_message(data)
