"""mitmproxy flow files: a fast reader of the current format, mitmproxy's own loader for the rest.

A flow file is a stream of tnetstring records, one per flow, each the flow's ``get_state()``. The
fast path parses each record with phonehome's bounded tnetstring parser and builds the Exchange
straight from the state dict, without mitmproxy's objects. It takes a record only when it is sure
mitmproxy would load it and mean the same thing: an HTTP flow of the installed mitmproxy's flow
format version (so no migration is due), every field mitmproxy type-checks of the expected type and
shape, no WebSocket messages or error attached. Anything else (older versions, which need
``mitmproxy.io.compat`` migration; TCP/UDP/DNS flows; unusual values) goes through mitmproxy's own
``compat.migrate_flow`` and ``Flow.from_state`` exactly as before, so whatever mitmproxy refuses is
still refused and whatever it migrates is still migrated. Both paths give identical Exchanges
(tests/readers/test_flows_fast.py checks every recorded capture against mitmproxy's ``FlowReader``).
"""

from __future__ import annotations

import collections.abc
import dataclasses
import os
import types
import typing
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from mitmproxy import connection, http
from mitmproxy import version as mversion
from mitmproxy.exceptions import FlowReadException
from mitmproxy.net.http import url as murl

from phonehome.errors import CaptureError
from phonehome.model import Exchange
from phonehome.readers.tnetstring import load_tagged


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
        capture = str(path)
        with path.open("rb") as raw:
            try:
                for state in _records(raw, problems):
                    exchange = fast_exchange(capture, index, state)
                    if exchange is None:
                        flow = flow_from_state(state)
                        if not isinstance(flow, http.HTTPFlow):
                            skipped += 1
                            continue
                        exchange = exchange_from_flow(capture, index, flow)
                    yield exchange
                    index += 1
            except FlowReadException as exc:
                raise CaptureError(f"{path}: cannot read flow {index}: {_message(exc)}") from exc
            except Exception as exc:  # noqa: BLE001 - mitmproxy's loader raises anything on corrupt input
                raise CaptureError(
                    f"{path}: flow file is truncated or corrupt at flow {index} ({type(exc).__name__}); "
                    "re-save the capture from mitmproxy"
                ) from exc
        if skipped:
            problems.append(f"{skipped} non-HTTP flows (TCP/UDP/DNS) not inspected")


MAX_RECORD = 256 << 20
"""A flow record larger than this (a body of hundreds of MiB) is skipped with a problem noted."""

_CHUNK = 1 << 20
"""Bytes read from the file at a time; records are parsed in place in this buffer."""

_MAX_DIGITS = 12
"""Longest record length prefix accepted (a terabyte)."""


def _records(raw: BinaryIO, problems: list[str]) -> Iterator[Any]:
    """The state dict of each top-level record, parsed in place in a chunked read buffer.

    Every length is checked against what is left in the file before anything is read for it, so a
    corrupt length prefix (``4294967296:``) fails as a truncated record instead of allocating it.
    """
    left = max(os.fstat(raw.fileno()).st_size - raw.tell(), 0)
    buf = b""
    pos = 0
    while True:
        while len(buf) - pos <= _MAX_DIGITS and left:  # a whole length prefix, where the file has one
            chunk = raw.read(min(max(_CHUNK, _MAX_DIGITS + 1), left))
            left = left - len(chunk) if chunk else 0
            buf, pos = buf[pos:] + chunk, 0
        if pos == len(buf):
            return
        colon = buf.find(b":", pos, pos + _MAX_DIGITS + 1)
        digits = buf[pos:colon] if colon > pos else b""
        if not digits.isdigit():
            raise ValueError("not a flow record (no length prefix)")
        size = int(digits)
        begin = colon + 1
        need = begin + size + 1 - len(buf)  # bytes of the record not in the buffer yet
        if size > MAX_RECORD:
            if need > left:
                raise ValueError("truncated flow record")
            if need > 0:
                raw.seek(need, os.SEEK_CUR)
                left -= need
                buf, pos = b"", 0
            else:
                pos = begin + size + 1
            problems.append(f"a flow record of {size} bytes was skipped (larger than {MAX_RECORD} bytes)")
            continue
        if need > 0:
            if need > left:
                raise ValueError("truncated flow record")
            if size < _CHUNK:  # the rest of the record and the next chunk, in one read
                chunk = raw.read(max(need, min(_CHUNK, left)))
                buf = buf[pos:] + chunk
            else:  # a big record is read whole in one allocation (not buffer + rest + their join)
                have = len(buf) - pos
                raw.seek(-have, os.SEEK_CUR)
                left += have
                buf = b""
                chunk = buf = raw.read(have + need)
                need += have
            left -= len(chunk)
            if len(chunk) < need:
                raise ValueError("truncated flow record")
            pos = 0
            begin = len(digits) + 1
        state = load_tagged(buf, begin, begin + size)
        if not isinstance(state, dict):
            raise ValueError("flow record is not a dict")
        pos = begin + size + 1
        yield state


