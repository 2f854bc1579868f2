"""multipart/form-data bodies: one field per part (``multipart:NAME``)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import ClassVar

from phonehome.decoders.base import MULTIPART, DecodeContext, derive
from phonehome.decoders.text import to_value
from phonehome.model import Field

_BOUNDARY = re.compile(r'boundary="?([^";,]+)"?', re.IGNORECASE)
_NAME = re.compile(rb'\bname="([^"]*)"', re.IGNORECASE)
_FILENAME = re.compile(rb'\bfilename="([^"]*)"', re.IGNORECASE)


def _boundary(data: bytes, content_type: str | None) -> bytes | None:
    if content_type and "multipart" in content_type.lower():
        match = _BOUNDARY.search(content_type)
        if match:
            return match.group(1).encode("latin-1", "replace")
    first = data.split(b"\n", 1)[0].rstrip(b"\r")
    return first[2:] if first.startswith(b"--") and len(first) > 2 else None


def parts(data: bytes, boundary: bytes) -> Iterator[tuple[str, bytes]]:
    """``(name, content)`` per part; the name is the form name, else the file name, else its index."""
    for index, chunk in enumerate(data.split(b"--" + boundary)[1:]):
        if chunk.startswith(b"--"):
            return
        head, sep, body = chunk.lstrip(b"\r\n").partition(b"\r\n\r\n")
        if not sep:
            head, sep, body = chunk.lstrip(b"\n").partition(b"\n\n")
        if not sep:
            continue
        match = _NAME.search(head) or _FILENAME.search(head)
        name = match.group(1).decode("utf-8", "replace") if match else str(index)
        yield name, body.removesuffix(b"\n").removesuffix(b"\r")


class MultipartDecoder:
    """The parts of a multipart/form-data body (boundary from Content-Type or the first line)."""

    name: ClassVar[str] = "multipart"
    tags: ClassVar[frozenset[str]] = frozenset({MULTIPART})

    def decode(self, field: Field, ctx: DecodeContext) -> Iterable[Field] | None:
        """Split the body into its parts."""
        value = field.value
        data = value.encode("utf-8") if isinstance(value, str) else value
        boundary = _boundary(data, ctx.content_type if field.depth == 0 else None)
        if boundary is None or b"--" + boundary not in data:
            return None
        return [
            derive(field, to_value(body), (f"multipart:{name}",), name, (name,))
            for name, body in parts(data, boundary)
            if body
        ]
