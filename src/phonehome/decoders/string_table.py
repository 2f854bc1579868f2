"""Documents that keep every string once in a table and refer to it by index elsewhere.

Datadog's trace API v0.5 (``/v0.5/traces``, the default of ddtrace and the other dd-trace
libraries) sends ``[strings, traces]``: ``strings[0]`` is ``""``, each trace is a list of spans and
each span a 12-item array whose text fields (service, name, resource, type, and the keys and values
of ``meta``, the keys of ``metrics``) are indexes into ``strings``. Left as is, a tag such as
``usr.email`` sits in the table apart from its value and the detectors see neither as a key.

``resolve`` turns such a document into what the same data looks like without the table: every
record a map of its named fields with the strings put back (Datadog's v0.4 payload, a list of traces
of span maps). A layout is data: the record's field names and which of them hold string indexes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class RecordLayout:
    """How the records of one table-indexed format are laid out."""

    name: str
    """What the format is (for reading the code; the decode path says ``msgpack``)."""
    fields: tuple[str, ...]
    """Field names, in the order of the record's items."""
    strings: frozenset[str]
    """Fields holding one string index."""
    string_maps: frozenset[str]
    """Fields holding a map from string index to string index."""
    keyed_maps: frozenset[str]
    """Fields holding a map from string index to a number."""


DATADOG_SPAN_V05 = RecordLayout(
    name="Datadog trace API v0.5 span",
    fields=("service", "name", "resource", "trace_id", "span_id", "parent_id", "start", "duration",
            "error", "meta", "metrics", "type"),
    strings=frozenset({"service", "name", "resource", "type"}),
    string_maps=frozenset({"meta"}),
    keyed_maps=frozenset({"metrics"}),
)

LAYOUTS: tuple[RecordLayout, ...] = (DATADOG_SPAN_V05,)
"""Every known layout; a document is resolved by the first whose records all fit."""


class _Misfit(Exception):
    """A record does not fit the layout."""


def _string(table: list[str], index: Any) -> str:
    if type(index) is not int or not 0 <= index < len(table):
        raise _Misfit
    return table[index]


def _record(item: Any, layout: RecordLayout, table: list[str]) -> dict[str, Any]:
    if not isinstance(item, list) or len(item) != len(layout.fields):
        raise _Misfit
    out: dict[str, Any] = {}
    for name, value in zip(layout.fields, item, strict=True):
        if name in layout.strings:
            out[name] = _string(table, value)
        elif name in layout.string_maps or name in layout.keyed_maps:
            if not isinstance(value, Mapping):
                raise _Misfit
            resolve_value = name in layout.string_maps
            out[name] = {_string(table, k): _string(table, v) if resolve_value else v for k, v in value.items()}
        else:
            out[name] = value
    return out


def _table(doc: Any) -> list[str] | None:
    if not isinstance(doc, list) or len(doc) != 2 or not isinstance(doc[0], list) or len(doc[0]) < 2:
        return None
    table = doc[0]
    return table if table[0] == "" and all(type(s) is str for s in table) else None


def resolve(doc: Any) -> Any | None:
    """``doc`` with its strings put back, when it is ``[table, [[record, …], …]]`` of a known layout."""
    table = _table(doc)
    if table is None or not isinstance(doc[1], list) or not doc[1]:
        return None
    groups = doc[1]
    for layout in LAYOUTS:
        try:
            return [[_record(item, layout, table) for item in _list(group)] for group in groups]
        except _Misfit:
            continue
    return None


def _list(group: Any) -> list[Any]:
    if not isinstance(group, list):
        raise _Misfit
    return group
