"""JSON documents in sequence: one per line (NDJSON, JSON Lines) or written back to back.

Back to back is how a Splunk HTTP Event Collector batch travels (``{"event": …}{"event": …}``, no
separator), and how loggers that pretty-print each record write them. Each document becomes one
field, then parsed as JSON.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import ClassVar

import orjson

from phonehome.decoders.base import JSON, DecodeContext, derive
from phonehome.decoders.sentry import is_envelope
from phonehome.model import Field

MAX_DOCUMENTS = 10_000
"""More documents than this in one value are not split (the value is still searched as text)."""

_BETWEEN = " \t\r\n"
_FOLLOWS = ("}{", "} {", "}\n{", "}\r\n{", "][", "] [", "]\n[")
"""A document closing right where the next one opens: never in one JSON document, outside strings
(substring tests: memchr-fast on every JSON value, where a regex search would walk each one)."""
_RAW_DECODE = json.JSONDecoder().raw_decode


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


def _back_to_back(text: str) -> list[str] | None:
    """Two or more objects or arrays written one after another, whitespace between; else None."""
    out: list[str] = []
    at, end = 0, len(text)
    while True:
        while at < end and text[at] in _BETWEEN:
            at += 1
        if at == end:
            return out if len(out) >= 2 else None
        if text[at] not in "{[" or len(out) >= MAX_DOCUMENTS:
            return None
        try:
            _, stop = _RAW_DECODE(text, at)
        except ValueError:
            return None
        out.append(text[at:stop])
        at = stop


def _documents(text: str) -> list[str] | None:
    lines = _lines(text) if "\n" in text.strip() else None
    if lines is not None or text.lstrip()[:1] not in ("{", "[") or not any(sep in text for sep in _FOLLOWS):
        return lines
    return _back_to_back(text)  # one document reads as one, and is left to the JSON decoder


class NdjsonDecoder:
    """Several JSON documents, one per line or back to back (Sentry envelopes have their own decoder)."""

    name: ClassVar[str] = "ndjson"
    tags: ClassVar[frozenset[str]] = frozenset({JSON})

    def decode(self, field: Field, ctx: DecodeContext) -> Iterable[Field] | None:
        """Split the value into its JSON documents."""
        text = field.value
        if not isinstance(text, str) or text is ctx.one_document:
            return None  # one JSON document: neither lines nor documents back to back
        documents = _documents(text)
        if documents is None or is_envelope(text.encode("utf-8")):
            return None
        return [derive(field, doc, (self.name, f"[{index}]")) for index, doc in enumerate(documents)]
