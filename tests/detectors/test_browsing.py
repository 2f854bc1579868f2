"""Tables for visited URLs, search terms and Referer URLs."""

from __future__ import annotations

import pytest

from phonehome.detectors.referrer_url import ReferrerUrlDetector
from phonehome.detectors.search_query import SearchQueryDetector
from phonehome.detectors.visited_url import VisitedUrlDetector
from phonehome.model import Field

from .helpers import ctx, leaf

PAGE = "https://shop-a.test/article/velvet-juniper-67997"
SEARCH = "https://shop-a.test/search?q=thistle+willow+529"
VISITED = (PAGE, SEARCH, "https://shop-a.test/")


def visited(field: Field, **kw) -> set[str]:
    c = ctx(visited=VISITED, **kw)
    return {d.value for d in VisitedUrlDetector().detect(field, c) if d.kind == "visited_url"}


VISITED_POS = [
    (leaf(PAGE, "properties", "$url"), PAGE),
    (leaf(PAGE, "x"), PAGE),  # any key, when the page was visited in this capture
    (leaf("/article/velvet-juniper-67997", "properties", "$url_path"), PAGE),
    (leaf(PAGE.replace("/", "\\/"), "blob"), PAGE),
    (leaf("u=" + PAGE.replace(":", "%3A").replace("/", "%2F"), "state"), PAGE),
    (leaf(SEARCH, "$current_url"), SEARCH),
    (leaf(PAGE + "/", "x"), PAGE),  # trailing slash added
    (leaf(PAGE + "?utm_source=app", "x"), PAGE),  # tracking parameters added
    (
        leaf("https://www.example-news.test/article/river-tundra-59280", "$url"),
        "https://www.example-news.test/article/river-tundra-59280",
    ),
    (leaf("https://other.test/a/b?c=1", "page_url"), "https://other.test/a/b?c=1"),
    (leaf("https://other.test/story/9", "dl", root="url"), "https://other.test/story/9"),
]
VISITED_NEG = [
    leaf("/search", "$url_path"),  # path of a page whose query identifies it: not the page
    leaf("https://shop-a.test/", "$url"),  # an origin, not a page
    leaf("https://other.test/", "$referrer"),
    leaf("https://cdn.other.test/static/app.js", "url"),  # an asset
    leaf("https://tracker.example/v1/batch", "url"),  # the endpoint's own domain
    leaf("https://other.test/story/9", "api_host"),  # not a page key
    leaf("https://other.test/story/9", "image_url"),
    leaf("https://github.com/vendor/sdk-python", "notifier", "url"),  # the SDK's own homepage
    leaf("https://github.com/vendor/sdk-python", "client", "clientUrl"),  # Raygun's name for it
    leaf("$direct", "$referrer"),
    Field(value="https://tracker.example/collect?u=1", path=("url",)),
    Field(value=PAGE, path=("header:Referer",), key="Referer", keys=("Referer",)),
]


@pytest.mark.parametrize(("field", "want"), VISITED_POS)
def test_visited_url_positive(field: Field, want: str) -> None:
    assert visited(field) == {want}


@pytest.mark.parametrize("field", VISITED_NEG)
def test_visited_url_negative(field: Field) -> None:
    assert visited(field) == set()


def test_visited_url_needs_third_party() -> None:
    assert visited(leaf(PAGE, "$url"), third_party=False) == set()


def search(field: Field, **kw) -> set[str]:
    return {d.value for d in SearchQueryDetector().detect(field, ctx(visited=VISITED, **kw))}


