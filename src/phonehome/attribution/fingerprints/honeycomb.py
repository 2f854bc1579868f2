"""Honeycomb: the events API of libhoney and the Beelines (and Refinery, Honeycomb's sampling proxy).

Wire format (libhoney-py/-go/-js, docs.honeycomb.io "Events API"): POST ``/1/batch/<dataset>`` (a
JSON array of ``{"data", "time", "samplerate"}``, often gzip) or ``/1/events/<dataset>`` (one
event), ``/1/markers/<dataset>``, with the write key in ``X-Honeycomb-Team`` and ``User-Agent:
libhoney-<lang>/<version>``. Customers who sample with Refinery send the same requests to their own
host.
"""

from __future__ import annotations

import re
from typing import ClassVar

from phonehome.attribution.fingerprints.base import evidence
from phonehome.attribution.fingerprints.view import RequestView

_EVENTS_API = re.compile(r"/1/(?:batch|events|markers)/[^/]+/?")


class Honeycomb:
    """Honeycomb's libhoney and Beelines (events API)."""

    name: ClassVar[str] = "honeycomb"
    sdk: ClassVar[str] = "Honeycomb"
    org: ClassVar[str] = "Honeycomb"
    category: ClassVar[str] = "telemetry"
    hint_names: ClassVar[frozenset[str]] = frozenset()
    hint_headers: ClassVar[frozenset[str]] = frozenset({"x-honeycomb-team"})

    def match(self, view: RequestView) -> str | None:
        """Evidence when the events API path carries a Honeycomb write key header."""
        if not view.has_header("X-Honeycomb-Team") or not _EVENTS_API.fullmatch(view.path):
            return None
        agent = view.header("User-Agent") or ""
        return evidence(f"path {view.path}", "X-Honeycomb-Team header",
                        f"User-Agent {agent.split(' ', 1)[0]}" if agent.startswith("libhoney") else None)
