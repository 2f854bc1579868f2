"""The HTML report in a real browser (Debian's Chromium through playwright-core, offline).

Needs ``/usr/bin/chromium`` and ``tests/browser/node_modules`` (``cd tests/browser && npm ci``). Outside
CI the tests are skipped when either is missing; with ``CI=true`` they must run, so they fail instead.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from phonehome.report.html import render_html
from tests.conftest import CAPTURES, ROOT
from tests.report.factories import big_report

BROWSER_DIR = ROOT / "tests" / "browser"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = ROOT / "test-artifacts"
SESSIONS = ["app-sensors-py", "app-snowplow-py", "browser-blog-d-1-normal", "browser-blog-d-2-private"]


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    if not (BROWSER_DIR / "node_modules" / "playwright-core").is_dir():
        return "tests/browser/node_modules is missing (cd tests/browser && npm ci)"
    if shutil.which("node") is None:
        return "node is missing (apt-get install nodejs npm)"
    return None


@pytest.fixture(scope="module")
def browser() -> None:
    why = _missing()
    if why:
        if os.environ.get("CI") == "true":
            pytest.fail(f"the browser test must run in CI, but {why}")
        pytest.skip(why)
    ARTIFACTS.mkdir(exist_ok=True)


def open_in_chromium(page: Path, screenshot: Path) -> dict[str, Any]:
    proc = subprocess.run(
        ["node", str(BROWSER_DIR / "check_report.mjs"), str(page), str(screenshot)],
        capture_output=True, text=True, timeout=180, cwd=BROWSER_DIR,
        env={**os.environ, "CHROMIUM": str(CHROMIUM)},
    )
    assert proc.returncode == 0, proc.stderr
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def assert_quiet_offline_page(result: dict[str, Any]) -> None:
    assert result["requests"] == [result["url"]], "the page requested something besides itself"
    assert result["blocked"] == []
    assert result["consoleErrors"] == []
    assert result["pageErrors"] == []
    assert result["cspViolations"] == []
    assert result["scriptRan"], "the page script did not run (CSP hash mismatch?)"
    assert result["summaryVisible"]


def test_report_of_recorded_captures_in_chromium(browser: None, tmp_path: Path) -> None:
    report_json, page = tmp_path / "report.json", ARTIFACTS / "report.html"
    proc = subprocess.run(
        [sys.executable, "-m", "phonehome", "scan", *(str(CAPTURES / f"{s}.har") for s in SESSIONS[:-1]),
         "--private", str(CAPTURES / f"{SESSIONS[-1]}.har"), "--json", str(report_json), "--html", str(page),
         "--quiet"],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode in (0, 1), proc.stderr
    data = json.loads(report_json.read_text())
    result = open_in_chromium(page, ARTIFACTS / "report.png")
    assert_quiet_offline_page(result)
    for host in {f["host"] for f in data["findings"]}:
        assert host in result["summaryText"]
    chain = result["chain"]
    assert chain, "no decode chain is visible"
    shown = (chain["steps"], chain["value"])
    assert shown in [(f["path"], f["value"]) for f in data["findings"]], shown
    assert len(chain["steps"]) >= 3
    assert (ARTIFACTS / "report.png").stat().st_size > 20_000


def test_ten_thousand_findings_in_chromium(browser: None) -> None:
    page = ARTIFACTS / "report-10k.html"
    page.write_text(render_html(big_report(10_000)), encoding="utf-8")
    result = open_in_chromium(page, ARTIFACTS / "report-10k.png")
    assert_quiet_offline_page(result)
    assert result["chain"], "no decode chain is visible"
    assert result["domNodes"] < 100_000
    assert result["lazyInserted"] > 0 and result["lazyChainVisible"], "deferred evidence did not open"
    print(f"10,000 findings: {page.stat().st_size} bytes, loaded in {result['loadMs']} ms, "
          f"{result['domNodes']} elements")
