"""JSON documents, and JSON inside string values (every leaf that looks like JSON is parsed again)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

import orjson

from phonehome.decoders.base import JSON, TEXT, DecodeContext
from phonehome.decoders.shape import BIT, str_mask
from phonehome.decoders.tree import walk
from phonehome.model import Field

_ENCODED = ~BIT[TEXT]


class JsonDecoder:
    """JSON objects and arrays (orjson), and JSON-quoted strings that hold more encoded data."""

    name: ClassVar[str] = "json"
    tags: ClassVar[frozenset[str]] = frozenset({JSON})

    def decode(self, field: Field, ctx: DecodeContext) -> Iterable[Field] | None:
        """Parse the field as JSON and yield its leaves."""
        text = field.value
        if not isinstance(text, str):
            return None
        try:
            doc = orjson.loads(text)
        except orjson.JSONDecodeError as exc:
            if "depth" in str(exc) or "recursion" in str(exc):
                ctx.hit("max_nesting", (*field.path, self.name))
            return None
        ctx.one_document = text
        if isinstance(doc, str) and not str_mask(doc) & _ENCODED:
            return None
        if not isinstance(doc, dict | list | str):
            return None
        return walk(doc, field, self.name, ctx)
