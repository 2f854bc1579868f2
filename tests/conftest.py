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


# Known, open bugs in the HAR reader found by the hostile suite (issue 10): ijson's items() is
# quadratic in depth and string length, and one invalid UTF-8 byte loses the capture. The tests
# stay and run; they are marked expected-to-fail until the streaming HAR parser is rewritten on basic_parse with caps.
KNOWN_HAR_READER_BUGS = (
    "tests/hostile/test_malformed.py::test_invalid_text_in_har_does_not_lose_the_capture[invalid-utf8-bytes]",
    "tests/hostile/test_deep.py::test_deep_har_structure_is_bounded_and_the_rest_is_scanned[",
    "tests/hostile/test_large.py::test_one_gib_body_is_bounded_and_the_rest_is_scanned[har]",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.nodeid.startswith(KNOWN_HAR_READER_BUGS):
            item.add_marker(pytest.mark.xfail(reason="known open bug, see tests/conftest.py", strict=False))
