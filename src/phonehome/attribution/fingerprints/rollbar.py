"""Rollbar: error and message reports.

Wire format (Rollbar API ``POST /api/1/item/``): JSON ``{"access_token"?, "data": {"environment",
"level", "body": {"message"|"trace"|"trace_chain"}, "notifier": {"name": "pyrollbar" |
"rollbar-browser" | …, "version"}, "person", "request", "server", "custom"}}``; the token also
travels in the ``X-Rollbar-Access-Token`` header.
"""

from __future__ import annotations

from typing import ClassVar

from phonehome.attribution.fingerprints.base import evidence
from phonehome.attribution.fingerprints.view import RequestView


class Rollbar:
    """Rollbar notifiers."""

    name: ClassVar[str] = "rollbar"
    sdk: ClassVar[str] = "Rollbar"
    org: ClassVar[str] = "Rollbar"
    category: ClassVar[str] = "crash_reporting"
    hint_names: ClassVar[frozenset[str]] = frozenset({"notifier"})
    hint_headers: ClassVar[frozenset[str]] = frozenset({"x-rollbar-access-token"})
    hint_paths: ClassVar[tuple[str, ...]] = ("/api/1/item",)

    def match(self, view: RequestView) -> str | None:
        """Evidence when the request has the Rollbar item shape."""
        header = view.has_header("X-Rollbar-Access-Token")
        notifier = view.dotted.get("notifier.name") or ""
        named = "rollbar" in notifier.lower()
        item = view.path_ends("/api/1/item") and "data" in view.top
        if not (header or named or (item and notifier)):
            return None
        return evidence("X-Rollbar-Access-Token header" if header else None,
                        f"notifier.name={notifier}" if notifier else None,
                        "POST /api/1/item/" if item else None)
