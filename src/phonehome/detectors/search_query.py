"""Search terms: values under search/keyword keys, and the query parameter of a leaked search URL."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import ClassVar
from urllib.parse import parse_qsl

from phonehome.detectors.base import DetectContext
from phonehome.detectors.facts import STR, Facts, facts, leaf_value
from phonehome.detectors.keys import KeyLexicon, key_compact
from phonehome.detectors.urls import MEMO_TEXT_MAX, PAGE_URL_KEYS, VisitedIndex, split_url, urls_in
from phonehome.detectors.values import (
    in_header,
    is_masked,
    is_placeholder,
    is_timestamp,
    is_uuid,
    looks_random,
)
from phonehome.model import Detection, Field

SEARCH_KEYS = KeyLexicon(
    names={
        "q",
        "query",
        "keyword",
        "keywords",
        "search",
        "searchterm",
        "searchquery",
        "searchkeyword",
        "searchtext",
        "searchstring",
        "searchword",
        "searchwords",
        "wd",
        "kw",
        "term",
        "searchterms",
        "mpkeyword",
        "phkeyword",
        "latestsearchkeyword",
        "firstsearchkeyword",
        "querytext",
        "querystring",
        "searchinput",
        "userquery",
        "qs",
        "keywordsearch",
    },
    words={"keyword", "keywords", "searchterm", "searchquery", "search"},
    pairs=[{"search", "term"}, {"search", "query"}, {"search", "text"}, {"search", "keyword"}],
    veto={
        "utm",
        "campaign",
        "source",
        "medium",
        "engine",
        "type",
        "id",
        "count",
        "results",
        "result",
        "page",
        "provider",
        "enabled",
        "mode",
        "scope",
        "filter",
        "category",
        "url",
        "uri",
        "host",
        "time",
        "duration",
        "index",
        "position",
        "length",
        "api",
        "params",
        "sort",
        "order",
        "referrer",
        "referer",
        "bar",
        "cat",
        "categories",
        "tab",
        "area",
        "region",
        "location",
        "locale",
        "box",
        "placeholder",
        "suggestion",
        "suggestions",
        "status",
        "opened",
        "visible",
    },
)
"""Keys whose value is what the user searched for."""

SHORT_KEYS = frozenset({"q", "wd", "kw", "qs", "term"})
"""Search keys too short to trust as a request's own parameter; counted inside payloads."""

URL_PARAMS = frozenset(
    {
        "q",
        "query",
        "wd",
        "word",
        "p",
        "keyword",
        "keywords",
        "search",
        "term",
        "text",
        "k",
        "s",
        "searchterm",
        "search_query",
        "search_term",
        "kw",
        "qt",
        "qs",
        "searchword",
        "w",
        "key",
    }
)
"""Query parameters that carry the search in search URLs (Google q, Baidu wd/word, Yahoo p, …)."""
LOOSE_PARAMS = frozenset({"p", "k", "s", "w", "text", "key"})
"""URL parameters that are only a search when the URL path looks like a search page."""


_PROSE = re.compile(
    r"(?i)\b(?:search(?:ed|es|ing)?|results?\s+(?:for|matching))\b[^'\"\u2018\u201c\n]{0,24}?"
    r"(?<!\[)['\"\u2018\u201c]([^'\"\u2019\u201d\n]{2,100})['\"\u2019\u201d]"
)
"""A quoted term after a search word: ``Search failed for 'red shoes'``, ``No results for 'red shoes'``
(an app's error about an empty search). A quote right after ``[``
is a subscript in quoted source code (``search(params["query"])`` in a stack frame), not prose."""


_NO_RESULTS_TAIL = re.compile(
    r"(?i)\b(?:no|0|zero)\s+(?:search\s+)?results?\s+(?:found\s+)?(?:for|matching)\s+"
    r"([^'\"\u2018\u201c\n:;()\[\]]{2,60}?)\s*[.!]?\s*$"
)
"""An empty search's message ending in the unquoted term: ``… returned no results for red shoes``."""
NOT_A_TERM_START = frozenset(
    "a an the this that these those your my his her their our its any all some user users id ids account "
    "request query queries page pages key keys filter filters criteria selection period date range item "
    "items given current specified selected provided".split()
)
"""First words of what an empty search's message names when it is not the term typed."""

_SEARCH_WORD = re.compile(r"(?i)search|result")


def has_search_word(text: str) -> bool:
    """Whether ``_SEARCH_WORD`` matches in ``text``: ten times faster than the regex on long text.

    A case-insensitive regex has no fast literal scan. Only the long s (U+017F) matches "s" under
    re's case folding and not after ``lower()``, so text holding one still asks the regex.
    """
    lowered = text.lower()
    return (
        "search" in lowered or "result" in lowered or ("\u017f" in text and _SEARCH_WORD.search(text) is not None)
    )


def plausible_term(text: str) -> bool:
    """A search someone typed: short text with a letter, not an id, URL, number, placeholder or masked text."""
    if not 2 <= len(text) <= 120 or is_placeholder(text) or "\n" in text or is_masked(text):
        return False
    if not any(c.isalpha() for c in text) or text.startswith(("http:", "https:", "/", "$", "{", "[")):
        return False
    if len(text.split()) > 16 or is_uuid(text) or is_timestamp(text) or any(c in text for c in "{}<>=;|\\"):
        return False
    return " " in text or not looks_random(text)


