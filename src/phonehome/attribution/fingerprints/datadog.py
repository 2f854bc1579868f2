"""Datadog: browser RUM and logs intake, mobile RUM; APM tracers reporting to their agent.

Wire format (browser-sdk, dd-sdk-android/ios): POST ``/api/v2/rum`` / ``/api/v2/logs`` /
``/api/v2/replay`` with query ``ddsource=browser|android|ios``, ``ddtags=sdk_version:…``,
``dd-api-key=<client token>``, ``dd-evp-origin=browser``, ``dd-request-id``; mobile SDKs send the
client token in ``DD-API-KEY`` and ``DD-EVP-ORIGIN`` headers.
"""

from __future__ import annotations

import re
from typing import ClassVar

from phonehome.attribution.fingerprints.base import evidence
from phonehome.attribution.fingerprints.view import RequestView


class Datadog:
    """Datadog RUM and logs SDKs."""

    name: ClassVar[str] = "datadog"
    sdk: ClassVar[str] = "Datadog"
    org: ClassVar[str] = "Datadog"
    category: ClassVar[str] = "telemetry"
    hint_names: ClassVar[frozenset[str]] = frozenset({"dd-api-key", "dd-evp-origin"})
    hint_headers: ClassVar[frozenset[str]] = frozenset({"dd-api-key", "dd-evp-origin"})

    def match(self, view: RequestView) -> str | None:
        """Evidence when the request has the Datadog intake shape."""
        query = "dd-api-key" in view.query or "dd-evp-origin" in view.query
        header = view.has_header("DD-API-KEY") or view.has_header("DD-EVP-ORIGIN")
        if not (query or header):
            return None
        return evidence(
            "dd-api-key/dd-evp-origin query" if query else None,
            "DD-API-KEY header" if header else None,
            f"ddsource={view.query['ddsource']}" if "ddsource" in view.query else None,
        )


_TRACE_API = re.compile(r"/v0\.\d+/(?:traces|stats)")
_TRACER_HEADERS = ("Datadog-Meta-Lang", "Datadog-Meta-Tracer-Version")
_DOGSTATSD_PROXY = "/dogstatsd/v2/proxy"
_DOGSTATSD_LINE = re.compile(rb"[A-Za-z][\w.-]*:[-+]?[\d.eE]+(?::[-+]?[\d.eE]+)*\|(?:c|g|ms|h|s|d)(?:\||\r?\n|$)")
"""The first line of a DogStatsD datagram: ``metric.name:value|type``, then ``|#tags`` or the next line."""


class DatadogAPM:
    """Datadog APM tracers (ddtrace, dd-trace-*) reporting to the customer's own Datadog agent.

    The agent runs on the customer's side (``localhost:8126``, a sidecar, any host name), so only the
    shape names it: PUT/POST ``/v0.4/traces`` or ``/v0.5/traces`` (``application/msgpack``) and
    ``/v0.6/stats`` with ``Datadog-Meta-Lang``, ``Datadog-Meta-Tracer-Version`` and
    ``X-Datadog-Trace-Count`` headers; the native exporter (libdatadog) first asks ``GET /info``
    with ``User-Agent: Libdatadog/<version>``. dd-trace-js sends its own DogStatsD metrics (health
    counters, tagged with the service) over the agent's HTTP API: POST ``/dogstatsd/v2/proxy`` with
    DogStatsD lines as the body and no tracer headers.
    """

    name: ClassVar[str] = "datadog_apm"
    sdk: ClassVar[str] = "Datadog APM"
    org: ClassVar[str] = "Datadog"
    category: ClassVar[str] = "telemetry"
    hint_names: ClassVar[frozenset[str]] = frozenset()
    hint_headers: ClassVar[frozenset[str]] = frozenset(h.lower() for h in _TRACER_HEADERS)
    hint_paths: ClassVar[tuple[str, ...]] = ("/info", _DOGSTATSD_PROXY)

    def match(self, view: RequestView) -> str | None:
        """Evidence when the request is a tracer's payload to the agent or libdatadog's agent probe."""
        agent = view.header("User-Agent") or ""
        if view.path == "/info" and agent.startswith("Libdatadog/"):
            return evidence("path /info", f"User-Agent {agent.split(' ', 1)[0]}")
        if view.path == _DOGSTATSD_PROXY and _DOGSTATSD_LINE.match(view.exchange.body or b""):
            return evidence(f"path {_DOGSTATSD_PROXY}", "DogStatsD lines")
        headers = [h for h in _TRACER_HEADERS if view.has_header(h)]
        if not headers or not _TRACE_API.fullmatch(view.path):
            return None
        lang = view.header("Datadog-Meta-Lang")
        return evidence(f"path {view.path}", " and ".join(f"{h} header" for h in headers),
                        f"lang {lang}" if lang else None)
