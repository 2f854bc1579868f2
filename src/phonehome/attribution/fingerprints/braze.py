"""Braze: the SDKs' data requests to the app's SDK endpoint (``sdk.iad-05.braze.com`` …, or a custom one).

Wire format (``@braze/web-sdk``; the mobile SDKs share it): POST ``https://<endpoint>/api/v3/data/``,
JSON ``{"api_key", "device_id", "sdk_version", "time", "respond_with": {…}, "events": [{"name": "ce",
"data": {"n", "p"}, "session_id", "user_id"}], "attributes": [{"user_id", "email", "custom"}]}``.
"""

from __future__ import annotations

from typing import ClassVar

from phonehome.attribution.fingerprints.base import evidence
from phonehome.attribution.fingerprints.view import RequestView

_PAYLOAD = frozenset({"events", "attributes", "respond_with"})


class Braze:
    """Braze SDKs."""

    name: ClassVar[str] = "braze"
    sdk: ClassVar[str] = "Braze"
    org: ClassVar[str] = "Braze"
    category: ClassVar[str] = "analytics"
    hint_names: ClassVar[frozenset[str]] = frozenset({"respond_with", "sdk_version"})

    def match(self, view: RequestView) -> str | None:
        """Evidence when a POST to ``/api/v3/data`` carries the SDK's envelope keys."""
        if view.method != "POST" or not view.path_ends("/api/v3/data"):
            return None
        top = view.top
        if not {"api_key", "device_id", "sdk_version"} <= top:
            return None
        carried = sorted(_PAYLOAD & top)
        if not carried:
            return None
        return evidence(f"POST {view.path}", "api_key/device_id/sdk_version + " + "/".join(carried),
                        f"sdk_version={view.value('sdk_version')}")
