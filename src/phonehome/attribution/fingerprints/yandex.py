"""Yandex Metrica (web) and AppMetrica (apps).

Wire format: Metrica tag ``/watch/<counter id>`` (``/webvisor/<id>``, ``/clmap/<id>``) with
``page-url``, ``browser-info`` (``…:…`` pairs), ``t=``; AppMetrica ``/report`` with query
``api_key_128``, ``deviceid``, ``uuid``, ``analytics_sdk_version_name``, ``app_platform``.
"""

from __future__ import annotations

import re
from typing import ClassVar

from phonehome.attribution.fingerprints.base import evidence
from phonehome.attribution.fingerprints.view import RequestView

_WATCH = re.compile(r"/(watch|webvisor|clmap)/\d+")


class YandexMetrica:
    """Yandex Metrica tag."""

    name: ClassVar[str] = "yandex_metrica"
    sdk: ClassVar[str] = "Yandex Metrica"
    org: ClassVar[str] = "Yandex"
    category: ClassVar[str] = "analytics"
    hint_names: ClassVar[frozenset[str]] = frozenset({"browser-info", "page-url"})

    def match(self, view: RequestView) -> str | None:
        """Evidence when the request has the Metrica hit shape."""
        if not (_WATCH.search(view.path) and ("browser-info" in view.query or "page-url" in view.query)):
            return None
        return evidence(f"path {view.path}", "browser-info/page-url")


class AppMetrica:
    """Yandex AppMetrica SDK."""

    name: ClassVar[str] = "appmetrica"
    sdk: ClassVar[str] = "AppMetrica"
    org: ClassVar[str] = "Yandex"
    category: ClassVar[str] = "analytics"
    hint_names: ClassVar[frozenset[str]] = frozenset({
        "api_key_128", "analytics_sdk_version_name", "analytics_sdk_build_number",
    })

    def match(self, view: RequestView) -> str | None:
        """Evidence when the request has the AppMetrica report shape."""
        keys = [k for k in ("api_key_128", "analytics_sdk_version_name", "analytics_sdk_build_number")
                if k in view.query]
        if not keys or "deviceid" not in view.query and "uuid" not in view.query:
            return None
        return evidence(f"query {', '.join(keys)}", "deviceid/uuid")
