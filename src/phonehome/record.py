"""Live capture: mitmproxy, used as a library, with a thin addon that runs phonehome's pipeline.

``phonehome record`` starts an intercepting proxy (bound to 127.0.0.1 unless told otherwise),
saves every completed HTTP flow to a mitmproxy flow file as it arrives (flushed each time, so the
capture on disk is complete whenever the proxy stops), scans each one with the same pipeline as
``phonehome scan`` and prints the findings live. On Ctrl-C (SIGINT) or SIGTERM the flow file is
closed and, if asked, a HAR of the session is written next to it atomically, streamed from the flow
file so memory stays flat however long the session.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import os
import signal
import socket
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from phonehome.atomic_write import temporary_beside
from phonehome.config import ScanConfig
from phonehome.errors import ConfigError
from phonehome.model import Exchange, Finding

CA_CERT = "mitmproxy-ca-cert.pem"
"""File name of mitmproxy's CA certificate (PEM) in its configuration directory."""
DEFAULT_CONFDIR = Path("~/.mitmproxy")
"""mitmproxy's default configuration directory, where its CA lives."""
def is_loopback(host: str) -> bool:
    """True when ``host`` only listens on this machine: localhost or any 127/8 or ::1 address."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False

Printer = Callable[[str], None]


def stdout_printer(line: str) -> None:
    """Print one line to stdout and flush it, so findings show up as they happen (also in pipes)."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def stderr_printer(line: str) -> None:
    """Print one line to stderr and flush it."""
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


@dataclass(frozen=True)
class RecordOptions:
    """What ``phonehome record`` was asked to do."""

    flows: Path
    """Flow file to write (mitmproxy's format, readable by ``phonehome scan``)."""
    har: Path | None = None
    """HAR file to write when the session ends, or None."""
    port: int = 8080
    """Port the proxy listens on."""
    listen_host: str = "127.0.0.1"
    """Address the proxy listens on; anything but loopback exposes it to the network."""
    mode: str = "normal"
    """Session mode (normal, private, opted-out), shown in the re-scan command."""
    confdir: Path = DEFAULT_CONFDIR
    """mitmproxy configuration directory (CA certificate and key)."""
    mitm_options: tuple[str, ...] = ()
    """Extra mitmproxy options as ``name=value`` (``--set``), e.g. ``ssl_insecure=true``."""


@dataclass
class RecordSummary:
    """What a recording session produced."""

    requests: int = 0
    """HTTP flows saved."""
    findings: int = 0
    """Findings printed."""
    scan_errors: int = 0
    """Flows the pipeline could not scan (they are saved all the same)."""


def format_finding(finding: Finding) -> str:
    """One line per finding: where it went, what it was, and the decode path that revealed it."""
    who = finding.org or finding.sdk or finding.host
    label = f" [{finding.canary}]" if finding.canary else ""
    hashed = f" (as {finding.hashed})" if finding.hashed else ""
    path = " > ".join(finding.path)
    return (
        f"  ! {finding.kind}{label}: {_short(finding.value)}{hashed} -> {finding.host} ({who}) "
        f"{finding.method} via {path}"
    )


def _short(value: str, width: int = 80) -> str:
    value = value.replace("\n", " ")
    return value if len(value) <= width else value[: width - 1] + "…"


class LiveScan:
    """Runs the scan pipeline over exchanges as they arrive, keeping the capture's state."""

    def __init__(self, config: ScanConfig, capture: str, mode: str = "normal") -> None:
        from phonehome.pipeline import Scanner

        self.scanner = Scanner(config)
        self.capture = capture
        self.mode = mode
        self.label = Path(capture).stem
        self._scan = self.scanner.start(capture, mode, self.label, format="flows")

    def scan(self, exchange: Exchange) -> list[Finding]:
        """The new findings of one exchange (duplicates of earlier ones are not repeated)."""
        return self._scan.scan_exchange(exchange)


