"""Sentry envelopes: a JSON header line, then items (a JSON item header, then its payload)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, ClassVar

import orjson

from phonehome.decoders.base import BINARY, JSON, DecodeContext, derive
from phonehome.decoders.text import to_value
from phonehome.model import Field


def _json_line(data: bytes, start: int) -> tuple[Any, int]:
    """The JSON object on the line at ``start`` and the start of the next line; raises ValueError."""
    end = data.find(b"\n", start)
    end = len(data) if end < 0 else end
    doc = orjson.loads(data[start:end])
    if not isinstance(doc, dict):
        raise ValueError("not an object")
    return doc, end + 1


def items(data: bytes) -> Iterator[tuple[str, bytes]]:
    """``("header", line)`` then ``(type, payload)`` per item; raises ValueError when malformed."""
    _, pos = _json_line(data, 0)
    yield "header", data[: pos - 1]
    while pos < len(data):
        if data[pos:].strip() == b"":
            return
        head, pos = _json_line(data, pos)
        kind = str(head.get("type", "item"))
        length = head.get("length")
        if isinstance(length, int) and length >= 0:
            payload, pos = data[pos : pos + length], pos + length + 1
        else:
            end = data.find(b"\n", pos)
            end = len(data) if end < 0 else end
            payload, pos = data[pos:end], end + 1
        yield kind, payload


def is_envelope(data: bytes) -> bool:
    """True when ``data`` starts with an envelope header line followed by a typed item header."""
    if not data.startswith(b"{"):
        return False
    try:
        _, pos = _json_line(data, 0)
        head, _ = _json_line(data, pos)
    except ValueError:
        return False
    return "type" in head


class SentryEnvelopeDecoder:
    """One field for the envelope header and one per item payload (``[i].event``, ``[i].attachment``)."""

    name: ClassVar[str] = "sentry"
    tags: ClassVar[frozenset[str]] = frozenset({JSON, BINARY})

    def decode(self, field: Field, ctx: DecodeContext) -> Iterable[Field] | None:
        """Split an envelope into its header and item payloads."""
        value = field.value
        data = value.encode("utf-8") if isinstance(value, str) else value
        if not is_envelope(data):
            return None
        return self._fields(field, data)

    def _fields(self, field: Field, data: bytes) -> Iterator[Field]:
        index = 0
        for kind, payload in items(data):
            if kind == "header":
                yield derive(field, to_value(payload), (self.name, "header"))
                continue
            if payload:
                yield derive(field, to_value(payload), (self.name, f"[{index}].{kind}"))
            index += 1
