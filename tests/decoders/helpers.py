"""Shared helpers for decoder tests: build exchanges and fields, peel, look up paths."""

from __future__ import annotations

from phonehome.decoders.base import DecodeContext, Limits
from phonehome.decoders.engine import Engine, Peeled
from phonehome.model import Exchange, Field


def exchange(
    body: bytes = b"",
    url: str = "https://collector.test/track",
    headers: tuple[tuple[str, str], ...] = (),
    method: str = "POST",
) -> Exchange:
    return Exchange(
        capture="test",
        index=0,
        time=None,
        method=method,
        url=url,
        host="collector.test",
        request_headers=headers,
        body=body,
    )


def peel(body: bytes | str = b"", limits: Limits | None = None, keys: tuple[bytes, ...] = (), **kw) -> Peeled:
    data = body.encode() if isinstance(body, str) else body
    engine = Engine(limits or Limits(), keys)
    return engine.peel(exchange(data, **kw))


def ctx(keys: tuple[bytes, ...] = (), limits: Limits | None = None) -> DecodeContext:
    return DecodeContext(limits or Limits(), keys)


def root(value: str | bytes, path: tuple[str, ...] = ("body",)) -> Field:
    return Field(value, path)


def paths_of(peeled: Peeled, value: str) -> list[tuple[str, ...]]:
    """Paths of every field whose value equals ``value``."""
    return [f.path for f in peeled.fields if f.value == value]


def field_at(peeled: Peeled, path: tuple[str, ...]) -> Field:
    found = [f for f in peeled.fields if f.path == path]
    assert found, f"no field at {path}; have {[f.path for f in peeled.fields]}"
    return found[0]
