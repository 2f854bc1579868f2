"""Raw deflate (RFC 1951), tried on unknown binaries.

It has no signature: a field is kept only when the whole stream inflates into something
recognisable.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from phonehome.decoders.base import BINARY, DecodeContext, derive
from phonehome.decoders.inflate import RAW_WBITS, inflate, inflates_cleanly
from phonehome.decoders.magic import magic_name
from phonehome.decoders.recognise import looks_decoded
from phonehome.decoders.text import to_value
from phonehome.model import Field

_MIN = 4
_MIN_PREFIX = 16
_PROBE_SIZE = 256


def inflate_raw(data: bytes, ctx: DecodeContext, path: tuple[str, ...]) -> bytes | None:
    """Inflate a complete raw deflate stream within the limits; None when it is not one."""
    return inflate(data, RAW_WBITS, ctx, path, whole=True)


def probe_raw(data: bytes) -> bool:
    """Cheap test: True when the start of ``data`` inflates as raw deflate into something recognisable."""
    if len(data) < _MIN:
        return False
    probe = inflates_cleanly(data, RAW_WBITS)
    if probe is None:
        return False
    head, whole = probe
    if whole:
        return looks_decoded(head)
    return len(head) >= _MIN_PREFIX and len(data) > _PROBE_SIZE and looks_decoded(head, prefix=True)


class DeflateDecoder:
    """Raw deflate, as some SDKs send it and as HTTP ``deflate`` is often (wrongly) sent."""

    name: ClassVar[str] = "deflate"
    tags: ClassVar[frozenset[str]] = frozenset({BINARY})

    def decode(self, field: Field, ctx: DecodeContext) -> Iterable[Field] | None:
        """Inflate an unknown binary that turns out to be raw deflate."""
        data = field.value
        if not isinstance(data, bytes) or magic_name(data) is not None or not probe_raw(data):
            return None
        out = inflate_raw(data, ctx, field.path)
        if out is None or not looks_decoded(out):
            return None
        return [derive(field, to_value(out), (self.name,))]
