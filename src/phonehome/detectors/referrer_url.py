"""URLs carried only in the standard ``Referer`` header to a third party (severity low).

Browsers send it on their own (trimmed to the origin by default since 2020); it is a leak of the
page, but a different matter from an SDK putting the URL in its payload, so it is its own kind.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from phonehome.detectors.base import DetectContext
from phonehome.detectors.facts import SLASH, STR, Facts
from phonehome.detectors.urls import is_page_url, split_url
from phonehome.domains import registrable_domain
from phonehome.model import Detection, Field


class ReferrerUrlDetector:
    """The Referer header of a third-party request, when it names a page (not just an origin)."""

    id: ClassVar[str] = "referrer_url"
    needs: ClassVar[int] = STR | SLASH
    pure: ClassVar[bool] = False

    @staticmethod
    def wants(field: Field, known: Facts) -> bool:
        """True for a header named Referer (root header fields carry the header name as their key)."""
        return field.key is not None and field.key.lower() in ("referer", "referrer")

    def detect(self, field: Field, ctx: DetectContext) -> Iterable[Detection]:
        """Report the Referer header value of a third-party request."""
        if not ctx.third_party or len(field.path) != 1 or not isinstance(field.value, str):
            return ()
        if field.path[0].lower() not in ("header:referer", "header:referrer"):
            return ()
        url = field.value.strip()
        parts = split_url(url)
        if parts is None or not is_page_url(parts):
            return ()
        if registrable_domain((parts.hostname or "").lower()) == registrable_domain(ctx.exchange.host):
            return ()
        return [Detection("referrer_url", url, self.id, 0.9, "page URL in the Referer header", severity="low")]
