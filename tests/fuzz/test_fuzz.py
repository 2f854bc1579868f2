"""Hypothesis over every reader, every decoder, the engine and a whole scan: only our errors escape.

``make test`` runs a few derandomised examples per target (PHONEHOME_FUZZ_EXAMPLES, default 20) so it
stays quick and reproducible; ``make fuzz`` (``scripts/fuzz.py``) runs the same targets for minutes
with fresh seeds, and atheris where asked.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from tests.fuzz.targets import targets

EXAMPLES = int(os.environ.get("PHONEHOME_FUZZ_EXAMPLES", "20"))
QUICK = settings(
    max_examples=EXAMPLES, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck),
)
TARGETS = targets()


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_only_phonehome_errors_escape(name: str) -> None:
    function, strategy = TARGETS[name]

    @QUICK
    @given(strategy())
    def run(args: tuple) -> None:
        function(*args)

    run()
