"""Umeng (友盟, Alibaba): U-App analytics and U-Push.

Wire format (from public analyses; the SDK is closed): POST ``/unify_logs`` (``ulogs.umeng.com``),
``/umpx_internal``, older ``/app_logs``, a binary (Thrift, often encrypted) envelope.
"""

from __future__ import annotations

from typing import ClassVar

from phonehome.attribution.fingerprints.base import evidence
from phonehome.attribution.fingerprints.view import RequestView


class Umeng:
    """Umeng SDKs."""

    name: ClassVar[str] = "umeng"
    sdk: ClassVar[str] = "Umeng"
    org: ClassVar[str] = "Umeng (Alibaba)"
    category: ClassVar[str] = "analytics"
    hint_names: ClassVar[frozenset[str]] = frozenset()
    hint_paths: ClassVar[tuple[str, ...]] = ("/unify_logs", "/umpx_internal")

    def match(self, view: RequestView) -> str | None:
        """Evidence when the request goes to an Umeng log endpoint path."""
        if not (view.method == "POST" and view.path_ends("/unify_logs", "/umpx_internal")):
            return None
        return evidence(f"path {view.path}")
