"""Known binary signatures: a decoded output starting with one of these is real, not noise."""

from __future__ import annotations

GZIP = b"\x1f\x8b\x08"
ZSTD = b"\x28\xb5\x2f\xfd"
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (GZIP, "gzip"),
    (ZSTD, "zstd"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF8", "gif"),
    (b"%PDF-", "pdf"),
    (b"PK\x03\x04", "zip"),
    (b"RIFF", "riff"),
    (b"\xd9\xd9\xf7", "cbor"),
)


def is_zlib_header(data: bytes) -> bool:
    """True when ``data`` starts with a valid zlib header (deflate, window <= 32K, check bits)."""
    if len(data) < 3:
        return False
    cmf, flg = data[0], data[1]
    return cmf & 0x0F == 8 and cmf >> 4 <= 7 and ((cmf << 8) | flg) % 31 == 0 and not flg & 0x20


_BY_FIRST: dict[int, list[tuple[bytes, str]]] = {}
for _signature, _name in _SIGNATURES:
    _BY_FIRST.setdefault(_signature[0], []).append((_signature, _name))


def magic_name(data: bytes) -> str | None:
    """Name of the binary format ``data`` starts with, or None."""
    if not data:
        return None
    for signature, name in _BY_FIRST.get(data[0], ()):
        if data.startswith(signature):
            return name
    if data[0] & 0x0F == 8 and is_zlib_header(data):
        return "zlib"
    return None
