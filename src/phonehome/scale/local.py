"""Run the per-capture map in a local process pool (``--workers N``)."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed

from phonehome.config import ScanConfig
from phonehome.pipeline import CaptureResult
from phonehome.scale.worker import scan_one, scan_one_local
from phonehome.study.sessions import Session


def map_local(
    sessions: Sequence[Session], config: ScanConfig, workers: int,
) -> Iterator[tuple[Session, CaptureResult]]:
    """Yield (session, result) as captures finish; one capture per task, ``workers`` processes."""
    if workers <= 1 or len(sessions) <= 1:
        for session in sessions:
            yield session, scan_one(session, config)
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {pool.submit(scan_one_local, session, config): session for session in sessions}
        for future in as_completed(futures):
            yield futures[future], future.result()


Mapper = Callable[[Sequence[Session], ScanConfig], Iterator[tuple[Session, CaptureResult]]]
