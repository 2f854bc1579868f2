"""Identifier candidates: persistent-looking ids kept, per-request randoms and constants dropped."""

from __future__ import annotations

import base64
import json
from urllib.parse import quote

import pytest

from phonehome.detectors.identifiers import identifier_candidates
from phonehome.model import Field

from .helpers import ctx, leaf


def cands(field: Field) -> set[tuple[str, str]]:
    return set(identifier_candidates(field, ctx()))


KEEP = [
    ("01a2073c-6620-74a4-9a94-ffeec0f4d8c5", "$device_id"),
    ("1a2073c0fdf29c-0ff4575ebe9ce68-5c0d416e-921600-1a2073c0fe2cfc", "$identity_cookie_id"),
    ("5207edfe3b0c2b38", "distinct_id"),
    ("tomas_3595", "login_id"),
    ("a7660491-e9c9-4adf-b24b-7b223bd7b648", "gaid"),
    ("GA1.1.1234567890.1690000000", "cid"),
    ("Zx9Qk2LmP0aB7cD4eF1g", "visitor"),
    ("356053548671352", "imei"),
]
DROP = [
    ("01a2073c-666a-7a57-b988-ed8242fcf087", "uuid"),  # event id
    ("90tkjm0kyaqywoos", "$insert_id"),
    ("8fe2b584d63e40ec9c90423cba1fd7f5", "$insert_id"),
    ("f75a12e4-6bb2-4d3b-bb43-e2871097fabe", "messageId"),
    ("737666499", "_track_id"),
    ("1795417706498", "time"),
    ("1795417706498", "x_id"),  # a timestamp is never an id
    ("-1373450154", "crc"),
    ("phc_testkey123", "token"),
    ("phc_testkey123", "api_key"),
    ("segwritekey123", "writeKey"),
    ("global_browser", "project"),
    ("1.27.11", "$lib_version"),
    ("0123456789abcdef0123456789abcdef", "token"),
    ("2026-11-23T07:10:18.631467+00:00", "sent_at"),
    ("Android", "$os"),
    ("null", "distinct_id"),
    ("python-requests/2.34.2", "agent_id"),
    ("crx3,download,puff,run,xz,zucc", "acceptformat"),
]


@pytest.mark.parametrize(("value", "key"), KEEP)
def test_keeps_identifiers(value: str, key: str) -> None:
    assert (value, key) in cands(leaf(value, "properties", key))


@pytest.mark.parametrize(("value", "key"), DROP)
def test_drops_per_request_values_and_constants(value: str, key: str) -> None:
    assert cands(leaf(value, "properties", key)) == set()


def test_braced_uuid_is_unwrapped() -> None:
    assert cands(leaf("{23437ab2-aef4-4a76-bc8c-7e862148b0f7}", "client_id")) == {
        ("23437ab2-aef4-4a76-bc8c-7e862148b0f7", "client_id")
    }


def cookie(name: str, value: str) -> Field:
    return Field(value=value, path=("header:Cookie", f"cookie:{name}"), key=name, keys=("Cookie", name))


def test_json_cookies_are_opened() -> None:
    doc = {
        "distinct_id": "tomas_3595",
        "first_id": "1a2073c0fdf29c-0ff4575ebe9ce68-5c0d416e-921600-1a2073c0fe2cfc",
        "props": {"$latest_referrer": ""},
    }
    got = cands(cookie("sensorsdata2015jssdkcross", quote(json.dumps(doc))))
    assert got == {("tomas_3595", "distinct_id"), (doc["first_id"], "first_id")}
    ph = {
        "$device_id": "01a2073c-6620-74a4-9a94-ffeec0f4d8c5",
        "distinct_id": "tomas_1948",
        "$sesid": [1795417735996],
    }
    got = cands(cookie("ph_phc_x_posthog", base64.b64encode(json.dumps(ph).encode()).decode()))
    assert got == {("01a2073c-6620-74a4-9a94-ffeec0f4d8c5", "$device_id"), ("tomas_1948", "distinct_id")}


def test_plain_cookie_ids() -> None:
    assert cands(cookie("_ga", "GA1.1.1234567890.1690000000")) == {("GA1.1.1234567890.1690000000", "_ga")}
    assert cands(cookie("ajs_anonymous_id", "5b3c1e0e-8a2f-4d6e-9c1b-2a4f6e8d0c1a"))
    assert cands(cookie("sajssdk_2015_cross_new_user", "1")) == set()


def test_headers_and_roots_are_not_candidates() -> None:
    ua = Field(
        value="Mozilla/5.0 (Linux; Android 10)",
        path=("header:User-Agent",),
        key="User-Agent",
        keys=("User-Agent",),
    )
    assert cands(ua) == set()
    dev = Field(
        value="5b3c1e0e-8a2f-4d6e-9c1b-2a4f6e8d0c1a",
        path=("header:X-Device-Id",),
        key="X-Device-Id",
        keys=("X-Device-Id",),
    )
    assert cands(dev) == {("5b3c1e0e-8a2f-4d6e-9c1b-2a4f6e8d0c1a", "X-Device-Id")}
    assert cands(Field(value="https://x.test/?id=5b3c1e0e8a2f4d6e", path=("url",))) == set()
