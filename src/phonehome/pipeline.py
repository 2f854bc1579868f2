"""The per-capture map: Exchange → decoded Fields → Detections → Findings (+ identifier candidates).

Per-exchange work is pure given the capture state, which only grows (pages visited so far);
that is what lets streaming, process pools and Dask run the same code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from phonehome.attribution import Attributor
from phonehome.config import ScanConfig
from phonehome.decoders.engine import Engine
from phonehome.detectors import build_detectors
from phonehome.detectors.base import CaptureState, DetectContext, Detector
from phonehome.detectors.identifiers import identifier_candidates
from phonehome.domains import registrable_domain
from phonehome.errors import CaptureError
from phonehome.model import Attribution, CaptureInfo, Detection, Exchange, Field, Finding, ReportError, Sighting
from phonehome.readers import open_capture


@dataclass
class CaptureResult:
    """Everything one capture contributes to a report."""

    info: CaptureInfo
    """Capture metadata."""
    findings: list[Finding] = field(default_factory=list)
    """Findings, in exchange order."""
    sightings: list[Sighting] = field(default_factory=list)
    """Identifier candidates for the study reduce."""
    errors: list[ReportError] = field(default_factory=list)
    """Problems met."""


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


class Scanner:
    """Runs the pipeline over captures with one configuration, engine, detector set and attributor."""

    def __init__(self, config: ScanConfig, attributor: Attributor | None = None) -> None:
        self.config = config
        self.engine = Engine(config.limits, config.keys)
        self.detectors: list[Detector] = build_detectors(config.canaries)
        self.attributor = attributor if attributor is not None else Attributor.load(config.user_data_dir)

    def scan_capture(
        self, path: Path, mode: str = "normal", label: str | None = None,
        progress: Callable[[int], None] | None = None, first_party: Iterable[str] = (),
    ) -> CaptureResult:
        """Scan one capture; a capture that cannot be read yields an error, never an exception.

        ``first_party`` names hosts of the app or site itself (their registrable domains are first party).
        """
        label = label or path.stem
        try:
            capture = open_capture(path)
        except CaptureError as exc:
            info = CaptureInfo(path=str(path), format="unknown", exchanges=0, mode=mode, label=label)
            return CaptureResult(info, errors=[ReportError(str(path), str(exc))])
        state = CaptureState(first_party_domains={registrable_domain(h) for h in first_party})
        result = CaptureResult(CaptureInfo(str(path), capture.format, 0, mode, label))
        seen: set[tuple[str, str, str, tuple[str, ...]]] = set()
        sightings: set[Sighting] = set()
        count = limits_hit = 0
        try:
            for exchange in capture.exchanges():
                count += 1
                limits_hit += self._scan_exchange(exchange, state, result, seen, sightings, label, mode)
                if progress is not None:
                    progress(len(exchange.body) + len(exchange.url))
        except CaptureError as exc:
            result.errors.append(ReportError(str(path), str(exc)))
        result.errors.extend(ReportError(str(path), problem, "notice") for problem in capture.problems)
        result.info = CaptureInfo(str(path), capture.format, count, mode, label, limits_hit)
        return result

    def _scan_exchange(
        self, exchange: Exchange, state: CaptureState, result: CaptureResult,
        seen: set[tuple[str, str, str, tuple[str, ...]]], sightings: set[Sighting], label: str, mode: str,
    ) -> int:
        domain = registrable_domain(exchange.host)
        if is_navigation(exchange):
            state.visited_urls.add(exchange.url)
            state.first_party_domains.add(domain)
            return 0
        if domain in state.first_party_domains:
            return 0
        peeled = self.engine.peel(exchange)
        ctx = DetectContext(exchange=exchange, capture=state, third_party=True)
        detections = list(self._detect(peeled.fields, ctx))
        attribution = self.attributor.attribute(exchange, peeled.fields) if detections else None
        for det, fld in _deepest(detections):
            identity = (exchange.host, det.kind, det.value, fld.path)
            if identity in seen:
                continue
            seen.add(identity)
            result.findings.append(_finding(exchange, det, fld, attribution or Attribution()))
        for fld in peeled.fields:
            for value, key in identifier_candidates(fld, ctx):
                sighting = Sighting(value, key, exchange.host, label, mode)
                if sighting not in sightings:
                    sightings.add(sighting)
                    result.sightings.append(sighting)
        for line in peeled.limits_hit:
            result.errors.append(ReportError(exchange.capture, f"exchange {exchange.index}: {line}", "limit"))
        return 1 if peeled.limits_hit else 0

    def _detect(self, fields: Iterable[Field], ctx: DetectContext) -> Iterable[tuple[Detection, Field]]:
        for fld in fields:
            for detector in self.detectors:
                for det in detector.detect(fld, ctx):
                    yield det, fld


def _deepest(pairs: list[tuple[Detection, Field]]) -> list[tuple[Detection, Field]]:
    """Keep, per (kind, value), only detections not on an ancestor of another's decode path.

    A value found both in a decoded document and in one of its leaves is reported at the leaf.
    """
    by_value: dict[tuple[str, str], list[tuple[Detection, Field]]] = {}
    for det, fld in pairs:
        by_value.setdefault((det.kind, det.value), []).append((det, fld))
    kept = []
    for group in by_value.values():
        paths = [fld.path for _, fld in group]
        for det, fld in group:
            n = len(fld.path)
            if not any(len(p) > n and p[:n] == fld.path for p in paths):
                kept.append((det, fld))
    return kept


def _finding(exchange: Exchange, det: Detection, fld: Field, attribution: Attribution) -> Finding:
    return Finding(
        kind=det.kind,
        value=det.value,
        canary=det.canary,
        hashed=det.hashed,
        capture=exchange.capture,
        exchange=exchange.index,
        time=exchange.time,
        method=exchange.method,
        url=exchange.url,
        host=exchange.host,
        party="third",
        org=attribution.org,
        sdk=attribution.sdk,
        category=attribution.category,
        attribution_reason=attribution.reason,
        path=list(fld.path),
        key=fld.key,
        detector=det.detector,
        confidence=round(det.confidence, 3),
        severity=det.severity,
        why=det.why,
    )
