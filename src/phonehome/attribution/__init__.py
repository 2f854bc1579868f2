"""Attribution: who receives the data sent to a host, and which SDK sent it.

Two kinds of evidence are combined:

- the host, through a domain database (the project's curated entries, the bundled AdGuard
  companiesdb, lists the user imported): organisation, product and category;
- the request's shape, through payload fingerprints (one module per SDK): the SDK and its vendor,
  whatever the host.

When both speak, the organisation is the endpoint's operator from the domain entry and the SDK is
the fingerprinted one (``sa.api.intl.miui.com`` → Xiaomi, through Sensors Analytics); for a host no
entry knows (a customer's own collector), the organisation is the SDK's vendor. The reason names
every piece of evidence and its source.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from phonehome.attribution.database import DomainDatabase, DomainMatch, SourceData, SourceInfo, read_source
from phonehome.attribution.fingerprints import DEFAULT_REGISTRY, Registry, RequestView, SdkMatch
from phonehome.attribution.orgnames import OrgNames
from phonehome.attribution.userdata import imported_files
from phonehome.model import Attribution, Exchange, Field

__all__ = ["Attributor", "BUNDLED_DIR", "combine"]

BUNDLED_DIR = Path(__file__).resolve().parent.parent / "data"
"""Where the bundled data files live."""
CURATED = "attribution-curated.json"
ADGUARD = "adguard-companiesdb.json"
ORG_NAMES = "org-names.json"
_PRIORITY_CURATED, _PRIORITY_IMPORTS, _PRIORITY_BUNDLED = 0, 10, 1000
_NOT_OPERATORS = frozenset({"hosting", "cdn"})
_MAX_CACHED_HOSTS = 200_000


class Attributor:
    """Names the organisation, SDK and category behind requests; load once per scan, pass it down."""

    def __init__(self, database: DomainDatabase, registry: Registry = DEFAULT_REGISTRY) -> None:
        self.database = database
        self.registry = registry
        self._hosts: dict[str, Attribution] = {}
        self._matches: dict[str, DomainMatch | None] = {}

    @classmethod
    def load(cls, user_data_dir: Path | None = None) -> Attributor:
        """Bundled data plus everything the user imported into ``user_data_dir`` (None: the default).

        Raises ConfigError naming the file when an imported file is unreadable.
        """
        names = OrgNames.load(BUNDLED_DIR / ORG_NAMES)
        sources: list[SourceData] = [read_source(BUNDLED_DIR / CURATED, _PRIORITY_CURATED, names.known)]
        for number, path in enumerate(imported_files(user_data_dir)):
            sources.append(read_source(path, _PRIORITY_IMPORTS + number, names.known))
        sources.append(read_source(BUNDLED_DIR / ADGUARD, _PRIORITY_BUNDLED, names.known))
        return cls(DomainDatabase(sources))

    @property
    def sources(self) -> list[SourceInfo]:
        """The data sources loaded, highest priority first."""
        return list(self.database.sources)

    def match_host(self, host: str) -> DomainMatch | None:
        """The domain entry for ``host`` (cached per host)."""
        try:
            return self._matches[host]
        except KeyError:
            pass
        if len(self._matches) >= _MAX_CACHED_HOSTS:
            self._matches.clear()
            self._hosts.clear()
        found = self._matches[host] = self.database.lookup(host)
        return found

    def attribute_host(self, host: str) -> Attribution:
        """Attribution from the host alone (for destinations that carried no payload)."""
        cached = self._hosts.get(host)
        if cached is None:
            cached = self._hosts[host] = combine(self.match_host(host), None)
        return cached

    def identify(self, exchange: Exchange, fields: Sequence[Field]) -> SdkMatch | None:
        """The SDK recognised from the request's shape, if any."""
        return self.registry.identify(RequestView(exchange, fields))

    def attribute(self, exchange: Exchange, fields: Sequence[Field]) -> Attribution:
        """Attribution of one request: its host's entry combined with its payload fingerprint.

        ``fields`` are every decoded stage of the request, as the decoding engine produced them.
        """
        sdk = self.identify(exchange, fields)
        if sdk is None:
            return self.attribute_host(exchange.host)
        return combine(self.match_host(exchange.host), sdk)


def combine(domain: DomainMatch | None, sdk: SdkMatch | None) -> Attribution:
    """Merge domain and fingerprint evidence (see the module docstring for the rule)."""
    if domain is None and sdk is None:
        return Attribution()
    if sdk is None:
        assert domain is not None
        entry = domain.entry
        return Attribution(entry.org, entry.sdk, entry.category, domain.describe())
    if domain is None:
        return Attribution(sdk.org, sdk.sdk, sdk.category, sdk.describe())
    entry = domain.entry
    operator = entry.org if entry.org and entry.category not in _NOT_OPERATORS else sdk.org
    reason = f"{domain.describe()}; {sdk.describe()}"
    if entry.sdk and entry.sdk in sdk.compatible:
        reason += f" — {entry.sdk} speaks the {sdk.sdk} protocol"
        return Attribution(operator, entry.sdk, entry.category or sdk.category, reason)
    return Attribution(operator, sdk.sdk, sdk.category, reason)
