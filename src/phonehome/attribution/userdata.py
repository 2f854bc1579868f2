"""Where imported attribution data lives, and how it is stored there.

The user's data directory is ``$PHONEHOME_DATA_DIR``, else ``$XDG_DATA_HOME/phonehome``, else
``~/.local/share/phonehome``; imported lists go to ``attribution/<format>.json`` inside it, one file
per format (importing again replaces the previous import of that format).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from phonehome.errors import ConfigError

SUBDIR = "attribution"


def default_data_dir() -> Path:
    """The user's phonehome data directory, from the environment."""
    explicit = os.environ.get("PHONEHOME_DATA_DIR")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    if xdg:
        return Path(xdg).expanduser() / "phonehome"
    return Path.home() / ".local" / "share" / "phonehome"


def imports_dir(data_dir: Path | None) -> Path:
    """The directory holding imported attribution lists."""
    return (data_dir if data_dir is not None else default_data_dir()) / SUBDIR


def imported_files(data_dir: Path | None) -> list[Path]:
    """Imported attribution files, in a stable order (missing directory: none)."""
    folder = imports_dir(data_dir)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.json") if p.is_file())


def store_import(data_dir: Path | None, name: str, content: bytes) -> Path:
    """Write one imported list atomically; ConfigError when the directory cannot be written."""
    folder = imports_dir(data_dir)
    target = folder / f"{name}.json"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.replace(tmp, target)
    except OSError as exc:
        raise ConfigError(
            f"{folder}: cannot store imported data ({exc}); set PHONEHOME_DATA_DIR to a writable directory"
        ) from exc
    return target
