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
