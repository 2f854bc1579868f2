"""Branch (deep linking and attribution).

Wire format (Branch Android/iOS/Web SDKs): POST ``/v1/install``, ``/v1/open``, ``/v2/event/…``,
``/v1/url`` … with JSON carrying ``branch_key`` (``key_live_…`` / ``key_test_…``) and device data.
"""

from __future__ import annotations

from typing import ClassVar

from phonehome.attribution.fingerprints.base import evidence
from phonehome.attribution.fingerprints.view import RequestView


class Branch:
    """Branch SDKs."""

    name: ClassVar[str] = "branch"
    sdk: ClassVar[str] = "Branch"
    org: ClassVar[str] = "Branch"
    category: ClassVar[str] = "attribution"
    hint_names: ClassVar[frozenset[str]] = frozenset({"branch_key"})

    def match(self, view: RequestView) -> str | None:
        """Evidence when the request has the Branch shape."""
        key = view.value("branch_key") or ""
        if not key.startswith(("key_live_", "key_test_")):
            return None
        return evidence("branch_key key_live_/key_test_", f"path {view.path}")
