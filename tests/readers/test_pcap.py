"""pcap/pcapng reader: the same session read from a packet capture and from mitmproxy's HAR agrees.

Fixtures in tests/data/pcap/ are recorded by scripts/record_pcap.py from real SDKs (PostHog and
Mixpanel over HTTPS/1.1, Sentry over HTTP/2, Sensors Analytics over plain HTTP).
"""

from __future__ import annotations

import gzip
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import DATA

from phonehome.config import ScanConfig, load_canaries_file
from phonehome.errors import CaptureError, ConfigError
from phonehome.model import Exchange
from phonehome.pipeline import Scanner
from phonehome.readers.flows import FlowsReader
from phonehome.readers.har import HarReader
from phonehome.readers.pcap import PcapReader

PCAP = DATA / "pcap"
TLS = PCAP / "tls-apps.pcapng"  # TLS secrets embedded (DSB)
TLS_NOKEYS = PCAP / "tls-apps.nokeys.pcapng"
KEYLOG = PCAP / "tls-apps.keys.txt"
HTTP_PCAP = PCAP / "http-sensors.pcap"  # classic pcap, plain HTTP
HTTP_PCAPNG = PCAP / "http-sensors.pcapng"

needs_tshark = pytest.mark.skipif(
    shutil.which("tshark") is None and os.environ.get("CI") != "true",
    reason="tshark not installed (apt-get install tshark); CI always runs these",
)


def read(path: Path, keylog: Path | None = None, problems: list[str] | None = None) -> list[Exchange]:
    return list(PcapReader(keylog=keylog).read(path, [] if problems is None else problems))


def har(path: Path) -> list[Exchange]:
    return list(HarReader().read(path, []))


def decoded(exchange: Exchange) -> bytes:
    """The body without its Content-Encoding (HAR stores it decoded, the wire and flows do not)."""
    body = exchange.body
    if body[:2] == b"\x1f\x8b":
        return gzip.decompress(body)
    return body


def findings(path: Path, keylog: Path | None = None) -> set[tuple[str, str, str]]:
    canaries = load_canaries_file(path.parent / (path.name.split(".")[0] + ".canaries.json"))
    scanner = Scanner(ScanConfig(canaries=tuple(canaries), keylog=keylog))
    result = scanner.scan_capture(path)
    assert not [e for e in result.errors if e.kind == "capture"], result.errors
    return {(f.host, f.kind, f.value) for f in result.findings}


# Sniffing -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("magic", [
    b"\xd4\xc3\xb2\xa1", b"\xa1\xb2\xc3\xd4", b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d",
])
def test_sniffs_classic_pcap_in_both_byte_orders_and_nanosecond_variant(magic: bytes) -> None:
    assert PcapReader().sniff(magic + b"\x02\x00\x04\x00" + bytes(16))


def test_sniffs_recorded_files_and_nothing_else() -> None:
    reader = PcapReader()
    for path in (TLS, TLS_NOKEYS, HTTP_PCAP, HTTP_PCAPNG):
        assert reader.sniff(path.read_bytes()[:4096]), path
    for path in (PCAP / "tls-apps.har", PCAP / "tls-apps.flows", KEYLOG):
        assert not reader.sniff(path.read_bytes()[:4096]), path
        assert not HarReader().sniff(TLS.read_bytes()[:4096]) and not FlowsReader().sniff(TLS.read_bytes()[:4096])


def test_pcapng_needs_its_byte_order_magic() -> None:
    assert not PcapReader().sniff(b"\x0a\x0d\x0d\x0a" + bytes(12))


# Same session, two captures -------------------------------------------------------------------------


@needs_tshark
def test_tls_pcapng_with_embedded_keys_gives_the_hars_findings() -> None:
    from_pcap = findings(TLS)
    assert len(from_pcap) > 20
    assert from_pcap == findings(PCAP / "tls-apps.har")
    assert {host for host, _, _ in from_pcap} == {
        "us.i.posthog.com", "api.mixpanel.com", "o4507000111.ingest.us.sentry.io",
    }


@needs_tshark
def test_tls_pcapng_with_keylog_file_gives_the_hars_findings() -> None:
    assert findings(TLS_NOKEYS, keylog=KEYLOG) == findings(PCAP / "tls-apps.har")


@needs_tshark
def test_plain_http_pcap_and_pcapng_give_the_hars_findings() -> None:
    expected = findings(PCAP / "http-sensors.har")
    assert len(expected) > 5
    assert findings(HTTP_PCAP) == expected
    assert findings(HTTP_PCAPNG) == expected


