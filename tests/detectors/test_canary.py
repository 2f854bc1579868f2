"""Planted values are found as is and under every encoding and hash trackers use."""

from __future__ import annotations

import base64
import gzip
import hashlib
import time
from urllib.parse import quote, quote_plus

import pytest

from phonehome.detectors import DETECTOR_IDS, build_detectors
from phonehome.detectors.canary import CanaryDetector
from phonehome.model import Canary, Field

from .helpers import ctx, leaf

EMAIL = "tomas.ferreira79@mailbox.test"
URL = "https://shop-a.test/article/velvet-juniper-67997"
QUERY = "thistle willow 529"

CANARIES = [
    Canary("email", EMAIL),
    Canary("visited_url", URL),
    Canary("search_query", QUERY),
    Canary("user_id", "tomas_3595", name="login"),
    Canary("imei", "359173363927718"),
    Canary("mac", "e7:17:79:94:dc:95"),
    Canary("adid", "a0362f23-a428-4712-805e-13fe4ea1da38"),
    Canary("phone", "+15558538513"),
    Canary("location", "-20.54870,125.01449"),
]


@pytest.fixture(scope="module")
def det() -> CanaryDetector:
    return CanaryDetector(CANARIES)


def sha(algo: str, s: str) -> str:
    return hashlib.new(algo, s.encode()).hexdigest()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


POSITIVES = [
    # (text sent, canary value, expected hashed)
    (f'{{"user_email":"{EMAIL}"}}', EMAIL, None),
    (EMAIL.upper(), EMAIL, None),
    (quote(EMAIL, safe=""), EMAIL, None),
    (f"data={quote_plus(URL)}&x=1", URL, None),
    (URL.replace("/", "\\/"), URL, None),
    ('{"$url_path":"/article/velvet-juniper-67997"}', URL, None),
    ("shop-a.test%2Farticle%2Fvelvet-juniper-67997", URL, None),
    ("https://shop-a.test/search?q=thistle+willow+529", QUERY, None),
    ("q=thistle%20willow%20529", QUERY, None),
    (quote_plus(QUERY), QUERY, None),
    ('"keyword":"thistle willow 529"', QUERY, None),
    ("id=tomas_3595", "tomas_3595", None),
    (b64(EMAIL.encode()).rstrip("="), EMAIL, "base64"),
    (base64.urlsafe_b64encode(URL.encode()).decode().rstrip("="), URL, "base64"),
    (EMAIL.encode().hex(), EMAIL, "hex"),
    (sha("sha256", EMAIL), EMAIL, "sha256"),
    (sha("sha256", EMAIL).upper(), EMAIL, "sha256"),
    (sha("sha1", EMAIL), EMAIL, "sha1"),
    (sha("sha224", EMAIL), EMAIL, "sha224"),
    (sha("sha384", EMAIL), EMAIL, "sha384"),
    (sha("sha512", EMAIL), EMAIL, "sha512"),
    (b64(hashlib.sha256(EMAIL.encode()).digest()), EMAIL, "base64(sha256)"),
    (sha("md5", sha("sha256", EMAIL)), EMAIL, "md5(sha256)"),
    (sha("sha256", sha("sha256", EMAIL)), EMAIL, "sha256(sha256)"),
    ('"phone":"+15558538513"', "+15558538513", None),
    ('"ph":"15558538513"', "+15558538513", None),
    ("(555) 853-8513", "+15558538513", None),
    (sha("sha256", "15558538513"), "+15558538513", "sha256"),
    ('"wifi_mac":"E7-17-79-94-DC-95"', "e7:17:79:94:dc:95", None),
    ("mac=e71779 94dc95".replace(" ", ""), "e7:17:79:94:dc:95", None),
    ("A0362F23A428471280 5E13FE4EA1DA38".replace(" ", ""), "a0362f23-a428-4712-805e-13fe4ea1da38", None),
    ('{"latitude":-20.5487,"longitude":125.01449}', "-20.54870,125.01449", None),
    ("imei=359173363927718&x", "359173363927718", None),
]


@pytest.mark.parametrize(("text", "value", "hashed"), POSITIVES)
def test_finds_variant(det: CanaryDetector, text: str, value: str, hashed: str | None) -> None:
    found = {(d.value, d.hashed) for d in det.detect(leaf(text, "k"), ctx())}
    assert (value, hashed) in found, found


