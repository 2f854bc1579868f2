"""phonehome opens no connection of its own: every command over every fixture, with the network refused
and every attempt recorded.

Two independent witnesses:

- an audit hook (``guard/sitecustomize.py``, loaded by every Python process through PYTHONPATH,
  worker processes included) records and refuses internet sockets, connects, binds, sends, name
  look-ups, urllib requests and the stdlib clients, records every process started (argv), and the
  import of any module that fetches at run time (tldextract would download the Public Suffix List;
  phonehome must use the snapshot bundled with ``publicsuffixlist``);
- ``strace -f -e trace=%network`` (when installed) sees the system calls of the whole process tree,
  C extensions and child programs such as tshark included: no internet socket may even be created.

``record`` must use the network, but only loopback: the proxy listens on 127.0.0.1 and forwards a
real client's requests to a local server. There the guard runs with ``PHONEHOME_NET_ALLOW=loopback``
(literal loopback addresses allowed and recorded as such, anything else recorded and refused) and
strace may see internet sockets, but no connect, bind or send to an address outside 127.0.0.0/8 or
::1, and nothing to port 53.
"""

from __future__ import annotations

import http.server
import json
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from mitmproxy import http as mitm_http
from mitmproxy.io import FlowReader

from phonehome.readers.flows import FlowsReader
from phonehome.readers.har import HarReader

ROOT = Path(__file__).resolve().parents[2]
GUARD = Path(__file__).resolve().parent / "guard"
FIXTURE_DIRS = {
    "captures": ROOT / "tests" / "data" / "captures",
    "mibrowser": ROOT / "examples" / "mibrowser" / "captures",
    "har-variety": ROOT / "tests" / "data" / "har-variety",
    "pcap": ROOT / "tests" / "data" / "pcap",
}
CAPTURE_GLOBS = ("*.har", "*.flows", "*.pcap", "*.pcapng")
NETWORK_TOOLS = {"curl", "wget", "nc", "ncat", "netcat", "ssh", "scp", "ping", "dig", "nslookup", "host", "git",
                 "pip", "npm", "apt-get", "socat", "telnet", "ftp"}


def fixtures(folder: Path) -> list[Path]:
    return sorted(p for pattern in CAPTURE_GLOBS for p in folder.glob(pattern))


def guard_env(log: Path, *, loopback: bool = False) -> dict[str, str]:
    """The environment that loads the guard (logging to ``log``); sources on PYTHONPATH stay first."""
    path = [str(GUARD), str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(path), PHONEHOME_NET_LOG=str(log))
    for name in [name for name in env if name.lower().endswith("_proxy")]:
        del env[name]
    env.pop("PHONEHOME_NET_ALLOW", None)
    if loopback:
        env["PHONEHOME_NET_ALLOW"] = "loopback"
    return env


def with_strace(argv: list[str], trace: Path, strace: bool) -> list[str]:
    return ["strace", "-f", "-qq", "-e", "trace=%network", "-o", str(trace), *argv] if strace else argv


def read_records(log: Path) -> list[dict]:
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


def guarded(args: list[str | Path], tmp_path: Path, *, strace: bool = False) -> tuple[subprocess.CompletedProcess[str],
                                                                                       list[dict], str]:
    """Run ``phonehome ARGS`` under the guard; (process, audit records, strace log)."""
    log = tmp_path / "net.jsonl"
    trace = tmp_path / "strace.log"
    argv = with_strace([sys.executable, "-m", "phonehome", *map(str, args)], trace, strace)
    proc = subprocess.run(argv, capture_output=True, text=True, env=guard_env(log), cwd=tmp_path, timeout=600,
                          check=False)
    return proc, read_records(log), trace.read_text() if trace.exists() else ""


def assert_no_network(proc: subprocess.CompletedProcess[str], records: list[dict], allowed: tuple[int, ...]) -> None:
    """Clean exit, no refused network attempt recorded (loopback-mode ``allowed`` records aside), no network tool."""
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert proc.returncode in allowed, (proc.returncode, proc.stderr[-3000:])
    processes = {"subprocess.Popen", "os.posix_spawn", "os.exec", "os.spawn"}
    attempts = [r for r in records if r["event"] not in processes and not r.get("allowed")]
    assert not attempts, f"network attempted: {attempts}"
    for record in records:
        if record["event"] in {"subprocess.Popen", "os.posix_spawn", "os.exec", "os.spawn"}:
            program = Path(record["args"][0].strip("'\"b")).name
            assert program not in NETWORK_TOOLS, f"started a network tool: {record}"
            if program == "tshark":
                assert "'-n'" in record["args"][1], f"tshark without -n resolves names: {record}"