def terms_in_url(url: str) -> Sequence[tuple[str, str]]:
    """Return (term, parameter) for the search parameters of ``url`` (memoised for short URLs)."""
    return _terms_in_short_url(url) if len(url) <= MEMO_TEXT_MAX else _terms_in_url(url)


@lru_cache(maxsize=4096)
def _terms_in_short_url(url: str) -> tuple[tuple[str, str], ...]:
    return tuple(_terms_in_url(url))


def _terms_in_url(url: str) -> list[tuple[str, str]]:
    parts = split_url(url)
    if parts is None or not parts.query:
        return []
    searchy = any(w in parts.path.lower() for w in ("search", "find", "query", "/s", "results"))
    out = []
    for name, value in parse_qsl(parts.query, keep_blank_values=False):
        low = name.lower()
        if low not in URL_PARAMS or (low in LOOSE_PARAMS and not searchy):
            continue
        term = value.strip()
        if plausible_term(term):
            out.append((term, name))
    return out


class SearchQueryDetector:
    """Search terms under search keys or inside leaked search URLs."""

    id: ClassVar[str] = "search_query"
    needs: ClassVar[int] = STR
    pure: ClassVar[bool] = False

    @staticmethod
    def wants(field: Field, known: Facts) -> bool:
        """True when ``detect`` may report something: search prose, a search key or a query string."""
        value = known.value
        if value is None:
            return False
        if SEARCH_KEYS.matches(known.key) or "?" in value or "%3F" in value or "%3f" in value:
            return True
        return " " in value and len(value) <= 4096 and has_search_word(value)

    def __init__(self) -> None:
        """Create the per-capture index of visited pages (search pages leak their query)."""
        self._index = VisitedIndex()

    def detect(self, field: Field, ctx: DetectContext) -> Iterable[Detection]:
        """Report search terms found in the field."""
        f = facts(field)
        value, key = f.value, f.key
        if not ctx.third_party or value is None:
            return ()
        if " " in value and len(value) <= 4096 and has_search_word(value):
            prose = self._in_prose(value)
            if prose:
                return prose
        searchy_key = SEARCH_KEYS.matches(key)
        maybe_url = "?" in value or "%3F" in value or "%3f" in value
        if not (searchy_key or maybe_url) or in_header(field, "referer", "referrer", "origin", "host"):
            return ()
        out: dict[str, Detection] = {}
        if searchy_key and not self._own_short_param(field, key):
            text = leaf_value(field, 120)
            if text is not None and text.startswith("?") and "=" in text:
                for term, param in terms_in_url("http://x/search" + text):
                    why = f"{param!r} parameter of the page's query string under key {key!r}"
                    out.setdefault(term, Detection("search_query", term, self.id, 0.85, why))
            elif text is not None and plausible_term(text):
                out[text] = Detection("search_query", text, self.id, 0.85, f"value under search key {key!r}")
        if maybe_url and (len(field.path) > 1 or field.path[:1] != ("url",)):
            keyed = PAGE_URL_KEYS.matches(key)
            self._index.refresh(ctx.capture)
            for url in urls_in(value) if "://" in value or "%3A" in value or "%3a" in value else []:
                if not keyed and self._index.match_url(url) is None:
                    continue
                for term, param in terms_in_url(url):
                    why = f"{param!r} parameter of a leaked search URL"
                    out.setdefault(term, Detection("search_query", term, self.id, 0.9, why))
            if value.startswith("/") and self._index.match_path(value.strip()):
                for term, param in terms_in_url("http://x" + value.strip()):
                    why = f"{param!r} parameter of a visited search page's path"
                    out.setdefault(term, Detection("search_query", term, self.id, 0.85, why))
        return out.values()

    def _in_prose(self, text: str) -> list[Detection]:
        """A quoted term after "search"/"searched for"/"results for", or one ending a "no results" message.

        Unquoted, only the term an empty search's message ends with counts ("… no results for red shoes").
        """
        out = []
        for m in _PROSE.finditer(text):
            term = m.group(1).strip()
            if plausible_term(term):
                out.append(Detection("search_query", term, self.id, 0.7, "quoted term after a search word in text"))
        if not out and (tail := _NO_RESULTS_TAIL.search(text, max(0, len(text) - 160))) is not None:
            term = tail.group(1).strip()
            if plausible_term(term) and term.split()[0].lower() not in NOT_A_TERM_START:
                why = "the term an empty search's message ends with"
                out.append(Detection("search_query", term, self.id, 0.6, why))
        return out

    @staticmethod
    def _own_short_param(field: Field, key: str | None) -> bool:
        """True for ``q=``-style parameters of the request's own URL (the search itself, not a leak)."""
        return (
            bool(field.path)
            and field.path[0] == "url"
            and len(field.keys) <= 1
            and (key is not None and key_compact(key) in SHORT_KEYS)
        )
