"""HAR 1.1/1.2 reader: streamed entry by entry, so a 1 GB HAR never sits in memory whole.

Handles what real tools write: bodies in ``postData.text`` or only in ``postData.params``,
``"encoding": "base64"`` bodies, binary bodies written as latin-1 text with no ``encoding``
field (mitmproxy's export does this), missing optional fields, ports in URLs, HTTP/2
pseudo-headers, a UTF-8 byte-order mark and a JSONP wrapper (old Firebug/HAR viewer files).

Hostile or damaged files stay bounded (``har_json``): an entry is parsed whole only when it spans at
most ``max_entry_chars`` of text and the C JSON scanner can nest it; otherwise only the fields an
Exchange needs are built, each string kept to ``max_string_chars`` and each header list to
``max_list_items``, the rest skipped unread, and the entry's problem noted. Invalid UTF-8 (binary
bodies written raw) no longer loses the capture: body bytes are recovered as written, URLs and
headers show U+FFFD, and the problem is noted once.
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

from phonehome.decoders.base import Limits
from phonehome.domains import host_of
from phonehome.errors import CaptureError
from phonehome.model import Exchange
from phonehome.readers.har_attachments import Attachments, BodyAccount, FolderAttachments
from phonehome.readers.har_json import Caps, JsonCursor, Malformed, Shape, TextWindow, Truncated

_JSONP = re.compile(rb"^\s*[A-Za-z_$][\w$.]*\s*\(\s*")
_BOM = b"\xef\xbb\xbf"
_CHARSET = re.compile(r"charset=[\"']?([\w.:-]+)", re.IGNORECASE)
_SURROGATE = re.compile("[\ud800-\udfff]")
_LIMITS = Limits()
MAX_ENTRY_CHARS = 4 << 20
"""Text an entry may span to be parsed whole: the C scanner's objects can take ten times the text."""
MAX_STRING_CHARS = _LIMITS.max_output_bytes
"""Characters kept of one string of a larger or deeper entry."""
MAX_LIST_ITEMS = _LIMITS.max_fields_per_exchange
"""Headers or form params kept of one list of a larger or deeper entry."""
MAX_KEPT_CHARS = _LIMITS.max_bytes_per_exchange
"""Characters of strings kept in all of one larger or deeper entry."""
CHUNK = 1 << 20
"""Bytes read at a time."""
MAX_ATTACHMENT_BYTES = _LIMITS.max_output_bytes
"""Bytes read of one body stored as a file beside the HAR (Playwright's ``_file``)."""
MAX_ENTRY_PROBLEMS = 100
"""Problems listed per capture; more entries with problems are counted in one line."""

_NAME_VALUE: Shape = {"name": None, "value": None}
ENTRY_SHAPE: Shape = {
    "startedDateTime": None, "_resourceType": None, "_type": None, "serverIPAddress": None,
    "request": {
        "url": None, "method": None, "headers": [_NAME_VALUE], "bodySize": None,
        "postData": {"text": None, "encoding": None, "mimeType": None, "params": [_NAME_VALUE], "_file": None},
    },
    "response": {"status": None, "headers": [_NAME_VALUE]},
}
"""The fields ``_exchange`` reads: all an oversized or over-deep entry is built of."""
_WHY = {
    "large": "larger than {chars:,} characters",
    "deep": "nested deeper than the JSON parser allows (about 1,000 levels)",
    "number": "holding a number too long to parse",
    "damaged": "not valid JSON in parts phonehome does not read",
}


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
        self.start = skip
        """Bytes of BOM and JSONP prefix before the JSON."""
        self._tail = b""
        self._eof = False

    def read(self, size: int = -1) -> bytes:
        if not self.jsonp:
            return self._raw.read(size)
        if self._eof or size == 0:
            return b""
        while True:  # b"" only at the end, however little a read returns
            chunk = self._raw.read(size if size > 0 else 1 << 16)
            data = self._tail + chunk
            if not chunk:
                self._eof = True
                return data.rstrip().rstrip(b";").rstrip().removesuffix(b")")
            self._tail = data[-self._HOLD :]
            if len(data) > self._HOLD:
                return data[: -self._HOLD]


