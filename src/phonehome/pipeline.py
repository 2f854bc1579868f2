"""The per-capture map: Exchange → decoded Fields → Detections → Findings (+ identifier candidates).

Per-exchange work is pure given the capture state, which only grows (pages visited so far);
that is what lets streaming, process pools and Dask run the same code.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Protocol

from phonehome.attribution import Attributor
from phonehome.config import ScanConfig
from phonehome.decoders.engine import Engine
from phonehome.detectors import DetectorSet
from phonehome.detectors.base import CaptureState, DetectContext
from phonehome.domains import registrable_domain
from phonehome.errors import CaptureError
from phonehome.findings_log import RecordLog, findings_log, sightings_log
from phonehome.model import Attribution, CaptureInfo, Detection, Exchange, Field, Finding, ReportError, Sighting
from phonehome.readers import open_capture


@dataclass
class CaptureResult:
    """Everything one capture contributes to a report."""

    info: CaptureInfo
    """Capture metadata."""
    findings: RecordLog[Finding] = field(default_factory=findings_log)
    """Findings, in exchange order, de-duplicated (kept on disk past a few thousand)."""
    sightings: RecordLog[Sighting] = field(default_factory=sightings_log)
    """Identifier candidates for the study reduce, de-duplicated, in first-seen order."""
    errors: list[ReportError] = field(default_factory=list)
    """Problems met (repeats of one decoding limit are counted past :data:`LIMIT_ERRORS_KEPT`)."""

    def hand_over(self) -> CaptureResult:
        """Pickle the logs as file paths: for a process on the same machine, which adopts the files."""
        self.findings.hand_over()
        self.sightings.hand_over()
        return self


LIMIT_ERRORS_KEPT = 20
"""Limit errors listed per capture and kind of limit; further ones are counted in one more error."""


class Shard(Protocol):
    """One part of a capture scanned by several processes (see :mod:`phonehome.scale.shards`)."""

    def deal(self, exchanges: Iterator[Exchange], scan: CaptureScan) -> Iterator[tuple[Exchange, bool]]:
        """The capture's exchanges, each with whether this part analyses it (all update the capture state)."""
        ...


def is_navigation(exchange: Exchange) -> bool:
    """True for a top-level page load: a document request, as the capture or Fetch metadata says."""
    if exchange.resource_type is not None:
        return exchange.resource_type == "document"
    if exchange.method != "GET":
        return False
    dest = exchange.header("Sec-Fetch-Dest")
    if dest is not None:
        return dest == "document"
    accept = exchange.header("Accept") or ""
    return accept.startswith("text/html") and exchange.header("Upgrade-Insecure-Requests") == "1"


GC_THRESHOLD = 20_000
"""Allocations between collections of the youngest generation while scanning (Python's default: 700)."""


def quiet_collector() -> None:
    """Make the cyclic garbage collector cheaper for a scan (64 MB HAR: 7% of the CPU in collections, now 3-4%).

    A scan allocates millions of short-lived, acyclic objects (fields, detections, tuples), and every
    700 allocations woke the collector, whose older generations then walked the long-lived memos and
    attribution data again and again (1,361 collections in that scan, 41 now). The youngest
    generation is collected every :data:`GC_THRESHOLD` allocations instead; cycles are still
    collected, a little later. Called by every Scanner: the processes that scan are the ones that
    allocate. (``gc.freeze()`` gained nothing more measurable.)
    """
    youngest, older, oldest = gc.get_threshold()
    gc.set_threshold(max(youngest, GC_THRESHOLD), older, oldest)


class Scanner:
    """Runs the pipeline over captures with one configuration, engine, detector set and attributor."""

    def __init__(self, config: ScanConfig, attributor: Attributor | None = None) -> None:
        self.config = config
        self.engine = Engine(config.limits, config.keys)
        self.detectors = DetectorSet(config.canaries)
        self.attributor = attributor if attributor is not None else Attributor.load(config.user_data_dir)
        quiet_collector()


    def start(
        self, capture: str, mode: str = "normal", label: str | None = None, first_party: Iterable[str] = (),
        format: str = "unknown",
    ) -> CaptureScan:
        """Begin scanning one capture whose exchanges will be fed one by one (files and live proxies)."""
        return CaptureScan(self, capture, format, mode, label or Path(capture).stem, first_party)

    def scan_capture(
        self, path: Path, mode: str = "normal", label: str | None = None,
        progress: Callable[[int], None] | None = None, first_party: Iterable[str] = (),
        shard: Shard | None = None,
    ) -> CaptureResult:
        """Scan one capture; a capture that cannot be read yields an error, never an exception.

        ``first_party`` names hosts of the app or site itself (their registrable domains are first party).
        ``shard``: analyse only the exchanges it deals to this process (the others only update the state).
        """
        label = label or path.stem
        try:
            capture = open_capture(path, self.config.keylog)
        except CaptureError as exc:
            info = CaptureInfo(path=str(path), format="unknown", exchanges=0, mode=mode, label=label)
            return CaptureResult(info, errors=[ReportError(str(path), str(exc))])
        scan = self.start(str(path), mode, label, first_party, capture.format)
        exchanges = capture.exchanges()
        dealt = ((e, True) for e in exchanges) if shard is None else shard.deal(exchanges, scan)
        try:
            for exchange, mine in dealt:
                scan.scan_exchange(exchange, mine)
                if progress is not None:
                    progress(len(exchange.body) + len(exchange.url))
        except CaptureError as exc:
            scan.result.errors.append(ReportError(str(path), str(exc)))
        scan.result.errors.extend(ReportError(str(path), problem, "notice") for problem in capture.problems)
        return scan.finish()