NEGATIVES = [
    "tomas.ferreira79@mailbox.tes",
    "/article/velvet-juniper-6799",
    "thistle willow 5290",
    '{"latitude":-20.54871}',
    "-120.5487",
    "3591733639277180",
    "1359173363927718",
    "e7:17:79:94:dc:96",
    sha("sha256", EMAIL)[:-1] + "0",
    "tomas_359",
    "xtomas_3595",
    "tomas_35950",
    EMAIL + "ing",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_near_misses_are_not_found(det: CanaryDetector, text: str) -> None:
    assert list(det.detect(leaf(text, "k"), ctx())) == []


def test_hash_of_the_normalised_value() -> None:
    det = CanaryDetector([Canary("email", "  Maria.Okafor@Mailbox.test ")])
    found = {d.hashed for d in det.detect(leaf(sha("md5", "maria.okafor@mailbox.test").upper(), "em"), ctx())}
    assert found == {"md5"}


def test_escaped_boundaries_still_match(det: CanaryDetector) -> None:
    for text in ("%22tomas_3595%22", "\\u0022tomas_3595\\u0022", "%3Dtomas_3595"):
        assert {d.value for d in det.detect(leaf(text, "k"), ctx())} == {"tomas_3595"}, text


def test_detection_carries_label_kind_and_value(det: CanaryDetector) -> None:
    (d,) = det.detect(leaf("tomas_3595", "login_id"), ctx())
    assert (d.kind, d.value, d.canary, d.hashed, d.detector, d.confidence) == (
        "user_id",
        "tomas_3595",
        "login",
        None,
        "canary",
        1.0,
    )


def test_bytes_fields_are_matched_as_latin1_and_utf8(det: CanaryDetector) -> None:
    f = Field(value=("é " + EMAIL).encode("utf-8") + b"\xff", path=("body",))
    assert {d.value for d in det.detect(f, ctx())} == {EMAIL}


def test_gzip_noise_is_not_a_match(det: CanaryDetector) -> None:
    f = Field(value=gzip.compress(EMAIL.encode()), path=("body",))
    assert list(det.detect(f, ctx())) == []


def test_referer_header_reports_referrer_url(det: CanaryDetector) -> None:
    f = Field(value=URL, path=("header:Referer",), key="Referer", keys=("Referer",))
    (d,) = det.detect(f, ctx())
    assert (d.kind, d.severity) == ("referrer_url", "low")


def test_one_detection_per_canary_and_transformation(det: CanaryDetector) -> None:
    text = f"{URL} {URL} /article/velvet-juniper-67997 {sha('md5', URL)}"
    found = sorted((d.value, d.hashed or "") for d in det.detect(leaf(text, "k"), ctx()))
    assert found == [(URL, ""), (URL, "md5")]


def test_short_and_empty_canaries_are_ignored() -> None:
    det = CanaryDetector([Canary("user_id", "ab"), Canary("x", "  ")])
    assert list(det.detect(leaf("ab ab", "k"), ctx())) == []


def test_build_detectors_puts_canary_first() -> None:
    dets = build_detectors([Canary("email", EMAIL)])
    assert dets[0].id == "canary"
    assert [d.id for d in build_detectors([])] == DETECTOR_IDS[1:]
    assert len(set(DETECTOR_IDS)) == len(DETECTOR_IDS)


def test_scan_speed_is_independent_of_variant_count(det: CanaryDetector) -> None:
    text = "x" * 2000 + EMAIL
    f = leaf(text, "k")
    c = ctx()
    t0 = time.perf_counter()
    for _ in range(2000):
        list(det.detect(f, c))
    assert time.perf_counter() - t0 < 2.0


def test_the_page_load_itself_is_not_a_leak_of_its_url(det: CanaryDetector) -> None:
    own = Field(value=URL, path=("url",))
    assert list(det.detect(own, ctx(url=URL))) == []
    pixel = "https://tracker.example/p?u=" + quote(URL, safe="")
    assert [d.value for d in det.detect(Field(value=pixel, path=("url",)), ctx(url=pixel))] == [URL]


def test_a_search_page_load_is_the_search_not_a_leak(det: CanaryDetector) -> None:
    url = "https://search.example/search?q=thistle+willow+529"
    assert list(det.detect(Field(value=url, path=("url",)), ctx(url=url, method="GET"))) == []
    q = Field(value=QUERY, path=("url", "query:q"), key="q", keys=("q",))
    assert list(det.detect(q, ctx(url=url, method="GET"))) == []
    pixel = "https://tracker.example/p.gif?q=thistle+willow+529"
    found = det.detect(Field(value=pixel, path=("url",)), ctx(url=pixel, method="GET"))
    assert [d.value for d in found] == [QUERY]


def test_detectors_pickle_for_worker_processes() -> None:
    import pickle

    dets = pickle.loads(pickle.dumps(build_detectors([Canary("email", EMAIL)])))
    assert [d.value for d in dets[0].detect(leaf("x " + EMAIL, "k"), ctx())] == [EMAIL]
