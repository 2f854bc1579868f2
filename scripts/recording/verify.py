"""Find where each planted value really went in a recorded flow file (runs in the product venv).

A deliberately small, independent peeler (URL-decoding, forms, JSON, NDJSON, base64 (also in URL
path segments and written backwards), gzip/zlib, brotli, protobuf doubles (also in gRPC frames),
MessagePack, LZ-string), so the ``truth`` written beside each fixture is measured from the recording
instead of being asserted by hand. It is a checking aid for the recording scripts, not the product's decoder.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import hashlib
import json
import math
import re
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl, unquote_plus

from mitmproxy import http, io

B64 = re.compile(r"[A-Za-z0-9+/_-]{16,}={0,2}")
B64URL_SEGMENT = re.compile(r"[A-Za-z0-9_-]{16,}")  # base64url in a URL path (LaunchDarkly's contexts)
MAX_DEPTH = 8


def read_flows(path: Path) -> list[http.HTTPFlow]:
    with open(path, "rb") as f:
        return [fl for fl in io.FlowReader(f).stream() if isinstance(fl, http.HTTPFlow)]


def _bytes_to_text(data: bytes) -> str | None:
    for opener in (gzip.decompress, zlib.decompress, _brotli):
        try:
            data = opener(data)
            break
        except Exception:  # noqa: BLE001 - try the next layer
            continue
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
    return text if text and printable / len(text) > 0.9 else None


def _brotli(data: bytes) -> bytes:
    import brotli

    return brotli.decompress(data)


def _b64(token: str) -> bytes | None:
    tok = token.rstrip("=")
    tok += "=" * (-len(tok) % 4)
    for dec in (base64.b64decode, base64.urlsafe_b64decode):
        try:
            return dec(tok)
        except (binascii.Error, ValueError):
            continue
    return None


def peel(text: str, depth: int = 0) -> Iterator[str]:
    """Every text stage reachable from ``text``."""
    yield text
    if depth >= MAX_DEPTH:
        return
    if "%" in text or "+" in text:
        un = unquote_plus(text)
        if un != text:
            yield from peel(un, depth + 1)
    if "=" in text and " " not in text.strip():
        for _k, val in parse_qsl(text, keep_blank_values=True):
            if val and val != text:
                yield from peel(val, depth + 1)
    for line in text.splitlines() or [text]:
        line = line.strip()
        if line[:1] in "[{\"":
            try:
                doc = json.loads(line)
            except ValueError:
                continue
            for s in _strings(doc):
                if s != text:
                    yield from peel(s, depth + 1)
    tokens = B64.findall(text) + B64URL_SEGMENT.findall(text)
    stripped = text.strip()
    if B64.fullmatch(stripped[::-1]):  # base64 written backwards (Statsig's "se=1" bodies)
        tokens.append(stripped[::-1])
    for token in tokens:
        raw = _b64(token)
        decoded = _bytes_to_text(raw) if raw else None
        if decoded is None:
            decoded = _lz_string(token)
        if decoded and decoded != text:
            yield from peel(decoded, depth + 1)


LZ_ALPHABET = {c: i for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+")}
LZ_ALPHABET.update({"/": 63, "-": 63})


def _lz_string(token: str) -> str | None:
    """lz-string's ``decompressFromBase64`` and ``…FromEncodedURIComponent`` (CleverTap's ``d=``)."""
    bits = "".join(f"{LZ_ALPHABET[c]:06b}" for c in token.rstrip("=") if c in LZ_ALPHABET)
    pos = 0

    def read(n: int) -> int:
        nonlocal pos
        pos += n
        if pos > len(bits):
            raise ValueError
        return int(bits[pos - n:pos][::-1], 2)

    try:
        kind = read(2)
        if kind > 1:
            return None
        w = chr(read(8 << kind))
        words, out, num_bits, enlarge = ["", "", "", w], [w], 3, 4
        while (code := read(num_bits)) != 2:
            if code < 2:
                words.append(chr(read(8 << code)))
                code, enlarge = len(words) - 1, enlarge - 1
                if not enlarge:
                    enlarge, num_bits = 1 << num_bits, num_bits + 1
            entry = words[code] if code < len(words) else w + w[0] if code == len(words) else None
            if entry is None:
                return None
            out.append(entry)
            words.append(w + entry[0])
            w, enlarge = entry, enlarge - 1
            if not enlarge:
                enlarge, num_bits = 1 << num_bits, num_bits + 1
        text = "".join(out).encode("utf-16", "surrogatepass").decode("utf-16")
    except (ValueError, UnicodeError):
        return None
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
    return text if text and printable / len(text) > 0.9 else None


def _strings(doc: object) -> Iterator[str]:
    if isinstance(doc, str):
        yield doc
    elif isinstance(doc, dict):
        for k, v in doc.items():
            yield str(k)
            yield from _strings(v)
    elif isinstance(doc, list):
        for v in doc:
            yield from _strings(v)
    else:
        yield json.dumps(doc)


def protobuf_doubles(data: bytes, depth: int = 0) -> Iterator[str]:
    """``repr`` of every plausible double (wire type 1) in a protobuf message, nested ones too.

    Strings inside protobuf already show in the body's latin-1 text; doubles (OTLP's
    ``geo.location.lat``) need the walk. Yields nothing for bytes that are not a protobuf message.
    """
    found: list[str] = []
    i, n = 0, len(data)
    try:
        while i < n:
            key, i = _varint(data, i)
            wire = key & 7
            if key >> 3 == 0:
                return
            if wire == 0:
                _, i = _varint(data, i)
            elif wire == 1:
                if i + 8 > n:
                    return
                (num,) = struct.unpack("<d", data[i:i + 8])
                if math.isfinite(num) and 1e-6 < abs(num) < 1e7:
                    found.append(repr(num))
                i += 8
            elif wire == 2:
                size, i = _varint(data, i)
                if i + size > n:
                    return
                if depth < MAX_DEPTH:
                    found.extend(protobuf_doubles(data[i:i + size], depth + 1))
                i += size
            elif wire == 5:
                i += 4
            else:
                return
    except IndexError:
        return
    if i == n:
        yield from found


def _varint(data: bytes, i: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, i
        shift += 7
        if shift > 63:
            raise IndexError("varint too long")


def grpc_messages(data: bytes) -> list[bytes]:
    """The messages of a gRPC body: each behind a 1-byte compressed flag and a 4-byte length."""
    out, i = [], 0
    while i + 5 <= len(data):
        size = int.from_bytes(data[i + 1:i + 5], "big")
        message = data[i + 5:i + 5 + size]
        out.append(gzip.decompress(message) if data[i] == 1 else message)
        i += 5 + size
    return out


def msgpack_text(data: bytes) -> str:
    """A MessagePack body as JSON text (its doubles as ``repr``), or "" when it is not MessagePack."""
    import msgpack

    try:
        return json.dumps(msgpack.unpackb(data, raw=False, strict_map_key=False), default=repr)
    except Exception:  # noqa: BLE001 - not MessagePack
        return ""


def request_texts(flow: http.HTTPFlow) -> list[str]:
    req = flow.request
    out = [req.url] + [f"{k}: {v}" for k, v in req.headers.items(multi=True)]
    body = req.get_content(strict=False) or b""
    if body:
        text = _bytes_to_text(body)
        out.append(text if text is not None else body.decode("latin-1"))
        if text is None and "protobuf" in req.headers.get("content-type", ""):
            out.append(" ".join(protobuf_doubles(body)))
        if text is None and req.headers.get("content-type", "").startswith("application/grpc"):
            messages = grpc_messages(body)
            out.extend(message.decode("latin-1") for message in messages)
            out.append(" ".join(d for message in messages for d in protobuf_doubles(message)))
        if text is None and "msgpack" in req.headers.get("content-type", ""):
            out.append(msgpack_text(body))
    return out


def where_sent(flows: list[http.HTTPFlow], needles: dict[str, list[str]]) -> dict[str, set[str]]:
    """For each canary name, the hosts whose requests contain all of its needle strings."""
    found: dict[str, set[str]] = {name: set() for name in needles}
    for flow in flows:
        stages = "\n".join(s for t in request_texts(flow) for s in peel(t))
        for name, parts in needles.items():
            if all(p in stages for p in parts):
                found[name].add(flow.request.pretty_host)
    return found


def sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()
