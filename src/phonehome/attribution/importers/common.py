"""What every importer shares: reading the user's file and saying clearly what was expected."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from phonehome.errors import ConfigError


@dataclass
class Converted:
    """A public list converted to phonehome's attribution format, before it is stored."""

    meta: dict[str, str | None]
    """Source metadata: id, name, licence, url, attribution."""
    entries: list[dict[str, Any]] = field(default_factory=list)
    """Entries: domains (and patterns), org, sdk, category, source."""


def load_json(path: Path, expected: str) -> Any:
    """Parse ``path`` as JSON; ConfigError naming the file and the expected format otherwise."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: file not found; expected {expected}") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read it ({exc}); expected {expected}") from exc
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise ConfigError(f"{path}: not valid JSON ({exc}); expected {expected}") from exc


def bad(path: Path, expected: str, found: str) -> ConfigError:
    """The error for a file in the wrong shape."""
    return ConfigError(f"{path}: {found}; expected {expected}")


def text(value: Any) -> str | None:
    """A stripped non-empty string, else None."""
    return value.strip() if isinstance(value, str) and value.strip() else None
