"""Elastic APM: the agents' intake API (RUM JavaScript agent and the server-side agents).

Wire format (``@elastic/apm-rum``, ``elastic-apm`` agents): POST ``/intake/v2/rum/events`` (browsers),
``/intake/v2/events`` (servers) or ``/intake/v3/rum/events`` (RUM, abbreviated keys) to the APM
server, which is self-run or on Elastic Cloud (``<id>.apm.<region>.<cloud>.cloud.es.io``), as
``application/x-ndjson`` (often gzip): the first line ``{"metadata": {"service": {"name", "agent":
{"name": "rum-js", "version"}}}}``, then one ``transaction``/``span``/``error`` per line. The
server-side agents send ``User-Agent: apm-agent-<language>/<version> (<service>)`` on every request,
their probe of the server's information (``GET /``) and central configuration included.
"""

from __future__ import annotations

from typing import ClassVar

from phonehome.attribution.fingerprints.base import evidence
from phonehome.attribution.fingerprints.view import RequestView

_PATHS = ("/intake/v2/rum/events", "/intake/v3/rum/events", "/intake/v2/events")


class ElasticAPM:
    """Elastic APM agents."""

    name: ClassVar[str] = "elastic_apm"
    sdk: ClassVar[str] = "Elastic APM"
    org: ClassVar[str] = "Elastic"
    category: ClassVar[str] = "telemetry"
    hint_names: ClassVar[frozenset[str]] = frozenset()
    hint_paths: ClassVar[tuple[str, ...]] = _PATHS
    hint_headers: ClassVar[frozenset[str]] = frozenset({"user-agent"})

    def match(self, view: RequestView) -> str | None:
        """Evidence when an intake path carries the agents' NDJSON metadata, or an agent's user agent."""
        agent_header = view.header("User-Agent") or ""
        if agent_header.startswith("apm-agent-"):
            return evidence(f"User-Agent {agent_header.split(' ', 1)[0]}")
        path = next((p for p in _PATHS if view.path.endswith(p)), None)
        if path is None or view.method != "POST":
            return None
        agent = view.dotted.get("agent.name") or ""
        shaped = "metadata" in view.top or "m" in view.top  # v3 abbreviates metadata as "m"
        if not (agent or shaped):
            return None
        return evidence(f"POST {path}", f"agent.name={agent}" if agent else "metadata line")
