"""A study: several captures, each with a label, a mode, and optionally device, install and canaries."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from phonehome.config import load_canaries_file
from phonehome.errors import ConfigError
from phonehome.model import MODES, Canary


@dataclass(frozen=True)
class Session:
    """One capture in a study."""

    capture: Path
    """Capture file."""
    label: str
    """Name shown in reports."""
    mode: str = "normal"
    """normal, private or opted-out."""
    device: str | None = None
    """Device or browser profile the session ran on (distinct devices reveal SDK constants)."""
    install: int | None = None
    """Install number on that device: a new number means the app was reinstalled."""
    canaries: tuple[Canary, ...] = ()
    """Values planted in this session."""
    first_party: tuple[str, ...] = ()
    """Hosts of the app or site itself: requests there are not leaks (browsers' page loads are found alone)."""


@dataclass(frozen=True)
class Study:
    """Sessions compared together."""

    name: str
    """Study name."""
    sessions: tuple[Session, ...] = field(default_factory=tuple)
    """Its sessions, in order."""


def load_study(path: Path) -> Study:
    """Read a TOML study manifest (see README: ``[study]`` then ``[[session]]`` tables)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: study manifest not found; check the path") from exc
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: not a valid TOML study manifest ({exc}); fix the file") from exc
    raw_sessions = data.get("session") or data.get("sessions")
    if not isinstance(raw_sessions, list) or not raw_sessions:
        raise ConfigError(f"{path}: no [[session]] tables; each session needs at least 'capture'")
    raw_meta = data.get("study")
    study_meta: dict[str, object] = raw_meta if isinstance(raw_meta, dict) else {}
    shared = _canaries(study_meta.get("canaries"), path, "study")
    hosts = _hosts(study_meta.get("first_party"), path, "study")
    sessions = tuple(_session(item, number, path, shared, hosts) for number, item in enumerate(raw_sessions))
    return Study(name=str(study_meta.get("name") or path.stem), sessions=sessions)


def _session(
    item: object, number: int, path: Path, shared: tuple[Canary, ...], hosts: tuple[str, ...],
) -> Session:
    if not isinstance(item, dict) or not isinstance(item.get("capture"), str):
        raise ConfigError(f"{path}: session {number} needs a 'capture' path")
    capture = (path.parent / item["capture"]).resolve() if not Path(item["capture"]).is_absolute() \
        else Path(item["capture"])
    mode = str(item.get("mode", "normal"))
    if mode == "incognito":
        mode = "private"
    if mode not in MODES:
        raise ConfigError(f"{path}: session {number} mode {mode!r}; use one of {', '.join(MODES)}")
    install = item.get("install")
    if install is not None and not isinstance(install, int):
        raise ConfigError(f"{path}: session {number} install must be an integer")
    canaries = shared + _canaries(item.get("canaries"), path, f"session {number}")
    if isinstance(item.get("canaries_file"), str):
        canaries += tuple(load_canaries_file(path.parent / item["canaries_file"]))
    return Session(
        capture=capture,
        label=str(item.get("label") or capture.stem),
        mode=mode,
        device=str(item["device"]) if item.get("device") is not None else None,
        install=install,
        canaries=canaries,
        first_party=hosts + _hosts(item.get("first_party"), path, f"session {number}"),
    )


def _hosts(raw: object, path: Path, where: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(h, str) for h in raw):
        raise ConfigError(f"{path}: {where} first_party must be a list of host names")
    return tuple(h.lower() for h in raw)


def _canaries(raw: object, path: Path, where: str) -> tuple[Canary, ...]:
    if raw is None:
        return ()
    if isinstance(raw, dict):
        raw = [{"kind": k, "value": v} for k, v in raw.items()]
    if not isinstance(raw, list):
        raise ConfigError(f"{path}: {where} canaries must be a list of {{kind, value}} tables")
    out = []
    for item in raw:
        if not isinstance(item, dict) or not item.get("kind") or not item.get("value"):
            raise ConfigError(f"{path}: {where}: each canary needs 'kind' and 'value'")
        out.append(Canary(str(item["kind"]), str(item["value"]), str(item["name"]) if item.get("name") else None))
    return tuple(out)
