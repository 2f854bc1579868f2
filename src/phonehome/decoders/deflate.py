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


def head(data: bytes) -> tuple[bytes, bool] | None:
    """Cheap probe: the first output of ``data`` as raw deflate and whether it is the whole stream.

    None when it errors at once, or when only a part was probed and it is too short to judge.
    """
    if len(data) < _MIN:
        return None
    probe = inflates_cleanly(data, RAW_WBITS)
    if probe is None:
        return None
    out, whole = probe
    if not whole and (len(out) < _MIN_PREFIX or len(data) <= _PROBE_SIZE):
        return None
    return out, whole


class DeflateDecoder:
    """Raw deflate, as some SDKs send it and as HTTP ``deflate`` is often (wrongly) sent."""

    name: ClassVar[str] = "deflate"
    tags: ClassVar[frozenset[str]] = frozenset({BINARY})

    def decode(self, field: Field, ctx: DecodeContext) -> Iterable[Field] | None:
        """Inflate an unknown binary that turns out to be raw deflate."""
        data = field.value
        if not isinstance(data, bytes) or magic_name(data) is not None:
            return None
        probe = head(data)
        if probe is None or not probe[1] and not looks_decoded(probe[0], prefix=True):
            return None
        out = inflate_raw(data, ctx, field.path)
        if out is None or not ctx.plausible(out):
            return None
        return [derive(field, to_value(out), (self.name,))]