class CaptureScan:
    """One capture in progress: its state (pages visited so far), findings and de-duplication sets."""

    def __init__(
        self, scanner: Scanner, capture: str, format: str, mode: str, label: str, first_party: Iterable[str],
    ) -> None:
        self.scanner = scanner
        self.state = CaptureState(first_party_domains={registrable_domain(h) for h in first_party})
        self.result = CaptureResult(CaptureInfo(capture, format, 0, mode, label))
        self._limit_kinds: dict[str, int] = {}
        self._count = self._limits_hit = self._encrypted = 0

    def finish(self) -> CaptureResult:
        """The capture's result, with its counts filled in."""
        result = self.result
        info = result.info
        result.info = CaptureInfo(
            info.path, info.format, self._count, info.mode, info.label, self._limits_hit, self._encrypted
        )
        result.errors.extend(limits_not_listed(info.path, self._limit_kinds))
        result.findings.freeze()
        result.sightings.freeze()
        return result

    @property
    def limit_kinds(self) -> dict[str, int]:
        """Limit hits so far per kind of limit, in the order of each kind's first hit."""
        return dict(self._limit_kinds)

    def scan_exchange(self, exchange: Exchange, analyse: bool = True) -> list[Finding]:
        """Scan one exchange; returns its new findings (repeats of earlier findings are not repeated).

        ``analyse=False`` only counts it and updates the capture state (another process analyses it).
        """
        self._count += 1
        if exchange.encrypted:
            self._encrypted += 1
            return []
        domain = registrable_domain(exchange.host)
        if is_navigation(exchange):
            self.state.visited_urls.add(exchange.url)
            self.state.first_party_domains.add(domain)
            return []
        if not analyse or domain in self.state.first_party_domains:
            return []
        scanner = self.scanner
        peeled = scanner.engine.peel(exchange)
        ctx = DetectContext(exchange=exchange, capture=self.state, third_party=True)
        detections = scanner.detectors.detect(peeled.fields, ctx)
        attribution = scanner.attributor.attribute(exchange, peeled.fields) if detections else None
        new: list[Finding] = []
        add = self.result.findings.add_new
        for det, fld in _deepest(detections):
            finding = add(
                (exchange.host, det.kind, det.value, fld.path),
                partial(_finding, exchange, det, fld, attribution or Attribution()),
            )
            if finding is not None:
                new.append(finding)
        self._collect_sightings(peeled.fields, ctx)
        for line in peeled.limits_hit:
            self._limit_error(exchange, line)
        self._limits_hit += 1 if peeled.limits_hit else 0
        return new

    def _limit_error(self, exchange: Exchange, line: str) -> None:
        """One error per limit hit, up to :data:`LIMIT_ERRORS_KEPT` per kind of limit; the rest counted."""
        what = line.split(" at ", 1)[0]
        n = self._limit_kinds[what] = self._limit_kinds.get(what, 0) + 1
        if n <= LIMIT_ERRORS_KEPT:
            self.result.errors.append(ReportError(exchange.capture, f"exchange {exchange.index}: {line}", "limit"))

    @staticmethod
    def limit_kind(error: ReportError) -> str:
        """The kind of limit of an error listed by :meth:`_limit_error` (the inverse of its message)."""
        return error.message.split(": ", 1)[-1].split(" at ", 1)[0]

    def _collect_sightings(self, fields: Iterable[Field], ctx: DetectContext) -> None:
        info = self.result.info
        add = self.result.sightings.add_new
        for fld in fields:
            for value, key in self.scanner.detectors.candidates(fld, ctx):
                sighting = Sighting(value, key, ctx.exchange.host, info.label, info.mode)
                add(sighting, partial(_same, sighting))


def limits_not_listed(capture: str, kinds: dict[str, int]) -> list[ReportError]:
    """One error per kind of limit hit more than :data:`LIMIT_ERRORS_KEPT` times, counting the rest."""
    return [
        ReportError(
            capture, f"{n - LIMIT_ERRORS_KEPT} more limit hit(s) of the same kind ({what}) "
            f"after the {LIMIT_ERRORS_KEPT} listed", "limit",
        )
        for what, n in kinds.items() if n > LIMIT_ERRORS_KEPT
    ]


def _same(sighting: Sighting) -> Sighting:
    return sighting


def _deepest(pairs: list[tuple[Detection, Field]]) -> list[tuple[Detection, Field]]:
    """Keep, per (kind, value), only detections not on an ancestor of another's decode path.

    A value found both in a decoded document and in one of its leaves is reported at the leaf.
    """
    by_value: dict[tuple[str, str], list[tuple[Detection, Field]]] = {}
    for det, fld in pairs:
        by_value.setdefault((det.kind, det.value), []).append((det, fld))
    kept = []
    for group in by_value.values():
        if len(group) == 1:
            kept.append(group[0])
            continue
        paths = [fld.path for _, fld in group]
        for det, fld in group:
            path = fld.path
            n = len(path)
            if not any(len(p) > n and p[:n] == path for p in paths):
                kept.append((det, fld))
    return kept


def _finding(exchange: Exchange, det: Detection, fld: Field, attribution: Attribution) -> Finding:
    # Positional, in Finding's field order (kind, value, canary, hashed, capture, exchange, time,
    # method, url, host, party, org, sdk, category, attribution_reason, path, key, detector,
    # confidence, severity, why): one is built per finding, keywords cost a third more.
    return Finding(
        det.kind, det.value, det.canary, det.hashed, exchange.capture, exchange.index, exchange.time,
        exchange.method, exchange.url, exchange.host, "third", attribution.org, attribution.sdk,
        attribution.category, attribution.reason, list(fld.path), fld.key, det.detector,
        round(det.confidence, 3), det.severity, det.why,
    )
