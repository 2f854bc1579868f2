"""The fast flow-file reader yields exactly what mitmproxy's own loader gives, and takes the fast path.

The reference is mitmproxy's ``FlowReader`` (tnetstring, version migration, ``Flow.from_state``)
followed by ``exchange_from_flow``: what phonehome's reader did before it parsed records itself.
Exchanges are compared by value and by ``repr`` (so an int timestamp is not passed off as a float).
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from mitmproxy import http
from mitmproxy.io import FlowReader, FlowWriter, tnetstring
from mitmproxy.test import tflow
from tests.conftest import DATA, ROOT

from phonehome.errors import CaptureError
from phonehome.model import Exchange
from phonehome.readers import flows as flows_module
from phonehome.readers.flows import FlowsReader, exchange_from_flow, fast_exchange

RECORDED = sorted(
    {*DATA.rglob("*.flows"), *(ROOT / "examples").rglob("*.flows")},
    key=str,
)


def _reference(path: Path) -> tuple[list[Exchange], int]:
    """mitmproxy's FlowReader + exchange_from_flow, and how many flows were not HTTP."""
    with path.open("rb") as fh:
        loaded = list(FlowReader(fh).stream())
    http_flows = [f for f in loaded if isinstance(f, http.HTTPFlow)]
    return [exchange_from_flow(str(path), i, f) for i, f in enumerate(http_flows)], len(loaded) - len(http_flows)


def _read(path: Path) -> tuple[list[Exchange], list[str]]:
    problems: list[str] = []
    return list(FlowsReader().read(path, problems)), problems


def _fast_count(path: Path) -> tuple[int, int]:
    """(records the fast path built an Exchange for, records)."""
    with path.open("rb") as fh:
        states = list(flows_module._records(fh, []))
    return sum(fast_exchange(str(path), 0, state) is not None for state in states), len(states)


def _assert_same(path: Path) -> list[Exchange]:
    expected, skipped = _reference(path)
    got, problems = _read(path)
    assert got == expected
    assert repr(got) == repr(expected)
    assert problems == ([f"{skipped} non-HTTP flows (TCP/UDP/DNS) not inspected"] if skipped else [])
    return got


def test_the_recorded_captures_are_all_here() -> None:
    names = {p.name for p in RECORDED}
    assert len(RECORDED) >= 19 and "app-posthog-py.flows" in names and "1-normal.flows" in names


@pytest.mark.parametrize("path", RECORDED, ids=lambda p: str(p.relative_to(ROOT)))
def test_recorded_capture_reads_exactly_as_mitmproxy_loads_it(path: Path) -> None:
    got = _assert_same(path)
    assert got
    fast, records = _fast_count(path)
    assert fast == records, f"{records - fast} of {records} records left the fast path"


def test_shared_corpus_reads_exactly_as_mitmproxy_loads_it(shared_corpus: Path) -> None:
    paths = sorted(shared_corpus.glob("*.flows"))
    assert paths
    for path in paths:
        _assert_same(path)
        fast, records = _fast_count(path)
        assert fast == records, path


# --- synthetic flows: everything the recordings do not have ----------------------------------------


def _write(path: Path, items: Iterable[Any]) -> Path:
    """Write flows (mitmproxy objects, through FlowWriter) or raw state dicts (tnetstring)."""
    with path.open("wb") as fh:
        writer = FlowWriter(fh)
        for item in items:
            if isinstance(item, dict):
                fh.write(tnetstring.dumps(item))
            else:
                writer.add(item)
    return path


def _pem_certificate() -> bytes:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "example.test")])
    now = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(7).not_valid_before(now).not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM)


def _flow(*, resp: bool = True, **changes: Any) -> http.HTTPFlow:
    """mitmproxy's test flow with float timestamps as a live capture has them (``tflow`` uses ints),
    then ``changes`` (``request__port=8443``)."""
    flow = tflow.tflow(resp=resp)
    flow.request.timestamp_start, flow.request.timestamp_end = 1795425952.2431755, 1795425952.2854111
    if flow.response:
        flow.response.timestamp_start, flow.response.timestamp_end = 1795425952.2865038, None
    for dotted, value in changes.items():
        target: Any = flow
        *parents, attr = dotted.split("__")
        for parent in parents:
            target = getattr(target, parent)
        setattr(target, attr, value)
    return flow


