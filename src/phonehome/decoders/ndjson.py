"""Newline-delimited JSON (NDJSON, JSON Lines): one field per line, then parsed as JSON."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

import orjson

from phonehome.decoders.base import JSON, DecodeContext, derive
from phonehome.decoders.sentry import is_envelope
from phonehome.model import Field


def _lines(text: str) -> list[str] | None:
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    if len(lines) < 2 or not all(line[0] in "{[" for line in lines):
        return None
    try:
        for line in lines:
            orjson.loads(line)
    except orjson.JSONDecodeError:
        return None
    return lines


class NdjsonDecoder:
    """Several JSON documents, one per line (Sentry envelopes have their own decoder)."""

    name: ClassVar[str] = "ndjson"
    tags: ClassVar[frozenset[str]] = frozenset({JSON})

    def decode(self, field: Field, ctx: DecodeContext) -> Iterable[Field] | None:
        """Split the value into its JSON lines."""
        text = field.value
        if not isinstance(text, str) or "\n" not in text.strip():
            return None
        lines = _lines(text)
        if lines is None or is_envelope(text.encode("utf-8")):
            return None
        return [derive(field, line, (self.name, f"[{index}]")) for index, line in enumerate(lines)]
