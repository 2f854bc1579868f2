"""Fuzz targets and input strategies, shared by the Hypothesis tests and ``scripts/fuzz.py``.

A target takes one input and checks the contract that hostile input may not break:

- readers (``open_capture(path).exchanges()``): only ``PhonehomeError`` subclasses escape, and every
  Exchange they yield is well typed;
- decoders (each of ``phonehome.decoders.DECODERS``): ``decode`` returns None or fields, and only
  ``PhonehomeError`` subclasses escape (the engine would swallow anything else as a "failure", which
  hides bugs, so the decoders are held to the contract on their own);
- the engine (``Engine().peel(exchange)``) and a whole capture scan (``Scanner.scan_capture``): nothing
  escapes at all.

Inputs are random bytes, structure-aware documents (HAR with every field of the wrong type) and
mutations of the committed seed corpus (``seeds/``: real request bodies and captures trimmed from the
recorded fixtures by ``scripts/fuzz.py --make-seeds``).
"""

from __future__ import annotations

import base64
import contextlib
import gzip
import json
import os
import signal
import tempfile
import zlib
from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import orjson
from hypothesis import strategies as st

from phonehome.decoders import DECODERS
from phonehome.decoders.base import DecodeContext, Limits
from phonehome.decoders.engine import Engine
from phonehome.errors import PhonehomeError
from phonehome.model import Canary, Exchange, Field
from phonehome.readers import open_capture

SEEDS = Path(__file__).resolve().parent / "seeds"
EXAMPLE_SECONDS = 20
"""One example taking longer than this is a hang (SIGALRM; fuzz.py also kills a blocked process)."""
MAX_EXCHANGES = 500
AES_KEY = bytes(range(16))
CANARY = Canary("email", "fuzz.canary@mailbox.test")


class Hang(Exception):  # noqa: N818 - named for what it reports
    """An example ran past EXAMPLE_SECONDS."""


@contextlib.contextmanager
def deadline(seconds: float = EXAMPLE_SECONDS) -> Iterator[None]:
    """Raise Hang inside the block after ``seconds`` of wall time (main thread only; else no-op)."""
    try:
        previous = signal.signal(signal.SIGALRM, _alarm)
    except ValueError:  # not the main thread
        yield
        return
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _alarm(_signum: int, _frame: object) -> None:
    raise Hang(f"example still running after {EXAMPLE_SECONDS} s")


# --- seeds -----------------------------------------------------------------------------------------


def seeds(prefix: str) -> list[bytes]:
    """The committed seed files whose name starts with ``prefix`` (``body-``, ``har-``, ``flows-``)."""
    found = [p.read_bytes() for p in sorted(SEEDS.glob(f"{prefix}*"))]
    assert found, f"no seeds {SEEDS}/{prefix}*; run scripts/fuzz.py --make-seeds"
    return found


# --- contracts -------------------------------------------------------------------------------------


def check_exchange(exchange: Any) -> None:
    assert isinstance(exchange, Exchange), type(exchange)
    assert isinstance(exchange.body, bytes), type(exchange.body)
    assert isinstance(exchange.url, str) and isinstance(exchange.host, str)
    assert isinstance(exchange.method, str)
    for pair in (*exchange.request_headers, *exchange.response_headers):
        assert isinstance(pair, tuple) and len(pair) == 2, pair
        assert isinstance(pair[0], str) and isinstance(pair[1], str), pair
    assert exchange.status is None or isinstance(exchange.status, int)
    for text in (exchange.url, exchange.host, exchange.method, *(t for pair in exchange.request_headers for t in pair)):
        text.encode("utf-8")  # no lone surrogates: every string must reach the JSON report
    assert exchange.time is None or isinstance(exchange.time, float | int)


def check_fields(fields: Any, parent: tuple[str, ...] = ()) -> int:
    count = 0
    for child in islice(fields, 100_000):
        assert isinstance(child, Field), type(child)
        assert isinstance(child.value, str | bytes), type(child.value)
        assert isinstance(child.path, tuple) and child.path[: len(parent)] == parent, (child.path, parent)
        assert all(isinstance(step, str) for step in child.path)
        count += 1
    return count


