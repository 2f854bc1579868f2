"""Walk a parsed document (JSON, msgpack, CBOR) into one Field per leaf.

Leaves are located like ``[0].properties.$url``; numbers become their text, booleans and nulls
are skipped.

A mapping that says what it describes (``"kind": "user"``, ``"type": "page"``) qualifies its
generic keys with that: ``{"kind": "user", "key": …}`` names the value ``user_key`` (LaunchDarkly's
context), ``{"type": "page", "name": "https://…"}`` ``page`` (a Customer.io page view), as
``{"user": {"key": …}}`` or ``{"page": …}`` would. Locations keep the keys as written.

A mapping that is a name/value pair (``{"key": "email", "value": …}``, ``{"name": "email", "value":
…}``: Optimizely's attributes, OTLP/JSON's ``KeyValue``, HAR-style lists; ``{"trait_key": "email",
"trait_value": …}``: Flagsmith's traits; an event and its one value, ``{"eventName": "search",
"value": …}``) keys its value by that
name, as the protobuf decoder does for ``map`` entries, and a value that is a one-field wrapper of a
scalar (OTLP's ``{"stringValue": …}``) is unwrapped, so detectors see ``"email": …`` either way.
A list of names each followed by a list of values (``[…, "email", ["a@b.test"], "userHint", ["tomas"]]``,
Clarity's custom tags) keys those values by the names the same way.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from phonehome.decoders.base import ENTRY_NAME, PERSON_RECORDS, DecodeContext
from phonehome.decoders.text import to_value
from phonehome.model import Field

ROOT = "."
"""Location of a document that is itself a scalar."""


def scalar_text(node: Any) -> str | bytes | None:
    """A leaf's value: str as is, numbers as text, bytes as text or bytes; None for the rest."""
    if isinstance(node, str):
        return node
    if isinstance(node, bool) or node is None:
        return None
    if isinstance(node, int | float):
        return repr(node)
    if isinstance(node, bytes | bytearray | memoryview):
        return to_value(bytes(node))
    return None


Frame = tuple[Any, str, tuple[str, ...], "str | None", int]
"""A node still to visit: the node, its location, the keys above it, its key, its nesting level."""

_CONTAINERS = (dict, list)

RECORD_KINDS: dict[str, dict[str, str]] = {
    **{kind: {"id": f"{kind}_id", "key": f"{kind}_key"} for kind in PERSON_RECORDS},
    **{kind: {"id": f"{kind}_id", "key": f"{kind}_key", "name": kind} for kind in ("page", "screen")},
}
"""Values of a mapping's ``kind`` or ``type`` naming what it describes → how it renames its generic keys.

A page's ``name`` names the page itself; a person's or device's ``name`` is not renamed (a display
name is no account id)."""


def _record(node: dict[Any, Any]) -> dict[str, str] | None:
    """How ``node`` renames its generic keys, when its ``kind`` or ``type`` says what it describes."""
    kind = node.get("kind", node.get("type"))
    if type(kind) is not str or len(kind) > 16:
        return None
    return RECORD_KINDS.get(kind.lower())


_PAIR_MAX_KEYS = 6
"""At most this many fields that say something: fields left empty (``null``, ``[]``, ``{}``, ``""``) do not
count, since SDKs serialise their unset options (statsig-node's events carry ``"metadata": null,
"secondaryExposures": [], "statsigMetadata": {}``)."""
_EMPTY: tuple[Any, ...] = (None, "", [], {})
_VALUE_NAMERS = ("key", "name", "eventName", "event_name", "event")
"""Fields whose text names a sibling ``value``: a pair's name, or the event the value belongs to
(``{"eventName": "search", "value": "red shoes"}``: Statsig's events, where the value is the term)."""
_NAME_SUFFIXES = ("key", "Key", "name", "Name", "_key", "_name")