def _fast_variants() -> dict[str, http.HTTPFlow]:
    """Flows the fast path must take, each varying what goes into an Exchange."""
    from mitmproxy import certs

    cert = certs.Cert.from_pem(_pem_certificate())
    no_response = _flow(resp=False)
    h2 = _flow(request__http_version="HTTP/2.0")
    h2.request.headers.insert(0, b":authority", b"example.test")
    h2.request.authority = "example.test"
    trailers = _flow()
    trailers.request.trailers = http.Headers([(b"grpc-status", b"0")])
    return {
        "plain": _flow(),
        "no-response": no_response,
        "port-8443": _flow(request__port=8443),
        "http-port-443": _flow(request__scheme="http", request__port=443),
        "ipv6-host": _flow(request__host="::1", request__port=8080),
        "bracketed-upper-host": _flow(request__host="[Example.TEST]"),
        "connect": _flow(request__method="CONNECT", request__path=""),
        "lower-method": _flow(request__method="post"),
        "asterisk-path": _flow(request__method="OPTIONS", request__path="*"),
        "bad-utf8-path": _flow(request__path=b"/a/\xff\xfe?x=\xed\xa0\x80"),
        "bad-utf8-method": _flow(request__method=b"G\xffT"),
        "non-ascii-host": _flow(request__host="b\u00fccher.example"),
        "latin1-headers": _flow(request__headers=http.Headers([(b"X-B\xe4d", b"\xff\xc3\x28")])),
        "no-content": _flow(request__content=None),
        "empty-content": _flow(request__content=b""),
        "binary-content": _flow(request__content=bytes(range(256)) * 3),
        "h2-pseudo-headers": h2,
        "trailers": trailers,
        "no-server-peername": _flow(server_conn__peername=None),
        "server-certificates": _flow(server_conn__certificate_list=[cert, cert]),
        "client-mitmcert": _flow(client_conn__mitmcert=cert),
        "reverse-proxy-mode": _flow(),
        "metadata-and-comment": _flow(metadata={"a": [1, {"b": None}]}, comment="note", marked=":star:"),
        "response-no-content": _flow(response__content=None),
        "status-599": _flow(response__status_code=599),
    }


def _slow_variants() -> dict[str, Any]:
    """Flows and states the fast path leaves to mitmproxy (which loads them, or refuses)."""
    return {
        "error": tflow.tflow(resp=True, err=True),
        "websocket": tflow.tflow(resp=True, ws=True),
        "tcp": tflow.ttcpflow(),
        "udp": tflow.tudpflow(),
        "dns": tflow.tdnsflow(resp=True),
        "upstream-via": _flow(server_conn__via=("http", ("proxy.test", 8080))),
    }


@pytest.fixture(scope="module")
def variants() -> dict[str, http.HTTPFlow]:
    found = _fast_variants()
    from mitmproxy.proxy import mode_specs

    found["reverse-proxy-mode"].client_conn.proxy_mode = mode_specs.ProxyMode.parse("reverse:https://example.test")
    return found


def test_each_synthetic_variant_takes_the_fast_path_and_matches(tmp_path: Path, variants: dict[str, Any]) -> None:
    for name, flow in variants.items():
        path = _write(tmp_path / f"{name}.flows", [flow])
        got = _assert_same(path)
        assert len(got) == 1, name
        assert _fast_count(path) == (1, 1), f"{name} left the fast path"


def test_each_slow_variant_matches_mitmproxy(tmp_path: Path) -> None:
    for name, flow in _slow_variants().items():
        path = _write(tmp_path / f"{name}.flows", [flow, _flow()])
        _assert_same(path)
        assert _fast_count(path) == (1, 2), f"{name} took the fast path"


