"""One packet of tshark's ``-T ek -x`` output, reduced to what the pcap reader needs.

tshark's EK output is one JSON document per packet: ``{"timestamp": ms, "layers": {...}}`` where
each layer maps flattened field names (``http_http_request_method``) to a value or a list of
values, a protocol seen twice in a packet becomes a list of layers, and ``-x`` adds the raw bytes
of every field as hex under ``NAME_raw``. Raw bytes are what make bodies exact: tshark shows
``http.file_data`` as a string, which loses binary content.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

Layer = dict[str, Any]


def layers_named(layers: Layer, name: str) -> list[Layer]:
    """The instances of protocol ``name`` in a packet (a layer may occur more than once)."""
    value = layers.get(name)
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, dict)]
    return []


def values(layer: Layer, key: str) -> list[Any]:
    """All values of ``key`` in ``layer`` (EK writes one value bare and several as a list)."""
    value = layer.get(key)
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def first(layer: Layer, key: str) -> str | None:
    """The first value of ``key`` as text, or None."""
    for value in values(layer, key):
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            return str(value)
    return None


def flag(layer: Layer, key: str) -> bool:
    """A boolean field (EK writes true/false, older versions "1"/"0")."""
    return any(v is True or v == "1" or v == "True" for v in values(layer, key))


def to_int(text: str | None) -> int | None:
    """``text`` as an int, or None."""
    if text is None:
        return None
    try:
        return int(text, 0) if text.startswith("0x") else int(text)
    except ValueError:
        return None


def hex_bytes(text: Any) -> bytes | None:
    """Decode tshark's hex (plain or colon-separated) to bytes, None when it is not hex."""
    if not isinstance(text, str):
        return None
    try:
        return bytes.fromhex(text.replace(":", ""))
    except ValueError:
        return None


def walk(node: Any) -> Iterator[tuple[str, Any]]:
    """Every (key, value) pair under ``node``, depth first (for fields nested in other layers)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, dict | list):
                yield from walk(value)
            else:
                yield key, value
            if isinstance(value, list):
                for item in value:
                    if not isinstance(item, dict | list):
                        yield key, item
    elif isinstance(node, list):
        for item in node:
            yield from walk(item)


@dataclass
class Packet:
    """The parts of one packet that carry HTTP, TLS handshakes, DNS answers or a connection's end."""

    number: int
    """Frame number, from 1."""
    time: float | None
    """Capture time as Unix seconds."""
    transport: str
    """"tcp", "udp" or "" when neither."""
    stream: int | None
    """tshark's conversation index for that transport (tcp.stream / udp.stream)."""
    src: str | None = None
    """Source IP address (innermost IP layer)."""
    dst: str | None = None
    """Destination IP address."""
    sport: int | None = None
    """Source port."""
    dport: int | None = None
    """Destination port."""
    tls: bool = False
    """True when the packet carries TLS (or QUIC) records."""
    http: list[Layer] = field(default_factory=list)
    """HTTP/1.x message layers."""
    http2: list[Layer] = field(default_factory=list)
    """HTTP/2 frame layers."""
    client_hello: bool = False
    """True when the packet holds a TLS ClientHello (TCP or QUIC)."""
    sni: str | None = None
    """Server name of that ClientHello."""
    dns: list[tuple[str, str]] = field(default_factory=list)
    """(address, queried name) pairs from a DNS answer."""
    fin: bool = False
    """True for a TCP FIN or RST."""
    seq: int | None = None
    """Relative TCP sequence number."""
    ack: int | None = None
    """Relative TCP acknowledgement number."""

    @property
    def key(self) -> tuple[str, int] | None:
        """The conversation this packet belongs to, or None."""
        return (self.transport, self.stream) if self.stream is not None else None


def parse_packet(doc: Any) -> Packet | None:
    """Build a Packet from one EK document; None for index lines and malformed documents."""
    if not isinstance(doc, dict) or not isinstance(doc.get("layers"), dict):
        return None
    layers: Layer = doc["layers"]
    frames = layers_named(layers, "frame")
    frame = frames[0] if frames else {}
    number = to_int(first(frame, "frame_frame_number")) or 0
    packet = Packet(number=number, time=_time(frame, doc), transport="", stream=None)
    _addresses(packet, layers)
    _tls(packet, layers)
    packet.http = layers_named(layers, "http")
    packet.http2 = layers_named(layers, "http2")
    for dns in layers_named(layers, "dns"):
        packet.dns.extend(_answers(dns))
    return packet


def _time(frame: Layer, doc: Layer) -> float | None:
    epoch = first(frame, "frame_frame_time_epoch")
    if epoch is not None:
        with contextlib.suppress(ValueError):
            return float(epoch)
    stamp = doc.get("timestamp")
    try:
        return int(stamp) / 1000 if stamp is not None else None
    except (TypeError, ValueError):
        return None


def _addresses(packet: Packet, layers: Layer) -> None:
    for name, prefix in (("ip", "ip_ip_"), ("ipv6", "ipv6_ipv6_")):
        found = layers_named(layers, name)
        if found:
            packet.src = first(found[-1], prefix + "src")
            packet.dst = first(found[-1], prefix + "dst")
    tcp = layers_named(layers, "tcp")
    udp = layers_named(layers, "udp")
    if tcp:
        layer = tcp[-1]
        packet.transport = "tcp"
        packet.stream = to_int(first(layer, "tcp_tcp_stream"))
        packet.sport = to_int(first(layer, "tcp_tcp_srcport"))
        packet.dport = to_int(first(layer, "tcp_tcp_dstport"))
        packet.fin = flag(layer, "tcp_tcp_flags_fin") or flag(layer, "tcp_tcp_flags_reset")
        packet.seq = to_int(first(layer, "tcp_tcp_seq"))
        packet.ack = to_int(first(layer, "tcp_tcp_ack"))
    elif udp:
        layer = udp[-1]
        packet.transport = "udp"
        packet.stream = to_int(first(layer, "udp_udp_stream"))
        packet.sport = to_int(first(layer, "udp_udp_srcport"))
        packet.dport = to_int(first(layer, "udp_udp_dstport"))


def _tls(packet: Packet, layers: Layer) -> None:
    tls_layers = layers_named(layers, "tls") + layers_named(layers, "quic")
    packet.tls = bool(tls_layers)
    for key, value in walk(tls_layers):
        if key == "tls_tls_handshake_type" and str(value) == "1":
            packet.client_hello = True
        elif key == "tls_tls_handshake_extensions_server_name" and isinstance(value, str) and value:
            packet.sni = packet.sni or value.strip().lower().rstrip(".")


def _answers(dns: Layer) -> list[tuple[str, str]]:
    if not flag(dns, "dns_dns_flags_response"):
        return []
    name = first(dns, "dns_dns_qry_name")
    if not name:
        return []
    out = []
    for key in ("dns_dns_a", "dns_dns_aaaa"):
        for address in values(dns, key):
            if isinstance(address, str):
                out.append((address, name.lower().rstrip(".")))
    return out
