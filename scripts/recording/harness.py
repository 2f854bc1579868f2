"""Run mitmdump on loopback as a regular HTTP(S) proxy that answers everything, around one client.

One ``Proxy`` records one session into ``NAME.flows`` (``-w``) and ``NAME.har`` (``hardump``).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ADDON = HERE / "addon.py"


class RecordingError(RuntimeError):
    """A recording could not be made; the message says what to do."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Proxy:
    """mitmdump recording one session; use as a context manager."""

    mitmdump: Path
    confdir: Path
    flows: Path
    har: Path
    sites: dict[str, object] = field(default_factory=dict)
    log: Path | None = None
    port: int = 0
    _proc: subprocess.Popen | None = None

    @property
    def ca_cert(self) -> Path:
        return self.confdir / "mitmproxy-ca-cert.pem"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def client_env(self, base: dict[str, str] | None = None) -> dict[str, str]:
        """Environment for a client: proxy on loopback, mitmproxy's CA trusted."""
        env = dict(os.environ if base is None else base)
        for key in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"):
            env.pop(key, None)
        ca = str(self.ca_cert)
        env.update({
            "HTTPS_PROXY": self.url, "https_proxy": self.url, "HTTP_PROXY": self.url,
            "http_proxy": self.url, "REQUESTS_CA_BUNDLE": ca, "SSL_CERT_FILE": ca,
            "CURL_CA_BUNDLE": ca, "NODE_EXTRA_CA_CERTS": ca, "PHONEHOME_RECORD_PROXY": self.url,
        })
        return env

    def __enter__(self) -> Proxy:
        self.port = self.port or free_port()
        self.confdir.mkdir(parents=True, exist_ok=True)
        self.flows.parent.mkdir(parents=True, exist_ok=True)
        for p in (self.flows, self.har):
            p.unlink(missing_ok=True)
        cmd = [
            str(self.mitmdump), "--listen-host", "127.0.0.1", "--listen-port", str(self.port),
            "-s", str(ADDON), "-w", str(self.flows),
            "--set", f"hardump={self.har}", "--set", f"confdir={self.confdir}",
            # Never talk to a real server: answer from the addon before any upstream connection.
            "--set", "connection_strategy=lazy", "--set", "upstream_cert=false",
            "--set", f"record_sites={json.dumps(self.sites)}",
        ]
        logf = open(self.log, "w") if self.log else subprocess.DEVNULL  # noqa: SIM115
        self._proc = subprocess.Popen(cmd, stdout=logf, stderr=subprocess.STDOUT,
                                      start_new_session=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise RecordingError(f"mitmdump exited with {self._proc.returncode}; see {self.log}")
            if self.ca_cert.exists() and _listening(self.port):
                return self
            time.sleep(0.1)
        self.stop()
        raise RecordingError(f"mitmdump did not listen on 127.0.0.1:{self.port} within 30 s")

    def stop(self) -> None:
        if self._proc is None or self._proc.poll() is not None:
            return
        self._proc.send_signal(signal.SIGINT)  # graceful: the HAR is written on shutdown
        try:
            self._proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
            raise RecordingError("mitmdump did not stop within 30 s; the HAR may be missing") from None

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False
