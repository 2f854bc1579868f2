"""DetectorSet dispatch (feature gates, memo per key/keys/value) answers exactly as every detector on every field."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

import pytest

import phonehome.detectors as detectors_module
from phonehome.config import load_canaries_file
from phonehome.decoders.engine import Engine
from phonehome.detectors import DetectorSet, build_detectors, plan
from phonehome.detectors.base import CaptureState, DetectContext
from phonehome.model import Canary, Detection, Field
from phonehome.pipeline import is_navigation
from phonehome.readers import open_capture
from tests.conftest import CAPTURES

from .helpers import ctx, leaf

FIXTURES = sorted(CAPTURES.glob("*.flows"))


def naive(detectors: list, fields: Iterable[Field], c: DetectContext) -> list[tuple[Detection, Field]]:
    return [(d, f) for f in fields for det in detectors for d in det.detect(f, c)]


def compare(captures: list[Path], canaries: tuple[Canary, ...]) -> int:
    """Scan ``captures`` with the DetectorSet and with the plain loop; assert equal lists; count detections."""
    engine = Engine()
    fast, slow = DetectorSet(canaries), build_detectors(canaries)
    total = 0
    for path in captures:
        state = CaptureState()
        for exchange in open_capture(path).exchanges():
            if is_navigation(exchange):
                state.visited_urls.add(exchange.url)
                continue
            fields = engine.peel(exchange).fields
            c = DetectContext(exchange, state, True)
            want = naive(slow, fields, c)
            assert fast.detect(fields, c) == want, f"{path.name} exchange {exchange.index}"
            total += len(want)
    return total


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_same_detections_as_every_detector_on_every_field(path: Path) -> None:
    canaries = tuple(load_canaries_file(path.with_suffix(".canaries.json")))
    # Twice over: the second pass answers from the memo (fields repeat across the two captures).
    assert compare([path, path], canaries) > 0


def test_same_detections_when_the_memo_is_emptied_as_it_fills(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(detectors_module, "CACHE_ENTRIES", 7)
    assert compare(FIXTURES[:4], ()) > 0


def test_digests_are_named_by_the_values_seen_in_each_capture() -> None:
    """The seen-index is per capture and feeds the hashed-id detector whether or not fields were memoised."""
    email = "maria.lopez@mailbox.test"
    digest = hashlib.sha256(email.encode()).hexdigest()
    fast = DetectorSet()
    clear, hashed = leaf(email, "email"), leaf(digest, "email_sha256")
    first = [d.value for d, _ in fast.detect([hashed, clear], ctx())]
    second = [d.value for d, _ in fast.detect([clear, hashed], ctx())]  # both fields answered from the memo
    third = [d.value for d, _ in fast.detect([hashed], ctx())]  # a new capture: the email is not seen there
    assert first == [digest, email]
    assert second == [email, email]
    assert third == [digest]


class _Undeclared:
    """A detector without declarations: it must see every field."""

    id: ClassVar[str] = "undeclared"

    def __init__(self) -> None:
        self.seen: list[str | bytes] = []

    def detect(self, field: Field, ctx: DetectContext) -> Iterable[Detection]:
        self.seen.append(field.value)
        return [Detection("x", str(field.value), self.id, 1.0, "always")]


def test_a_detector_without_declarations_runs_on_every_field() -> None:
    fast = DetectorSet()
    extra = _Undeclared()
    fast.detectors.append(extra)
    fast._plan = plan(fast.detectors)
    values: list[str | bytes] = ["a", "b", b"\x00\x01", "a"]
    out = fast.detect([leaf(v, "k") for v in values], ctx())
    assert extra.seen == values
    assert [d.value for d, _ in out if d.kind == "x"] == [str(v) for v in values]


BOUNDARY_VALUES = [
    "aabbccddeeff", "AA:BB:CC:DD:EE:1F", "aa-bb-cc-dd-ee-1f", "aabb.ccdd.ee1f", "A0000049EC0C1D", "359173363927718",
    "35-917336-392771-8", "310150123456789", "8944110068111111118", "89441100681111111185", "89441100681111111185F",
    "5ff1e1b6328409e7", "a0362f23-a428-4712-805e-13fe4ea1da38", "{a0362f23-a428-4712-805e-13fe4ea1da38}",
    "a0362f23a4284712805e13fe4ea1da38", "+15558538513", "(555) 853-8513", "555-853-8513", "+44 20 7946 0958",
    "call me on +44 20 7946 0958 please", "maria@mailbox.test", "maria%40mailbox.test", "tomas_3595",
    "-20.5487", "125.01449", "41.39,2.17", "we were at 41.39123, 2.17456 today", "/storage/emulated/0/DCIM/a.jpg",
    "%2Fstorage%2Femulated%2F0%2Fa.jpg", "com.whatsapp", "com.a.b, org.telegram.messenger", "Redmi Note 8", "10",
    "https://news.example/article/x-123?id=4", "https:\\/\\/news.example\\/a", "https%3A%2F%2Fnews.example%2Fa",
    "/article/x-123", "?q=red+shoes", "red shoes", "Searched for 'red shoes'", "e3b0c44298fc1c149afbf4c8996fb924",
    "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", "9d5ed678fe57bcca610140957afab571" * 2, "\"quoted value\"",
    " padded ", "x" * 81, "1" * 33, "abc",
]
BOUNDARY_KEYS = [
    None, "mac", "wifi_mac", "meid", "imei", "imsi", "iccid", "android_id", "gps_adid", "idfa", "phone", "email",
    "login_id", "device_id", "lat", "lng", "ll", "file", "packages", "model", "os", "url", "q", "search_term",
    "email_sha256", "em", "Referer", "text",
]


def test_a_detector_skipped_by_its_declarations_would_have_found_nothing() -> None:
    """Gates are necessary conditions: every field a detector is not called on, it has nothing to say about."""
    from phonehome.detectors.facts import facts, features

    canaries = (Canary("email", "maria@mailbox.test"), Canary("location", "41.39123,2.17456"))
    fields = [
        Field(v, (f"header:{k}",) if k == "Referer" else ("body", "json", k or "."), k, (k,) if k else (), 2)
        for v in BOUNDARY_VALUES for k in BOUNDARY_KEYS
    ]
    engine = Engine()
    for path in FIXTURES:
        for exchange in open_capture(path).exchanges():
            fields.extend(engine.peel(exchange).fields)
    c = ctx(visited=("https://news.example/article/x-123?id=4",))
    checked = 0
    for _index, d, needs, needs_any, wants_key, wants, _pure in plan(build_detectors(canaries)):
        for fld in fields:
            known = facts(fld)
            bits = features(known, fld)
            admitted = bits & needs == needs and (not needs_any or bits & needs_any)
            admitted = admitted and (wants_key is None or wants_key(known.key))
            if admitted and (wants is None or wants(fld, known)):
                continue
            assert list(d.detect(fld, c)) == [], (d.id, fld)
            checked += 1
    assert checked > 10000


def test_memoised_identifier_candidates_are_those_computed_afresh() -> None:
    from phonehome.detectors import identifiers

    engine = Engine()
    c = ctx()
    fields = [f for path in FIXTURES for ex in open_capture(path).exchanges() for f in engine.peel(ex).fields]
    # The same value under the same key, in a cookie, a header and a body: each answers for itself.
    for where in (("header:Cookie", "cookie:uid"), ("header:X-Uid",), ("body", "json", "uid")):
        fields.append(Field("a1b2c3d4e5f6a7b8", where, "uid", ("uid",), len(where) - 1))
    identifiers._MEMO.clear()
    for _ in range(2):
        for fld in fields:
            value = fld.value
            want: list[tuple[str, str]] = []
            if isinstance(value, str) and 6 <= len(value) <= identifiers.MAX_COOKIE and not (
                len(fld.path) == 1 and fld.path[0] in ("url", "body")
            ):
                want = list(identifiers._candidates(fld, value, fld.path[0], identifiers._in_cookie(fld.path)))
            assert list(identifiers.identifier_candidates(fld, c)) == want, fld
    assert identifiers._MEMO
