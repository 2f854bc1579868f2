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
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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


def guarded(args: list[str | Path], tmp_path: Path, *, strace: bool = False) -> tuple[subprocess.CompletedProcess[str],
                                                                                       list[dict], str]:
    """Run ``phonehome ARGS`` under the guard; (process, audit records, strace log)."""
    log = tmp_path / "net.jsonl"
    trace = tmp_path / "strace.log"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(GUARD), str(ROOT)]), PHONEHOME_NET_LOG=str(log))
    env.pop("http_proxy", None)
    argv = [sys.executable, "-m", "phonehome", *map(str, args)]
    if strace:
        argv = ["strace", "-f", "-qq", "-e", "trace=%network", "-o", str(trace), *argv]
    proc = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=600, check=False)
    records = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    return proc, records, trace.read_text() if trace.exists() else ""


def assert_no_network(proc: subprocess.CompletedProcess[str], records: list[dict], allowed: tuple[int, ...]) -> None:
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert proc.returncode in allowed, (proc.returncode, proc.stderr[-3000:])
    attempts = [r for r in records if r["event"] not in {"subprocess.Popen", "os.posix_spawn", "os.exec", "os.spawn"}]
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


@pytest.mark.skipif(not HAS_STRACE, reason="strace not installed")
def test_the_strace_witness_sees_an_internet_socket(tmp_path: Path) -> None:
    trace = tmp_path / "strace.log"
    subprocess.run(["strace", "-f", "-qq", "-e", "trace=%network", "-o", str(trace), sys.executable, "-c",
                    "import socket; socket.socket().close()"], check=True, timeout=60)
    assert any(INET_CALL.search(line) for line in trace.read_text().splitlines()), trace.read_text()
