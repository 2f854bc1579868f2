"""Packet captures (pcap, pcapng) read through Wireshark's tshark, never a home-made TLS stack.

tshark reassembles TCP, decrypts TLS with a key log file (``--keylog``, the SSLKEYLOGFILE format)
or with the secrets embedded in a pcapng (Decryption Secrets Blocks, as PCAPdroid and
``editcap --inject-secrets tls,keys.txt`` write them), and dissects HTTP/1.x and HTTP/2; this
module turns its streamed output into Exchanges. TLS connections that cannot be opened still
count: each becomes an ``encrypted`` Exchange naming its destination, so a report can say what
was not inspected.
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
from phonehome.readers.pcap_packets import Packet, parse_packet
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

DISPLAY_FILTER = " || ".join((
    "http.request", "http.response",
    "http2.type == 0", "http2.type == 1", "http2.type == 9",
    "tls.handshake.type == 1",
    "dns.flags.response == 1",
    "tcp.flags.fin == 1", "tcp.flags.reset == 1",
))
"""Packets tshark prints: HTTP messages, HTTP/2 HEADERS/DATA, ClientHellos, DNS answers, TCP ends."""
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


def tshark_command(tshark: str, path: Path, keylog: Path | None) -> list[str]:
    """The tshark command line that streams ``path``'s packets of interest as EK JSON lines."""
    args = [tshark, "-r", str(path), "-n", "-T", "ek", "-x", "-J", PROTOCOLS, "-Y", DISPLAY_FILTER]
    prefs = list(PREFERENCES)
    if keylog is not None:
        prefs.append(f"tls.keylog_file:{keylog.resolve()}")
    for pref in prefs:
        args += ["-o", pref]
    return args


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
        assembler = Assembler(str(path), problems)
        packets = 0
        with TsharkRun(tshark_command(tshark, path, self.keylog), timeout) as run:
            try:
                for line in run.lines():
                    if line.startswith(b'{"index"'):
                        continue
                    packet = _packet(line)
                    if packet is None:
                        continue
                    packets += 1
                    yield from assembler.feed(packet)
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


def _packet(line: bytes) -> Packet | None:
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
