"""URL, form, cookie, percent-encoding and JSON: paths, keys and values."""

from __future__ import annotations

import orjson
import pytest

from phonehome.decoders.cookie import CookieDecoder
from phonehome.decoders.form import FormDecoder
from phonehome.decoders.json import JsonDecoder
from phonehome.decoders.percent import PercentDecoder
from phonehome.decoders.url import UrlDecoder

from .helpers import ctx, field_at, paths_of, peel, root


def run(decoder, value, path=("body",)):
    return list(decoder.decode(root(value, path), ctx()) or ())


def test_url_query_fragment_and_data_segments():
    out = run(UrlDecoder(), "https://c.test/v1/eyJhIjoiYmJiYmIifQ/x?q=quiet+cobalt&e=%40x#t=tok", ("url",))
    got = {f.path[-1]: (f.value, f.key, f.keys) for f in out}
    assert got["query:q"] == ("quiet cobalt", "q", ("q",))
    assert got["query:e"] == ("@x", "e", ("e",))
    assert got["fragment:t"] == ("tok", "t", ("t",))
    assert got["path:1"][0] == "eyJhIjoiYmJiYmIifQ"
    assert "path:0" not in got and "path:2" not in got


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://track.test/api/v1/customers/omar_8739/events", ("path:3", "omar_8739", "customer_id")),
        ("https://x.test/users/a.b%40mail.test", ("path:1", "a.b@mail.test", "user_id")),
        ("https://x.test/v2/People/p-77/devices", ("path:2", "p-77", "person_id")),
        ("https://x.test/v2/device/8c1f0e2a", ("path:2", "8c1f0e2a", "device_id")),
        ("https://sdk.x.test/api/memberships/jonas_6993", ("path:2", "jonas_6993", "member_id")),  # Split
    ],
)
def test_rest_path_segment_after_a_collection_of_people_or_devices_is_keyed_as_its_id(url, expected):
    out = [(f.path[-1], f.value, f.key) for f in run(UrlDecoder(), url, ("url",))]
    assert expected in out
    assert out.count(expected) == 1


@pytest.mark.parametrize(
    "url",
    ["https://x.test/api/users/me", "https://x.test/users/search?q=x", "https://x.test/customers", "https://x.test/v1/events/e-12"],
)
def test_rest_path_words_and_other_collections_are_not_ids(url):
    assert [f for f in run(UrlDecoder(), url, ("url",)) if f.path[-1].startswith("path:")] == []


def test_relative_url_with_query():
    assert [f.value for f in run(UrlDecoder(), "/search?q=thistle")] == ["thistle"]


def test_form():
    out = run(FormDecoder(), "data=a%2Bb%3D&gzip=1&empty=&flag")
    assert [(f.path, f.value, f.key, f.keys) for f in out] == [
        (("body", "form:data"), "a+b=", "data", ("data",)),
        (("body", "form:gzip"), "1", "gzip", ("gzip",)),
    ]


@pytest.mark.parametrize(
    "value",
    [
        "abc==",
        "en-US,en;q=0.9",
        'a, b="c"',
        "Sentry sentry_key=abc, sentry_version=7",
        '{"a":"b=c"}',
        "x = 1",
    ],
)
def test_not_form(value):
    assert run(FormDecoder(), value) == []


def test_cookies():
    out = run(CookieDecoder(), 'a=1; b="q"; sa=%7B%22id%22%3A1%7D; empty=', ("header:Cookie",))
    assert [(f.path[-1], f.value) for f in out] == [
        ("cookie:a", "1"),
        ("cookie:b", "q"),
        ("cookie:sa", '{"id":1}'),
    ]


def test_cookie_header_is_split_as_cookies_only():
    peeled = peel(headers=(("cookie", "ph=%7B%22distinct_id%22%3A%22tomas%22%7D"),))
    assert paths_of(peeled, "tomas") == [("header:cookie", "cookie:ph", "json", "distinct_id")]


def test_percent():
    assert [f.value for f in run(PercentDecoder(), "%7B%22a%22%3A%22b%20c%22%7D")] == ['{"a":"b c"}']
    assert run(PercentDecoder(), "a=%20b&c=d") == []
    assert run(PercentDecoder(), "https://x.test/a%20b") == []
    assert run(PercentDecoder(), "100% sure") == []


def test_json_leaves_keys_and_numbers():
    doc = {
        "data_list": 1,
        "events": [{"properties": {"$url": "https://u.test/", "lat": -20.5487, "n": 3}}],
        "ok": True,
        "none": None,
        "s": "",
    }
    out = run(JsonDecoder(), orjson.dumps(doc).decode())
    got = {f.path[-1]: (f.value, f.key, f.keys) for f in out}
    assert got["events[0].properties.$url"] == ("https://u.test/", "$url", ("events", "properties", "$url"))
    assert got["events[0].properties.lat"][0] == "-20.5487"
    assert got["data_list"][0] == "1"
    assert "ok" not in got and "none" not in got and "s" not in got


def test_array_elements_take_the_enclosing_key():
    out = run(JsonDecoder(), '{"ids": ["a1", "b2"]}')
    assert [(f.path[-1], f.key, f.keys) for f in out] == [
        ("ids[0]", "ids", ("ids",)),
        ("ids[1]", "ids", ("ids",)),
    ]


