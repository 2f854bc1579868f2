"""CBOR documents (RFC 8949; a map or array at the top, optionally tagged), walked into leaves."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any, ClassVar

import cbor2

from phonehome.decoders.base import BINARY, DecodeContext
from phonehome.decoders.msgpack import structured
from phonehome.decoders.tree import walk
from phonehome.model import Field

_TEXT = frozenset(range(0x60, 0x7C)) | {0x7F}
_CONTAINER = frozenset(range(0x80, 0x9C)) | frozenset(range(0xA0, 0xBC)) | {0x9F, 0xBF}
_SELF_DESCRIBED = b"\xd9\xd9\xf7"


def _untag(*args: Any) -> Any:
    """Unwrap a semantic tag (cbor2 5 calls ``hook(decoder, tag)``, cbor2 6 ``hook(tag, immutable)``)."""
    return next(arg for arg in args if isinstance(arg, cbor2.CBORTag)).value


def _may_start(data: bytes) -> bool:
    """A self-described document, a map whose first key is text, or an array of text or containers."""
    if data.startswith(_SELF_DESCRIBED):
        return True
    first, second = data[0], data[1]
    if 0xA1 <= first <= 0xB7 or first == 0xBF:
        return second in _TEXT
    if 0x81 <= first <= 0x97 or first == 0x9F:
        return second in _TEXT or second in _CONTAINER
    return False


def load(data: bytes) -> Any | None:
    """The document ``data`` holds exactly, when it is structured CBOR; else None."""
    if len(data) < 3 or not _may_start(data):
        return None
    stream = io.BytesIO(data)
    try:
        doc = cbor2.CBORDecoder(stream, tag_hook=_untag).decode()
    except Exception:  # noqa: BLE001 - cbor2 raises many types on bad input
        return None
    if stream.tell() != len(data):
        return None
    return doc if structured(doc) else None


class CborDecoder:
    """CBOR maps and arrays; semantic tags are unwrapped."""

    name: ClassVar[str] = "cbor"
    tags: ClassVar[frozenset[str]] = frozenset({BINARY})

    def decode(self, field: Field, ctx: DecodeContext) -> Iterable[Field] | None:
        """Load the field and yield its leaves."""
        data = field.value
        if not isinstance(data, bytes):
            return None
        doc = load(data)
        return None if doc is None else walk(doc, field, self.name, ctx)