EXTERNAL = re.compile(r"""<[a-z]+[^>]*\b(?:src|href|action|data|poster)\s*=\s*["']?\s*(?:https?:)?//|"""
                      r"""url\(\s*["']?\s*(?:https?:)?//|@import""", re.IGNORECASE)


def assert_html_loads_nothing(path: Path) -> None:
    """Opening the HTML report must not phone home either: nothing external, and a CSP forbidding it."""
    html = path.read_text()
    assert not EXTERNAL.search(html), EXTERNAL.search(html)
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert policy and "default-src 'none'" in policy.group(1) and "connect-src 'none'" in policy.group(1)


HAS_STRACE = shutil.which("strace") is not None
INET_CALL = re.compile(r"\b(socket|connect|sendto|sendmsg|bind)\((?:\d+, )?\{?(?:sa_family=)?AF_INET6?\b")
ADDRESSED_CALL = re.compile(r"\b(connect|sendto|sendmsg|bind)\(\d+, .*?sa_family=AF_INET6?\b(?P<rest>.*)")
LOOPBACK_ADDRESS = re.compile(r'inet_addr\("127\.[0-9.]+"\)|inet_pton\(AF_INET6, "(?:::1|::ffff:127\.[0-9.]+)"\)')


def beyond_loopback(trace: str) -> list[str]:
    """The system calls in a strace log that address an internet host other than loopback, or port 53."""
    calls = []
    for line in trace.splitlines():
        match = ADDRESSED_CALL.search(line)
        if match and (not LOOPBACK_ADDRESS.search(match["rest"]) or "htons(53)" in match["rest"]):
            calls.append(line)
    return calls


def test_scan_of_every_fixture_opens_no_connection(tmp_path: Path) -> None:
    """Every fixture, every report format, in one process; under strace too where it is installed."""
    captures = [p for folder in FIXTURE_DIRS.values() for p in fixtures(folder)]
    for name, folder in FIXTURE_DIRS.items():
        assert fixtures(folder), f"no {name} fixtures in {folder}"
    proc, records, trace = guarded(["scan", *captures, "--json", tmp_path / "r.json", "--html", tmp_path / "r.html",
                                    "--markdown", tmp_path / "r.md", "--quiet", "--workers", "1"], tmp_path,
                                   strace=HAS_STRACE)
    assert_no_network(proc, records, allowed=(0, 1, 2))
    scanned = {c["path"] for c in json.loads((tmp_path / "r.json").read_text())["captures"]}
    assert scanned == {str(p) for p in captures}
    assert_html_loads_nothing(tmp_path / "r.html")
    calls = [line for line in trace.splitlines() if INET_CALL.search(line)]
    assert not calls, "internet sockets at the system-call level:\n" + "\n".join(calls[:20])


def test_scan_with_a_process_pool_opens_no_connection(tmp_path: Path) -> None:
    """Worker processes start with the guard too (it rides on PYTHONPATH), and under strace -f."""
    captures = fixtures(FIXTURE_DIRS["captures"])
    proc, records, trace = guarded(["scan", *captures, "--json", tmp_path / "r.json", "--workers", "2"], tmp_path,
                                   strace=HAS_STRACE)
    assert_no_network(proc, records, allowed=(0,))
    calls = [line for line in trace.splitlines() if INET_CALL.search(line)]
    assert not calls, "internet sockets at the system-call level:\n" + "\n".join(calls[:20])


def test_study_report_schema_and_data_list_open_no_connection(tmp_path: Path) -> None:
    study = ROOT / "examples" / "mibrowser" / "study.toml"
    for args in (
        ["study", study, "--json", tmp_path / "s.json", "--quiet", "--workers", "1"],
        ["report", tmp_path / "s.json", "--html", tmp_path / "s.html", "--markdown", tmp_path / "s.md"],
        ["schema"],
        ["data", "list"],
    ):
        proc, records, _ = guarded(args, tmp_path)
        assert_no_network(proc, records, allowed=(0, 1))


