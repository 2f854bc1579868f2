"""``phonehome record`` and ``phonehome addon``: real client traffic through the live proxy on loopback.

Findings must show up while the proxy runs (read from its stdout), and re-scanning the flow file
and HAR it saved must give the same findings. Upstream servers are local; nothing leaves the machine.
"""

from __future__ import annotations

import datetime
import http.server
import importlib.util
import json
import os
import queue
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from mitmproxy import http as mitm_http
from mitmproxy.io import FlowReader
from tests.conftest import DATA, ROOT
from typer.testing import CliRunner

from phonehome.config import ScanConfig, load_canaries_file
from phonehome.errors import ConfigError
from phonehome.model import Finding
from phonehome.pipeline import Scanner
from phonehome.readers.flows import FlowsReader
from phonehome.readers.har import HarReader
from phonehome.record import (
    RecordOptions,
    banner_lines,
    check_options,
    exposure_warning,
    format_finding,
    is_loopback,
    write_har,
)
from phonehome.record_cli import addon_command, record_command

PCAP = DATA / "pcap"
CLIENTS = ROOT / "scripts" / "recording" / "clients"
WAIT = 60.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Collector(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = b'{"status":1}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def collector(tls_dir: Path | None = None) -> Iterator[int]:
    """A local stand-in for the vendor's collector, plain HTTP or (with a fresh self-signed cert) HTTPS."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Collector)
    if tls_dir is not None:
        cert, key = self_signed(tls_dir)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()


def self_signed(folder: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "collector.pem", folder / "collector.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return cert_path, key_path


class Recorder:
    """``phonehome record`` as a child process, its stdout read line by line as it comes."""

    def __init__(self, tmp: Path, canaries: Path, extra: list[str] | None = None) -> None:
        self.port = free_port()
        self.flows, self.har, self.confdir = tmp / "live.flows", tmp / "live.har", tmp / "mitmproxy"
        cmd = [sys.executable, "-m", "phonehome.record_cli", "record", "-p", str(self.port), "-o", str(self.flows),
               "--har", str(self.har), "--confdir", str(self.confdir), "--canaries", str(canaries), *(extra or [])]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp)
        self.lines: list[str] = []
        self._queue: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self._queue.put(line.rstrip("\n"))

    def wait_for(self, predicate: object, what: str) -> None:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            try:
                self.lines.append(self._queue.get(timeout=0.2))
            except queue.Empty:
                if self.proc.poll() is not None:
                    break
                continue
            if predicate(self.lines[-1]):  # type: ignore[operator]
                return
        self.proc.kill()
        raise AssertionError(f"no {what} within {WAIT:.0f} s; stdout so far: {self.lines}; "
                             f"stderr: {self.proc.stderr.read() if self.proc.stderr else ''}")

    @property
    def proxy(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def findings(self) -> set[str]:
        return {line for line in self.lines if line.startswith("  ! ")}

    def stop(self, sig: int = signal.SIGINT) -> str:
        self.proc.send_signal(sig)
        out, err = self.proc.communicate(timeout=WAIT)
        self.lines += self._drain() + out.splitlines()
        assert self.proc.returncode == 0, err
        return err

    def _drain(self) -> list[str]:
        out = []
        while not self._queue.empty():
            out.append(self._queue.get())
        return out


@contextmanager
def recording(tmp: Path, canaries: Path, extra: list[str] | None = None) -> Iterator[Recorder]:
    recorder = Recorder(tmp, canaries, extra)
    try:
        recorder.wait_for(lambda line: "CA certificate:" in line, "start-up banner")
        yield recorder
    finally:
        if recorder.proc.poll() is None:
            recorder.proc.kill()
            recorder.proc.wait()


def rescan(path: Path, canaries: Path) -> list[Finding]:
    scanner = Scanner(ScanConfig(canaries=tuple(load_canaries_file(canaries))))
    result = scanner.scan_capture(path)
    assert not [e for e in result.errors if e.kind == "capture"], result.errors
    return result.findings


def check_saved_session(recorder: Recorder, canaries: Path) -> None:
    """Live findings == findings of the saved flows (same lines) == findings of the saved HAR."""
    assert recorder.findings, recorder.lines
    saved = rescan(recorder.flows, canaries)
    assert {format_finding(f) for f in saved} == recorder.findings
    from_har = rescan(recorder.har, canaries)
    assert {(f.host, f.kind, f.value) for f in from_har} == {(f.host, f.kind, f.value) for f in saved}
    assert any("stopped;" in line and "saved" in line for line in recorder.lines)


def sdk_python() -> str | None:
    """A Python with PostHog's SDK: this one (dev dependency) or the recording venv."""
    if importlib.util.find_spec("posthog") is not None:
        return sys.executable
    venv = ROOT / ".venv-record" / "bin" / "python"
    return str(venv) if venv.exists() else None


# Real SDK code through the live proxy ----------------------------------------------------------------


@pytest.mark.slow
def test_posthog_sdk_through_record_over_https(tmp_path: Path) -> None:
    python = sdk_python()
    if python is None:
        pytest.skip("PostHog's SDK is not installed (pip install posthog, or create .venv-record)")
    canaries = PCAP / "tls-apps.canaries.json"
    values = json.loads(canaries.read_text())["values"]
    with collector(tls_dir=tmp_path) as upstream, recording(
        tmp_path, canaries, ["--set", "ssl_insecure=true"]
    ) as recorder:
        plan = tmp_path / "plan.json"
        plan.write_text(json.dumps({"values": values, "host": f"https://localhost:{upstream}"}))
        ca = str(recorder.confdir / "mitmproxy-ca-cert.pem")
        env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
        env.update({"HTTPS_PROXY": recorder.proxy, "HTTP_PROXY": recorder.proxy,
                    "REQUESTS_CA_BUNDLE": ca, "SSL_CERT_FILE": ca})
        client = subprocess.run([python, str(CLIENTS / "posthog_app.py"), str(plan)], env=env,
                                capture_output=True, text=True, timeout=120)
        assert client.returncode == 0, client.stderr[-2000:]
        recorder.wait_for(lambda line: line.startswith("  ! "), "live finding")  # while still running
        recorder.stop()
    assert any(line.startswith(f"POST https://localhost:{upstream}/batch") for line in recorder.lines)
    kinds = {line.split(":")[0].strip("! ").split(" ")[0] for line in recorder.findings}
    assert {"email", "imei", "adid"} <= kinds
    check_saved_session(recorder, canaries)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_recorded_sdk_requests_replayed_through_record(tmp_path: Path, sig: int) -> None:
    """Sensors Analytics' own requests (recorded from the SDK) re-sent byte for byte through the proxy."""
    canaries = PCAP / "http-sensors.canaries.json"
    with (PCAP / "http-sensors.flows").open("rb") as fh:
        flows = [f for f in FlowReader(fh).stream() if isinstance(f, mitm_http.HTTPFlow)]
    with collector() as upstream, recording(tmp_path, canaries) as recorder:
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({"http": recorder.proxy}))
        for flow in flows:
            request = urllib.request.Request(
                f"http://127.0.0.1:{upstream}{flow.request.path}", data=flow.request.raw_content,
                method=flow.request.method,
                headers={k: v for k, v in flow.request.headers.items() if k.lower() not in ("host", "content-length")},
            )
            with opener.open(request, timeout=30) as response:
                assert response.status == 200
        recorder.wait_for(lambda line: line.startswith("  ! "), "live finding")
        recorder.stop(sig)
    assert len([line for line in recorder.lines if line.startswith("POST ")]) == len(flows)
    check_saved_session(recorder, canaries)
    assert [e.body for e in FlowsReader().read(recorder.flows, [])] == [f.request.raw_content for f in flows]


