"""Findings regrouped the way a reader asks about them: per destination, then kind, then evidence.

Shared by the HTML and Markdown reports so both tell the same story in the same order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import quote, quote_plus, urlsplit

from phonehome.model import CaptureInfo, Finding, Report

SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}


def severity_rank(severity: str) -> int:
    """0 for high, 1 for medium, 2 for low (unknown values sort last)."""
    return SEVERITY_RANK.get(severity, 3)


@dataclass(slots=True)
class Evidence:
    """One datum sent one way: the same kind, value and decode path, in one or more requests."""

    kind: str
    """Finding kind."""
    value: str
    """The datum."""
    path: tuple[str, ...]
    """Decode path from the raw request to the value."""
    findings: list[Finding] = field(default_factory=list)
    """Every finding with this kind, value and path, in time order."""

    @property
    def first(self) -> Finding:
        """The earliest occurrence: the one shown in full."""
        return self.findings[0]


@dataclass(slots=True)
class KindGroup:
    """Everything of one kind sent to one destination."""

    kind: str
    """Finding kind."""
    evidence: list[Evidence]
    """Distinct (value, path) pairs, most severe and most frequent first."""

    @property
    def count(self) -> int:
        """Number of findings."""
        return sum(len(e.findings) for e in self.evidence)

    @property
    def severity(self) -> str:
        """Highest severity among the findings."""
        return min((e.first.severity for e in self.evidence), key=severity_rank)


@dataclass(slots=True)
class Destination:
    """A host that received personal data, with who is behind it."""

    host: str
    """Destination hostname."""
    findings: list[Finding]
    """Findings sent to it."""
    kinds: list[KindGroup]
    """Its findings per kind."""
    org: str | None = None
    """Most often named organisation."""
    sdk: str | None = None
    """Most often named SDK."""
    category: str | None = None
    """Most often named category."""
    party: str = "third"
    """first or third."""
    reason: str | None = None
    """Why the organisation was named."""

    @property
    def count(self) -> int:
        """Number of findings."""
        return len(self.findings)

    @property
    def requests(self) -> int:
        """Number of distinct requests that carried findings."""
        return len({(f.capture, f.exchange) for f in self.findings})

    @property
    def severity(self) -> str:
        """Highest severity among the findings."""
        return min((f.severity for f in self.findings), key=severity_rank)

    @property
    def kind_counts(self) -> Counter[str]:
        """Findings per kind."""
        return Counter({g.kind: g.count for g in self.kinds})


def _most_common(values: Iterable[str | None]) -> str | None:
    counts = Counter(v for v in values if v)
    return counts.most_common(1)[0][0] if counts else None


def _time_key(f: Finding) -> tuple[bool, float, str, int]:
    return (f.time is None, f.time or 0.0, f.capture, f.exchange)


def group_kinds(findings: Sequence[Finding]) -> list[KindGroup]:
    """Findings of one destination, per kind and then per distinct (value, path)."""
    by_key: dict[tuple[str, str, tuple[str, ...]], Evidence] = {}
    for f in findings:
        key = (f.kind, f.value, tuple(f.path))
        if key not in by_key:
            by_key[key] = Evidence(f.kind, f.value, key[2])
        by_key[key].findings.append(f)
    per_kind: dict[str, list[Evidence]] = {}
    for ev in by_key.values():
        ev.findings.sort(key=_time_key)
        per_kind.setdefault(ev.kind, []).append(ev)
    groups = []
    for kind, evidence in per_kind.items():
        evidence.sort(
            key=lambda e: (
                severity_rank(e.first.severity),
                -e.first.confidence,
                -len(e.findings),
                _time_key(e.first),
            )
        )
        groups.append(KindGroup(kind, evidence))
    groups.sort(key=lambda g: (severity_rank(g.severity), -g.count, g.kind))
    return groups


def destinations(findings: Sequence[Finding]) -> list[Destination]:
    """Destinations that received findings, the most severe and busiest first."""
    by_host: dict[str, list[Finding]] = {}
    for f in findings:
        by_host.setdefault(f.host, []).append(f)
    out = []
    for host, group in by_host.items():
        out.append(
            Destination(
                host=host,
                findings=group,
                kinds=group_kinds(group),
                org=_most_common(f.org for f in group),
                sdk=_most_common(f.sdk for f in group),
                category=_most_common(f.category for f in group),
                party=_most_common(f.party for f in group) or "third",
                reason=_most_common(f.attribution_reason for f in group),
            )
        )
    out.sort(key=lambda d: (severity_rank(d.severity), -d.count, d.host))
    return out


def kinds_in_order(findings: Sequence[Finding]) -> list[str]:
    """Every kind seen, the most severe and most frequent first."""
    counts = Counter(f.kind for f in findings)
    worst: dict[str, int] = {}
    for f in findings:
        worst[f.kind] = min(worst.get(f.kind, 3), severity_rank(f.severity))
    return sorted(counts, key=lambda k: (worst[k], -counts[k], k))


def capture_index(report: Report) -> dict[str, CaptureInfo]:
    """Captures by path, with a stand-in for paths that findings name but the report does not list."""
    index = {c.path: c for c in report.captures}
    for f in report.findings:
        if f.capture not in index:
            index[f.capture] = CaptureInfo(f.capture, "unknown", 0, "normal", f.capture.rsplit("/", 1)[-1])
    return index


def value_forms(value: str) -> list[str]:
    """The ways a value is commonly written inside a URL: as is, percent-encoded, URL path part."""
    raw = value.encode("utf-8", "surrogatepass")  # captured text may hold lone surrogates
    forms = [value, quote(raw, safe=""), quote_plus(raw), quote(raw, safe="/:")]
    if "://" in value:
        try:
            path = urlsplit(value).path
        except ValueError:  # not a parseable URL after all
            path = ""
        if len(path) > 3:
            forms.append(path)
            forms.append(quote(path.encode("utf-8", "surrogatepass"), safe=""))
    return [f for f in dict.fromkeys(forms) if len(f) >= 3]
