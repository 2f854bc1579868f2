"""New Relic: browser agent beacons and mobile agent harvests.

Wire format (browser agent): ``/1/<licence key>``, ``/events/1/<key>``, ``/jserrors/1/<key>``,
``/resources/1/<key>``, ``/ins/1/<key>``, ``/browser/blobs`` with query ``a=<app id>``, ``v=<agent
version>``, ``t=``, ``rst=``, ``ck=``, ``ref=``; mobile agents POST ``/mobile/v3/data`` or
``/mobile/v4/connect`` with ``X-App-License-Key``.
"""

from __future__ import annotations

import re
from typing import ClassVar

from phonehome.attribution.fingerprints.base import evidence
from phonehome.attribution.fingerprints.view import RequestView

_BROWSER = re.compile(r"^/(1|events/1|jserrors/1|resources/1|ins/1|timing/1|rum/1|browser/blobs)(/|$)")


class NewRelic:
    """New Relic agents."""

    name: ClassVar[str] = "newrelic"
    sdk: ClassVar[str] = "New Relic"
    org: ClassVar[str] = "New Relic"
    category: ClassVar[str] = "telemetry"
    hint_names: ClassVar[frozenset[str]] = frozenset({"rst"})
    hint_headers: ClassVar[frozenset[str]] = frozenset({"x-app-license-key", "x-newrelic-id"})

    def match(self, view: RequestView) -> str | None:
        """Evidence when the request has the New Relic shape."""
        mobile = view.has_header("X-App-License-Key") or view.has_header("X-NewRelic-ID")
        browser = _BROWSER.match(view.path) is not None and "a" in view.query and "rst" in view.query
        if not (mobile or browser):
            return None
        return evidence("X-App-License-Key header" if mobile else None,
                        f"beacon {view.path} a= rst=" if browser else None)
