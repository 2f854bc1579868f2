"""One capture scanned by several processes: split it into parts, merge their results into one.

A long phone session is one capture of hundreds of MB; ``--workers N`` splits it so that N
processes share the analysis, and the report is identical to a one-process scan.

**Split.** The capture's exchanges are dealt in blocks of :data:`BLOCK` consecutive exchanges,
round robin: part ``k`` of ``n`` analyses the exchanges at positions ``p`` with
``p // BLOCK % n == k``. Every part reads the whole capture (reading is a few percent of the
analysis) and updates the capture state (pages visited, first-party domains) for every exchange,
so each exchange it analyses sees exactly the state a one-process scan gives it. Each part
records, per block it owns, how many findings, sightings and errors that block added.

**Merge.** Walking the blocks in capture order and taking from each block's part the counted
items gives the one-process order; adding them to fresh logs with the same identities gives the
same de-duplication (a part de-duplicates within each block, so the first occurrence in capture
order reaches the merge, and later repeats are dropped there). Limit errors: each part lists its
first :data:`~phonehome.pipeline.LIMIT_ERRORS_KEPT` per kind, so the merged first ones per kind are
among them, and the per-kind totals add up. Counts of exchanges, notices and read errors come
from part 0 (every part reads the same capture). Logs are streamed: memory stays bounded.

**Values seen in clear.** One more piece of state crosses exchanges: the detectors' index of values
seen in clear so far (:mod:`phonehome.detectors.seen`; a digest of one of them is reported as that
value), bounded to its first values. A part sees only its own, so each part records what it added
to the index and, per digest, what its look-ups answered. The merge replays the additions of all
parts in capture order and checks every part's answers against that timeline; the blocks whose
answers differ are scanned again, in one more task that reads the capture up to the last of them,
with the index fed the whole capture's timeline (exact by construction), and those blocks'
findings replace the first ones (the first round de-duplicates findings within a block only, so
no finding of another block was dropped because of a wrong one). Sightings and errors do not
depend on the index. So the report is always the one-process report; the second round costs time
only when a digest names a value first sent in clear in another part's block, or when the index
fills up at another point.
"""

from __future__ import annotations

import hashlib
import heapq
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from phonehome.detectors import seen as seen_values
from phonehome.detectors.seen import DIGESTS, FORMS, Seen, SeenValues
from phonehome.findings_log import RecordLog, findings_log, sightings_log
from phonehome.model import CaptureInfo, Exchange, ReportError
from phonehome.pipeline import LIMIT_ERRORS_KEPT, CaptureResult, CaptureScan, Scanner, limits_not_listed
from phonehome.study.sessions import Session

BLOCK = 64
"""Consecutive exchanges dealt to one part: parts stay balanced and a second round rescans little
(larger blocks pass fewer repeats to the merge; 32, 64 and 256 measured on the 16 MB HAR)."""
MAX_LOOKUPS = 200_000
"""(digest, block) look-ups a part records; past this its answers are not checked (second round)."""

Key = tuple[int, int]
"""When something happened in a scan: (exchange position, event number within the part)."""
Timeline = list[tuple[Key, str, str]]
"""Values added to the seen-values index, in capture order: (when, kind, value)."""
Lookups = dict[tuple[str, int], tuple[Key | None, Key | None, Seen | None]]
"""Per (digest, block): the last look-up answered None, the first answered, its answer."""


@dataclass
class PartResult:
    """What one part of a capture returns: its result and, per block it analysed, what that block added."""

    number: int
    """This part's number (0 .. count - 1)."""
    count: int
    """Parts of the capture."""
    block: int
    """Exchanges per block."""
    result: CaptureResult
    """The part's findings, sightings and errors (counts of the whole capture in ``info``)."""
    added: list[tuple[int, int, int]] = field(default_factory=list)
    """Per block this part analysed, in order: findings, sightings and errors it added."""
    blocks: list[int] = field(default_factory=list)
    """Which blocks of the capture those are (0: the first block of the capture)."""
    limit_kinds: dict[str, int] = field(default_factory=dict)
    """Limit hits of this part per kind of limit."""
    read: int = 0
    """Exchanges read (the whole capture, or up to a read error)."""
    seen: Timeline = field(default_factory=list)
    """The first values this part added to the seen-values index (at most the index's bound)."""
    lookups: Lookups | None = field(default_factory=dict)
    """What the part's seen-values look-ups answered (None: too many to check)."""

    def hand_over(self) -> PartResult:
        """Pickle the logs as file paths (a process pool on this machine)."""
        self.result.hand_over()
        return self


