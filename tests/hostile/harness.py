"""The hostile-input harness: run phonehome in a child process under hard resource limits.

Every case runs ``phonehome scan`` (or a small reader/engine script) in a subprocess whose address
space and CPU time are capped with ``setrlimit`` before it starts. A case passes only when the child
exits by itself (not killed by the kernel for CPU, not dead of a MemoryError traceback), so the bound
is asserted by the operating system, not by timing the run. Peak RSS and CPU seconds come from
``wait4`` (peak RSS from the child's own ``VmHWM``) and are kept on the outcome for the report.

Hostile captures are built by transforming real recorded captures (``tests/data/captures``): a
recorded request is copied and its body replaced, and the recorded request carrying a planted e-mail
is placed *after* the hostile one, so each case also proves the rest of the capture was scanned.
"""

from __future__ import annotations

import base64
import copy
import json
import os
import resource
import signal
import struct
import subprocess
import sys
import time
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CAPTURES = ROOT / "tests" / "data" / "captures"
SOURCE = "app-posthog-py"
"""The recorded session whose request (with a planted e-mail in clear) closes every hostile capture."""

MEMORY_LIMIT = 800 << 20
"""RLIMIT_AS of every child: address space, so a bomb that inflates in memory dies instead of swapping."""
CPU_LIMIT = 60
"""RLIMIT_CPU seconds of a child by default: SIGXCPU (then SIGKILL) when a case spins."""
WALL_FACTOR = 5
"""A child still running after WALL_FACTOR × its CPU limit of wall time is killed (it is blocked)."""
FIGURES: list[tuple[str, float, float, int]] = []
"""(test, peak RSS MiB, CPU s, exit status) of every limited child, for the session summary."""


@dataclass
class Outcome:
    """How one limited child ended."""

    args: list[str]
    returncode: int
    """Exit status; negative: killed by that signal."""
    stdout: str
    stderr: str
    peak_rss_mb: float
    """Peak resident set size of the child (its VmHWM sampled every 20 ms; wait4's ru_maxrss without /proc), MiB."""
    cpu_s: float
    """User + system CPU seconds of the child."""
    wall_s: float
    report: dict[str, Any] | None = None
    """The JSON report when one was asked for and written."""
    killed_after_wall: bool = False

    def describe(self) -> str:
        return (
            f"exit {self.returncode}, peak RSS {self.peak_rss_mb:.0f} MiB, CPU {self.cpu_s:.1f} s, "
            f"wall {self.wall_s:.1f} s\nstderr: {self.stderr[-2000:]}"
        )

    def assert_bounded(self, allowed: Iterable[int] = (0, 1, 2)) -> None:
        """The child ended by itself, within its limits, with a documented exit code and no traceback."""
        assert not self.killed_after_wall, f"blocked past the wall-clock guard: {self.describe()}"
        assert self.returncode != -signal.SIGXCPU and self.returncode != -signal.SIGKILL, (
            f"killed by the CPU limit: {self.describe()}"
        )
        assert self.returncode in set(allowed), self.describe()
        assert "Traceback" not in self.stderr, self.describe()
        assert "MemoryError" not in self.stderr, self.describe()

    @property
    def errors(self) -> list[dict[str, str]]:
        assert self.report is not None, self.describe()
        return list(self.report["errors"])

    def found(self, value: str) -> bool:
        assert self.report is not None, self.describe()
        return any(f["value"] == value for f in self.report["findings"])


