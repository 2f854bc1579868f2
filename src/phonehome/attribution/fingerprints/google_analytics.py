"""Google Analytics: Universal Analytics, GA4 (gtag.js, server-side tagging) and Measurement Protocol.

Wire format: UA ``/collect`` (also ``/r/collect``, ``/j/collect``, ``/batch``) with ``v=1``,
``tid=UA-…``, ``cid``, ``t``; GA4 ``/g/collect`` with ``v=2``, ``tid=G-…``, ``cid``, ``en``, ``sid``;
Measurement Protocol ``/mp/collect?measurement_id=G-…&api_secret=…`` (or ``firebase_app_id``) with
JSON ``{client_id | app_instance_id, events: [{name, params}]}``. Server-side tagging serves the same
paths from the site's own domain.
"""

from __future__ import annotations

from typing import ClassVar

from phonehome.attribution.fingerprints.base import evidence
from phonehome.attribution.fingerprints.view import RequestView

_COLLECT = ("/collect", "/g/collect", "/r/collect", "/j/collect", "/batch", "/mp/collect",
            "/debug/mp/collect")


class GoogleAnalytics:
    """Google Analytics (UA, GA4, Measurement Protocol)."""

    name: ClassVar[str] = "google_analytics"
    sdk: ClassVar[str] = "Google Analytics"
    org: ClassVar[str] = "Google"
    category: ClassVar[str] = "analytics"
    hint_names: ClassVar[frozenset[str]] = frozenset({"v", "measurement_id", "firebase_app_id"})

    def match(self, view: RequestView) -> str | None:
        """Evidence when the request has a Google Analytics hit's shape."""
        version = view.param("v")
        tid = view.param("tid") or ""
        client = view.param("cid") or view.param("_p") or view.param("uid")
        collect = view.path_ends(*_COLLECT)
        ua = version == "1" and tid.upper().startswith(("UA-", "YT-", "MO-")) and view.param("t") is not None
        ga4 = version == "2" and tid.upper().startswith(("G-", "GT-", "AW-", "DC-")) and client is not None
        hit = version in ("1", "2") and bool(tid) and client is not None and collect
        stream = view.param("measurement_id") or view.param("firebase_app_id")
        mp = collect and stream is not None and "events" in view.top
        if not (ua or ga4 or hit or mp):
            return None
        return evidence(
            f"path {view.path}" if collect else None,
            f"v={version}, tid={tid[:4]}…" if ua or ga4 or hit else None,
            "Measurement Protocol measurement_id + events" if mp else None,
        )
