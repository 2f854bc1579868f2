"""Weak XOR obfuscation: single-byte and short repeating keys, recovered without being told.

A key is accepted only when the result becomes structured: a JSON document, a form, or a
compressed stream (gzip, zlib, zstd). Single-byte keys are found from anchors (a JSON document
starts with ``{`` and ends with ``}``; a gzip stream starts ``1f 8b 08``), which costs O(1);
repeating keys of 1-8 bytes are found column by column from character frequencies (binaries only).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import ClassVar

import orjson

from phonehome.decoders.base import BINARY, XORED, DecodeContext, derive
from phonehome.decoders.form import is_form
from phonehome.decoders.inflate import GZIP_WBITS, inflates_cleanly, zlib_complete
from phonehome.decoders.magic import GZIP, ZSTD, is_zlib_header, magic_name
from phonehome.decoders.text import to_value
from phonehome.model import Field

_TABLES = [bytes(byte ^ key for byte in range(256)) for key in range(256)]
_BRACKETS = ((0x7B, 0x7D), (0x5B, 0x5D))
_GUESSES = b'"e :,=&atoins{'
_NOT_PRINTABLE = re.compile(rb"[^\x20-\x7e\t\r\n]")
_MAX_KEY = 8
_SAMPLE = 512
_MIN_SEARCH = 16


def xor(data: bytes, key: bytes) -> bytes:
    """``data`` XOR the repeating ``key``."""
    if len(key) == 1:
        return data.translate(_TABLES[key[0]])
    stream = (key * (len(data) // len(key) + 1))[: len(data)]
    return (int.from_bytes(data, "big") ^ int.from_bytes(stream, "big")).to_bytes(len(data), "big")


def _json_key(data: bytes) -> int | None:
    """The key under which ``data`` is bracketed like a JSON document, or None.

    It must start with ``{``/``[`` and end with the matching bracket (or it then one trailing byte);
    ``{`` XOR ``}`` == ``[`` XOR ``]`` == 6 whatever the key, so most values fail in one test.
    """
    first = data[0]
    for end in (data[-1], data[-2]):
        if first ^ end != 6:
            continue
        for opening, closing in _BRACKETS:
            key = first ^ opening
            if key and end ^ key == closing:
                return key
    return None


def _magic_key(data: bytes) -> int | None:
    """The key under which ``data`` starts with a gzip, zstd or zlib header.

    Differences of neighbouring bytes do not depend on the key: they are checked first.
    """
    a, b, c = data[0], data[1], data[2]
    if a ^ b == GZIP[0] ^ GZIP[1] and b ^ c == GZIP[1] ^ GZIP[2]:
        return a ^ GZIP[0] or None
    if a ^ b == ZSTD[0] ^ ZSTD[1] and b ^ c == ZSTD[1] ^ ZSTD[2] and c ^ data[3] == ZSTD[2] ^ ZSTD[3]:
        return a ^ ZSTD[0] or None
    key = a ^ 0x78
    if key and is_zlib_header(bytes((0x78, b ^ key, c ^ key))):
        return key
    return None


def _structured(out: bytes) -> bool:
    """True when ``out`` is a JSON document, a form of two or more fields, or a valid compressed stream."""
    if out[:1] in (b"{", b"["):
        try:
            return bool(orjson.loads(out))
        except orjson.JSONDecodeError:
            return False
    if out.startswith(GZIP):
        return inflates_cleanly(out, GZIP_WBITS) is not None
    if out.startswith(ZSTD):
        return True
    if is_zlib_header(out):
        return zlib_complete(out)
    if _NOT_PRINTABLE.search(out) or b"&" not in out:
        return False
    try:
        return is_form(out.decode("ascii"))
    except UnicodeDecodeError:
        return False


def anchored(data: bytes) -> tuple[bytes, bytes] | None:
    """(key, plaintext) for a single-byte key found from JSON or compression anchors, else None."""
    if len(data) < 4:
        return None
    tried = None
    # both anchors are tried: a compressed stream may end a byte that brackets it like JSON
    for key in (_json_key(data), _magic_key(data)):
        if key is None or key == tried:
            continue
        tried = key
        out = data.translate(_TABLES[key])
        if _structured(out):
            return bytes([key]), out
    return None


def _weights() -> bytes:
    """Per byte, how typical it is of JSON or form text (0 for bytes text never holds)."""
    table = bytearray(256)
    for byte in range(0x20, 0x7F):
        table[byte] = 1
    for chars, weight in (
        (b"abcdefghijklmnopqrstuvwxyz", 10),
        (b'etaoinsr"', 12),
        (b":, ", 8),
        (b"0123456789_", 6),
        (b"ABCDEFGHIJKLMNOPQRSTUVWXYZ{}[]", 4),
        (b".-/@=&%+", 4),
    ):
        for byte in chars:
            table[byte] = weight
    return bytes(table)


_WEIGHT = _weights()


def _column_key(column: bytes) -> int | None:
    """The key byte that turns ``column`` into printable text that reads most like JSON or a form."""
    best, best_score = None, -1
    for common, _ in Counter(column).most_common(3):
        for guess in _GUESSES:
            key = common ^ guess
            out = column.translate(_TABLES[key])
            if _NOT_PRINTABLE.search(out):
                continue
            score = sum(out.translate(_WEIGHT))
            if score > best_score:
                best, best_score = key, score
    return best


def searched(data: bytes) -> tuple[bytes, bytes] | None:
    """(key, plaintext) for a 1-8 byte repeating key recovered from column statistics, else None."""
    sample = data[:_SAMPLE]
    for size in range(1, _MAX_KEY + 1):
        if len(sample) < 6 * size:
            break
        key = bytearray()
        for column in range(size):
            byte = _column_key(sample[column::size])
            if byte is None:
                break
            key.append(byte)
        else:
            if any(key):
                out = xor(data, bytes(key))
                if _structured(out):
                    return bytes(key), out
    return None


class XorDecoder:
    """XOR with a recovered key: ``xor:KEYHEX``."""

    name: ClassVar[str] = "xor"
    tags: ClassVar[frozenset[str]] = frozenset({XORED, BINARY})

    def decode(self, field: Field, ctx: DecodeContext) -> Iterable[Field] | None:
        """Recover the key and the plaintext, when the result is structured."""
        value = field.value
        if isinstance(value, str):
            found = anchored(value.encode("utf-8"))
        elif magic_name(value) is not None:
            return None
        else:
            found = anchored(value)
            if found is None and len(value) >= _MIN_SEARCH:
                found = searched(value)
        if found is None:
            return None
        key, out = found
        return [derive(field, to_value(out), (f"{self.name}:{key.hex()}",))]
