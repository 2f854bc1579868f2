"""Tables for email, hashed email, phone, location, file path, app usage and device info."""

from __future__ import annotations

import hashlib

import pytest

from phonehome.detectors.app_usage import AppUsageDetector
from phonehome.detectors.device_info import DeviceInfoDetector
from phonehome.detectors.email import EmailDetector
from phonehome.detectors.file_path import FilePathDetector
from phonehome.detectors.hashed_id import HashedIdentifierDetector
from phonehome.detectors.location import LocationDetector
from phonehome.detectors.phone import PhoneDetector
from phonehome.model import Field

from .helpers import ctx, leaf

EMAIL_POS = [
    ("tomas.ferreira79@mailbox.test", "tomas.ferreira79@mailbox.test"),
    ('{"$set":{"email":"a.b+c@example.co.uk"}}', "a.b+c@example.co.uk"),
    ("contact: Maria.Okafor@Mailbox.TEST, thanks", "Maria.Okafor@Mailbox.TEST"),
    ("u=tomas%40mailbox.test&x=1", "tomas@mailbox.test"),
]
EMAIL_NEG = [
    "icon@2x.png",
    "logo@3x.webp",
    "user@localhost",
    "@handle",
    "a@b.c",
    "https://user@host.example/path",
    "name..dots@example.com",
    "no at sign here",
]


@pytest.mark.parametrize(("text", "want"), EMAIL_POS)
def test_email_positive(text: str, want: str) -> None:
    assert {d.value for d in EmailDetector().detect(leaf(text, "k"), ctx())} == {want}


@pytest.mark.parametrize("text", EMAIL_NEG)
def test_email_negative(text: str) -> None:
    assert list(EmailDetector().detect(leaf(text, "k"), ctx())) == []


SHA = hashlib.sha256(b"li.tanaka53@mailbox.test").hexdigest()
MD5 = hashlib.md5(b"li.tanaka53@mailbox.test").hexdigest()


@pytest.mark.parametrize(
    ("value", "key", "algo"),
    [
        (SHA, "email_sha256", "sha256"),
        (SHA.upper(), "hashed_email", "sha256"),
        (MD5, "email_md5", "md5"),
        (MD5, "em", "md5"),
        (hashlib.sha1(b"x@y.test").hexdigest(), "userEmailHash", "sha1"),
        (hashlib.sha512(b"x@y.test").hexdigest(), "email", "sha512"),
    ],
)
def test_hashed_email_positive(value: str, key: str, algo: str) -> None:
    (d,) = HashedIdentifierDetector().detect(leaf(value, "properties", key), ctx())
    assert (d.kind, d.value, d.hashed) == ("email", value.lower(), algo)


def test_hashed_email_base64_digest_is_reported_as_hex() -> None:
    import base64

    b64 = base64.b64encode(hashlib.sha256(b"x@y.test").digest()).decode()
    (d,) = HashedIdentifierDetector().detect(leaf(b64, "email_hash"), ctx())
    assert (d.value, d.hashed) == (hashlib.sha256(b"x@y.test").hexdigest(), "sha256")


@pytest.mark.parametrize(
    ("value", "key"),
    [
        (SHA, "cup2hreq"),  # a request hash, not under an email key
        (SHA, "sha256"),
        (SHA, "email_verified"),
        ("c10a3c107d0e29d9", "email_sha256"),  # wrong length
        ("tomas@mailbox.test", "email_sha256"),
        ("0" * 64, "email_sha256"),
    ],
)
def test_hashed_email_negative(value: str, key: str) -> None:
    assert list(HashedIdentifierDetector().detect(leaf(value, key), ctx())) == []


PHONE_POS = [
    ("+15558538513", "phone"),
    ("+44 20 7946 0958", "mobile"),
    ("(202) 555-0143", "phone_number"),
    ("+49 30 901820", "x"),  # E.164 without a key
    ("+15558538513", "contact"),
    ("+8613800138000", "tel"),
    ("020 7946 0958", "msisdn"),
    ("5558538513", "phone"),  # a 555 test number, national form, under a phone key
    ("15558538513", "mobile"),
]
PHONE_NEG = [
    ("+0123456789", "x"),
    ("+15 558", "x"),
    ("15558538513", "x"),  # no + and no key
    ("1795417817", "phone_verified_at"),
    ("1795417817256", "phone"),  # a timestamp
    ("Redmi Note 8", "phone_model"),
    ("+01:00", "tz"),
    ("12", "phone"),
    ("+1", "phone"),
    ("2026-11-23", "phone"),
]


