"""Hand-built fields and contexts for detector tests."""

from __future__ import annotations

from phonehome.detectors.base import CaptureState, DetectContext
from phonehome.model import Exchange, Field


def exchange(
    url: str = "https://tracker.example/collect", headers: tuple[tuple[str, str], ...] = (), method: str = "POST"
) -> Exchange:
    host = url.split("://", 1)[1].split("/", 1)[0].split(":", 1)[0]
    return Exchange(
        capture="t.har",
        index=0,
        time=None,
        method=method,
        url=url,
        host=host,
        request_headers=headers,
        body=b"",
    )


def ctx(
    url: str = "https://tracker.example/collect",
    visited: tuple[str, ...] = (),
    third_party: bool = True,
    first_party: tuple[str, ...] = (),
    method: str = "POST",
) -> DetectContext:
    return DetectContext(
        exchange=exchange(url, method=method),
        capture=CaptureState(visited_urls=set(visited), first_party_domains=set(first_party)),
        third_party=third_party,
    )


def leaf(value: str | bytes, *keys: str, root: str = "body") -> Field:
    """A JSON leaf under ``keys`` (outermost first)."""
    path = (root, "json", ".".join(keys)) if keys else (root,)
    return Field(value=value, path=path, key=keys[-1] if keys else None, keys=tuple(keys), depth=len(path) - 1)
