"""Detectors never raise, whatever the field: hostile captures reach them after decoding."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phonehome.detectors import build_detectors
from phonehome.detectors.identifiers import identifier_candidates
from phonehome.model import Canary, Detection, Field

from .helpers import ctx

DETECTORS = build_detectors([Canary("email", "a.b@c.test"), Canary("location", "1.23456,2.34567")])
CTX = ctx(visited=("https://x.test/a/b?q=c", "https://x.test/"))

ALPHABET = st.sampled_from(
    list("aZ09 ._-+/:?=&%@,;\"'{}[]\\#$\u00e9\u5929\x00\n") + ["http://", "%3A%2F%2F", "/storage/emulated/0/"]
)
TEXT = st.lists(ALPHABET, max_size=60).map("".join) | st.text(max_size=80)
KEYS = st.lists(
    st.sampled_from(["lat", "lng", "email", "q", "$url", "device_id", "imei", "[0]", "ud[em]", "a.b", "", "phone", "x"])
    | st.text(max_size=12),
    max_size=4,
)
PATH_HEAD = st.sampled_from(["url", "body", "header:Referer", "header:Cookie", "cookie:x"])


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(value=TEXT | st.binary(max_size=80), keys=KEYS, head=PATH_HEAD, tail=st.lists(TEXT, max_size=3))
def test_detectors_never_raise(value: str | bytes, keys: list[str], head: str, tail: list[str]) -> None:
    field = Field(value=value, path=(head, *tail), key=keys[-1] if keys else None, keys=tuple(keys))
    for det in DETECTORS:
        for d in det.detect(field, CTX):
            assert isinstance(d, Detection) and isinstance(d.value, str) and d.kind
    for value_, key in identifier_candidates(field, CTX):
        assert isinstance(value_, str) and isinstance(key, str)


def test_deep_json_cookie_does_not_raise() -> None:
    field = Field(value='{"a":' * 1500 + "1" + "}" * 1500, path=("header:Cookie", "cookie:x"), key="x", keys=("x",))
    assert list(identifier_candidates(field, CTX)) == []
