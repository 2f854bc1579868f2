#!/usr/bin/env python3
"""Re-record the pcap/pcapng test fixtures (tests/data/pcap/) from real SDK code on loopback.

Each session runs vendors' SDKs from PyPI (in the recording venv, .venv-record) against mitmdump in
reverse-proxy mode on 127.0.0.1, one listener per collector host, answered by the recording addon
(scripts/recording/addon.py): nothing leaves the machine. The SDKs keep their real collector URLs;
only name resolution is redirected, inside the client process, from (host, port) to the local
listener, as a router's DNS would. While they run, tshark captures loopback (a capture filter on
the listeners' ports), and the clients write their TLS keys via SSLKEYLOGFILE. So one session gives,
of the very same traffic:

    NAME.pcapng           the capture with its TLS keys embedded (editcap --inject-secrets)
    NAME.nokeys.pcapng    the capture as tshark wrote it (TLS cannot be opened)
    NAME.keys.txt         the key log (for --keylog)
    NAME.har, NAME.flows  what mitmproxy saw (its HAR export and flow file)
    NAME.canaries.json    the planted values

Sessions: ``tls-apps`` (PostHog and Mixpanel over HTTPS/1.1, Sentry over HTTP/2) and
``http-sensors`` (Sensors Analytics to a plain-HTTP collector, also saved as classic pcap).

Needs root or the capture capability for tshark (``tshark -i lo``), tshark and editcap
(apt-get install tshark), and the recording venv with HTTP/2 support for Sentry:

    python3 -m venv .venv-record && .venv-record/bin/pip install -r scripts/requirements-record.txt \\
        'httpcore[http2]'
    .venv/bin/python scripts/record_pcap.py [--only tls-apps] [--out DIR] [--keep-work DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from recording import canaries  # noqa: E402
from recording.harness import ADDON  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
CLIENTS = REPO / "scripts" / "recording" / "clients"
OUT = REPO / "tests" / "data" / "pcap"
PLANTED = ["email", "email_hashed", "user_id", "imei", "android_id", "adid", "mac", "phone",
           "location", "visited_url", "query"]

# Runs inside the recording venv: send the SDK's connections for the session's collectors to the
# local listeners (and refuse any other name), optionally switch Sentry to its HTTP/2 transport
# (an option of the SDK, ``_experiments={"transport_http2": True}``),
# then run the client script by its bare name (SDKs that record the caller's file see "x_app.py").
SHIM = r"""
import json, os, runpy, socket, sys
routes = json.loads(os.environ["PHONEHOME_PCAP_ROUTES"])
real = socket.getaddrinfo
def getaddrinfo(host, port, *args, **kwargs):
    key = f"{host}:{port}"
    if key not in routes:
        raise socket.gaierror(socket.EAI_NONAME, f"record_pcap: {key} is not a recorded collector")
    return real("127.0.0.1", routes[key], *args, **kwargs)
socket.getaddrinfo = getaddrinfo
if os.environ.get("PHONEHOME_PCAP_SENTRY_HTTP2"):
    import sentry_sdk
    init = sentry_sdk.init
    def init_http2(*args, **kwargs):
        kwargs["_experiments"] = {**kwargs.get("_experiments", {}), "transport_http2": True}
        return init(*args, **kwargs)
    sentry_sdk.init = init_http2
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name="__main__")
"""


# mitmproxy addon, written next to the logs and loaded with ``mitmdump -s``: choose h2 when the
# client offers it. mitmproxy honours the client's ALPN order (httpcore offers "http/1.1, h2"); real
# collectors choose h2, so the recorded connection is the HTTP/2 one a phone would make.
PREFER_H2 = """
class PreferH2:
    def tls_clienthello(self, data):
        if b"h2" in (data.context.client.alpn_offers or ()):
            data.context.client.alpn = b"h2"  # what tls_start_client then selects


