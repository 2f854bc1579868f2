"""Plausible Analytics: plausible.io or self-hosted, recognised by the Events API.

Wire format (plausible script, Events API): POST ``/api/event`` with JSON ``{"n": "pageview",
"u": URL, "d": site domain, "r": referrer, "p"/"props": {…}}`` (long names ``name``, ``url``,
``domain`` are accepted too).
"""

from __future__ import annotations

from typing import ClassVar

from phonehome.attribution.fingerprints.base import evidence
from phonehome.attribution.fingerprints.view import RequestView


class Plausible:
    """Plausible Analytics script and Events API."""

    name: ClassVar[str] = "plausible"
    sdk: ClassVar[str] = "Plausible"
    org: ClassVar[str] = "Plausible Analytics"
    category: ClassVar[str] = "analytics"
    hint_names: ClassVar[frozenset[str]] = frozenset({"n", "name"})

    def match(self, view: RequestView) -> str | None:
        """Evidence when the request has the Plausible Events API shape."""
        short = {"n", "u", "d"} <= view.top
        long = {"name", "url", "domain"} <= view.top
        if not (view.path_ends("/api/event") and (short or long)):
            return None
        return evidence(f"path {view.path}", "n/u/d event" if short else "name/url/domain event")
