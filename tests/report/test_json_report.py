"""The JSON report is written streaming, byte for byte what orjson writes for the whole report."""

from __future__ import annotations

import dataclasses

import orjson
import pytest

from phonehome.atomic_write import write_atomic
from phonehome.config import ScanConfig
from phonehome.findings_log import findings_log
from phonehome.report.json_report import load_report, report_chunks
from phonehome.run import scan_sessions
from phonehome.study.sessions import Session
from tests.conftest import CAPTURES
from tests.report.factories import big_report, small_report

WHOLE = orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE


def whole(report: object) -> bytes:
    """What the writer wrote before it streamed: one orjson.dumps of the report, findings as a list."""
    return orjson.dumps(dataclasses.replace(report, findings=list(report.findings)), option=WHOLE)  # type: ignore


@pytest.mark.parametrize("fixture", sorted(p.name for p in CAPTURES.glob("*.flows"))[:6])
def test_streamed_report_of_a_recorded_capture_is_byte_identical(fixture: str) -> None:
    report = scan_sessions([Session(CAPTURES / fixture, fixture)], ScanConfig())
    assert len(report.findings)
    assert b"".join(report_chunks(report)) == whole(report)


def test_streamed_report_is_byte_identical_for_small_empty_and_spilled_reports(monkeypatch, tmp_path) -> None:
    import phonehome.findings_log as log
    import phonehome.report.json_report as json_report

    monkeypatch.setattr(json_report, "_CHUNK", 4096)  # several pieces
    for report in (small_report(), dataclasses.replace(small_report(), findings=[], identifiers=[])):
        assert b"".join(report_chunks(report)) == whole(report)
    monkeypatch.setattr(log, "SPILL_AT", 100)
    big = big_report(1000)
    spilled = dataclasses.replace(big, findings=log.RecordLog(log.FINDINGS, big.findings, spill_at=100))
    assert spilled.findings.on_disk
    out = tmp_path / "r.json"
    write_atomic(out, report_chunks(spilled))
    assert out.read_bytes() == whole(big)
    assert list(load_report(out).findings) == list(big.findings)


def test_loaded_findings_are_a_log() -> None:
    assert list(findings_log(small_report().findings)) == small_report().findings