@pytest.mark.parametrize(("value", "key"), PHONE_POS)
def test_phone_positive(value: str, key: str) -> None:
    assert [d.kind for d in PhoneDetector().detect(leaf(value, key), ctx())] == ["phone"]


@pytest.mark.parametrize(("value", "key"), PHONE_NEG)
def test_phone_negative(value: str, key: str) -> None:
    assert list(PhoneDetector().detect(leaf(value, key), ctx())) == []


def _pair(det: LocationDetector, c, lat: tuple[str, str], lon: tuple[str, str], parent: str = "properties"):
    out = []
    for key, value in (lat, lon):
        f = Field(value=value, path=("body", "json", f"{parent}.{key}"), key=key, keys=(parent, key))
        out.extend(det.detect(f, c))
    return out


@pytest.mark.parametrize(
    ("lat", "lon", "want"),
    [
        (("latitude", "-20.5487"), ("longitude", "125.01449"), "-20.5487,125.01449"),
        (("longitude", "25.93157"), ("latitude", "3.15826"), "3.15826,25.93157"),
        (("lat", "41.397"), ("lng", "2.17"), "41.397,2.17"),
        (("$geo_latitude", "-36.03691"), ("$geo_longitude", "-66.00102"), "-36.03691,-66.00102"),
        (("gpsLat", "13.55933"), ("gpsLon", "5.00749"), "13.55933,5.00749"),
    ],
)
def test_location_pairs(lat, lon, want) -> None:
    (d,) = _pair(LocationDetector(), ctx(), lat, lon)
    assert (d.kind, d.value) == ("location", want)


@pytest.mark.parametrize(
    ("lat", "lon"),
    [
        (("latitude", "41.4"), ("longitude", "2.2")),  # too coarse
        (("latitude", "95.12345"), ("longitude", "2.12345")),  # out of range
        (("latitude", "0.000"), ("longitude", "0.000")),  # null island
        (("lat_accuracy", "12.345"), ("lon_accuracy", "12.345")),
        (("latitude", "abc"), ("longitude", "2.12345")),
        (("latitude", "1795417817"), ("longitude", "2.12345")),
        (("$timezone_offset", "-20.5487"), ("screen", "125.01449")),
    ],
)
def test_location_negatives(lat, lon) -> None:
    assert _pair(LocationDetector(), ctx(), lat, lon) == []


def test_location_halves_in_different_objects_do_not_pair() -> None:
    det, c = LocationDetector(), ctx()
    out = _pair(det, c, ("latitude", "-20.5487"), ("x", "1"), parent="[0]")
    out += _pair(det, c, ("x", "1"), ("longitude", "125.01449"), parent="[1]")
    assert out == []


def test_location_halves_in_entries_of_a_name_value_list_pair() -> None:
    det, c = LocationDetector(), ctx()
    out = []
    for i, (key, value) in enumerate((("latitude", "-22.8039"), ("longitude", "122.85839"))):
        # {"traits": [{"trait_key": "latitude", "trait_value": …}, …]}: the walker keys each value by its name
        where = ("body", "json", f"traits[{i + 6}].trait_value")
        out.extend(det.detect(Field(value=value, path=where, key=key, keys=("traits", key)), c))
    assert [(d.kind, d.value) for d in out] == [("location", "-22.8039,122.85839")]


def _array(key: str, *numbers: str, where: str = "keen.location") -> list[tuple[str, str]]:
    det, c, out = LocationDetector(), ctx(), []
    for i, number in enumerate(numbers):
        f = Field(value=number, path=("body", "json", f"{where}.{key}[{i}]"), key=key, keys=(where, key))
        out.extend(det.detect(f, c))
    return [(d.kind, d.value) for d in out]


@pytest.mark.parametrize(
    ("key", "numbers", "want"),
    [
        ("coordinates", ("-24.03673", "36.64238"), "36.64238,-24.03673"),  # GeoJSON / Keen: [lon, lat]
        ("coordinates", ("-24.03673", "36.64238", "120.5"), "36.64238,-24.03673"),  # with an altitude
        ("lngLat", ("2.17456", "41.39123"), "41.39123,2.17456"),
        ("latlng", ("41.39123", "2.17456"), "41.39123,2.17456"),
        ("location", ("120.12345", "45.12345"), "45.12345,120.12345"),  # only [lon, lat] fits
    ],
)
def test_location_two_number_array_under_a_pair_key(key, numbers, want) -> None:
    assert _array(key, *numbers) == [("location", want)]