def flow_from_state(state: dict[Any, Any]) -> object:
    """Load one record the way mitmproxy does: version migration, then ``Flow.from_state``."""
    from mitmproxy import flow as mflow
    from mitmproxy.io import compat

    try:
        migrated = compat.migrate_flow(state)
    except ValueError as exc:  # a version mitmproxy has no converter for (a newer file)
        raise FlowReadException(str(exc)) from exc
    return mflow.Flow.from_state(migrated)


# --- the fast path ---------------------------------------------------------------------------------

_FORMAT = 21
"""The flow format version the fast path knows the layout of (mitmproxy 10.1 to 11)."""

_FLOW_KEYS = frozenset(
    ("version", "type", "id", "error", "client_conn", "server_conn", "intercepted", "is_replay", "marked",
     "metadata", "comment", "timestamp_created", "request", "response", "websocket")
)
_REQUEST_KEYS = frozenset(
    ("host", "port", "method", "scheme", "authority", "path", "http_version", "headers", "content",
     "trailers", "timestamp_start", "timestamp_end")
)
_RESPONSE_KEYS = frozenset(
    ("http_version", "status_code", "reason", "headers", "content", "trailers", "timestamp_start",
     "timestamp_end")
)

Check = Callable[[Any], bool]


def _is(kind: type) -> Check:
    return lambda value: type(value) is kind


def _optional(check: Check) -> Check:
    return lambda value: value is None or check(value)


def _address(value: Any) -> bool:
    """``(host, port)`` as mitmproxy writes it; a 4-tuple (IPv6 flow info) is left to mitmproxy."""
    return type(value) is list and len(value) == 2 and type(value[0]) is str and type(value[1]) is int


def _list_of(kind: type) -> Check:
    return lambda value: type(value) is list and all(type(item) is kind for item in value)


def _accepted_by(load: Callable[[Any], object], kind: type, remembered: int) -> Callable[[Any], bool]:
    """A check that a value is a ``kind`` that mitmproxy's ``load`` accepts.

    Answers are remembered for up to ``remembered`` values (servers and proxy modes repeat on every flow).
    """
    known: dict[Any, bool] = {}

    def check(value: Any) -> bool:
        if type(value) is not kind:
            return False
        answer = known.get(value)
        if answer is None:
            try:
                load(value)
                answer = True
            except Exception:  # noqa: BLE001 - whatever mitmproxy refuses is left to mitmproxy
                answer = False
            if len(known) >= remembered:
                known.clear()
            known[value] = answer
        return answer

    return check


def _load_cert(value: Any) -> object:
    from mitmproxy import certs

    return certs.Cert.from_state(value)


def _load_proxy_mode(value: Any) -> object:
    from mitmproxy.proxy import mode_specs

    return mode_specs.ProxyMode.from_state(value)


_cert = _accepted_by(_load_cert, bytes, 1024)
"""A PEM certificate mitmproxy's ``Cert.from_state`` loads."""
_proxy_mode = _accepted_by(_load_proxy_mode, str, 256)
"""A proxy mode mitmproxy's ``ProxyMode.from_state`` parses."""


def _check_for(name: str, hint: Any) -> Check | None:
    """A conservative check of one serialised connection field.

    True only for the plain shapes mitmproxy's ``SerializableDataclass.set_state`` takes as they are;
    None for a type not known here.
    """
    from mitmproxy import certs
    from mitmproxy.proxy import mode_specs

    if name == "via":
        return lambda value: value is None  # an upstream-proxy hop is left to mitmproxy
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [arg for arg in args if arg is not type(None)]
        check = _check_for(name, inner[0]) if len(inner) == 1 else None
        return _optional(check) if check else None
    if name in ("peername", "sockname", "address"):
        return _address
    if origin is typing.Literal:
        return lambda value: type(value) is str and value in args
    if hint in (str, bytes, bool, int, float):
        return _is(hint)
    if hint is certs.Cert:
        return _cert
    if hint is mode_specs.ProxyMode:
        return _proxy_mode
    if origin in (list, collections.abc.Sequence) and len(args) == 1:
        if args[0] is certs.Cert:
            return lambda value: type(value) is list and all(_cert(item) for item in value)
        if args[0] in (str, bytes):
            return _list_of(args[0])
    return None


