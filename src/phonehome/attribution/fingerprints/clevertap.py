"""CleverTap: the web SDK's requests to its account's region (or the customer's proxy domain).

Wire format (``clevertap-web-sdk``): GET ``https://<region>.clevertap-prod.com/a?t=96&type=push|page|…
&d=<LZ-string compressToBase64 of JSON>&rn=…&i=…&sn=…&gc=<guid>``, loaded as a script (JSONP); the
JSON carries the account ``id``, the guid ``g`` and ``af.lib`` (``web-sdk-v2.5.2``). With a
``TARGET_DOMAIN`` the same requests go to any host.
"""

from __future__ import annotations

from typing import ClassVar

from phonehome.attribution.fingerprints.base import evidence
from phonehome.attribution.fingerprints.view import RequestView

_PROTOCOL_VERSION = "96"


class CleverTap:
    """CleverTap web SDK."""

    name: ClassVar[str] = "clevertap"
    sdk: ClassVar[str] = "CleverTap"
    org: ClassVar[str] = "CleverTap"
    category: ClassVar[str] = "analytics"
    hint_names: ClassVar[frozenset[str]] = frozenset({"t"})

    def match(self, view: RequestView) -> str | None:
        """Evidence when a ``/a`` request carries the SDK's protocol version, type and LZ-string data."""
        if not view.path_ends("/a") or view.param("t") != _PROTOCOL_VERSION:
            return None
        if not view.has_params("type", "d"):
            return None
        lib = view.value("af.lib") or ""
        return evidence(f"{view.path}?t=96&type={view.param('type')}&d=", f"af.lib={lib}" if lib else None)
