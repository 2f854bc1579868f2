"""Baidu Tongji (百度统计) web analytics.

Wire format (hm.js): GET ``/hm.gif`` with ``si=<site id>``, ``cc``, ``ck``, ``cl``, ``ds``, ``lt``,
``ep``, ``et``, ``ja``, ``ln``, ``lo``, ``rnd``, ``v``, ``u`` (page URL), ``su`` (referrer).
"""

from __future__ import annotations

from typing import ClassVar

from phonehome.attribution.fingerprints.base import evidence
from phonehome.attribution.fingerprints.view import RequestView


class BaiduTongji:
    """Baidu Tongji tag."""

    name: ClassVar[str] = "baidu_tongji"
    sdk: ClassVar[str] = "Baidu Tongji"
    org: ClassVar[str] = "Baidu"
    category: ClassVar[str] = "analytics"
    hint_names: ClassVar[frozenset[str]] = frozenset({"si"})

    def match(self, view: RequestView) -> str | None:
        """Evidence when the request has the hm.gif shape."""
        extras = sum(1 for k in ("rnd", "lt", "et", "ep", "cc", "ck", "ds") if k in view.query)
        if not (view.path_ends("/hm.gif") and "si" in view.query and extras >= 2):
            return None
        return evidence("path /hm.gif", "si + hit parameters")
