"""mitmproxy flow files, read with mitmproxy's own ``FlowReader`` (never re-implemented)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from mitmproxy import http
from mitmproxy.exceptions import FlowReadException
from mitmproxy.io import FlowReader

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
        with path.open("rb") as fh:
            try:
                for flow in FlowReader(fh).stream():
                    if not isinstance(flow, http.HTTPFlow):
                        skipped += 1
                        continue
                    yield exchange_from_flow(str(path), index, flow)
                    index += 1
            except FlowReadException as exc:
                raise CaptureError(f"{path}: cannot read flow {index}: {_message(exc)}") from exc
            except (ValueError, TypeError, KeyError, IndexError, UnicodeDecodeError) as exc:
                raise CaptureError(
                    f"{path}: flow file is truncated or corrupt at flow {index} ({type(exc).__name__}); "
                    "re-save the capture from mitmproxy"
                ) from exc
        if skipped:
            problems.append(f"{skipped} non-HTTP flows (TCP/UDP/DNS) not inspected")


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
        method=request.method.upper(),
        url=request.url,
        host=request.host.lower().strip("[]"),
        request_headers=_headers(request.headers.fields),
        body=request.raw_content or b"",
        status=response.status_code if response else None,
        response_headers=_headers(response.headers.fields) if response else (),
        server_address=str(server[0]) if server else None,
    )
