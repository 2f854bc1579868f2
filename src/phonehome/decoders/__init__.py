"""Decoders: the registry of every layer phonehome can peel, by stable name.

Each decoder is a small class in its own module (``decoders/gzip.py`` …) with a ``name``, the
shape ``tags`` it applies to and ``decode(field, ctx)``; ``engine.Engine`` runs them recursively.
"""

from __future__ import annotations

from phonehome.decoders.aes import AesDecoder
from phonehome.decoders.base import Decoder
from phonehome.decoders.base64 import Base64Decoder
from phonehome.decoders.brotli import BrotliDecoder
from phonehome.decoders.cbor import CborDecoder
from phonehome.decoders.cookie import CookieDecoder
from phonehome.decoders.deflate import DeflateDecoder
from phonehome.decoders.form import FormDecoder
from phonehome.decoders.grpc import GrpcFramesDecoder
from phonehome.decoders.gzip import GzipDecoder
from phonehome.decoders.hex import HexDecoder
from phonehome.decoders.json import JsonDecoder
from phonehome.decoders.jwt import JwtDecoder
from phonehome.decoders.lzstring import LzStringDecoder
from phonehome.decoders.msgpack import MsgpackDecoder
from phonehome.decoders.multipart import MultipartDecoder
from phonehome.decoders.ndjson import NdjsonDecoder
from phonehome.decoders.percent import PercentDecoder
from phonehome.decoders.protobuf import ProtobufDecoder
from phonehome.decoders.sentry import SentryEnvelopeDecoder
from phonehome.decoders.url import UrlDecoder
from phonehome.decoders.xor import XorDecoder
from phonehome.decoders.zlib import ZlibDecoder
from phonehome.decoders.zstd import ZstdDecoder

_ALL: tuple[Decoder, ...] = (
    UrlDecoder(),
    CookieDecoder(),
    GrpcFramesDecoder(),
    ProtobufDecoder(),
    FormDecoder(),
    MultipartDecoder(),
    JsonDecoder(),
    NdjsonDecoder(),
    SentryEnvelopeDecoder(),
    JwtDecoder(),
    PercentDecoder(),
    Base64Decoder(),
    HexDecoder(),
    LzStringDecoder(),
    GzipDecoder(),
    ZlibDecoder(),
    ZstdDecoder(),
    BrotliDecoder(),
    DeflateDecoder(),
    MsgpackDecoder(),
    CborDecoder(),
    XorDecoder(),
    AesDecoder(),
)

DECODERS: dict[str, Decoder] = {decoder.name: decoder for decoder in _ALL}
"""Every decoder by its stable name, in the order the engine tries them.

Order matters where two decoders reach the same output: the first one's path is kept. Structures
that parse the whole value (URL, form, JSON, protobuf …) come before the text transforms that could
also apply to it (percent-decoding, embedded base64 runs), so the path names the real layers."""


def decoder_names() -> list[str]:
    """Names of all registered decoders (listed in reports as ``decoders_used``)."""
    return list(DECODERS)
