"""Shared test fixtures: where the recorded captures and the shared corpus live."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
CAPTURES = DATA / "captures"
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    """The visible corpus beside the repo (present in CI); skipped only outside CI when absent."""
    if not (SHARED_CORPUS / "truth.json").exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{SHARED_CORPUS} is missing in CI")
        pytest.skip("../shared/corpus not present")
    return SHARED_CORPUS
