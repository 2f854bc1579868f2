"""Adjust (mobile measurement partner): SDK activity packages.

Wire format (adjust_android_sdk, adjust_ios_sdk, adjust web SDK): POST ``/session``, ``/event``,
``/sdk_click``, ``/attribution``, ``/sdk_info``, ``/third_party_sharing`` … form-encoded with
``app_token``, ``environment``, ``created_at``, ``sent_at`` and device ids (``gps_adid``,
``android_uuid``, ``idfa``, ``idfv``, ``web_uuid``); the SDK sends a ``Client-SDK`` header
(``android4.38.0``).
"""

from __future__ import annotations

from typing import ClassVar

from phonehome.attribution.fingerprints.base import evidence
from phonehome.attribution.fingerprints.view import RequestView

_PATHS = ("/session", "/event", "/sdk_click", "/attribution", "/sdk_info", "/third_party_sharing",
          "/measurement_consent", "/ad_revenue", "/gdpr_forget_device", "/disable_third_party_sharing")
_IDS = ("gps_adid", "android_uuid", "idfa", "idfv", "web_uuid", "adid", "fire_adid", "oaid", "android_id")


class Adjust:
    """Adjust SDKs."""

    name: ClassVar[str] = "adjust"
    sdk: ClassVar[str] = "Adjust"
    org: ClassVar[str] = "Adjust"
    category: ClassVar[str] = "attribution"
    hint_names: ClassVar[frozenset[str]] = frozenset({"app_token"})

    def match(self, view: RequestView) -> str | None:
        """Evidence when the request has the Adjust activity-package shape."""
        token = view.has_params("app_token") or "app_token" in view.keys
        env = view.has_params("environment") or "environment" in view.keys
        ids = [i for i in _IDS if view.has_params(i) or i in view.keys]
        path = view.path_ends(*_PATHS)
        client_sdk = view.has_header("Client-SDK")
        if not (token and (env or client_sdk) and (ids or path or client_sdk)):
            return None
        return evidence(
            "app_token + environment" if env else "app_token",
            f"device ids {', '.join(ids[:3])}" if ids else None,
            f"path {view.path}" if path else None,
            "Client-SDK header" if client_sdk else None,
        )
