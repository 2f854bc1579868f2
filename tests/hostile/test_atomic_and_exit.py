"""Reports are written atomically, and the exit codes are the documented ones.

Atomicity is forced, not hoped for: the scan runs through a small launcher that makes the process
SIGKILL itself in the middle of writing a report (half the bytes out), or just before the rename, or
makes the write fail with ENOSPC. Whatever happens, the report path holds either nothing or the
previous complete report, byte for byte. A last test kills real scans at random moments.

Exit codes: 0 ok, 1 leaks found with --fail-on-leak, 2 bad input or usage (2 wins over 1).
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.hostile.harness import CAPTURES, PHONEHOME, ROOT, planted_email, recorded_har, run_limited

LAUNCHER = '''
import errno, os, signal, sys
import phonehome.atomic_write as jr

mode = os.environ["PHONEHOME_FAULT"]
real_fdopen, real_replace = os.fdopen, os.replace

class Half:
    def __init__(self, fh):
        self.fh = fh
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        return self.fh.__exit__(*exc)
    def write(self, data):
        if mode == "enospc":
            raise OSError(errno.ENOSPC, "No space left on device")
        self.fh.write(data[: len(data) // 2])
        self.fh.flush()
        os.kill(os.getpid(), signal.SIGKILL)
    def __getattr__(self, name):
        return getattr(self.fh, name)

def fdopen(fd, *args, **kwargs):
    return Half(real_fdopen(fd, *args, **kwargs))

def replace(src, dst):
    os.kill(os.getpid(), signal.SIGKILL)

if mode in ("mid-write", "enospc"):
    jr.os.fdopen = fdopen
elif mode == "before-rename":
    jr.os.replace = replace
sys.argv = ["phonehome", *sys.argv[1:]]
from phonehome.cli import main
main()
'''


def _faulty(tmp_path: Path, mode: str, *args: str | Path):
    launcher = tmp_path / "launch.py"
    launcher.write_text(LAUNCHER)
    import os

    env = dict(os.environ, PHONEHOME_FAULT=mode)
    return run_limited([sys.executable, launcher, *args], env=env, logs=tmp_path, cpu=60)


CAPTURE = CAPTURES / "app-posthog-py.har"
OUTPUTS = {"json": "--json", "html": "--html", "markdown": "--markdown"}


CASES = [
    *((fmt, mode, True) for fmt in sorted(OUTPUTS) for mode in ("mid-write", "before-rename")),
    ("json", "mid-write", False), ("json", "before-rename", False), ("json", "enospc", True),
]


@pytest.mark.parametrize("fmt,mode,previous", CASES,
                         ids=[f"{f}-{m}-{'over-previous' if p else 'fresh'}" for f, m, p in CASES])
def test_interrupted_report_write_leaves_nothing_or_the_previous_report(
    tmp_path: Path, fmt: str, mode: str, previous: bool,
) -> None:
    out = tmp_path / f"report.{fmt}"
    before = b""
    if previous:
        done = run_limited([*PHONEHOME, "scan", CAPTURE, OUTPUTS[fmt], out, "-q", "--workers", "1"], logs=tmp_path)
        assert done.returncode == 0, done.describe()
        before = out.read_bytes()
        assert before
    outcome = _faulty(tmp_path, mode, "scan", CAPTURE, OUTPUTS[fmt], out, "-q", "--workers", "1")
    if mode == "enospc":
        assert outcome.returncode == 2, f"a full disk should be a one-line error: {outcome.describe()}"
        assert "Traceback" not in outcome.stderr and "No space" in outcome.stderr, outcome.describe()
    else:
        assert outcome.returncode == -signal.SIGKILL, outcome.describe()
    if previous:
        assert out.read_bytes() == before, "the previous report was damaged"
    else:
        assert not out.exists(), f"a half report was left: {out.read_bytes()[:200]!r}"
    stray = [p.name for p in tmp_path.iterdir() if p.name.startswith(f".{out.name}.") and mode == "enospc"]
    assert not stray, f"temporary files left behind after a handled error: {stray}"


def test_random_kills_never_leave_a_half_report(tmp_path: Path) -> None:
    """SIGKILL real scans of every recorded capture (a large report) at random moments."""
    captures = sorted(CAPTURES.glob("*.flows"))
    out = tmp_path / "big.json"
    args = [*PHONEHOME, "scan", *captures, "--json", out, "-q", "--workers", "1"]
    first = subprocess.run(args, cwd=ROOT, capture_output=True, timeout=600, check=False)
    assert first.returncode == 0, first.stderr[-2000:]
    previous = out.read_bytes()
    json.loads(previous)
    rng = random.Random(10)
    started = time.monotonic()
    subprocess.run(args, cwd=ROOT, capture_output=True, timeout=600, check=True)
    full = time.monotonic() - started
    for _ in range(4):
        proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 1.0) * full)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert out.read_bytes() == previous or json.loads(out.read_bytes()), "half report"
        previous = out.read_bytes()


# --- exit codes -----------------------------------------------------------------------------------------


def _quiet_capture(path: Path) -> Path:
    """A recorded capture reduced to a top-level page load: nothing leaves for a third party."""
    har = recorded_har()
    entry = har["log"]["entries"][0]
    entry["request"]["method"] = "GET"
    entry["request"].pop("postData", None)
    entry["request"]["url"] = "https://www.example-news.test/"
    entry["_resourceType"] = "document"
    path.write_text(json.dumps(har))
    return path


def _exit(tmp_path: Path, *args: str | Path) -> int:
    outcome = run_limited([*PHONEHOME, *map(str, args)], logs=tmp_path, cpu=60)
    assert "Traceback" not in outcome.stderr, outcome.describe()
    return outcome.returncode


def test_exit_0_when_the_scan_ran(tmp_path: Path) -> None:
    assert _exit(tmp_path, "scan", CAPTURE, "-q", "--workers", "1") == 0
    assert _exit(tmp_path, "scan", _quiet_capture(tmp_path / "quiet.har"), "--fail-on-leak", "-q") == 0


def test_exit_1_with_fail_on_leak_and_leaks(tmp_path: Path) -> None:
    assert _exit(tmp_path, "scan", CAPTURE, "--canary", f"email={planted_email()}", "--fail-on-leak", "-q") == 1


@pytest.mark.parametrize("args", [
    ["scan", "missing.har"],
    ["scan", "empty.har"],
    ["scan", CAPTURE, "--canary", "no-equals"],
    ["scan", CAPTURE, "--workers", "0"],
    ["scan", CAPTURE, "--no-such-option"],
    ["scan"],
    ["no-such-command"],
    ["scan", CAPTURE, "empty.har", "--fail-on-leak"],
], ids=["missing", "empty", "bad-canary", "workers-0", "unknown-option", "no-capture", "unknown-command",
        "bad-input-beats-leaks"])
def test_exit_2_on_bad_input_or_usage(tmp_path: Path, args: list[str | Path]) -> None:
    (tmp_path / "empty.har").write_bytes(b"")
    outcome = run_limited([*PHONEHOME, *map(str, args)], logs=tmp_path, cwd=tmp_path, cpu=60)
    assert outcome.returncode == 2, outcome.describe()
    assert "Traceback" not in outcome.stderr, outcome.describe()