def test_mixed_file_counts_non_http_flows(tmp_path: Path) -> None:
    items = [tflow.tflow(resp=True), tflow.ttcpflow(), tflow.tflow(), tflow.tdnsflow(resp=True), tflow.tflow(ws=True)]
    path = _write(tmp_path / "mixed.flows", items)
    got = _assert_same(path)
    assert [e.index for e in got] == [0, 1, 2]
    assert _read(path)[1] == ["2 non-HTTP flows (TCP/UDP/DNS) not inspected"]


def _state(flow: http.HTTPFlow) -> dict[str, Any]:
    return tnetstring.loads(tnetstring.dumps(flow.get_state()))  # type: ignore[return-value]


def test_values_mitmproxy_coerces_are_left_to_mitmproxy(tmp_path: Path) -> None:
    """An int timestamp or a str method: mitmproxy accepts and keeps or converts them; the fast path
    defers, and the Exchange is mitmproxy's (an int time stays an int)."""
    states = []
    for field, value in (("timestamp_start", 1700000000), ("method", "GET"), ("host", b"example.test"),
                         ("content", None)):
        state = _state(_flow())
        state["request"][field] = value
        states.append(state)
    path = _write(tmp_path / "coerced.flows", states)
    got = _assert_same(path)
    assert type(got[0].time) is int and got[1].method == "GET" and got[2].host == "example.test"
    assert _fast_count(path) == (1, 4)  # only the None content is a plain value


@pytest.mark.parametrize(
    ("where", "field", "value"),
    [
        ("request", "port", "443"),
        ("request", "headers", [[b"a"]]),
        ("request", "headers", [[b"a", "b"]]),
        ("request", "timestamp_start", None),
        ("response", "status_code", "200"),
        ("server_conn", "peername", ["1.2.3.4", "80"]),
        ("server_conn", "tls_version", "TLSv9"),
        ("client_conn", "proxy_mode", "no-such-mode"),
        ("client_conn", "alpn_offers", ["h2"]),
        ("server_conn", "certificate_list", [b"-----BEGIN CERTIFICATE-----\nnot one\n"]),
        ("client_conn", "sockname", None),
        (None, "error", {"msg": 5, "timestamp": 1.0}),
    ],
)
def test_a_value_mitmproxy_refuses_is_still_refused(tmp_path: Path, where: str | None, field: str, value: Any) -> None:
    state = _state(_flow())
    (state[where] if where else state)[field] = value
    path = _write(tmp_path / "refused.flows", [state])
    assert fast_exchange(str(path), 0, _state(_flow())) is not None
    assert fast_exchange(str(path), 0, state) is None
    with path.open("rb") as fh, pytest.raises(Exception):  # noqa: B017,PT011 - mitmproxy raises anything
        list(FlowReader(fh).stream())
    with pytest.raises(CaptureError, match="refused.flows"):
        _read(path)


def test_missing_or_extra_keys_are_left_to_mitmproxy(tmp_path: Path) -> None:
    missing = _state(_flow())
    del missing["client_conn"]["sni"]
    extra = _state(_flow())
    extra["request"]["first_line_format"] = "relative"
    for name, state in (("missing", missing), ("extra", extra)):
        assert fast_exchange("x", 0, state) is None, name
        with pytest.raises(CaptureError):
            _read(_write(tmp_path / f"{name}.flows", [state]))


def test_state_is_not_mutated_by_the_fast_path() -> None:
    state = _state(_flow())
    before = repr(state)
    assert fast_exchange("x", 0, state) is not None
    assert repr(state) == before


# --- versions: migration where mitmproxy migrates, refusal where it refuses -------------------------


def test_older_format_versions_are_migrated_by_mitmproxy(tmp_path: Path) -> None:
    v20 = _state(_flow())
    v20["version"] = 20
    v20["client_conn"]["tls_version"] = "QUIC"  # convert_20_21 renames it
    v19 = _state(_flow(request__path="/nineteen"))
    v19["version"] = 19
    v19["client_conn"]["state"] = 0  # convert_19_20 drops it
    v19["server_conn"]["state"] = 0
    path = _write(tmp_path / "old.flows", [v20, v19, _state(_flow())])
    got = _assert_same(path)
    assert [e.url.rsplit("/", 1)[-1] for e in got] == ["path", "nineteen", "path"]
    assert _fast_count(path) == (1, 3)


