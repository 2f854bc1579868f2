"""Scale-out runs the same per-capture map: process pool, Dask cluster, Parquet + DuckDB, resume."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from phonehome.config import ScanConfig
from phonehome.model import Canary, Report
from phonehome.run import Execution, scan_sessions
from phonehome.study.sessions import Session

CANARIES = (Canary("imei", "355584139012714"), Canary("email", "tomas.lindqvist27@mailbox.test"))


def sessions_in(folder: Path) -> list[Session]:
    return [Session(p, p.stem) for p in sorted(folder.glob("*.har"))]


def keyset(report: Report) -> set[tuple[str, str, str, str, tuple[str, ...]]]:
    return {(Path(f.capture).name, f.host, f.kind, f.value, tuple(f.path)) for f in report.findings}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory, shared_corpus: Path) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    for name in ("app-posthog-py.har", "browser-news-b-1-normal.har", "app-sensors-py.har"):
        shutil.copy(shared_corpus / name, out / name)
    return out


@pytest.fixture(scope="module")
def local_report(folder: Path) -> Report:
    return scan_sessions(sessions_in(folder), ScanConfig(canaries=CANARIES))


def test_process_pool_gives_the_same_findings(folder: Path, local_report: Report) -> None:
    pooled = scan_sessions(sessions_in(folder), ScanConfig(canaries=CANARIES), execution=Execution(workers=2))
    assert keyset(local_report)
    assert keyset(pooled) == keyset(local_report)


def test_dask_local_cluster_gives_the_same_findings(folder: Path, local_report: Report) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, host="127.0.0.1") as cluster:
        report = scan_sessions(sessions_in(folder), ScanConfig(canaries=CANARIES),
                               execution=Execution(dask=cluster.scheduler_address))
    assert keyset(report) == keyset(local_report)


def test_parquet_dataset_query_and_resume(folder: Path, local_report: Report, tmp_path: Path) -> None:
    from phonehome.scale.parquet import ParquetDataset, capture_key, query

    out = tmp_path / "ds"
    first = scan_sessions(sessions_in(folder), ScanConfig(canaries=CANARIES), execution=Execution(parquet=out))
    assert keyset(first) == keyset(local_report)
    columns, rows = query(out, "SELECT kind, count(*) AS n FROM findings GROUP BY kind ORDER BY kind")
    assert columns == ["kind", "n"]
    assert sum(n for _, n in rows) == len(local_report.findings)
    # Resume: mark every capture done and make the files unreadable as captures; nothing is rescanned.
    dataset = ParquetDataset(out)
    assert all(dataset.done(s.capture) for s in sessions_in(folder))
    marker = out / "captures" / f"{capture_key(sessions_in(folder)[0].capture)}.parquet"
    assert marker.exists()
    again = scan_sessions(sessions_in(folder), ScanConfig(canaries=CANARIES), execution=Execution(parquet=out))
    assert keyset(again) == keyset(local_report)


def test_failed_capture_is_reported_and_skipped(folder: Path, tmp_path: Path) -> None:
    bad_folder = tmp_path / "mixed"
    shutil.copytree(folder, bad_folder)
    (bad_folder / "zz-broken.har").write_bytes(b"{\"log\": {\"entries\": [ {")
    report = scan_sessions(sessions_in(bad_folder), ScanConfig(canaries=CANARIES), execution=Execution(workers=2))
    assert any("zz-broken.har" in e.message for e in report.errors)
    assert len(report.captures) == 4 and report.findings