_WORK = Path(tempfile.mkdtemp(prefix="phonehome-fuzz-"))


def read_capture(data: bytes, suffix: str = ".har") -> None:
    """Reader target: sniff and stream ``data`` as a capture file."""
    path = _WORK / f"input-{os.getpid()}{suffix}"
    path.write_bytes(data)
    try:
        with deadline():
            capture = open_capture(path)
            stream = capture.exchanges()
            with contextlib.closing(stream):
                for exchange in islice(stream, MAX_EXCHANGES):
                    check_exchange(exchange)
            assert all(isinstance(p, str) for p in capture.problems)
    except PhonehomeError:
        pass
    finally:
        path.unlink(missing_ok=True)


def decode(name: str, value: str | bytes, root: str = "body", content_type: str | None = None) -> None:
    """Decoder target: one decoder on one field."""
    ctx = DecodeContext(Limits(), (AES_KEY,), content_type)
    field = Field(value, (root,), root.partition(":")[2] or None)
    try:
        with deadline():
            produced = DECODERS[name].decode(field, ctx)
            if produced is not None:
                check_fields(produced, field.path)
    except PhonehomeError:
        pass


_ENGINE = Engine(Limits(), (AES_KEY,))


def peel(exchange: Exchange) -> None:
    """Engine target: every decoder, recursively; nothing may escape."""
    with deadline():
        peeled = _ENGINE.peel(exchange)
    check_fields(peeled.fields)
    assert all(isinstance(line, str) for line in peeled.limits_hit)


_SCANNER: Any = None


def scan(document: bytes) -> None:
    """Whole-pipeline target: a capture through readers, engine, detectors and attribution."""
    global _SCANNER
    if _SCANNER is None:
        from phonehome.config import ScanConfig
        from phonehome.pipeline import Scanner

        _SCANNER = Scanner(ScanConfig(canaries=(CANARY,), keys=(AES_KEY,)))
    path = _WORK / f"scan-{os.getpid()}.har"
    path.write_bytes(document)
    try:
        with deadline():
            result = _SCANNER.scan_capture(path)
        assert result.info.exchanges >= 0
        # the report must serialise (findings and sightings are logs, not lists)
        orjson.dumps([result.info, list(result.findings), result.errors, list(result.sightings)])
    finally:
        path.unlink(missing_ok=True)


# --- strategies ------------------------------------------------------------------------------------

INTERESTING = [
    b"\x00", b"\xff", b"\x7f", b"\x80", b'"', b"\\", b"\\u", b"\\ud800", b"{", b"}", b"[", b"]", b":", b",",
    b"null", b"-1", b"0", b"1e999", b"-0", b"NaN", b"99999999999999999999", b'{"log":', b"[" * 64,
    b"\xef\xbb\xbf", b"\xc3\x28", b"\xed\xa0\x80", b"\x1f\x8b\x08", b"\x28\xb5\x2f\xfd", b"\x78\x9c",
    b"4294967296:", b"999999999:", b"0:~", b"5:true!", b"%", b"%zz", b"=", b"&", b";", b"\r\n",
]
"""Tokens that matter to JSON, tnetstrings, compression headers, forms, cookies and UTF-8."""


@st.composite
def mutated(draw: st.DrawFn, pool: list[bytes]) -> bytes:
    """A seed from ``pool`` with a few random edits (flip, insert, delete, splice, truncate)."""
    data = bytearray(draw(st.sampled_from(pool)))
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.integers(0, 6))
        pos = draw(st.integers(0, len(data)))
        if op == 0 and data:
            data[min(pos, len(data) - 1)] ^= 1 << draw(st.integers(0, 7))
        elif op == 1:
            data[pos:pos] = draw(st.binary(min_size=1, max_size=16))
        elif op == 2:
            del data[pos : pos + draw(st.integers(1, 64))]
        elif op == 3:
            data[pos:pos] = draw(st.sampled_from(INTERESTING))
        elif op == 4:
            size = draw(st.integers(1, 256))
            data[pos:pos] = data[pos : pos + size] * draw(st.integers(1, 8))
        elif op == 5:
            del data[pos:]
        else:
            other = draw(st.sampled_from(pool))
            data[pos:] = other[draw(st.integers(0, len(other))) :]
    return bytes(data)


