"""Splunk: the HTTP Event Collector (HEC), which loggers and agents post to on the customer's host.

Wire format (Splunk docs "Format events for HTTP Event Collector"; splunk-handler, Splunk logging
libraries, OpenTelemetry's splunk_hec exporter): POST ``/services/collector`` or
``/services/collector/event`` (JSON ``{"event", "time", "host", "source", "sourcetype", "index"}``
objects, several written back to back) or ``/services/collector/raw``, on port 8088 of the
customer's Splunk or ``http-inputs-<stack>.splunkcloud.com``, with ``Authorization: Splunk <token>``.
"""

from __future__ import annotations

import re
from typing import ClassVar

from phonehome.attribution.fingerprints.base import evidence
from phonehome.attribution.fingerprints.view import RequestView

_COLLECTOR = re.compile(r"/services/collector(?:/event|/raw)?(?:/1\.0)?/?")


class SplunkHEC:
    """Splunk HTTP Event Collector clients."""

    name: ClassVar[str] = "splunk_hec"
    sdk: ClassVar[str] = "Splunk HTTP Event Collector"
    org: ClassVar[str] = "Splunk"
    category: ClassVar[str] = "telemetry"
    hint_names: ClassVar[frozenset[str]] = frozenset()
    hint_paths: ClassVar[tuple[str, ...]] = ("/services/collector",)

    def match(self, view: RequestView) -> str | None:
        """Evidence when a collector path carries a ``Splunk`` token (header, or the documented query)."""
        if not _COLLECTOR.fullmatch(view.path):
            return None
        auth = view.header("Authorization") or ""
        token = auth[:7].lower() == "splunk " or "token" in view.query
        fields = {"event", "sourcetype"} & view.top
        if not (token or fields):
            return None
        return evidence(f"path {view.path}", "Authorization: Splunk <token>" if token else None,
                        f"HEC fields {', '.join(sorted(fields))}" if fields else None)
