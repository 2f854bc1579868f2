"""Size: a 1 GiB single request body (HAR and flows), and very many tiny requests.

The 1 GiB body is larger than the child's whole address space (800 MiB): a reader that holds the
body whole cannot pass. Expected: the body is cut or skipped with the problem recorded, and the
recorded request after it still scanned.

Many requests: identical small GETs, so nothing a scan legitimately keeps (findings, sightings, the
per-capture state) grows with their number; peak RSS with N requests must stay within a few MiB of
peak RSS with N/10, which catches any per-request leak of more than ~100 bytes.

The 1 GiB scan gets 20 CPU seconds: skimming past a body costs a read of the file, not a parse of it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.hostile.harness import planted_email, scan, write_huge_flows, write_huge_har, write_many_har

GiB = 1 << 30


@pytest.mark.parametrize("fmt", ["har", "flows"])
def test_one_gib_body_is_bounded_and_the_rest_is_scanned(tmp_path: Path, fmt: str) -> None:
    capture = tmp_path / f"huge.{fmt}"
    (write_huge_har if fmt == "har" else write_huge_flows)(capture, GiB)
    try:
        outcome = scan([capture], tmp_path / "report.json", cpu=20)
    finally:
        capture.unlink()
    outcome.assert_bounded()
    assert outcome.found(planted_email()), outcome.errors
    assert outcome.errors, "a 1 GiB body was neither scanned nor reported"


def _peak(tmp_path: Path, count: int) -> float:
    capture = write_many_har(tmp_path / f"many-{count}.har", count)
    outcome = scan([capture], tmp_path / "report.json", cpu=600)
    capture.unlink()
    outcome.assert_bounded(allowed=(0,))
    assert outcome.report["captures"][0]["exchanges"] == count + 1
    assert outcome.found(planted_email())
    return outcome.peak_rss_mb


def _assert_flat(tmp_path: Path, count: int, slack_mb: float) -> None:
    small, large = _peak(tmp_path, count // 10), _peak(tmp_path, count)
    assert large - small <= slack_mb, f"peak RSS {small:.0f} MiB at {count // 10} requests, {large:.0f} MiB at {count}"


def test_fifty_thousand_requests_in_flat_memory(tmp_path: Path) -> None:
    """Peak RSS is flat to within 1 MiB here (64 MiB at 5,000 and at 50,000): 4 MiB of slack
    still catches a per-request leak of ~90 bytes."""
    _assert_flat(tmp_path, 50_000, slack_mb=4)


@pytest.mark.slow
def test_a_million_requests_in_flat_memory(tmp_path: Path) -> None:
    """1,000,000 entries (~190 MB of HAR), about a minute and a half of CPU."""
    _assert_flat(tmp_path, 1_000_000, slack_mb=8)

