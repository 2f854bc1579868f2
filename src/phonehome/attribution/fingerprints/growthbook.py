"""GrowthBook: the SDKs' event tracking to GrowthBook's managed warehouse (or a self-run ingestor).

Wire format (``@growthbook/growthbook`` ``growthbookTrackingPlugin``, the script-tag bundle with
``data-tracking="growthbook"``): POST ``<ingestor>/track?client_key=sdk-…`` (default ingestor
``us-east-1.gb-ingest.com``), ``text/plain`` JSON array of events ``{"event_name", "properties_json",
"user_id", "device_id", "url", "sdk_language": "js", "sdk_version", "context_json": {attributes}}``.
"""

from __future__ import annotations

from typing import ClassVar

from phonehome.attribution.fingerprints.base import evidence
from phonehome.attribution.fingerprints.view import RequestView


class GrowthBook:
    """GrowthBook SDK event tracking."""

    name: ClassVar[str] = "growthbook"
    sdk: ClassVar[str] = "GrowthBook"
    org: ClassVar[str] = "GrowthBook"
    category: ClassVar[str] = "analytics"
    hint_names: ClassVar[frozenset[str]] = frozenset({"event_name", "sdk_language"})

    def match(self, view: RequestView) -> str | None:
        """Evidence when a /track request carries the tracking plugin's event rows."""
        if view.method != "POST" or not view.path_ends("/track"):
            return None
        if not {"event_name", "sdk_language", "sdk_version"} <= view.top:
            return None
        if not ({"properties_json", "context_json"} & view.top):
            return None
        key = "client_key" if "client_key" in view.query else "no client_key"
        return evidence(f"POST {view.path} ({key})", "event_name/sdk_language/properties_json rows")