addons = [PreferH2()]
"""


class RecordingError(RuntimeError):
    """A recording could not be made; the message says what to do."""


@dataclass(frozen=True)
class Client:
    script: str
    plan: dict[str, object]
    env: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PcapSession:
    name: str
    scheme: str  # https or http
    hosts: tuple[str, ...]
    clients: tuple[Client, ...]
    classic_pcap: bool = False

    @property
    def default_port(self) -> int:
        return 443 if self.scheme == "https" else 80


SESSIONS = [
    PcapSession(
        "tls-apps", "https",
        ("us.i.posthog.com", "api.mixpanel.com", "o4507000111.ingest.us.sentry.io"),
        (
            Client("posthog_app.py", {"host": "https://us.i.posthog.com"}),
            Client("mixpanel_app.py", {}),
            Client("sentry_app.py", {
                "dsn": "https://5f0c1e2d3b4a59687f6e5d4c3b2a1908@o4507000111.ingest.us.sentry.io/4507000222",
                "compression": "gzip",
            }, {"PHONEHOME_PCAP_SENTRY_HTTP2": "1"}),
        ),
    ),
    PcapSession(
        "http-sensors", "http", ("sa.datasink.daily-reader.test",),
        (Client("sensors_app.py", {"collector": "http://sa.datasink.daily-reader.test/sa?project=production"}),),
        classic_pcap=True,
    ),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def need(tool: str, hint: str) -> str:
    found = shutil.which(tool)
    if not found:
        raise RecordingError(f"{tool} not found; {hint}")
    return found


def record_python() -> Path:
    py = Path(os.environ.get("PHONEHOME_RECORD_PYTHON", REPO / ".venv-record" / "bin" / "python"))
    if not py.exists():
        raise RecordingError(f"recording venv not found at {py}; see this script's docstring")
    return py


def wait_listening(port: int, proc: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RecordingError(f"{what} exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RecordingError(f"{what} did not listen on 127.0.0.1:{port}")


def start_tshark(tshark: str, ports: list[int], out: Path, log: Path) -> subprocess.Popen:
    capture_filter = " or ".join(f"tcp port {p}" for p in ports)
    logf = log.open("w")
    proc = subprocess.Popen([tshark, "-i", "lo", "-f", capture_filter, "-w", str(out), "-q"],
                            stdout=logf, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RecordingError(f"tshark exited with {proc.returncode}: {log.read_text()[-500:]}")
        if "Capturing on" in log.read_text(errors="replace"):
            time.sleep(0.5)
            return proc
        time.sleep(0.1)
    raise RecordingError("tshark did not start capturing within 30 s")


def stop(proc: subprocess.Popen, what: str) -> None:
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        raise RecordingError(f"{what} did not stop within 30 s") from None


def run_client(py: Path, client: Client, plan: Path, env: dict[str, str]) -> None:
    cmd = [str(py), "-c", SHIM, client.script, str(plan)]
    res = subprocess.run(cmd, env={**env, **client.env}, cwd=str(CLIENTS), capture_output=True,
                         text=True, timeout=300)
    if res.returncode != 0:
        raise RecordingError(f"client {client.script} failed ({res.returncode}):\n"
                             f"{res.stdout[-2000:]}{res.stderr[-4000:]}")


def record(session: PcapSession, out: Path, work: Path) -> None:
    tshark = need("tshark", "install it: apt-get install tshark")
    editcap = need("editcap", "install it: apt-get install tshark")
    mitmdump = Path(sys.executable).parent / "mitmdump"
    if not mitmdump.exists():
        raise RecordingError("run this script with the project's venv (.venv/bin/python): it needs mitmdump")
    py = record_python()
    work.mkdir(parents=True, exist_ok=True)
    ports = {host: free_port() for host in session.hosts}
    flows, har = out / f"{session.name}.flows", out / f"{session.name}.har"
    raw, keys = work / "raw.pcapng", work / "keys.txt"
    for path in (flows, har, raw, keys):
        path.unlink(missing_ok=True)
    confdir = work / "mitmproxy"
    prefer_h2 = work / "prefer_h2.py"
    prefer_h2.write_text(PREFER_H2)
    cmd = [str(mitmdump), "--listen-host", "127.0.0.1", "-s", str(ADDON), "-s", str(prefer_h2), "-w", str(flows),
           "--set", f"hardump={har}", "--set", f"confdir={confdir}",
           "--set", "connection_strategy=lazy", "--set", "upstream_cert=false"]
    for host, port in ports.items():
        cmd += ["--mode", f"reverse:{session.scheme}://{host}:{session.default_port}@{port}"]
    mitm_log = (work / "mitmdump.log").open("w")
    mitm = subprocess.Popen(cmd, stdout=mitm_log, stderr=subprocess.STDOUT, start_new_session=True)
    capture = None
    try:
        for port in ports.values():
            wait_listening(port, mitm, "mitmdump")
        capture = start_tshark(tshark, list(ports.values()), raw, work / "tshark.log")
        values = canaries.make_values(session.name)
        routes = {f"{h}:{session.default_port}": p for h, p in ports.items()}
        ca = str(confdir / "mitmproxy-ca-cert.pem")
        env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
        env.update({"SSLKEYLOGFILE": str(keys), "REQUESTS_CA_BUNDLE": ca, "SSL_CERT_FILE": ca,
                    "PHONEHOME_PCAP_ROUTES": json.dumps(routes)})
        for number, client in enumerate(session.clients):
            plan = work / f"plan-{number}.json"
            plan.write_text(json.dumps({"values": values, **client.plan}, indent=2))
            run_client(py, client, plan, env)
        time.sleep(1.5)  # let the connections close so the capture holds their ends
    finally:
        if capture is not None:
            stop(capture, "tshark")
        stop(mitm, "mitmdump")
    check_log(work / "mitmdump.log")
    finish(session, out, work, raw, keys, editcap, values)


def check_log(log: Path) -> None:
    text = log.read_text(errors="replace")
    if "server connect" in text or "Server connection to" in text:
        raise RecordingError(f"mitmdump opened an upstream connection (see {log})")


def finish(session: PcapSession, out: Path, work: Path, raw: Path, keys: Path, editcap: str,
           values: dict[str, str]) -> None:
    stem = out / session.name
    if session.scheme == "https":
        if not keys.exists() or not keys.read_text().strip():
            raise RecordingError("the clients wrote no TLS keys; is SSLKEYLOGFILE honoured?")
        shutil.copy(keys, f"{stem}.keys.txt")
        shutil.copy(raw, f"{stem}.nokeys.pcapng")
        subprocess.run([editcap, "--inject-secrets", f"tls,{keys}", str(raw), f"{stem}.pcapng"],
                       check=True, capture_output=True)
    else:
        shutil.copy(raw, f"{stem}.pcapng")
    if session.classic_pcap:
        subprocess.run([editcap, "-F", "pcap", str(raw), f"{stem}.pcap"], check=True, capture_output=True)
    doc = {"canaries": canaries.canary_list(values, PLANTED), "values": values,
           "hosts": list(session.hosts), "scheme": session.scheme}
    Path(f"{stem}.canaries.json").write_text(json.dumps(doc, indent=2) + "\n")
    print(f"{session.name}: wrote {', '.join(sorted(p.name for p in out.glob(session.name + '.*')))}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", help="record only this session (repeatable)")
    parser.add_argument("--out", type=Path, default=OUT, help=f"output folder (default {OUT})")
    parser.add_argument("--keep-work", type=Path, help="keep logs and raw captures in this folder")
    args = parser.parse_args(argv)
    chosen = [s for s in SESSIONS if not args.only or s.name in args.only]
    if not chosen:
        parser.error(f"no such session; choose from {', '.join(s.name for s in SESSIONS)}")
    args.out.mkdir(parents=True, exist_ok=True)
    try:
        for session in chosen:
            if args.keep_work:
                record(session, args.out, args.keep_work / session.name)
            else:
                with tempfile.TemporaryDirectory(prefix="record-pcap-") as tmp:
                    record(session, args.out, Path(tmp))
    except RecordingError as exc:
        print(f"record_pcap: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
