"""Property: any composition (depth <= 4) of common encodings around a JSON document is peeled,
and the planted string is found in a leaf whose path names every layer, outermost first."""

from __future__ import annotations

import base64
import gzip
import zlib
from urllib.parse import quote

import brotli
import orjson
import zstandard
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from phonehome.decoders.engine import Engine
from phonehome.decoders.magic import GZIP, ZSTD, is_zlib_header
from phonehome.decoders.shape import is_base64_text
from phonehome.decoders.text import as_text

from .helpers import exchange

ENGINE = Engine()
KEYS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_$", min_size=1, max_size=8)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**53), 2**53),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.text(max_size=12),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3),
    max_leaves=8,
)


@st.composite
def documents(draw):
    """A JSON object with a planted string at a drawn key path: (document bytes, planted, location)."""
    planted = "canary:" + draw(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=6, max_size=10))
    route = draw(st.lists(KEYS, min_size=1, max_size=3))
    doc = draw(st.dictionaries(KEYS, VALUES, max_size=4))
    node = doc
    for key in route[:-1]:
        child = node.get(key)
        node[key] = child = child if isinstance(child, dict) else {}
        node = child
    node[route[-1]] = planted
    return orjson.dumps(doc), planted, ".".join(route)


def _pb_field(number: int, payload: bytes) -> bytes:
    def varint(n: int) -> bytes:
        out = bytearray()
        while True:
            byte, n = n & 0x7F, n >> 7
            out.append(byte | (0x80 if n else 0))
            if not n:
                return bytes(out)

    return varint(number << 3 | 2) + varint(len(payload)) + payload


def _xorable(data: bytes) -> bool:
    """XOR is recovered only when it hides a JSON document or a compressed stream (by design)."""
    return data[:1] == b"{" or data.startswith((GZIP, ZSTD)) or is_zlib_header(data)


def encode(layer: tuple, data: bytes) -> tuple[bytes, tuple[str, ...]] | None:
    """Apply one layer: (new data, path steps it adds), or None when it does not apply to ``data``."""
    name, param = layer
    if name == "base64":
        return base64.b64encode(data), ("base64",)
    if name == "urlsafe":
        return base64.urlsafe_b64encode(data).rstrip(b"="), ("base64",)
    if name == "hex":
        return data.hex().encode(), ("hex",)
    if name == "gzip":
        return gzip.compress(data), ("gzip",)
    if name == "zlib":
        return zlib.compress(data), ("zlib",)
    if name == "brotli":
        return brotli.compress(data, quality=param % 12), ("brotli",)
    if name == "zstd":
        return zstandard.ZstdCompressor().compress(data), ("zstd",)
    if name == "urlencode":
        quoted = quote(data, safe="")
        if quoted == data.decode("latin-1"):
            return None
        # %-escaped base64 is read by the base64 decoder directly (as Sensors JS sends it)
        steps = () if is_base64_text(quoted) else ("percent",)
        return quoted.encode(), steps
    if name == "json":
        text = as_text(data)
        if text is None:
            return None
        return orjson.dumps({"wrap": text}), ("json", "wrap")
    if name == "xor":
        key = param % 255 + 1
        if not _xorable(data):
            return None
        return bytes(b ^ key for b in data), (f"xor:{key:02x}",)
    if name == "protobuf":
        number = param % 40 + 1
        return _pb_field(number, data), ("protobuf", str(number))
    raise AssertionError(name)


LAYERS = st.tuples(
    st.sampled_from(
        ["base64", "urlsafe", "hex", "gzip", "zlib", "brotli", "zstd", "urlencode", "json", "xor", "protobuf"]
    ),
    st.integers(0, 1000),
)


def _normal(path: tuple[str, ...]) -> tuple[str, ...]:
    """Nested protobuf messages may be opened in one step (``1.2``) or two (``1``, ``2``)."""
    out: list[str] = []
    for index, step in enumerate(path):
        if index and path[index - 1] == "protobuf" and "." in step:
            first, *rest = step.split(".")
            out.append(first)
            for number in rest:
                out.extend(("protobuf", number))
        else:
            out.append(step)
    return tuple(out)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.lists(LAYERS, max_size=4))
# a protobuf field around %-escaped base64: percent-decoding the whole body reaches the same JSON
# first unless the protobuf decoder runs before the text decoders (found by Hypothesis)
@example((b'{"__":"canary:000000"}', "canary:000000", "__"), [("base64", 0), ("urlencode", 0), ("protobuf", 0)])
# a one-byte XOR that turns "{" into a quote (the body then looks like a JSON string)
@example((b'{"$":"canary:000000"}', "canary:000000", "$"), [("xor", 88)])
# a zlib stream under XOR whose ends also bracket like JSON under another key
@example(
    (
        b'{"fhmw":[],"dhqrw":{},"n":[[null,true,-3.065828401269965e+16]],"bffhjv":[1326021223645184.0],'
        b'"f":{"f":{"eels":"canary:347hju"}}}',
        "canary:347hju",
        "f.f.eels",
    ),
    [("urlencode", 0), ("zlib", 0), ("xor", 0)],
)
# a protobuf field 5 whose tag and length read "*=": also a form with one key
@example(
    (b'{"____":[],"________":[],"_":{"__":{"____":"canary:000000"}}}', "canary:000000", "_.__.____"),
    [("protobuf", 124)],
)
def test_every_composition_is_peeled(document, layers):
    data, planted, location = document
    steps: tuple[str, ...] = ("json", location)
    for layer in layers:
        applied = encode(layer, data)
        if applied is not None:
            data, added = applied
            steps = added + steps
    peeled = ENGINE.peel(exchange(data))
    found = {_normal(f.path) for f in peeled.fields if f.value == planted}
    assert ("body", *steps) in found, (layers, found)
    assert peeled.failures == 0


@settings(max_examples=300, deadline=None)
@given(
    st.binary(max_size=300)
    | st.builds(
        lambda d, enc: enc(d),
        st.binary(max_size=200),
        st.sampled_from([gzip.compress, zlib.compress, brotli.compress, base64.b64encode, lambda d: d.hex().encode()]),
    ),
    st.text(max_size=80),
    st.lists(
        st.tuples(st.sampled_from(["Cookie", "Authorization", "X-Data", "Content-Encoding"]), st.text(max_size=60)),
        max_size=3,
    ),
)
def test_hostile_input_never_breaks_a_decoder(body, path, headers):
    ex = exchange(body, url=f"https://c.test/{path}", headers=tuple(headers))
    peeled = ENGINE.peel(ex)
    assert peeled.failures == 0
    assert all(isinstance(f.value, str | bytes) for f in peeled.fields)
