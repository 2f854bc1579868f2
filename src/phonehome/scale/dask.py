"""Run the per-capture map on a dask.distributed cluster (``--dask ADDRESS``)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from phonehome.config import ScanConfig
from phonehome.errors import ConfigError
from phonehome.pipeline import CaptureResult
from phonehome.scale.worker import scan_one
from phonehome.study.sessions import Session


def map_dask(
    sessions: Sequence[Session], config: ScanConfig, address: str,
) -> Iterator[tuple[Session, CaptureResult]]:
    """Yield (session, result) as the cluster finishes captures: one capture per task.

    Large captures are not split here (``--workers`` splits them: :mod:`phonehome.scale.shards`);
    a cluster is for many captures.

    Capture paths must be readable by the workers (a shared filesystem). Results travel back
    pickled: a capture's findings beyond a few thousand as its compressed findings file (workers
    may not share the client's disk), so the client briefly holds that compressed file in memory
    (about a tenth of the JSON report's size) before writing it to its own temporary folder.
    """
    try:
        from distributed import Client, as_completed
    except ImportError as exc:
        raise ConfigError("--dask needs dask.distributed: pip install 'phonehome[scale]'") from exc
    try:
        client = Client(address, timeout="20s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise ConfigError(f"--dask {address}: cannot reach the scheduler ({exc}); check the address") from exc
    with client:
        futures = client.map(scan_one, list(sessions), config=config, pure=False)
        owner = {f.key: s for f, s in zip(futures, sessions, strict=True)}
        for future in as_completed(futures):
            yield owner[future.key], future.result()
