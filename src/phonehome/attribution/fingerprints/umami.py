"""Umami: umami.is cloud or self-hosted, recognised by its send API.

Wire format (umami tracker script, ``/api/send``): JSON ``{"type": "event" | "identify",
"payload": {"website": <uuid>, "hostname", "url", "referrer", "title", "screen", "language",
"name"?, "data"?}}``.
"""

from __future__ import annotations

from typing import ClassVar

from phonehome.attribution.fingerprints.base import evidence
from phonehome.attribution.fingerprints.view import RequestView


class Umami:
    """Umami tracker."""

    name: ClassVar[str] = "umami"
    sdk: ClassVar[str] = "Umami"
    org: ClassVar[str] = "Umami"
    category: ClassVar[str] = "analytics"
    hint_names: ClassVar[frozenset[str]] = frozenset({"website"})

    def match(self, view: RequestView) -> str | None:
        """Evidence when the request has the Umami send-API shape."""
        shape = {"type", "payload"} <= view.top and "payload.website" in view.dotted
        if not (shape and ("payload.hostname" in view.dotted or "payload.url" in view.dotted)):
            return None
        send = view.path_ends("/api/send")
        return evidence("type + payload.website", f"path {view.path}" if send else None)
