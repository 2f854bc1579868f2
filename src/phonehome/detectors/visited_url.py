"""Browsing history: pages the user visited, sent to a third party.

Two signals: (1) a URL (or the whole path of one) of a top-level page seen in this capture, found
in a request to another party; (2) a full http(s) URL of a page under a page/url/referrer-like
key, sent to a third party (app captures have no navigations to compare against). The request's
own URL and the standard ``Referer``/``Origin`` headers are not SDK payloads: the referrer-url
detector reports the latter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar

from phonehome.detectors.base import DetectContext
from phonehome.detectors.facts import SLASH, STR, Facts, facts
from phonehome.detectors.keys import key_compact, parent_key
from phonehome.detectors.urls import PAGE_URL_KEYS, VisitedIndex, url_facts, urls_in
from phonehome.detectors.values import in_header, is_request_url
from phonehome.domains import registrable_domain
from phonehome.model import Detection, Field

_ENCODED_SCHEME = "%3a%2f%2f"
"""A URL-encoded ``://`` (any case), looked for in the lower-cased text (a case-insensitive regex is
ten times slower; no other character lower-cases to an ASCII ``a`` or ``f``)."""
MAX_SCAN = 1 << 20
"""Only the first MiB of a value is searched for URLs."""

SDK_METADATA = frozenset({"notifier", "library", "lib", "sdk", "agent", "framework", "tracker", "client"})
"""Enclosing keys of the SDK's description of itself: a URL there (``notifier.url``, Raygun's
``client.clientUrl``) is its homepage."""

_NAV_CUE = re.compile(
    r"(?i)\b(?:opened|opening|visited|visiting|viewed|viewing|navigated|navigating|navigation to|browsed|"
    r"browsing|reading|read|went to|landed on|page view|pageview)\b"
)
"""Words that, just before a URL in a sentence, say the user was on that page."""


class VisitedUrlDetector:
    """URLs of pages visited, found in third-party requests."""

    id: ClassVar[str] = "visited_url"
    needs: ClassVar[int] = STR | SLASH
    pure: ClassVar[bool] = False

    @staticmethod
    def wants(field: Field, known: Facts) -> bool:
        """True when ``detect`` may report something: a path alone, or a URL scheme in the text."""
        value = known.value
        if value is None:
            return False
        text = value.strip()
        if text.startswith("/") and " " not in text:
            return True
        return "://" in text or ":\\/\\/" in text or _ENCODED_SCHEME in text[:MAX_SCAN].lower()

    def __init__(self) -> None:
        """Create the per-capture index of visited pages."""
        self._index = VisitedIndex()

    def detect(self, field: Field, ctx: DetectContext) -> Iterable[Detection]:
        """Report visited-page URLs (or paths) in a third-party request field."""
        value = field.value
        if (
            not ctx.third_party
            or not isinstance(value, str)
            or ("/" not in value and "%2F" not in value and "%2f" not in value)
        ):
            return ()
        if is_request_url(field) or in_header(field, "referer", "referrer", "origin", "host"):
            return ()
        self._index.refresh(ctx.capture)
        text = value.strip()
        out: dict[str, Detection] = {}
        if self._index.by_path and text.startswith("/") and " " not in text:
            url = self._index.match_path(text)
            if url is not None:
                out[url] = Detection("visited_url", url, self.id, 0.9, f"path of visited page {url}")
        if "://" in text or ":\\/\\/" in text or _ENCODED_SCHEME in text[:MAX_SCAN].lower():
            keyed = (PAGE_URL_KEYS.matches(facts(field).key) and len(text) <= 4096
                     and key_compact(parent_key(field) or "") not in SDK_METADATA)
            for url in urls_in(text):
                if url in out:
                    continue
                visited = self._index.match_url(url)
                if visited is not None:
                    how = "" if url == visited else f" (sent as {url})"
                    why = f"URL of a page visited in this capture{how}"
                    out[url] = Detection("visited_url", visited, self.id, 0.95, why)
                elif keyed and url == text and self._page_for_payload(url, ctx):
                    why = f"page URL under key {facts(field).key!r} sent to a third party"
                    out[url] = Detection("visited_url", url, self.id, 0.8, why)
                elif " " in text and self._page_for_payload(url, ctx):
                    cue = _NAV_CUE.search(text, max(0, text.find(url) - 32), max(0, text.find(url)))
                    if cue is not None:
                        why = f"page URL in text after {cue.group(0)!r}"
                        out[url] = Detection("visited_url", url, self.id, 0.7, why)
        return out.values()

    @staticmethod
    def _page_for_payload(url: str, ctx: DetectContext) -> bool:
        known = url_facts(url)
        return known is not None and known[2] is not None and known[2] != registrable_domain(ctx.exchange.host)
