"""Google Analytics for Firebase and the Firebase services apps call on start.

Wire format: the Firebase Analytics SDK (Google Play services measurement) POSTs protobuf batches to
``/a`` (``app-measurement.com``); Firebase SDKs send ``X-Firebase-Client`` and (Installations,
Remote Config) ``X-Goog-Api-Key``/``X-Android-Package``; Firebase Installations registers
``{fid, appId, authVersion: "FIS_v2", sdkVersion}``.
"""

from __future__ import annotations

from typing import ClassVar

from phonehome.attribution.fingerprints.base import evidence
from phonehome.attribution.fingerprints.view import RequestView


class Firebase:
    """Firebase SDKs (Analytics, Installations, Remote Config …)."""

    name: ClassVar[str] = "firebase"
    sdk: ClassVar[str] = "Firebase"
    org: ClassVar[str] = "Google"
    category: ClassVar[str] = "analytics"
    hint_names: ClassVar[frozenset[str]] = frozenset({"authVersion"})
    hint_paths: ClassVar[tuple[str, ...]] = ("/a",)
    hint_headers: ClassVar[frozenset[str]] = frozenset({"x-firebase-client", "x-firebase-gmpid"})

    def match(self, view: RequestView) -> str | None:
        """Evidence when the request has a Firebase SDK's shape."""
        client = view.has_header("X-Firebase-Client") or view.has_header("X-Firebase-GMPID")
        installations = view.value("authVersion") == "FIS_v2" and "fid" in view.keys
        body = view.exchange.body
        android = view.has_header("X-Android-Package") or "Dalvik" in (view.header("User-Agent") or "")
        measurement = view.method == "POST" and view.path == "/a" and body[:1] == b"\n" and android
        if not (client or installations or measurement):
            return None
        return evidence(
            "X-Firebase-Client header" if client else None,
            "Installations FIS_v2 registration" if installations else None,
            "measurement protobuf batch to /a" if measurement else None,
        )
