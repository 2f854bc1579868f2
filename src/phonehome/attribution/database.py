"""Domain → organisation, product and category, from data files (bundled and imported).

Every source (the project's curated list, the bundled AdGuard companiesdb, each list the user
imported) is one JSON document in the same shape::

    {"format": "phonehome-attribution", "version": 1,
     "meta": {"id", "name", "licence", "url", "attribution", "imported_from", "imported_at"},
     "entries": [{"domains": [...], "patterns": [...], "org", "sdk", "category", "source"}]}

``domains`` match the host and all its subdomains; ``patterns`` are regular expressions searched in
the host (only Exodus network signatures need them). A lookup walks the host's suffixes from the
longest: the most specific domain wins; between sources, a tie goes to the higher-priority source
(curated, then the user's imports, then the bundled AdGuard list). Patterns are tried last.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from phonehome.errors import ConfigError

FORMAT = "phonehome-attribution"
VERSION = 1
_DOMAIN_RE = re.compile(r"^[a-z0-9_-]+(\.[a-z0-9_-]+)+$")


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """Where a set of entries comes from, under which licence, and how to credit it."""

    id: str
    """Stable id (curated, adguard-companiesdb, disconnect, tracker-radar, …)."""
    name: str
    """Name shown to users."""
    licence: str | None = None
    """Licence of the data."""
    url: str | None = None
    """Where the data is published."""
    attribution: str | None = None
    """Credit line the licence asks for."""
    origin: str = ""
    """File it was loaded from."""
    imported_from: str | None = None
    """For user imports: the file the user imported."""
    imported_at: str | None = None
    """For user imports: when (ISO 8601, UTC)."""
    licence_file: str | None = None
    """Full licence text shipped beside the data, if any."""
    priority: int = 0
    """Lower wins when two sources have an entry for the same domain."""
    entries: int = 0
    """Number of entries."""
    domains: int = 0
    """Number of domains and patterns covered."""


@dataclass(frozen=True, slots=True)
class Entry:
    """What one source says about a set of domains."""

    org: str | None
    """Organisation operating the domains."""
    sdk: str | None
    """Product or SDK behind them, when the source names one."""
    category: str | None
    """Category from phonehome's vocabulary (see categories.py)."""
    source: str | None
    """Per-entry evidence: a public documentation URL or "vendor documentation"."""
    origin: SourceInfo
    """The data source the entry belongs to."""


@dataclass(frozen=True, slots=True)
class DomainMatch:
    """A host matched to an entry."""

    matched: str
    """The domain (or pattern) that matched."""
    entry: Entry
    """The entry."""

    def describe(self) -> str:
        """One line for a finding's reason: what matched, what it says, and the source."""
        who = self.entry.org or self.entry.sdk or "?"
        if self.entry.sdk and self.entry.sdk != who:
            who = f"{who} / {self.entry.sdk}"
        where = self.entry.origin.name
        if self.entry.source and self.entry.source != where:
            where = f"{where}: {self.entry.source}"
        category = f", {self.entry.category}" if self.entry.category else ""
        return f"domain {self.matched} → {who}{category} ({where})"


@dataclass(slots=True)
class SourceData:
    """One source as read from disk: its metadata and raw entries."""

    info: SourceInfo
    """Metadata."""
    entries: list[tuple[Entry, tuple[str, ...], tuple[str, ...]]] = field(default_factory=list)
    """(entry, domains, patterns)."""


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def normalise_domain(raw: str) -> str | None:
    """Lower-case a domain written in a list (``*.x.com``, ``.x.com``, ``x.com.``); None when not one."""
    domain = raw.strip().lower().strip(".")
    if domain.startswith("*."):
        domain = domain[2:]
    if "://" in domain:
        domain = domain.split("://", 1)[1].split("/", 1)[0]
    if not domain or "*" in domain or not _DOMAIN_RE.match(domain):
        return None
    return domain


def read_source(path: Path, priority: int, rename: Callable[[str], str] | None = None) -> SourceData:
    """Read one attribution data file; ConfigError naming the file when it is not in the format."""
    try:
        doc = orjson.loads(path.read_bytes())
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: attribution data file not found") from exc
    except (OSError, orjson.JSONDecodeError) as exc:
        raise ConfigError(
            f"{path}: not a readable attribution data file ({exc}); re-import it or delete it"
        ) from exc
    return parse_source(doc, str(path), priority, rename)


