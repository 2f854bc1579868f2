"""DevCycle: feature-flag SDKs' config fetches and events (``sdk-api``/``events.devcycle.com`` or a proxy).

Wire format (``@devcycle/js-client-sdk``): GET ``<sdk api>/v1/sdkConfig?sdkKey=dvc_client_…&user_id=…&email=…``
(the user in the query), POST ``<events>/v1/events`` JSON ``{"events": [{type, customType, user_id, clientDate,
featureVars, metaData}], "user": {user_id, …, "sdkType": "client", "sdkVersion", "sdkPlatform": "js"}}``. With
``apiProxyURL`` both go to the customer's host.
"""

from __future__ import annotations

from typing import ClassVar

from phonehome.attribution.fingerprints.base import evidence
from phonehome.attribution.fingerprints.view import RequestView

_SDK_KEY_PREFIXES = ("dvc_client_", "client-")


class DevCycle:
    """DevCycle SDKs."""

    name: ClassVar[str] = "devcycle"
    sdk: ClassVar[str] = "DevCycle"
    org: ClassVar[str] = "DevCycle"
    category: ClassVar[str] = "telemetry"
    hint_names: ClassVar[frozenset[str]] = frozenset({"sdkKey", "sdkType"})

    def match(self, view: RequestView) -> str | None:
        """Evidence for a config fetch with a DevCycle SDK key, or events with clientDate and the SDK's user."""
        if view.path_ends("/v1/sdkconfig") and (view.param("sdkKey") or "").startswith(_SDK_KEY_PREFIXES):
            return evidence(f"GET {view.path}?sdkKey=dvc_client_…")
        if view.path_ends("/v1/events") and "clientDate" in view.keys and view.value("user.sdkType"):
            return evidence(f"POST {view.path}", "events with clientDate",
                            f"user.sdkType={view.value('user.sdkType')}", f"sdkVersion={view.value('sdkVersion')}")
        return None