class _Collector(http.server.BaseHTTPRequestHandler):
    """A local stand-in for an analytics collector: keeps each request body, answers 200."""

    protocol_version = "HTTP/1.1"
    bodies: list[bytes]

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        self.bodies.append(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
        body = b'{"status":1}'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def collector() -> Iterator[tuple[int, list[bytes]]]:
    """(port, bodies received) of a plain HTTP collector on 127.0.0.1."""
    bodies: list[bytes] = []
    handler = type("Handler", (_Collector,), {"bodies": bodies})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield int(server.server_address[1]), bodies
    finally:
        server.shutdown()
        server.server_close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Lines:
    """A process's stdout, line by line, with a deadline per wait (so a stuck proxy fails, not hangs)."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.proc = proc
        self.seen: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def until(self, prefix: str, within: float = 120) -> str:
        while True:
            try:
                line = self._queue.get(timeout=within)
            except queue.Empty:
                line = None
            if line is None:
                raise AssertionError(f"no line starting {prefix!r}; stdout so far: {self.seen}")
            self.seen.append(line)
            if line.startswith(prefix):
                return line

    def rest(self) -> list[str]:
        while (line := self._queue.get(timeout=120)) is not None:
            self.seen.append(line)
        return self.seen


def test_record_on_loopback_reaches_nothing_beyond_it(tmp_path: Path) -> None:
    """``phonehome record`` on 127.0.0.1, a real HTTP client through it to a local collector, then Ctrl-C.

    The SDK's recorded requests (http-sensors) are re-sent byte for byte by urllib through the
    proxy. The capture must be saved (flows and HAR) and scanned (live findings), the only network
    the guard saw must be loopback (and it must have seen the proxy's connection upstream), and
    under strace no system call may address anything else.
    """
    canaries = ROOT / "tests" / "data" / "pcap" / "http-sensors.canaries.json"
    with (ROOT / "tests" / "data" / "pcap" / "http-sensors.flows").open("rb") as fh:
        sent = [f.request for f in FlowReader(fh).stream() if isinstance(f, mitm_http.HTTPFlow)]
    assert sent
    log, trace, flows, har = (tmp_path / name for name in ("net.jsonl", "strace.log", "live.flows", "live.har"))
    port = free_port()
    argv = with_strace([sys.executable, "-m", "phonehome", "record", "-p", str(port), "-o", str(flows),
                        "--har", str(har), "--confdir", str(tmp_path / "mitmproxy"), "--canaries", str(canaries)],
                       trace, HAS_STRACE)
    with collector() as (upstream, received), (tmp_path / "stderr").open("w+") as stderr:
        with subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=stderr, text=True, cwd=tmp_path,
                              env=guard_env(log, loopback=True), start_new_session=True) as proc:
            try:
                lines = _Lines(proc)
                lines.until("  CA certificate:")
                proxy = urllib.request.ProxyHandler({"http": f"http://127.0.0.1:{port}"})
                opener = urllib.request.build_opener(proxy)
                for request in sent:
                    headers = {k: v for k, v in request.headers.items() if k.lower() not in ("host", "content-length")}
                    ask = urllib.request.Request(f"http://127.0.0.1:{upstream}{request.path}", method=request.method,
                                                 data=request.raw_content, headers=headers)
                    with opener.open(ask, timeout=60) as response:
                        assert response.status == 200
                lines.until("  ! ")  # a live finding: the capture is scanned as it comes
                os.killpg(proc.pid, signal.SIGINT)  # strace passes nothing on; the group reaches phonehome
                out = lines.rest()
                proc.wait(timeout=120)
            finally:
                if proc.poll() is None:
                    os.killpg(proc.pid, signal.SIGKILL)
        stderr.seek(0)
        done = subprocess.CompletedProcess(argv, proc.returncode, "\n".join(out), stderr.read())

    assert received == [request.raw_content for request in sent]
    records = read_records(log)
    assert_no_network(done, records, allowed=(0,))
    assert any(r["event"] == "socket.connect" and r.get("allowed") and f"'127.0.0.1', {upstream})" in r["args"][1]
               for r in records), f"the guard did not see the proxy connect upstream: {records}"
    assert [e.body for e in FlowsReader().read(flows, [])] == [request.raw_content for request in sent]
    assert len(list(HarReader().read(har, []))) == len(sent)
    assert any(line.startswith("  ! imei [imei]:") for line in out), out
    assert f"phonehome: stopped; {len(sent)} requests" in done.stdout, done.stdout
    calls = beyond_loopback(trace.read_text()) if HAS_STRACE else []
    assert not calls, "system calls beyond loopback:\n" + "\n".join(calls[:20])


def test_the_guard_itself_records_and_refuses(tmp_path: Path) -> None:
    """The witness works: a process that does try the network is caught (else the tests above prove nothing)."""
    script = tmp_path / "tries.py"
    script.write_text(
        "import socket, urllib.request\n"
        "for attempt in (lambda: socket.getaddrinfo('example.com', 443),\n"
        "                lambda: urllib.request.urlopen('http://192.0.2.1/', timeout=1)):\n"
        "    try:\n        attempt()\n    except OSError:\n        pass\n"
    )
    log = tmp_path / "net.jsonl"
    env = dict(os.environ, PYTHONPATH=str(GUARD), PHONEHOME_NET_LOG=str(log))
    subprocess.run([sys.executable, str(script)], env=env, check=True, timeout=60)
    events = {json.loads(line)["event"] for line in log.read_text().splitlines()}
    assert {"socket.getaddrinfo", "urllib.Request"} <= events


def test_the_loopback_guard_allows_only_literal_loopback(tmp_path: Path) -> None:
    """In record's mode a connect to 127.0.0.1 passes (recorded as allowed); names, wildcard, others do not."""
    script = tmp_path / "tries.py"
    script.write_text(
        "import socket\n"
        "server = socket.socket()\nserver.bind(('127.0.0.1', 0))\nserver.listen()\n"
        "socket.create_connection(server.getsockname(), timeout=5).close()\n"
        "for attempt in (lambda: socket.getaddrinfo('localhost', 80),\n"
        "                lambda: socket.socket().bind(('0.0.0.0', 0)),\n"
        "                lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM).connect(('192.0.2.1', 9))):\n"
        "    try:\n        attempt()\n    except OSError:\n        pass\n        continue\n"
        "    raise SystemExit('not refused')\n"
    )
    log = tmp_path / "net.jsonl"
    subprocess.run([sys.executable, str(script)], env=guard_env(log, loopback=True), check=True, timeout=60)
    records = read_records(log)
    allowed = {(r["event"], r["args"][-1]) for r in records if r.get("allowed")}
    refused = {(r["event"], r["args"][-1] if r["event"] != "socket.getaddrinfo" else r["args"][0])
               for r in records if not r.get("allowed")}
    assert {e for e, _ in allowed} == {"socket.bind", "socket.connect", "socket.getaddrinfo"}, records
    assert refused == {("socket.getaddrinfo", "'localhost'"), ("socket.bind", "('0.0.0.0', 0)"),
                       ("socket.connect", "('192.0.2.1', 9)")}, records


@pytest.mark.skipif(not HAS_STRACE, reason="strace not installed")
def test_the_strace_witness_sees_an_internet_socket(tmp_path: Path) -> None:
    trace = tmp_path / "strace.log"
    subprocess.run(["strace", "-f", "-qq", "-e", "trace=%network", "-o", str(trace), sys.executable, "-c",
                    "import socket; socket.socket().close()"], check=True, timeout=60)
    assert any(INET_CALL.search(line) for line in trace.read_text().splitlines()), trace.read_text()


@pytest.mark.skipif(not HAS_STRACE, reason="strace not installed")
def test_the_strace_witness_tells_loopback_from_beyond(tmp_path: Path) -> None:
    """A UDP connect sends no packet, yet strace shows its address: loopback passes, TEST-NET-1 does not."""
    trace = tmp_path / "strace.log"
    code = ("import socket\nfor address in (('127.0.0.1', 53), ('192.0.2.1', 9)):\n"
            "    socket.socket(socket.AF_INET, socket.SOCK_DGRAM).connect(address)\n")
    subprocess.run(["strace", "-f", "-qq", "-e", "trace=%network", "-o", str(trace), sys.executable, "-c", code],
                   check=True, timeout=60)
    calls = beyond_loopback(trace.read_text())
    assert len(calls) == 2 and any("192.0.2.1" in c for c in calls) and any("htons(53)" in c for c in calls), calls
