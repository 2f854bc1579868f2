"""Every recorded fixture, scored the way ../shared/tools/score.py scores the corpus.

The truth of each capture (tests/data/captures/NAME.canaries.json) was measured from the
recorded traffic by scripts/record_fixtures.py; these tests hold the whole pipeline to it.
"""

from __future__ import annotations

import hashlib
import json

import pytest

from phonehome.config import ScanConfig
from phonehome.model import Canary, Finding
from phonehome.run import scan_sessions
from phonehome.study.sessions import Session
from tests.conftest import CAPTURES

PERSONAL = {"email", "imei", "phone", "location", "visited_url", "search_query",
            "android_id", "adid", "mac", "user_id"}
FIXTURES = sorted(p.name.removesuffix(".canaries.json") for p in CAPTURES.glob("*.canaries.json"))


def norm(text: object) -> str:
    return str(text).lower().replace("+", " ").replace("%20", " ")


def holds(finding: Finding, canary: dict[str, str]) -> bool:
    value = norm(finding.value)
    match = norm(canary.get("match", canary["value"]))
    if canary.get("hashed"):
        digest = hashlib.new(canary["hashed"], canary["value"].encode()).hexdigest()
        return digest in value or (match in value and bool(finding.hashed))
    return match in value or norm(canary["value"]) in value


def attributed(finding: Finding, canary: dict[str, str]) -> bool:
    names = " ".join(norm(x or "") for x in (finding.sdk, finding.org))
    return norm(canary["sdk"]) in names or norm(canary["org"]) in names


def scan(name: str, fmt: str, planted: bool) -> tuple[list[Finding], dict[str, object]]:
    spec = json.loads((CAPTURES / f"{name}.canaries.json").read_text())
    canaries = tuple(Canary(c["kind"], c["value"], c.get("name")) for c in spec["canaries"]) if planted else ()
    truth = spec["truth"]
    session = Session(CAPTURES / f"{name}.{fmt}", name, truth.get("mode", "normal"))
    report = scan_sessions([session], ScanConfig(canaries=canaries))
    assert not [e for e in report.errors if e.kind == "capture"]
    return report.findings, truth


def false_positives(findings: list[Finding], truth: dict[str, object]) -> list[Finding]:
    canaries = truth["canaries"]
    assert isinstance(canaries, list)
    first_party = set(truth.get("first_party") or [])  # type: ignore[call-overload]
    return [
        f for f in findings
        if f.kind in PERSONAL and (f.host in first_party or not any(holds(f, c) for c in canaries))
    ]


@pytest.mark.parametrize("fmt", ["har", "flows"])
@pytest.mark.parametrize("name", FIXTURES)
def test_with_planted_values_every_leak_is_found_and_attributed(name: str, fmt: str) -> None:
    findings, truth = scan(name, fmt, planted=True)
    canaries = truth["canaries"]
    assert isinstance(canaries, list)
    for canary in canaries:
        good = [f for f in findings if holds(f, canary) and f.host in canary["sent_to"]]
        assert good, f"{canary['kind']} {canary['value']} not found sent to {canary['sent_to']}"
        assert any(attributed(f, canary) for f in good), [(f.sdk, f.org) for f in good]
    assert false_positives(findings, truth) == []


def test_blind_recall_and_no_false_positives() -> None:
    hit = total = 0
    for name in FIXTURES:
        findings, truth = scan(name, "flows", planted=False)
        assert false_positives(findings, truth) == [], name
        for canary in truth["canaries"]:  # type: ignore[attr-defined]
            total += 1
            hit += any(holds(f, canary) and f.host in canary["sent_to"] for f in findings)
    assert total > 100
    assert hit / total >= 0.9, f"blind recall {hit}/{total}"
