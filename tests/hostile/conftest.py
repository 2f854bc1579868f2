"""Print what the limited children used: one line by default, a table per case with -v."""

from __future__ import annotations

import pytest
from tests.hostile.harness import CPU_LIMIT, FIGURES, MEMORY_LIMIT


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not FIGURES:
        return
    peak = max(FIGURES, key=lambda row: row[1])
    cpu = max(FIGURES, key=lambda row: row[2])
    terminalreporter.write_line(
        f"hostile: {len(FIGURES)} limited runs (RLIMIT_AS {MEMORY_LIMIT >> 20} MiB, RLIMIT_CPU {CPU_LIMIT} s unless "
        f"a case sets less); highest peak RSS {peak[1]:.0f} MiB ({peak[0]}), most CPU {cpu[2]:.1f} s ({cpu[0]})"
    )
    if terminalreporter.config.option.verbose > 0:
        for test, rss, seconds, status in FIGURES:
            terminalreporter.write_line(f"  {rss:6.0f} MiB {seconds:6.1f} s  exit {status:>3}  {test}")
