"""DuckDuckGo Tracker Radar: entity files, the combined entity map, or the tracker data set.

Accepted shapes (duckduckgo/tracker-radar and the privacy extensions' data):

- one entity file ``{"name": "Google LLC", "displayName": "Google", "properties": [domains]}``;
- a directory of them (``entities/``, or the repository root; ``domains/**`` files
  ``{"domain", "owner": {"name", "displayName"}, "categories"}`` are read too and win for their domain);
- ``entity_map.json``: ``{"Google LLC": {"properties": [...], "resources": [...]}}``;
- ``tds.json``: ``{"trackers": {domain: {owner, categories}}, "entities": {name: {domains,
  displayName}}}``.

Licence: CC BY-NC-SA 4.0 (non-commercial), which is why phonehome does not bundle it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from phonehome.attribution import categories
from phonehome.attribution.importers.common import Converted, bad, load_json, text

FORMAT = "tracker-radar"
NAME = "DuckDuckGo Tracker Radar"
LICENCE = "CC BY-NC-SA 4.0"
URL = "https://github.com/duckduckgo/tracker-radar"
EXPECTED = ('a Tracker Radar entity file ({"name", "displayName", "properties": [...]}), a directory of them, '
            'entity_map.json ({"Entity": {"properties": [...]}}) or tds.json ({"trackers", "entities"})')
_MAX_FILES = 100_000


def convert(path: Path) -> Converted:
    """Convert Tracker Radar data from a file or a directory."""
    out = Converted({"name": NAME, "licence": LICENCE, "url": URL,
                     "attribution": "DuckDuckGo Tracker Radar, CC BY-NC-SA 4.0"})
    if path.is_dir():
        _directory(path, out)
        return out
    doc = load_json(path, EXPECTED)
    if _is_entity(doc):
        out.entries.append(_entity_entry(doc))
    elif _is_domain_file(doc):
        out.entries.append(_domain_entry(doc))
    elif isinstance(doc, dict) and isinstance(doc.get("entities"), dict):
        _tds(doc, out)
    elif isinstance(doc, dict) and doc and all(isinstance(v, dict) for v in doc.values()):
        for name, item in doc.items():
            domains = _list(item.get("properties")) + _list(item.get("resources"))
            if domains:
                out.entries.append({"domains": domains, "org": text(item.get("displayName")) or name,
                                    "source": f"entity {name}"})
    else:
        raise bad(path, EXPECTED, "none of the Tracker Radar shapes")
    return out


def _directory(path: Path, out: Converted) -> None:
    files = sorted(p for p in path.rglob("*.json") if p.is_file())
    if len(files) > _MAX_FILES:
        raise bad(path, EXPECTED, f"{len(files)} JSON files, more than {_MAX_FILES}")
    entities, domains = [], []
    for file in files:
        doc = load_json(file, EXPECTED)
        if _is_domain_file(doc):
            domains.append(_domain_entry(doc))
        elif _is_entity(doc):
            entities.append(_entity_entry(doc))
    if not entities and not domains:
        raise bad(path, EXPECTED, "a directory without entity or domain files")
    seen: set[str] = set()
    for entry in domains:
        if entry["domains"][0] not in seen:
            seen.add(entry["domains"][0])
            out.entries.append(entry)
    out.entries.extend(entities)


def _is_entity(doc: Any) -> bool:
    return isinstance(doc, dict) and isinstance(doc.get("name"), str) and isinstance(doc.get("properties"), list)


def _is_domain_file(doc: Any) -> bool:
    return isinstance(doc, dict) and isinstance(doc.get("domain"), str) and isinstance(doc.get("owner"), dict)


def _entity_entry(doc: dict[str, Any]) -> dict[str, Any]:
    return {"domains": _list(doc.get("properties")), "org": text(doc.get("displayName")) or text(doc.get("name")),
            "source": f"entity {doc['name']}"}


def _domain_entry(doc: dict[str, Any]) -> dict[str, Any]:
    owner = doc["owner"]
    return {"domains": [doc["domain"]], "org": text(owner.get("displayName")) or text(owner.get("name")),
            "category": categories.map_category(categories.TRACKER_RADAR, _list(doc.get("categories"))),
            "source": f"domain {doc['domain']}"}


def _tds(doc: dict[str, Any], out: Converted) -> None:
    trackers = doc.get("trackers") if isinstance(doc.get("trackers"), dict) else {}
    for domain, tracker in sorted((trackers or {}).items()):
        if isinstance(tracker, dict) and isinstance(tracker.get("owner"), dict):
            out.entries.append(_domain_entry({**tracker, "domain": domain}))
    for name, entity in sorted(doc["entities"].items()):
        if isinstance(entity, dict) and _list(entity.get("domains")):
            out.entries.append({"domains": _list(entity.get("domains")),
                                "org": text(entity.get("displayName")) or name, "source": f"entity {name}"})


def _list(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
