"""Protocol Buffers wire format without a schema: nested messages, strings, numbers, packed fields.

Leaves are named by their field-number path (``1.3.2``); a length-delimited field is a string
when it is text, a nested message when it parses as a plausible one, else bytes (which other
decoders may open: gzip, base64 …), plus its values when it also reads as packed varints.

A nested message that is exactly a name (field 1, an identifier) and a value (field 2) is how
protobuf writes a ``map<string, …>`` entry, and how OpenTelemetry writes an attribute
(``KeyValue{key, AnyValue}``): its value is keyed by that name (``device.id``), and a value that
is a one-field wrapper of a scalar (``AnyValue{string_value | int_value | double_value}``) is
unwrapped, so detectors see ``"device.id": "…"`` as they would in JSON.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Callable, Iterable, Iterator
from typing import ClassVar

from phonehome.decoders.base import BINARY, CTRL, ENTRY_NAME, DecodeContext, derive
from phonehome.decoders.magic import magic_name
from phonehome.decoders.text import as_text, meaningful_text, to_value
from phonehome.model import Field

Wire = tuple[int, int, int | bytes]
"""One wire field: field number, wire type, value (int for varints, bytes otherwise)."""

_MAX_FIELD = (1 << 29) - 1
_CHECK_DEPTH = 3
_MAX_PACKED = 4096


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    """Read a varint at ``pos``; raise ValueError when truncated or longer than 10 bytes."""
    result = shift = 0
    end = min(len(data), pos + 10)
    while pos < end:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, pos
        shift += 7
    raise ValueError("bad varint")


def _field(data: bytes, pos: int) -> tuple[Wire, int]:
    tag, pos = _varint(data, pos)
    number, wire = tag >> 3, tag & 7
    if not 0 < number <= _MAX_FIELD:
        raise ValueError("bad field number")
    if wire == 0:
        value, pos = _varint(data, pos)
        return (number, 0, value), pos
    size = {1: 8, 5: 4}.get(wire)
    if size is None:
        if wire != 2:
            raise ValueError("bad wire type")
        size, pos = _varint(data, pos)
    if pos + size > len(data):
        raise ValueError("truncated")
    return (number, wire, data[pos : pos + size]), pos + size


def parse(data: bytes) -> list[Wire] | None:
    """Parse one message's fields; None unless ``data`` is exactly a sequence of valid fields."""
    fields: list[Wire] = []
    pos = 0
    try:
        while pos < len(data):
            wire_field, pos = _field(data, pos)
            fields.append(wire_field)
    except ValueError:
        return None
    return fields or None


def _plausible(fields: list[Wire], depth: int) -> bool:
    """True when the message looks real: random bytes rarely pass.

    Its field numbers ascend (as serializers write them) and it holds text, a known binary or a
    plausible nested message, or has at least three fields with small numbers, two of them varints.
    """
    numbers = [number for number, _, _ in fields]
    if numbers != sorted(numbers):
        return False
    for _, wire, value in fields:
        if wire == 2 and isinstance(value, bytes) and len(value) >= 4:
            if meaningful_text(value) is not None or magic_name(value) is not None:
                return True
            if depth < _CHECK_DEPTH and is_plausible_message(value, depth + 1):
                return True
    varints = sum(1 for _, wire, _ in fields if wire == 0)
    return len(numbers) >= 3 and numbers[-1] <= 32 and varints >= 2


def carries_plausible(fields: list[Wire], judge: Callable[[bytes], bool]) -> bool:
    """True when the fields ascend and a length-delimited one holds something ``judge`` accepts.

    A message wrapping an opaque payload (brotli, ciphertext) is recognised through its payload.
    """
    numbers = [number for number, _, _ in fields]
    if numbers != sorted(numbers):
        return False
    return any(wire == 2 and isinstance(v, bytes) and len(v) >= 4 and judge(v) for _, wire, v in fields)


def is_plausible_message(data: bytes, depth: int = 0) -> bool:
    """True when ``data`` parses entirely as a protobuf message that looks real (see ``_plausible``)."""
    if len(data) < 2 or data[0] & 7 not in (0, 1, 2, 5):
        return False
    fields = parse(data)
    return fields is not None and _plausible(fields, depth)


def _fixed(value: bytes) -> str:
    """fixed64/fixed32 as the float it most likely is (coordinates), else as an unsigned integer."""
    number = struct.unpack("<d" if len(value) == 8 else "<f", value)[0]
    if math.isfinite(number) and 1e-7 <= abs(number) <= 1e9:
        return repr(number) if len(value) == 8 else f"{number:.7g}"
    return str(int.from_bytes(value, "little"))


