"""Fast paths that must answer exactly as the plain computation they replace."""

from __future__ import annotations

import hashlib
import random

import pytest

from phonehome.detectors import email
from phonehome.detectors.base import CaptureState
from phonehome.detectors.seen import DIGESTS, FORMS, SeenValues

PIECES = ["maria.lopez@mailbox.test", "a@b.cd", "x@y.z.example.com", "@", ".", "icon@2x.png", "://u@h.com",
          "%40", "-", "a" * 70, "q@w.e-r.tt", "a..b@c.de"]


@pytest.mark.parametrize("max_text", [email.MAX_TEXT, 25])
def test_email_matches_around_each_at_sign_are_those_of_the_whole_text(
    max_text: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(email, "MAX_TEXT", max_text)
    rnd = random.Random(max_text)
    found = 0
    for _ in range(20000):
        text = "".join(
            rnd.choice(PIECES) if rnd.random() < 0.3 else "".join(rnd.choices("aB3.-_+%@/: x\"'", k=rnd.randint(0, 6)))
            for _ in range(rnd.randint(0, 12))
        )
        want = [m.span() for m in email.EMAIL_RE.finditer(text, 0, max_text)]
        assert [m.span() for m in email._matches(text)] == want, text
        found += bool(want)
    assert found > 1000


def test_lazy_digest_index_answers_as_an_eager_one() -> None:
    values = [("email", "a@b.test"), ("mac", "aa:bb:cc:dd:ee:ff"), ("phone", "+15558538513"), ("adid", "A-B"),
              ("android_id", "5ff1e1b6328409e7"), ("imei", "359173363927718"), ("email", "A@B.test")]
    eager: dict[str, tuple[str, str, str]] = {}
    for kind, value in values:
        for form in dict.fromkeys(FORMS[kind](value)):
            for algo in DIGESTS:
                eager.setdefault(hashlib.new(algo, form.encode()).hexdigest(), (kind, value, algo))
    seen, capture = SeenValues(), CaptureState()
    for i, (kind, value) in enumerate(values):
        seen.add(kind, value, capture)
        if i == 2:  # a lookup half-way: later values are indexed on the next lookups
            assert seen.lookup(hashlib.sha256(b"a@b.test").hexdigest(), capture) == ("email", "a@b.test", "sha256")
    for digest, want in eager.items():
        assert seen.lookup(digest.upper(), capture) == want
    assert seen.lookup("0" * 64, capture) is None
    assert seen.lookup(hashlib.md5(b"a@b.test").hexdigest(), CaptureState()) is None  # another capture
