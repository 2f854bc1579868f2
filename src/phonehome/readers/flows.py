"""mitmproxy flow files, read with mitmproxy's own ``FlowReader`` (never re-implemented)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from mitmproxy import http
from mitmproxy.exceptions import FlowReadException

from phonehome.errors import CaptureError
from phonehome.model import Exchange


class FlowsReader:
    """Streams the HTTP flows of a mitmproxy flow file as Exchanges."""

    name = "flows"

    def sniff(self, head: bytes) -> bool:
        """Flow files are tnetstrings: ``LENGTH:`` then a dict of the flow's state."""
        digits = head[:12].split(b":", 1)[0]
        return digits.isdigit() and len(head) > len(digits) + 1 and head[len(digits) + 1 :][:1] != b""

    def read(self, path: Path, problems: list[str]) -> Iterator[Exchange]:
        """Stream the HTTP flows; other flow types (TCP, UDP, DNS) are counted as skipped."""
        skipped = 0
        index = 0
        with path.open("rb") as raw:
            fh = _Clamped(raw)
            try:
                for flow in _stream(fh, problems):
                    if not isinstance(flow, http.HTTPFlow):
                        skipped += 1
                        continue
                    yield exchange_from_flow(str(path), index, flow)
                    index += 1
            except FlowReadException as exc:
                raise CaptureError(f"{path}: cannot read flow {index}: {_message(exc)}") from exc
            except Exception as exc:  # noqa: BLE001 - mitmproxy's parser raises anything on corrupt input
                raise CaptureError(
                    f"{path}: flow file is truncated or corrupt at flow {index} ({type(exc).__name__}); "
                    "re-save the capture from mitmproxy"
                ) from exc
        if skipped:
            problems.append(f"{skipped} non-HTTP flows (TCP/UDP/DNS) not inspected")


MAX_RECORD = 256 << 20
"""A flow record larger than this (a body of hundreds of MiB) is skipped with a problem noted."""


def _stream(fh: _Clamped, problems: list[str]) -> Iterator[object]:
    """Mitmproxy's FlowReader.stream, framing each top-level record first so a huge one is skipped."""
    from mitmproxy import flow as mflow
    from mitmproxy.io import compat, tnetstring

    while True:
        digits = b""
        char = fh.read(1)
        while char.isdigit() and len(digits) < 12:
            digits += char
            char = fh.read(1)
        if not digits and not char:
            return
        if char != b":" or not digits:
            raise ValueError("not a flow record (no length prefix)")
        size = int(digits)
        if size > MAX_RECORD:
            if not fh.skip(size + 1):
                raise ValueError("truncated flow record")
            problems.append(f"a flow record of {size} bytes was skipped (larger than {MAX_RECORD} bytes)")
            continue
        data = fh.read(size + 1)
        if len(data) != size + 1:
            raise ValueError("truncated flow record")
        loaded = tnetstring.loads(digits + b":" + data)
        if not isinstance(loaded, dict):
            raise ValueError("flow record is not a dict")
        yield mflow.Flow.from_state(compat.migrate_flow(loaded))


class _Clamped:
    """The file, with reads clamped to what is left in it.

    A corrupt length prefix (``4294967296:``) then fails as a short read instead of allocating the
    length it claims.
    """

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self._size = os.fstat(raw.fileno()).st_size

    def read(self, size: int = -1) -> bytes:
        left = max(self._size - self._raw.tell(), 0)
        return self._raw.read(left if size < 0 else min(size, left))

    def skip(self, count: int) -> bool:
        """Move ``count`` bytes on; False when the file ends first."""
        if self._raw.tell() + count > self._size:
            return False
        self._raw.seek(count, os.SEEK_CUR)
        return True

    def readline(self, size: int = -1) -> bytes:
        return self._raw.readline(size)

    def peek(self, size: int = 0) -> bytes:
        return self._raw.peek(size)  # type: ignore[attr-defined]


def _text(value: str) -> str:
    """``value`` without the lone surrogates mitmproxy decodes undecodable bytes into (U+FFFD instead)."""
    return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace") if not value.isascii() else value


def _message(exc: FlowReadException) -> str:
    text = str(exc).strip() or "unreadable flow"
    if "version" in text.lower():
        return f"{text}; upgrade phonehome's mitmproxy or re-save the file with a matching mitmproxy"
    return f"{text}; re-save the capture from mitmproxy"


def _headers(fields: tuple[tuple[bytes, bytes], ...]) -> tuple[tuple[str, str], ...]:
    return tuple(
        (k.decode("latin-1"), v.decode("latin-1")) for k, v in fields if not k.startswith(b":")
    )


def exchange_from_flow(capture: str, index: int, flow: http.HTTPFlow) -> Exchange:
    """The Exchange of one mitmproxy HTTP flow (also used by the live recorder)."""
    request = flow.request
    response = flow.response
    server = flow.server_conn.peername if flow.server_conn else None
    return Exchange(
        capture=capture,
        index=index,
        time=request.timestamp_start,
        method=_text(request.method.upper()),
        url=_text(request.url),
        host=_text(request.host.lower().strip("[]")),
        request_headers=_headers(request.headers.fields),
        body=request.raw_content or b"",
        status=response.status_code if response else None,
        response_headers=_headers(response.headers.fields) if response else (),
        server_address=str(server[0]) if server else None,
    )
