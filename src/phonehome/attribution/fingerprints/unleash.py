"""Unleash: feature-flag SDKs talking to a hosted instance or the customer's own Unleash (or Edge/proxy).

Wire format (``unleash-proxy-client``, the frontend SDK; the server SDKs send the same headers): GET
``<url>/api/frontend?appName=…&environment=…&sessionId=…&userId=…&properties[NAME]=…`` (the Unleash
context in the query), POST ``<url>/api/frontend/client/metrics`` JSON ``{bucket: {start, stop, toggles},
appName, instanceId}``, with headers ``unleash-sdk: unleash-js-sdk:3.8.2``, ``unleash-appname``,
``unleash-connection-id`` and the client key as ``authorization``. Hosted instances live under
``*.app.unleash-hosted.com``; most are self-hosted.
"""

from __future__ import annotations

from typing import ClassVar

from phonehome.attribution.fingerprints.base import evidence
from phonehome.attribution.fingerprints.view import RequestView

_HEADERS = ("unleash-sdk", "unleash-appname", "unleash-connection-id")
_API_PATHS = ("/api/frontend", "/api/proxy")


class Unleash:
    """Unleash SDKs."""

    name: ClassVar[str] = "unleash"
    sdk: ClassVar[str] = "Unleash"
    org: ClassVar[str] = "Unleash"
    category: ClassVar[str] = "telemetry"
    hint_names: ClassVar[frozenset[str]] = frozenset({"appName"})
    hint_headers: ClassVar[frozenset[str]] = frozenset(_HEADERS)
    hint_paths: ClassVar[tuple[str, ...]] = _API_PATHS

    def match(self, view: RequestView) -> str | None:
        """Evidence when the request carries Unleash's SDK headers or asks its frontend API for toggles."""
        sdk = view.header("unleash-sdk")
        if sdk is not None or view.has_header("unleash-appname"):
            return evidence(f"header unleash-sdk: {sdk}" if sdk else "header unleash-appname", f"path {view.path}")
        on_api = any(part in view.path for part in _API_PATHS)
        if on_api and view.param("appName") is not None:
            return evidence(f"{view.method} {view.path}?appName=…")
        preflight = (view.header("access-control-request-headers") or "").lower()
        if on_api and "unleash-sdk" in preflight:
            return evidence(f"CORS preflight for unleash-sdk on {view.path}")
        return None
