"""base64 and hex: every variant decodes; ids, hashes, uuids and words are left alone."""

from __future__ import annotations

import base64
import gzip
import os
import uuid

import pytest

from phonehome.decoders.base64 import Base64Decoder, b64_bytes
from phonehome.decoders.hex import HexDecoder

from .helpers import ctx, root

TEXT = '{"event":"page_view","url":"https://news.test/a?b=c"}'
RAW = TEXT.encode()


def decode(decoder, value):
    out = decoder.decode(root(value), ctx())
    return [f.value for f in out or ()]


@pytest.mark.parametrize(
    "encoded",
    [
        base64.b64encode(RAW).decode(),
        base64.urlsafe_b64encode(RAW + b"??>>").decode(),
        base64.b64encode(RAW).decode().rstrip("="),
        base64.urlsafe_b64encode(RAW + b"?").decode().rstrip("="),
        base64.b64encode(RAW + b"?>").decode().replace("+", "%2B").replace("/", "%2F").replace("=", "%3D"),
    ],
)
def test_base64_variants(encoded):
    out = decode(Base64Decoder(), encoded)
    assert len(out) == 1 and out[0].startswith(TEXT)


def test_base64_of_binary_with_magic_stays_bytes():
    out = decode(Base64Decoder(), base64.b64encode(gzip.compress(RAW)).decode())
    assert isinstance(out[0], bytes) and out[0][:2] == b"\x1f\x8b"


def test_base64_embedded_in_a_string():
    token = base64.b64encode(RAW).decode()
    assert decode(Base64Decoder(), f"prefix:{token} suffix") == [TEXT]


def test_short_base64_word():
    assert decode(Base64Decoder(), base64.b64encode(b"hello world").decode()) == ["hello world"]


NOT_BASE64 = [
    "5207edfe3b0c2b38",
    "0123456789abcdef0123456789abcdef",
    str(uuid.UUID(int=12345678901234567890)),
    "68ea3482-b3d0-4c29-9b4a-4ee2541b5a9f",
    "username",
    "production",
    "BrowserPageView",
    "ChromiumBrowser",
    "1795417817256",
    "velvet-juniper-67997",
    "ML-DSA-44-16",
    "phc_testkey123",
    "application",
    "tomas_3595",
    "ac594eb661e24395356b515d3fe6dbb950eb387c5608d8bdf9eb851c26d2dfa8",
]


@pytest.mark.parametrize("value", NOT_BASE64)
def test_ids_and_words_are_not_base64(value):
    assert decode(Base64Decoder(), value) == []
    assert decode(HexDecoder(), value) == []


def test_random_tokens_are_not_decoded():
    rng = __import__("random").Random(7)
    decoded = 0
    for _ in range(3000):
        n = rng.choice((9, 12, 16, 18, 24, 33))
        for token in (
            base64.b64encode(rng.randbytes(n)).decode(),
            base64.urlsafe_b64encode(rng.randbytes(n)).decode(),
            rng.randbytes(n).hex(),
        ):
            decoded += bool(decode(Base64Decoder(), token) or decode(HexDecoder(), token))
    assert decoded <= 3


def test_b64_bytes_rejects_mixed_alphabets_and_bad_lengths():
    assert b64_bytes("ab+c-d__") is None
    assert b64_bytes("abcde") is None
    assert b64_bytes("YWJj") == b"abc"


def test_hex():
    assert decode(HexDecoder(), RAW.hex()) == [TEXT]
    assert decode(HexDecoder(), gzip.compress(RAW).hex().upper())[0][:2] == b"\x1f\x8b"
    assert decode(HexDecoder(), os.urandom(32).hex()) == []