def _limits(memory: int, cpu: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def run_limited(
    args: Sequence[str | Path], *, memory: int = MEMORY_LIMIT, cpu: int = CPU_LIMIT, cwd: Path | None = None,
    env: dict[str, str] | None = None, logs: Path | None = None, wall: float | None = None,
) -> Outcome:
    """Run ``args`` under RLIMIT_AS=``memory`` and RLIMIT_CPU=``cpu``; output goes to files, never pipes."""
    argv = [str(a) for a in args]
    logs = logs or Path(os.environ.get("TMPDIR", "/tmp"))
    out_path = logs / f"child-{os.getpid()}-{time.monotonic_ns()}.out"
    err_path = out_path.with_suffix(".err")
    start = time.monotonic()
    killed = False
    with out_path.open("wb") as out, err_path.open("wb") as err:
        proc = subprocess.Popen(
            argv, stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=cwd or ROOT,
            env=env, preexec_fn=lambda: _limits(memory, cpu),  # noqa: PLW1509 - the point of the harness
        )
        deadline = start + (wall if wall is not None else WALL_FACTOR * cpu + 30)
        hwm = 0.0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            hwm = max(hwm, _vm_hwm_mb(proc.pid))
            if time.monotonic() > deadline:
                proc.kill()
                killed = True
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        proc.returncode = os.waitstatus_to_exitcode(status)
    # wait4's ru_maxrss counts the forked copy of pytest before exec; the child's own high-water mark
    # (VmHWM, sampled every 20 ms) is the figure that matters. Without /proc, fall back to ru_maxrss.
    peak = hwm or usage.ru_maxrss / 1024
    FIGURES.append((os.environ.get("PYTEST_CURRENT_TEST", "?").split(" ")[0], peak,
                    usage.ru_utime + usage.ru_stime, proc.returncode))
    stdout = out_path.read_text(errors="replace")
    stderr = err_path.read_text(errors="replace")
    out_path.unlink()
    err_path.unlink()
    return Outcome(
        argv, proc.returncode, stdout, stderr, peak, usage.ru_utime + usage.ru_stime,
        time.monotonic() - start, killed_after_wall=killed,
    )


def _vm_hwm_mb(pid: int) -> float:
    """The process's own peak RSS so far (VmHWM), MiB; 0 when /proc does not say."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


PHONEHOME = [sys.executable, "-m", "phonehome"]


def scan(
    captures: Sequence[Path], out: Path, *extra: str | Path, memory: int = MEMORY_LIMIT, cpu: int = CPU_LIMIT,
    canary: str | None = None, wall: float | None = None,
) -> Outcome:
    """``phonehome scan CAPTURES --json OUT`` in one process (--workers 1), the planted e-mail as canary."""
    out.unlink(missing_ok=True)
    planted = canary if canary is not None else planted_email()
    args = [*PHONEHOME, "scan", *captures, "--json", out, "--quiet", "--workers", "1", "--canary", f"email={planted}"]
    outcome = run_limited([*args, *extra], memory=memory, cpu=cpu, logs=out.parent, wall=wall)
    if out.exists():
        outcome.report = json.loads(out.read_bytes())
    return outcome


# --- real recorded material -------------------------------------------------------------------


def planted_email() -> str:
    """The e-mail planted in clear in the source session (read from its recording's truth)."""
    data = json.loads((CAPTURES / f"{SOURCE}.canaries.json").read_text())
    return next(c["value"] for c in data["canaries"] if c.get("name") == "email")


def recorded_har() -> dict[str, Any]:
    """The source session's HAR as recorded by mitmproxy's hardump."""
    har: dict[str, Any] = json.loads((CAPTURES / f"{SOURCE}.har").read_text())
    return har


def recorded_entry() -> dict[str, Any]:
    """The recorded HAR entry carrying the planted e-mail (the request that must still be found)."""
    email = planted_email()
    for entry in recorded_har()["log"]["entries"]:
        if email in json.dumps(entry):
            return copy.deepcopy(entry)
    raise AssertionError(f"{SOURCE}.har no longer carries its planted e-mail; re-check the fixture")


def hostile_entry(body: bytes | None = None, headers: Sequence[tuple[str, str]] = (), url: str | None = None,
                  text: str | None = None) -> dict[str, Any]:
    """The recorded entry with its body replaced (base64 ``encoding``) and headers overridden."""
    entry = recorded_entry()
    request = entry["request"]
    if url is not None:
        request["url"] = url
    names = {name.lower() for name, _ in headers}
    request["headers"] = [h for h in request["headers"] if h["name"].lower() not in names | {"content-encoding"}]
    request["headers"] += [{"name": name, "value": value} for name, value in headers]
    if body is not None:
        request["postData"] = {"mimeType": "application/octet-stream", "text": base64.b64encode(body).decode(),
                               "encoding": "base64"}
    elif text is not None:
        request["postData"] = {"mimeType": "application/json", "text": text}
    return entry


def write_har(path: Path, entries: Iterable[Any], *, canary_last: bool = True) -> Path:
    """A HAR with ``entries`` then (unless told otherwise) the recorded request with the planted e-mail."""
    har = recorded_har()
    har["log"]["entries"] = [*entries, *([recorded_entry()] if canary_last else [])]
    path.write_text(json.dumps(har))
    return path


def recorded_flows() -> list[Any]:
    """The source session's flows, loaded with mitmproxy's own reader."""
    from mitmproxy.io import FlowReader

    with (CAPTURES / f"{SOURCE}.flows").open("rb") as fh:
        return list(FlowReader(fh).stream())


def write_flows(path: Path, bodies: Iterable[tuple[bytes, Sequence[tuple[str, str]]]], *,
                canary_last: bool = True) -> Path:
    """A flow file: the recorded flow once per ``(raw body, headers to set)``, then the recorded flow itself."""
    from mitmproxy.io import FlowWriter

    recorded = recorded_flows()
    with path.open("wb") as fh:
        writer = FlowWriter(fh)
        for body, headers in bodies:
            flow = recorded[0].copy()
            for name, value in headers:
                flow.request.headers[name] = value
            flow.request.raw_content = body
            flow.request.headers["Content-Length"] = str(len(body))
            writer.add(flow)
        if canary_last:
            for flow in recorded:
                writer.add(flow)
    return path


# --- bombs ---------------------------------------------------------------------------------------

MiB = 1 << 20
BOMB_HEAD = b'{"event": "x", "padding": "'
"""Bombs decompress to JSON-looking text, so even signature-less brotli is recognised and opened."""


def _chunks(size: int, fill: bytes = b"a") -> Iterable[bytes]:
    block = fill * MiB
    left = size
    while left > 0:
        yield block[: min(left, MiB)]
        left -= MiB


def gzip_bomb(size: int = 1 << 30, fill: bytes = b"\0") -> bytes:
    """A single gzip member that inflates to ``size`` bytes (1 GiB: ~1 MB), made in well under a second.

    The deflate stream of each MiB is flushed with Z_FULL_FLUSH, so after the first the compressed
    blocks repeat and are copied, not recompressed. ``fill`` zero: the "1 GB of zeros" of the issue.
    """
    assert size % MiB == 0
    block = fill * MiB
    engine = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = engine.compress(block) + engine.flush(zlib.Z_FULL_FLUSH)
    unit = engine.compress(block) + engine.flush(zlib.Z_FULL_FLUSH)
    end = engine.flush()
    crc = 0
    for _ in range(size // MiB):
        crc = zlib.crc32(block, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
    return header + first + unit * (size // MiB - 1) + end + struct.pack("<II", crc, size & 0xFFFFFFFF)


def brotli_bomb(size: int = 1 << 30) -> bytes:
    """Brotli of 1 GiB of JSON-looking text, its first meta-block flushed small.

    Brotli has no signature, so phonehome only opens a brotli body whose first meta-block is small
    and recognisable; this bomb's is (2 KB of JSON), and the next ones are 1 GiB.
    """
    import brotli

    engine = brotli.Compressor(quality=5)
    parts = [engine.process(BOMB_HEAD + b"a" * 2000), engine.flush()]
    parts += [engine.process(chunk) for chunk in _chunks(size - len(BOMB_HEAD) - 2000)]
    return b"".join([*parts, engine.finish()])


def zstd_bomb(size: int = 1 << 30) -> bytes:
    import zstandard

    engine = zstandard.ZstdCompressor(level=3).compressobj()
    parts = [engine.compress(BOMB_HEAD), *(engine.compress(chunk) for chunk in _chunks(size - len(BOMB_HEAD)))]
    return b"".join([*parts, engine.flush()])


# --- huge captures, written lazily ----------------------------------------------------------------------


def write_huge_har(path: Path, size: int, fill: bytes = b"a") -> Path:
    """The recorded HAR with a first entry whose body is ``size`` bytes of text, streamed to disk."""
    marker = "__HUGE_BODY__"
    har = recorded_har()
    har["log"]["entries"] = [hostile_entry(text=marker), recorded_entry()]
    head, tail = json.dumps(har).split(marker)
    block = fill * MiB
    with path.open("wb") as fh:
        fh.write(head.encode())
        for offset in range(0, size, MiB):
            fh.write(block[: min(MiB, size - offset)])
        fh.write(tail.encode())
    return path


class _Huge(bytes):
    """A bytes placeholder that tnetstring's dumper measures as ``size`` bytes long."""

    size = 0

    def __len__(self) -> int:
        return self.size


def write_huge_flows(path: Path, size: int, fill: bytes = b"\0") -> Path:
    """A flow file: the recorded flow with a ``size``-byte body, then the recorded flows.

    A body of zeros is left as a hole in a sparse file: instant to write, 1 GiB to read.
    """
    import collections

    from mitmproxy.io import FlowWriter, tnetstring

    recorded = recorded_flows()
    state = recorded[0].get_state()
    huge = _Huge(b"")
    huge.size = size
    state["request"]["content"] = huge
    chunks: collections.deque[bytes] = collections.deque()
    tnetstring._rdumpq(chunks, 0, state)
    block = fill * MiB
    with path.open("wb") as fh:
        for chunk in chunks:
            if chunk is huge and fill == b"\0":
                fh.seek(size, os.SEEK_CUR)
            elif chunk is huge:
                for offset in range(0, size, MiB):
                    fh.write(block[: min(MiB, size - offset)])
            else:
                fh.write(chunk)
        writer = FlowWriter(fh)
        for flow in recorded:
            writer.add(flow)
    return path


def write_many_har(path: Path, count: int) -> Path:
    """``count`` identical small GET entries, streamed, then the recorded request with the planted e-mail."""
    entry = json.dumps({
        "startedDateTime": "2026-01-01T00:00:00Z",
        "request": {"method": "GET", "url": "https://collect.tracker.test/pixel.gif?v=1&t=pageview",
                    "headers": [{"name": "User-Agent", "value": "hostile/1.0"}]},
        "response": {"status": 204, "headers": []},
    }).encode()
    har = recorded_har()
    har["log"]["entries"] = ["__MANY__", recorded_entry()]
    head, tail = json.dumps(har).split('"__MANY__"')
    with path.open("wb") as fh:
        fh.write(head.encode())
        written = 0
        while written < count:
            size = min(1000, count - written)
            fh.write((b"," if written else b"") + b",".join([entry] * size))
            written += size
        fh.write(tail.encode())
    return path


class GroupScan:
    """Several captures scanned in one limited run; a capture is re-scanned alone only when the group
    run did not end cleanly, so one crashing file cannot hide how the others fare."""

    def __init__(self, folder: Path, files: dict[str, Path]) -> None:
        self.folder = folder
        self.files = files
        self.group = scan(list(files.values()), folder / "group.json")
        self._alone: dict[str, Outcome] = {}

    @property
    def clean(self) -> bool:
        group = self.group
        return group.returncode in (0, 1, 2) and "Traceback" not in group.stderr and group.report is not None

    def outcome(self, name: str) -> Outcome:
        if self.clean:
            return self.group
        if name not in self._alone:
            self._alone[name] = scan([self.files[name]], self.folder / f"{name}.json")
        return self._alone[name]

    def capture(self, name: str) -> tuple[Outcome, list[dict[str, Any]], bool]:
        """(outcome, this capture's errors, was the planted e-mail found in this capture)."""
        outcome = self.outcome(name)
        outcome.assert_bounded()
        path = str(self.files[name])
        errors = [e for e in outcome.errors if e["capture"] == path]
        found = any(f["value"] == planted_email() and f["capture"] == path for f in outcome.report["findings"])
        return outcome, errors, found
