"""The JSON report: the Report dataclass serialised, written atomically."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import orjson

from phonehome.errors import ConfigError, PhonehomeError
from phonehome.findings_log import findings_log
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


_OPTIONS = orjson.OPT_INDENT_2
_CHUNK = 1 << 20


def report_to_json(report: Report) -> bytes:
    """The report as indented UTF-8 JSON (in memory: for small reports; files use :func:`report_chunks`)."""
    return b"".join(report_chunks(report))


def report_chunks(report: Report) -> Iterator[bytes]:
    """The report as indented UTF-8 JSON, in pieces of about a megabyte, findings one at a time.

    Byte for byte what ``orjson.dumps(report, option=OPT_INDENT_2 | OPT_APPEND_NEWLINE)`` writes,
    without ever holding every finding: orjson writes structural newlines only (never one inside a
    string), so each piece is indented to its depth by prefixing its lines.
    """
    names = [f.name for f in dataclasses.fields(Report)]
    yield b"{\n"
    for n, name in enumerate(names):
        value = getattr(report, name)
        yield b'  "' + name.encode("ascii") + b'": '
        if name == "findings":
            yield from _array(value)
        else:
            yield orjson.dumps(value, option=_OPTIONS).replace(b"\n", b"\n  ")
        yield b",\n" if n + 1 < len(names) else b"\n"
    yield b"}\n"


def _array(items: Sequence[Any]) -> Iterator[bytes]:
    """A JSON array at depth 1 of the report, its items at depth 2."""
    if not len(items):
        yield b"[]"
        return
    parts = [b"[\n    "]
    size = 0
    first = True
    for item in items:
        if not first:
            parts.append(b",\n    ")
        first = False
        text = orjson.dumps(item, option=_OPTIONS).replace(b"\n", b"\n    ")
        parts.append(text)
        size += len(text)
        if size >= _CHUNK:
            yield b"".join(parts)
            parts, size = [], 0
    parts.append(b"\n  ]")
    yield b"".join(parts)


def load_report(path: Path) -> Report:
    """Read a saved JSON report back (for ``phonehome report``); upgrades older versions.

    The file is parsed in memory (its findings then go to a disk-backed log for the renderers):
    reading a report of millions of findings needs memory in proportion to the file.
    """
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
            findings=findings_log(Finding(**f) for f in data.pop("findings", None) or []).freeze(),
            identifiers=[Identifier(**i) for i in data.get("identifiers", [])],
            verdicts=[Verdict(**v) for v in data.get("verdicts", [])],
            errors=[ReportError(**e) for e in data.get("errors", [])],
            detectors_used=list(data.get("detectors_used", [])),
            decoders_used=list(data.get("decoders_used", [])),
        )
    except TypeError as exc:
        raise PhonehomeError(f"{path}: report does not match schema version 1 ({exc})") from exc
