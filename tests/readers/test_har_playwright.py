"""HARs written by Playwright's recordHar (Debian Chromium), recorded next to a proxy recording of the same session.

``browser-blog-d-playwright-zip.playwright.zip``: ``recordHar`` to a .zip, every body a file beside
``har.har`` (``postData._file``). ``browser-jobs-l-playwright-har.playwright.har``: an embedded HAR of a
site whose SDK posts a gzip stream with fetch, which Playwright does not store.
"""

from __future__ import annotations

import gzip
import json
import zipfile
from pathlib import Path

import pytest
from tests.conftest import DATA
from tests.test_recorded_fixtures import attributed, holds

from phonehome.errors import CaptureError
from phonehome.model import Canary, Finding, Report
from phonehome.readers import open_capture
from phonehome.readers.har_attachments import BodyAccount
from phonehome.report.coverage import nothing_found
from phonehome.run import ScanConfig, Session, scan_sessions

CAPTURES = DATA / "captures"
ZIP = CAPTURES / "browser-blog-d-playwright-zip.playwright.zip"
EMBEDDED = CAPTURES / "browser-jobs-l-playwright-har.playwright.har"


def _spec(capture: Path) -> dict:
    return json.loads((CAPTURES / f"{capture.name.split('.')[0]}.canaries.json").read_text())


def _scan(capture: Path, planted: bool = True) -> Report:
    listed = _spec(capture)["canaries"] if planted else []
    canaries = tuple(Canary(c["kind"], c["value"], c.get("name")) for c in listed)
    return scan_sessions([Session(capture, capture.name, "normal")], ScanConfig(canaries=canaries))


def _keys(findings: list[Finding]) -> set[tuple[str, str, str, tuple[str, ...]]]:
    return {(f.kind, f.value, f.host, tuple(f.path[1:])) for f in findings}


def test_playwright_zip_is_read_with_its_attached_bodies() -> None:
    capture = open_capture(ZIP)
    assert capture.format == "har-zip"
    assert sum(1 for ex in capture.exchanges() if ex.body) >= 3  # Snowplow's posts, each from its own file
    report = _scan(ZIP)
    assert not report.errors
    for canary in _spec(ZIP)["truth"]["canaries"]:
        good = [f for f in report.findings if holds(f, canary) and f.host in canary["sent_to"]]
        assert good, canary
        assert any(attributed(f, canary) for f in good)


def test_bodies_attached_beside_a_har_are_read_like_the_zip(tmp_path: Path) -> None:
    with zipfile.ZipFile(ZIP) as archive:
        archive.extractall(tmp_path)
    beside = _scan(tmp_path / "har.har", planted=False)
    assert not beside.errors
    assert _keys(beside.findings) == _keys(_scan(ZIP, planted=False).findings)
    assert any(f.path[:2] == ["body", "json"] for f in beside.findings)
    for attached in tmp_path.glob("*.json"):
        attached.unlink()
    without = _scan(tmp_path / "har.har", planted=False)
    assert not any(f.path[0] == "body" for f in without.findings)
    (notice,) = [e.message for e in without.errors]
    assert "stored as attached files could not be read" in notice


def test_a_har_cannot_make_the_reader_open_files_outside_its_folder(tmp_path: Path) -> None:
    """A hostile HAR names ../secret and an absolute path as bodies: neither is ever read."""
    with zipfile.ZipFile(ZIP) as archive:
        har = json.loads(archive.read("har.har"))
    secret_body = json.dumps({"email": "leaked.secret@mailbox.test"}).encode()
    (tmp_path / "secret.json").write_bytes(secret_body)
    inner = tmp_path / "capture"
    inner.mkdir()
    posts = [e for e in har["log"]["entries"] if (e["request"].get("postData") or {}).get("_file")]
    posts[0]["request"]["postData"]["_file"] = "../secret.json"
    posts[1]["request"]["postData"]["_file"] = str(tmp_path / "secret.json")
    (inner / "har.har").write_text(json.dumps(har))
    report = _scan(inner / "har.har", planted=False)
    assert not [f for f in report.findings if "leaked.secret" in f.value]
    assert any("could not be read (../secret.json" in e.message for e in report.errors)


def test_an_embedded_playwright_har_says_which_bodies_it_lacks() -> None:
    """Playwright stores no body for Elastic APM's gzip fetch posts; the proxy recording of the session has them."""
    report = _scan(EMBEDDED)
    messages = [e.message for e in report.errors]
    assert any(m.startswith("3 request bodies") and "not in the HAR" in m for m in messages), messages
    assert not [f for f in report.findings if f.canary]
    assert "in what could be examined" in nothing_found(report)
    flows = _scan(CAPTURES / "browser-jobs-l-playwright-har.flows")
    assert {f.canary for f in flows.findings if f.canary} >= {"email", "user_id", "query"}
    assert not any(e.kind == "notice" for e in flows.errors)


def test_binary_bodies_decoded_as_text_are_counted_as_lost() -> None:
    """Chromium's HAR keeps a text/plain gzip body as UTF-8 text with U+FFFD in place of its bytes."""
    account = BodyAccount()
    raw = gzip.compress((CAPTURES / "browser-blog-d-playwright-zip.canaries.json").read_bytes())
    account.note_text(raw.decode("utf-8", "replace"))
    account.note_text('{"name": "caf\ufffd au lait", "query": "ordinary text with one replacement"}')
    assert account.garbled == 1
    (line,) = account.problems()
    assert line.startswith("1 request body is in the HAR as text with U+FFFD")


def test_a_zip_without_one_har_is_refused_clearly(tmp_path: Path) -> None:
    none = tmp_path / "notes.zip"
    with zipfile.ZipFile(none, "w") as archive:
        archive.writestr("README.txt", "not a capture")
    with pytest.raises(CaptureError, match="ZIP archive with no .har file in it"):
        list(open_capture(none).exchanges())
    two = tmp_path / "two.zip"
    with zipfile.ZipFile(ZIP) as src, zipfile.ZipFile(two, "w") as archive:
        archive.writestr("a/har.har", src.read("har.har"))
        archive.writestr("b/har.har", src.read("har.har"))
    with pytest.raises(CaptureError, match="holds 2 .har files"):
        list(open_capture(two).exchanges())
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(ZIP.read_bytes()[:4000])
    with pytest.raises(CaptureError, match="damaged ZIP archive"):
        list(open_capture(damaged).exchanges())
