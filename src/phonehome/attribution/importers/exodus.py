r"""Exodus Privacy trackers (the ``/api/trackers`` JSON).

Format: ``{"trackers": {"<id>": {"id", "name", "website", "code_signature", "network_signature",
"categories": ["Advertisement", "Analytics", …]}}}`` (a list of trackers is accepted too).
``network_signature`` is a regular expression over host names, alternatives joined by ``|``
(``app-measurement\.com|firebase\.io``); plain domains become suffix entries, the rest stay
patterns. Exodus names SDKs, not their companies, so entries carry an SDK and no organisation.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from phonehome.attribution import categories
from phonehome.attribution.database import normalise_domain
from phonehome.attribution.importers.common import Converted, bad, load_json, text
from phonehome.errors import ConfigError

FORMAT = "exodus"
NAME = "Exodus Privacy trackers"
LICENCE = None
URL = "https://reports.exodus-privacy.eu.org/en/trackers/"
EXPECTED = ('the Exodus Privacy trackers JSON ({"trackers": {"1": {"name", "network_signature", '
            '"code_signature", "categories"}}})')
_PLAIN = re.compile(r"^[a-z0-9_-]+(\.[a-z0-9_-]+)+$")


def convert(path: Path) -> Converted:
    """Convert an Exodus Privacy trackers file."""
    doc = load_json(path, EXPECTED)
    trackers = doc.get("trackers") if isinstance(doc, dict) else doc
    if isinstance(trackers, dict):
        items = list(trackers.values())
    elif isinstance(trackers, list):
        items = trackers
    else:
        raise bad(path, EXPECTED, "no 'trackers' object or list")
    out = Converted({"name": NAME, "licence": LICENCE, "url": URL,
                     "attribution": "Exodus Privacy tracker signatures"})
    for item in items:
        if not isinstance(item, dict) or not text(item.get("name")):
            raise bad(path, EXPECTED, "a tracker without a name")
        domains, patterns = split_signature(str(item.get("network_signature") or ""), path)
        if not domains and not patterns:
            continue
        out.entries.append({
            "domains": domains, "patterns": patterns, "sdk": text(item.get("name")),
            "category": categories.map_category(categories.EXODUS, _names(item.get("categories"))),
            "source": text(item.get("website")) or f"exodus tracker {item.get('id')}",
        })
    return out


def split_signature(signature: str, path: Path) -> tuple[list[str], list[str]]:
    """Split a network signature into plain domains and remaining regular expressions."""
    domains: list[str] = []
    patterns: list[str] = []
    for alternative in (a.strip() for a in signature.split("|")):
        if not alternative:
            continue
        plain = alternative.lstrip("^").removeprefix(".*").removeprefix("\\.").removeprefix(".")
        plain = plain.removesuffix("$").replace("\\.", ".").lower()
        domain = normalise_domain(plain) if _PLAIN.match(plain) else None
        if domain:
            domains.append(domain)
            continue
        try:
            re.compile(alternative)
        except re.error as exc:
            raise ConfigError(f"{path}: bad network_signature {alternative!r} ({exc}); expected {EXPECTED}") from exc
        patterns.append(alternative)
    return domains, patterns


def _names(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
