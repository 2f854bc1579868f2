"""Scan a set of sessions (in process, in a process pool, or on Dask) and reduce into one Report."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from phonehome import __version__
from phonehome.config import ScanConfig
from phonehome.decoders import decoder_names
from phonehome.detectors import DETECTOR_IDS
from phonehome.findings_log import Chain
from phonehome.model import Report
from phonehome.pipeline import CaptureResult
from phonehome.report.schema import SCHEMA_VERSION
from phonehome.study.linkability import SessionFacts, linkable_identifiers_in
from phonehome.study.sessions import Session
from phonehome.study.verdicts import verdicts

Progress = Callable[[str, int], None]
"""Called with a session label and a count of requests (or captures) just finished."""


@dataclass(frozen=True)
class Execution:
    """How to run the per-capture map."""

    workers: int = 1
    """Local worker processes (1: in this process, with per-request progress); large captures are split."""
    dask: str | None = None
    """Address of a dask.distributed scheduler; overrides workers."""
    parquet: Path | None = None
    """Write results to this Parquet dataset and skip captures already there (resume)."""
    split_bytes: int | None = None
    """With workers: split captures from this size on (None: ``scale.local.SPLIT_BYTES``)."""
    block: int | None = None
    """With workers: exchanges per block dealt to a part of a split capture (None: ``scale.shards.BLOCK``)."""


def scan_sessions(
    sessions: Sequence[Session], config: ScanConfig, progress: Progress | None = None,
    execution: Execution | None = None,
) -> Report:
    """Scan every session (each with its own planted values) and build the report."""
    execution = execution or Execution()
    dataset = None
    if execution.parquet is not None:
        from phonehome.scale.parquet import ParquetDataset

        dataset = ParquetDataset(execution.parquet)
    done = [s for s in sessions if dataset is not None and dataset.done(s.capture)]
    todo = [s for s in sessions if s not in done]
    results: dict[Session, CaptureResult] = {}
    for session in done:
        assert dataset is not None
        results[session] = dataset.read(session.capture)
    for session, result in _map(todo, config, execution, progress):
        results[session] = result
        if dataset is not None:
            dataset.write(session.capture, result)
        if progress is not None and execution.workers > 1:
            progress(session.label, 1)
    return reduce_results([results[s] for s in sessions], sessions)


def _map(
    sessions: Sequence[Session], config: ScanConfig, execution: Execution, progress: Progress | None,
) -> Iterator[tuple[Session, CaptureResult]]:
    if execution.dask:
        from phonehome.scale.dask import map_dask

        yield from map_dask(sessions, config, execution.dask)
    elif execution.workers > 1:
        from phonehome.scale.local import SPLIT_BYTES, map_local, splits
        from phonehome.scale.shards import BLOCK

        split = SPLIT_BYTES if execution.split_bytes is None else execution.split_bytes
        if splits(sessions, execution.workers, split):
            yield from map_local(sessions, config, execution.workers, split, execution.block or BLOCK)
        else:
            yield from _map_here(sessions, config, progress)
    else:
        yield from _map_here(sessions, config, progress)


def _map_here(
    sessions: Sequence[Session], config: ScanConfig, progress: Progress | None,
) -> Iterator[tuple[Session, CaptureResult]]:
    from dataclasses import replace

    from phonehome.pipeline import Scanner

    scanners: dict[ScanConfig, Scanner] = {}
    for session in sessions:
        cfg = replace(config, canaries=config.canaries + session.canaries)
        if cfg not in scanners:
            shared = next(iter(scanners.values())).attributor if scanners else None
            scanners[cfg] = Scanner(cfg, shared)
        tick = (lambda n, label=session.label: progress(label, n)) if progress else None
        yield session, scanners[cfg].scan_capture(
            session.capture, session.mode, session.label, tick, session.first_party
        )


def reduce_results(results: Sequence[CaptureResult], sessions: Sequence[Session]) -> Report:
    """The study-level reduce: chain the captures' findings (no copy), then verdicts and linkability."""
    report = Report(version=SCHEMA_VERSION, tool=f"phonehome {__version__}")
    for result in results:
        report.captures.append(result.info)
        report.errors.extend(result.errors)
    report.findings = Chain(r.findings for r in results)
    facts = {s.label: SessionFacts(s.device, s.install) for s in sessions}
    report.identifiers = linkable_identifiers_in([r.sightings for r in results], facts)
    report.verdicts = verdicts(report.captures, report.findings)
    report.detectors_used = list(DETECTOR_IDS)
    report.decoders_used = decoder_names()
    return report
