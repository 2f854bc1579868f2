"""Inputs the fuzzers found (and hostile inputs written by hand), replayed on every run.

Each is the minimal input Hypothesis shrank a failure to, fed to the same target as in
``test_fuzz.py``: only phonehome's own errors may escape.
"""

from __future__ import annotations

import pytest
from tests.fuzz.targets import read_capture


def _deep_tnetstring(depth: int, kind: bytes = b"]") -> bytes:
    data = b"0:" + kind
    for _ in range(depth):
        inner = data if kind == b"]" else b"1:a," + data
        data = str(len(inner)).encode() + b":" + inner + kind
    return data


def _har_with(value: str) -> bytes:
    head = '{"log": {"entries": [{"request": {"url": "https://a.test/", "method": "GET", "headers": '
    return (head + '[{"name": "X", "value": ' + value + "}]}}]}}").encode()


FLOWS = {
    "top-level-not-a-dict": b"2:\x00\x00,",
    "top-level-a-string": b"5:hello,",
    "top-level-a-list-of-ints": b"8:1:1#1:2#]",
    "deep-list": _deep_tnetstring(10_000),
    "deep-dict": _deep_tnetstring(10_000, b"}"),
}

HAR = {
    "header-value-10000-deep-list": _har_with("[" * 10_000 + "]" * 10_000),
    "header-value-10000-deep-object": _har_with('{"a":' * 10_000 + "1" + "}" * 10_000),
}


@pytest.mark.parametrize("name", sorted(FLOWS))
def test_flows_reader_raises_only_capture_errors(name: str) -> None:
    read_capture(FLOWS[name], ".flows")


@pytest.mark.parametrize("name", sorted(HAR))
def test_har_reader_raises_only_capture_errors(name: str) -> None:
    read_capture(HAR[name], ".har")


def test_flow_url_of_undecodable_bytes_gives_an_exchange_the_report_can_hold() -> None:
    """mitmproxy decodes a path of invalid UTF-8 with surrogate escapes; those cannot reach the JSON report."""
    import io

    from mitmproxy.io import FlowReader, FlowWriter
    from tests.fuzz.targets import SEEDS

    flow = next(iter(FlowReader(io.BytesIO((SEEDS / "flows-mixpanel.flows").read_bytes())).stream()))
    flow.request.path = b"/track/\xff\xfe?x=\xed\xa0\x80"
    out = io.BytesIO()
    FlowWriter(out).add(flow)
    read_capture(out.getvalue(), ".flows")
