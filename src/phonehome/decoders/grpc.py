"""gRPC message framing (gRPC over HTTP/2, gRPC-Web): each message behind a 5-byte header.

The header is one flag byte (bit 0: the message is compressed with the call's ``grpc-encoding``,
usually gzip; bit 7: a gRPC-Web trailer frame) and the message length as 4 bytes big-endian. A body
is one or more such frames back to back and nothing else, which is what makes the framing
recognisable without the ``application/grpc`` content type. Each message (a protobuf, or compressed
bytes the next decoders peel) becomes one field; trailer frames (``grpc-status: 0``) are left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from phonehome.decoders.base import BINARY, DecodeContext, derive
from phonehome.model import Field

_FLAGS = frozenset({0x00, 0x01, 0x80, 0x81})
MAX_FRAMES = 4096
"""A body split into more frames than this is not taken for gRPC."""


def frames(data: bytes) -> list[tuple[int, bytes]] | None:
    """``(flag, message)`` for every frame when ``data`` is exactly a sequence of gRPC frames, else None."""
    out: list[tuple[int, bytes]] = []
    at, end = 0, len(data)
    while at < end:
        if end - at < 5 or data[at] not in _FLAGS or len(out) >= MAX_FRAMES:
            return None
        size = int.from_bytes(data[at + 1 : at + 5], "big")
        if at + 5 + size > end:
            return None
        out.append((data[at], data[at + 5 : at + 5 + size]))
        at += 5 + size
    return out if any(message and not flag & 0x80 for flag, message in out) else None


class GrpcFramesDecoder:
    """gRPC length-prefixed messages."""

    name: ClassVar[str] = "grpc"
    tags: ClassVar[frozenset[str]] = frozenset({BINARY})

    def decode(self, field: Field, ctx: DecodeContext) -> Iterable[Field] | None:
        """Split a gRPC body into its messages."""
        data = field.value
        if not isinstance(data, bytes) or len(data) < 6 or data[0] not in _FLAGS or data[1] != 0:
            return None
        found = frames(data)
        if found is None:
            return None
        return [derive(field, message, (self.name, f"[{index}]"))
                for index, (flag, message) in enumerate(found) if message and not flag & 0x80]
