"""LZ-string: CleverTap-style ``d=`` query values and lz-string's own base64/URI forms are peeled;
random ids and base64 tokens are never "decompressed"."""

from __future__ import annotations

import base64
import random
import string
from urllib.parse import quote

import orjson
import pytest

from phonehome.decoders.lzstring import _FIRST_CHARS, LzStringDecoder, decompress

from .helpers import ctx, paths_of, peel, root

DOC = orjson.dumps(
    {"type": "event", "evtName": "search", "evtData": {"query": "Lisbon tram 28"},
     "email": "maria@mailbox.test", "url": "https://news.test/a?q=x y", "name": "Zoë 北京 😀"}
).decode()
# The SDK's own output for DOC-like input, produced by clevertap-web-sdk 2.5.2's compressToBase64
CLEVERTAP = (
    "N4IghiBcCMA0IFMC2YCWAbKIUCdVgAEUMAjAewA8A6AFwQGcaR4BXHTSEACxpoAd6kAPRCAdggDu9WgxpCwAfgCOAXgoACAJ7MQLLAB/ANQSBeDcAAeyAC+QAAA="
)
URI_ALPHABET = string.ascii_uppercase + string.ascii_lowercase + string.digits + "+-$"
BASE64_ALPHABET = string.ascii_uppercase + string.ascii_lowercase + string.digits + "+/"


def _compress_bits(text: str) -> list[int]:
    """lz-string's ``_compress`` as a bit list (Python port, for building test input)."""
    units = [ord(c) for c in text.encode("utf-16-be", "surrogatepass").decode("latin-1")]
    units = [units[i] << 8 | units[i + 1] for i in range(0, len(units), 2)]
    chars = [chr(u) for u in units]
    out: list[int] = []

    def put(value: int, count: int) -> None:
        for _ in range(count):
            out.append(value & 1)
            value >>= 1

    dictionary: dict[str, int] = {}
    to_create: set[str] = set()
    w, enlarge, size, bits = "", 2, 3, 2

    def emit(word: str) -> None:
        nonlocal enlarge, bits
        if word in to_create:
            code = ord(word)
            put(0 if code < 256 else 1, bits)
            put(code, 8 if code < 256 else 16)
            enlarge -= 1
            if enlarge == 0:
                enlarge, bits = 1 << bits, bits + 1
            to_create.discard(word)
        else:
            put(dictionary[word], bits)
        enlarge -= 1
        if enlarge == 0:
            enlarge, bits = 1 << bits, bits + 1

    for c in chars:
        if c not in dictionary:
            dictionary[c] = size
            size += 1
            to_create.add(c)
        if w + c in dictionary:
            w += c
        else:
            emit(w)
            dictionary[w + c] = size
            size += 1
            w = c
    if w:
        emit(w)
    put(2, bits)
    return out


def _six_bit(bits: list[int], alphabet: str) -> str:
    """The stream closed by 1..6 zero bits, six bits a character."""
    bits = bits + [0] + [0] * (-(len(bits) + 1) % 6)
    return "".join(alphabet[int("".join(map(str, bits[i : i + 6])), 2)] for i in range(0, len(bits), 6))


def compress_to_uri(text: str) -> str:
    """lz-string 1.4 ``compressToEncodedURIComponent``: 1..6 zero bits close the last character."""
    return _six_bit(_compress_bits(text), URI_ALPHABET)


def compress_to_base64(text: str) -> str:
    """lz-string 1.4 ``compressToBase64``."""
    out = _six_bit(_compress_bits(text), BASE64_ALPHABET)
    return out + "=" * (-len(out) % 4)


def compress_to_base64_utf16(text: str) -> str:
    """CleverTap's copy: the stream padded to whole 16-bit units, those units' bytes in base64."""
    bits = _compress_bits(text) + [0]
    bits += [0] * (-len(bits) % 16)
    data = int("".join(map(str, bits)), 2).to_bytes(len(bits) // 8, "big")
    return base64.b64encode(data).decode()


def run(value: str, path: tuple[str, ...] = ("body",)):
    return list(LzStringDecoder().decode(root(value, path), ctx()) or ())


def test_the_sdks_own_output_is_decompressed():
    [field] = run(CLEVERTAP)
    assert orjson.loads(field.value)["email"] == "maria@mailbox.test"
    assert orjson.loads(field.value)["u"] == "ü€😀"


@pytest.mark.parametrize("encode", [compress_to_uri, compress_to_base64, compress_to_base64_utf16])
def test_every_form_round_trips(encode):
    for text in (DOC, "hello hello hello hello", DOC * 3):
        [field] = run(encode(text))
        assert field.value == text and field.path == ("body", "lz-string")


def test_a_clevertap_query_is_peeled_to_its_json():
    url = f"https://eu1.example-ct.test/a?t=96&type=push&d={quote(compress_to_base64_utf16(DOC), safe='')}"
    peeled = peel(b"", url=url, method="GET")
    assert paths_of(peeled, "Lisbon tram 28") == [("url", "query:d", "lz-string", "json", "evtData.query")]


def test_unescaped_plus_in_a_query_is_restored():
    text = next(t for t in (DOC * n for n in range(1, 9)) if "+" in compress_to_base64(t))
    value = compress_to_base64(text).replace("+", " ")
    assert [f.value for f in run(value, ("url", "query:d"))] == [text]
    assert run(value) == []


def test_the_first_character_prefilter_refuses_only_what_decompress_refuses():
    texts = [DOC, "hello hello hello hello", "北京 😀", "a", "{}"]
    starts = {encode(text)[0] for text in texts for encode in (compress_to_uri, compress_to_base64)}
    assert starts <= _FIRST_CHARS
    for char in set(URI_ALPHABET + BASE64_ALPHABET) - _FIRST_CHARS - {"$"}:
        for rest in (compress_to_uri(DOC)[1:], "A" * 30):
            assert decompress(char + rest, 10**6) is None
            assert run(char + rest) == []


def test_truncated_or_altered_streams_are_refused():
    value = compress_to_base64_utf16(DOC).rstrip("=")
    assert run(value[:-8]) == []
    assert run(value[:20] + ("B" if value[20] != "B" else "C") + value[21:]) == []


def test_random_tokens_are_never_decompressed():
    rng = random.Random(7)
    alphabets = (string.ascii_letters + string.digits + "+/", string.ascii_letters + string.digits + "-_")
    hits = []
    for n in range(20000):
        alphabet = alphabets[n % 2]
        token = "".join(rng.choice(alphabet) for _ in range(rng.randint(12, 200)))
        if run(token):
            hits.append(token)
    for data in (rng.randbytes(rng.randint(9, 150)) for _ in range(10000)):
        token = base64.b64encode(data).decode()
        if run(token):
            hits.append(token)
    assert hits == []


def test_output_over_the_limit_is_recorded():
    from phonehome.decoders.base import Limits

    value = compress_to_uri("a" * 300_000)
    context = ctx(limits=Limits(max_output_bytes=1000))
    assert list(LzStringDecoder().decode(root(value), context) or ()) == []
    assert context.limits_hit and "max_output_bytes" in context.limits_hit[0]


def test_reports_explain_the_step():
    from phonehome.report.html_text import step_help

    assert step_help("lz-string") == "lz-string-decompressed"