@needs_tshark
@pytest.mark.parametrize(("capture", "reference"), [
    (TLS, "tls-apps.har"), (HTTP_PCAP, "http-sensors.har"),
])
def test_exchanges_match_the_har(capture: Path, reference: str) -> None:
    ours, theirs = read(capture), har(PCAP / reference)
    assert [(e.method, e.url, e.host) for e in ours] == [(e.method, e.url, e.host) for e in theirs]
    assert [decoded(e) for e in ours] == [decoded(e) for e in theirs]
    assert [e.index for e in ours] == list(range(len(ours)))
    assert all(e.status == 200 and not e.encrypted and e.server_address == "127.0.0.1" for e in ours)


@needs_tshark
def test_http2_request_is_read_with_headers_and_raw_body() -> None:
    sentry = [e for e in read(TLS) if e.host == "o4507000111.ingest.us.sentry.io"]
    flows = [e for e in FlowsReader().read(PCAP / "tls-apps.flows", []) if e.host == sentry[0].host]
    assert len(sentry) == len(flows) >= 1
    for ours, theirs in zip(sentry, flows, strict=True):
        assert ours.url == theirs.url and ours.body == theirs.body  # as on the wire (gzip)
        assert ours.header("content-encoding") == "gzip"
        assert not any(name.startswith(":") for name, _ in ours.request_headers)


@needs_tshark
def test_headers_are_read_in_wire_order() -> None:
    ours = read(HTTP_PCAP)[0]
    theirs = har(PCAP / "http-sensors.har")[0]
    assert [k.lower() for k, _ in ours.request_headers] == [k.lower() for k, _ in theirs.request_headers]


# TLS that cannot be opened ------------------------------------------------------------------------


@needs_tshark
def test_without_keys_every_destination_is_listed_as_encrypted() -> None:
    problems: list[str] = []
    exchanges = read(TLS_NOKEYS, problems=problems)
    assert exchanges and all(e.encrypted for e in exchanges)
    assert {e.host for e in exchanges} == {e.host for e in har(PCAP / "tls-apps.har")}
    for exchange in exchanges:
        assert exchange.method == "TLS" and exchange.body == b"" and exchange.request_headers == ()
        assert exchange.url.startswith(f"https://{exchange.host}") and exchange.time is not None
    assert any("encrypted connections not inspected" in p and "--keylog" in p for p in problems)
    assert findings(TLS_NOKEYS) == set()


@needs_tshark
def test_a_keylog_that_opens_nothing_is_reported(tmp_path: Path) -> None:
    wrong = tmp_path / "other.keys.txt"
    wrong.write_text("CLIENT_RANDOM " + "00" * 32 + " " + "11" * 48 + "\n")
    problems: list[str] = []
    assert all(e.encrypted for e in read(TLS_NOKEYS, keylog=wrong, problems=problems))
    assert any("opened none" in p for p in problems)


def test_missing_keylog_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="--keylog"):
        read(TLS_NOKEYS, keylog=tmp_path / "absent.txt")


# Failures are one clear CaptureError ----------------------------------------------------------------


def test_missing_tshark_says_how_to_install_it() -> None:
    with pytest.raises(CaptureError, match="needs tshark.*apt-get install tshark"):
        list(PcapReader(tshark="/nonexistent/tshark").read(TLS, []))


@needs_tshark
def test_truncated_capture_is_read_up_to_the_cut(tmp_path: Path) -> None:
    data = HTTP_PCAP.read_bytes()
    cut = tmp_path / "cut.pcap"
    cut.write_bytes(data[: len(data) - 100])
    problems: list[str] = []
    exchanges = read(cut, problems=problems)
    assert len(exchanges) >= 1
    assert any("cut short" in p for p in problems)


@needs_tshark
def test_garbage_after_the_magic_is_a_capture_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pcap"
    bad.write_bytes(HTTP_PCAP.read_bytes()[:24] + b"\xff" * 64)
    with pytest.raises(CaptureError, match="bad.pcap: tshark cannot read it"):
        read(bad)


@needs_tshark
def test_a_run_past_its_deadline_is_killed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("phonehome.readers.pcap.deadline_for", lambda path: 0.0)
    with pytest.raises(CaptureError, match="did not finish within"):
        read(TLS)


@needs_tshark
def test_stopping_early_ends_tshark() -> None:
    stream: Iterator[Exchange] = PcapReader().read(TLS, [])
    assert next(stream).method == "POST"
    stream.close()  # type: ignore[attr-defined]  # kills tshark; must not hang or leak


@needs_tshark
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400), st.sampled_from([HTTP_PCAP, HTTP_PCAPNG, TLS]), st.integers(0, 3000))
def test_only_capture_errors_escape(tmp_path: Path, noise: bytes, source: Path, keep: int) -> None:
    path = tmp_path / "fuzz.pcap"
    path.write_bytes(source.read_bytes()[:keep] + noise)
    try:
        read(path)
    except CaptureError:
        pass
