"""protobuf, msgpack, CBOR, JWT, NDJSON, Sentry envelopes and multipart: positives and negatives."""

from __future__ import annotations

import base64
import gzip
import os
import struct

import cbor2
import msgpack
import orjson
import pytest

from phonehome.decoders.cbor import CborDecoder
from phonehome.decoders.grpc import GrpcFramesDecoder
from phonehome.decoders.jwt import JwtDecoder
from phonehome.decoders.msgpack import MsgpackDecoder
from phonehome.decoders.multipart import MultipartDecoder
from phonehome.decoders.ndjson import NdjsonDecoder
from phonehome.decoders.protobuf import ProtobufDecoder, is_plausible_message
from phonehome.decoders.sentry import SentryEnvelopeDecoder

from .helpers import ctx, paths_of, peel, root


def run(decoder, value, context=None):
    return list(decoder.decode(root(value), context or ctx()) or ())


def varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def pb_field(number: int, value: bytes | int | float) -> bytes:
    if isinstance(value, int):
        return varint(number << 3) + varint(value)
    if isinstance(value, float):
        return varint(number << 3 | 1) + struct.pack("<d", value)
    return varint(number << 3 | 2) + varint(len(value)) + value


def test_protobuf_nested_strings_numbers_and_doubles():
    inner = pb_field(1, b"maria@mailbox.test") + pb_field(2, 12345) + pb_field(3, -20.5487)
    message = pb_field(1, 7) + pb_field(3, pb_field(2, inner)) + pb_field(4, b"Redmi Note 8")
    got = {(f.path[-1], f.value) for f in run(ProtobufDecoder(), message)}
    assert ("3.2.1", "maria@mailbox.test") in got
    assert ("3.2.2", "12345") in got
    assert ("3.2.3", "-20.5487") in got
    assert ("4", "Redmi Note 8") in got
    assert ("1", "7") in got
    leaf = next(f for f in run(ProtobufDecoder(), message) if f.value == "maria@mailbox.test")
    assert leaf.path == ("body", "protobuf", "3.2.1") and leaf.key == "1" and leaf.keys == ("3", "2", "1")


def test_protobuf_name_value_entries_are_keyed_by_their_name():
    # OTLP attributes: repeated KeyValue{1: key, 2: AnyValue{1: string | 3: int | 4: double}}
    def attr(key: bytes, value: bytes) -> bytes:
        return pb_field(9, pb_field(1, key) + pb_field(2, value))

    span = (attr(b"device.id", pb_field(1, b"3f9a0c1d2e4b5a69")) + attr(b"geo.location.lat", pb_field(4, -20.5487))
            + attr(b"retry.count", pb_field(3, 3)) + attr(b"plain", b"Redmi Note 8")
            + attr(b"nested", pb_field(6, pb_field(1, attr(b"inner.email", pb_field(1, b"m@x.test"))))))
    got = {(f.key, f.value) for f in run(ProtobufDecoder(), pb_field(1, span))}
    assert {("device.id", "3f9a0c1d2e4b5a69"), ("geo.location.lat", "-20.5487"), ("retry.count", "3"),
            ("plain", "Redmi Note 8"), ("inner.email", "m@x.test")} <= got
    leaf = next(f for f in run(ProtobufDecoder(), pb_field(1, span)) if f.value == "3f9a0c1d2e4b5a69")
    assert leaf.keys[-1] == "device.id" and leaf.path[-1] == "1.9.2"
    # field 1 that is not a name (a sentence) keeps the numbered leaves
    odd = pb_field(1, pb_field(1, b"two words") + pb_field(2, pb_field(1, b"value")))
    assert {f.key for f in run(ProtobufDecoder(), odd)} == {"1"}


def test_protobuf_packed_and_bytes_fields():
    packed = b"".join(varint(n) for n in (3, 270, 86942))
    message = pb_field(1, b"name-field") + pb_field(2, packed)
    got = [(f.path[-1], f.value) for f in run(ProtobufDecoder(), message)]
    assert ("2[1]", "270") in got and ("2[2]", "86942") in got
    assert ("2", packed) in got


def test_protobuf_bytes_field_is_handed_on():
    payload = gzip.compress(b'{"email": "m@x.test"}')
    peeled = peel(pb_field(1, b"envelope") + pb_field(5, payload))
    assert paths_of(peeled, "m@x.test") == [("body", "protobuf", "5", "gzip", "json", "email")]


