"""The scan contract end to end, through the console script as users and scorers run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from phonehome.report.schema import report_schema

PHONEHOME = [sys.executable, "-m", "phonehome"]


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*PHONEHOME, *map(str, args)], capture_output=True, text=True, timeout=300)


def findings_of(report: Path) -> set[tuple[str, str, str]]:
    data = json.loads(report.read_text())
    jsonschema.validate(data, report_schema())
    return {(f["host"], f["kind"], f["value"]) for f in data["findings"]}


@pytest.mark.parametrize("fmt", ["har", "flows"])
def test_every_corpus_capture_scans_and_validates(shared_corpus: Path, tmp_path: Path, fmt: str) -> None:
    for capture in sorted(shared_corpus.glob(f"*.{fmt}")):
        out = tmp_path / f"{capture.name}.json"
        proc = run("scan", capture, "--json", out, "--quiet")
        assert proc.returncode == 0, proc.stderr
        data = json.loads(out.read_text())
        jsonschema.validate(data, report_schema())
        assert data["captures"][0]["format"] == fmt
        assert data["captures"][0]["exchanges"] > 0


def test_har_and_flows_of_one_session_give_the_same_findings(shared_corpus: Path, tmp_path: Path) -> None:
    truth = json.loads((shared_corpus / "truth.json").read_text())
    for session in truth:
        canaries = tmp_path / "canaries.json"
        planted = [{"kind": c["kind"], "value": c["value"]} for c in session["canaries"]]
        canaries.write_text(json.dumps({"canaries": planted}))
        got = []
        for fmt in ("har", "flows"):
            out = tmp_path / f"{session['capture']}.{fmt}.json"
            capture = shared_corpus / f"{session['capture']}.{fmt}"
            proc = run("scan", capture, "--canaries", canaries, "--json", out, "-q")
            assert proc.returncode == 0, proc.stderr
            got.append(findings_of(out))
        assert got[0] == got[1], session["capture"]
        assert got[0], f"no findings in {session['capture']}"


BAD_INPUTS = {
    "missing": None,
    "empty": b"",
    "noise": bytes(range(256)) * 20,
    "png": b"\x89PNG\r\n\x1a\n" + bytes(100),
    "truncated": b'{"log": {"version": "1.2", "entries": [{"request": {"method": "GET", "url": "http://a.test/"',
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.har"
    if BAD_INPUTS[name] is not None:
        path.write_bytes(BAD_INPUTS[name])
    proc = run("scan", path, "--quiet")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and f"{name}.har" in lines[0], proc.stderr


def test_one_bad_capture_does_not_stop_the_others(shared_corpus: Path, tmp_path: Path) -> None:
    bad = tmp_path / "broken.har"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n")
    out = tmp_path / "r.json"
    proc = run("scan", shared_corpus / "app-posthog-py.har", bad, "--canary", "imei=355584139012714",
               "--json", out, "--quiet")
    assert proc.returncode == 2
    data = json.loads(out.read_text())
    jsonschema.validate(data, report_schema())
    assert any("broken.har" in e["message"] for e in data["errors"])
    assert any(f["value"] == "355584139012714" for f in data["findings"])


def test_bad_canary_option_is_a_usage_error(tmp_path: Path, shared_corpus: Path) -> None:
    proc = run("scan", shared_corpus / "app-posthog-py.har", "--canary", "no-equals-sign")
    assert proc.returncode == 2 and "KIND=VALUE" in proc.stderr and "Traceback" not in proc.stderr


def test_report_to_missing_directory_is_a_clear_error(tmp_path: Path, shared_corpus: Path) -> None:
    proc = run("scan", shared_corpus / "app-posthog-py.har", "--json", tmp_path / "nodir" / "r.json", "-q")
    assert proc.returncode == 2 and "does not exist" in proc.stderr


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600)])
def test_reports_get_a_normal_files_mode(tmp_path: Path, shared_corpus: Path, umask: int, mode: int) -> None:
    outs = [tmp_path / "r.json", tmp_path / "r.html", tmp_path / "r.md"]
    capture = shared_corpus / "app-posthog-py.har"
    args = ["scan", capture, "--json", outs[0], "--html", outs[1], "--markdown", outs[2], "-q"]
    proc = subprocess.run(
        [*PHONEHOME, *map(str, args)], capture_output=True, text=True, timeout=300,
        preexec_fn=lambda: os.umask(umask),
    )
    assert proc.returncode == 0, proc.stderr
    assert {out.name: out.stat().st_mode & 0o777 for out in outs} == dict.fromkeys((o.name for o in outs), mode)


def test_a_scan_that_read_nothing_is_not_called_clean(tmp_path: Path) -> None:
    """Terminal, Markdown and HTML all say the capture was not read, never "no personal data found"."""
    bad = tmp_path / "notes.har"
    bad.write_text("meeting notes, not a capture\n")
    md, html = tmp_path / "r.md", tmp_path / "r.html"
    proc = run("scan", bad, "--markdown", md, "--html", html)
    assert proc.returncode == 2
    for text in (proc.stdout, md.read_text(), html.read_text()):
        flat = " ".join(text.split()).replace("\\", "")
        assert "No personal data was found" not in flat
        assert "1 capture could not be read" in flat and "not a clean result" in flat
    assert "1 unreadable" in proc.stdout
    assert "[yellow]" not in proc.stdout and "warning: " in proc.stdout  # rich markup rendered, not shown


def test_no_findings_sentence_names_what_was_not_read() -> None:
    from phonehome.model import CaptureInfo, Report, ReportError
    from phonehome.report.coverage import nothing_found

    def info(name: str) -> CaptureInfo:
        return CaptureInfo(path=name, format="har", exchanges=3, mode="normal", label=name)

    clean = Report(version=1, tool="t", captures=[info("a.har"), info("b.har")])
    assert nothing_found(clean) == "No personal data was found leaving the device in these captures."
    for kind in ("limit", "notice"):  # a decoding limit, or bodies the HAR's exporter left out
        partial = Report(version=1, tool="t", captures=[info("a.har")], errors=[ReportError("a.har", "x", kind)])
        assert nothing_found(partial).startswith("No personal data was found leaving the device in what could be "
                                                 "examined; the problems listed say what could not be")
    mixed = Report(version=1, tool="t", captures=[info("a.har"), info("b.har")],
                   errors=[ReportError("b.har", "broken"), ReportError("b.har", "still broken")])
    assert nothing_found(mixed).startswith("No personal data was found in the 1 capture that could be read; "
                                           "1 capture could not be read")
