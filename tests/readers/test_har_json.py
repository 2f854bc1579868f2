"""The bounded JSON cursor under the HAR reader: same values as json.loads, whatever the window cuts."""

from __future__ import annotations

import io
import json
import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phonehome.readers.har_json import Caps, JsonCursor, Malformed, Shape, TextWindow, Truncated

SETTINGS = settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
BIG = 1 << 30
CHUNKS = st.sampled_from([1, 2, 7, 64, 4096])
TEXT = st.text(alphabet=st.sampled_from(['a', 'é', '"', "\\", "\n", "\x01", "\U0001f600", "[", "}", " ", "u"]))
SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT
KEYS = st.sampled_from(["a", "b", "c", "d", "e", "x", ""]) | TEXT
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=5) | st.dictionaries(KEYS, inner, max_size=5),
                      max_leaves=30)
SHAPE: Shape = {"a": None, "b": [{"c": None}], "d": {"e": None, "b": [None]}}


def cursor(doc: bytes, chunk: int, caps: Caps | None = None) -> JsonCursor:
    return JsonCursor(TextWindow(io.BytesIO(doc), chunk), caps or Caps(BIG, BIG, BIG, BIG))


def project(value: Any, shape: Shape) -> Any:
    """What the slow path must build of ``value``."""
    if shape is None:
        return None if isinstance(value, dict | list) else value
    if isinstance(shape, dict):
        return {k: project(v, shape[k]) for k, v in value.items() if k in shape} if isinstance(value, dict) else None
    return [project(v, shape[0]) for v in value] if isinstance(value, list) else None


def first_then_end(doc_value: Any, chunk: int, caps: Caps | None, read: Any) -> Any:
    """Read the first item of ``[value, "end"]`` with ``read`` and check the cursor is right after it."""
    reader = cursor(json.dumps([doc_value, "end"], ensure_ascii=False).encode(), chunk, caps)
    assert reader.enter("[")
    items = reader.items()
    next(items)
    out = read(reader)
    next(items)
    assert reader.peek() == '"' and reader.string(10)[0] == "end"
    with pytest.raises(StopIteration):
        next(items)
    reader.end()
    return out


@SETTINGS
@given(VALUES, CHUNKS)
def test_fast_path_gives_what_json_loads_gives(value: Any, chunk: int) -> None:
    got, why = first_then_end(value, chunk, None, lambda c: c.item(None))
    assert why is None
    assert got == json.loads(json.dumps(value))


@SETTINGS
@given(st.fixed_dictionaries({}, optional={"a": VALUES, "b": VALUES, "d": VALUES, "x": VALUES}), CHUNKS)
def test_slow_path_builds_exactly_the_shape(value: Any, chunk: int) -> None:
    got, why = first_then_end(value, chunk, Caps(0, BIG, BIG, BIG), lambda c: c.item(SHAPE))
    assert why == "large"
    assert got == project(json.loads(json.dumps(value)), SHAPE)


@SETTINGS
@given(VALUES, CHUNKS)
def test_skip_moves_past_any_value(value: Any, chunk: int) -> None:
    first_then_end(value, chunk, None, lambda c: c.skip())


@SETTINGS
@given(VALUES, CHUNKS, st.data())
def test_a_cut_document_raises_only_truncated_or_malformed(value: Any, chunk: int, data: st.DataObject) -> None:
    doc = json.dumps([value, value], ensure_ascii=False).encode()
    cut = data.draw(st.integers(0, len(doc) - 1))
    reader = cursor(doc[:cut], chunk, Caps(data.draw(st.sampled_from([0, BIG])), 5, 2, 9))
    with pytest.raises((Truncated, Malformed)):
        if not reader.enter("["):
            raise reader.fail("[")
        for _ in reader.items():
            reader.item(SHAPE)
        reader.end()