class _SeenProbe:
    """Watches one part's seen-values index: records additions and look-ups, or feeds it a timeline.

    It is the index's :class:`~phonehome.detectors.seen.SeenWatcher` while the part is scanned.
    """

    def __init__(self, seen: SeenValues, timeline: Timeline | None) -> None:
        self.seen = seen
        self.timeline = timeline
        self.fed = 0
        self.position = -1
        self.block = -1
        self.event = 0
        self.added_values: Timeline = []
        self.distinct: set[tuple[str, str]] = set()
        self.lookups: Lookups | None = {} if timeline is None else None

    def install(self) -> None:
        self.seen.watcher = self

    def remove(self) -> None:
        self.seen.watcher = None

    def feed(self, position: int, capture: Any) -> None:
        """Second round: add the capture's values seen before ``position``, in capture order."""
        timeline = self.timeline
        assert timeline is not None
        while self.fed < len(timeline) and timeline[self.fed][0][0] < position:
            _, kind, value = timeline[self.fed]
            self.seen.add(kind, value, capture)
            self.fed += 1

    def added(self, kind: str, value: str) -> None:
        self.event += 1
        if self.timeline is None and len(self.distinct) < seen_values.MAX_VALUES and kind in FORMS:
            if (kind, value) not in self.distinct:
                self.distinct.add((kind, value))
                self.added_values.append(((self.position, self.event), kind, value))

    def looked_up(self, hexdigest: str, answer: Seen | None) -> None:
        self.event += 1
        lookups = self.lookups
        if lookups is not None:
            mark, when = (hexdigest.lower(), self.block), (self.position, self.event)
            last_none, first_known, known = lookups.get(mark, (None, None, None))
            if answer is None:
                last_none = when
            elif first_known is None:
                first_known, known = when, answer
            if mark in lookups or len(lookups) < MAX_LOOKUPS:
                lookups[mark] = (last_none, first_known, known)
            else:
                self.lookups = None  # too many to check: every block of this part is scanned again


class _Dealer:
    """Deals the exchanges of one part (a :class:`phonehome.pipeline.Shard`) and records what each block added.

    First round (no ``timeline``): every block of the part, findings de-duplicated within a block.
    Second round: the blocks ``only`` (of any part), the seen-values index fed ``timeline``; reading
    stops after the last of them.
    """

    def __init__(
        self, number: int, count: int, block: int, timeline: Timeline | None = None, only: Iterable[int] = (),
    ) -> None:
        self.number, self.count, self.block, self.timeline = number, count, block, timeline
        self.only = set(only) if timeline is not None else None
        self.last = max(self.only, default=-1) if self.only is not None else None
        self.added: list[tuple[int, int, int]] = []
        self.blocks: list[int] = []
        self.limit_kinds: dict[str, int] = {}
        self.read = 0
        self.probe: _SeenProbe | None = None
        self._findings_at = 0

    def deal(self, exchanges: Iterator[Exchange], scan: CaptureScan) -> Iterator[tuple[Exchange, bool]]:
        result, block, count, number, only = scan.result, self.block, self.count, self.number, self.only
        probe = self.probe = _SeenProbe(scan.scanner.detectors.seen, self.timeline)
        findings = result.findings  # the part's findings; the first round adds each block's after it
        start: tuple[int, int] | None = None
        mine = False
        position = -1

        def close(start: tuple[int, int]) -> None:
            s, e = start
            block_findings = result.findings
            if only is None:
                for item in block_findings:
                    findings.append(item)
                result.findings = findings
                f = len(block_findings)
            else:
                f = len(findings) - self._findings_at
            self.added.append((f, len(result.sightings) - s, len(result.errors) - e))
            self.blocks.append(probe.block)

        probe.install()
        try:
            for position, exchange in enumerate(exchanges):
                if position % block == 0:
                    if start is not None:
                        close(start)
                        start = None
                    b = probe.block = position // block
                    if self.last is not None and b > self.last:
                        break  # second round: its last block is done
                    mine = b % count == number if only is None else b in only
                    if mine:
                        start = (len(result.sightings), len(result.errors))
                        if only is None:
                            result.findings = findings_log()
                        self._findings_at = len(findings)
                if mine:
                    probe.position = position
                    if probe.timeline is not None:
                        probe.feed(position, scan.state)
                yield exchange, mine
        finally:  # also when the reader stops with a CaptureError: the tail errors come after this
            probe.remove()
            if start is not None:
                close(start)
            result.findings = findings
            self.read = position + 1
            self.limit_kinds = scan.limit_kinds


