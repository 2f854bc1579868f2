"""Attribution of real SDK traffic: the shared corpus and the recorded fixtures.

Every request an SDK sent must name that SDK (fingerprint) and the right organisation, whatever host
it went to; the expected names come from the captures' own truth files.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from phonehome.attribution import Attributor
from tests.attribution.peel import exchanges, fields_of

CAPTURES = Path(__file__).resolve().parents[1] / "data" / "captures"


def _truth_pairs(truth: list[dict]) -> dict[str, tuple[str, str]]:
    """host → (sdk, org) as the truth files list them."""
    out: dict[str, tuple[str, str]] = {}
    for session in truth:
        for canary in session["canaries"]:
            for host in canary["sent_to"]:
                out[host] = (canary["sdk"], canary["org"])
    return out


def _check(attributor: Attributor, har: Path, expected: dict[str, tuple[str, str]]) -> int:
    checked = 0
    for exchange in exchanges(har):
        if exchange.host not in expected:
            continue
        sdk, org = expected[exchange.host]
        got = attributor.attribute(exchange, fields_of(exchange))
        names = f"{got.sdk} {got.org}".lower()
        assert sdk.lower() in names or org.lower() in names, (har.name, exchange.url, got)
        assert got.sdk == sdk or got.org == org, (har.name, exchange.url, got)
        assert got.reason, got
        checked += 1
    return checked


def test_shared_corpus_every_sdk_request_is_attributed(attributor: Attributor, shared_corpus: Path) -> None:
    truth = json.loads((shared_corpus / "truth.json").read_text())
    expected = _truth_pairs(truth)
    checked = sum(_check(attributor, shared_corpus / f"{s['capture']}.har", expected) for s in truth)
    assert checked >= 20


def _fixture_truths() -> list[Path]:
    return sorted(CAPTURES.glob("*.canaries.json"))


@pytest.mark.parametrize("canaries", _fixture_truths(), ids=lambda p: p.name.split(".")[0])
def test_recorded_fixture_requests_name_their_sdk(attributor: Attributor, canaries: Path) -> None:
    doc = json.loads(canaries.read_text())
    truth = doc["truth"] if isinstance(doc.get("truth"), list) else [doc["truth"]]
    expected = _truth_pairs(truth)
    har = canaries.with_name(canaries.name.replace(".canaries.json", ".har"))
    if not har.exists():
        pytest.skip(f"{har.name} not recorded yet")
    assert _check(attributor, har, expected) >= 1


@pytest.mark.parametrize(("capture", "fingerprint"), [
    ("browser-shop-a-1-normal", "sensors"),
    ("app-sensors-py", "sensors"),
    ("browser-news-b-1-normal", "posthog"),
    ("app-posthog-py", "posthog"),
    ("app-segment-py", "segment"),
    ("app-mixpanel-py", "mixpanel"),
])
def test_corpus_sdk_requests_are_fingerprinted(attributor: Attributor, shared_corpus: Path, capture: str,
                                               fingerprint: str) -> None:
    truth = {s["capture"]: s for s in json.loads((shared_corpus / "truth.json").read_text())}
    hosts = {h for c in truth[capture]["canaries"] for h in c["sent_to"]}
    seen = 0
    for exchange in exchanges(shared_corpus / f"{capture}.har"):
        if exchange.host in hosts and exchange.body:
            found = attributor.identify(exchange, fields_of(exchange))
            assert found is not None and found.fingerprint == fingerprint, (exchange.url, found)
            seen += 1
    assert seen


def test_chromium_background_requests_are_not_fingerprinted_as_sdks(attributor: Attributor,
                                                                     shared_corpus: Path) -> None:
    for exchange in exchanges(shared_corpus / "browser-news-b-1-normal.har"):
        if exchange.host.endswith(("google.com", "googleapis.com", "gstatic.com")):
            got = attributor.attribute(exchange, fields_of(exchange))
            assert got.org == "Google", (exchange.url, got)
