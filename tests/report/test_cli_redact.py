"""End to end: ``scan --redact --json --html --markdown`` on recorded captures leaves no planted value."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest

from tests.conftest import CAPTURES
from tests.report.htmlcheck import unpack_all

SESSIONS = ["app-sensors-py", "app-snowplow-py", "browser-blog-d-1-normal", "browser-blog-d-2-private"]
MIN_CHECKED = 4  # shorter planted values ("10") are everywhere in any text; see redact.MIN_SUBSTRING


def planted(sessions: list[str]) -> tuple[list[dict[str, str]], set[str]]:
    canaries, values = [], set()
    for name in sessions:
        data = json.loads((CAPTURES / f"{name}.canaries.json").read_text())
        canaries += data["canaries"]
        truth = data["truth"]
        values |= {str(v) for v in truth["values"].values()}
        for c in truth["canaries"]:
            values |= {str(c["value"]), str(c.get("match") or c["value"])}
    return canaries, {v for v in values if len(v) >= MIN_CHECKED}


def forms(value: str) -> set[str]:
    out = {value, quote(value, safe=""), quote_plus(value), quote(value, safe="/:"), quote(value)}
    return {f.lower() for f in out}


def scan(tmp_path: Path, *extra: str) -> dict[str, Path]:
    canaries, _ = planted(SESSIONS)
    canary_file = tmp_path / "canaries.json"
    canary_file.write_text(json.dumps({"canaries": canaries}))
    outs = {"json": tmp_path / "r.json", "html": tmp_path / "r.html", "markdown": tmp_path / "r.md"}
    args = [sys.executable, "-m", "phonehome", "scan", *(str(CAPTURES / f"{s}.har") for s in SESSIONS[:-1]),
            "--private", str(CAPTURES / f"{SESSIONS[-1]}.har"), "--canaries", str(canary_file), "--quiet",
            *(x for kind, path in outs.items() for x in (f"--{kind}", str(path))), *extra]
    proc = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert proc.returncode in (0, 1), proc.stderr
    return outs


def output_text(path: Path) -> str:
    """The file's text, plus what a reader sees: deferred HTML evidence unpacked, Markdown unescaped."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        return text + unpack_all(text) + html.unescape(text)
    if path.suffix == ".md":
        return text + re.sub(r"\\(.)", r"\1", text)
    return text


@pytest.fixture(scope="module")
def values() -> set[str]:
    for name in SESSIONS:
        if not (CAPTURES / f"{name}.har").exists():
            pytest.fail(f"recorded fixture {name}.har is missing from {CAPTURES}")
    return planted(SESSIONS)[1]


def test_without_redact_the_planted_values_are_in_the_outputs(tmp_path: Path, values: set[str]) -> None:
    outs = scan(tmp_path)
    text = output_text(outs["json"]).lower()
    seen = {v for v in values if any(f in text for f in forms(v))}
    assert len(seen) >= 8, f"the scan found too few planted values for this test to mean anything: {seen}"


def test_redacted_outputs_contain_no_planted_value(tmp_path: Path, values: set[str]) -> None:
    outs = scan(tmp_path, "--redact")
    data = json.loads(outs["json"].read_text())
    assert data["findings"], "the redacted report lost its findings"
    assert all(f["value"].startswith("«redacted:") for f in data["findings"])
    for kind, path in outs.items():
        text = output_text(path).lower()
        leaked = sorted(v for v in values if any(f in text for f in forms(v)))
        assert leaked == [], f"{kind} output {path.name} still contains {leaked}"