class HarReader:
    """Streams the entries of a HAR file as Exchanges."""

    name = "har"

    def __init__(
        self, *, max_entry_chars: int = MAX_ENTRY_CHARS, max_string_chars: int = MAX_STRING_CHARS,
        max_list_items: int = MAX_LIST_ITEMS, max_kept_chars: int = MAX_KEPT_CHARS, chunk: int = CHUNK,
    ) -> None:
        self._caps = Caps(max_entry_chars, max_string_chars, max_list_items, max_kept_chars)
        self._chunk = chunk

    def sniff(self, head: bytes) -> bool:
        """HAR: a JSON object (maybe BOM- or JSONP-wrapped) with a ``log`` key near the top."""
        text = head.removeprefix(_BOM).lstrip()
        match = _JSONP.match(text)
        if match is not None:
            text = text[match.end() :]
        return text.startswith(b"{") and b'"log"' in head

    def read(self, path: Path, problems: list[str]) -> Iterator[Exchange]:
        """Stream the entries; a truncated or malformed file ends the stream with a problem noted.

        Bodies the HAR names as files (``postData._file``) are read from the HAR's folder.
        """
        with path.open("rb") as raw:
            yield from self.read_stream(raw, path, problems, FolderAttachments(path.parent))

    def read_stream(
        self, raw: IO[bytes], path: Path, problems: list[str], attachments: Attachments
    ) -> Iterator[Exchange]:
        """Stream the entries of the HAR in ``raw`` (seekable), reported as ``path``."""
        head = raw.read(4096)
        source = _Unwrapped(raw, head)
        account = BodyAccount()
        text = TextWindow(source, self._chunk)
        cursor = JsonCursor(text, self._caps)
        index = unlisted = 0

        def note(problem: str) -> None:
            nonlocal unlisted
            if len(problems) < MAX_ENTRY_PROBLEMS:
                problems.append(problem)
            else:
                unlisted += 1

        try:
            for entry, why in _entries(cursor):
                if why is not None and (why != "large" or cursor.notes):
                    note(_slow_read(index, why, cursor.notes, self._caps))
                exchange = _exchange(str(path), index, entry, attachments, account)
                if exchange is None:
                    note(f"entry {index}: no request URL; skipped")
                else:
                    yield exchange
                index += 1
        except Truncated as exc:
            raise CaptureError(
                f"{path}: HAR is truncated after {index} entries ({exc}); re-export the complete capture"
            ) from None
        except Malformed as exc:
            raise CaptureError(
                f"{path}: not valid HAR JSON after {index} entries ({exc}); re-export the capture"
            ) from None
        finally:
            problems.extend(account.problems())
            if unlisted:
                problems.append(f"{unlisted:,} more entries with problems like the above (not listed)")
            if text.invalid_at is not None:
                problems.append(
                    f"invalid UTF-8 from byte {source.start + text.invalid_at:,} on: read with the bytes "
                    "kept in bodies and shown as U+FFFD in URLs and headers"
                )
        if index == 0:
            problems.append("no requests: the HAR has no log.entries list of entries")


def _entries(cursor: JsonCursor) -> Iterator[tuple[Any, str | None]]:
    """The items of ``log.entries`` and why each took the slow path; all else is skipped unbuilt."""
    if not cursor.enter("{"):
        raise cursor.fail("a JSON object")
    for key in cursor.members():
        if key != "log" or not cursor.enter("{"):
            cursor.skip()
            continue
        for name in cursor.members():
            if name != "entries" or not cursor.enter("["):
                cursor.skip()
                continue
            for _ in cursor.items():
                yield cursor.item(ENTRY_SHAPE)
    cursor.end()


def _slow_read(index: int, why: str, cut: list[str], caps: Caps) -> str:
    """The problem of an entry read field by field: why, and what was cut."""
    shown = "; ".join(cut[:3]) + (f"; and {len(cut) - 3} more" if len(cut) > 3 else "")
    reason = _WHY[why].format(chars=caps.max_item_chars)
    return f"entry {index}: {reason}; only its request and response fields were read" + (f" ({shown})" if shown else "")


def _exchange(
    capture: str, index: int, entry: Any, attachments: Attachments, account: BodyAccount
) -> Exchange | None:
    """The Exchange of one entry; None when it has no request URL.

    Lone surrogates (invalid UTF-8 in the file, or JSON's own surrogate escapes) become U+FFFD in
    the URL and headers, as in the flows reader.
    """
    if type(entry) is not dict:
        return None
    request = entry.get("request")
    if type(request) is not dict:
        return None
    url = request.get("url")
    if type(url) is not str:
        return None
    raw_headers = request.get("headers")
    headers = _headers(raw_headers)
    response = entry.get("response")
    if type(response) is not dict:
        response = {}
    status = response.get("status")
    method = request.get("method")
    address = entry.get("serverIPAddress")
    if not url.isascii():
        url = _repaired(url)
    return Exchange(
        capture=capture,
        index=index,
        time=_time(entry.get("startedDateTime")),
        method=method.upper() if type(method) is str and method else "GET",
        url=url,
        host=host_of(url) or _pseudo(raw_headers, ":authority"),
        request_headers=headers,
        body=_body(request, headers, attachments, account),
        status=status if type(status) is int and status > 0 else None,
        response_headers=_headers(response.get("headers")),
        resource_type=_resource_type(entry),
        server_address=address if type(address) is str else None,
    )


