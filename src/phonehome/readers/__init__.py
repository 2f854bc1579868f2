"""Capture readers: sniff a file's format from its content and stream Exchange records.

Each reader module registers a ``Reader`` here; ``open_capture`` picks the one whose
``sniff`` accepts the file's first bytes, whatever the file is called.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from phonehome.errors import CaptureError
from phonehome.model import Exchange

SNIFF_BYTES = 4096


class Reader(Protocol):
    """A capture format: recognise it from its first bytes, then stream its exchanges."""

    name: str
    """Stable format name reported in ``captures[].format``."""

    def sniff(self, head: bytes) -> bool:
        """Return True when ``head`` (the file's first bytes) looks like this format."""
        ...

    def read(self, path: Path, problems: list[str]) -> Iterator[Exchange]:
        """Stream the exchanges of ``path``; append non-fatal problems to ``problems``.

        Raises CaptureError when the file cannot be read at all.
        """
        ...


@dataclass
class OpenCapture:
    """A capture whose format is known, ready to stream."""

    path: Path
    """The capture file."""
    reader: Reader
    """The reader that recognised it."""
    problems: list[str] = field(default_factory=list)
    """Non-fatal problems met while reading (truncation, skipped records)."""

    @property
    def format(self) -> str:
        """The format name."""
        return self.reader.name

    def exchanges(self) -> Iterator[Exchange]:
        """Stream the exchanges."""
        return self.reader.read(self.path, self.problems)


def _har(keylog: Path | None) -> Reader:
    from phonehome.readers.har import HarReader

    return HarReader()


def _har_zip(keylog: Path | None) -> Reader:
    from phonehome.readers.har_archive import HarArchiveReader

    return HarArchiveReader()


def _flows(keylog: Path | None) -> Reader:
    from phonehome.readers.flows import FlowsReader  # imports mitmproxy (~0.35 s): only when needed

    return FlowsReader()


def _pcap(keylog: Path | None) -> Reader:
    from phonehome.readers.pcap import PcapReader

    return PcapReader(keylog=keylog)


_READERS: tuple[Callable[[Path | None], Reader], ...] = (_har, _har_zip, _flows, _pcap)
"""Reader factories in sniffing order; each module is imported only when its turn comes."""


def _readers(keylog: Path | None = None) -> Iterator[Reader]:
    return (make(keylog) for make in _READERS)


_NOT_CAPTURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"\x1f\x8b", "a gzip file (decompress it first)"),
)


def open_capture(path: Path, keylog: Path | None = None) -> OpenCapture:
    """Recognise the format of ``path`` from its content (``keylog`` opens TLS in pcap captures).

    Raises CaptureError naming the file and the problem when it is missing, empty or not a capture.
    """
    if not path.exists():
        raise CaptureError(f"{path}: no such file; check the path")
    if path.is_dir():
        raise CaptureError(f"{path}: is a directory; pass capture files")
    if not path.is_file():
        raise CaptureError(f"{path}: not a regular file (a pipe, socket or device); save the capture to a file")
    try:
        with path.open("rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except OSError as exc:
        raise CaptureError(f"{path}: cannot be read ({exc.strerror}); check its permissions") from exc
    if not head.strip():
        raise CaptureError(f"{path}: file is empty; re-export the capture")
    for reader in _readers(keylog):
        if reader.sniff(head):
            return OpenCapture(path, reader)
    for magic, what in _NOT_CAPTURES:
        if head.startswith(magic):
            raise CaptureError(f"{path}: is {what}, not a capture; give a HAR or mitmproxy flow file")
    raise CaptureError(
        f"{path}: not a recognised capture (expected HAR JSON, a mitmproxy flow file, pcap or pcapng); "
        "check that the file is a complete export"
    )