def test_protobuf_that_is_valid_text():
    message = pb_field(1, b'{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa": "planted"}')
    assert message.decode().isprintable() is False or True
    peeled = peel(message)
    assert ("body", "protobuf", "1", "json", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa") in paths_of(peeled, "planted")


@pytest.mark.parametrize("value", [b"\x00\x01\x02", b"\x1f\x8b\x08\x00", b"\xff" * 20, b"PK\x03\x04abc"])
def test_protobuf_negative(value):
    assert run(ProtobufDecoder(), value) == []


def test_random_bytes_are_rarely_protobuf():
    assert sum(is_plausible_message(os.urandom(24)) for _ in range(20000)) < 10


DOC = {"user": {"email": "m@x.test", "ids": ["a1", 42]}, "ok": True}


@pytest.mark.parametrize(("decoder", "encode"), [(MsgpackDecoder(), msgpack.packb), (CborDecoder(), cbor2.dumps)])
def test_msgpack_and_cbor(decoder, encode):
    got = {(f.path[-1], f.value) for f in run(decoder, encode(DOC))}
    assert got == {("user.email", "m@x.test"), ("user.ids[0]", "a1"), ("user.ids[1]", "42")}


def test_cbor_tags_are_unwrapped():
    got = [f.value for f in run(CborDecoder(), cbor2.dumps(cbor2.CBORTag(55799, DOC)))]
    assert "m@x.test" in got


@pytest.mark.parametrize("decoder", [MsgpackDecoder(), CborDecoder()])
@pytest.mark.parametrize("value", [b"\x81\x01\x02", b"\x90", b"\x80", b"\xa1\x01\x02", os.urandom(3)])
def test_msgpack_cbor_negative(decoder, value):
    assert run(decoder, value) == []


SPAN_V04 = {"service": "api", "name": "http.request", "trace_id": 11, "meta": {"usr.email": "m@x.test"}}


def test_msgpack_arrays_of_arrays_of_maps_are_documents():
    # Datadog's trace API v0.4: a list of traces, each a list of span maps
    got = {(f.path[-1], f.key, f.value) for f in run(MsgpackDecoder(), msgpack.packb([[SPAN_V04]]))}
    assert ("[0][0].meta.usr.email", "usr.email", "m@x.test") in got


def _v05(span: list) -> bytes:
    table = ["", "api", "http.request", "GET /search", "usr.email", "m@x.test", "web", "_dd.top_level"]
    return msgpack.packb([table, [[span]]])


SPAN_V05 = [1, 2, 3, 11, 22, 0, 1700000000000000000, 5000, 0, {4: 5}, {7: 1.0}, 6]


def test_msgpack_string_table_is_resolved_into_named_records():
    # Datadog's trace API v0.5: [strings, traces], every text field of a span an index into strings
    got = {f.path[-1]: (f.key, f.value) for f in run(MsgpackDecoder(), _v05(SPAN_V05))}
    assert got["[0][0].meta.usr.email"] == ("usr.email", "m@x.test")
    assert got["[0][0].service"] == ("service", "api")
    assert got["[0][0].resource"] == ("resource", "GET /search")
    assert got["[0][0].metrics._dd.top_level"] == ("_dd.top_level", "1.0")


@pytest.mark.parametrize("span", [
    SPAN_V05[:11],  # not the record's length
    [*SPAN_V05[:9], {4: 99}, *SPAN_V05[10:]],  # an index past the table
    [*SPAN_V05[:9], [4, 5], *SPAN_V05[10:]],  # meta not a map
])
def test_msgpack_string_table_that_does_not_fit_is_left_as_is(span):
    got = {f.path[-1]: f.value for f in run(MsgpackDecoder(), _v05(span))}
    assert got["[0][5]"] == "m@x.test"  # walked as the plain arrays it is
    assert not any(".meta" in path for path in got)


def test_msgpack_deeply_nested_arrays_are_bounded():
    assert run(MsgpackDecoder(), b"\x91" * 600 + b"\xa1a") == []


def _frame(message: bytes, flag: int = 0) -> bytes:
    return bytes([flag]) + len(message).to_bytes(4, "big") + message


GRPC_MESSAGE = pb_field(1, pb_field(2, b"user.email") + pb_field(3, b"m@x.test"))


def test_grpc_frames_are_split_into_their_messages():
    body = _frame(GRPC_MESSAGE) + _frame(gzip.compress(GRPC_MESSAGE), flag=1) + _frame(b"grpc-status:0\r\n", 0x80)
    assert [f.value for f in run(GrpcFramesDecoder(), body)] == [GRPC_MESSAGE, gzip.compress(GRPC_MESSAGE)]
    peeled = peel(body, headers=(("Content-Type", "application/grpc"),))
    paths = paths_of(peeled, "m@x.test")
    assert ("body", "grpc", "[0]", "protobuf", "1.3") in paths
    assert ("body", "grpc", "[1]", "gzip", "protobuf", "1.3") in paths


@pytest.mark.parametrize("body", [
    _frame(GRPC_MESSAGE)[:-1],  # cut short
    _frame(GRPC_MESSAGE) + b"\x00",  # trailing byte
    b"\x02" + _frame(GRPC_MESSAGE)[1:],  # unknown flag
    _frame(b""),  # nothing in it
    _frame(b"grpc-status:0", 0x80),  # only a trailer
])
def test_grpc_frames_negative(body):
    assert run(GrpcFramesDecoder(), body) == []


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def test_jwt():
    header = _b64url(b'{"alg":"HS256","typ":"JWT"}')
    payload = _b64url(b'{"sub":"user_42","email":"m@x.test"}')
    token = f"{header}.{payload}.{_b64url(os.urandom(32))}"
    got = {f.path[-1]: f.value for f in run(JwtDecoder(), f"Bearer {token}")}
    assert got == {"header": '{"alg":"HS256","typ":"JWT"}', "payload": '{"sub":"user_42","email":"m@x.test"}'}
    peeled = peel(headers=(("Authorization", f"Bearer {token}"),))
    assert paths_of(peeled, "m@x.test") == [("header:Authorization", "jwt", "payload", "json", "email")]


def test_ndjson():
    text = '{"a": "first"}\n{"b": "second"}\n'
    assert [(f.path[-1], f.value) for f in run(NdjsonDecoder(), text)] == [
        ("[0]", '{"a": "first"}'),
        ("[1]", '{"b": "second"}'),
    ]
    assert paths_of(peel(text), "second") == [("body", "ndjson", "[1]", "json", "b")]
    assert run(NdjsonDecoder(), '{"a": 1}') == []
    assert run(NdjsonDecoder(), '{"a": 1}\nnot json') == []


@pytest.mark.parametrize("text", [
    '{"event": "{\\"email\\": \\"m@x.test\\"}", "host": "api-1"}{"event": "second", "host": "api-1"}',  # Splunk HEC
    '{\n  "a": "x",\n  "email": "m@x.test"\n}\n{\n  "b": "second"\n}\n',  # pretty-printed records
        '[{"email": "m@x.test"}] [{"b": "second"}]',
])
def test_json_documents_back_to_back(text):
    docs = [f.value for f in run(NdjsonDecoder(), text)]
    assert len(docs) == 2 and "second" in docs[1]
    assert any(f.value == "m@x.test" for f in peel(text).fields)


@pytest.mark.parametrize("text", [
    '{"a": "}{"}',  # one document holding the separator
    '{"a": 1}{"b": ',  # the second one cut
    '{"a": 1} trailing words',
    '{"a": 1}{"b": 2} {',
    'x{"a": 1}{"b": 2}',
])
def test_json_documents_back_to_back_negative(text):
    assert run(NdjsonDecoder(), text) == []


def test_a_value_the_json_decoder_parsed_whole_is_not_scanned_again():
    from phonehome.decoders import DECODERS
    from phonehome.decoders.json import JsonDecoder

    names = list(DECODERS)
    assert names.index("json") < names.index("ndjson")  # the NDJSON decoder relies on running second
    text = '{"a": "}{", "b": "] ["}'
    context = ctx()
    assert run(JsonDecoder(), text, context) and context.one_document is text
    assert run(NdjsonDecoder(), text, context) == []
    back_to_back = '{"a": 1}{"b": 2}'
    assert run(JsonDecoder(), back_to_back, context) == [] and context.one_document is text
    assert len(run(NdjsonDecoder(), back_to_back, context)) == 2


def _envelope(event: dict, attachment: bytes) -> bytes:
    body = orjson.dumps(event)
    return b"\n".join(
        [
            b'{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc","dsn":"https://k@o1.ingest.sentry.io/1"}',
            orjson.dumps({"type": "event", "length": len(body)}),
            body,
            orjson.dumps({"type": "attachment", "length": len(attachment), "filename": "a.txt"}),
            attachment,
        ]
    )


def test_sentry_envelope():
    data = _envelope({"user": {"email": "m@x.test"}, "message": "line1\nline2"}, b"note: n@x.test\n")
    got = {f.path[-1]: f.value for f in run(SentryEnvelopeDecoder(), data.decode())}
    assert set(got) == {"header", "[0].event", "[1].attachment"}
    assert got["[1].attachment"] == "note: n@x.test\n"
    peeled = peel(data, headers=(("Content-Type", "application/x-sentry-envelope"),))
    assert paths_of(peeled, "m@x.test") == [("body", "sentry", "[0].event", "json", "user.email")]
    assert not any(p[1] == "ndjson" for f in peeled.fields for p in [f.path] if len(p) > 1)


def test_sentry_negative():
    assert run(SentryEnvelopeDecoder(), '{"a": 1}\n{"b": 2}') == []


def test_multipart():
    boundary = "----WebKitFormBoundaryABC123"
    body = (
        (
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="email"\r\n\r\n'
            "m@x.test\r\n"
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="file"; filename="log.gz"\r\n'
            "Content-Type: application/gzip\r\n\r\n"
        ).encode()
        + gzip.compress(b'{"imei": "352930412998009"}')
        + f"\r\n--{boundary}--\r\n".encode()
    )
    peeled = peel(body, headers=(("Content-Type", f"multipart/form-data; boundary={boundary}"),))
    assert paths_of(peeled, "m@x.test") == [("body", "multipart:email")]
    assert paths_of(peeled, "352930412998009") == [("body", "multipart:file", "gzip", "json", "imei")]
    assert run(MultipartDecoder(), "-- not multipart") == []
