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
same de-duplication (the first occurrence in capture order is the first in its part, so it is
kept there, and later repeats in other parts are dropped here). Limit errors: each part lists its
first :data:`~phonehome.pipeline.LIMIT_ERRORS_KEPT` per kind, so the merged first ones per kind are
among them, and the per-kind totals add up. Counts of exchanges, notices and read errors come
from part 0 (every part reads the same capture). Logs are streamed: memory stays bounded.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from phonehome.findings_log import RecordLog, findings_log, sightings_log
from phonehome.model import CaptureInfo, Exchange, ReportError
from phonehome.pipeline import LIMIT_ERRORS_KEPT, CaptureResult, CaptureScan, Scanner, limits_not_listed
from phonehome.study.sessions import Session

BLOCK = 64
"""Consecutive exchanges dealt to one part (small: parts stay balanced; merge cost is per item, not per block)."""


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
    """Per block this part owns, in order: findings, sightings and errors it added."""
    limit_kinds: dict[str, int] = field(default_factory=dict)
    """Limit hits of this part per kind of limit."""
    read: int = 0
    """Exchanges read (the whole capture, or up to a read error)."""

    def hand_over(self) -> PartResult:
        """Pickle the logs as file paths (a process pool on this machine)."""
        self.result.hand_over()
        return self


class _Dealer:
    """Deals the exchanges of one part (a :class:`phonehome.pipeline.Shard`) and records what each block added."""

    def __init__(self, number: int, count: int, block: int) -> None:
        self.number, self.count, self.block = number, count, block
        self.added: list[tuple[int, int, int]] = []
        self.limit_kinds: dict[str, int] = {}
        self.read = 0

    def deal(self, exchanges: Iterator[Exchange], scan: CaptureScan) -> Iterator[tuple[Exchange, bool]]:
        result, block, count, number = scan.result, self.block, self.count, self.number
        start: tuple[int, int, int] | None = None
        mine = False
        position = -1

        def close(start: tuple[int, int, int]) -> None:
            f, s, e = start
            self.added.append((len(result.findings) - f, len(result.sightings) - s, len(result.errors) - e))

        try:
            for position, exchange in enumerate(exchanges):
                if position % block == 0:
                    if start is not None:
                        close(start)
                    mine = position // block % count == number
                    start = (len(result.findings), len(result.sightings), len(result.errors)) if mine else None
                yield exchange, mine
        finally:  # also when the reader stops with a CaptureError: the tail errors come after this
            if start is not None:
                close(start)
            self.read = position + 1
            self.limit_kinds = scan.limit_kinds


def scan_part(scanner: Scanner, session: Session, number: int, count: int, block: int = BLOCK) -> PartResult:
    """Scan part ``number`` of ``count`` of one session's capture with ``scanner``."""
    dealer = _Dealer(number, count, block)
    result = scanner.scan_capture(
        session.capture, session.mode, session.label, first_party=session.first_party, shard=dealer
    )
    return PartResult(number, count, block, result, dealer.added, dealer.limit_kinds, dealer.read)


def merge_parts(parts: Sequence[PartResult]) -> CaptureResult:
    """The one-process result of a capture from all its parts (any order)."""
    parts = sorted(parts, key=lambda p: p.number)
    count = len(parts)
    if [p.number for p in parts] != list(range(count)) or any(p.count != count for p in parts):
        raise ValueError(f"parts {[p.number for p in parts]} of a capture in {count} parts")
    first = parts[0]
    info = first.result.info
    blocks = _blocks(parts)
    findings = _merged(findings_log(), [p.result.findings for p in parts], blocks, 0)
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
    return merge_parts([scan_part(scanner, session, k, count, block) for k in range(count)])