def _encode(data: bytes, how: str) -> bytes:
    if how == "gzip":
        return gzip.compress(data, 1)
    if how == "zlib":
        return zlib.compress(data, 1)
    if how == "deflate":
        engine = zlib.compressobj(1, zlib.DEFLATED, -15)
        return engine.compress(data) + engine.flush()
    if how == "br":
        import brotli

        return brotli.compress(data, quality=1)
    if how == "zstd":
        import zstandard

        return zstandard.ZstdCompressor(level=1).compress(data)
    if how == "base64":
        return base64.b64encode(data)
    if how == "hex":
        return data.hex().encode()
    return data


ENCODINGS = ["gzip", "zlib", "deflate", "br", "zstd", "base64", "hex", "identity"]


@st.composite
def bodies(draw: st.DrawFn) -> bytes:
    """Request bodies: random bytes, or mutated real bodies wrapped in a few encodings (then mutated)."""
    if draw(st.integers(0, 3)) == 0:
        return draw(st.binary(max_size=2048))
    data = draw(mutated(seeds("body-")))
    for how in draw(st.lists(st.sampled_from(ENCODINGS), max_size=3)):
        data = _encode(data, how)
    if draw(st.booleans()):
        data = draw(mutated([data]))
    return data


def values() -> st.SearchStrategy[str | bytes]:
    """Field values: text (decoded bodies as text too) or bytes."""
    as_text = bodies().map(lambda b: b.decode("utf-8", "replace"))
    return st.one_of(bodies(), as_text, st.text(max_size=512))


CODINGS = ["gzip", "x-gzip", "deflate", "br", "zstd", "identity", "compress", "", " ,, ", "GZIP"]
HEADER_NAMES = ["Content-Encoding", "Content-Type", "Cookie", "Authorization", "User-Agent", "Referer", "X-Data"]
CONTENT_TYPES = [
    "application/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
    "text/plain; charset=utf-16", "application/x-protobuf", "application/octet-stream", "charset=nope",
]


@st.composite
def header_values(draw: st.DrawFn, name: str) -> str:
    if name == "Content-Encoding":
        return ", ".join(draw(st.lists(st.sampled_from(CODINGS), max_size=4)))
    if name == "Content-Type":
        return draw(st.sampled_from(CONTENT_TYPES) | st.text(max_size=64))
    return draw(st.text(max_size=256) | bodies().map(lambda b: b.decode("latin-1")))


@st.composite
def urls(draw: st.DrawFn) -> str:
    if draw(st.integers(0, 4)) == 0:
        return draw(st.text(max_size=256))
    host = draw(st.sampled_from(["collect.tracker.test", "[::1]:8080", "xn--80ak6aa92e.com", "a..b", "1.2.3.4", ""]))
    query = draw(values()).__repr__()[:512] if draw(st.booleans()) else draw(st.text(max_size=256))
    return f"https://{host}/p?{query}&e={CANARY.value}"


@st.composite
def exchanges(draw: st.DrawFn) -> Exchange:
    names = draw(st.lists(st.sampled_from(HEADER_NAMES) | st.text(max_size=20), max_size=6))
    headers = tuple((name, draw(header_values(name))) for name in names)
    return Exchange(
        capture="fuzz", index=0, time=None, method=draw(st.sampled_from(["GET", "POST", "PUT", ""])),
        url=draw(urls()), host=draw(st.sampled_from(["collect.tracker.test", "", "localhost", "1.2.3.4"])),
        request_headers=headers, body=draw(bodies()),
    )


