"""Sensors Analytics (Sensors Data, 神策): every customer runs its own collector, so only shape tells.

Wire format (sa-sdk-javascript, sa-sdk-python, sa-sdk-android): form or query ``data=``/``data_list=``
holding base64 (gzip) JSON, with ``gzip=1`` (``gzip=9``: encrypted), ``crc=`` (Android) or
``ext=crc=…`` (JavaScript); collectors by convention at ``…/sa`` or ``…/sa.gif`` with ``project=``;
events carry ``lib.$lib``, ``distinct_id``, ``type`` and, from client SDKs, ``_track_id``.
"""

from __future__ import annotations

from typing import ClassVar

from phonehome.attribution.fingerprints.base import evidence
from phonehome.attribution.fingerprints.view import RequestView


class SensorsAnalytics:
    """Sensors Analytics SDKs (JavaScript, Python, Android, iOS, Java …)."""

    name: ClassVar[str] = "sensors"
    sdk: ClassVar[str] = "Sensors Analytics"
    org: ClassVar[str] = "Sensors Data"
    category: ClassVar[str] = "analytics"
    hint_names: ClassVar[frozenset[str]] = frozenset({"$lib", "data", "data_list"})

    def match(self, view: RequestView) -> str | None:
        """Evidence when the request has the Sensors Analytics shape."""
        carrier = "data_list" if view.has_params("data_list") else "data" if view.has_params("data") else None
        gzip = view.param("gzip")
        crc = view.has_params("crc")
        ext_crc = (view.param("ext") or "").startswith("crc=")
        conventional = view.path_ends("/sa", "/sa.gif", "/debug") and "project" in view.query
        lib = view.dotted.get("lib.$lib")
        event = lib is not None and (
            "_track_id" in view.top or ("distinct_id" in view.top and "type" in view.top)
            or "lib.$lib_version" in view.dotted
        )
        transport = carrier is not None and (gzip is not None or crc or ext_crc)
        if not (event or (transport and (conventional or crc or ext_crc or "distinct_id" in view.top))
                or (conventional and carrier is not None)):
            return None
        return evidence(
            f"form {carrier}=" if carrier else None,
            f"gzip={gzip}" + (" (encrypted payload)" if gzip == "9" else "") if gzip is not None else None,
            "crc=" if crc else None,
            "ext=crc=" if ext_crc else None,
            f"collector path {view.path}?project=" if conventional else None,
            f"events with lib.$lib={lib}" if event else None,
        )