def _repaired(value: str) -> str:
    return _SURROGATE.sub("\ufffd", value)


def _scalar(value: Any) -> str | None:
    """A header or param value as text; None for a nested structure (never str() hostile input)."""
    kind = type(value)
    if kind is str:
        return value
    if kind is int or kind is float or kind is bool:
        return str(value)
    return None


def _headers(raw: Any) -> tuple[tuple[str, str], ...]:
    if type(raw) is not list:
        return ()
    out = []
    for item in raw:
        if type(item) is dict:
            name = item.get("name")
            if type(name) is str and name[:1] != ":":
                value = item.get("value", "")
                text = value if type(value) is str else _scalar(value)
                if text is not None:
                    if not (name.isascii() and text.isascii()):
                        name, text = _repaired(name), _repaired(text)
                    out.append((name, text))
    return tuple(out)


def _pseudo(raw: Any, name: str) -> str:
    if type(raw) is list:
        for item in raw:
            if type(item) is dict and item.get("name") == name:
                value = item.get("value")
                return host_of(value) if type(value) is str else ""
    return ""


def _time(value: Any) -> float | None:
    if type(value) is not str or not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def _resource_type(entry: dict[str, Any]) -> str | None:
    value = entry.get("_resourceType") or entry.get("_type")
    return value.lower() if type(value) is str and value else None


def _body(
    request: dict[str, Any], headers: tuple[tuple[str, str], ...], attachments: Attachments, account: BodyAccount
) -> bytes:
    """The request body: the HAR's text or params, else the file it names; gaps are counted."""
    post = request.get("postData")
    if type(post) is not dict:
        _note_if_missing(request, headers, account)
        return b""
    text = post.get("text")
    if type(text) is str and text:
        encoding = post.get("encoding")
        if type(encoding) is str and encoding.lower() == "base64":
            try:
                return base64.b64decode(text, validate=False)
            except (binascii.Error, ValueError):
                return _as_written(text)
        if "\ufffd" in text:
            account.note_text(text)
        return _text_to_bytes(text, _content_type(post, headers))
    params = post.get("params")
    if type(params) is list and params:
        return _params_to_body(params)
    name = post.get("_file")
    if type(name) is str and name:
        data = attachments.read(name, MAX_ATTACHMENT_BYTES + 1)
        if data is None:
            account.note_unreadable(name)
            return b""
        if len(data) > MAX_ATTACHMENT_BYTES:
            account.truncated += 1
            return data[:MAX_ATTACHMENT_BYTES]
        return data
    _note_if_missing(request, headers, account)
    return b""


def _note_if_missing(request: dict[str, Any], headers: tuple[tuple[str, str], ...], account: BodyAccount) -> None:
    """Count the body of a request that had one, by its ``bodySize`` or Content-Length, but holds none."""
    expected = _declared_size(request.get("bodySize"), headers)
    if expected:
        account.note_missing(expected)


def _declared_size(body_size: Any, headers: tuple[tuple[str, str], ...]) -> int:
    """Bytes the request body had by the HAR's ``bodySize`` or else its Content-Length header (0: none)."""
    if type(body_size) is int and body_size > 0:
        return body_size
    for name, value in headers:
        if len(name) == 14 and name.lower() == "content-length":
            return int(value) if value.isdigit() and len(value) < 16 else 0
    return 0


def _params_to_body(params: list[Any]) -> bytes:
    """Rebuild a form body from ``postData.params`` (some tools keep only these)."""
    pairs = []
    for param in params:
        if type(param) is dict and "name" in param:
            name, value = _scalar(param["name"]), _scalar(param.get("value", ""))
            pairs.append((name or "", value or ""))
    return urlencode(pairs).encode("ascii")


def _content_type(post: dict[str, Any], headers: tuple[tuple[str, str], ...]) -> str:
    for name, value in headers:
        if name.lower() == "content-type":
            return value
    mime = post.get("mimeType")
    return mime if type(mime) is str else ""


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
    return _as_written(text)


def _as_written(text: str) -> bytes:
    """The bytes of text holding lone surrogates: invalid UTF-8 in the file comes back as it was."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a JSON \ud800 escape, not a byte of the file
        return text.encode("utf-8", "surrogatepass")
