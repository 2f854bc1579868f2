"""Paths on a phone's storage (``/storage/emulated/0/…``, ``/sdcard/…``, ``/data/user/0/…``).

They reveal installed apps, user file names and account folders, and they are a tell-tale of
an app reporting on the device's contents.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar
from urllib.parse import unquote

from phonehome.detectors.base import DetectContext
from phonehome.detectors.facts import SLASH, STR
from phonehome.model import Detection, Field

PATH_RE = re.compile(
    r"(?<![\w/])(?:/storage/emulated/\d+|/storage/self/primary|/storage/[0-9A-F]{4}-[0-9A-F]{4}|/sdcard\d?"
    r"|/mnt/sdcard|/mnt/media_rw/[^/\s\"']+|/data/user(?:_de)?/\d+|/data/data|/data/media/\d+"
    r"|/var/mobile/Containers/(?:Data|Shared)/(?:Application|AppGroup)/[0-9A-Fa-f-]{36}"
    r"|/private/var/mobile)"
    r"(?:/[^\s\"'<>\\,;&?#|]+)+"
)
"""A device-storage root followed by at least one path segment."""

_PREFILTER = re.compile(r"/(?:storage/|sdcard|mnt/|data/|var/mobile|private/var)")
"""Cheap prefilter: one of these must be in the text."""


class FilePathDetector:
    """Device storage paths anywhere in a value."""

    id: ClassVar[str] = "file_path"
    needs: ClassVar[int] = STR | SLASH
    pure: ClassVar[bool] = True

    def detect(self, field: Field, ctx: DetectContext) -> Iterable[Detection]:
        """Report each device path in the field's text."""
        value = field.value
        if not isinstance(value, str):
            return ()
        text = value
        if "/" not in text:
            if "%2F" not in text and "%2f" not in text:
                return ()
            text = unquote(text)
        elif "%2F" in text or "%2f" in text:
            text = unquote(text)
        if not _PREFILTER.search(text):
            return ()
        whole = text.strip()
        if len(whole) <= 1024 and "\n" not in whole and (m := PATH_RE.match(whole)) and " " in whole[m.end() :]:
            # The whole value is one path with spaces in its names ("/storage/…/DCIM/Trip 2016").
            found = {whole: None}
        else:
            found = dict.fromkeys(m.group(0).rstrip(".)]}") for m in PATH_RE.finditer(text, 0, 1 << 20))
        return [
            Detection("file_path", path, self.id, 0.9, "path on device storage", severity="medium") for path in found
        ]
