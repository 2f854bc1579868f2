"""Scan a set of sessions and reduce the per-capture results into one Report."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from phonehome import __version__
from phonehome.config import ScanConfig
from phonehome.decoders import decoder_names
from phonehome.detectors import DETECTOR_IDS
from phonehome.model import Report
from phonehome.pipeline import CaptureResult, Scanner
from phonehome.report.schema import SCHEMA_VERSION
from phonehome.study.linkability import SessionFacts, linkable_identifiers
from phonehome.study.sessions import Session
from phonehome.study.verdicts import verdicts


def scan_sessions(
    sessions: Sequence[Session], config: ScanConfig,
    progress: Callable[[str, int], None] | None = None,
) -> Report:
    """Scan every session (each with its own planted values) and build the report."""
    scanners: dict[tuple[object, ...], Scanner] = {}
    results: list[CaptureResult] = []
    for session in sessions:
        cfg = replace(config, canaries=config.canaries + session.canaries)
        key = tuple(cfg.canaries)
        if key not in scanners:
            attributor = next(iter(scanners.values())).attributor if scanners else None
            scanners[key] = Scanner(cfg, attributor)
        tick = (lambda n, label=session.label: progress(label, n)) if progress else None
        results.append(scanners[key].scan_capture(session.capture, session.mode, session.label, tick))
    return reduce_results(results, sessions)


def reduce_results(results: Sequence[CaptureResult], sessions: Sequence[Session]) -> Report:
    """The study-level reduce: concatenate findings, then verdicts and linkability."""
    report = Report(version=SCHEMA_VERSION, tool=f"phonehome {__version__}")
    for result in results:
        report.captures.append(result.info)
        report.findings.extend(result.findings)
        report.errors.extend(result.errors)
    facts = {s.label: SessionFacts(s.device, s.install) for s in sessions}
    report.identifiers = linkable_identifiers([s for r in results for s in r.sightings], facts)
    report.verdicts = verdicts(report.captures, report.findings)
    report.detectors_used = list(DETECTOR_IDS)
    report.decoders_used = decoder_names()
    return report
