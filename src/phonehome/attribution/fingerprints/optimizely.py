"""Optimizely Feature Experimentation: the SDKs' event batches (to logx or through a proxy).

Wire format (``@optimizely/optimizely-sdk`` and the other Full Stack SDKs): POST ``/v1/events``
(``logx.optimizely.com`` by default; sites may dispatch through their own endpoint) with JSON
``{"account_id", "project_id", "revision", "client_name": "javascript-sdk", "client_version",
"visitors": [{"visitor_id", "attributes": [{"entity_id", "key", "type", "value"}],
"snapshots": [{"decisions", "events": [{"key", "tags"}]}]}]}``.
"""

from __future__ import annotations

from typing import ClassVar

from phonehome.attribution.fingerprints.base import evidence
from phonehome.attribution.fingerprints.view import RequestView


class Optimizely:
    """Optimizely SDK event batches."""

    name: ClassVar[str] = "optimizely"
    sdk: ClassVar[str] = "Optimizely"
    org: ClassVar[str] = "Optimizely"
    category: ClassVar[str] = "analytics"
    hint_names: ClassVar[frozenset[str]] = frozenset({"visitors", "account_id"})

    def match(self, view: RequestView) -> str | None:
        """Evidence when the body is an event batch of visitors' snapshots for an account and project."""
        if view.method != "POST":
            return None
        if not {"account_id", "project_id", "visitors"} <= view.top:
            return None
        if "visitor_id" not in view.keys:  # keys are leaf names: visitors[].visitor_id
            return None
        client = view.value("client_name") or ""
        return evidence(f"POST {view.path}", f"account_id/project_id/visitors batch ({client or 'no client_name'})")