@pytest.mark.parametrize(
    ("key", "numbers"),
    [
        ("position", ("120.125", "45.5")),  # a screen position as often as a place
        ("coordinates", ("3", "4")),  # not precise
        ("coordinates", ("2.1", "41.3")),  # too coarse
        ("coordinates", ("-24.03673",)),  # one half
        ("coordinates", ("512.25", "300.125")),  # out of range both ways
        ("values", ("-24.03673", "36.64238")),  # no location key
    ],
)
def test_location_array_negatives(key, numbers) -> None:
    assert _array(key, *numbers) == []


def test_location_combined_value() -> None:
    (d,) = LocationDetector().detect(leaf("41.39792, 38.42970", "ll"), ctx())
    assert d.value == "41.39792,38.42970"
    assert list(LocationDetector().detect(leaf("1.2, 3.4", "ll"), ctx())) == []


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("/storage/emulated/0/DCIM/Camera/IMG_1.jpg", "/storage/emulated/0/DCIM/Camera/IMG_1.jpg"),
        ('{"f":"/sdcard/Download/tax-2024.pdf"}', "/sdcard/Download/tax-2024.pdf"),
        ("/data/user/0/com.example.app/files/log.txt", "/data/user/0/com.example.app/files/log.txt"),
        ("p=%2Fstorage%2Femulated%2F0%2FMusic%2Fa.mp3", "/storage/emulated/0/Music/a.mp3"),
        ("/storage/emulated/0/DCIM/Trip 2016", "/storage/emulated/0/DCIM/Trip 2016"),
        ("/sdcard/My Documents/cv final.pdf", "/sdcard/My Documents/cv final.pdf"),
    ],
)
def test_file_path_positive(text: str, want: str) -> None:
    assert [d.value for d in FilePathDetector().detect(leaf(text, "k"), ctx())] == [want]


@pytest.mark.parametrize(
    "text",
    [
        "/work/steering/eval/make_corpus.py",
        "/storage/",
        "/api/storage/emulated",
        "/sdcard",
        "https://x.test/data/",
    ],
)
def test_file_path_negative(text: str) -> None:
    assert list(FilePathDetector().detect(leaf(text, "k"), ctx())) == []


@pytest.mark.parametrize(
    ("value", "key", "want"),
    [
        ("com.whatsapp", "package_name", ["com.whatsapp"]),
        ("org.telegram.messenger,com.tinder", "installed_apps", ["org.telegram.messenger", "com.tinder"]),
        ("com.example.bank", "appId", ["com.example.bank"]),
        ("com.android.chrome", "foreground_app", ["com.android.chrome"]),
    ],
)
def test_app_usage_positive(value: str, key: str, want: list[str]) -> None:
    assert [d.value for d in AppUsageDetector().detect(leaf(value, key), ctx())] == want


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("com.whatsapp", "title"),  # not an app key
        ("ceofaddefefcbblgcgnibnonglccbfja", "appid"),  # a Chrome extension id
        ("sensorsdata.min.js", "package"),
        ("1.27.11", "app_version"),
        ("news-b.test", "app"),
        ("My App", "app_name"),
    ],
)
def test_app_usage_negative(value: str, key: str) -> None:
    assert list(AppUsageDetector().detect(leaf(value, key), ctx())) == []


@pytest.mark.parametrize(
    ("value", "keys", "cat"),
    [
        ("Redmi Note 8", ("$model",), "model"),
        ("Android 10", ("$os_version",), "os"),
        ("1280", ("$screen_width",), "screen"),
        ("T-Mobile", ("carrier",), "carrier"),
        ("Europe/Berlin", ("timezone",), "timezone"),
        ("en-US", ("locale",), "locale"),
        ("6.18.44", ("os", "version"), "os"),
    ],
)
def test_device_info_positive(value: str, keys: tuple[str, ...], cat: str) -> None:
    (d,) = DeviceInfoDetector().detect(leaf(value, *keys), ctx())
    assert (d.kind, d.severity, d.why.split()[0]) == ("device_info", "low", cat)


@pytest.mark.parametrize(("value", "keys"), [("1.27.11", ("$lib_version",)), ("null", ("$model",)), ("x", ("title",))])
def test_device_info_negative(value: str, keys: tuple[str, ...]) -> None:
    assert list(DeviceInfoDetector().detect(leaf(value, *keys), ctx())) == []