@SETTINGS
@given(TEXT, st.integers(0, 40), CHUNKS)
def test_a_string_is_cut_to_its_cap_on_whole_characters(text: str, keep: int, chunk: int) -> None:
    doc = json.dumps({"a": text}).encode()  # ASCII escapes: \\uXXXX pairs a cut may split
    got = first_then_end(json.loads(doc), chunk, Caps(0, keep, BIG, BIG), lambda c: (c.item(SHAPE), c.notes))
    (value, _), notes = got
    assert text.startswith(value["a"])
    assert (value["a"] == text) == (not notes), notes


def test_long_escaped_string_is_read_past_many_windows() -> None:
    text = 'x\\"\\\\"y' * 300_000 + "é"
    value, why = first_then_end({"a": text}, 4096, Caps(0, BIG, BIG, BIG), lambda c: c.item(SHAPE))
    assert why == "large" and value == {"a": text}


@pytest.mark.parametrize("depth", [3_000, 200_000])
def test_deep_nesting_takes_the_slow_path_and_is_skipped(depth: int) -> None:
    deep = "[" * depth + '{"a": "]"}' + "]" * depth
    doc = f'{{"a": 1, "x": {deep}, "b": [{{"c": {deep}}}, {{"c": 2}}]}}'.encode()
    reader = cursor(doc, 4096)
    value, why = reader.item(SHAPE)
    assert why == "deep"
    assert value == {"a": 1, "b": [{"c": None}, {"c": 2}]}
    reader.end()


def test_lists_are_capped_and_noted() -> None:
    got = first_then_end({"b": [{"c": n} for n in range(50)]}, 64, Caps(0, BIG, 10, BIG),
                         lambda c: (c.item(SHAPE)[0], c.notes))
    assert got == ({"b": [{"c": n} for n in range(10)]}, ["b: more than 10 items, only the first 10 kept"])


def test_a_number_beyond_the_digit_limit_is_noted_not_raised() -> None:
    doc = b'[{"a": ' + b"7" * 6000 + b', "d": {"e": 1.5e3}}, "end"]'
    reader = cursor(doc, 1024)
    assert reader.enter("[")
    next(reader.items())
    value, why = reader.item(SHAPE)
    assert why == "number" and value == {"a": None, "d": {"e": 1500.0}}
    assert reader.notes == ["a: a number of 6,000 characters, ignored"]


def test_literals_and_json_extensions() -> None:
    value, _ = first_then_end({"a": [True, False, None]}, 3, None, lambda c: c.item(None))
    assert value == {"a": [True, False, None]}
    reader = cursor(b'{"a": NaN, "d": {"e": -Infinity}}', 2, Caps(0, BIG, BIG, BIG))
    value, _ = reader.item(SHAPE)
    assert math.isnan(value["a"]) and value["d"] == {"e": -math.inf}


@pytest.mark.parametrize("doc", [b'{"a": tru}', b'{"a" 1}', b'{"a": 1,}', b'{"a": 1 "d": 2}', b'{"a": "\\q"}',
                                 b'{"a": 01}', b'{"b": [1 2]}'])
def test_damage_in_a_built_field_is_malformed(doc: bytes) -> None:
    with pytest.raises(Malformed):
        cursor(doc, 4, Caps(0, BIG, BIG, BIG)).item(SHAPE)


def test_damage_in_a_skipped_field_is_passed_over() -> None:
    value, why = cursor(b'{"x": {"k" 1 2 ,, :}, "a": 2}', 4).item(SHAPE)
    assert why == "damaged" and value == {"a": 2}


def test_invalid_utf8_is_kept_as_surrogate_escapes() -> None:
    doc = b'{"a": "caf\xe9 \xff\xfe ok", "d": {"e": "\xc3"}}'
    reader = cursor(doc, 3)
    value, _ = reader.item(None)
    assert value["a"].encode("utf-8", "surrogateescape") == b"caf\xe9 \xff\xfe ok"
    assert value["d"]["e"].encode("utf-8", "surrogateescape") == b"\xc3"
    assert reader.text.invalid_at == 10


def test_utf8_split_across_windows_is_not_invalid() -> None:
    text = "é€😀" * 100
    reader = cursor(json.dumps({"a": text}, ensure_ascii=False).encode(), 1)
    assert reader.item(None)[0] == {"a": text}
    assert reader.text.invalid_at is None
