"""Meta: the Meta (Facebook) Pixel and the Facebook SDK's App Events.

Wire format: the Pixel sends ``/tr`` (or ``/tr/``) with ``id=<pixel id>``, ``ev=<event>``, ``dl``,
``rl``, ``if``, ``ts``, ``sw``/``sh``, ``cd[...]``; the Facebook SDK POSTs
``/<version>/<app id>/activities`` with form ``event=CUSTOM_APP_EVENTS`` | ``MOBILE_APP_INSTALL``,
``advertiser_id``, ``anon_id``, ``application_tracking_enabled``, ``custom_events``.
"""

from __future__ import annotations

import re
from typing import ClassVar

from phonehome.attribution.fingerprints.base import evidence
from phonehome.attribution.fingerprints.view import RequestView

_ACTIVITIES = re.compile(r"^(/v\d+\.\d+)?/\d+/activities/?$")


class MetaPixel:
    """Meta Pixel."""

    name: ClassVar[str] = "meta_pixel"
    sdk: ClassVar[str] = "Meta Pixel"
    org: ClassVar[str] = "Meta"
    category: ClassVar[str] = "advertising"
    hint_names: ClassVar[frozenset[str]] = frozenset({"ev"})

    def match(self, view: RequestView) -> str | None:
        """Evidence when the request has the Pixel hit shape."""
        if not (view.path in ("/tr", "/tr/") and view.has_params("id", "ev")):
            return None
        return evidence(f"path {view.path}", f"id + ev={view.param('ev')}")


class FacebookAppEvents:
    """Facebook SDK App Events."""

    name: ClassVar[str] = "facebook_app_events"
    sdk: ClassVar[str] = "Facebook SDK"
    org: ClassVar[str] = "Meta"
    category: ClassVar[str] = "advertising"
    hint_names: ClassVar[frozenset[str]] = frozenset()
    hint_paths: ClassVar[tuple[str, ...]] = ("/activities",)

    def match(self, view: RequestView) -> str | None:
        """Evidence when the request has the App Events shape."""
        path = _ACTIVITIES.match(view.path) is not None
        markers = [k for k in ("anon_id", "advertiser_id", "application_tracking_enabled", "custom_events")
                   if view.has_params(k) or k in view.keys]
        if not (path and (view.has_params("event") or markers)):
            return None
        return evidence(f"path {view.path}", f"fields {', '.join(markers[:3])}" if markers else "event=")
