"""HAR inside a ZIP archive, with its bodies as files beside it (Playwright's ``recordHar`` to a ``.zip``).

Playwright writes ``har.har`` and one file per body (``<sha1>.<ext>``) into the archive; the HAR
names them in ``postData._file``. The HAR is streamed out of the archive (never extracted whole) and
each named body read on demand, so binary bodies (gzip from ``CompressionStream``, protobuf) that an
embedded HAR of the same browser loses are examined.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

from phonehome.errors import CaptureError
from phonehome.model import Exchange
from phonehome.readers.har import HarReader
from phonehome.readers.har_attachments import ArchiveAttachments

_ZIP_MAGIC = b"PK\x03\x04"


class HarArchiveReader:
    """Streams the exchanges of the one HAR in a ZIP archive."""

    name = "har-zip"

    def sniff(self, head: bytes) -> bool:
        """A ZIP archive; whether it holds a HAR is only known from its directory (``read`` says)."""
        return head.startswith(_ZIP_MAGIC)

    def read(self, path: Path, problems: list[str]) -> Iterator[Exchange]:
        """Stream the HAR's entries; its ``_file`` bodies are read from the archive."""
        try:
            archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise CaptureError(f"{path}: damaged ZIP archive ({exc}); re-export the capture") from None
        with archive:
            member = _the_har(archive, path)
            folder = member.rpartition("/")[0]
            attachments = ArchiveAttachments(archive, folder + "/" if folder else "")
            try:
                with archive.open(member) as raw:
                    yield from HarReader().read_stream(raw, path, problems, attachments)
            except (zipfile.BadZipFile, EOFError, NotImplementedError, RuntimeError) as exc:
                raise CaptureError(f"{path}: cannot read {member} from the archive ({exc}); re-export the capture") \
                    from None


def _the_har(archive: zipfile.ZipFile, path: Path) -> str:
    """The archive's one ``.har`` member; a clear error when it has none or several."""
    hars = [i.filename for i in archive.infolist() if not i.is_dir() and i.filename.lower().endswith(".har")]
    if not hars:
        raise CaptureError(
            f"{path}: is a ZIP archive with no .har file in it, not a capture; give a HAR, a HAR archive "
            "(Playwright's recordHar .zip), a mitmproxy flow file or a pcap"
        )
    if len(hars) > 1:
        shown = ", ".join(hars[:3]) + (", …" if len(hars) > 3 else "")
        raise CaptureError(
            f"{path}: ZIP archive holds {len(hars)} .har files ({shown}); extract them and scan the folder"
        )
    return hars[0]