class FlowSaver:
    """mitmproxy addon: save each completed HTTP flow, hand it on as an Exchange, write HAR at the end."""

    def __init__(self, flows: Path, har: Path | None, on_exchange: Callable[[Exchange], None]) -> None:
        self.flows_path = flows
        self.har_path = har
        self.on_exchange = on_exchange
        self.count = 0
        self._file: IO[bytes] | None = None
        self._writer: Any = None
        self._har_written = False

    def open(self) -> None:
        """Create the flow file (truncating an old one)."""
        from mitmproxy.io import FlowWriter

        self._file = self.flows_path.open("wb")
        self._writer = FlowWriter(self._file)

    def response(self, flow: Any) -> None:
        """A request got its response: save it (websockets are saved when they end)."""
        if flow.websocket is None:
            self._save(flow)

    def error(self, flow: Any) -> None:
        """A request failed (the app still sent it): save it."""
        self._save(flow)

    def websocket_end(self, flow: Any) -> None:
        """A websocket closed: save it with its messages."""
        self._save(flow)

    def _save(self, flow: Any) -> None:
        from phonehome.readers.flows import exchange_from_flow

        if self._writer is None or self._file is None:
            return
        self._writer.add(flow)
        self._file.flush()
        exchange = exchange_from_flow(str(self.flows_path), self.count, flow)
        self.count += 1
        self.on_exchange(exchange)

    def done(self) -> None:
        """The proxy is stopping: close the flow file, then write the HAR from it (once)."""
        self.close()
        if self.har_path is not None and not self._har_written and self.flows_path.exists():
            write_har(self.flows_path, self.har_path)
            self._har_written = True

    def close(self) -> None:
        """Flush and close the flow file."""
        if self._file is not None:
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
            self._file = None
            self._writer = None


