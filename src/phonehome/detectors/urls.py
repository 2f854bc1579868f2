"""URL helpers shared by the browsing-history detectors: parsing, visited-page index, filters."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from urllib.parse import SplitResult, unquote, urlsplit

from phonehome.detectors.base import CaptureState
from phonehome.detectors.keys import KeyLexicon
from phonehome.domains import registrable_domain

URL_IN_TEXT = re.compile(r"https?://[^\s\"'<>\\|^`{}]+", re.IGNORECASE)
"""An http(s) URL inside text."""

MAX_SCAN = 1 << 20
"""Only the first MiB of a value is searched for URLs."""

STATIC_EXTS = frozenset(
    "js mjs css png jpg jpeg gif svg webp ico bmp avif woff woff2 ttf otf eot mp4 webm mp3 m4a wav "
    "json map wasm xml txt pdf zip".split()
)
"""Resource extensions: URLs of assets, not pages."""

PAGE_URL_KEYS = KeyLexicon(
    names={
        "url",
        "uri",
        "href",
        "page",
        "pageurl",
        "currenturl",
        "pagelocation",
        "location",
        "dl",
        "dr",
        "refr",
        "referrer",
        "referer",
        "ref",
        "pagereferrer",
        "documentlocation",
        "documenturl",
        "link",
        "landingpage",
        "landingurl",
        "entryurl",
        "sourceurl",
        "originurl",
        "siteurl",
        "weburl",
        "fullurl",
        "pagepath",
        "lasturl",
        "prevurl",
        "previousurl",
        "initialurl",
        "initialcurrenturl",
        "sessionentryurl",
        "initialreferrer",
        "latestreferrer",
        "firstreferrer",
        "u",
        "pu",
        "ourl",
        "purl",
        "openurl",
        "canonicalurl",
        "urlref",
        "pageurlref",
        "docurl",
        "documenthref",
        "destinationurl",
        "targeturl",
        "title_url",
    },
    # "content", "article": the content a person viewed, named by its address (AppsFlyer's af_content
    # on a content view, a push service's "last_article" tag); the keyed match needs the whole value
    # to be a page URL
    words={"url", "uri", "href", "referrer", "referer", "page", "link", "location", "landing", "content",
           "article"},
    veto={
        "api",
        "endpoint",
        "host",
        "image",
        "img",
        "icon",
        "avatar",
        "logo",
        "script",
        "src",
        "asset",
        "cdn",
        "callback",
        "webhook",
        "token",
        "config",
        "server",
        "base",
        "css",
        "font",
        "video",
        "audio",
        "media",
        "file",
        "download",
        "upload",
        "thumbnail",
        "photo",
        "privacy",
        "terms",
        "policy",
        "help",
        "docs",
        "support",
        "domain",
        "count",
        "size",
        "id",
        "type",
        "title",
        "name",
        "width",
        "height",
        "depth",
        "scroll",
        "duration",
        "time",
        "index",
        "number",
        "lat",
        "lng",
        "latitude",
        "longitude",
        "error",
        "stack",
        "report",
        "collect",
        "ingest",
        "upgrade",
        "update",
        "redirect",
        "request",
        "response",
        "resource",
        "feed",
        "rss",
        "sdk",
        "lib",
        "view",
        "percentage",
    },
)
"""Keys that hold the address of a page the user is on or came from."""


def split_url(text: str) -> SplitResult | None:
    """Parse an http(s) URL, or return None."""
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return parts


def is_page_url(parts: SplitResult) -> bool:
    """True for a URL that names a page: a path beyond ``/`` or a query, and not a static asset."""
    path = parts.path or "/"
    if path == "/" and not parts.query:
        return False
    last = path.rsplit("/", 1)[-1]
    return not ("." in last and last.rsplit(".", 1)[-1].lower() in STATIC_EXTS)


def url_key(parts: SplitResult) -> str:
    """Scheme-less, fragment-less, lower-case-host form used to compare URLs."""
    host = (parts.hostname or "").lower()
    path = parts.path or "/"
    return f"{host}{path}?{parts.query}" if parts.query else f"{host}{path}"


MEMO_TEXT_MAX = 2048
"""Texts and URLs up to this length have their parse memoised (they recur in every event)."""


def urls_in(text: str) -> Sequence[str]:
    """Return the http(s) URLs in the first MiB of ``text`` (URL-encoded and JSON-escaped ones too)."""
    return _urls_in_short(text) if len(text) <= MEMO_TEXT_MAX else _urls_in(text)


@lru_cache(maxsize=8192)
def _urls_in_short(text: str) -> tuple[str, ...]:
    return tuple(_urls_in(text))


def _urls_in(text: str) -> list[str]:
    text = text[:MAX_SCAN]
    if "%3A%2F%2F" in text or "%3a%2f%2f" in text:
        text = text + " " + unquote(text)
    if "\\/" in text:
        text = text.replace("\\/", "/")
    if "://" not in text:  # every match holds one; the case-insensitive regex scans slowly
        return []
    return [m.group(0).rstrip(".,;)]") for m in URL_IN_TEXT.finditer(text, 0, 1 << 20)]


UrlFacts = tuple[str, str, "str | None"]
"""What the browsing detectors ask of a URL: its comparison key (``url_key``), that key without
query and trailing slash, and the registrable domain of its host when it names a page, else None."""


def url_facts(url: str) -> UrlFacts | None:
    """The ``UrlFacts`` of an http(s) URL, None when it is not one (memoised for short URLs)."""
    return _url_facts_short(url) if len(url) <= MEMO_TEXT_MAX else _url_facts(url)


def _url_facts(url: str) -> UrlFacts | None:
    parts = split_url(url)
    if parts is None:
        return None
    key = url_key(parts)
    bare = key.split("?", 1)[0].rstrip("/") or "/"
    page = registrable_domain((parts.hostname or "").lower()) if is_page_url(parts) else None
    return key, bare, page


_url_facts_short = lru_cache(maxsize=8192)(_url_facts)


class VisitedIndex:
    """Lookup of the pages visited so far in a capture, by full URL and by distinctive path."""

    def __init__(self) -> None:
        """Start empty; ``refresh`` follows the capture state."""
        self._state: CaptureState | None = None
        self._size = -1
        self.by_url: dict[str, str] = {}
        self.by_path: dict[str, str] = {}

    def refresh(self, state: CaptureState) -> None:
        """Follow the capture state: index the pages added since the last call (all of a new capture)."""
        order = state.visited_urls.order
        if state is not self._state:
            self._state, self._size = state, 0
            self.by_url.clear()
            self.by_path.clear()
        elif len(order) == self._size:
            return
        for url in order[self._size :]:
            self._index(url)
        self._size = len(order)

    def _index(self, url: str) -> None:
        parts = split_url(url)
        if parts is None or not is_page_url(parts):
            return
        self.by_url[url_key(parts)] = url
        if not parts.query:
            self.by_url.setdefault(url_key(parts).rstrip("/") or "/", url)
        path = parts.path or "/"
        full = f"{path}?{parts.query}" if parts.query else path
        if len(full) >= 5:
            self.by_path[full] = url

    def match_url(self, text: str) -> str | None:
        """Return the visited URL equal to ``text`` (ignoring scheme, host case, fragment), if any."""
        if not self.by_url:
            return None
        known = url_facts(text)
        if known is None:
            return None
        hit = self.by_url.get(known[0])
        if hit is None:
            # The same page with a trailing slash added or dropped, or with tracking parameters.
            hit = self.by_url.get(known[1])
        return hit

    def match_path(self, text: str) -> str | None:
        """Return the visited URL whose whole path (and query) is ``text``, if any."""
        return self.by_path.get(text.split("#", 1)[0]) if text.startswith("/") else None
