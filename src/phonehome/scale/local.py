"""Run the per-capture map in a local process pool (``--workers N``), splitting large captures.

Captures are tasks; when there are fewer captures than workers, or one capture is much larger than
the rest, a capture above :data:`SPLIT_BYTES` is split into parts (:mod:`phonehome.scale.shards`)
so that every worker has a share of the work, and its parts are merged back into the result a
one-process scan gives. Tasks are submitted largest first.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any

from phonehome.config import ScanConfig
from phonehome.pipeline import CaptureResult
from phonehome.scale.shards import BLOCK, PartResult, merge_parts, seen_timeline, unchecked
from phonehome.scale.worker import scan_one, scan_one_local, scan_part_local
from phonehome.study.sessions import Session

SPLIT_BYTES = 16 << 20
"""Captures smaller than this are never split (starting a worker costs about a second)."""


def _size(session: Session) -> int:
    try:
        return session.capture.stat().st_size
    except OSError:
        return 0


def plan(sessions: Sequence[Session], workers: int, split_bytes: int = SPLIT_BYTES) -> list[int]:
    """Parts per session: a capture above ``split_bytes`` gets about its share of ``workers`` by size."""
    sizes = [_size(s) for s in sessions]
    share = sum(sizes) / max(workers, 1)
    return [
        max(1, min(workers, round(size / share))) if size >= split_bytes and share > 0 else 1
        for size in sizes
    ]


def map_local(
    sessions: Sequence[Session], config: ScanConfig, workers: int,
    split_bytes: int = SPLIT_BYTES, block: int = BLOCK,
) -> Iterator[tuple[Session, CaptureResult]]:
    """Yield (session, result) as captures finish, in ``workers`` processes, large captures in parts."""
    counts = plan(sessions, workers, split_bytes)
    if workers <= 1 or sum(counts) <= 1:
        for session in sessions:
            yield session, scan_one(session, config)
        return
    tasks: list[tuple[float, int, int, int]] = []  # (work, session index, part, parts)
    for i, (session, count) in enumerate(zip(sessions, counts, strict=True)):
        tasks.extend((_size(session) / count, i, k, count) for k in range(count))
    tasks.sort(key=lambda t: -t[0])  # largest first: the small ones fill in at the end
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(workers, len(tasks)), mp_context=context) as pool:
        pending: dict[Future[Any], int] = {}
        for _, i, k, count in tasks:
            session = sessions[i]
            future = (
                pool.submit(scan_one_local, session, config) if count == 1
                else pool.submit(scan_part_local, session, config, k, count, block)
            )
            pending[future] = i
        parts: dict[int, dict[int, PartResult]] = {}  # session index -> its parts by number
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                i, got = pending.pop(future), future.result()
                if isinstance(got, CaptureResult):
                    yield sessions[i], got
                    continue
                held = parts.setdefault(i, {})
                if got.number < 0:  # the second round of a capture
                    yield sessions[i], merge_parts(list(parts.pop(i).values()), got)
                    continue
                held[got.number] = got
                if len(held) < got.count:
                    continue
                first = [held[k] for k in range(got.count)]  # the first round is complete: check it
                timeline = seen_timeline(first)
                redo = unchecked(first, timeline)
                if redo:
                    pending[pool.submit(scan_part_local, sessions[i], config, -1, got.count, block, timeline, redo)] = i
                else:
                    yield sessions[i], merge_parts(list(parts.pop(i).values()))


def splits(sessions: Sequence[Session], workers: int, split_bytes: int = SPLIT_BYTES) -> bool:
    """Whether :func:`map_local` would run more than one task (else scanning here is as fast)."""
    return workers > 1 and sum(plan(sessions, workers, split_bytes)) > 1


Mapper = Callable[[Sequence[Session], ScanConfig], Iterator[tuple[Session, CaptureResult]]]
