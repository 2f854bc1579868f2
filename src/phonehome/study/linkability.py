"""Linkability: identifier values that recur across captures and so tie sessions together."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from phonehome.model import Identifier, Sighting


@dataclass(frozen=True)
class SessionFacts:
    """What the study knows about a capture beyond its mode."""

    device: str | None = None
    """Device or profile it ran on."""
    install: int | None = None
    """Install number on that device."""


def linkable_identifiers(
    sightings: Sequence[Sighting], facts: Mapping[str, SessionFacts] | None = None,
) -> list[Identifier]:
    """Identifiers seen in two or more captures, SDK constants filtered out.

    A value seen on two distinct devices/profiles of the study is the same for every user (an
    app key, a project name), not an identifier, and is dropped.
    """
    facts = facts or {}
    groups: dict[str, list[Sighting]] = defaultdict(list)
    for s in sightings:
        groups[s.value].append(s)
    out = []
    for value, group in groups.items():
        captures = sorted({s.capture for s in group})
        if len(captures) < 2:
            continue
        devices = {facts[c].device for c in captures if c in facts and facts[c].device}
        if len(devices) > 1:
            continue
        modes = sorted({s.mode for s in group})
        installs = {facts[c].install for c in captures if c in facts and facts[c].install is not None}
        out.append(
            Identifier(
                value=value,
                keys=sorted({s.key for s in group}),
                hosts=sorted({s.host for s in group}),
                captures=captures,
                modes=modes,
                persistent=True,
                crosses_private=len(modes) > 1 and any(m != "normal" for m in modes),
                crosses_reinstall=len(installs) > 1,
            )
        )
    out.sort(key=lambda i: (-len(i.captures), i.value))
    return out
