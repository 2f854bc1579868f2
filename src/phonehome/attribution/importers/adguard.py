"""AdGuard companiesdb (the WhoTracks.Me database converted, plus AdGuard's additions).

Format (``dist/trackers.json`` + ``dist/companies.json`` of AdguardTeam/companiesdb):
``{"categories": {id: name}, "trackers": {id: {name, categoryId, url, companyId}},
"trackerDomains": {domain: trackerId}}`` and ``{"companies": {id: {name, websiteUrl, description}}}``.
Import the trackers file; companies.json is read from beside it (or give the directory).
Licence: CC BY-SA 4.0. The same converter builds the bundled copy (see attribution/build.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from phonehome.attribution import categories
from phonehome.attribution.importers.common import Converted, bad, load_json, text

FORMAT = "adguard"
NAME = "AdGuard companiesdb"
LICENCE = "CC BY-SA 4.0"
URL = "https://github.com/AdguardTeam/companiesdb"
ATTRIBUTION = ("Tracker and company data © AdGuard companiesdb contributors and WhoTracks.Me (Ghostery), "
               "CC BY-SA 4.0")
EXPECTED = ('AdGuard companiesdb trackers.json ({"trackers": {...}, "trackerDomains": {...}}) '
            "with companies.json beside it, or the directory holding both")
COMPANIES_EXPECTED = 'companiesdb companies.json ({"companies": {...}})'


def locate(path: Path) -> tuple[Path, Path | None]:
    """The trackers file and the companies file for a given file or directory."""
    if path.is_dir():
        for trackers in (path / "trackers.json", path / "dist" / "trackers.json"):
            if trackers.exists():
                path = trackers
                break
        else:
            raise bad(path, EXPECTED, "directory without trackers.json")
    companies = path.with_name("companies.json")
    return path, companies if companies.exists() else None


def convert(path: Path) -> Converted:
    """Convert a companiesdb trackers.json (and companies.json beside it)."""
    trackers_path, companies_path = locate(path)
    doc = load_json(trackers_path, EXPECTED)
    if not isinstance(doc, dict) or not isinstance(doc.get("trackers"), dict) \
            or not isinstance(doc.get("trackerDomains"), dict):
        raise bad(trackers_path, EXPECTED, "no 'trackers' and 'trackerDomains' objects")
    companies: dict[str, Any] = {}
    if companies_path is not None:
        cdoc = load_json(companies_path, COMPANIES_EXPECTED)
        if not isinstance(cdoc, dict) or not isinstance(cdoc.get("companies"), dict):
            raise bad(companies_path, COMPANIES_EXPECTED, "no 'companies' object")
        companies = cdoc["companies"]
    found = doc.get("categories")
    names: dict[str, Any] = found if isinstance(found, dict) else {}
    domains: dict[str, list[str]] = {}
    for domain, tracker_id in doc["trackerDomains"].items():
        if isinstance(domain, str) and isinstance(tracker_id, str):
            domains.setdefault(tracker_id, []).append(domain)
    out = Converted({"id": "adguard-companiesdb", "name": NAME, "licence": LICENCE, "url": URL,
                     "attribution": ATTRIBUTION, "updated": text(doc.get("timeUpdated"))})
    for tracker_id in sorted(domains):
        tracker = doc["trackers"].get(tracker_id)
        if not isinstance(tracker, dict):
            continue
        out.entries.append(_entry(tracker_id, tracker, sorted(domains[tracker_id]), companies, names))
    return out


def _entry(tracker_id: str, tracker: dict[str, Any], domains: list[str], companies: dict[str, Any],
           category_names: dict[str, Any]) -> dict[str, Any]:
    name = text(tracker.get("name")) or tracker_id
    company = companies.get(tracker.get("companyId") or "")
    org = text(company.get("name")) if isinstance(company, dict) else None
    category_name = category_names.get(str(tracker.get("categoryId")))
    names = [category_name] if isinstance(category_name, str) else []
    category = categories.map_category(categories.ADGUARD, names)
    return {
        "domains": domains,
        "org": org or name,
        "sdk": name if org and name.casefold() != org.casefold() and not _looks_like_domain(name) else None,
        "category": category,
        "source": f"companiesdb tracker {tracker_id}",
    }


def _looks_like_domain(name: str) -> bool:
    """Tracker names that are just a domain (``1822direkt.de``) say nothing a product name would."""
    return "." in name and " " not in name
