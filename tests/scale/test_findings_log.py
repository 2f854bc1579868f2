"""The disk-backed findings log: same items, same order, same de-duplication as a list and a set."""

from __future__ import annotations

import builtins
import pickle
import random

import pytest
from tests.report.factories import finding

import phonehome.findings_log as log
from phonehome.findings_log import FINDINGS, SIGHTINGS, Chain, RecordLog
from phonehome.model import Sighting


def items(n: int) -> list:
    rng = random.Random(7)
    return [finding(value=f"v{rng.randrange(n // 2)}", exchange=i, path=["body", f"k{rng.randrange(3)}"])
            for i in range(n)]


def add_checking_each(got: RecordLog, every: list) -> list:
    """Add ``every`` finding to ``got``, asserting each is new exactly when a set says so; the new ones."""
    expected, seen = [], set()
    for f in every:
        identity = (f.host, f.kind, f.value, tuple(f.path))
        new = got.add_new(identity, lambda f=f: f)
        assert (new is not None) == (identity not in seen)
        if identity not in seen:
            seen.add(identity)
            expected.append(f)
    return expected


@pytest.mark.parametrize("spill_at", [10, 1000, 100_000])
def test_de_duplicates_exactly_in_memory_and_on_disk(spill_at: int, monkeypatch) -> None:
    monkeypatch.setattr(log, "RECENT", 16)  # force the Bloom filter and the file to answer
    got = RecordLog(FINDINGS, spill_at=spill_at)
    expected = add_checking_each(got, items(3000))
    got.freeze()
    assert got.on_disk == (spill_at < len(expected))
    assert len(got) == len(expected)
    assert list(got) == expected
    assert got[:50] == expected[:50] and got[5] == expected[5] and got[-1] == expected[-1]
    assert got[3:9] == expected[3:9]


def test_identities_with_the_same_hash_stay_distinct(monkeypatch) -> None:
    """The recent identities are kept by hash: a collision must not make a new item a repeat."""
    monkeypatch.setattr(log, "RECENT", 16)
    monkeypatch.setattr(log, "hash", lambda value: builtins.hash(value) % 5, raising=False)
    got = RecordLog(FINDINGS, spill_at=50)
    expected = add_checking_each(got, items(2000))
    assert got.on_disk and list(got.freeze()) == expected


def test_surrogates_survive_the_disk() -> None:
    odd = finding(value="\ud800lone", url="https://x.test/?\udcff")
    got = RecordLog(FINDINGS, [odd, finding()], spill_at=1)
    assert got.on_disk and list(got) == [odd, finding()]


@pytest.mark.parametrize("handed", [False, True])
def test_a_spilled_log_crosses_a_pickle_as_its_file_or_its_compressed_content(handed: bool) -> None:
    every = items(500)
    sent = RecordLog(FINDINGS, every, spill_at=100).freeze()
    if handed:
        sent.hand_over()
    data = pickle.dumps(sent)
    assert len(data) < 200_000 if not handed else len(data) < 1000
    received = pickle.loads(data)
    assert list(received) == every and len(received) == 500


def test_sightings_and_chains() -> None:
    s = [Sighting(f"id{i % 7}", "k", "h.test", "cap", "normal") for i in range(40)]
    got = RecordLog(SIGHTINGS, spill_at=3)
    for x in s:
        got.add_new(x, lambda x=x: x)
    assert list(got) == list(dict.fromkeys(s))
    chain = Chain([got, [], got])
    assert len(chain) == 14 and list(chain) == list(got) * 2 and chain[7] == got[0] and chain[:3] == got[:3]
