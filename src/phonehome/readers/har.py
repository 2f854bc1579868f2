"""HAR 1.1/1.2 reader, streamed with ijson so a 1 GB HAR never sits in memory whole.

Handles what real tools write: bodies in ``postData.text`` or only in ``postData.params``,
``"encoding": "base64"`` bodies, binary bodies written as latin-1 text with no ``encoding``
field (mitmproxy's export does this), missing optional fields, ports in URLs, HTTP/2
pseudo-headers, a UTF-8 byte-order mark and a JSONP wrapper (old Firebug/HAR viewer files).
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlencode

import ijson

from phonehome.domains import host_of
from phonehome.errors import CaptureError
from phonehome.model import Exchange

_JSONP = re.compile(rb"^\s*[A-Za-z_$][\w$.]*\s*\(\s*")
_BOM = b"\xef\xbb\xbf"
_CHARSET = re.compile(r"charset=[\"']?([\w.:-]+)", re.IGNORECASE)


class _Unwrapped:
    """A binary file object with a BOM and an optional JSONP ``name(`` … ``);`` wrapper removed."""

    _HOLD = 64

    def __init__(self, raw: IO[bytes], head: bytes) -> None:
        self._raw = raw
        skip = len(_BOM) if head.startswith(_BOM) else 0
        match = _JSONP.match(head[skip:])
        self.jsonp = match is not None
        if match is not None:
            skip += match.end()
        raw.seek(skip)
        self._tail = b""
        self._eof = False

    def read(self, size: int = -1) -> bytes:
        if not self.jsonp:
            return self._raw.read(size)
        if self._eof or size == 0:
            return b""
        chunk = self._raw.read(size if size > 0 else 1 << 16)
        data = self._tail + chunk
        if not chunk:
            self._eof = True
            return data.rstrip().rstrip(b";").rstrip().removesuffix(b")")
        self._tail = data[-self._HOLD :]
        return data[: -self._HOLD]


class HarReader:
    """Streams the entries of a HAR file as Exchanges."""

    name = "har"

    def sniff(self, head: bytes) -> bool:
        """HAR: a JSON object (maybe BOM- or JSONP-wrapped) with a ``log`` key near the top."""
        text = head.removeprefix(_BOM).lstrip()
        match = _JSONP.match(text)
        if match is not None:
            text = text[match.end() :]
        return text.startswith(b"{") and b'"log"' in head

    def read(self, path: Path, problems: list[str]) -> Iterator[Exchange]:
        """Stream the entries; a truncated or malformed file ends the stream with a problem noted."""
        with path.open("rb") as raw:
            head = raw.read(4096)
            source = _Unwrapped(raw, head)
            index = 0
            try:
                for entry in ijson.items(source, "log.entries.item", use_float=True):
                    exchange = _exchange(str(path), index, entry)
                    if exchange is None:
                        problems.append(f"entry {index}: no request URL; skipped")
                    else:
                        yield exchange
                    index += 1
            except ijson.common.IncompleteJSONError as exc:
                raise CaptureError(
                    f"{path}: HAR is truncated or malformed after {index} entries ({_short(exc)}); "
                    "re-export the complete capture"
                ) from exc
            except (ijson.common.JSONError, UnicodeDecodeError) as exc:
                raise CaptureError(f"{path}: not valid HAR JSON ({_short(exc)}); re-export the capture") from exc
            if index == 0:
                problems.append("no requests: the HAR has no log.entries list of entries")


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]


def _exchange(capture: str, index: int, entry: Any) -> Exchange | None:
    if not isinstance(entry, dict):
        return None
    request = entry.get("request")
    if not isinstance(request, dict) or not isinstance(request.get("url"), str):
        return None
    url: str = request["url"]
    headers = _headers(request.get("headers"))
    raw_response = entry.get("response")
    response: dict[str, Any] = raw_response if isinstance(raw_response, dict) else {}
    status = response.get("status") if isinstance(response.get("status"), int) else None
    host = host_of(url) or _pseudo(request.get("headers"), ":authority")
    return Exchange(
        capture=capture,
        index=index,
        time=_time(entry.get("startedDateTime")),
        method=str(request.get("method") or "GET").upper(),
        url=url,
        host=host,
        request_headers=headers,
        body=_body(request.get("postData"), headers),
        status=status if status and status > 0 else None,
        response_headers=_headers(response.get("headers")),
        resource_type=_resource_type(entry),
        server_address=entry.get("serverIPAddress") if isinstance(entry.get("serverIPAddress"), str) else None,
    )


def _headers(raw: Any) -> tuple[tuple[str, str], ...]:
    if not isinstance(raw, list):
        return ()
    out = []
    for item in raw:
        if isinstance(item, dict) and isinstance(item.get("name"), str) and not item["name"].startswith(":"):
            value = item.get("value", "")
            if isinstance(value, str | int | float):  # never str() a nested structure from hostile input
                out.append((item["name"], str(value)))
    return tuple(out)


def _pseudo(raw: Any, name: str) -> str:
    if isinstance(raw, list):
        for item in raw:
            if isinstance(item, dict) and item.get("name") == name:
                return host_of(str(item.get("value", "")))
    return ""


def _time(value: Any) -> float | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def _resource_type(entry: dict[str, Any]) -> str | None:
    value = entry.get("_resourceType") or entry.get("_type")
    return str(value).lower() if isinstance(value, str) and value else None


def _body(post: Any, headers: tuple[tuple[str, str], ...]) -> bytes:
    if not isinstance(post, dict):
        return b""
    text = post.get("text")
    if isinstance(text, str) and text:
        if str(post.get("encoding", "")).lower() == "base64":
            try:
                return base64.b64decode(text, validate=False)
            except (binascii.Error, ValueError):
                return text.encode("utf-8", "surrogatepass")
        return _text_to_bytes(text, _content_type(post, headers))
    params = post.get("params")
    if isinstance(params, list) and params:
        return _params_to_body(params)
    return b""


def _params_to_body(params: list[Any]) -> bytes:
    """Rebuild a form body from ``postData.params`` (some tools keep only these)."""
    pairs = [(str(p.get("name", "")), str(p.get("value", ""))) for p in params if isinstance(p, dict) and "name" in p]
    return urlencode(pairs).encode("ascii")


def _content_type(post: dict[str, Any], headers: tuple[tuple[str, str], ...]) -> str:
    for name, value in headers:
        if name.lower() == "content-type":
            return value
    return str(post.get("mimeType") or "")


def _text_to_bytes(text: str, content_type: str) -> bytes:
    """Recover the body bytes from HAR text the way the exporter decoded them.

    Exporters decode with the declared charset, UTF-8 for JSON, else latin-1 (mitmproxy);
    binary bodies therefore arrive as latin-1 text and must go back the same way.
    """
    match = _CHARSET.search(content_type)
    candidates = [match.group(1)] if match else []
    if "json" in content_type.lower():
        candidates.append("utf-8")
    candidates += ["latin-1", "utf-8"]
    for encoding in candidates:
        try:
            return text.encode(encoding)
        except (UnicodeEncodeError, LookupError):
            continue
    return text.encode("utf-8", "surrogatepass")
