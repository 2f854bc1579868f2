"""Linkability reduce on sightings: recurring ids, private boundary, reinstall, constants."""

from __future__ import annotations

from phonehome.model import Sighting
from phonehome.study.linkability import SessionFacts, linkable_identifiers


def s(value: str, capture: str, mode: str = "normal", key: str = "distinct_id") -> Sighting:
    return Sighting(value, key, "collector.test", capture, mode)


def test_id_in_two_sessions_is_persistent_and_private_crossing_is_flagged() -> None:
    ids = linkable_identifiers([s("A", "1"), s("A", "2", "private"), s("B", "3")])
    (a,) = ids
    assert a.value == "A" and a.persistent and a.crosses_private and a.captures == ["1", "2"]


def test_single_session_values_are_not_identifiers() -> None:
    assert linkable_identifiers([s("A", "1"), s("B", "2")]) == []


def test_value_seen_on_two_devices_is_a_constant() -> None:
    facts = {"1": SessionFacts("phone-a", 1), "2": SessionFacts("phone-b", 1)}
    assert linkable_identifiers([s("K", "1"), s("K", "2")], facts) == []


def test_value_surviving_a_reinstall_is_flagged() -> None:
    facts = {"1": SessionFacts("phone-a", 1), "2": SessionFacts("phone-a", 2)}
    (ident,) = linkable_identifiers([s("U", "1"), s("U", "2")], facts)
    assert ident.crosses_reinstall and not ident.crosses_private


def test_grouping_on_disk_gives_the_same_identifiers(monkeypatch) -> None:
    import random

    import phonehome.study.linkability as linkability
    from phonehome.findings_log import SIGHTINGS, RecordLog

    rng = random.Random(3)
    modes = {"a": "normal", "b": "private", "c": "normal", "d": "opted-out"}
    per_capture = []
    for label, mode in modes.items():
        sightings = [
            Sighting(f"id-{rng.randrange(60)}", rng.choice(["uid", "did"]), rng.choice(["x.test", "y.test"]),
                     label, mode)
            for _ in range(200)
        ]
        per_capture.append(RecordLog(SIGHTINGS, dict.fromkeys(sightings), spill_at=50))
    facts = {"a": SessionFacts("phone", 1), "b": SessionFacts("phone", 1), "c": SessionFacts("phone", 2)}
    expected = linkable_identifiers([s for part in per_capture for s in part], facts)
    assert expected
    monkeypatch.setattr(linkability, "IN_MEMORY", 0)
    assert linkability.linkable_identifiers_in(per_capture, facts) == expected
    assert linkability.linkable_identifiers_in(per_capture[:1], facts) == []
