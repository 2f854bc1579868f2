from __future__ import annotations

import pytest

from phonehome.attribution.fingerprints.view import RequestView, _parent_and_first, _split_url
from phonehome.model import Field
from tests.attribution.peel import make_exchange


@pytest.mark.parametrize(("url", "expected"), [
    ("https://h.test/a/b?x=1#f", ("/a/b", "x=1")),
    ("https://h.test?x=1", ("/", "x=1")),
    ("https://h.test", ("/", "")),
    ("http://h.test:8080/sa.gif?project=p&data=e30%3D", ("/sa.gif", "project=p&data=e30%3D")),
])
def test_split_url(url: str, expected: tuple[str, str]) -> None:
    assert _split_url(url) == expected


@pytest.mark.parametrize(("head", "expected"), [
    ("batch[0].properties", ("properties", "batch")),
    ("[0].properties", ("properties", "properties")),
    ("[0]", ("", "")),
    ("[0][1].lib", ("lib", "lib")),
    ("context.library", ("library", "context")),
    ("data[3]", ("data", "data")),
])
def test_parent_and_first(head: str, expected: tuple[str, str]) -> None:
    assert _parent_and_first(head, "k") == expected


def test_view_from_engine_shaped_fields() -> None:
    exchange = make_exchange("https://c.test/sa?project=p", b"data_list=x&gzip=1",
                             headers=(("Content-Type", "application/x-www-form-urlencoded"),))
    base = ("body", "form:data_list", "base64", "gzip", "json")
    fields = [
        Field("p", ("url", "query:project"), "project", ("project",)),
        Field("x", ("body", "form:data_list"), "data_list", ("data_list",)),
        Field("1", ("body", "form:gzip"), "gzip", ("gzip",)),
        Field("js", (*base, "[0].lib.$lib"), "$lib", ("data_list", "lib", "$lib")),
        Field("d1", (*base, "[0].distinct_id"), "distinct_id", ("data_list", "distinct_id")),
        Field("u", (*base, "[0].properties.$url"), "$url", ("data_list", "properties", "$url")),
        Field("ua", ("header:User-Agent",), "User-Agent", ("User-Agent",)),
    ]
    view = RequestView(exchange, fields)
    assert view.path == "/sa" and view.query == {"project": "p"}
    assert view.form == {"data_list": "x", "gzip": "1"}
    assert view.top == {"lib", "distinct_id", "properties"}
    assert view.dotted["lib.$lib"] == "js" and view.value("lib.$lib") == "js"
    assert "User-Agent" not in view.keys and view.has_header("content-type")
    assert view.param("gzip") == "1" and view.has_params("data_list", "gzip") and view.path_ends("/sa")


def test_view_parses_a_form_body_itself_when_no_field_says_so() -> None:
    form = (("Content-Type", "application/x-www-form-urlencoded"),)
    exchange = make_exchange("https://c.test/t", b"a=1&b=2", headers=form)
    view = RequestView(exchange, [])
    assert view.form == {"a": "1", "b": "2"} and {"a", "b"} <= view.names()
