"""A bounded, iterative tnetstring parser: the records of a mitmproxy flow file.

It returns exactly what ``mitmproxy.io.tnetstring.loads`` returns for the same bytes (``,`` bytes,
``;`` str, ``#`` int, ``^`` float, ``!`` bool, ``~`` None, ``]`` list, ``}`` dict), but it walks the
value with an explicit stack instead of recursion, reads lengths and slices straight out of the
buffer it is given (no memoryview per node, no copy of the record), and bounds what a corrupt record
can cost: nesting deeper than ``max_depth`` is an error, not a RecursionError, and every length is
checked against the container around it before anything is sliced, so a corrupt length never
allocates more than the record already holds.
"""

from __future__ import annotations

from typing import Any

MAX_DEPTH = 256
"""Deepest nesting accepted. A mitmproxy flow nests six deep; its own recursive parser gives up
(RecursionError) a little under 500 deep."""

_MAX_DIGITS = 12
"""Longest length prefix read (a terabyte); mitmproxy's ``tnetstring.load`` has the same limit."""

_BYTES, _STR, _LIST, _DICT, _INT, _FLOAT, _BOOL, _NULL = b",;]}#^!~"


class TnetstringError(ValueError):
    """The bytes are not one well-formed tnetstring."""


def loads(data: bytes, start: int = 0, end: int | None = None, *, max_depth: int = MAX_DEPTH) -> Any:
    """The value of the one tnetstring that fills ``data[start:end]`` exactly."""
    stop = len(data) if end is None else end
    if not 0 <= start <= stop <= len(data):
        raise TnetstringError("not a tnetstring: bad bounds")
    root: list[Any] = []
    _walk(data, start, stop, root, max_depth)
    if len(root) != 1:
        raise TnetstringError("not a tnetstring: empty" if not root else "not a tnetstring: trailing data")
    return root[0]


def load_tagged(data: bytes, start: int, tag_at: int, *, max_depth: int = MAX_DEPTH) -> Any:
    """The value whose payload is ``data[start:tag_at]`` and whose type tag is ``data[tag_at]``.

    What a file reader uses once it has read a record's length prefix itself.
    """
    if not 0 <= start <= tag_at < len(data):
        raise TnetstringError("not a tnetstring: bad bounds")
    tag = data[tag_at]
    if tag == _LIST or tag == _DICT:
        items: list[Any] = []
        _walk(data, start, tag_at, items, max_depth - 1)
        return items if tag == _LIST else _to_dict(items)
    return _leaf(data, start, tag_at, tag)


def _walk(data: bytes, pos: int, stop: int, items: list[Any], max_depth: int) -> None:
    """Append to ``items`` every value in ``data[pos:stop]``, which they must fill exactly."""
    try:
        _walk_unchecked(data, pos, stop, items, max_depth)
    except TnetstringError:
        raise
    except (ValueError, IndexError):  # int()/float()/decode() of a bad literal, a prefix cut off
        raise TnetstringError("not a tnetstring: invalid literal or length prefix") from None


def _walk_unchecked(data: bytes, pos: int, stop: int, items: list[Any], max_depth: int) -> None:
    find = data.find
    stack: list[tuple[list[Any], int, int]] = []
    kind = _LIST
    while True:
        if pos == stop:  # the current container is complete
            if not stack:
                return
            value: Any = items if kind == _LIST else _to_dict(items)
            pos = stop + 1
            items, stop, kind = stack.pop()
            items.append(value)
            continue
        # The length prefix: one or two digits in almost every node, read without a slice.
        first = data[pos] - 48
        if data[pos + 1] == 58 and 0 <= first <= 9:
            size, begin = first, pos + 2
        else:
            second = data[pos + 1] - 48
            if data[pos + 2] == 58 and 0 < first <= 9 and 0 <= second <= 9:
                size, begin = first * 10 + second, pos + 3
            else:
                colon = find(b":", pos, pos + _MAX_DIGITS + 1)
                if colon < 0:
                    raise TnetstringError("not a tnetstring: missing or invalid length prefix")
                size, begin = int(data[pos:colon]), colon + 1
        tag_at = begin + size
        if size < 0 or tag_at >= stop:
            raise TnetstringError(f"not a tnetstring: invalid length prefix: {size}")
        tag = data[tag_at]
        if tag == _BYTES:
            items.append(data[begin:tag_at])
        elif tag == _STR:
            items.append(data[begin:tag_at].decode())
        elif tag == _LIST or tag == _DICT:
            if len(stack) >= max_depth:
                raise TnetstringError(f"not a tnetstring: nested deeper than {max_depth}")
            stack.append((items, stop, kind))
            items, stop, kind = [], tag_at, tag
            pos = begin
            continue
        elif tag == _NULL and size == 0:
            items.append(None)
        else:
            items.append(_leaf(data, begin, tag_at, tag))
        pos = tag_at + 1


def _text(data: bytes, begin: int, end: int) -> str:
    try:
        return data[begin:end].decode()
    except UnicodeDecodeError:
        raise TnetstringError("not a tnetstring: invalid UTF-8 in a string") from None


def _leaf(data: bytes, begin: int, end: int, tag: int) -> Any:
    payload = data[begin:end]
    if tag == _BYTES:
        return payload
    if tag == _STR:
        return _text(data, begin, end)
    if tag == _NULL:
        if payload:
            raise TnetstringError("not a tnetstring: invalid null literal")
        return None
    if tag == _INT:
        try:
            return int(payload)
        except ValueError:
            raise TnetstringError("not a tnetstring: invalid integer literal") from None
    if tag == _FLOAT:
        try:
            return float(payload)
        except ValueError:
            raise TnetstringError("not a tnetstring: invalid float literal") from None
    if tag == _BOOL:
        if payload == b"true":
            return True
        if payload == b"false":
            return False
        raise TnetstringError("not a tnetstring: invalid boolean literal")
    raise TnetstringError(f"not a tnetstring: unknown type tag {tag}")


def _to_dict(items: list[Any]) -> dict[Any, Any]:
    if len(items) % 2:
        raise TnetstringError("not a tnetstring: a dict key without a value")
    try:
        return dict(zip(items[::2], items[1::2], strict=True))
    except TypeError:
        raise TnetstringError("not a tnetstring: a dict key that is a list or dict") from None