def test_a_mapping_that_says_what_it_describes_names_its_generic_keys_by_it():
    doc = {
        "context": {"kind": "user", "key": "li_1210", "name": "Li", "email": "li@x.test"},
        "events": [{"type": "page", "name": "https://n.test/a/1", "id": "p-1"}, {"type": "track", "name": "Click"}],
        "device": {"type": "Device", "id": "d-9"},
    }
    got = {f.path[-1]: (f.key, f.keys[-1]) for f in run(JsonDecoder(), orjson.dumps(doc).decode())}
    assert got["context.key"] == ("user_key", "user_key")
    assert got["context.name"] == ("name", "name")  # a display name is no account id
    assert got["context.email"] == ("email", "email")
    assert got["events[0].name"] == ("page", "page")
    assert got["events[0].id"] == ("page_id", "page_id")
    assert got["events[1].name"] == ("name", "name")  # "track" says nothing about what is named
    assert got["device.id"] == ("device_id", "device_id")


def test_a_name_value_pair_keys_its_value_by_the_name():
    doc = {
        "visitors": [{"attributes": [{"entity_id": "1", "key": "customer_id", "type": "custom", "value": "li_1210"},
                                     {"name": "page_url", "value": "https://n.test/a/1"}]}],
        "resource": {"attributes": [{"key": "enduser.id", "value": {"stringValue": "li_1210"}},
                                    {"key": "geo.lat", "value": {"doubleValue": 48.85}}]},
        "fields": [{"name": "Li Wei", "value": "x1"}, {"key": "k", "value": {"a": "y1", "b": "z1"}}],
        "events": [{"eventName": "search", "value": "red shoes", "time": 1}, {"event": "purchase", "value": 12.5},
                   {"eventName": "search", "value": "blue hat", "time": 1, "metadata": None, "user": {"userID": "u1"},
                   "secondaryExposures": [], "statsigMetadata": {}},  # statsig-node: unset fields sent empty
                   {"name": "search", "value": "v7", "a": 1, "b": 2, "c": 3, "d": 4, "e": 5}],  # a record, no pair
        "traits": [{"trait_key": "email", "trait_value": "li@m.test"},
                   {"attributeName": "lat", "attributeValue": 48.85},
                   {"trait_key": "x", "other_value": "v1"}],
    }
    got = {f.path[-1]: (f.value, f.key) for f in run(JsonDecoder(), orjson.dumps(doc).decode())}
    assert got["visitors[0].attributes[0].value"] == ("li_1210", "customer_id")
    assert got["visitors[0].attributes[0].key"] == ("customer_id", "key")
    assert got["visitors[0].attributes[1].value"] == ("https://n.test/a/1", "page_url")
    assert got["resource.attributes[0].value.stringValue"] == ("li_1210", "enduser.id")
    assert got["resource.attributes[1].value.doubleValue"] == ("48.85", "geo.lat")
    assert got["fields[0].value"] == ("x1", "value")  # a display name is not a field name
    assert got["fields[1].value.a"] == ("y1", "a")  # a mapping of several fields keeps its own keys
    assert got["traits[0].trait_value"] == ("li@m.test", "email")  # the two fields share a prefix
    assert got["events[0].value"] == ("red shoes", "search")  # an event's one value: Statsig's events
    assert got["events[1].value"] == ("12.5", "purchase")
    assert got["events[2].value"] == ("blue hat", "search")  # empty fields do not make it a record
    assert got["events[3].value"] == ("v7", "value")  # seven fields that say something: a record
    assert got["traits[1].attributeValue"] == ("48.85", "lat")
    assert got["traits[2].other_value"] == ("v1", "other_value")  # prefixes differ: not a pair


def test_names_each_followed_by_a_value_list_key_those_values():
    # Clarity's custom tags / identity event: [time, type, name, [values], name, [values], ...]
    doc = {"a": [[3244, 34, "email", ["li@m.test"], "userHint", ["li_1210"], "userType", ["string"]],
                 ["ul", ["li", "x1"]],  # one name and one list: not a pair list
                 ["a", [1], "b", 2]]}  # does not end in a name and a list
    got = {f.path[-1]: (f.value, f.key) for f in run(JsonDecoder(), orjson.dumps(doc).decode())}
    assert got["a[0][3][0]"] == ("li@m.test", "email")
    assert got["a[0][5][0]"] == ("li_1210", "userHint")
    assert got["a[0][0]"] == ("3244", "a")
    assert got["a[1][1][1]"] == ("x1", "a")
    assert got["a[2][1][0]"] == ("1", "a")


def test_json_inside_json_strings():
    inner = orjson.dumps({"email": "m@x.test"}).decode()
    peeled = peel(orjson.dumps({"payload": inner}))
    assert paths_of(peeled, "m@x.test") == [("body", "json", "payload", "json", "email")]
    assert field_at(peeled, ("body", "json", "payload", "json", "email")).keys == ("payload", "email")


def test_json_quoted_string_is_opened_only_when_it_holds_more():
    assert run(JsonDecoder(), '"Android"') == []
    assert [f.value for f in run(JsonDecoder(), '"{\\"a\\":1}"')] == ['{"a":1}']


@pytest.mark.parametrize("value", ["{not json", "[1, 2", "{}", "[]"])
def test_json_negative(value):
    assert run(JsonDecoder(), value) == []