def scan_part(
    scanner: Scanner, session: Session, number: int, count: int, block: int = BLOCK,
    timeline: Timeline | None = None, only: Iterable[int] = (),
) -> PartResult:
    """Scan part ``number`` of ``count`` of one session's capture with ``scanner``.

    Second round: ``timeline`` (what the whole capture adds to the seen-values index) and ``only``
    (the blocks to scan again, see :func:`unchecked`); ``number`` is then -1.
    """
    dealer = _Dealer(number, count, block, timeline, only)
    result = scanner.scan_capture(
        session.capture, session.mode, session.label, first_party=session.first_party, shard=dealer
    )
    probe = dealer.probe
    seen, lookups = (probe.added_values, probe.lookups) if probe is not None else ([], {})
    return PartResult(
        number, count, block, result, dealer.added, dealer.blocks, dealer.limit_kinds, dealer.read, seen, lookups
    )


def seen_timeline(parts: Sequence[PartResult]) -> Timeline:
    """What one process would add to the seen-values index, in order: the parts' first values, merged."""
    out: Timeline = []
    distinct: set[tuple[str, str]] = set()
    for when, kind, value in heapq.merge(*(p.seen for p in parts)):
        if (kind, value) not in distinct:
            distinct.add((kind, value))
            out.append((when, kind, value))
            if len(out) >= seen_values.MAX_VALUES:
                break
    return out


def unchecked(parts: Sequence[PartResult], timeline: Timeline) -> list[int]:
    """The blocks whose seen-values look-ups may have answered otherwise than in one process."""
    wanted = {len(d) for p in parts for d, _ in p.lookups or ()}
    algos = [a for a in DIGESTS if hashlib.new(a).digest_size * 2 in wanted]
    index: dict[str, tuple[Key, Seen]] = {}
    for when, kind, value in timeline:
        for algo in algos:
            for form in dict.fromkeys(FORMS[kind](value)):
                digest = hashlib.new(algo, form.encode()).hexdigest()
                index.setdefault(digest, (when, (kind, value, algo)))
    bad: set[int] = set()
    for part in parts:
        if part.lookups is None:
            bad.update(part.blocks)
            continue
        for (digest, block), (last_none, first_known, known) in part.lookups.items():
            whole = index.get(digest)
            if last_none is not None and whole is not None and whole[0] < last_none:
                bad.add(block)  # one process knew the value then
            elif first_known is not None and (whole is None or whole[0] > first_known or whole[1] != known):
                bad.add(block)  # one process did not know it then, or knew another
    return sorted(bad)