def _connection_checks(cls: type) -> dict[str, Check] | None:
    """Field checks for a connection class, from mitmproxy's own type hints.

    None when a field has a type not known here: then the fast path is off, for safety.
    """
    hints = typing.get_type_hints(cls)
    checks: dict[str, Check] = {}
    for field in dataclasses.fields(cls):
        if field.metadata.get("serialize", True) is False:
            continue
        check = _check_for(field.name, hints[field.name])
        if check is None:
            return None
        checks[field.name] = check
    return checks


_CLIENT = _connection_checks(connection.Client)
_SERVER = _connection_checks(connection.Server)
FAST = mversion.FLOW_FORMAT_VERSION == _FORMAT and _CLIENT is not None and _SERVER is not None
"""False when the installed mitmproxy writes another format: then every record takes the slow path."""


def _connection(state: Any, checks: dict[str, Check]) -> bool:
    if type(state) is not dict or state.keys() != checks.keys():
        return False
    for name, check in checks.items():
        if not check(state[name]):
            return False
    return True


def _fast_headers(fields: Any) -> tuple[tuple[str, str], ...] | None:
    """Header fields as ``_headers`` gives them; None unless each is a plain ``[name, value]`` of bytes."""
    if type(fields) is not list:
        return None
    out = []
    for field in fields:
        if type(field) is not list or len(field) != 2:
            return None
        name, value = field
        if type(name) is not bytes or type(value) is not bytes:
            return None
        if not name.startswith(b":"):
            out.append((name.decode("latin-1"), value.decode("latin-1")))
    return tuple(out)


def _message_ok(state: dict[str, Any]) -> bool:
    """The fields of a request or response mitmproxy type-checks, besides headers and the line."""
    content = state["content"]
    end = state["timestamp_end"]
    trailers = state["trailers"]
    return (
        type(state["http_version"]) is bytes
        and (content is None or type(content) is bytes)
        and type(state["timestamp_start"]) is float
        and (end is None or type(end) is float)
        and (trailers is None or _fast_headers(trailers) is not None)
    )


def fast_exchange(capture: str, index: int, state: dict[Any, Any]) -> Exchange | None:
    """The Exchange of one record's state, built without mitmproxy's objects.

    None when the record is not a plain current-format HTTP flow: then mitmproxy's own loader
    decides. Never mutates ``state``.
    """
    if (
        not FAST
        or state.get("version") != _FORMAT
        or type(state["version"]) is not int
        or state.get("type") != "http"
        or state.keys() - {"backup"} != _FLOW_KEYS
        or state["error"] is not None
        or state["websocket"] is not None
    ):
        return None
    request = state["request"]
    response = state["response"]
    if type(request) is not dict or request.keys() != _REQUEST_KEYS or not _message_ok(request):
        return None
    host, port, method, scheme, path = (request[k] for k in ("host", "port", "method", "scheme", "path"))
    if (
        type(host) is not str
        or type(port) is not int
        or type(method) is not bytes
        or type(scheme) is not bytes
        or type(path) is not bytes
        or type(request["authority"]) is not bytes
    ):
        return None
    request_headers = _fast_headers(request["headers"])
    if request_headers is None:
        return None
    if response:
        if type(response) is not dict or response.keys() != _RESPONSE_KEYS or not _message_ok(response):
            return None
        status = response["status_code"]
        response_headers = _fast_headers(response["headers"])
        if type(status) is not int or type(response["reason"]) is not bytes or response_headers is None:
            return None
    else:
        status, response_headers = None, ()
    server = state["server_conn"]
    if not _connection(state["client_conn"], _CLIENT) or not _connection(server, _SERVER):  # type: ignore[arg-type]
        return None
    peername = server["peername"]
    verb = method.decode("utf-8", "surrogateescape").upper()
    if verb == "CONNECT":
        url = f"{host}:{port}"
    else:
        scheme_text = scheme.decode("utf-8", "surrogateescape")
        url = murl.unparse(scheme_text, host, port, path.decode("utf-8", "surrogateescape"))
    return Exchange(
        capture=capture,
        index=index,
        time=request["timestamp_start"],
        method=_text(verb.upper()),
        url=_text(url),
        host=_text(host.lower().strip("[]")),
        request_headers=request_headers,
        body=request["content"] or b"",
        status=status,
        response_headers=response_headers,
        server_address=str(peername[0]) if peername else None,
    )


# --- shared with the live recorder ------------------------------------------------------------------


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
    """The Exchange of one mitmproxy HTTP flow (also used by the live recorder and the slow path)."""
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
