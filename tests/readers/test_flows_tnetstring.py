"""phonehome's tnetstring parser: mitmproxy's values for well-formed input, one bounded error otherwise."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from mitmproxy.io import tnetstring as mitm
from tests.conftest import DATA

from phonehome.readers.tnetstring import MAX_DEPTH, TnetstringError, load_tagged, loads

VALUES: list[Any] = [
    None, True, False, 0, 7, 10, 99, 100, -5, 2**70, 0.5, -1e300, 1795425952.2431755,
    b"", b"x", b"a" * 9, b"a" * 10, b"a" * 99, b"a" * 100, b"1:a,]}~#^!", bytes(range(256)),
    "", "key", "caf\u00e9 \U0001f600", [], {}, [[]], {"a": {}}, [1, [2, [3, [4]]]],
    {"headers": [[b"Host", b"example.test"], [b"X", b""]], "port": 443, "content": None},
    {b"bytes-key": 1, "str-key": [None, True, 1.25]},
]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_values_parse_as_mitmproxy_parses_them(value: Any) -> None:
    data = mitm.dumps(value)
    got = loads(data)
    assert got == mitm.loads(data) and repr(got) == repr(mitm.loads(data))


def test_random_structures_parse_as_mitmproxy_parses_them() -> None:
    rng = random.Random(9)

    def make(depth: int) -> Any:
        pick = rng.randrange(9 if depth < 6 else 7)
        if pick == 0:
            return None
        if pick == 1:
            return rng.random() < 0.5
        if pick == 2:
            return rng.randrange(-10**12, 10**12)
        if pick == 3:
            return rng.uniform(-1e9, 1e9)
        if pick == 4:
            return rng.randbytes(rng.choice([0, 1, 9, 10, 11, 99, 100, 1000]))
        if pick in (5, 6):
            return "".join(chr(rng.randrange(32, 0x3000)) for _ in range(rng.randrange(12)))
        if pick == 7:
            return [make(depth + 1) for _ in range(rng.randrange(5))]
        return {f"k{rng.randrange(50)}": make(depth + 1) for _ in range(rng.randrange(5))}

    for _ in range(300):
        value = make(0)
        data = mitm.dumps(value)
        assert repr(loads(data)) == repr(mitm.loads(data))


def test_every_recorded_record_parses_as_mitmproxy_parses_it() -> None:
    paths = sorted(DATA.rglob("*.flows"))
    assert paths
    records = 0
    for path in paths:
        data = path.read_bytes()
        pos = 0
        while pos < len(data):
            colon = data.index(b":", pos)
            end = colon + 1 + int(data[pos:colon])
            assert repr(load_tagged(data, colon + 1, end)) == repr(mitm.loads(data[pos : end + 1]))
            pos = end + 1
            records += 1
    assert records > 100


def test_load_tagged_reads_a_record_in_place() -> None:
    record = mitm.dumps({"a": [1, b"x"]})
    data = b"junk" + record + b"more junk"
    colon = data.index(b":")
    assert load_tagged(data, colon + 1, len(b"junk") + len(record) - 1) == {"a": [1, b"x"]}


@pytest.mark.parametrize(
    "data",
    [
        b"", b"5", b"5:", b"5:abc,", b"3:abc", b"3:abc?", b"x:abc,", b"-1:,", b"3:ab,,x",
        b"1:x#", b"1:x^", b"3:yes!", b"1:a~", b"4:1:a,}", b"7:1:a,1:b]", b"3:0:,}", b"9:0:]0:}}",
        b"4:0:~]x", b"0:,0:,", b"1234567890123:x,", b"10:99:abc,]", b"5:\xff\xfe\xfd\xfc\xfb;",
        b"8:" + b"2:99#" + b"]" + b"}",
    ],
    ids=repr,
)
def test_malformed_input_is_a_tnetstring_error(data: bytes) -> None:
    with pytest.raises(TnetstringError):
        loads(data)


def test_mitmproxy_also_refuses_what_we_refuse() -> None:
    """Our refusals are refusals of mitmproxy's parser too (so a file it read is never refused)."""
    for data in (b"3:abc?", b"1:x#", b"3:yes!", b"1:a~", b"4:1:a,}", b"9:0:]0:}}", b"5:\xff\xfe\xfd\xfc\xfb;"):
        with pytest.raises(ValueError):  # noqa: PT011 - mitmproxy's parser raises plain ValueErrors
            mitm.loads(data)


def _nested(depth: int) -> bytes:
    """``depth`` lists, each the only item of the one around it (built in linear time)."""
    prefixes = []
    size = 3  # b"0:]"
    for _ in range(depth - 1):
        prefixes.append(b"%d:" % size)
        size += len(prefixes[-1]) + 1
    return b"".join(reversed(prefixes)) + b"0:]" + b"]" * (depth - 1)


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 5000, 100_000])
def test_deep_nesting_is_refused_without_recursion(depth: int) -> None:
    data = _nested(depth)
    if depth == 5000:
        with pytest.raises(RecursionError):  # what mitmproxy's own parser makes of it
            mitm.loads(data)
    with pytest.raises(TnetstringError, match="deeper"):
        loads(data)


def test_nesting_up_to_the_limit_is_read() -> None:
    data = _nested(MAX_DEPTH)
    assert repr(loads(data)) == repr(mitm.loads(data))
    value = loads(data)
    for _ in range(MAX_DEPTH - 1):
        (value,) = value
    assert value == []


def test_a_length_beyond_its_container_is_refused_before_slicing() -> None:
    """An inner length pointing past the record (or a terabyte) fails on the bound, not on memory."""
    for inner in (b"999999999999:", b"50:", b"4294967296:"):
        data = b"20:" + inner + b"x" * 3 + b","
        data = str(len(data) - 4).encode() + b":" + data[3:] + b"]"
        with pytest.raises(TnetstringError):
            loads(data)


def test_every_prefix_of_a_record_is_refused(tmp_path: Path) -> None:
    record = (DATA / "captures" / "app-posthog-py.flows").read_bytes()
    colon = record.index(b":")
    record = record[: colon + 2 + int(record[:colon])]
    assert isinstance(loads(record), dict)
    for cut in range(0, len(record), 37):
        with pytest.raises(TnetstringError):
            loads(record[:cut])
