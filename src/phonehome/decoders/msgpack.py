"""MessagePack documents (a map or array at the top), walked into leaves like JSON.

A document that keeps its strings in a table (Datadog's trace API v0.5) is resolved first
(``string_table``), so its values are walked under their own keys.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

import msgpack

from phonehome.decoders.base import BINARY, DecodeContext
from phonehome.decoders.string_table import resolve
from phonehome.decoders.tree import walk
from phonehome.model import Field

_MAPS = frozenset(range(0x81, 0x90)) | {0xDE, 0xDF}
_ARRAYS = frozenset(range(0x91, 0xA0)) | {0xDC, 0xDD}
_STR = frozenset(range(0xA0, 0xC0)) | {0xD9, 0xDA, 0xDB}
_ITEM = _STR | _MAPS | _ARRAYS | {0x80, 0x90}


_NESTED_ARRAYS = 8
"""How deep arrays of arrays are looked into for a map or text (bounded: hostile input nests deep)."""


def structured(doc: Any, depth: int = 0) -> bool:
    """A document worth reporting: a non-empty map with text keys, or an array holding maps or text.

    Arrays of such arrays count too (a list of traces, each a list of span maps), ``depth`` bounded.
    """
    if isinstance(doc, Mapping):
        return bool(doc) and all(isinstance(key, str) and key for key in doc)
    if isinstance(doc, list | tuple) and depth <= _NESTED_ARRAYS:
        return any(
            isinstance(item, Mapping | str) or (isinstance(item, list | tuple) and structured(item, depth + 1))
            for item in doc
        ) and all(not isinstance(item, Mapping) or structured(item) for item in doc)
    return False


def _may_start(data: bytes) -> bool:
    """A map whose first key is text, or an array whose first item is text or a container."""
    first = data[0]
    if first in _MAPS:
        at, allowed = (1 if first < 0x90 else (3 if first == 0xDE else 5)), _STR
    elif first in _ARRAYS:
        at, allowed = (1 if first < 0xA0 else (3 if first == 0xDC else 5)), _ITEM
    else:
        return False
    return at < len(data) and data[at] in allowed


def unpack(data: bytes) -> Any | None:
    """The document ``data`` holds exactly, when it is structured MessagePack; else None."""
    if len(data) < 3 or not _may_start(data):
        return None
    try:
        doc = msgpack.unpackb(data, raw=False, strict_map_key=False)
    except Exception:  # noqa: BLE001 - msgpack raises many types on bad input
        return None
    doc = resolve(doc) or doc
    return doc if structured(doc) else None


class MsgpackDecoder:
    """MessagePack maps and arrays."""

    name: ClassVar[str] = "msgpack"
    tags: ClassVar[frozenset[str]] = frozenset({BINARY})

    def decode(self, field: Field, ctx: DecodeContext) -> Iterable[Field] | None:
        """Unpack the field and yield its leaves."""
        data = field.value
        if not isinstance(data, bytes):
            return None
        doc = unpack(data)
        return None if doc is None else walk(doc, field, self.name, ctx)
