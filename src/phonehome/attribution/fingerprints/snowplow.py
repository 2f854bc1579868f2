"""Snowplow: self-hosted collectors on any domain, recognised by the tracker protocol.

Wire format (snowplow-python-tracker, browser tracker, mobile trackers): POST
``/com.snowplowanalytics.snowplow/tp2`` with ``{"schema": "iglu:com.snowplowanalytics.snowplow/
payload_data/jsonschema/1-0-x", "data": [{e, tv, eid, p, …}]}``, or GET ``/i?e=pv&url=…&tv=…``;
custom events in ``ue_px`` (base64) / ``ue_pr``, contexts in ``cx`` / ``co``. Every event has ``e``
(event type) and ``tv`` (tracker version, e.g. ``js-3.x``, ``py-1.0``, ``andr-5.x``).
"""

from __future__ import annotations

from typing import ClassVar

from phonehome.attribution.fingerprints.base import evidence
from phonehome.attribution.fingerprints.view import RequestView

_IGLU = "iglu:com.snowplowanalytics."
_EVENT_TYPES = frozenset({"pv", "pp", "ue", "se", "tr", "ti", "struct", "unstruct", "page_view", "page_ping"})
_EXTRAS = ("eid", "p", "aid", "dtm", "stm", "duid", "sid", "vid", "ue_px", "ue_pr", "cx", "co", "tna")


class Snowplow:
    """Snowplow trackers."""

    name: ClassVar[str] = "snowplow"
    sdk: ClassVar[str] = "Snowplow"
    org: ClassVar[str] = "Snowplow"
    category: ClassVar[str] = "analytics"
    hint_names: ClassVar[frozenset[str]] = frozenset({"schema", "e"})
    hint_paths: ClassVar[tuple[str, ...]] = ("/com.snowplowanalytics.snowplow/",)

    def match(self, view: RequestView) -> str | None:
        """Evidence when the request has the Snowplow tracker-protocol shape."""
        vendor_path = "/com.snowplowanalytics.snowplow/" in view.path
        schema = view.value("schema") or ""
        iglu = schema.startswith(_IGLU)
        event = view.param("e")
        if event is None:
            event = view.dotted.get("data.e")
        tracker = view.param("tv") or view.dotted.get("data.tv")
        protocol = event in _EVENT_TYPES and tracker is not None and (
            any(view.param(x) is not None for x in _EXTRAS) or view.path_ends("/i")
        )
        if not (vendor_path or iglu or protocol):
            return None
        return evidence(
            f"path {view.path}" if vendor_path else None,
            f"schema {schema.split('/', 1)[0]}/…" if iglu else None,
            f"e={event}, tv={tracker}" if protocol else None,
        )
