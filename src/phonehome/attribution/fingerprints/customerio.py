"""Customer.io: the Track API (v1) its server SDKs and mobile SDKs call.

Wire format (Track API, ``https://track.customer.io/api/v1``, EU ``track-eu.customer.io``): the
person's id is a path segment — ``PUT /api/v1/customers/<id>`` (attributes as a JSON object),
``POST /api/v1/customers/<id>/events`` (``{"name", "type": "page"|…, "data"}``), ``PUT
…/customers/<id>/devices`` (``{"device": {"id", "platform"}}``), ``POST /api/v1/events``
(anonymous); HTTP Basic auth with ``site_id:api_key``; the SDKs say ``Customer.io …`` in User-Agent.
"""

from __future__ import annotations

import re
from typing import ClassVar

from phonehome.attribution.fingerprints.base import evidence
from phonehome.attribution.fingerprints.view import RequestView

_TRACK = re.compile(r"^/api/v1/(customers/[^/]+(/events|/devices(/[^/]+)?|/suppress|/unsuppress)?"
                    r"|events|merge_customers)/?$")
_EVENTS_OR_DEVICES = re.compile(r"^/api/v1/(customers/[^/]+/(events|devices)|events)/?$")


class CustomerIO:
    """Customer.io Track API clients."""

    name: ClassVar[str] = "customerio"
    sdk: ClassVar[str] = "Customer.io"
    org: ClassVar[str] = "Customer.io"
    category: ClassVar[str] = "email"
    hint_names: ClassVar[frozenset[str]] = frozenset()
    hint_paths: ClassVar[tuple[str, ...]] = ("/api/v1/customers/", "/api/v1/events", "/api/v1/merge_customers")

    def match(self, view: RequestView) -> str | None:
        """Evidence when the request has the Track API shape.

        Its path and the SDK's User-Agent, or an event or device call (path and body) under HTTP
        Basic auth: a bare ``/customers/<id>`` with Basic auth is any CRM's REST API.
        """
        if _TRACK.match(view.path) is None:
            return None
        agent = "customer.io" in (view.header("User-Agent") or "").lower()
        basic = (view.header("Authorization") or "").lower().startswith("basic ")
        shaped = (_EVENTS_OR_DEVICES.match(view.path) is not None
                  and ("device" in view.top if view.path.rstrip("/").endswith("/devices") else "name" in view.top))
        if not (agent or (basic and shaped)):
            return None
        return evidence(f"path {view.path}", "User-Agent Customer.io" if agent else "HTTP Basic auth",
                        "event/device body" if shaped else None)
