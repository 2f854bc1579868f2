"""Undo a request's Content-Encoding (gzip, deflate, br, zstd, chained) before anything else."""

from __future__ import annotations

from collections.abc import Callable

from phonehome.decoders.base import DecodeContext
from phonehome.decoders.brotli import unbrotli
from phonehome.decoders.deflate import inflate_raw
from phonehome.decoders.gzip import gunzip
from phonehome.decoders.zlib import unzlib
from phonehome.decoders.zstd import unzstd

Undo = Callable[[bytes, DecodeContext, tuple[str, ...]], "bytes | None"]


def _deflate(data: bytes, ctx: DecodeContext, path: tuple[str, ...]) -> bytes | None:
    """HTTP ``deflate`` is zlib by the RFC and raw deflate in many clients: accept either."""
    return unzlib(data, ctx, path) or inflate_raw(data, ctx, path)


CODINGS: dict[str, Undo] = {
    "gzip": gunzip,
    "x-gzip": gunzip,
    "deflate": _deflate,
    "br": unbrotli,
    "zstd": unzstd,
}
"""Content codings we undo, by their lower-case name."""


def codings(header: str | None) -> list[str]:
    """The codings of a Content-Encoding header, in the order they were applied (identity dropped)."""
    if not header:
        return []
    names = (name.strip().lower() for name in header.split(","))
    return [name for name in names if name and name != "identity"]


def undo(body: bytes, header: str | None, ctx: DecodeContext, path: tuple[str, ...]) -> list[tuple[str, bytes]]:
    """Undo the codings last-applied first: one ``(step, output)`` per coding undone.

    Stops at the first coding that is unknown or does not decode (a capture may store the body
    already decoded): the stages so far are returned.
    """
    stages: list[tuple[str, bytes]] = []
    data = body
    for name in reversed(codings(header)):
        step = f"content-encoding:{name}"
        out = CODINGS[name](data, ctx, (*path, step)) if name in CODINGS else None
        if out is None:
            break
        stages.append((step, out))
        path = (*path, step)
        data = out
    return stages
