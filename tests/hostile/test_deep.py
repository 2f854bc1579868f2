"""Deep nesting: 10,000-deep JSON, protobuf, MessagePack and CBOR bodies; deep HAR and flow structure.

Nesting in a body is bounded by ``Limits.max_nesting`` (JSON and protobuf record the hit). Nesting
in the capture's own structure reaches the readers: the bounded HAR parser (readers/har_json.py) and the tnetstring
parser (flows) must not turn it into a RecursionError or a quadratic memory blow-up.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.hostile.harness import (
    Outcome,
    hostile_entry,
    planted_email,
    recorded_entry,
    recorded_har,
    scan,
    write_flows,
    write_har,
)

DEPTH = 10_000


def _varint(number: int) -> bytes:
    out = bytearray()
    while True:
        low, number = number & 0x7F, number >> 7
        out.append(low | (0x80 if number else 0))
        if not number:
            return bytes(out)


def deep_protobuf(depth: int = DEPTH) -> bytes:
    """Each level a plausible message: fields 1 and 2 varints, field 3 the next level."""
    inner = b"\x08\x01\x10\x02"
    for _ in range(depth):
        inner = b"\x08\x01\x10\x02\x1a" + _varint(len(inner)) + inner
    return inner


BODIES = {
    "json-array": hostile_entry(text="[" * DEPTH + "]" * DEPTH),
    "json-object": hostile_entry(text='{"a":' * DEPTH + "1" + "}" * DEPTH),
    "protobuf": hostile_entry(body=deep_protobuf()),
    "msgpack": hostile_entry(body=b"\x81\xa1a" * DEPTH + b"\xc0"),
    "cbor": hostile_entry(body=b"\xa1\x61a" * DEPTH + b"\xf6"),
}
RECORDED = {"json-array", "json-object", "protobuf"}
"""Formats with an explicit nesting limit that records its hit (the others refuse deep documents)."""


@pytest.fixture(scope="module")
def body_scan(tmp_path_factory: pytest.TempPathFactory) -> Outcome:
    folder = tmp_path_factory.mktemp("deep")
    return scan([write_har(folder / "deep.har", BODIES.values())], folder / "report.json")


def test_deep_bodies_end_bounded_and_the_rest_is_scanned(body_scan: Outcome) -> None:
    body_scan.assert_bounded(allowed=(0,))
    assert body_scan.found(planted_email())


@pytest.mark.parametrize("index,name", [(i, n) for i, n in enumerate(BODIES) if n in RECORDED])
def test_deep_body_is_recorded_as_max_nesting(body_scan: Outcome, index: int, name: str) -> None:
    hits = [e["message"] for e in body_scan.errors if e["message"].startswith(f"exchange {index}:")]
    assert any("max_nesting" in hit for hit in hits), f"{name}: {body_scan.errors}"


def _har_with_deep_entry(path: Path, depth: int, where: str) -> Path:
    """The recorded HAR, one extra entry first whose ``where`` holds a ``depth``-deep array."""
    har = recorded_har()
    entry = recorded_entry()
    marker = "__DEEP__"
    if where == "header":
        entry["request"]["headers"].append({"name": "X-Deep", "value": marker})
    else:
        entry["_extra"] = marker
    har["log"]["entries"] = [entry, recorded_entry()]
    text = json.dumps(har).replace(f'"{marker}"', "[" * depth + "]" * depth)
    path.write_text(text)
    return path


@pytest.mark.parametrize("depth,where", [(DEPTH, "header"), (DEPTH, "extra"), (100_000, "extra")])
def test_deep_har_structure_is_bounded_and_the_rest_is_scanned(tmp_path: Path, depth: int, where: str) -> None:
    """A 10,000- or 100,000-deep array inside a HAR entry (200 KB of brackets)."""
    capture = _har_with_deep_entry(tmp_path / "deep.har", depth, where)
    outcome = scan([capture], tmp_path / "report.json", cpu=30)
    outcome.assert_bounded()
    assert outcome.found(planted_email()), outcome.errors


def _deep_tnetstring(depth: int) -> bytes:
    data = b"0:]"
    for _ in range(depth):
        data = str(len(data)).encode() + b":" + data + b"]"
    return data


def test_deep_flow_record_is_a_capture_error_after_the_good_flows(tmp_path: Path) -> None:
    capture = write_flows(tmp_path / "deep.flows", [])
    with capture.open("ab") as fh:
        fh.write(_deep_tnetstring(DEPTH))
    outcome = scan([capture], tmp_path / "report.json")
    outcome.assert_bounded(allowed=(2,))
    assert outcome.found(planted_email())
    assert any(e["kind"] == "capture" for e in outcome.errors), outcome.errors
