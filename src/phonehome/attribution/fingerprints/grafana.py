"""Grafana Faro: the web SDK of Grafana Cloud Frontend Observability; Grafana Loki's push API.

Wire format (``@grafana/faro-web-sdk``, fetch transport): POST JSON to the app's collector URL
(Grafana Cloud ``faro-collector-*.grafana.net/collect/<app key>``, or a self-run Grafana Alloy
``/collect``) ``{"meta": {"sdk": {"name": "faro-web", "version"}, "app", "user", "session", "page":
{"url"}, "browser"}, "events"|"logs"|"exceptions"|"measurements"|"traces": [...]}``, header
``x-faro-session-id``.
"""

from __future__ import annotations

from typing import ClassVar

from phonehome.attribution.fingerprints.base import evidence
from phonehome.attribution.fingerprints.view import RequestView

_ITEMS = ("events", "logs", "exceptions", "measurements", "traces")


class GrafanaFaro:
    """Grafana Faro web SDK."""

    name: ClassVar[str] = "grafana_faro"
    sdk: ClassVar[str] = "Grafana Faro"
    org: ClassVar[str] = "Grafana Labs"
    category: ClassVar[str] = "telemetry"
    hint_names: ClassVar[frozenset[str]] = frozenset({"meta"})
    hint_headers: ClassVar[frozenset[str]] = frozenset({"x-faro-session-id"})

    def match(self, view: RequestView) -> str | None:
        """Evidence when the request has the Faro payload shape."""
        header = view.has_header("x-faro-session-id")
        sdk = view.dotted.get("sdk.name") or ""
        named = sdk.lower().startswith("faro") and "meta" in view.top
        if not (named or (header and "meta" in view.top and any(k in view.top for k in _ITEMS))):
            return None
        return evidence(f"meta.sdk.name={sdk}" if named else None, "x-faro-session-id header" if header else None)


_LOKI_PUSH = ("/loki/api/v1/push", "/api/prom/push")


class GrafanaLoki:
    """Grafana Loki's push API, which log shippers and logging handlers post to.

    Wire format (Loki HTTP API): POST ``/loki/api/v1/push`` (``/api/prom/push`` before Loki 2) on the
    customer's own Loki, Grafana Cloud (``logs-prod-*.grafana.net``) or any gateway in front of it,
    as JSON ``{"streams": [{"stream": {labels}, "values": [["<ns>", "<line>"], …]}]}`` or as
    snappy-compressed protobuf (``application/x-protobuf``), often with an ``X-Scope-OrgID`` tenant.
    """

    name: ClassVar[str] = "grafana_loki"
    sdk: ClassVar[str] = "Grafana Loki"
    org: ClassVar[str] = "Grafana Labs"
    category: ClassVar[str] = "telemetry"
    hint_names: ClassVar[frozenset[str]] = frozenset()
    hint_paths: ClassVar[tuple[str, ...]] = _LOKI_PUSH

    def match(self, view: RequestView) -> str | None:
        """Evidence when the push path carries Loki streams (JSON) or a protobuf push request."""
        if view.method != "POST" or not view.path_ends(*_LOKI_PUSH):
            return None
        streams = "streams" in view.top
        protobuf = view.content_type == "application/x-protobuf"
        if not (streams or protobuf or view.has_header("X-Scope-OrgID")):
            return None
        return evidence(f"POST {view.path}", "JSON streams" if streams else None,
                        "protobuf push" if protobuf else None,
                        "X-Scope-OrgID header" if view.has_header("X-Scope-OrgID") else None)
