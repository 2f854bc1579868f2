"""One capture split across processes gives the report of a one-process scan, byte for byte."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import phonehome.detectors.seen as seen_values
import phonehome.findings_log as log
from phonehome.config import ScanConfig, load_canaries_file
from phonehome.decoders.base import Limits
from phonehome.model import Sighting
from phonehome.pipeline import CaptureResult, Scanner
from phonehome.report.json_report import report_to_json
from phonehome.run import Execution, reduce_results, scan_sessions
from phonehome.scale.local import plan
from phonehome.scale.shards import merge_parts, scan_part, scan_split, seen_timeline, unchecked
from phonehome.study.sessions import Session

CAPTURES = Path(__file__).parents[1] / "data" / "captures"
CANARIES = tuple(load_canaries_file(CAPTURES / "app-snowplow-py.canaries.json"))
SHALLOW = ScanConfig(limits=Limits(max_depth=1), canaries=CANARIES)
"""Decoding stops one level down: many limit errors, more than are listed per kind."""


def long_session(folder: Path, rounds: int = 4) -> Session:
    """A long recorded session: a browser session and two app sessions, recorded, played ``rounds`` times over.

    Repeats make the same findings and identifiers recur in every part (de-duplication across parts);
    the browser session's page loads make later requests first party (navigation state across parts).
    """
    entries = []
    for _ in range(rounds):
        for name in ("browser-news-c-1-normal.har", "app-snowplow-py.har", "app-sensors-py.har"):
            entries += json.loads((CAPTURES / name).read_text(encoding="utf-8"))["log"]["entries"]
    path = folder / "long-session.har"
    path.write_text(json.dumps({"log": {"version": "1.2", "creator": {"name": "mitmproxy"}, "entries": entries}}))
    return Session(path, "long")


def report_of(result: CaptureResult, session: Session) -> tuple[bytes, list[Sighting]]:
    """The JSON report of one capture, and its identifier sightings (the study reduce's input) in order."""
    return report_to_json(reduce_results([result], [session])), list(result.sightings)


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Session:
    return long_session(tmp_path_factory.mktemp("long"))


@pytest.mark.parametrize("config", [ScanConfig(canaries=CANARIES), SHALLOW], ids=["default", "shallow"])
@pytest.mark.parametrize(("parts", "block"), [(2, 1), (3, 1), (3, 4)])
def test_a_split_capture_gives_the_one_process_report(
    session: Session, config: ScanConfig, parts: int, block: int,
) -> None:
    scanner = Scanner(config)
    whole = report_of(scanner.scan_capture(session.capture, label=session.label), session)
    split = report_of(scan_split(scanner, session, parts, block), session)
    report = json.loads(whole[0])
    assert report["findings"] and whole[1]
    if config is SHALLOW:
        assert any("more limit hit" in e["message"] for e in report["errors"])
    assert split == whole


def test_de_duplicates_across_parts_on_disk(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(log, "SPILL_AT", 8)  # every log of the scan and of the merge goes to disk
    scanner = Scanner(SHALLOW)
    whole = scanner.scan_capture(session.capture, label=session.label)
    split = scan_split(scanner, session, 2, 1)
    assert whole.findings.on_disk and split.findings.on_disk and split.sightings.on_disk
    assert report_of(split, session) == report_of(whole, session)


def test_parts_that_agree_with_one_process_are_not_scanned_again(session: Session) -> None:
    scanner = Scanner(ScanConfig(canaries=CANARIES))
    first = [scan_part(scanner, session, k, 3, 1) for k in range(3)]
    assert all(p.lookups for p in first)  # digests were looked up, and every answer checked
    assert unchecked(first, seen_timeline(first)) == []


@pytest.mark.parametrize("bound", [2, 5])
def test_parts_whose_seen_values_differ_are_scanned_again(
    session: Session, monkeypatch: pytest.MonkeyPatch, bound: int,
) -> None:
    """The index of values seen in clear fills up at another point in a part: its digests are named otherwise."""
    monkeypatch.setattr(seen_values, "MAX_VALUES", bound)
    scanner = Scanner(ScanConfig(canaries=CANARIES))
    whole = report_of(scanner.scan_capture(session.capture, label=session.label), session)
    first = [scan_part(scanner, session, k, 2, 1) for k in range(2)]
    again = unchecked(first, seen_timeline(first))
    assert again  # this capture does need the second round, in some of its blocks only
    assert len(again) < sum(len(p.blocks) for p in first)
    assert report_of(merge_parts(first), session) != whole  # which the first round alone would get wrong
    assert report_of(scan_split(scanner, session, 2, 1), session) == whole


@pytest.mark.parametrize("cut", [0.5, 0.0])
def test_a_damaged_capture_gives_the_same_errors_split(tmp_path: Path, session: Session, cut: float) -> None:
    damaged = tmp_path / "damaged.har"
    data = session.capture.read_bytes()
    damaged.write_bytes(data[: int(len(data) * cut)] or b"not a capture")
    broken = Session(damaged, "damaged")
    scanner = Scanner(SHALLOW)
    whole = report_of(scanner.scan_capture(damaged, label="damaged"), broken)
    assert json.loads(whole[0])["errors"]
    assert report_of(scan_split(scanner, broken, 2, 1), broken) == whole


def test_workers_split_one_capture_and_the_report_is_identical(session: Session) -> None:
    one = scan_sessions([session], SHALLOW)
    assert plan([session], 2, split_bytes=1) == [2]
    pooled = scan_sessions([session], SHALLOW, execution=Execution(workers=2, split_bytes=1, block=3))
    assert report_to_json(pooled) == report_to_json(one)


def test_plan_splits_only_large_captures_and_by_their_share() -> None:
    big = CAPTURES / "browser-news-c-1-normal.har"
    small = sorted(p for p in CAPTURES.glob("app-*.har") if p.stat().st_size * 4 < big.stat().st_size)[:2]
    assert len(small) == 2
    sessions = [Session(big, "big")] + [Session(p, p.stem) for p in small]
    assert plan(sessions, 2, split_bytes=1) == [2, 1, 1]  # the big one is most of the work
    assert plan(sessions, 2, split_bytes=big.stat().st_size + 1) == [1, 1, 1]  # below the threshold
    assert plan(sessions, 1, split_bytes=1) == [1, 1, 1]
    assert plan([Session(big, "a"), Session(big, "b")], 2, split_bytes=1) == [1, 1]  # one each already
    assert plan([Session(big, "a")], 3, split_bytes=1) == [3]
