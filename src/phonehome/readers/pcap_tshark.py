"""Running Wireshark's ``tshark`` as a bounded child process and streaming its output lines.

tshark does the hard parts of reading a packet capture (TCP reassembly, TLS decryption with a key
log or with secrets embedded in pcapng, HTTP/1.x and HTTP/2 dissection); phonehome only reads its
Elasticsearch-style output (``-T ek``: one JSON document per line), so memory stays flat however
large the capture. Every run has a deadline proportional to the file size and is killed when the
reader stops early, fails, or runs out of time.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

INSTALL_HINT = (
    "install Wireshark's tshark (Debian/Ubuntu: sudo apt-get install tshark; Fedora: sudo dnf install "
    "wireshark-cli; macOS: brew install wireshark), or set PHONEHOME_TSHARK to its path"
)
"""What to tell a user whose machine has no tshark."""

BASE_SECONDS = 60.0
"""Deadline of a tshark run on an empty file, in seconds."""
SECONDS_PER_MB = 3.0
"""Extra time allowed per megabyte of capture (measured: about 0.04 s/MB for TLS decryption and HTTP)."""

_NOISE = ("Running as user", "This could be dangerous")


class TsharkMissing(Exception):
    """No tshark executable could be found."""


@dataclass
class TsharkFailure(Exception):
    """tshark exited with an error, or ran out of time."""

    returncode: int | None
    """Exit status, None when it was killed at its deadline."""
    stderr: list[str]
    """Its meaningful error lines (the "running as root" notice is dropped)."""
    timed_out: bool = False
    """True when the run was killed at its deadline."""

    def summary(self) -> str:
        """The first meaningful error line, shortened, or a generic phrase."""
        for line in self.stderr:
            text = line.strip().removeprefix("tshark: ").strip()
            if text:
                return text[:200]
        return f"exit status {self.returncode}"


def find_tshark(explicit: str | None = None) -> str:
    """Return the tshark executable: ``explicit``, $PHONEHOME_TSHARK, or ``tshark`` on PATH."""
    candidate = explicit or os.environ.get("PHONEHOME_TSHARK") or "tshark"
    found = shutil.which(candidate)
    if found is None:
        raise TsharkMissing(candidate)
    return found


def deadline_for(path: Path) -> float:
    """Seconds a tshark run over ``path`` may take before it is killed."""
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    return BASE_SECONDS + SECONDS_PER_MB * size / 1_000_000


class TsharkRun:
    """One tshark process whose stdout lines are streamed; use as a context manager.

    stderr is drained by a thread into a bounded buffer (so a chatty tshark never blocks), a timer
    kills the process at its deadline, and leaving the ``with`` block kills it if still running.
    """

    def __init__(self, args: list[str], timeout: float) -> None:
        self.args = args
        self.timeout = timeout
        self.timed_out = False
        self._stderr: deque[str] = deque(maxlen=50)
        self._proc: subprocess.Popen[bytes] | None = None
        self._timer: threading.Timer | None = None
        self._reader: threading.Thread | None = None
        self._confdir: tempfile.TemporaryDirectory[str] | None = None

    def __enter__(self) -> TsharkRun:
        # An empty personal configuration: the user's Wireshark preferences (disabled protocols,
        # changed ports) must not change what phonehome reads.
        self._confdir = tempfile.TemporaryDirectory(prefix="phonehome-tshark-")
        env = dict(os.environ, WIRESHARK_CONFIG_DIR=self._confdir.name, LC_ALL="C")
        self._proc = subprocess.Popen(
            self.args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
        )
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()
        self._timer = threading.Timer(self.timeout, self._expire)
        self._timer.daemon = True
        self._timer.start()
        return self

    def _drain(self) -> None:
        assert self._proc is not None and self._proc.stderr is not None
        for raw in self._proc.stderr:
            line = raw.decode("utf-8", "replace").rstrip()
            if line and not any(n in line for n in _NOISE):
                self._stderr.append(line)

    def _expire(self) -> None:
        self.timed_out = True
        self._kill()

    def _kill(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()

    def lines(self) -> Iterator[bytes]:
        """Stream stdout lines; at the end raise TsharkFailure if tshark failed or timed out."""
        assert self._proc is not None and self._proc.stdout is not None
        yield from self._proc.stdout
        returncode = self._proc.wait()
        if self.timed_out or returncode != 0:
            raise TsharkFailure(None if self.timed_out else returncode, list(self._stderr), self.timed_out)

    @property
    def stderr(self) -> list[str]:
        """Meaningful stderr lines so far (warnings such as a cut-short file)."""
        return list(self._stderr)

    def __exit__(self, *exc: object) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._kill()
        if self._proc is not None:
            self._proc.wait()
            if self._reader is not None:
                self._reader.join(timeout=5)
            for stream in (self._proc.stdout, self._proc.stderr):
                if stream is not None:
                    stream.close()
        if self._confdir is not None:
            self._confdir.cleanup()
