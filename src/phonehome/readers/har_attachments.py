"""Bodies a HAR keeps outside itself, and bodies its exporter left out.

Playwright's ``recordHar`` with ``content: "attach"`` (the default when its path ends in ``.zip``)
writes each body to its own file and names it in ``postData._file``: beside the HAR, or inside the
``.zip`` archive next to ``har.har``. Those are the only copies of binary bodies (gzip from
``CompressionStream``, protobuf), which the embedded HAR of the same browser loses.

A referenced name is only ever looked up as a plain file name in the HAR's own folder or archive: a
hostile HAR cannot make the reader open ``../../etc/passwd`` and put it in a report.

``BodyAccount`` counts the bodies a HAR says existed (``bodySize``, or a Content-Length header: Playwright
writes ``bodySize: 0`` and no ``postData`` for a body it could not get, such as a gzip stream sent with
``fetch``) but does not hold, so the
report says what could not be examined instead of presenting a silent gap as a clean result.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

_PLAIN_NAME = re.compile(r"[\w][\w.-]{0,254}")
"""A file name with no folder part: what Playwright writes (sha1 + extension)."""
_LOST_SHARE = 20
"""A body is text its exporter decoded from binary when at least 1 in this many characters is U+FFFD."""
_LOST_MIN = 3
"""… and at least this many."""


class Attachments(Protocol):
    """Where a HAR's ``_file`` references are read from."""

    def read(self, name: str, limit: int) -> bytes | None:
        """The first ``limit`` bytes of the attachment ``name``; None when it is not there."""
        ...


@dataclass
class FolderAttachments:
    """Attachments written beside the HAR (Playwright's ``content: "attach"`` with a ``.har`` path)."""

    folder: Path

    def read(self, name: str, limit: int) -> bytes | None:
        """The file ``name`` in the HAR's folder, when it is a plain file name."""
        if not _PLAIN_NAME.fullmatch(name):
            return None
        path = self.folder / name
        try:
            with path.open("rb") as fh:
                return fh.read(limit)
        except OSError:
            return None


@dataclass
class ArchiveAttachments:
    """Attachments stored in the same ``.zip`` archive as the HAR."""

    archive: zipfile.ZipFile
    folder: str = ""
    """The folder of the HAR inside the archive ('' at the top), ending in '/'."""

    def read(self, name: str, limit: int) -> bytes | None:
        """The member ``name`` in the HAR's folder of the archive, when it is a plain file name."""
        if not _PLAIN_NAME.fullmatch(name):
            return None
        try:
            with self.archive.open(self.folder + name) as fh:
                return fh.read(limit)
        except (KeyError, OSError, zipfile.BadZipFile, EOFError, RuntimeError, NotImplementedError):
            return None


@dataclass
class BodyAccount:
    """Request bodies the HAR does not hold in full, counted while reading, reported once at the end."""

    missing: int = 0
    """Bodies with a ``bodySize`` or Content-Length but no text, params or readable ``_file``."""
    missing_bytes: int = 0
    unreadable_files: list[str] = field(default_factory=list)
    """``_file`` names that could not be read (first few)."""
    unreadable_count: int = 0
    garbled: int = 0
    """Bodies stored as text with U+FFFD where their bytes were (binary decoded as text)."""
    truncated: int = 0
    """Attachments larger than the per-body limit, read in part."""

    def note_missing(self, body_size: int) -> None:
        """A body of ``body_size`` bytes the HAR does not hold."""
        self.missing += 1
        self.missing_bytes += body_size

    def note_unreadable(self, name: str) -> None:
        """A body the HAR names as the file ``name``, which could not be read."""
        self.unreadable_count += 1
        if len(self.unreadable_files) < 3:
            self.unreadable_files.append(name)

    def note_text(self, text: str) -> None:
        """A body stored as ``text`` holding U+FFFD: counted when that many characters were lost."""
        lost = text.count("\ufffd")
        if lost >= _LOST_MIN and lost * _LOST_SHARE >= len(text):
            self.garbled += 1

    def problems(self) -> list[str]:
        """One line per kind of gap, naming what to do; empty when every body was there."""
        out = []
        if self.missing:
            out.append(
                f"{_bodies(self.missing)} ({self.missing_bytes:,} bytes by the HAR's bodySize or Content-Length) "
                f"{_are(self.missing)} not in the HAR: its exporter did not store {_them(self.missing)}, so "
                f"{_they(self.missing)} could not be examined (browsers' own HARs, DevTools' and Playwright's, "
                "leave out bodies sent as streams, Blobs or beacons); record through a proxy (phonehome record, "
                "mitmproxy) to keep them"
            )
        if self.unreadable_count:
            shown = ", ".join(self.unreadable_files)
            out.append(
                f"{_bodies(self.unreadable_count)} stored as attached files could not be read ({shown}"
                f"{', …' if self.unreadable_count > len(self.unreadable_files) else ''}); keep the files "
                "the HAR names beside it, or scan the .zip the recorder wrote"
            )
        if self.garbled:
            out.append(
                f"{_bodies(self.garbled)} {_are(self.garbled)} in the HAR as text with U+FFFD where "
                f"{'its' if self.garbled == 1 else 'their'} bytes were: binary content its exporter "
                "decoded as text; what was lost could not be examined (export with bodies attached or "
                "base64-encoded, or record through a proxy)"
            )
        if self.truncated:
            out.append(f"{_bodies(self.truncated)} attached as files larger than the per-body limit: "
                       "only the first part was examined")
        return out


def _bodies(n: int) -> str:
    return f"{n:,} request body" if n == 1 else f"{n:,} request bodies"


def _are(n: int) -> str:
    return "is" if n == 1 else "are"


def _them(n: int) -> str:
    return "it" if n == 1 else "them"


def _they(n: int) -> str:
    return "it" if n == 1 else "they"