def parse_source(
    doc: Any, origin: str, priority: int, rename: Callable[[str], str] | None = None
) -> SourceData:
    """Build a SourceData from a parsed document; ConfigError when it is not in the format."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or not isinstance(doc.get("entries"), list):
        raise ConfigError(
            f'{origin}: expected a phonehome attribution file ({{"format": "{FORMAT}", "entries": [...]}}); '
            "re-import the list with `phonehome data import`"
        )
    if doc.get("version") != VERSION:
        raise ConfigError(f"{origin}: attribution file version {doc.get('version')!r}, expected {VERSION}")
    found = doc.get("meta")
    meta: dict[str, Any] = found if isinstance(found, dict) else {}
    info = SourceInfo(
        id=_text(meta.get("id")) or Path(origin).stem,
        name=_text(meta.get("name")) or Path(origin).stem,
        licence=_text(meta.get("licence")),
        url=_text(meta.get("url")),
        attribution=_text(meta.get("attribution")),
        origin=origin,
        imported_from=_text(meta.get("imported_from")),
        imported_at=_text(meta.get("imported_at")),
        licence_file=_licence_file(origin, _text(meta.get("licence_file"))),
        priority=priority,
    )
    raw_entries: list[tuple[dict[str, Any], tuple[str, ...], tuple[str, ...]]] = []
    for number, item in enumerate(doc["entries"]):
        if not isinstance(item, dict):
            raise ConfigError(f"{origin}: entry {number} is not an object")
        domains = tuple(d for d in (normalise_domain(x) for x in _strings(item.get("domains"))) if d)
        patterns = tuple(_strings(item.get("patterns")))
        if domains or patterns:
            raw_entries.append((item, domains, patterns))
    covered = sum(len(d) + len(p) for _, d, p in raw_entries)
    info = _with_counts(info, len(raw_entries), covered)
    data = SourceData(info)
    for item, domains, patterns in raw_entries:
        org = _text(item.get("org"))
        entry = Entry(
            org=(rename(org) if rename else org) if org else None,
            sdk=_text(item.get("sdk")),
            category=_text(item.get("category")),
            source=_text(item.get("source")),
            origin=info,
        )
        data.entries.append((entry, domains, patterns))
    return data


def _with_counts(info: SourceInfo, entries: int, domains: int) -> SourceInfo:
    return dataclasses.replace(info, entries=entries, domains=domains)


def _licence_file(origin: str, name: str | None) -> str | None:
    if not name or "/" in name or "\\" in name:
        return None
    return str(Path(origin).with_name(name))


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        yield from (v for v in value if isinstance(v, str))


def dump_source(meta: Mapping[str, str | None], entries: Iterable[Mapping[str, Any]]) -> bytes:
    """Serialise a source in the attribution file format (stable order, one entry per line)."""
    clean_meta = {k: v for k, v in meta.items() if v is not None}
    lines = [orjson.dumps({k: v for k, v in e.items() if v not in (None, [], "")}).decode() for e in entries]
    head = orjson.dumps({"format": FORMAT, "version": VERSION, "meta": clean_meta}).decode()[:-1]
    body = ",\n  ".join(lines)
    return f'{head},\n "entries": [\n  {body}\n ]\n}}\n'.encode()


class DomainDatabase:
    """All sources merged into one suffix table (+ patterns), queried by host."""

    def __init__(self, sources: Iterable[SourceData]) -> None:
        self.sources: list[SourceInfo] = []
        self._domains: dict[str, Entry] = {}
        self._patterns: list[tuple[re.Pattern[str], str, Entry]] = []
        for data in sorted(sources, key=lambda s: s.info.priority):
            self.sources.append(data.info)
            for entry, domains, patterns in data.entries:
                for domain in domains:
                    self._domains.setdefault(domain, entry)
                for pattern in patterns:
                    self._add_pattern(pattern, entry, data.info.origin)

    def _add_pattern(self, pattern: str, entry: Entry, origin: str) -> None:
        try:
            compiled = re.compile(pattern, re.IGNORECASE)
        except re.error as exc:
            raise ConfigError(f"{origin}: bad host pattern {pattern!r} ({exc}); re-import the list") from exc
        self._patterns.append((compiled, pattern, entry))

    def __len__(self) -> int:
        return len(self._domains) + len(self._patterns)

    def lookup(self, host: str) -> DomainMatch | None:
        """The entry for ``host``: the longest matching domain suffix, else the first matching pattern."""
        host = host.strip().strip(".").lower()
        if not host:
            return None
        if _is_ip(host):
            entry = self._domains.get(host)
            return DomainMatch(host, entry) if entry else None
        found: DomainMatch | None = None
        for candidate in _suffixes(host):
            entry = self._domains.get(candidate)
            if entry is None:
                continue
            if found is None:
                found = DomainMatch(candidate, entry)
                if entry.sdk and entry.category:
                    return found
            elif entry.org and found.entry.org and _same_org(entry.org, found.entry.org):
                return DomainMatch(found.matched, _fill(found.entry, entry))
        if found is not None:
            return found
        for compiled, pattern, entry in self._patterns:
            if compiled.search(host):
                return DomainMatch(pattern, entry)
        return None


def _suffixes(host: str) -> Iterator[str]:
    """``a.b.c`` → ``a.b.c``, ``b.c``, ``c``."""
    start = 0
    while True:
        yield host[start:] if start else host
        dot = host.find(".", start)
        if dot < 0:
            return
        start = dot + 1


def _same_org(a: str, b: str) -> bool:
    """One org however a source spells it: "Launch Darkly" (AdGuard) is "LaunchDarkly" (curated)."""
    return "".join(ch for ch in a.casefold() if ch.isalnum()) == "".join(ch for ch in b.casefold() if ch.isalnum())


def _fill(specific: Entry, general: Entry) -> Entry:
    """A specific entry that lacks product or category borrows them from the same org's broader entry."""
    return Entry(
        org=specific.org,
        sdk=specific.sdk or general.sdk,
        category=specific.category or general.category,
        source=specific.source,
        origin=specific.origin,
    )


def _is_ip(host: str) -> bool:
    if not (host[-1].isdigit() or ":" in host):
        return False
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True