def merge_parts(parts: Sequence[PartResult], again: PartResult | None = None) -> CaptureResult:
    """The one-process result of a capture from all its parts (any order) and its second round."""
    parts = sorted(parts, key=lambda p: p.number)
    count = len(parts)
    if [p.number for p in parts] != list(range(count)) or any(p.count != count for p in parts):
        raise ValueError(f"parts {[p.number for p in parts]} of a capture in {count} parts")
    first = parts[0]
    info = first.result.info
    blocks = _blocks(parts)
    findings = _merged_findings(parts, blocks, again)
    sightings = _merged(sightings_log(), [p.result.sightings for p in parts], blocks, 1)
    errors, kinds = _merged_errors(parts, blocks)
    in_loop = sum(added[2] for added in first.added)
    errors.extend(e for e in first.result.errors[in_loop:] if e.kind != "limit")  # read error, notices
    errors.extend(limits_not_listed(info.path, kinds))
    info = CaptureInfo(
        info.path, info.format, info.exchanges, info.mode, info.label,
        sum(p.result.info.limits_hit for p in parts), info.encrypted,
    )
    return CaptureResult(info, findings.freeze(), sightings.freeze(), errors)


def _blocks(parts: Sequence[PartResult]) -> list[tuple[int, tuple[int, int, int]]]:
    """(part number, what it added) for every block of the capture, in capture order."""
    count = len(parts)
    total = -(-parts[0].read // parts[0].block) if parts[0].read > 0 else 0
    return [(b % count, parts[b % count].added[b // count]) for b in range(total)]


def _merged_findings(
    parts: Sequence[PartResult], blocks: Sequence[tuple[int, tuple[int, int, int]]], again: PartResult | None,
) -> RecordLog[Any]:
    """Findings in capture order, a block's from the second round when it has one, de-duplicated."""
    into = findings_log()
    identity = into.codec.identity
    assert identity is not None
    firsts = [iter(p.result.findings) for p in parts]
    second = iter(again.result.findings) if again is not None else iter(())
    redone = dict(zip(again.blocks, (a[0] for a in again.added), strict=True)) if again is not None else {}
    add = into.add_new
    for b, (number, added) in enumerate(blocks):
        source, n = firsts[number], added[0]
        if b in redone:
            for _ in itertools.islice(source, n):  # the first round's findings of this block: replaced
                pass
            source, n = second, redone[b]
        for item in itertools.islice(source, n):
            add(identity(item), partial(_same, item))
    return into


def _merged(
    into: RecordLog[Any], logs: Sequence[RecordLog[Any]], blocks: Iterable[tuple[int, tuple[int, int, int]]],
    which: int,
) -> RecordLog[Any]:
    identity = into.codec.identity
    assert identity is not None
    sources = [iter(log) for log in logs]
    add = into.add_new
    for number, added in blocks:
        for item in itertools.islice(sources[number], added[which]):
            add(identity(item), partial(_same, item))
    return into


def _same(item: Any) -> Any:
    return item


def _merged_errors(
    parts: Sequence[PartResult], blocks: Iterable[tuple[int, tuple[int, int, int]]],
) -> tuple[list[ReportError], dict[str, int]]:
    """The errors of the scanning loop in capture order, limit errors listed as one process lists them."""
    out: list[ReportError] = []
    listed: dict[str, int] = {}
    at = [0] * len(parts)
    for number, (_, _, n) in blocks:
        for error in parts[number].result.errors[at[number] : at[number] + n]:
            if error.kind == "limit":
                what = CaptureScan.limit_kind(error)
                listed[what] = listed.get(what, 0) + 1
                if listed[what] > LIMIT_ERRORS_KEPT:
                    continue
            out.append(error)
        at[number] += n
    totals: dict[str, int] = {}
    for what in listed:  # kinds in the order of their first hit in the capture, as one process counts them
        totals[what] = sum(p.limit_kinds.get(what, 0) for p in parts)
    return out, totals


def scan_split(scanner: Scanner, session: Session, count: int, block: int = BLOCK) -> CaptureResult:
    """Scan one capture as ``count`` parts, one after the other in this process, and merge them.

    The same result as ``scanner.scan_capture``: what tests compare, and a reference for the pool.
    """
    parts = [scan_part(scanner, session, k, count, block) for k in range(count)]
    timeline = seen_timeline(parts)
    redo = unchecked(parts, timeline)
    again = scan_part(scanner, session, -1, count, block, timeline, redo) if redo else None
    return merge_parts(parts, again)