def test_a_future_format_version_is_refused_naming_the_version(tmp_path: Path) -> None:
    state = _state(_flow())
    state["version"] = 99
    path = _write(tmp_path / "future.flows", [_state(_flow()), state])
    with pytest.raises(CaptureError, match=r"future\.flows: cannot read flow 1: .*version 99.*upgrade"):
        _read(path)


# --- framing: the chunked buffer, and the bounds ---------------------------------------------------


@pytest.mark.parametrize("chunk", [1, 7, 64, 1000])
def test_records_straddling_read_chunks_read_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    source = next(p for p in RECORDED if p.name == "browser-news-c-1-normal.flows")
    expected = _read(source)[0]
    monkeypatch.setattr(flows_module, "_CHUNK", chunk)
    assert _read(source)[0] == expected


def test_a_record_over_the_limit_is_skipped_and_noted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = _flow(request__content=b"x" * 5000, request__path="/big")
    path = _write(tmp_path / "big.flows", [_flow(request__path="/one"), big, _flow(request__path="/two")])
    monkeypatch.setattr(flows_module, "MAX_RECORD", 4000)
    for chunk in (1 << 20, 100):
        monkeypatch.setattr(flows_module, "_CHUNK", chunk)
        got, problems = _read(path)
        assert [e.url.rsplit("/", 1)[-1] for e in got] == ["one", "two"]
        assert len(problems) == 1 and re.match(r"a flow record of \d+ bytes was skipped", problems[0])


@pytest.mark.parametrize(
    ("tail", "message"),
    [
        (b"99999999999:" + b"x" * 50, "truncated"),
        (b"4294967296:1:a,}", "truncated"),
        (b"1234567890123:", "corrupt"),
        (b"12", "corrupt"),
        (b"x:", "corrupt"),
        (b"8:1:1#1:2#]", "corrupt"),
        (b"5:hello,", "corrupt"),
        (b"10:" + b"1:a,1:b,1:c,}", "corrupt"),
        (b"4:0:~,}", "corrupt"),
    ],
)
def test_damage_after_good_records_is_one_capture_error(tmp_path: Path, tail: bytes, message: str) -> None:
    path = tmp_path / "damaged.flows"
    path.write_bytes(_write(tmp_path / "good.flows", [_flow()]).read_bytes() + tail)
    seen: list[Exchange] = []
    with pytest.raises(CaptureError, match=r"damaged\.flows.*flow 1") as raised:
        for exchange in FlowsReader().read(path, []):
            seen.append(exchange)
    assert len(seen) == 1
    assert message in str(raised.value) or "truncated or corrupt" in str(raised.value)


def test_deep_record_is_a_capture_error_not_a_recursion_error(tmp_path: Path) -> None:
    data = b"0:]"
    for _ in range(5000):
        data = str(len(data)).encode() + b":" + data + b"]"
    path = tmp_path / "deep.flows"
    path.write_bytes(data)
    with pytest.raises(CaptureError, match=r"deep\.flows.*\(TnetstringError\)"):
        _read(path)


def test_reader_stays_a_stream(tmp_path: Path) -> None:
    """The first Exchange comes before the file is read to the end (damage later is found later)."""
    path = tmp_path / "stream.flows"
    path.write_bytes(_write(tmp_path / "one.flows", [_flow()]).read_bytes() + b"garbage")
    reader = FlowsReader().read(path, [])
    assert isinstance(next(reader), Exchange)
    with pytest.raises(CaptureError):
        next(reader)


def test_reference_and_reader_agree_on_an_in_memory_round_trip() -> None:
    """Guard for the comparison itself: FlowReader really gives the flows written."""
    buffer = io.BytesIO()
    FlowWriter(buffer).add(_flow(request__path="/x"))
    buffer.seek(0)
    (flow,) = list(FlowReader(buffer).stream())
    assert isinstance(flow, http.HTTPFlow) and flow.request.path == "/x"
