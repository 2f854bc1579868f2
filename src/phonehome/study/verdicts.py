"""Verdicts: whether a private or opted-out session still sent personal data, and to whom."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from phonehome.model import CaptureInfo, Finding, Verdict

LOW_SEVERITY = "low"


@dataclass(slots=True)
class _Sent:
    kinds: set[str] = field(default_factory=set)
    hosts: set[str] = field(default_factory=set)
    orgs: set[str] = field(default_factory=set)


def verdicts(captures: Sequence[CaptureInfo], findings: Iterable[Finding]) -> list[Verdict]:
    """One verdict per private/opted-out capture, compared with the study's normal sessions.

    One pass over the findings (they may be millions, read from disk), keeping only sets of kinds,
    hosts and organisations per capture.
    """
    watched = {c.path for c in captures if c.mode != "normal"}
    if not watched:
        return []  # nothing to judge: no pass over the findings
    normal_paths = {c.path for c in captures if c.mode == "normal"}
    normal: set[str] = set()
    sent: dict[str, _Sent] = {path: _Sent() for path in watched}
    for f in findings:
        if f.severity == LOW_SEVERITY:
            continue
        if f.capture in normal_paths:
            normal.add(f.kind)
        mine = sent.get(f.capture)
        if mine is not None:
            mine.kinds.add(f.kind)
            mine.hosts.add(f.host)
            if f.org:
                mine.orgs.add(f.org)
    normal_kinds = sorted(normal)
    out = []
    for capture in captures:
        if capture.mode == "normal":
            continue
        got = sent[capture.path]
        kinds, hosts, orgs = sorted(got.kinds), sorted(got.hosts), sorted(got.orgs)
        out.append(
            Verdict(
                capture=capture.label,
                mode=capture.mode,
                leaked=bool(kinds),
                kinds=kinds,
                hosts=hosts,
                orgs=orgs,
                normal_kinds=normal_kinds,
                summary=_summary(capture, kinds, hosts, orgs, normal_kinds),
            )
        )
    return out


def _summary(capture: CaptureInfo, kinds: list[str], hosts: list[str], orgs: list[str], normal: list[str]) -> str:
    if not kinds:
        return f"{capture.label} ({capture.mode}): clean — no personal data left this session."
    who = ", ".join(orgs or hosts)
    same = sorted(set(kinds) & set(normal))
    tail = f"; {len(same)} of the {len(normal)} kinds sent in normal mode" if normal else ""
    return f"{capture.label} ({capture.mode}): still sent {', '.join(kinds)} to {who}{tail}."
