"""The engine: roots, Content-Encoding, the seen-set, limits and failures."""

from __future__ import annotations

import gzip
import zlib

import brotli
import orjson
import pytest
import zstandard

from phonehome.decoders import DECODERS, decoder_names
from phonehome.decoders.base import Limits
from phonehome.decoders.engine import Engine

from .helpers import exchange, field_at, paths_of, peel

DOC = {"user": {"email": "maria@mailbox.test"}}
JSON = orjson.dumps(DOC)


def test_roots_url_headers_body():
    ex = exchange(
        b'{"a": "bodyvalue"}',
        url="https://collector.test/i?uid=u123",
        headers=(("User-Agent", "ua/1"), ("Cookie", "sid=abc123; theme=dark")),
    )
    peeled = Engine().peel(ex)
    assert field_at(peeled, ("url",)).value == ex.url
    ua = field_at(peeled, ("header:User-Agent",))
    assert (ua.value, ua.key, ua.keys, ua.depth) == ("ua/1", "User-Agent", ("User-Agent",), 0)
    assert field_at(peeled, ("url", "query:uid")).value == "u123"
    sid = field_at(peeled, ("header:Cookie", "cookie:sid"))
    assert (sid.value, sid.key, sid.keys, sid.depth) == ("abc123", "sid", ("Cookie", "sid"), 1)
    assert field_at(peeled, ("body", "json", "a")).value == "bodyvalue"
    assert peeled.failures == 0 and peeled.limits_hit == []


@pytest.mark.parametrize(
    ("header", "encode", "steps"),
    [
        ("gzip", gzip.compress, ("content-encoding:gzip",)),
        ("deflate", zlib.compress, ("content-encoding:deflate",)),
        ("br", brotli.compress, ("content-encoding:br",)),
        ("zstd", zstandard.ZstdCompressor().compress, ("content-encoding:zstd",)),
        (
            "gzip, br",
            lambda d: brotli.compress(gzip.compress(d)),
            ("content-encoding:br", "content-encoding:gzip"),
        ),
    ],
)
def test_content_encoding_is_undone_first(header, encode, steps):
    peeled = peel(encode(JSON), headers=(("Content-Encoding", header),))
    assert paths_of(peeled, "maria@mailbox.test") == [("body", *steps, "json", "user.email")]


def test_raw_deflate_content_encoding():
    raw = zlib.compressobj(wbits=-15)
    body = raw.compress(JSON) + raw.flush()
    peeled = peel(body, headers=(("Content-Encoding", "deflate"),))
    assert paths_of(peeled, "maria@mailbox.test") == [("body", "content-encoding:deflate", "json", "user.email")]


def test_content_encoding_already_undone_by_the_capture():
    peeled = peel(JSON, headers=(("Content-Encoding", "gzip"),))
    assert paths_of(peeled, "maria@mailbox.test") == [("body", "json", "user.email")]


def test_every_stage_is_kept_with_depth():
    import base64

    body = b"data=" + base64.b64encode(gzip.compress(JSON))
    peeled = peel(body)
    steps = ("body", "form:data", "base64", "gzip", "json", "user.email")
    for n in range(1, 5):
        assert field_at(peeled, steps[:n]).depth == n - 1
    leaf = field_at(peeled, steps)
    assert leaf.depth == 4 and leaf.key == "email" and leaf.keys == ("data", "user", "email")
    assert isinstance(field_at(peeled, steps[:3]).value, bytes)
    assert field_at(peeled, steps[:4]).value == JSON.decode()


def test_base64_sent_unescaped_in_a_form_survives_plus_as_space():
    """Some clients put raw base64 in a form body; form decoding turns its '+' into spaces."""
    import base64

    encoded = next(
        e for e in (base64.b64encode(gzip.compress(JSON, mtime=m * 1_000_003)) for m in range(1000)) if b"+" in e
    )
    peeled = peel(b"data=" + encoded)
    assert " " in field_at(peeled, ("body", "form:data")).value
    assert paths_of(peeled, "maria@mailbox.test") == [("body", "form:data", "base64", "gzip", "json", "user.email")]


def test_every_stage_is_kept_with_depth_without_plus():
    """The same chain with a gzip header whose base64 has no '+' (the default mtime varies)."""
    import base64

    encoded = next(
        e for e in (base64.b64encode(gzip.compress(JSON, mtime=m * 1_000_003)) for m in range(1000)) if b"+" not in e
    )
    assert field_at(peel(b"data=" + encoded), ("body", "form:data", "base64")).depth == 2


def test_seen_set_decodes_a_value_once_per_depth():
    import base64

    token = base64.b64encode(JSON).decode()
    peeled = peel(url=f"https://c.test/?a={token}&b={token}")
    assert len(paths_of(peeled, "maria@mailbox.test")) == 1


def test_depth_limit_is_recorded():
    import base64

    value = JSON
    for _ in range(10):
        value = base64.b64encode(value)
    peeled = peel(value, limits=Limits(max_depth=4))
    assert any(hit.startswith("max_depth") for hit in peeled.limits_hit)
    assert max(f.depth for f in peeled.fields) <= 4


def test_field_budget_is_recorded():
    doc = orjson.dumps({f"k{i}": f"v{i}" for i in range(500)})
    peeled = peel(doc, limits=Limits(max_fields_per_exchange=100))
    assert len(peeled.fields) == 100
    assert any(hit.startswith("max_fields_per_exchange") for hit in peeled.limits_hit)


def test_byte_budget_is_recorded():
    doc = orjson.dumps({f"k{i}": "x" * 1000 for i in range(100)})
    peeled = peel(gzip.compress(doc), limits=Limits(max_bytes_per_exchange=50_000))
    assert any("max_bytes_per_exchange" in hit for hit in peeled.limits_hit)


def test_a_decoder_that_raises_is_skipped_and_counted(monkeypatch):
    class Broken:
        name = "broken"
        tags = frozenset({"json"})

        def decode(self, field, ctx):
            raise RuntimeError("bug")

    engine = Engine()
    engine._decoders.insert(0, (0xFFFF, Broken()))
    peeled = engine.peel(exchange(JSON))
    assert peeled.failures >= 1
    assert paths_of(peeled, "maria@mailbox.test") == [("body", "json", "user.email")]


def test_registry():
    names = decoder_names()
    assert names == list(DECODERS)
    for name in (
        "url",
        "form",
        "cookie",
        "json",
        "base64",
        "hex",
        "gzip",
        "zlib",
        "deflate",
        "brotli",
        "zstd",
    ):
        assert name in names
        assert DECODERS[name].name == name
