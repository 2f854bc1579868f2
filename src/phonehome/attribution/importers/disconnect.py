"""Disconnect tracking-protection list (``services.json``).

Format (disconnectme/disconnect-tracking-protection): ``{"license": "…", "categories": {"Advertising":
[{"Org name": {"https://org.example/": ["domain", …], "performance": "true"}}, …], "Analytics": …}}``.
Each service maps its homepage URL to its domains; extra string-valued keys are flags.
Licence: CC BY-NC-SA 4.0 (non-commercial), which is why phonehome does not bundle it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from phonehome.attribution import categories
from phonehome.attribution.importers.common import Converted, bad, load_json, text

FORMAT = "disconnect"
NAME = "Disconnect tracking protection"
LICENCE = "CC BY-NC-SA 4.0"
URL = "https://github.com/disconnectme/disconnect-tracking-protection"
EXPECTED = 'Disconnect services.json ({"categories": {"Advertising": [{"Org": {"https://…": ["domain"]}}]}})'
_LAST = ("content", "disconnect")


def convert(path: Path) -> Converted:
    """Convert a Disconnect services.json."""
    doc = load_json(path, EXPECTED)
    cats = doc.get("categories") if isinstance(doc, dict) else None
    if not isinstance(cats, dict):
        raise bad(path, EXPECTED, "no 'categories' object")
    out = Converted({"name": NAME, "licence": LICENCE, "url": URL,
                     "attribution": "Disconnect, Inc. tracking protection list, CC BY-NC-SA 4.0"})
    seen: set[str] = set()
    order = sorted(cats, key=lambda c: (str(c).lower() in _LAST, str(c).lower() == "disconnect"))
    for category_name in order:
        services = cats[category_name]
        if not isinstance(services, list):
            raise bad(path, EXPECTED, f"category {category_name!r} is not a list of services")
        category = categories.map_category(categories.DISCONNECT, [str(category_name)])
        for service in services:
            if isinstance(service, dict):
                out.entries.extend(_entries(service, category, seen))
    return out


def _entries(service: dict[str, Any], category: str | None, seen: set[str]) -> list[dict[str, Any]]:
    found = []
    for org, props in service.items():
        if not isinstance(props, dict):
            continue
        for homepage, domains in props.items():
            if not isinstance(domains, list):
                continue
            fresh = [d for d in domains if isinstance(d, str) and d.lower() not in seen]
            seen.update(d.lower() for d in fresh)
            if fresh:
                found.append({"domains": fresh, "org": text(org), "category": category,
                              "source": text(homepage)})
    return found