def _pair(node: dict[Any, Any]) -> tuple[str, str] | None:
    """``(name, value field)`` when ``node`` is a name/value pair, else None.

    ``{"key": "email", "value": …}`` or ``{"name": …, "value": …}``, or the two fields sharing a
    prefix: ``{"trait_key": "email", "trait_value": …}`` (Flagsmith's traits), ``attributeName`` /
    ``attributeValue``.
    """
    if len(node) > _PAIR_MAX_KEYS and sum(v not in _EMPTY for v in node.values()) > _PAIR_MAX_KEYS:
        return None
    if "value" in node:
        name = next((node[n] for n in _VALUE_NAMERS if n in node), None)
        field = "value"
    else:
        name = field = None
        for text in node:
            if type(text) is str and len(text) > 5 and text[-5:] in ("value", "Value"):
                stem = text[:-5]
                name = next((node[stem + s] for s in _NAME_SUFFIXES if stem + s in node), None)
                if name is not None:
                    field = text
                    break
    if type(name) is not str or field is None or ENTRY_NAME.fullmatch(name) is None:
        return None
    return name, field


_MIN_NAMED_LISTS = 2


def _named_lists(node: list[Any]) -> dict[int, str] | None:
    """``{index: name}`` when ``node`` carries name/value-list pairs flat, else None.

    ``[t, 34, "email", ["a@b.test"], "userHint", ["tomas"]]`` (Clarity's custom tags and identity):
    a list ending in a name followed by a list, with at least two such pairs, keys each value list by
    the name before it. Checked only for lists ending that way (one look at the last two items).
    """
    if len(node) < 2 * _MIN_NAMED_LISTS or type(node[-1]) is not list or type(node[-2]) is not str:
        return None
    named = {index + 1: name for index, name in enumerate(node[:-1])
             if type(name) is str and type(node[index + 1]) is list and ENTRY_NAME.fullmatch(name)}
    return named if len(named) >= _MIN_NAMED_LISTS else None


def _unwrapped(child: Any) -> tuple[str, Any] | None:
    """``(field, scalar)`` when ``child`` is a one-field wrapper of a scalar (``{"stringValue": "x"}``)."""
    if type(child) is not dict or len(child) != 1:
        return None
    (field, inner), = child.items()
    if type(field) is not str or not field.lower().endswith("value") or isinstance(inner, _CONTAINERS):
        return None
    return field, inner


def walk(doc: Any, parent: Field, fmt: str, ctx: DecodeContext) -> Iterator[Field]:
    """Yield a Field per leaf of ``doc`` with path step ``fmt`` then the location inside it.

    ``key`` is the innermost mapping key (the enclosing key for array elements), ``keys`` adds every
    mapping key on the way. Nesting beyond ``max_nesting`` is recorded and not descended.
    """
    limit = ctx.limits.max_nesting
    stack: list[Frame] = [(doc, "", (), parent.key, 0)]
    pop, push = stack.pop, stack.append
    warned = False
    prefix, base_keys, depth = (*parent.path, fmt), parent.keys, parent.depth + 1
    while stack:
        node, loc, keys, key, level = pop()
        kind = type(node)
        if kind is str:
            if node:
                yield Field(node, (*prefix, loc or ROOT), key, base_keys + keys, depth)
        elif kind is dict or kind is list or isinstance(node, Mapping | list | tuple):
            if level >= limit:
                if not warned:
                    ctx.hit(f"max_nesting ({limit} levels)", prefix)
                    warned = True
                continue
            level += 1
            # Children are pushed last first, so the stack pops them in document order.
            if kind is dict or isinstance(node, Mapping):
                items = reversed(node.items()) if kind is dict else reversed(list(node.items()))
                record = _record(node) if kind is dict else None
                pair = _pair(node) if kind is dict else None
                for name, child in items:
                    text = name if type(name) is str else str(scalar_text(name) or name)
                    named = text if record is None else record.get(text, text)
                    where = f"{loc}.{text}" if loc else text
                    if pair is not None and text == pair[1]:
                        named = pair[0]
                        if (wrapped := _unwrapped(child)) is not None:
                            where, child = f"{where}.{wrapped[0]}", wrapped[1]
                    push((child, where, (*keys, named), named, level))
            else:
                named_lists = _named_lists(node) if kind is list else None
                for index in range(len(node) - 1, -1, -1):
                    name = named_lists.get(index) if named_lists else None
                    if name is None:
                        push((node[index], f"{loc}[{index}]", keys, key, level))
                    else:
                        push((node[index], f"{loc}[{index}]", (*keys, name), name, level))
        else:
            value = scalar_text(node)
            if value:
                yield Field(value, (*prefix, loc or ROOT), key, base_keys + keys, depth)
