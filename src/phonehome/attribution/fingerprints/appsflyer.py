"""AppsFlyer (mobile measurement partner).

Wire format (AppsFlyer Android/iOS SDK, from public analyses): POST
``/api/v<version>/androidevent?app_id=…&buildnumber=…`` (``iosevent`` on iOS), also
``/api/v*/androidevent`` on ``*.appsflyer.com`` subdomains (``launches``, ``inapps``, ``conversions``,
``attr``); bodies are JSON with ``appsflyerKey``, ``af_timestamp``, ``advertiserId``, ``uid``, or
encrypted (reported as such).
"""

from __future__ import annotations

import re
from typing import ClassVar

from phonehome.attribution.fingerprints.base import evidence
from phonehome.attribution.fingerprints.view import RequestView

_PATH = re.compile(r"/api/v[\d.]+/(android|ios)event")
_KEYS = ("appsflyerKey", "af_timestamp", "af_v", "af_v2", "af_events_api")


class AppsFlyer:
    """AppsFlyer SDK."""

    name: ClassVar[str] = "appsflyer"
    sdk: ClassVar[str] = "AppsFlyer"
    org: ClassVar[str] = "AppsFlyer"
    category: ClassVar[str] = "attribution"
    hint_names: ClassVar[frozenset[str]] = frozenset({"appsflyerKey", "af_timestamp", "af_v", "af_v2", "af_events_api"})
    hint_paths: ClassVar[tuple[str, ...]] = ("event",)

    def match(self, view: RequestView) -> str | None:
        """Evidence when the request has the AppsFlyer shape."""
        path = _PATH.search(view.path) is not None
        keys = [k for k in _KEYS if k in view.keys]
        if not (path or len(keys) >= 2):
            return None
        return evidence(f"path {view.path}" if path else None, f"keys {', '.join(keys)}" if keys else None)