def test_addon_runs_inside_mitmdump(tmp_path: Path) -> None:
    path = Path(CliRunner().invoke(_app(), ["addon"]).stdout.strip())
    assert path.name == "addon.py" and path.exists()
    mitmdump = Path(sys.executable).parent / "mitmdump"
    port = free_port()
    canaries = PCAP / "http-sensors.canaries.json"
    with (PCAP / "http-sensors.flows").open("rb") as fh:
        flow = next(f for f in FlowReader(fh).stream() if isinstance(f, mitm_http.HTTPFlow))
    proc = subprocess.Popen(
        [str(mitmdump), "--listen-host", "127.0.0.1", "-p", str(port), "-s", str(path), "--set", "flow_detail=0",
         "--set", f"confdir={tmp_path / 'conf'}", "--set", f"phonehome_canaries={canaries}",
         "--set", "termlog_verbosity=warn"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
                time.sleep(0.1)
        with collector() as upstream:
            opener = urllib.request.build_opener(urllib.request.ProxyHandler({"http": f"http://127.0.0.1:{port}"}))
            request = urllib.request.Request(f"http://127.0.0.1:{upstream}{flow.request.path}",
                                             data=flow.request.raw_content, method="POST",
                                             headers={"Content-Type": flow.request.headers["content-type"]})
            opener.open(request, timeout=30).close()
            time.sleep(1)
    finally:
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=WAIT)
    assert "imei [imei]:" in out and "android_id" in out, out


# Options and messages ----------------------------------------------------------------------------


def _app():  # type: ignore[no-untyped-def]
    import typer

    app = typer.Typer()
    app.command("record")(record_command)
    app.command("addon")(addon_command)
    return app


def test_port_in_use_is_one_clear_error(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(_app(), ["record", "-p", str(port), "-o", str(tmp_path / "x.flows")])
    assert result.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr and "-p PORT" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("args", "message"), [
    (["--mode", "secret"], "--mode 'secret'"),
    (["-p", "70000"], "--port 70000"),
    (["--set", "nonsense"], "--set 'nonsense'"),
    (["--canary", "email"], "--canary 'email'"),
])
def test_bad_options_are_one_line_errors(tmp_path: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(_app(), ["record", "-o", str(tmp_path / "x.flows"), *args])
    assert result.exit_code == 2 and message in result.stderr, result.output


def test_output_paths_are_checked_before_listening(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        check_options(RecordOptions(flows=tmp_path / "missing" / "x.flows", port=free_port()))
    with pytest.raises(ConfigError, match="same file as -o"):
        check_options(RecordOptions(flows=tmp_path / "x.flows", har=tmp_path / "x.flows", port=free_port()))
    with pytest.raises(ConfigError, match="is a directory"):
        check_options(RecordOptions(flows=tmp_path, port=free_port()))


def test_banner_says_how_to_connect_and_where_the_ca_is(tmp_path: Path) -> None:
    text = "\n".join(banner_lines(RecordOptions(flows=tmp_path / "s.flows", port=8181, confdir=tmp_path)))
    assert "127.0.0.1:8181" in text and "http://mitm.it" in text and "adb reverse tcp:8181" in text
    assert str(tmp_path / "mitmproxy-ca-cert.pem") in text
    assert "--listen-host 0.0.0.0" in text
    default = "\n".join(banner_lines(RecordOptions(flows=tmp_path / "s.flows")))
    assert str(Path("~/.mitmproxy").expanduser() / "mitmproxy-ca-cert.pem") in default


def test_listening_beyond_loopback_warns_loudly(tmp_path: Path) -> None:
    options = RecordOptions(flows=tmp_path / "s.flows", listen_host="0.0.0.0", port=8181)
    warning = "\n".join(exposure_warning(options))
    assert "WARNING" in warning and "0.0.0.0:8181" in warning and "Anyone" in warning
    assert any("port 8181" in line and "proxy" in line for line in banner_lines(options))


def test_har_is_written_from_the_flow_file(tmp_path: Path) -> None:
    har = tmp_path / "out.har"
    assert write_har(PCAP / "tls-apps.flows", har) == 5
    from_har = [(e.method, e.url) for e in HarReader().read(har, [])]
    assert from_har == [(e.method, e.url) for e in FlowsReader().read(PCAP / "tls-apps.flows", [])]
    assert not list(tmp_path.glob(".*.tmp"))
    assert har.stat().st_mode & 0o044  # a normal file, not mkstemp's private mode


@pytest.mark.parametrize(("host", "loopback"), [
    ("127.0.0.1", True), ("127.0.0.2", True), ("::1", True), ("[::1]", True), ("localhost", True),
    ("0.0.0.0", False), ("192.168.1.5", False), ("::", False), ("phone-lab.example", False),
])
def test_only_loopback_addresses_count_as_private(host: str, loopback: bool) -> None:
    """127.0.0.2 is as private as 127.0.0.1; 0.0.0.0 and a LAN address expose the proxy."""
    assert is_loopback(host) is loopback
