"""Datadog: browser RUM and logs intake, mobile RUM.

Wire format (browser-sdk, dd-sdk-android/ios): POST ``/api/v2/rum`` / ``/api/v2/logs`` /
``/api/v2/replay`` with query ``ddsource=browser|android|ios``, ``ddtags=sdk_version:…``,
``dd-api-key=<client token>``, ``dd-evp-origin=browser``, ``dd-request-id``; mobile SDKs send the
client token in ``DD-API-KEY`` and ``DD-EVP-ORIGIN`` headers.
"""

from __future__ import annotations

from typing import ClassVar

from phonehome.attribution.fingerprints.base import evidence
from phonehome.attribution.fingerprints.view import RequestView


class Datadog:
    """Datadog RUM and logs SDKs."""

    name: ClassVar[str] = "datadog"
    sdk: ClassVar[str] = "Datadog"
    org: ClassVar[str] = "Datadog"
    category: ClassVar[str] = "telemetry"
    hint_names: ClassVar[frozenset[str]] = frozenset({"dd-api-key", "dd-evp-origin"})
    hint_headers: ClassVar[frozenset[str]] = frozenset({"dd-api-key", "dd-evp-origin"})

    def match(self, view: RequestView) -> str | None:
        """Evidence when the request has the Datadog intake shape."""
        query = "dd-api-key" in view.query or "dd-evp-origin" in view.query
        header = view.has_header("DD-API-KEY") or view.has_header("DD-EVP-ORIGIN")
        if not (query or header):
            return None
        return evidence(
            "dd-api-key/dd-evp-origin query" if query else None,
            "DD-API-KEY header" if header else None,
            f"ddsource={view.query['ddsource']}" if "ddsource" in view.query else None,
        )
