"""Decompression bombs, as request bodies (HAR) and as Content-Encoding (mitmproxy flows).

Each bomb inflates to 1 GiB; the child has 800 MiB of address space, so only a bounded decoder
survives. All bombs of a kind go in one capture, one after the other, followed by the recorded
request with the planted e-mail: one limited scan per kind (to keep the suite fast), then one
assertion per bomb that it was recorded as a limit hit in ``errors``.
"""

from __future__ import annotations

import base64
import gzip
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.hostile.harness import (
    MiB,
    Outcome,
    brotli_bomb,
    gzip_bomb,
    hostile_entry,
    planted_email,
    scan,
    write_flows,
    write_har,
    zstd_bomb,
)


def _nested() -> bytes:
    """gzip(base64(gzip(64 MiB of zeros))): each layer alone is harmless, the chain is a bomb."""
    return gzip.compress(base64.b64encode(gzip_bomb(64 * MiB)), 1)


def _members() -> bytes:
    """256 concatenated gzip members of 4 MiB each: no single member is big, the stream is 1 GiB."""
    return gzip_bomb(4 * MiB) * 256


BODY_BOMBS: dict[str, Callable[[], bytes]] = {
    "gzip-1GiB-zeros": gzip_bomb,
    "gzip-1GiB-text": lambda: gzip_bomb(fill=b"a"),
    "gzip-members": _members,
    "brotli": brotli_bomb,
    "zstd": zstd_bomb,
    "gzip-base64-gzip": _nested,
}

CODING_BOMBS: dict[str, tuple[Callable[[], bytes], str]] = {
    "gzip": (gzip_bomb, "gzip"),
    "br": (brotli_bomb, "br"),
    "zstd": (zstd_bomb, "zstd"),
    "deflate": (lambda: gzip_bomb()[10:-8], "deflate"),
    "gzip,gzip": (lambda: gzip.compress(gzip_bomb(), 1), "gzip, gzip"),
}


@pytest.fixture(scope="module")
def body_scan(tmp_path_factory: pytest.TempPathFactory) -> Outcome:
    folder = tmp_path_factory.mktemp("body-bombs")
    capture = write_har(folder / "bombs.har", [hostile_entry(BODY_BOMBS[name]()) for name in BODY_BOMBS])
    return scan([capture], folder / "report.json")


@pytest.fixture(scope="module")
def coding_scan(tmp_path_factory: pytest.TempPathFactory) -> Outcome:
    folder = tmp_path_factory.mktemp("coding-bombs")
    bodies = [(make(), [("Content-Encoding", coding)]) for make, coding in CODING_BOMBS.values()]
    return scan([write_flows(folder / "bombs.flows", bodies)], folder / "report.json")


def _limit_hits(outcome: Outcome, index: int) -> list[str]:
    prefix = f"exchange {index}:"
    return [e["message"] for e in outcome.errors if e["kind"] == "limit" and e["message"].startswith(prefix)]


def test_body_bombs_end_bounded_and_the_rest_is_scanned(body_scan: Outcome) -> None:
    body_scan.assert_bounded(allowed=(0,))
    assert body_scan.report["captures"][0]["exchanges"] == len(BODY_BOMBS) + 1
    assert body_scan.found(planted_email()), "the request after the bombs was not scanned"


@pytest.mark.parametrize("index,name", list(enumerate(BODY_BOMBS)))
def test_body_bomb_is_recorded_as_a_limit(body_scan: Outcome, index: int, name: str) -> None:
    body_scan.assert_bounded(allowed=(0,))
    assert _limit_hits(body_scan, index), f"{name}: not recorded in errors: {body_scan.errors}"


def test_content_encoding_bombs_end_bounded_and_the_rest_is_scanned(coding_scan: Outcome) -> None:
    coding_scan.assert_bounded(allowed=(0,))
    assert coding_scan.report["captures"][0]["exchanges"] == len(CODING_BOMBS) + 1
    assert coding_scan.found(planted_email()), "the request after the bombs was not scanned"


@pytest.mark.parametrize("index,name", list(enumerate(CODING_BOMBS)))
def test_content_encoding_bomb_is_recorded_as_a_limit(coding_scan: Outcome, index: int, name: str) -> None:
    coding_scan.assert_bounded(allowed=(0,))
    hits = _limit_hits(coding_scan, index)
    assert any("content-encoding" in hit for hit in hits), f"{name}: not recorded in errors: {coding_scan.errors}"


def test_large_brotli_body_costs_bounded_memory_and_cpu(tmp_path: Path) -> None:
    """A 20 MB brotli body of incompressible bytes: no bomb, an ordinary big upload.

    16 MiB of output is the cap, which gzip or zstd reach in a fraction of a second; the child gets
    800 MiB and 20 CPU seconds for the whole scan, start-up included.
    """
    import brotli

    body = brotli.compress(os.urandom(20 * MiB), quality=1)
    capture = write_flows(tmp_path / "big-br.flows", [(body, [("Content-Encoding", "br")])])
    outcome = scan([capture], tmp_path / "report.json", cpu=20)
    outcome.assert_bounded(allowed=(0,))
    assert outcome.found(planted_email())