def write_har(flows: Path, har: Path) -> int:
    """Write a HAR 1.2 of the HTTP flows in ``flows`` to ``har`` atomically; return the entry count.

    Entries are made by mitmproxy's own HAR exporter and streamed one by one.
    """
    from mitmproxy import http, version
    from mitmproxy.io import FlowReader

    with warnings.catch_warnings():  # mitmproxy.addons imports ldap3, which warns about pyasn1
        warnings.simplefilter("ignore", DeprecationWarning)
        from mitmproxy.addons.savehar import SaveHar

    exporter = SaveHar()
    servers_seen: set[Any] = set()
    count = 0
    har.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = temporary_beside(har)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out, flows.open("rb") as src:
            creator = {"name": "phonehome record (mitmproxy)", "version": version.VERSION, "comment": ""}
            out.write('{"log": {"version": "1.2", "creator": ' + json.dumps(creator) + ', "pages": [], "entries": [')
            for flow in FlowReader(src).stream():
                if isinstance(flow, http.HTTPFlow):
                    out.write(("," if count else "") + "\n" + json.dumps(exporter.flow_entry(flow, servers_seen)))
                    count += 1
            out.write("\n]}}\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, har)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return count


@dataclass
class _Live:
    """Glue between the saver and the scanner: print a line per request and per finding."""

    scan: LiveScan | None
    out: Printer
    err: Printer
    summary: RecordSummary = field(default_factory=RecordSummary)

    def __call__(self, exchange: Exchange) -> None:
        self.summary.requests += 1
        self.out(f"{exchange.method} {_short(exchange.url, 100)}")
        if self.scan is None:
            return
        try:
            findings = self.scan.scan(exchange)
        except Exception as exc:  # a scan bug must never stop the recording
            self.summary.scan_errors += 1
            self.err(f"phonehome: warning: could not scan {exchange.url[:80]} ({type(exc).__name__}: {exc})")
            return
        for finding in findings:
            self.summary.findings += 1
            self.out(format_finding(finding))


class _Banner:
    """mitmproxy addon: once the proxy listens, say how to use it."""

    def __init__(self, options: RecordOptions, out: Printer, err: Printer, saver: FlowSaver) -> None:
        self.options = options
        self.out = out
        self.err = err
        self.saver = saver

    def running(self) -> None:
        self.saver.open()
        for line in banner_lines(self.options):
            self.out(line)
        if not is_loopback(self.options.listen_host):
            for line in exposure_warning(self.options):
                self.err(line)


def lan_address() -> str | None:
    """Return this machine's address on its default route (a UDP connect sends no packet), or None."""
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed, nothing is sent
        address = str(s.getsockname()[0])
        return None if address.startswith("0.") else address
    return None


def banner_lines(options: RecordOptions) -> list[str]:
    """How to point a phone (or emulator) at the proxy, and where the CA certificate is."""
    ca = options.confdir.expanduser() / CA_CERT
    host, port = options.listen_host, options.port
    lines = [f"phonehome: recording through an HTTP(S) proxy on {host}:{port}; saving to {options.flows}"]
    if is_loopback(host):
        lines += [
            "  Only this machine can use it. For an Android emulator: emulator -http-proxy "
            f"http://127.0.0.1:{port}; for a USB phone: adb reverse tcp:{port} tcp:{port}, then set the "
            f"Wi-Fi proxy to 127.0.0.1:{port}.",
            "  For a phone on the same Wi-Fi, restart with --listen-host 0.0.0.0 (this exposes the proxy).",
        ]
    else:
        shown = lan_address() if host in ("0.0.0.0", "::") else host
        lines.append(
            f"  On the phone: Wi-Fi settings > this network > proxy: manual, host {shown or 'THIS-MACHINE-IP'}, "
            f"port {port}."
        )
    lines += [
        "  Then open http://mitm.it on the phone and install the certificate it offers "
        "(apps must trust user CAs for HTTPS to be read).",
        f"  CA certificate: {ca}",
        "  Press Ctrl-C to stop; the capture on disk is complete at every moment.",
    ]
    return lines


def exposure_warning(options: RecordOptions) -> list[str]:
    """The loud warning printed when the proxy listens beyond loopback."""
    return [
        "!" * 78,
        f"WARNING: the proxy listens on {options.listen_host}:{options.port}, not on 127.0.0.1.",
        "Anyone who can reach this machine can send traffic through it and have it recorded.",
        "Use it on a network you trust, and stop it (Ctrl-C) as soon as the session is over.",
        "!" * 78,
    ]


def check_options(options: RecordOptions) -> None:
    """ConfigError naming the problem when the output paths, port or address cannot work."""
    if not 0 < options.port < 65536:
        raise ConfigError(f"--port {options.port}: expected a port number between 1 and 65535")
    for path, flag in ((options.flows, "-o"), (options.har, "--har")):
        if path is None:
            continue
        if path.is_dir():
            raise ConfigError(f"{flag} {path}: is a directory; give a file name")
        if not path.parent.exists():
            raise ConfigError(f"{flag} {path}: folder {path.parent} does not exist; create it first")
        if not os.access(path.parent, os.W_OK):
            raise ConfigError(f"{flag} {path}: folder {path.parent} is not writable")
    if options.har is not None and options.har.resolve() == options.flows.resolve():
        raise ConfigError(f"--har {options.har}: same file as -o; give the HAR its own name")
    for spec in options.mitm_options:
        if "=" not in spec:
            raise ConfigError(f"--set {spec!r}: expected NAME=VALUE, e.g. --set ssl_insecure=true")
    _check_bind(options.listen_host, options.port)


def _check_bind(host: str, port: int) -> None:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise ConfigError(f"--listen-host {host}: not an address of this machine ({exc.strerror})") from exc
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(address)
        except OSError as exc:
            raise ConfigError(
                f"cannot listen on {host}:{port} ({exc.strerror}); pick another port with -p PORT"
            ) from exc


def record(
    options: RecordOptions, scan: ScanConfig | None = None, out: Printer = stdout_printer,
    err: Printer = stderr_printer,
) -> RecordSummary:
    """Run the proxy until SIGINT/SIGTERM; return what was recorded.

    ``scan`` None records without scanning. Raises ConfigError for unusable options.
    """
    check_options(options)
    live_scan = _live_scan(scan, options, err)
    live = _Live(live_scan, out, err)
    saver = FlowSaver(options.flows, options.har, live)
    try:
        asyncio.run(_serve(options, saver, _Banner(options, out, err, saver)))
    except KeyboardInterrupt:  # Ctrl-C before the proxy installed its handlers
        saver.done()
    except SystemExit as exc:  # mitmproxy's startup check exits after logging the reason
        raise ConfigError(f"the proxy could not start on {options.listen_host}:{options.port} "
                          "(mitmproxy's message is above)") from exc
    finally:
        saver.close()
    _goodbye(options, live.summary, out)
    return live.summary


def _live_scan(scan: ScanConfig | None, options: RecordOptions, err: Printer) -> LiveScan | None:
    if scan is None:
        return None
    try:
        return LiveScan(scan, str(options.flows), options.mode)
    except ImportError as exc:  # a partial installation: still record, say findings are off
        err(f"phonehome: warning: live findings are off ({exc}); the capture is still saved")
        return None


async def _serve(options: RecordOptions, saver: FlowSaver, banner: _Banner) -> None:
    from mitmproxy import options as mitm_options
    from mitmproxy.addons import termlog
    from mitmproxy.tools.dump import DumpMaster

    opts = mitm_options.Options(listen_host=options.listen_host, listen_port=options.port)
    master = DumpMaster(opts, with_termlog=False, with_dumper=False)
    master.addons.add(termlog.TermLog(out=sys.stderr))
    opts.update(termlog_verbosity="warn", confdir=str(options.confdir))
    if options.mitm_options:
        try:
            opts.set(*options.mitm_options)
        except Exception as exc:  # mitmproxy's OptionsError and friends
            raise ConfigError(f"--set: {exc}") from exc
    master.addons.add(banner, saver)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, master.shutdown)
    await master.run()


def _goodbye(options: RecordOptions, summary: RecordSummary, out: Printer) -> None:
    saved = f"{options.flows}" + (f" and {options.har}" if options.har else "")
    out(f"phonehome: stopped; {summary.requests} requests, {summary.findings} findings; saved {saved}")
    flag = {"private": " --private", "opted-out": " --opted-out"}.get(options.mode)
    again = f"{flag} {options.flows}" if flag else ""
    out(f"  Full report: phonehome scan {options.flows}{again} --html report.html")
