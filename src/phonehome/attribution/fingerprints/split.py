"""Split (Split Software, now part of Harness): feature-flag SDKs' events, impressions and flag fetches.

Wire format (``@splitsoftware/splitio-browserjs`` and the other SDKs on ``splitio-commons``): POST
``<events>/api/events/bulk`` or ``/api/events/beacon`` JSON ``[{eventTypeId, trafficTypeName, key, value,
timestamp, properties}]`` (beacons wrap them: ``{"entries": […], "token", "sdk": "browserjs-1.7.1"}``),
``/api/testImpressions/bulk`` ``[{f, i: [{k, t, m, c, r}]}]``, GET ``<sdk>/api/splitChanges?s=…&since=…`` and
``/api/memberships/<key>``. Default hosts ``events.split.io`` and ``sdk.split.io``; a proxy may front both.
"""

from __future__ import annotations

from typing import ClassVar

from phonehome.attribution.fingerprints.base import evidence
from phonehome.attribution.fingerprints.view import RequestView

_EVENT_KEYS = frozenset({"eventTypeId", "trafficTypeName"})


class Split:
    """Split SDKs."""

    name: ClassVar[str] = "split"
    sdk: ClassVar[str] = "Split"
    org: ClassVar[str] = "Split Software"
    category: ClassVar[str] = "telemetry"
    hint_names: ClassVar[frozenset[str]] = frozenset({"eventTypeId", "trafficTypeName", "since"})
    hint_paths: ClassVar[tuple[str, ...]] = ("/api/memberships/",)

    def match(self, view: RequestView) -> str | None:
        """Evidence when a request has the shape of Split's events or flag fetches."""
        path = view.path
        if "/api/events/" in path and _EVENT_KEYS <= view.keys:
            return evidence(f"{view.method} {path}", "eventTypeId/trafficTypeName entries",
                            f"sdk={view.value('sdk')}" if view.value("sdk") else None)
        if path.endswith("/api/splitchanges") and view.has_params("s", "since"):
            return evidence(f"GET {path}?s=…&since=…")
        if "/api/memberships/" in path and view.method in ("GET", "OPTIONS"):  # OPTIONS: the CORS preflight
            return evidence(f"{view.method} {path.rsplit('/', 1)[0]}/<key>")
        return None
