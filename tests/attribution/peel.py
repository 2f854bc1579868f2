"""Fields for attribution tests: the decoding engine's when it exists, else a small stand-in.

The stand-in follows the engine's documented path shape (``body → form:data_list → base64 → gzip →
json → [0].properties.$lib``), enough to exercise fingerprints before the engine lands.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from phonehome.model import Exchange, Field
from phonehome.readers import open_capture


def engine_fields(exchange: Exchange) -> list[Field] | None:
    try:
        from phonehome.decoders.engine import Engine
    except ImportError:
        return None
    return list(Engine().peel(exchange).fields)


def fields_of(exchange: Exchange) -> list[Field]:
    real = engine_fields(exchange)
    return real if real is not None else list(stand_in_fields(exchange))


def exchanges(path: Path) -> list[Exchange]:
    return list(open_capture(path).exchanges())


def make_exchange(url: str, body: bytes = b"", method: str = "POST",
                  headers: tuple[tuple[str, str], ...] = ()) -> Exchange:
    host = urlsplit(url).hostname or ""
    return Exchange(capture="test", index=0, time=None, method=method, url=url, host=host,
                    request_headers=headers, body=body)


def stand_in_fields(exchange: Exchange) -> Iterator[Field]:
    yield Field(exchange.url, ("url",))
    for name, value in parse_qsl(urlsplit(exchange.url).query, keep_blank_values=True):
        yield from _value(value, ("url", f"query:{name}"), name)
    body = exchange.body
    if not body:
        return
    yield Field(body, ("body",))
    path: tuple[str, ...] = ("body",)
    encoding = (exchange.header("Content-Encoding") or "").lower()
    if encoding == "gzip" or body[:2] == b"\x1f\x8b":
        body = gzip.decompress(body)
        path = (*path, "gzip")
        yield Field(body, path)
    text = body.decode("utf-8", "replace")
    ctype = (exchange.header("Content-Type") or "").lower()
    if "x-www-form-urlencoded" in ctype:
        for name, value in parse_qsl(text, keep_blank_values=True):
            yield from _value(value, (*path, f"form:{name}"), name)
    else:
        yield from _value(text, path, None, top=True)


def _value(value: str | bytes, path: tuple[str, ...], key: str | None, top: bool = False) -> Iterator[Field]:
    if not top:
        yield Field(value, path, key)
    raw = value.encode() if isinstance(value, str) else value
    stripped = raw.strip()
    if stripped[:1] in (b"{", b"["):
        try:
            doc = json.loads(stripped)
        except ValueError:
            doc = None
        if doc is not None:
            yield from _json(doc, (*path, "json"), "", key)
            return
    if raw[:2] == b"\x1f\x8b":
        try:
            yield from _value(gzip.decompress(raw), (*path, "gzip"), key)
        except (OSError, EOFError, zlib.error):
            pass
        return
    if len(raw) >= 8 and not top:
        try:
            alt = b"-_" if b"-" in raw or b"_" in raw else None
            decoded = base64.b64decode(raw + b"=" * (-len(raw) % 4), altchars=alt, validate=True)
        except (binascii.Error, ValueError):
            return
        if decoded[:2] == b"\x1f\x8b" or decoded.strip()[:1] in (b"{", b"["):
            yield from _value(decoded, (*path, "base64"), key)


def _json(doc: Any, path: tuple[str, ...], where: str, key: str | None) -> Iterator[Field]:
    if isinstance(doc, dict):
        for k, v in doc.items():
            sub = f"{where}.{k}" if where else k
            yield from _json(v, path, sub, k)
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from _json(v, path, f"{where}[{i}]", key)
    elif where:
        if isinstance(doc, str):
            yield from _value(doc, (*path, where), key)
        else:
            yield Field(json.dumps(doc), (*path, where), key)
