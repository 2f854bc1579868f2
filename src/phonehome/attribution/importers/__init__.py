"""Importers for public tracker lists the user brings, under those lists' own licences.

Each module converts one public format into phonehome's attribution format; ``import_list`` stores
the result in the user's data directory, where every later scan loads it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import orjson

from phonehome.attribution.database import SourceInfo, dump_source, parse_source
from phonehome.attribution.importers import adguard, disconnect, exodus, tracker_radar
from phonehome.attribution.importers.common import Converted
from phonehome.attribution.userdata import store_import
from phonehome.errors import ConfigError

IMPORTERS: dict[str, ModuleType] = {
    disconnect.FORMAT: disconnect,
    tracker_radar.FORMAT: tracker_radar,
    adguard.FORMAT: adguard,
    exodus.FORMAT: exodus,
}
"""Format name → importer module (each has FORMAT, NAME, LICENCE, URL and convert(path))."""


def convert(fmt: str, path: Path) -> Converted:
    """Convert ``path`` from the public format ``fmt``; ConfigError for an unknown format or bad file."""
    module = IMPORTERS.get(fmt)
    if module is None:
        raise ConfigError(f"unknown list format {fmt!r}; expected one of: {', '.join(sorted(IMPORTERS))}")
    converted: Converted = module.convert(path)
    if not converted.entries:
        raise ConfigError(f"{path}: no domains found; expected {module.EXPECTED}")
    return converted


def import_list(fmt: str, path: Path, data_dir: Path | None) -> tuple[Path, SourceInfo]:
    """Convert and store a list; returns where it was stored and what it holds."""
    converted = convert(fmt, path)
    meta = dict(converted.meta)
    meta["id"] = fmt
    meta["imported_from"] = str(path.resolve())
    meta["imported_at"] = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    content = dump_source(meta, converted.entries)
    info = parse_source(orjson.loads(content), str(path), 0).info
    target = store_import(data_dir, fmt, content)
    return target, info
