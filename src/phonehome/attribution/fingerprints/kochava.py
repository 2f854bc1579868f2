"""Kochava (mobile measurement partner).

Wire format (Kochava SDKs): POST JSON ``{"action": "install" | "session" | "event" | "init",
"kochava_app_id", "kochava_device_id", "sdk_version", "data": {…}}``.
"""

from __future__ import annotations

from typing import ClassVar

from phonehome.attribution.fingerprints.base import evidence
from phonehome.attribution.fingerprints.view import RequestView


class Kochava:
    """Kochava SDKs."""

    name: ClassVar[str] = "kochava"
    sdk: ClassVar[str] = "Kochava"
    org: ClassVar[str] = "Kochava"
    category: ClassVar[str] = "attribution"
    hint_names: ClassVar[frozenset[str]] = frozenset({"kochava_app_id", "kochava_device_id"})

    def match(self, view: RequestView) -> str | None:
        """Evidence when the request has the Kochava shape."""
        keys = [k for k in ("kochava_app_id", "kochava_device_id") if k in view.keys]
        if not keys:
            return None
        return evidence(f"keys {', '.join(keys)}")
