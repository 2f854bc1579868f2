"""Piano Analytics (formerly AT Internet): events to the account's collect domain.

Wire format (``piano-analytics-js``): POST (or GET) ``https://<collect domain>/event?s=<site id>&idclient=<visitor id>``
(``<id>.pa-cd.com``, or the customer's own first-party domain), ``text/plain`` JSON ``{"events": [{"name":
"page.display", "data": {…, "event_collection_platform": "js", "event_collection_version"}}]}``.
"""

from __future__ import annotations

from typing import ClassVar

from phonehome.attribution.fingerprints.base import evidence
from phonehome.attribution.fingerprints.view import RequestView


class PianoAnalytics:
    """Piano Analytics SDKs."""

    name: ClassVar[str] = "piano"
    sdk: ClassVar[str] = "Piano Analytics"
    org: ClassVar[str] = "Piano"
    category: ClassVar[str] = "analytics"
    hint_names: ClassVar[frozenset[str]] = frozenset({"idclient", "event_collection_platform"})

    def match(self, view: RequestView) -> str | None:
        """Evidence when an ``/event`` request names the site and visitor and carries Piano's events."""
        if not view.path_ends("/event") or not view.has_params("s", "idclient"):
            return None
        platform = view.value("event_collection_platform")
        if platform is None:
            return None
        return evidence(f"{view.path}?s=…&idclient=…", f"event_collection_platform={platform}",
                        f"version={view.value('event_collection_version')}")
