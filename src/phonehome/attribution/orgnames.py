"""Organisation names as people know them: "Meta", not "Meta Platforms, Inc.".

Public lists name companies by their legal names; reports should use the names a reader recognises.
The aliases are data (``data/org-names.json``); legal-form suffixes are stripped by rule.
"""

from __future__ import annotations

import re
from pathlib import Path

import orjson

from phonehome.errors import ConfigError

_LEGAL_SUFFIX = re.compile(
    r"(,?\s+(inc\.?|incorporated|llc|l\.l\.c\.|ltd\.?|limited|gmbh|corporation|corp\.?|s\.a\.|sas|s\.a\.s\.|"
    r"ag|b\.v\.|bv|co\.,?\s*ltd\.?|pty\.?\s*ltd\.?|plc|oy|ab|a/s|s\.r\.l\.|srl|s\.p\.a\.|k\.k\.|nv|n\.v\.))+$",
    re.IGNORECASE,
)


class OrgNames:
    """Maps an organisation name from any source to the name shown in reports."""

    def __init__(self, aliases: dict[str, str]) -> None:
        self._aliases = {k.casefold(): v for k, v in aliases.items()}
        self._cache: dict[str, str] = {}

    @classmethod
    def load(cls, path: Path) -> OrgNames:
        """Read ``{"aliases": {"Legal or old name": "Known name"}}``."""
        try:
            doc = orjson.loads(path.read_bytes())
        except (OSError, orjson.JSONDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read organisation names ({exc}); reinstall phonehome") from exc
        aliases = doc.get("aliases") if isinstance(doc, dict) else None
        if not isinstance(aliases, dict):
            raise ConfigError(f'{path}: expected {{"aliases": {{"name": "known name"}}}}')
        return cls({str(k): str(v) for k, v in aliases.items()})

    def known(self, name: str) -> str:
        """The name people know for ``name`` (alias, else the name without its legal form)."""
        cached = self._cache.get(name)
        if cached is not None:
            return cached
        result = self._aliases.get(name.casefold())
        if result is None:
            stripped = _LEGAL_SUFFIX.sub("", name.strip()).strip(" ,") or name.strip()
            result = self._aliases.get(stripped.casefold(), stripped)
        self._cache[name] = result
        return result
