"""Microsoft: Visual Studio App Center SDK and Azure Application Insights.

Wire format: App Center POSTs ``/logs?api-version=1.0.0`` with headers ``App-Secret`` and
``Install-ID`` and JSON ``{"logs": [{type, timestamp, sid, device{sdkName: "appcenter.android"…}}]}``;
Application Insights POSTs ``/v2/track`` (``/v2.1/track``) with envelopes ``{"name":
"Microsoft.ApplicationInsights.<ikey>.Event", "iKey", "data": {"baseType", "baseData"}}``.
"""

from __future__ import annotations

from typing import ClassVar

from phonehome.attribution.fingerprints.base import evidence
from phonehome.attribution.fingerprints.view import RequestView


class AppCenter:
    """Visual Studio App Center SDK."""

    name: ClassVar[str] = "appcenter"
    sdk: ClassVar[str] = "Visual Studio App Center"
    org: ClassVar[str] = "Microsoft"
    category: ClassVar[str] = "telemetry"
    hint_names: ClassVar[frozenset[str]] = frozenset({"sdkName"})
    hint_headers: ClassVar[frozenset[str]] = frozenset({"app-secret", "install-id"})

    def match(self, view: RequestView) -> str | None:
        """Evidence when the request has the App Center shape."""
        headers = view.has_header("App-Secret") and view.has_header("Install-ID")
        sdk_name = view.dotted.get("device.sdkName") or ""
        named = sdk_name.startswith("appcenter.")
        if not (headers or named):
            return None
        return evidence("App-Secret + Install-ID headers" if headers else None,
                        f"device.sdkName={sdk_name}" if named else None)


class ApplicationInsights:
    """Azure Application Insights SDKs."""

    name: ClassVar[str] = "application_insights"
    sdk: ClassVar[str] = "Application Insights"
    org: ClassVar[str] = "Microsoft"
    category: ClassVar[str] = "telemetry"
    hint_names: ClassVar[frozenset[str]] = frozenset({"name", "iKey"})

    def match(self, view: RequestView) -> str | None:
        """Evidence when the request has the Application Insights envelope shape."""
        envelope = (view.value("name") or "").startswith("Microsoft.ApplicationInsights.")
        ikey = "iKey" in view.keys and "baseType" in view.keys
        if not (envelope or (ikey and view.path_ends("/v2/track", "/v2.1/track"))):
            return None
        return evidence("Microsoft.ApplicationInsights envelope" if envelope else None,
                        "iKey + baseType" if ikey else None)
