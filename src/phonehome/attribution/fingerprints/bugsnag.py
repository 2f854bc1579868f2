"""Bugsnag (SmartBear): error reports and sessions.

Wire format (Error Reporting API, Session Tracking API): POST JSON ``{"apiKey", "payloadVersion",
"notifier": {"name": "Bugsnag Android" | …, "version", "url"}, "events": [...]}`` with headers
``Bugsnag-Api-Key``, ``Bugsnag-Payload-Version``, ``Bugsnag-Sent-At``.
"""

from __future__ import annotations

from typing import ClassVar

from phonehome.attribution.fingerprints.base import evidence
from phonehome.attribution.fingerprints.view import RequestView


class Bugsnag:
    """Bugsnag notifiers."""

    name: ClassVar[str] = "bugsnag"
    sdk: ClassVar[str] = "Bugsnag"
    org: ClassVar[str] = "Bugsnag"
    category: ClassVar[str] = "crash_reporting"
    hint_names: ClassVar[frozenset[str]] = frozenset({"name"})
    hint_headers: ClassVar[frozenset[str]] = frozenset({"bugsnag-api-key", "bugsnag-payload-version"})

    def match(self, view: RequestView) -> str | None:
        """Evidence when the request has the Bugsnag shape."""
        header = view.has_header("Bugsnag-Api-Key") or view.has_header("Bugsnag-Payload-Version")
        notifier = view.dotted.get("notifier.name") or ""
        named = "bugsnag" in notifier.lower()
        if not (header or named):
            return None
        return evidence("Bugsnag-* headers" if header else None,
                        f"notifier.name={notifier}" if named else None)
