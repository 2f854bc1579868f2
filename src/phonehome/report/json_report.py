"""The JSON report: the Report dataclass serialised, written atomically."""

from __future__ import annotations

import dataclasses
import os
import tempfile
from pathlib import Path
from typing import Any

import orjson

from phonehome.errors import ConfigError, PhonehomeError
from phonehome.model import (
    CaptureInfo,
    Finding,
    Identifier,
    Report,
    ReportError,
    Verdict,
)
from phonehome.report.schema import SCHEMA_VERSION


def report_to_dict(report: Report) -> dict[str, Any]:
    """The report as plain JSON-ready data."""
    return dataclasses.asdict(report)


def report_to_json(report: Report) -> bytes:
    """The report as indented UTF-8 JSON."""
    return orjson.dumps(report, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename: never a half-written file."""
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise ConfigError(f"{path}: directory {directory} does not exist; create it or choose another path")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            reason = exc.strerror or str(exc)
            raise ConfigError(f"{path}: cannot write the report ({reason}); free space or choose another path") from exc
        raise


def load_report(path: Path) -> Report:
    """Read a saved JSON report back (for ``phonehome report``); upgrades older versions."""
    try:
        data = orjson.loads(Path(path).read_bytes())
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: report not found; check the path") from exc
    except (OSError, orjson.JSONDecodeError) as exc:
        raise ConfigError(f"{path}: not a JSON report ({exc}); give a report written by --json") from exc
    if not isinstance(data, dict) or "version" not in data:
        raise ConfigError(f"{path}: not a phonehome report (no 'version'); give a report written by --json")
    if data["version"] != SCHEMA_VERSION:
        raise ConfigError(
            f"{path}: report schema version {data['version']} is not supported by this phonehome "
            f"(supports {SCHEMA_VERSION}); re-run the scan"
        )
    try:
        return Report(
            version=data["version"],
            tool=data.get("tool", ""),
            captures=[CaptureInfo(**c) for c in data.get("captures", [])],
            findings=[Finding(**f) for f in data.get("findings", [])],
            identifiers=[Identifier(**i) for i in data.get("identifiers", [])],
            verdicts=[Verdict(**v) for v in data.get("verdicts", [])],
            errors=[ReportError(**e) for e in data.get("errors", [])],
            detectors_used=list(data.get("detectors_used", [])),
            decoders_used=list(data.get("decoders_used", [])),
        )
    except TypeError as exc:
        raise PhonehomeError(f"{path}: report does not match schema version 1 ({exc})") from exc
