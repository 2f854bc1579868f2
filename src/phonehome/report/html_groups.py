"""Findings regrouped the way a reader asks about them: per destination, then kind, then evidence.

Shared by the HTML and Markdown reports so both tell the same story in the same order.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import quote, quote_plus, urlsplit

from phonehome.model import CaptureInfo, Finding, Report

SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}


class RequestOrder:
    """Whether findings streaming by are grouped by request, as a scan writes them.

    Grouped means each capture in one run, exchanges in ascending order: a request's findings are adjacent.
    """

    def __init__(self) -> None:
        self.grouped = True
        self._previous: tuple[str, int] | None = None
        self._finished: set[str] = set()

    def see(self, f: Finding) -> None:
        """Take the next finding into account."""
        previous = self._previous
        if previous is not None and previous[0] != f.capture:
            self._finished.add(previous[0])
            self.grouped = self.grouped and f.capture not in self._finished
        elif previous is not None and f.exchange < previous[1]:
            self.grouped = False
        self._previous = (f.capture, f.exchange)


def severity_rank(severity: str) -> int:
    """0 for high, 1 for medium, 2 for low (unknown values sort last)."""
    return SEVERITY_RANK.get(severity, 3)


MORE_ROWS = 200
"""Other requests kept per evidence item (besides the earliest, shown in full)."""
MAX_PER_GROUP = 1000
"""Evidence items (distinct value and decode path) kept per destination and kind; the rest are counted."""
MAX_EVIDENCE = 20_000
"""Evidence items kept in all: a report of millions of findings is summarised in bounded memory."""
MIN_PER_GROUP = 100
"""Evidence items every destination and kind keeps even when MAX_EVIDENCE is spent by earlier ones."""
MAX_OTHER_ROWS = 50_000
"""Other-request rows kept in all, over every evidence item."""


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
    """The earliest findings with this kind, value and path, in time order (at most 1 + MORE_ROWS)."""
    count: int = 0
    """Every finding with this kind, value and path."""
    full: bool = False
    """True once ``findings`` is at its bound and kept sorted (later findings only replace later ones)."""

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
    """Distinct (value, path) pairs, most severe and most frequent first (the first MAX_PER_GROUP seen)."""
    count: int = 0
    """Number of findings."""
    severity: str = "low"
    """Highest severity among the findings."""
    hidden: int = 0
    """Findings whose (value, path) was not kept as evidence (past the bounds): only in the JSON report."""


@dataclass(slots=True)
class Destination:
    """A host that received personal data, with who is behind it."""

    host: str
    """Destination hostname."""
    count: int
    """Number of findings."""
    requests: int
    """Number of distinct requests that carried findings."""
    kinds: list[KindGroup]
    """Its findings per kind."""
    severity: str = "low"
    """Highest severity among the findings."""
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
    def kind_counts(self) -> Counter[str]:
        """Findings per kind."""
        return Counter({g.kind: g.count for g in self.kinds})


def _time_key(f: Finding) -> tuple[bool, float, str, int]:
    return (f.time is None, f.time or 0.0, f.capture, f.exchange)


def _worse(new: str, current: str | None) -> str:
    """The more severe of two severities; the current one on a tie (as ``min`` keeps the first)."""
    return new if current is None or severity_rank(new) < severity_rank(current) else current


@dataclass(slots=True)
class _Budget:
    evidence: int
    rows: int


@dataclass(slots=True)
class _Group:
    kind: str
    evidence: dict[tuple[str, tuple[str, ...]], Evidence] = field(default_factory=dict)
    count: int = 0
    severity: str | None = None
    hidden: int = 0

    def add(self, f: Finding, budget: _Budget) -> None:
        self.count += 1
        self.severity = _worse(f.severity, self.severity)
        path = tuple(f.path)
        ev = self.evidence.get((f.value, path))
        if ev is None:
            kept = len(self.evidence)
            if kept >= MAX_PER_GROUP or (budget.evidence <= 0 and kept >= MIN_PER_GROUP):
                self.hidden += 1
                return
            budget.evidence -= 1
            ev = self.evidence[(f.value, path)] = Evidence(f.kind, f.value, path)
        ev.count += 1
        _keep_earliest(ev, f, budget)

    def done(self) -> KindGroup:
        evidence = list(self.evidence.values())
        for ev in evidence:
            ev.findings.sort(key=_time_key)
            del ev.findings[MORE_ROWS + 1 :]
        evidence.sort(
            key=lambda e: (severity_rank(e.first.severity), -e.first.confidence, -e.count, _time_key(e.first))
        )
        return KindGroup(self.kind, evidence, self.count, self.severity or "low", self.hidden)


def _keep_earliest(ev: Evidence, f: Finding, budget: _Budget) -> None:
    """Keep the earliest 1 + MORE_ROWS findings of ``ev`` (a stable sort's head), within the row budget."""
    kept = ev.findings
    if len(kept) <= MORE_ROWS and (not kept or budget.rows > 0):
        kept.append(f)
        budget.rows -= len(kept) > 1
        return
    if not ev.full:
        kept.sort(key=_time_key)
        ev.full = True
    if _time_key(f) < _time_key(kept[-1]):
        bisect.insort_right(kept, f, key=_time_key)
        kept.pop()


_NAMED = ("org", "sdk", "category", "party", "attribution_reason")


@dataclass(slots=True)
class _Host:
    host: str
    groups: dict[str, _Group] = field(default_factory=dict)
    count: int = 0
    requests: int = 0
    last: tuple[str, int] | None = None
    severity: str | None = None
    names: dict[str, Counter[str]] = field(default_factory=lambda: {n: Counter() for n in _NAMED})

    def add(self, f: Finding, budget: _Budget) -> None:
        self.count += 1
        self.severity = _worse(f.severity, self.severity)
        request = (f.capture, f.exchange)
        if request != self.last:
            self.requests += 1
            self.last = request
        for name, counts in self.names.items():
            value = getattr(f, name)
            if value:
                counts[value] += 1
        group = self.groups.get(f.kind)
        if group is None:
            group = self.groups[f.kind] = _Group(f.kind)
        group.add(f, budget)

    def done(self) -> Destination:
        groups = [g.done() for g in self.groups.values()]
        groups.sort(key=lambda g: (severity_rank(g.severity), -g.count, g.kind))
        top = {name: (c.most_common(1)[0][0] if c else None) for name, c in self.names.items()}
        return Destination(
            host=self.host, count=self.count, requests=self.requests, kinds=groups, severity=self.severity or "low",
            org=top["org"], sdk=top["sdk"], category=top["category"], party=top["party"] or "third",
            reason=top["attribution_reason"],
        )


@dataclass(slots=True)
class Overview:
    """Everything the HTML and Markdown reports show about the findings, gathered in one pass."""

    total: int = 0
    """Number of findings."""
    destinations: list[Destination] = field(default_factory=list)
    """Destinations, the most severe and busiest first."""
    kinds: list[str] = field(default_factory=list)
    """Every kind seen, the most severe and most frequent first."""
    worst: dict[str, str] = field(default_factory=dict)
    """Per kind, the severity its matrix cells are coloured with (high if any finding was high)."""
    per_capture: dict[str, Counter[str]] = field(default_factory=dict)
    """Findings per capture path and kind."""
    first_time: float | None = None
    """Earliest request time among the findings."""
    last_time: float | None = None
    """Latest request time among the findings."""
    unknown_captures: list[str] = field(default_factory=list)
    """Capture paths that findings name but the report does not list."""
    redacted: bool = False
    """True when the first findings carry redaction tokens."""


def overview(findings: Sequence[Finding], listed: Iterable[str] = ()) -> Overview:
    """Gather destinations, kinds, counts and times in one pass over ``findings``, in bounded memory.

    Requests per destination are counted as runs of one (capture, request) in the order given, exact
    when the findings come grouped by request (as a scan writes them); otherwise they are counted
    again in a second pass with sets.
    """
    out = Overview()
    budget = _Budget(MAX_EVIDENCE, MAX_OTHER_ROWS)
    hosts: dict[str, _Host] = {}
    counts: Counter[str] = Counter()
    ranks: dict[str, int] = {}
    known = set(listed)
    unknown: dict[str, None] = {}
    order = RequestOrder()
    for f in findings:
        out.total += 1
        host = hosts.get(f.host)
        if host is None:
            host = hosts[f.host] = _Host(f.host)
        host.add(f, budget)
        counts[f.kind] += 1
        ranks[f.kind] = min(ranks.get(f.kind, 3), severity_rank(f.severity))
        if f.kind not in out.worst or f.severity == "high":
            out.worst[f.kind] = f.severity
        per = out.per_capture.get(f.capture)
        if per is None:
            per = out.per_capture[f.capture] = Counter()
        per[f.kind] += 1
        if f.time is not None:
            out.first_time = f.time if out.first_time is None else min(out.first_time, f.time)
            out.last_time = f.time if out.last_time is None else max(out.last_time, f.time)
        if f.capture not in known:
            unknown[f.capture] = None
        if out.total <= 50 and "«redacted:" in f.value:
            out.redacted = True
        order.see(f)
    dests = [h.done() for h in hosts.values()]
    if not order.grouped:
        _recount_requests(findings, dests)
    dests.sort(key=lambda d: (severity_rank(d.severity), -d.count, d.host))
    out.destinations = dests
    out.kinds = sorted(counts, key=lambda k: (ranks[k], -counts[k], k))
    out.unknown_captures = list(unknown)
    return out


def _recount_requests(findings: Sequence[Finding], dests: list[Destination]) -> None:
    seen: dict[str, set[tuple[str, int]]] = {d.host: set() for d in dests}
    for f in findings:
        seen[f.host].add((f.capture, f.exchange))
    for d in dests:
        d.requests = len(seen[d.host])


def destinations(findings: Sequence[Finding]) -> list[Destination]:
    """Destinations that received findings, the most severe and busiest first."""
    return overview(findings).destinations


def kinds_in_order(findings: Sequence[Finding]) -> list[str]:
    """Every kind seen, the most severe and most frequent first."""
    return overview(findings).kinds


def capture_index(report: Report, seen: Overview | None = None) -> dict[str, CaptureInfo]:
    """Captures by path, with a stand-in for paths that findings name but the report does not list."""
    index = {c.path: c for c in report.captures}
    unknown = seen.unknown_captures if seen is not None else [f.capture for f in report.findings]
    for path in unknown:
        if path not in index:
            index[path] = CaptureInfo(path, "unknown", 0, "normal", path.rsplit("/", 1)[-1])
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
