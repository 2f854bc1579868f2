"""OpenTelemetry: OTLP/HTTP exports (traces, logs, metrics) from any OpenTelemetry SDK.

Wire format (OTLP specification): POST ``/v1/traces``, ``/v1/logs`` or ``/v1/metrics`` to the
customer's collector or an observability vendor, ``Content-Type: application/x-protobuf`` (an
``Export*ServiceRequest``) or ``application/json`` (``{"resourceSpans"|"resourceLogs"|
"resourceMetrics": […]}``), often gzip-encoded. The official SDKs put ``telemetry.sdk.name:
opentelemetry`` in every resource and send ``User-Agent: OTel-OTLP-Exporter-<Language>/<version>``.
"""

from __future__ import annotations

from typing import ClassVar

from phonehome.attribution.fingerprints.base import evidence
from phonehome.attribution.fingerprints.view import RequestView

_PATHS = ("/v1/traces", "/v1/logs", "/v1/metrics")
_JSON_ROOTS = frozenset({"resourceSpans", "resourceLogs", "resourceMetrics"})


class OpenTelemetry:
    """OpenTelemetry SDKs' OTLP/HTTP exporters."""

    name: ClassVar[str] = "opentelemetry"
    sdk: ClassVar[str] = "OpenTelemetry"
    org: ClassVar[str] = "OpenTelemetry (CNCF)"
    category: ClassVar[str] = "telemetry"
    hint_names: ClassVar[frozenset[str]] = _JSON_ROOTS | {"telemetry.sdk.name"}
    hint_paths: ClassVar[tuple[str, ...]] = _PATHS

    def match(self, view: RequestView) -> str | None:
        """Evidence when the request is an OTLP export."""
        sdk_name = (view.values.get("telemetry.sdk.name") or "").lower()
        named = sdk_name == "opentelemetry"
        roots = sorted(_JSON_ROOTS & view.top)
        agent = view.header("User-Agent") or ""
        exporter = agent.startswith("OTel-OTLP-Exporter")
        endpoint = view.path_ends(*_PATHS) and view.content_type in ("application/x-protobuf", "application/json")
        if not (named or roots or (endpoint and exporter)):
            return None
        return evidence(
            "telemetry.sdk.name=opentelemetry" if named else None,
            f"OTLP/JSON {roots[0]}" if roots else None,
            f"User-Agent {agent.split(' ', 1)[0]}" if exporter else None,
            f"path {view.path}" if endpoint else None,
        )
