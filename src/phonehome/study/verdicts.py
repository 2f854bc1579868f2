"""Verdicts: whether a private or opted-out session still sent personal data, and to whom."""

from __future__ import annotations

from collections.abc import Sequence

from phonehome.model import CaptureInfo, Finding, Verdict

LOW_SEVERITY = "low"


def verdicts(captures: Sequence[CaptureInfo], findings: Sequence[Finding]) -> list[Verdict]:
    """One verdict per private/opted-out capture, compared with the study's normal sessions."""
    normal_paths = {c.path for c in captures if c.mode == "normal"}
    normal_kinds = sorted({f.kind for f in findings if f.capture in normal_paths and f.severity != LOW_SEVERITY})
    out = []
    for capture in captures:
        if capture.mode == "normal":
            continue
        mine = [f for f in findings if f.capture == capture.path and f.severity != LOW_SEVERITY]
        kinds = sorted({f.kind for f in mine})
        hosts = sorted({f.host for f in mine})
        orgs = sorted({f.org for f in mine if f.org})
        out.append(
            Verdict(
                capture=capture.label,
                mode=capture.mode,
                leaked=bool(mine),
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
