"""The HAR reader on files real tools wrote (Chrome, Firefox, Safari, Charles, Insomnia, mitmproxy…)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import DATA

from phonehome.readers import open_capture

VARIETY = sorted((DATA / "har-variety").glob("*.har"))


@pytest.mark.parametrize("path", VARIETY, ids=lambda p: p.name)
def test_every_exported_har_reads(path: Path) -> None:
    capture = open_capture(path)
    assert capture.format == "har"
    exchanges = list(capture.exchanges())
    assert exchanges
    for ex in exchanges:
        assert ex.url.startswith(("http://", "https://"))
        assert ex.host and ":" not in ex.host
        assert all(not name.startswith(":") for name, _ in ex.request_headers)


def test_jsonp_wrapped_har_is_accepted() -> None:
    exchanges = list(open_capture(DATA / "har-variety" / "harviewer-jsonp-1.har").exchanges())
    assert len(exchanges) == 1


def test_bom_har_body_from_post_data() -> None:
    (ex,) = open_capture(DATA / "har-variety" / "mitmproxy-with-bom.har").exchanges()
    assert ex.method == "POST"
    assert ex.body and ex.body == (ex.body.decode("utf-8")).encode("utf-8")


def test_params_only_body_is_rebuilt() -> None:
    """harviewer-noPages records its form POST only as postData.params."""
    from urllib.parse import parse_qsl

    posts = [ex for ex in open_capture(DATA / "har-variety" / "harviewer-noPages.har").exchanges() if ex.body]
    assert len(posts) == 1
    pairs = parse_qsl(posts[0].body.decode("ascii"))
    assert ("url", "http://fiddlerstartmarker.com/") in pairs
    assert pairs[0][0].startswith('{"tm":0.011694')


def test_har_and_flows_of_one_session_give_the_same_exchanges(shared_corpus: Path) -> None:
    for har in sorted(shared_corpus.glob("*.har")):
        a = list(open_capture(har).exchanges())
        b = list(open_capture(har.with_suffix(".flows")).exchanges())
        assert [(x.method, x.url, x.host, x.body) for x in a] == [(y.method, y.url, y.host, y.body) for y in b]


def test_latin1_binary_body_round_trips(shared_corpus: Path) -> None:
    """mitmproxy's HAR export writes binary (gzip) bodies as latin-1 text with no encoding field."""
    exchanges = list(open_capture(shared_corpus / "browser-news-b-1-normal.har").exchanges())
    gz = [ex for ex in exchanges if ex.body.startswith(b"\x1f\x8b")]
    assert gz, "expected PostHog's gzip batches"
    import gzip

    assert gzip.decompress(gz[0].body).lstrip().startswith((b"{", b"["))
