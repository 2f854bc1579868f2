"""Countly: self-hosted or Countly cloud, recognised by the SDK write API.

Wire format (Countly SDKs): GET or POST ``/i`` with ``app_key``, ``device_id``, ``timestamp``,
``sdk_name``, ``sdk_version``, ``begin_session``/``events``/``metrics``.
"""

from __future__ import annotations

from typing import ClassVar

from phonehome.attribution.fingerprints.base import evidence
from phonehome.attribution.fingerprints.view import RequestView


class Countly:
    """Countly SDKs."""

    name: ClassVar[str] = "countly"
    sdk: ClassVar[str] = "Countly"
    org: ClassVar[str] = "Countly"
    category: ClassVar[str] = "analytics"
    hint_names: ClassVar[frozenset[str]] = frozenset({"app_key"})

    def match(self, view: RequestView) -> str | None:
        """Evidence when the request has the Countly write-API shape."""
        if not view.has_params("app_key", "device_id"):
            return None
        sdk_name = view.param("sdk_name")
        if sdk_name is None and not view.path_ends("/i", "/i/bulk"):
            return None
        return evidence("app_key + device_id", f"sdk_name={sdk_name}" if sdk_name else f"path {view.path}")
