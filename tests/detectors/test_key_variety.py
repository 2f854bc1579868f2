"""Key names other SDKs use for the same data: each must be recognised (and look-alikes must not)."""

from __future__ import annotations

import pytest

from phonehome.detectors import blind_detectors
from phonehome.model import Field

from .helpers import ctx

IMEI = "359173363927718"
AID = "5ff1e1b6328409e7"
UUID = "a0362f23-a428-4712-805e-13fe4ea1da38"
MAC = "e7:17:79:94:dc:95"
PHONE = "+15558538513"


def kinds(value: str, *keys: str, visited: tuple[str, ...] = ()) -> set[tuple[str, str]]:
    path = ("body", "json", ".".join(keys))
    f = Field(value=value, path=path, key=keys[-1], keys=keys, depth=2)
    c = ctx(visited=visited)
    return {(d.kind, d.value) for det in blind_detectors() for d in det.detect(f, c)}


SAME_DATA_OTHER_KEYS = [
    # (value, keys, expected (kind, value))
    (IMEI, ("context", "device", "imei"), ("imei", IMEI)),
    (IMEI, ("deviceImei",), ("imei", IMEI)),
    (IMEI, ("$imei",), ("imei", IMEI)),
    (IMEI, ("IMEI1",), ("imei", IMEI)),
    (AID, ("android_id",), ("android_id", AID)),
    (AID, ("androidId",), ("android_id", AID)),
    (AID, ("context", "device", "id"), ("android_id", AID)),
    (AID, ("contexts", "device", "device_id"), ("android_id", AID)),
    (AID, ("$identity_android_id",), ("android_id", AID)),
    (UUID, ("gps_adid",), ("adid", UUID)),
    (UUID, ("context", "device", "advertisingId"), ("adid", UUID)),
    (UUID, ("androidIdfa",), ("adid", UUID)),
    (UUID, ("google_advertising_id",), ("adid", UUID)),
    (UUID, ("tags", "gaid"), ("adid", UUID)),
    (UUID, ("data", "user_data", "madid"), ("adid", UUID)),  # Meta Conversions API
    (MAC, ("macAddress",), ("mac", MAC)),
    (MAC, ("mac",), ("mac", MAC)),
    (MAC, ("wifiMacAddress",), ("mac", MAC)),
    (PHONE, ("traits", "phone"), ("phone", PHONE)),
    (PHONE, ("user_properties", "$set", "phone_number"), ("phone", PHONE)),
    (PHONE, ("$phone",), ("phone", PHONE)),
    ("tomas_3595", ("userId",), ("user_id", "tomas_3595")),
    ("tomas_3595", ("user", "id"), ("user_id", "tomas_3595")),
    ("tomas_3595", ("uid",), ("user_id", "tomas_3595")),
    ("tomas_3595", ("external_id",), ("user_id", "tomas_3595")),
    ("tomas_3595", ("identity",), ("user_id", "tomas_3595")),
    ("tomas_3595", ("cookie", "ajs_user_id"), ("user_id", "tomas_3595")),
    ('"tomas_3595"', ("ajs_user_id",), ("user_id", "tomas_3595")),
    ("https://news.test/article/a-1", ("[Amplitude] Page URL",), ("visited_url", "https://news.test/article/a-1")),
    ("https://news.test/article/a-1", ("context", "page", "url"), ("visited_url", "https://news.test/article/a-1")),
    ("https://news.test/article/a-1", ("page_location",), ("visited_url", "https://news.test/article/a-1")),
    ("https://news.test/article/a-1", ("urlref",), ("visited_url", "https://news.test/article/a-1")),
    ("https://news.test/article/a-1", ("eventValue", "af_content"), ("visited_url", "https://news.test/article/a-1")),
    ("https://news.test/article/a-1", ("tags", "last_article"), ("visited_url", "https://news.test/article/a-1")),
    ("red shoes", ("event_properties", "search_term"), ("search_query", "red shoes")),
    ("red shoes", ("properties", "query"), ("search_query", "red shoes")),
    ("red shoes", ("ep.search_term",), ("search_query", "red shoes")),
    ("red shoes", ("data", "filters", "q"), ("search_query", "red shoes")),
    ("?q=red+shoes", ("context", "page", "search"), ("search_query", "red shoes")),
    ("red shoes", ("mp_keyword",), ("search_query", "red shoes")),
    # dotted attribute names (OpenTelemetry semantic conventions, Datadog's usr object)
    (AID, ("device.id",), ("android_id", AID)),
    ("tomas_3595", ("enduser.id",), ("user_id", "tomas_3595")),
    ("tomas_3595", ("usr", "id"), ("user_id", "tomas_3595")),
    ("tomas_3595", ("user_name",), ("user_id", "tomas_3595")),  # a flat user_name is the login
    ("https://news.test/article/a-1", ("url.full",), ("visited_url", "https://news.test/article/a-1")),
    ("red shoes", ("app.search.query",), ("search_query", "red shoes")),
]


@pytest.mark.parametrize(("value", "keys", "want"), SAME_DATA_OTHER_KEYS)
def test_other_sdks_key_names(value: str, keys: tuple[str, ...], want: tuple[str, str]) -> None:
    assert want in kinds(value, *keys)


PERSONAL = {"email", "imei", "phone", "location", "visited_url", "search_query", "android_id", "adid", "mac", "user_id"}
LOOK_ALIKES = [
    # values that look like personal data under keys that say they are not
    (AID, ("$insert_id",)),
    (AID, ("span_id",)),
    (AID, ("trace", "parent_span_id")),
    (UUID, ("messageId",)),
    (UUID, ("uuid",)),
    (UUID, ("event", "id")),
    (UUID, ("$session_id",)),
    (UUID, ("$window_id",)),
    ("tomas_3595", ("$screen_name",)),
    ("ArticleDetail", ("screen", "name")),
    ("Reader", ("user", "name")),  # a person's display name (Castle, Segment traits), not a login
    ("Reader", ("customer", "name")),
    ("books", ("search_cat",)),
    ("google", ("$search_engine",)),
    ("https://cdn.example.test/sdk/v2/analytics.min.js", ("script_url",)),
    ("https://us.i.posthog.com", ("api_host",)),
    ("daily-reader@4.2.0", ("release",)),
    ("phc_testkey123", ("token",)),
    ("1795417706498", ("time",)),
    ("-1373450154", ("crc",)),
    ("python-requests/2.34.2", ("User-Agent",)),
    ("203.0.113.57", ("ip_address",)),
    ("0.5487", ("latitude",)),
    ("https://cdn.example.test/img/hero.png", ("content",)),  # an asset, not a page
    ("https://news.test/", ("content",)),  # a site, not a page
    ("https://cdn.example.test/img/cover.jpg", ("article", "image")),  # the article's picture
]


@pytest.mark.parametrize(("value", "keys"), LOOK_ALIKES)
def test_look_alikes_are_not_personal(value: str, keys: tuple[str, ...]) -> None:
    assert {k for k, _ in kinds(value, *keys)} & PERSONAL == set()
