"""Parquet dataset output (schema derived from the dataclasses), resumable, queried with DuckDB.

Layout of ``OUT/``: ``findings/``, ``sightings/``, ``captures/`` and ``errors/`` folders with one
Parquet file per capture, named by a hash of the capture's path, size and mtime; a capture whose
files are all there is not scanned again (resume).
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import os
import types
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints

from phonehome.errors import ConfigError
from phonehome.findings_log import findings_log, sightings_log
from phonehome.model import CaptureInfo, Finding, ReportError, Sighting
from phonehome.pipeline import CaptureResult

BATCH = 10_000
"""Rows per Parquet row group (and per read batch)."""
TABLES: dict[str, type] = {
    "findings": Finding, "sightings": Sighting, "errors": ReportError, "captures": CaptureInfo,
}


def _pa() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as exc:
        raise ConfigError("--parquet needs pyarrow: pip install 'phonehome[scale]'") from exc
    return pyarrow


def arrow_schema(cls: type) -> Any:
    """The Arrow schema of a dataclass: one column per field, nullable where the type is Optional."""
    pa = _pa()
    hints = get_type_hints(cls)
    return pa.schema([_arrow_field(pa, f.name, hints[f.name]) for f in dataclasses.fields(cls)])


def _arrow_field(pa: Any, name: str, tp: Any) -> Any:
    nullable = False
    if get_origin(tp) in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        nullable = len(args) < len(get_args(tp))
        tp = args[0]
    return pa.field(name, _arrow_type(pa, tp), nullable=nullable)


def _arrow_type(pa: Any, tp: Any) -> Any:
    if get_origin(tp) is list:
        return pa.list_(_arrow_type(pa, get_args(tp)[0]))
    simple = {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_()}
    if tp in simple:
        return simple[tp]
    return pa.string()  # Literal[...] and other enumerations are stored as text


def capture_key(path: Path) -> str:
    """Stable name of a capture's result files: its path, size and modification time."""
    try:
        stat = path.stat()
        sig = f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    except OSError:
        sig = str(path)
    return hashlib.sha256(sig.encode()).hexdigest()[:24]


class ParquetDataset:
    """Writes per-capture results to ``root`` and knows which captures are already done."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.pa = _pa()
        try:
            for table in TABLES:
                (root / table).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigError(f"--parquet {root}: cannot create the dataset folder ({exc.strerror})") from exc

    def done(self, capture: Path) -> bool:
        """True when this capture's results are complete in the dataset (resume skips it)."""
        return (self.root / "captures" / f"{capture_key(capture)}.parquet").exists()

    def write(self, capture: Path, result: CaptureResult) -> None:
        """Write one capture's rows; the captures row goes last, so an interrupted write is redone."""
        key = capture_key(capture)
        rows: dict[str, Iterable[Any]] = {
            "findings": result.findings, "sightings": result.sightings, "errors": result.errors,
        }
        for table, items in rows.items():
            self._write(table, key, items)
        self._write("captures", key, [result.info])

    def _write(self, table: str, key: str, items: Iterable[Any]) -> None:
        """One table file, written in row groups of :data:`BATCH` rows: memory stays flat."""
        pa = self.pa
        schema = arrow_schema(TABLES[table])
        names = schema.names
        final = self.root / table / f"{key}.parquet"
        tmp = final.with_suffix(".parquet.tmp")
        with pa.parquet.ParquetWriter(str(tmp), schema) as writer:
            rows = iter(items)
            while batch := list(itertools.islice(rows, BATCH)):
                columns = {name: [getattr(item, name) for item in batch] for name in names}
                writer.write_table(pa.Table.from_pydict(columns, schema=schema))
        os.replace(tmp, final)

    def read(self, capture: Path) -> CaptureResult:
        """Load a finished capture's result back (for the study reduce on resume), batch by batch."""
        key = capture_key(capture)
        info = CaptureInfo(**self._rows("captures", key).__next__())
        return CaptureResult(
            info,
            findings=findings_log(Finding(**r) for r in self._rows("findings", key)).freeze(),
            sightings=sightings_log(Sighting(**r) for r in self._rows("sightings", key)).freeze(),
            errors=[ReportError(**r) for r in self._rows("errors", key)],
        )

    def _rows(self, table: str, key: str) -> Iterator[dict[str, Any]]:
        source = self.pa.parquet.ParquetFile(self.root / table / f"{key}.parquet")
        for batch in source.iter_batches(batch_size=BATCH):
            yield from batch.to_pylist()


def query(root: Path, sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run ``sql`` with DuckDB over the dataset; tables: findings, sightings, errors, captures."""
    try:
        import duckdb
    except ImportError as exc:
        raise ConfigError("phonehome query needs duckdb: pip install 'phonehome[scale]'") from exc
    if not (root / "captures").is_dir():
        raise ConfigError(f"{root}: not a phonehome Parquet dataset (no captures/ folder); write one with --parquet")
    con = duckdb.connect()
    for table in TABLES:
        files = sorted((root / table).glob("*.parquet"))
        if files:
            listing = ", ".join("'" + str(f).replace("'", "''") + "'" for f in files)
            con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet([{listing}])")
        else:
            names = ", ".join(f"NULL AS {f.name}" for f in dataclasses.fields(TABLES[table]))
            con.execute(f"CREATE VIEW {table} AS SELECT {names} WHERE false")
    try:
        cursor = con.execute(sql)
    except duckdb.Error as exc:
        raise ConfigError(f"query failed: {str(exc).splitlines()[0]}") from exc
    columns = [d[0] for d in cursor.description or []]
    return columns, cursor.fetchall()
