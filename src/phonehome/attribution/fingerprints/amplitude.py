"""Amplitude: HTTP V2 and batch APIs, and the legacy amplitude-js form upload.

Wire format (amplitude-python, Browser SDK 2, Android/iOS SDKs): POST ``/2/httpapi`` or ``/batch``
with JSON ``{"api_key", "events": [{event_type, user_id, device_id, session_id, insert_id,
library: "amplitude-…/x.y"}]}``; amplitude-js (legacy) posts form ``e=<JSON events>``, ``client=``,
``v=2``, ``upload_time=``, ``checksum=`` to ``/``.
"""

from __future__ import annotations

from typing import ClassVar

from phonehome.attribution.fingerprints.base import evidence
from phonehome.attribution.fingerprints.view import RequestView


class Amplitude:
    """Amplitude SDKs."""

    name: ClassVar[str] = "amplitude"
    sdk: ClassVar[str] = "Amplitude"
    org: ClassVar[str] = "Amplitude"
    category: ClassVar[str] = "analytics"
    hint_names: ClassVar[frozenset[str]] = frozenset({"library", "api_key", "checksum"})

    def match(self, view: RequestView) -> str | None:
        """Evidence when the request has the Amplitude shape."""
        library = view.dotted.get("events.library") or view.values.get("library") or ""
        named = library.startswith("amplitude")
        v2 = "api_key" in view.top and "events" in view.top and "event_type" in view.keys
        path = view.path_ends("/2/httpapi", "/batch")
        legacy = view.has_params("e", "checksum") and (
            view.has_params("client") or view.has_params("upload_time"))
        if not (named or v2 or legacy):
            return None
        return evidence(
            f"library={library}" if named else None,
            "api_key + events[].event_type" if v2 else None,
            f"path {view.path}" if path else None,
            "form e= + checksum= (amplitude-js)" if legacy else None,
        )
