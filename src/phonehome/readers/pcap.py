"""Packet captures (pcap, pcapng) read through Wireshark's tshark, never a home-made TLS stack.

tshark reassembles TCP, decrypts TLS with a key log file (``--keylog``, the SSLKEYLOGFILE format)
or with the secrets embedded in a pcapng (Decryption Secrets Blocks, as PCAPdroid and
``editcap --inject-secrets tls,keys.txt`` write them), and dissects HTTP/1.x and HTTP/2; this
module turns its streamed output into Exchanges. TLS connections that cannot be opened still
count: each becomes an ``encrypted`` Exchange naming its destination, so a report can say what
was not inspected.

Three tshark runs, each bounded: a quick one naming TLS server ports; the main one printing only
the packets that carry requests (EK JSON with raw bytes), so output stays near the size of what
was sent, not of what was downloaded; and beside it a light one giving HTTP/1.x response statuses.
HTTP/1.x bodies come with their Content-Encoding removed by tshark (as a HAR stores them); HTTP/2
bodies come as sent on the wire.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import orjson

from phonehome.errors import CaptureError, ConfigError
from phonehome.model import Exchange
from phonehome.readers.pcap_assemble import Assembler
from phonehome.readers.pcap_packets import Packet, parse_packet, to_int
from phonehome.readers.pcap_tshark import (
    INSTALL_HINT,
    TsharkFailure,
    TsharkMissing,
    TsharkRun,
    deadline_for,
    find_tshark,
)

PCAP_MAGICS = (
    b"\xa1\xb2\xc3\xd4", b"\xd4\xc3\xb2\xa1",  # microsecond timestamps, big/little endian
    b"\xa1\xb2\x3c\x4d", b"\x4d\x3c\xb2\xa1",  # nanosecond timestamps
    b"\xa1\xb2\xcd\x34", b"\x34\xcd\xb2\xa1",  # Kuznetsov's modified pcap
)
"""Magic numbers of the classic pcap formats."""
PCAPNG_MAGIC = b"\x0a\x0d\x0d\x0a"
"""Block type of a pcapng Section Header Block, the first block of every pcapng file."""
_FILE_PREFIX = re.compile(r'^The file ".*?" ')
_BYTE_ORDER = (b"\x1a\x2b\x3c\x4d", b"\x4d\x3c\x2b\x1a")

PROTOCOLS = "frame ip ipv6 tcp udp tls quic http http2 dns"
"""Protocols whose fields tshark prints (bodies' own dissectors, JSON and forms, are left out)."""
PREFERENCES = (
    "tcp.desegment_tcp_streams:TRUE",
    "tcp.reassemble_out_of_order:TRUE",
    "tcp.relative_sequence_numbers:TRUE",
    "tls.desegment_ssl_records:TRUE",
    "tls.desegment_ssl_application_data:TRUE",
    "http.desegment_headers:TRUE",
    "http.desegment_body:TRUE",
    "http.dechunk_body:TRUE",
    "http.decompress_body:TRUE",
)
"""Preferences set explicitly, so a user's Wireshark profile cannot change what is read."""


def validate_keylog(path: Path) -> Path:
    """Check a ``--keylog`` file: it must exist and be readable; ConfigError naming it otherwise."""
    if not path.is_file():
        raise ConfigError(f"--keylog {path}: no such file; give the key log written via SSLKEYLOGFILE")
    if not os.access(path, os.R_OK):
        raise ConfigError(f"--keylog {path}: cannot be read; check its permissions")
    return path


def display_filter(server_ports: set[int]) -> str:
    """Return the filter of the packets the main pass prints.

    Requests, HTTP/2 frames not sent by a server, ClientHellos, DNS answers and connection ends.
    Responses are left out: printing their bodies as hex would cost ten times the capture's size in
    output; their status comes from the light status pass.
    """
    data = "http2.type == 0"
    if server_ports:
        # "==" joined by "||": set syntax changed between tshark versions (spaces, then commas)
        data += " && !(" + " || ".join(f"tcp.srcport == {p}" for p in sorted(server_ports)) + ")"
    return " || ".join((
        "http.request", "http2.type == 1", "http2.type == 9", f"({data})",
        "tls.handshake.type == 1", "dns.flags.response == 1", "tcp.flags.fin == 1", "tcp.flags.reset == 1",
    ))


def _base(tshark: str, path: Path, keylog: Path | None) -> list[str]:
    args = [tshark, "-r", str(path), "-n"]
    prefs = list(PREFERENCES)
    if keylog is not None:
        prefs.append(f"tls.keylog_file:{keylog.resolve()}")
    for pref in prefs:
        args += ["-o", pref]
    return args


def main_command(tshark: str, path: Path, keylog: Path | None, server_ports: set[int]) -> list[str]:
    """The pass that streams the packets of interest as EK JSON lines, raw bytes included (-x)."""
    return [*_base(tshark, path, keylog), "-T", "ek", "-x", "-J", PROTOCOLS, "-Y", display_filter(server_ports)]


def status_command(tshark: str, path: Path, keylog: Path | None) -> list[str]:
    """The light pass giving each HTTP/1.x response's frame, request frame, status and header lines."""
    return [
        *_base(tshark, path, keylog), "-T", "fields", "-E", "separator=/t", "-E", "occurrence=a",
        "-E", "aggregator=/s", "-e", "frame.number", "-e", "http.request_in", "-e", "http.response.code",
        "-e", "http.response.line", "-Y", "http.response",
    ]


def ports_command(tshark: str, path: Path) -> list[str]:
    """The quick first pass naming TLS server ports (to leave servers' HTTP/2 DATA out of the main pass)."""
    return [
        *_base(tshark, path, None), "-T", "fields", "-E", "separator=/t", "-e", "tls.handshake.type",
        "-e", "tcp.srcport", "-e", "tcp.dstport", "-Y", "tcp && (tls.handshake.type == 1 || tls.handshake.type == 2)",
    ]


class PcapReader:
    """Streams the HTTP exchanges (and unopened TLS connections) of a pcap or pcapng file."""

    name = "pcap"

    def __init__(self, keylog: Path | None = None, tshark: str | None = None) -> None:
        self.keylog = keylog
        """Key log file (NSS format, as SSLKEYLOGFILE writes it), or None."""
        self.tshark = tshark
        """tshark executable to use; None: $PHONEHOME_TSHARK or ``tshark`` on PATH."""

    def sniff(self, head: bytes) -> bool:
        """pcap: one of its magic numbers; pcapng: a Section Header Block with a byte-order magic."""
        if head[:4] in PCAP_MAGICS:
            return True
        return head[:4] == PCAPNG_MAGIC and head[8:12] in _BYTE_ORDER

    def read(self, path: Path, problems: list[str]) -> Iterator[Exchange]:
        """Stream the exchanges; tshark missing or failing on the file raises CaptureError."""
        if self.keylog is not None:
            validate_keylog(self.keylog)
        try:
            tshark = find_tshark(self.tshark)
        except TsharkMissing as exc:
            raise CaptureError(
                f"{path}: reading pcap/pcapng needs tshark, which is not installed; {INSTALL_HINT}"
            ) from exc
        timeout = deadline_for(path)
        server_ports = self._server_ports(tshark, path, timeout, problems)
        assembler = Assembler(str(path), problems)
        packets = 0
        with (
            TsharkRun(main_command(tshark, path, self.keylog, server_ports), timeout) as run,
            TsharkRun(status_command(tshark, path, self.keylog), timeout) as side,
        ):
            statuses = _Statuses(side)
            try:
                for line in run.lines():
                    packet = _packet(line)
                    if packet is None:
                        continue
                    packets += 1
                    statuses.apply_until(packet.number, assembler)
                    yield from assembler.feed(packet)
                statuses.apply_until(None, assembler)
            except TsharkFailure as exc:
                _fail(path, exc, packets, timeout, problems)
            warnings = run.stderr
        yield from assembler.finish()
        problems.extend(_warnings(warnings))
        if self.keylog is not None and assembler.tls_flows and not assembler.opened:
            problems.append(
                f"the key log {self.keylog} opened none of the {assembler.tls_flows} TLS connections; "
                "check it was written during this capture"
            )

    def _server_ports(self, tshark: str, path: Path, timeout: float, problems: list[str]) -> set[int]:
        ports: set[int] = set()
        with TsharkRun(ports_command(tshark, path), timeout) as run:
            try:
                for line in run.lines():
                    kinds, _, rest = line.decode("ascii", "replace").partition("\t")
                    src, _, dst = rest.strip().partition("\t")
                    port = dst if "1" in kinds.split(",") else src
                    if port.isdigit():
                        ports.add(int(port))
            except TsharkFailure as exc:
                _fail(path, exc, 0, timeout, [])  # a partly readable file is reported by the main pass
        return ports


class _Statuses:
    """The status pass, read just far enough to answer the requests the main pass has shown."""

    def __init__(self, run: TsharkRun) -> None:
        self._lines = run.lines()
        self._next: tuple[int, int, int, tuple[tuple[str, str], ...]] | None = None
        self._done = False

    def apply_until(self, frame: int | None, assembler: Assembler) -> None:
        """Hand the assembler every response up to ``frame`` (None: all that remain)."""
        while True:
            if self._next is None:
                self._next = self._read()
                if self._next is None:
                    return
            number, request_in, status, headers = self._next
            if frame is not None and number > frame:
                return
            assembler.response(request_in, status, headers)
            self._next = None

    def _read(self) -> tuple[int, int, int, tuple[tuple[str, str], ...]] | None:
        while not self._done:
            try:
                raw = next(self._lines)
            except StopIteration:
                self._done = True
                return None
            except TsharkFailure:  # the main pass reports what is wrong with the file
                self._done = True
                return None
            parsed = _status_line(raw)
            if parsed is not None:
                return parsed
        return None


def _status_line(raw: bytes) -> tuple[int, int, int, tuple[tuple[str, str], ...]] | None:
    fields = raw.decode("utf-8", "replace").rstrip("\r\n").split("\t")
    if len(fields) < 3:
        return None
    numbers = [to_int(f.split(" ")[0]) for f in fields[:3]]
    if any(n is None for n in numbers):
        return None
    headers = []
    for line in (fields[3] if len(fields) > 3 else "").split("\\r\\n"):
        name, sep, value = line.strip().partition(":")
        if sep and name:
            headers.append((name.strip(), value.strip()))
    frame, request_in, status = (int(n or 0) for n in numbers)
    return frame, request_in, status, tuple(headers)


def _packet(line: bytes) -> Packet | None:
    if line.startswith(b'{"index"'):
        return None
    try:
        return parse_packet(orjson.loads(line))
    except orjson.JSONDecodeError:
        return None


def _fail(path: Path, exc: TsharkFailure, packets: int, timeout: float, problems: list[str]) -> None:
    """Turn a tshark failure into a CaptureError, or into a problem when the file was partly read."""
    if exc.timed_out:
        raise CaptureError(
            f"{path}: tshark did not finish within {timeout:.0f} s and was stopped; "
            "split the capture (editcap -c 100000 IN OUT) and scan the parts"
        )
    reason = _FILE_PREFIX.sub("", exc.summary())
    if "cut short" in reason:
        problems.append(f"capture is cut short ({reason}); read up to that point")
        return
    if packets:
        problems.append(f"tshark stopped early ({reason}); read up to that point")
        return
    raise CaptureError(f"{path}: tshark cannot read it ({reason}); check that it is a complete pcap/pcapng file")


def _warnings(lines: list[str]) -> list[str]:
    return [f"tshark: {line.removeprefix('tshark: ')[:200]}" for line in lines if "cut short" not in line][:5]
