"""Matomo (formerly Piwik): self-hosted or Matomo Cloud, recognised by the Tracking HTTP API.

Wire format (matomo.js, Matomo SDKs): GET or POST ``/matomo.php`` (``/piwik.php``, or any proxied
path) with ``idsite``, ``rec=1``, ``_id`` (visitor id), ``url``, ``action_name``, ``apiv=1``; bulk
tracking POSTs ``{"requests": ["?idsite=1&rec=1&…", …]}``.
"""

from __future__ import annotations

from typing import ClassVar

from phonehome.attribution.fingerprints.base import evidence
from phonehome.attribution.fingerprints.view import RequestView


class Matomo:
    """Matomo tracker."""

    name: ClassVar[str] = "matomo"
    sdk: ClassVar[str] = "Matomo"
    org: ClassVar[str] = "Matomo"
    category: ClassVar[str] = "analytics"
    hint_names: ClassVar[frozenset[str]] = frozenset({"idsite", "requests"})

    def match(self, view: RequestView) -> str | None:
        """Evidence when the request has the Matomo tracking-API shape."""
        endpoint = view.path_ends("/matomo.php", "/piwik.php", "/matomo", "/piwik", "/js/tracker.php")
        params = view.has_params("idsite", "rec") or ("idsite" in view.keys and "rec" in view.keys)
        bulk = "requests" in view.top and "idsite" in (view.exchange.body[:4096].decode("latin-1"))
        if not (params or (endpoint and (view.param("idsite") is not None or bulk))):
            return None
        return evidence(
            f"path {view.path}" if endpoint else None,
            "idsite + rec=1" if params else None,
            "bulk requests" if bulk else None,
        )
