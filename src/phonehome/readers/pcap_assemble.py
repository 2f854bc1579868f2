"""Turn tshark's packets into Exchanges: HTTP/1.x messages, HTTP/2 streams, unopened TLS flows.

Requests are held only until their response status is seen (or they go stale), then emitted in
request order, so memory holds the requests in flight, never the capture. TLS (and QUIC)
connections on which no HTTP was seen are emitted at the end as ``encrypted`` exchanges: the
destination (SNI, else the DNS name the address was looked up under, else the address), the time
and the bytes, so a report can say what could not be inspected.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field, fields

from phonehome.domains import host_of
from phonehome.model import Exchange
from phonehome.readers.pcap_packets import Layer, Packet, first, flag, hex_bytes, to_int, values

MAX_PENDING = 256
"""Requests waiting for their response beyond this count are emitted without it."""
STALE_SECONDS = 30.0
"""A request still unanswered this long (capture time) after it was sent is emitted without it."""
MAX_BODY = 64 * 1024 * 1024
"""Request bodies are cut at this size (the decoders' per-exchange budget)."""
MAX_DNS = 100_000
"""Remembered address → name pairs from DNS answers."""
_DEFAULT_PORT = {"http": 80, "https": 443}
_EXCHANGE_FIELDS = {f.name for f in fields(Exchange)}


@dataclass
class _Draft:
    time: float | None
    method: str
    url: str
    headers: tuple[tuple[str, str], ...]
    server: str | None
    body: bytearray = field(default_factory=bytearray)
    status: int | None = None
    response_headers: tuple[tuple[str, str], ...] = ()
    done: bool = True
    client_port: int | None = None
    cut: bool = False

    def add_body(self, data: bytes) -> None:
        room = MAX_BODY - len(self.body)
        if len(data) > room:
            self.cut = True
        self.body += data[: max(room, 0)]


@dataclass
class _TlsFlow:
    time: float | None
    transport: str
    server: str | None
    port: int | None
    client_port: int | None
    sni: str | None
    sent: int | None = None
    received: int | None = None


class Assembler:
    """Feed packets in capture order; collect Exchanges from ``feed`` and ``finish``."""

    def __init__(self, capture: str, problems: list[str]) -> None:
        self.capture = capture
        self.problems = problems
        self.index = 0
        self._pending: OrderedDict[tuple[int, int], _Draft] = OrderedDict()
        self._h1_frames: dict[int, list[tuple[int, int]]] = {}
        self._h2: dict[tuple[int, int], tuple[int, int]] = {}
        self._tls: dict[tuple[str, int], _TlsFlow] = {}
        self._opened: set[tuple[str, int]] = set()
        self._names: OrderedDict[str, str] = OrderedDict()
        self._cut = 0
        self.tls_flows = 0
        """TLS/QUIC connections seen (opened or not)."""

    def feed(self, packet: Packet) -> Iterator[Exchange]:
        """Take one packet; yield the exchanges it completes."""
        for address, name in packet.dns:
            self._names[address] = name
            if len(self._names) > MAX_DNS:
                self._names.popitem(last=False)
        if packet.client_hello and packet.key is not None and packet.key not in self._tls:
            self._tls[packet.key] = _TlsFlow(
                packet.time, packet.transport, packet.dst, packet.dport, packet.sport, packet.sni
            )
        if packet.fin and packet.key in self._tls:
            self._count_bytes(self._tls[packet.key], packet)
        for sub, layer in enumerate(packet.http):
            self._http1(packet, sub, layer)
        for sub, layer in enumerate(packet.http2):
            self._http2(packet, sub, layer)
        yield from self._drain(packet.time, final=False)

    def finish(self) -> Iterator[Exchange]:
        """Emit everything still held, then the TLS connections nobody could open."""
        yield from self._drain(None, final=True)
        closed = sorted(
            (flow for key, flow in self._tls.items() if key not in self._opened),
            key=lambda f: f.time or 0.0,
        )
        self.tls_flows = len(self._tls)
        for flow in closed:
            yield self._encrypted(flow)
        if self._cut:
            self.problems.append(f"{self._cut} request bodies longer than {MAX_BODY} bytes were cut there")
        if closed:
            self.problems.append(_closed_summary(closed, self._host))

    @property
    def opened(self) -> int:
        """Number of TLS/QUIC connections on which HTTP was read."""
        return len(self._opened & self._tls.keys())

    # HTTP/1.x ---------------------------------------------------------------------------------

    def _http1(self, packet: Packet, sub: int, layer: Layer) -> None:
        if packet.key is not None and packet.tls:
            self._opened.add(packet.key)
        method = first(layer, "http_http_request_method")
        if method is not None:
            self._h1_request(packet, sub, layer, method)
            return
        status = to_int(first(layer, "http_http_response_code"))
        request_in = to_int(first(layer, "http_http_request_in"))
        if status is not None and request_in is not None:
            self.response(request_in, status, _header_lines(layer, "http_http_response_line"))

    def response(self, request_in: int, status: int, headers: tuple[tuple[str, str], ...]) -> None:
        """An HTTP/1.x response to the request that ended in frame ``request_in``."""
        for key in self._h1_frames.get(request_in, []):
            draft = self._pending.get(key)
            if draft is not None and draft.status is None:
                draft.status = status
                draft.response_headers = headers
                return

    def _h1_request(self, packet: Packet, sub: int, layer: Layer, method: str) -> None:
        if method.upper() == "CONNECT":
            return
        uri = first(layer, "http_http_request_uri") or "/"
        headers = _header_lines(layer, "http_http_request_line")
        host_header = next((v for k, v in headers if k.lower() == "host"), None)
        scheme = "https" if packet.tls else "http"
        url = self._url(scheme, host_header, uri, packet)
        draft = _Draft(packet.time, method.upper(), url, headers, packet.dst)
        body = hex_bytes(first(layer, "http_http_file_data_raw"))
        if body:
            draft.add_body(body)
        self._hold((packet.number, sub), draft)
        self._h1_frames.setdefault(packet.number, []).append((packet.number, sub))

    # HTTP/2 -----------------------------------------------------------------------------------

    def _http2(self, packet: Packet, sub: int, layer: Layer) -> None:
        if packet.stream is None:
            return
        if packet.key is not None:
            self._opened.add(packet.key)
        frame_type = to_int(first(layer, "http2_http2_type"))
        sid = to_int(first(layer, "http2_http2_streamid"))
        if frame_type is None or sid is None or sid == 0:
            return
        end = flag(layer, "http2_http2_flags_end_stream")
        stream_key = (packet.stream, sid)
        if frame_type in (1, 9):
            self._h2_headers(packet, sub, layer, stream_key, end)
            return
        draft = self._pending.get(self._h2.get(stream_key, (-1, -1)))
        if frame_type != 0 or draft is None or draft.done or packet.sport != draft.client_port:
            return
        data = _h2_payload(layer)
        if data:
            draft.add_body(data)
        draft.done = end

    def _h2_headers(self, packet: Packet, sub: int, layer: Layer, stream_key: tuple[int, int], end: bool) -> None:
        names = [str(n) for n in values(layer, "http2_http2_header_name")]
        vals = [str(v) for v in values(layer, "http2_http2_header_value")]
        pairs = list(zip(names, vals, strict=False))
        pseudo = {k: v for k, v in pairs if k.startswith(":")}
        headers = tuple((k, v) for k, v in pairs if not k.startswith(":"))
        if ":method" in pseudo:
            authority = pseudo.get(":authority") or next((v for k, v in headers if k.lower() == "host"), None)
            url = self._url(pseudo.get(":scheme", "https"), authority, pseudo.get(":path", "/"), packet)
            draft = _Draft(packet.time, pseudo[":method"].upper(), url, headers, packet.dst,
                           done=end, client_port=packet.sport)
            key = (packet.number, 100 + sub)
            self._hold(key, draft)
            self._h2[stream_key] = key
            return
        answered = self._pending.get(self._h2.get(stream_key, (-1, -1)))
        status = to_int(pseudo.get(":status"))
        if answered is not None and status is not None and answered.status is None and status >= 200:
            answered.status = status
            answered.response_headers = headers

    # Emission -----------------------------------------------------------------------------------

    def _hold(self, key: tuple[int, int], draft: _Draft) -> None:
        self._pending[key] = draft

    def _drain(self, now: float | None, final: bool) -> Iterator[Exchange]:
        while self._pending:
            key, draft = next(iter(self._pending.items()))
            ready = draft.done and draft.status is not None
            stale = now is not None and draft.time is not None and now - draft.time > STALE_SECONDS
            if not (final or ready or stale or len(self._pending) > MAX_PENDING):
                return
            del self._pending[key]
            frames = self._h1_frames.get(key[0])
            if frames is not None:
                if key in frames:
                    frames.remove(key)
                if not frames:
                    del self._h1_frames[key[0]]
            yield self._exchange(draft)

    def _exchange(self, draft: _Draft) -> Exchange:
        if draft.cut:
            self._cut += 1
        exchange = Exchange(
            capture=self.capture,
            index=self.index,
            time=draft.time,
            method=draft.method,
            url=draft.url,
            host=host_of(draft.url),
            request_headers=draft.headers,
            body=bytes(draft.body),
            status=draft.status,
            response_headers=draft.response_headers,
            server_address=draft.server,
        )
        self.index += 1
        return exchange

    def _encrypted(self, flow: _TlsFlow) -> Exchange:
        host = self._host(flow)
        port = "" if flow.port in (443, None) else f":{flow.port}"
        extra: dict[str, object] = {}
        # Byte counts go on the Exchange once the model has fields for them.
        if "bytes_sent" in _EXCHANGE_FIELDS:
            extra["bytes_sent"] = flow.sent
        if "bytes_received" in _EXCHANGE_FIELDS:
            extra["bytes_received"] = flow.received
        exchange = Exchange(
            capture=self.capture,
            index=self.index,
            time=flow.time,
            method="TLS",
            url=f"https://{_bracket(host)}{port}/",
            host=host,
            request_headers=(),
            body=b"",
            server_address=flow.server,
            encrypted=True,
            **extra,  # type: ignore[arg-type]
        )
        self.index += 1
        return exchange

    # Helpers ------------------------------------------------------------------------------------

    def _host(self, flow: _TlsFlow) -> str:
        if flow.sni:
            return flow.sni
        if flow.server and flow.server in self._names:
            return self._names[flow.server]
        return flow.server or "unknown"

    def _url(self, scheme: str, authority: str | None, target: str, packet: Packet) -> str:
        if target.startswith(("http://", "https://")):
            return target  # absolute-form (a request to a proxy)
        if not authority:
            flow = self._tls.get(packet.key) if packet.key is not None else None
            name = (flow.sni if flow else None) or self._names.get(packet.dst or "") or packet.dst or "unknown"
            authority = _bracket(name)
            if packet.dport is not None and packet.dport != _DEFAULT_PORT.get(scheme):
                authority += f":{packet.dport}"
        authority = authority.strip()
        default = f":{_DEFAULT_PORT.get(scheme)}"
        if authority.endswith(default):
            authority = authority[: -len(default)]
        if not target.startswith("/"):
            target = "/" + target if target != "*" else "/"
        return f"{scheme}://{authority}{target}"

    def _count_bytes(self, flow: _TlsFlow, packet: Packet) -> None:
        seq = max((packet.seq or 0) - 1, 0)
        ack = max((packet.ack or 0) - 1, 0)
        if packet.sport == flow.client_port:
            flow.sent = max(flow.sent or 0, seq)
            flow.received = max(flow.received or 0, ack)
        else:
            flow.received = max(flow.received or 0, seq)
            flow.sent = max(flow.sent or 0, ack)


def _h2_payload(layer: Layer) -> bytes:
    """The payload of a DATA frame as sent, from the frame's raw bytes (RFC 9113 section 4.1).

    tshark's ``http2.data.data`` cannot be used as is: on the frame that ends a body it shows the
    whole body again, reassembled and decompressed.
    """
    raw = hex_bytes(first(layer, "http2_http2_stream_raw"))
    if raw is None or len(raw) < 9:
        return hex_bytes(first(layer, "http2_http2_data_data_raw")) or b""
    length, flags = int.from_bytes(raw[:3], "big"), raw[4]
    payload = raw[9 : 9 + length]
    if flags & 0x8 and payload:  # PADDED: a pad-length byte, then the data, then the padding
        payload = payload[1 : max(len(payload) - payload[0], 1)]
    return payload


def _bracket(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def _header_lines(layer: Layer, key: str) -> tuple[tuple[str, str], ...]:
    """Header (name, value) pairs from tshark's raw header lines (exact bytes), else its text."""
    raw = [hex_bytes(v) for v in values(layer, key + "_raw")]
    lines = [_text(b) for b in raw if b is not None] or [str(v) for v in values(layer, key)]
    out = []
    for line in lines:
        name, sep, value = line.partition(":")
        if sep and name.strip():
            out.append((name.strip(), value.strip()))
    return tuple(out)


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _size(n: int | None) -> str:
    if n is None:
        return "size unknown"
    if n < 1000:
        return f"{n} B"
    if n < 1_000_000:
        return f"{n / 1000:.1f} kB"
    return f"{n / 1_000_000:.1f} MB"


def _closed_summary(closed: list[_TlsFlow], host: object) -> str:
    by_host: dict[str, list[_TlsFlow]] = {}
    for flow in closed:
        by_host.setdefault(host(flow), []).append(flow)  # type: ignore[operator]
    parts = []
    for name, flows in sorted(by_host.items(), key=lambda kv: -len(kv[1]))[:20]:
        known = [f.sent for f in flows if f.sent is not None]
        sent = f", {_size(sum(known))} sent" if known else ""
        parts.append(f"{name} ({len(flows)} connection{'s' if len(flows) > 1 else ''}{sent})")
    more = f" and {len(by_host) - 20} more hosts" if len(by_host) > 20 else ""
    return (
        f"{len(closed)} encrypted connections not inspected (no TLS keys for them): "
        + "; ".join(parts) + more
        + ". Pass --keylog FILE (SSLKEYLOGFILE output) or a pcapng with embedded secrets to open them"
    )