def test_hashed_email_is_named_when_the_address_was_seen_in_clear() -> None:
    from phonehome.detectors.seen import SeenValues

    seen = SeenValues()
    c = ctx()
    email = "ravi.lindqvist12@mailbox.test"
    list(EmailDetector(seen).detect(leaf(email, "data", "email"), c))
    digest = hashlib.sha256(email.encode()).hexdigest()
    (d,) = HashedIdentifierDetector(seen).detect(leaf(digest, "data", "email_sha256"), c)
    assert (d.kind, d.value, d.hashed) == ("email", email, "sha256")
    (d,) = HashedIdentifierDetector(seen).detect(leaf(digest, "data", "email_sha256"), ctx())  # another capture
    assert d.value == digest


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Search failed (user x, phone +15559481759, at 1.2)", ["+15559481759"]),
        ("call me: +44 20 7946 0958 tomorrow", ["+44 20 7946 0958"]),
        ("order 12 shipped, ref +15559481759", []),  # no cue and not an allocated number
        ("version +1.2.3 released", []),
    ],
)
def test_phone_in_prose(text: str, want: list[str]) -> None:
    assert [d.value for d in PhoneDetector().detect(leaf(text, "message"), ctx())] == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Search failed for 'x' at 12.92074,50.63373)", ["12.92074,50.63373"]),
        ("moved to -25.40375, 125.31837 today", ["-25.40375,125.31837"]),
        ("scores 0.12, 0.34 and 0.5", []),
        ("took 1.2345,2.3 s", []),
        ("ratio 95.12345,2.12345", []),
    ],
)
def test_location_in_prose(text: str, want: list[str]) -> None:
    assert [d.value for d in LocationDetector().detect(leaf(text, "message"), ctx())] == want


@pytest.mark.parametrize(
    ("plain", "key", "kind"),
    [
        ("+15558538513", "ph", "phone"),
        ("359173363927718", "imei_md5", "imei"),
        ("e7:17:79:94:dc:95", "mac_sha1", "mac"),
        ("5ff1e1b6328409e7", "android_id_md5", "android_id"),
        ("a0362f23-a428-4712-805e-13fe4ea1da38", "hashed_idfa", "adid"),
        ("reader-1842", "user_hash", "user_id"),
        ("reader-1842", "hashedUserId", "user_id"),
        ("c.adams@example.test", "customer_sha1", "user_id"),
    ],
)
def test_hashed_identifiers(plain: str, key: str, kind: str) -> None:
    algo = "sha256" if kind == "phone" else "sha1" if "sha1" in key else "md5"
    digest = hashlib.new(algo, plain.encode()).hexdigest()
    (d,) = HashedIdentifierDetector().detect(leaf(digest, key), ctx())
    assert (d.kind, d.value, d.hashed) == (kind, digest, algo)


def test_phone_answers_remembered_per_number_match_a_fresh_detector() -> None:
    """The detector remembers each number's answer: the same text under other keys answers as if new."""
    texts = [v for v, _ in PHONE_POS] + [v for v, _ in PHONE_NEG] + ["+15558538513", "+44 20 7946 0958"]
    keys = ["phone", "note", "mobile", "id"]
    reused = PhoneDetector()
    for _ in range(2):
        for text in texts:
            for key in keys:
                want = list(PhoneDetector().detect(leaf(text, key), ctx()))
                assert list(reused.detect(leaf(text, key), ctx())) == want


@pytest.mark.parametrize("key", ["user_id", "userAgentHash", "session_hash", "password_md5", "hash"])
def test_digest_not_a_hashed_user_id_unless_the_key_says_both(key: str) -> None:
    """A hex user id is common in clear; only a key naming a person and a hash makes it a digest."""
    digest = hashlib.sha256(b"reader-1842").hexdigest()
    assert [d for d in HashedIdentifierDetector().detect(leaf(digest, key), ctx()) if d.kind == "user_id"] == []


def test_hashed_phone_named_from_its_digits() -> None:
    from phonehome.detectors.seen import SeenValues

    seen, c = SeenValues(), ctx()
    list(PhoneDetector(seen).detect(leaf("+15558538513", "phone"), c))
    digest = hashlib.sha256(b"15558538513").hexdigest()
    (d,) = HashedIdentifierDetector(seen).detect(leaf(digest, "ud[ph]"), c)
    assert (d.kind, d.value, d.hashed) == ("phone", "+15558538513", "sha256")