def _map_entry(fields: list[Wire]) -> tuple[str, str | None] | None:
    """``(name, scalar)`` when ``fields`` are a name (1) and a value (2), else None.

    ``scalar`` is the value when it is text, a number, or a one-field wrapper of either; None when
    the value is a message to expand (under the name).
    """
    if len(fields) != 2 or fields[0][:2] != (1, 2) or fields[1][0] != 2:
        return None
    raw, (_, wire, value) = fields[0][2], fields[1]
    name = as_text(raw) if isinstance(raw, bytes) else None
    if name is None or not ENTRY_NAME.fullmatch(name):
        return None
    if isinstance(value, int):
        return name, str(value)
    if wire != 2:
        return name, _fixed(value)
    text = as_text(value)
    if text is not None and value[:1] >= b" ":  # plain text (a wrapper starts with a tag byte)
        return name, text
    inner = parse(value) if value[:1] and value[0] & 7 in (0, 1, 2, 5) else None
    if inner is not None and len(inner) == 1:
        _, inner_wire, inner_value = inner[0]
        if isinstance(inner_value, int):
            return name, str(inner_value)
        if inner_wire != 2:
            return name, _fixed(inner_value)
        inner_text = as_text(inner_value)
        if inner_text is not None:
            return name, inner_text
    return (name, text) if text is not None else (name, None)


def _packed(value: bytes) -> list[int] | None:
    if len(value) > _MAX_PACKED or magic_name(value) is not None:
        return None
    numbers: list[int] = []
    pos = 0
    try:
        while pos < len(value):
            number, pos = _varint(value, pos)
            numbers.append(number)
    except ValueError:
        return None
    return numbers if len(numbers) >= 2 else None


class ProtobufDecoder:
    """Schema-less protobuf: one leaf per scalar, located by field numbers."""

    name: ClassVar[str] = "protobuf"
    tags: ClassVar[frozenset[str]] = frozenset({BINARY, CTRL})

    def decode(self, field: Field, ctx: DecodeContext) -> Iterable[Field] | None:
        """Expand a plausible message into leaves."""
        value = field.value
        data = value.encode("utf-8") if isinstance(value, str) else value
        if len(data) < 2 or data[0] & 7 not in (0, 1, 2, 5):
            return None
        fields = parse(data)
        if fields is None or not (_plausible(fields, 0) or carries_plausible(fields, ctx.plausible)):
            return None
        return self._leaves(fields, field, "", (), 1, ctx)

    def _leaves(
        self,
        fields: list[Wire],
        parent: Field,
        prefix: str,
        numbers: tuple[str, ...],
        level: int,
        ctx: DecodeContext,
    ) -> Iterator[Field]:
        for number, wire, value in fields:
            key = str(number)
            loc = f"{prefix}.{key}" if prefix else key
            keys = (*numbers, key)
            if isinstance(value, int):
                yield derive(parent, str(value), (self.name, loc), key, keys)
            elif wire != 2:
                yield derive(parent, _fixed(value), (self.name, loc), key, keys)
            else:
                yield from self._length_delimited(value, parent, loc, keys, level, ctx)

    def _length_delimited(
        self,
        value: bytes,
        parent: Field,
        loc: str,
        keys: tuple[str, ...],
        level: int,
        ctx: DecodeContext,
    ) -> Iterator[Field]:
        key = keys[-1]
        if not value:
            return
        text = as_text(value)
        if text is not None:
            yield derive(parent, text, (self.name, loc), key, keys)
            return
        sub = parse(value)
        if sub is not None and _plausible(sub, 0):
            if level >= ctx.limits.max_nesting:
                ctx.hit("max_nesting", (*parent.path, self.name, loc))
                return
            entry = _map_entry(sub)
            if entry is not None:
                name, scalar = entry
                if scalar is not None:
                    yield derive(parent, scalar, (self.name, f"{loc}.2"), name, (*keys, name))
                    return
                yield from self._leaves(sub[1:], parent, loc, (*keys, name), level + 1, ctx)
                return
            yield from self._leaves(sub, parent, loc, keys, level + 1, ctx)
            return
        yield derive(parent, to_value(value), (self.name, loc), key, keys)
        for index, number in enumerate(_packed(value) or ()):
            yield derive(parent, str(number), (self.name, f"{loc}[{index}]"), key, keys)
