"""AES with keys the user supplies (``--key HEX``, recovered by reverse engineering an app).

Tried layouts: GCM as nonce(12)‖ciphertext‖tag; CBC as IV(16)‖ciphertext, with a zero IV, or
with the key as IV; ECB. A plaintext is accepted only when the padding (or the GCM tag) checks
and it is plausible (``plausible.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import ClassVar

import orjson
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from phonehome.decoders.base import BINARY, DecodeContext, derive
from phonehome.decoders.magic import magic_name
from phonehome.decoders.text import to_value
from phonehome.model import Field

_BLOCK = 16
_NONCE = 12
_TAG = 16


def _unpad(data: bytes) -> bytes | None:
    """Strip PKCS#7 padding; None when it is not valid."""
    if not data:
        return None
    size = data[-1]
    if not 1 <= size <= _BLOCK or data[-size:] != bytes([size]) * size:
        return None
    return data[:-size]


def _block(key: bytes, mode: modes.CBC | modes.ECB, data: bytes) -> bytes | None:
    decryptor = Cipher(algorithms.AES(key), mode).decryptor()
    return _unpad(decryptor.update(data) + decryptor.finalize())


def _attempts(data: bytes, key: bytes) -> Iterator[tuple[str, bytes | None]]:
    if len(data) >= _NONCE + _TAG:
        try:
            yield "aes-gcm", AESGCM(key).decrypt(data[:_NONCE], data[_NONCE:], None)
        except InvalidTag:
            pass
    if len(data) % _BLOCK or not data:
        return
    if len(data) >= 2 * _BLOCK:
        yield "aes-cbc", _block(key, modes.CBC(data[:_BLOCK]), data[_BLOCK:])
    yield "aes-cbc", _block(key, modes.CBC(bytes(_BLOCK)), data)
    yield "aes-cbc", _block(key, modes.CBC(key[:_BLOCK]), data)
    yield "aes-ecb", _block(key, modes.ECB(), data)


def _structured(plain: bytes) -> bool:
    """A plaintext that is certainly whole: a JSON document or a known signature at its start."""
    if magic_name(plain) is not None:
        return True
    if plain[:1] not in (b"{", b"["):
        return False
    try:
        orjson.loads(plain)
    except orjson.JSONDecodeError:
        return False
    return True


def decrypt(data: bytes, keys: tuple[bytes, ...], judge: Callable[[bytes], bool]) -> tuple[str, bytes] | None:
    """(mode, plaintext) for the key and layout that open ``data``, else None.

    Layouts can overlap (CBC with the first block as IV also "opens" a zero-IV ciphertext, minus its
    first block), so a plaintext that is whole JSON or starts with a signature is preferred.
    """
    fallback = None
    for key in keys:
        if len(key) not in (16, 24, 32):
            continue
        for mode, plain in _attempts(data, key):
            if not plain or not judge(plain):
                continue
            if _structured(plain):
                return mode, plain
            fallback = fallback or (mode, plain)
    return fallback


class AesDecoder:
    """AES-decrypt a binary with one of the user's keys: ``aes-gcm``, ``aes-cbc`` or ``aes-ecb``."""

    name: ClassVar[str] = "aes"
    tags: ClassVar[frozenset[str]] = frozenset({BINARY})

    def decode(self, field: Field, ctx: DecodeContext) -> Iterable[Field] | None:
        """Decrypt the field when a user key opens it."""
        data = field.value
        if not ctx.keys or not isinstance(data, bytes) or len(data) < _BLOCK:
            return None
        found = decrypt(data, ctx.keys, ctx.plausible)
        if found is None:
            return None
        mode, plain = found
        return [derive(field, to_value(plain), (mode,))]
