"""Mixpanel: ``/track``, ``/engage``, ``/groups``, ``/import`` on mixpanel.com, proxies or custom hosts.

Wire format (mixpanel-js, mixpanel-python, mixpanel-android): form ``data=`` holding JSON (base64 JSON
for non-Mixpanel hosts), events ``{"event", "properties": {"token", "distinct_id", "$insert_id",
"mp_lib", "$lib_version", …}}``; profile updates ``{"$token", "$distinct_id", "$set"}``.
"""

from __future__ import annotations

from typing import ClassVar

from phonehome.attribution.fingerprints.base import evidence
from phonehome.attribution.fingerprints.view import RequestView

_PATHS = ("/track", "/engage", "/groups", "/import", "/decide")


class Mixpanel:
    """Mixpanel SDKs."""

    name: ClassVar[str] = "mixpanel"
    sdk: ClassVar[str] = "Mixpanel"
    org: ClassVar[str] = "Mixpanel"
    category: ClassVar[str] = "analytics"
    hint_names: ClassVar[frozenset[str]] = frozenset({
        "mp_lib", "mp_sent_by_lib_version", "$mp_api_endpoint", "token", "$token",
    })

    def match(self, view: RequestView) -> str | None:
        """Evidence when the request has the Mixpanel shape."""
        lib = view.value("mp_lib")
        path = view.path_ends(*_PATHS)
        insert = "$insert_id" in view.keys and "token" in view.keys
        profile = "$token" in view.keys and "$distinct_id" in view.keys
        sent_by = "mp_sent_by_lib_version" in view.keys or "$mp_api_endpoint" in view.keys
        event = "event" in view.top and "properties.token" in view.dotted \
            and "properties.distinct_id" in view.dotted
        if not (lib is not None or sent_by or (path and (insert or profile or event))):
            return None
        return evidence(
            f"mp_lib={lib}" if lib is not None else None,
            "mp_sent_by_lib_version" if sent_by else None,
            "$insert_id + token" if insert else None,
            "$token + $distinct_id" if profile else None,
            "event + properties.token" if event and not insert else None,
            f"path {view.path}" if path else None,
        )