SEARCH_POS = [
    (leaf("thistle willow 529", "properties", "keyword"), "thistle willow 529"),
    (leaf("quiet cobalt 200", "query"), "quiet cobalt 200"),
    (leaf("cobalt tundra 529", "search_keyword"), "cobalt tundra 529"),
    (leaf("lantern", "mp_keyword"), "lantern"),
    (leaf("red shoes", "searchTerm"), "red shoes"),
    (leaf(SEARCH, "$url"), "thistle willow 529"),
    (leaf("https://www.baidu.com/s?wd=%E5%A4%A9%E6%B0%94", "$referrer"), "天气"),
    (leaf("https://search.example/results?p=hotels+in+rome", "page_url"), "hotels in rome"),
    (
        leaf(
            "ref=" + SEARCH.replace(":", "%3A").replace("/", "%2F").replace("?", "%3F").replace("=", "%3D"),
            "blob",
        ),
        "thistle willow 529",
    ),
    (leaf("/search?q=thistle+willow+529", "$pathname"), "thistle willow 529"),
]
SEARCH_NEG = [
    leaf("未取到值_直接打开", "$latest_search_keyword"),  # the SDK's "no value" marker
    leaf("google", "$search_engine"),
    leaf("spring_sale", "utm_term"),
    leaf("query GetUser { user(id: 1) { name } }\n", "query"),
    leaf("12", "search_results_count"),
    leaf("https://shop-a.test/list?p=2", "$url"),  # page number
    leaf("https://shop-a.test/article?p=hello", "$url"),  # p outside a search page
    leaf("https://unrelated.test/search?q=abc+def", "x"),  # URL neither visited nor under a page key
    leaf("01a2073c-6620-74a4-9a94-ffeec0f4d8c5", "query"),
    Field(value="thistle", path=("url", "query:q"), key="q", keys=("q",)),  # the request's own q=
    Field(value=SEARCH, path=("header:Referer",), key="Referer", keys=("Referer",)),
]


@pytest.mark.parametrize(("field", "want"), SEARCH_POS)
def test_search_positive(field: Field, want: str) -> None:
    assert search(field) == {want}


@pytest.mark.parametrize("field", SEARCH_NEG)
def test_search_negative(field: Field) -> None:
    assert search(field) == set()


def referrer(value: str, **kw) -> list[tuple[str, str, str]]:
    f = Field(value=value, path=("header:Referer",), key="Referer", keys=("Referer",))
    return [(d.kind, d.value, d.severity) for d in ReferrerUrlDetector().detect(f, ctx(**kw))]


def test_referrer_url_table() -> None:
    assert referrer(PAGE) == [("referrer_url", PAGE, "low")]
    assert referrer("https://shop-a.test/") == []  # origin only
    assert referrer(PAGE, third_party=False) == []
    assert referrer("https://tracker.example/page/1") == []  # same site as the destination
    f = leaf(PAGE, "$referrer")
    assert list(ReferrerUrlDetector().detect(f, ctx())) == []  # payload referrers are visited_url


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "opened https://www.example-news.test/article/scarlet-harbor-48158",
            {"https://www.example-news.test/article/scarlet-harbor-48158"},
        ),
        ("user visited https://other.test/story/9 twice", {"https://other.test/story/9"}),
        ("Failed to fetch https://api.other.test/v1/users", set()),
        ("see https://other.test/story/9", set()),
    ],
)
def test_visited_url_in_prose(text: str, want: set[str]) -> None:
    assert visited(leaf(text, "breadcrumbs", "message")) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Search failed for 'brisk canyon 270' (user x)", {"brisk canyon 270"}),
        ('user searched for "red shoes"', {"red shoes"}),
        ("LookupError: no results for 'copper canyon 766'", {"copper canyon 766"}),
        ("0 results matching \u201cblue kettle\u201d", {"blue kettle"}),
        ("No results for '{query}'", set()),
        ("search backend returned no results for misty thistle 326", {"misty thistle 326"}),
        ("LookupError: No results found for blue kettle.", {"blue kettle"}),
        ("0 results matching red shoes", {"red shoes"}),
        ("No results for the given filters", set()),
        ("no results for user 4711", set()),
        ("No results for {query}", set()),
        ("no results for red shoes in 3 ms (cache miss)", set()),  # the term must end the message
        ("result 'failure' after 3 tries", set()),
        ("Query 'SELECT 1' took 3 ms", set()),
        ("search index rebuilt", set()),
        ("Search failed for '{id}'", set()),
        # a session-replay SDK's copy of the page text, digits masked (Clarity)
        ("Results for \u201cscarlet harbor \u25ab\u25ab\u25ab\u201d", set()),
        ("Search failed for '***** ****'", set()),
        ('        search(v["query"])\n', set()),  # a source line in a stack frame: a subscript
    ],
)
def test_search_in_prose(text: str, want: set[str]) -> None:
    assert search(leaf(text, "message")) == want
