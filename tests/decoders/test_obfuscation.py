"""XOR and AES: recovered when the result is structured or recognisable, never into noise."""

from __future__ import annotations

import gzip
import os

import orjson
import pytest
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from phonehome.decoders.aes import AesDecoder
from phonehome.decoders.xor import XorDecoder, xor

from .helpers import ctx, paths_of, peel, root

DOC = orjson.dumps(
    {
        "event": "page_view",
        "email": "maria@mailbox.test",
        "lat": 12.5,
        "n": [1, 2, 3],
        "props": {"model": "Redmi Note 8", "os": "android", "url": "https://news.test/a/b"},
    }
)
FORM = b"uid=u_1842&email=maria%40mailbox.test&model=Redmi+Note+8&os=android"


def run(decoder, value, keys=()):
    return list(decoder.decode(root(value), ctx(keys)) or ())


@pytest.mark.parametrize("key", [b"\x01", b"\x5a", b"\xa5", b"\xff"])
def test_single_byte_xor_of_json(key):
    out = run(XorDecoder(), xor(DOC, key))
    assert [(f.path[-1], f.value) for f in out] == [(f"xor:{key.hex()}", DOC.decode())]


def test_xor_of_gzip():
    out = run(XorDecoder(), xor(gzip.compress(DOC), b"\x37"))
    assert out[0].path[-1] == "xor:37" and out[0].value[:2] == b"\x1f\x8b"


@pytest.mark.parametrize("key", [b"\x13\x37", b"k3y", b"\x01\x02\x03\x04", b"secret!!"])
def test_repeating_key_xor(key):
    for plain in (DOC, FORM * 4) if len(key) <= 4 else (DOC,):
        out = run(XorDecoder(), xor(plain, key))
        assert out and out[0].value == plain.decode(), key


def test_xor_text_value_is_peeled_in_the_engine():
    hidden = xor(DOC, b"\x03").decode()
    assert hidden.isprintable()
    peeled = peel(orjson.dumps({"blob": hidden}))
    assert paths_of(peeled, "maria@mailbox.test") == [("body", "json", "blob", "xor:03", "json", "email")]


@pytest.mark.parametrize("value", [os.urandom(64), os.urandom(300), b"{" + os.urandom(30) + b"}"])
def test_xor_negative(value):
    assert run(XorDecoder(), value) == []


KEY = bytes(range(16))


def _cbc(plain: bytes, key: bytes, iv: bytes) -> bytes:
    padder = padding.PKCS7(128).padder()
    data = padder.update(plain) + padder.finalize()
    enc = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return enc.update(data) + enc.finalize()


def _ecb(plain: bytes, key: bytes) -> bytes:
    padder = padding.PKCS7(128).padder()
    data = padder.update(plain) + padder.finalize()
    enc = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    return enc.update(data) + enc.finalize()


@pytest.mark.parametrize(
    ("cipher", "mode"),
    [
        (lambda p: (iv := os.urandom(16)) + _cbc(p, KEY, iv), "aes-cbc"),
        (lambda p: _cbc(p, KEY, bytes(16)), "aes-cbc"),
        (lambda p: _cbc(p, KEY, KEY), "aes-cbc"),
        (lambda p: _ecb(p, KEY), "aes-ecb"),
        (lambda p: (nonce := os.urandom(12)) + AESGCM(KEY).encrypt(nonce, p, None), "aes-gcm"),
    ],
)
def test_aes_layouts(cipher, mode):
    for plain in (DOC, gzip.compress(DOC)):
        out = run(AesDecoder(), cipher(plain), keys=(os.urandom(16), KEY))
        assert [(f.path[-1], f.value) for f in out] == [(mode, plain.decode() if plain is DOC else plain)]


def test_aes_needs_the_right_key():
    data = _ecb(DOC, KEY)
    assert run(AesDecoder(), data) == []
    assert run(AesDecoder(), data, keys=(os.urandom(16),)) == []


def test_aes_in_the_engine_base64_iv_cbc_gzip():
    import base64

    iv = os.urandom(16)
    blob = base64.b64encode(iv + _cbc(gzip.compress(DOC), KEY, iv)).decode()
    body = orjson.dumps([{"ekey": "wrapped", "payloads": [blob]}])
    assert paths_of(peel(body), "maria@mailbox.test") == []
    peeled = peel(body, keys=(KEY,))
    assert paths_of(peeled, "maria@mailbox.test") == [
        ("body", "json", "[0].payloads[0]", "base64", "aes-cbc", "gzip", "json", "email")
    ]
