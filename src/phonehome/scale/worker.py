"""The per-capture map as a picklable function, for process pools and Dask workers alike."""

from __future__ import annotations

from collections.abc import Sequence

from phonehome.config import ScanConfig
from phonehome.pipeline import CaptureResult, Scanner
from phonehome.scale.shards import BLOCK, PartResult, Timeline, scan_part
from phonehome.study.sessions import Session

# One Scanner per worker process and configuration: building the detectors' automaton and
# loading attribution data once per process, not once per capture. Keyed by the config itself,
# so a different configuration never reuses another's scanner.
_SCANNERS: dict[ScanConfig, Scanner] = {}


def _scanner(session: Session, config: ScanConfig) -> Scanner:
    """The scanner of this process for ``config`` plus the session's own planted values."""
    from dataclasses import replace

    cfg = replace(config, canaries=config.canaries + session.canaries)
    scanner = _SCANNERS.get(cfg)
    if scanner is None:
        scanner = _SCANNERS[cfg] = Scanner(cfg)
    return scanner


def scan_one(session: Session, config: ScanConfig) -> CaptureResult:
    """Scan one session's capture with ``config`` plus the session's own planted values."""
    return _scanner(session, config).scan_capture(
        session.capture, session.mode, session.label, first_party=session.first_party
    )


def scan_one_local(session: Session, config: ScanConfig) -> CaptureResult:
    """:func:`scan_one` for a process pool on this machine: findings cross as a file path, not pickled rows."""
    return scan_one(session, config).hand_over()


def scan_part_local(
    session: Session, config: ScanConfig, number: int, count: int, block: int = BLOCK,
    timeline: Timeline | None = None, only: Sequence[int] = (),
) -> PartResult:
    """Part ``number`` of ``count`` of one capture (:mod:`phonehome.scale.shards`), for a local process pool."""
    return scan_part(_scanner(session, config), session, number, count, block, timeline, only).hand_over()
