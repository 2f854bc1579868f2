"""Grafana Faro: the web SDK of Grafana Cloud Frontend Observability.

Wire format (``@grafana/faro-web-sdk``, fetch transport): POST JSON to the app's collector URL
(Grafana Cloud ``faro-collector-*.grafana.net/collect/<app key>``, or a self-run Grafana Alloy
``/collect``) ``{"meta": {"sdk": {"name": "faro-web", "version"}, "app", "user", "session", "page":
{"url"}, "browser"}, "events"|"logs"|"exceptions"|"measurements"|"traces": [...]}``, header
``x-faro-session-id``.
"""

from __future__ import annotations

from typing import ClassVar

from phonehome.attribution.fingerprints.base import evidence
from phonehome.attribution.fingerprints.view import RequestView

_ITEMS = ("events", "logs", "exceptions", "measurements", "traces")


class GrafanaFaro:
    """Grafana Faro web SDK."""

    name: ClassVar[str] = "grafana_faro"
    sdk: ClassVar[str] = "Grafana Faro"
    org: ClassVar[str] = "Grafana Labs"
    category: ClassVar[str] = "telemetry"
    hint_names: ClassVar[frozenset[str]] = frozenset({"meta"})
    hint_headers: ClassVar[frozenset[str]] = frozenset({"x-faro-session-id"})

    def match(self, view: RequestView) -> str | None:
        """Evidence when the request has the Faro payload shape."""
        header = view.has_header("x-faro-session-id")
        sdk = view.dotted.get("sdk.name") or ""
        named = sdk.lower().startswith("faro") and "meta" in view.top
        if not (named or (header and "meta" in view.top and any(k in view.top for k in _ITEMS))):
            return None
        return evidence(f"meta.sdk.name={sdk}" if named else None, "x-faro-session-id header" if header else None)
