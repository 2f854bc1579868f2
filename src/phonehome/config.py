"""The explicit configuration object passed down the pipeline (no module-level globals)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from phonehome.decoders.base import Limits
from phonehome.errors import ConfigError
from phonehome.model import Canary


@dataclass(frozen=True)
class ScanConfig:
    """Everything a scan needs to know besides the captures themselves."""

    canaries: tuple[Canary, ...] = ()
    """Values the user planted."""
    keys: tuple[bytes, ...] = ()
    """AES keys for obfuscated payloads (--key HEX)."""
    limits: Limits = field(default_factory=Limits)
    """Decoding limits."""
    user_data_dir: Path | None = None
    """Where imported attribution data lives (None: the default user data directory)."""
    keylog: Path | None = None
    """TLS key log (SSLKEYLOGFILE format) for pcap/pcapng captures (--keylog)."""


def load_canaries_file(path: Path) -> list[Canary]:
    """Read ``{"canaries": [{"kind": ..., "value": ..., "name": ...}, ...]}``; ConfigError when malformed."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: canaries file not found; check the --canaries path") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{path}: canaries file is not valid JSON ({exc}); fix the file") from exc
    items = data.get("canaries") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise ConfigError(f'{path}: expected {{"canaries": [{{"kind": ..., "value": ...}}, ...]}}')
    out = []
    for number, item in enumerate(items):
        if not isinstance(item, dict) or not item.get("kind") or not item.get("value"):
            raise ConfigError(f"{path}: canary {number} needs a non-empty 'kind' and 'value'")
        name = item.get("name")
        out.append(Canary(kind=str(item["kind"]), value=str(item["value"]), name=str(name) if name else None))
    return out


def parse_canary_option(text: str) -> Canary:
    """Parse ``--canary KIND=VALUE``."""
    kind, sep, value = text.partition("=")
    if not sep or not kind.strip() or not value:
        raise ConfigError(f"--canary {text!r}: expected KIND=VALUE, e.g. --canary email=maria@mailbox.test")
    return Canary(kind=kind.strip(), value=value)


def parse_key_option(text: str) -> bytes:
    """Parse ``--key HEX`` (16, 24 or 32 bytes)."""
    try:
        key = bytes.fromhex(text.strip())
    except ValueError as exc:
        raise ConfigError(f"--key {text!r}: not hex; give the AES key as hex digits") from exc
    if len(key) not in (16, 24, 32):
        raise ConfigError(f"--key {text!r}: {len(key)} bytes; an AES key has 16, 24 or 32 bytes")
    return key