HAR_KEYS = [
    "log", "entries", "request", "response", "url", "method", "headers", "name", "value", "postData", "text",
    "encoding", "mimeType", "params", "status", "startedDateTime", "serverIPAddress", "_resourceType", "cookies",
    "queryString", "content", "pages", "version", "creator",
]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=64),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(HAR_KEYS) | st.text(max_size=8),
                                                              inner, max_size=5),
    max_leaves=24,
)


def _wrong(proper: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """The proper value, or a value of any other JSON type (null, number, list, object …)."""
    return st.one_of(proper, json_values)


@st.composite
def har_entries(draw: st.DrawFn) -> Any:
    header = st.fixed_dictionaries({"name": _wrong(st.sampled_from(HEADER_NAMES)), "value": _wrong(st.text())})
    text = bodies().map(lambda b: b.decode("latin-1"))
    post = st.fixed_dictionaries(
        {"text": _wrong(text), "mimeType": _wrong(st.sampled_from(CONTENT_TYPES))},
        optional={"encoding": _wrong(st.just("base64")), "params": _wrong(st.lists(header, max_size=3))},
    )
    request = st.fixed_dictionaries(
        {"url": _wrong(urls()), "method": _wrong(st.sampled_from(["GET", "POST"]))},
        optional={"headers": _wrong(st.lists(header, max_size=4)), "postData": _wrong(post)},
    )
    entry = st.fixed_dictionaries(
        {"request": _wrong(request)},
        optional={"response": _wrong(st.fixed_dictionaries({"status": _wrong(st.integers())})),
                  "startedDateTime": _wrong(st.text(max_size=40)), "_resourceType": _wrong(st.text(max_size=10)),
                  "serverIPAddress": json_values},
    )
    return draw(_wrong(entry))


@st.composite
def har_documents(draw: st.DrawFn) -> bytes:
    """HAR documents whose every field may have the wrong type, serialised (NaN, lone surrogates …)."""
    entries = draw(_wrong(st.lists(har_entries(), max_size=4)))
    log = draw(_wrong(st.fixed_dictionaries({"entries": st.just(entries)}, optional={"version": json_values})))
    text = json.dumps({"log": log}, allow_nan=True)
    return text.encode("utf-8", "surrogatepass") if draw(st.booleans()) else text.encode("utf-8")


# --- the registry the tests and scripts/fuzz.py share --------------------------------------------------

Target = tuple[Callable[..., None], Callable[[], st.SearchStrategy[Any]]]


def _reader_inputs() -> st.SearchStrategy[bytes]:
    pools = [mutated(seeds("har-")), mutated(seeds("flows-")), har_documents(), st.binary(max_size=4096)]
    if list(SEEDS.glob("pcap-*")):
        pools.append(mutated(seeds("pcap-")))
    return st.one_of(pools)


def targets() -> dict[str, Target]:
    """Every fuzz target by name: ``(function, strategy of its argument tuples)``."""
    out: dict[str, Target] = {
        "reader:har": (read_capture, lambda: st.tuples(st.one_of(mutated(seeds("har-")), har_documents()))),
        "reader:flows": (read_capture, lambda: st.tuples(mutated(seeds("flows-")), st.just(".flows"))),
        "reader:any": (read_capture, lambda: st.tuples(_reader_inputs())),
        "engine": (peel, lambda: st.tuples(exchanges())),
        "scan": (scan, lambda: st.tuples(har_documents())),
    }
    if list(SEEDS.glob("pcap-*")):
        out["reader:pcap"] = (read_capture, lambda: st.tuples(mutated(seeds("pcap-")), st.just(".pcap")))
    roots = st.sampled_from(["body", "url", "header:Cookie", "header:X-Data"])
    for name in DECODERS:
        out[f"decoder:{name}"] = (
            decode,
            lambda name=name: st.tuples(st.just(name), values(), roots, st.none() | st.sampled_from(CONTENT_TYPES)),
        )
    return out
