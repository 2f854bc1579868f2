"""Walk a parsed document (JSON, msgpack, CBOR) into one Field per leaf.

Leaves are located like ``[0].properties.$url``; numbers become their text, booleans and nulls
are skipped.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from phonehome.decoders.base import DecodeContext
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


def walk(doc: Any, parent: Field, fmt: str, ctx: DecodeContext) -> Iterator[Field]:
    """Yield a Field per leaf of ``doc`` with path step ``fmt`` then the location inside it.

    ``key`` is the innermost mapping key (the enclosing key for array elements), ``keys`` adds every
    mapping key on the way. Nesting beyond ``max_nesting`` is recorded and not descended.
    """
    limit = ctx.limits.max_nesting
    stack: list[Frame] = [(doc, "", (), parent.key, 0)]
    warned = False
    path, base_keys, depth = parent.path, parent.keys, parent.depth + 1
    while stack:
        node, loc, keys, key, level = stack.pop()
        kind = type(node)
        if kind is str:
            if node:
                yield Field(node, (*path, fmt, loc or ROOT), key, base_keys + keys, depth)
        elif kind in _CONTAINERS or isinstance(node, Mapping | list | tuple):
            if level < limit:
                stack.extend(_children(node, loc, keys, key, level + 1))
            elif not warned:
                ctx.hit(f"max_nesting ({limit} levels)", (*parent.path, fmt))
                warned = True
        else:
            value = scalar_text(node)
            if value:
                yield Field(value, (*path, fmt, loc or ROOT), key, base_keys + keys, depth)


def _children(
    node: Mapping[Any, Any] | list[Any] | tuple[Any, ...],
    loc: str,
    keys: tuple[str, ...],
    key: str | None,
    level: int,
) -> list[Frame]:
    """The children of a container, last first (the stack pops them in document order)."""
    if isinstance(node, Mapping):
        frames: list[Frame] = []
        for name, child in node.items():
            text = name if type(name) is str else str(scalar_text(name) or name)
            frames.append((child, f"{loc}.{text}" if loc else text, (*keys, text), text, level))
        frames.reverse()
        return frames
    return [(child, f"{loc}[{index}]", keys, key, level) for index, child in reversed(list(enumerate(node)))]
