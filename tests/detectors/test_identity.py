"""Tables for the device and account identifier detectors."""

from __future__ import annotations

import pytest

from phonehome.detectors.adid import AdvertisingIdDetector
from phonehome.detectors.android_id import AndroidIdDetector
from phonehome.detectors.device_id import DeviceIdDetector
from phonehome.detectors.iccid import IccidDetector
from phonehome.detectors.imei import ImeiDetector
from phonehome.detectors.imsi import ImsiDetector
from phonehome.detectors.mac import MacDetector
from phonehome.detectors.user_id import UserIdDetector

from .helpers import ctx, leaf


def kinds_values(detector, value: str, *keys: str) -> set[tuple[str, str]]:
    return {(d.kind, d.value) for d in detector.detect(leaf(value, *keys), ctx())}


IMEI_POS = [
    ("359173363927718", ("properties", "imei")),
    ("356053548671352", ("imei",)),
    ("35-917336-392771-8", ("device", "IMEI1")),
    ("355387163757133", ("deviceImei",)),
    ("359173363927718", ("x",)),  # Luhn + common TAC prefix, no key
    ("865427034515261", ("udid",)),
]
IMEI_NEG = [
    ("359173363927719", ("imei",)),  # bad Luhn
    ("1795417817256", ("imei",)),  # ms timestamp
    ("179541781725600", ("imei",)),  # not an IMEI prefix, timestamp-like
    ("123456789012345", ("x",)),
    ("000000000000000", ("imei",)),
    ("3591733639277180", ("imei",)),  # 16 digits
    ("425173363927712", ("x",)),  # valid Luhn, prefix needs a key
    ("35917336392771", ("imei",)),
]


@pytest.mark.parametrize(("value", "keys"), IMEI_POS)
def test_imei_positive(value: str, keys: tuple[str, ...]) -> None:
    assert ("imei", value.replace("-", "")) in kinds_values(ImeiDetector(), value, *keys)


@pytest.mark.parametrize(("value", "keys"), IMEI_NEG)
def test_imei_negative(value: str, keys: tuple[str, ...]) -> None:
    assert kinds_values(ImeiDetector(), value, *keys) == set()


def test_meid_under_meid_key() -> None:
    assert kinds_values(ImeiDetector(), "A10000009296F2", "meid") == {("meid", "A10000009296F2")}
    assert kinds_values(ImeiDetector(), "A10000009296F2", "request") == set()


@pytest.mark.parametrize(
    ("value", "key", "ok"),
    [
        ("310150123456789", "imsi", True),
        ("460001234567890", "subscriberId", True),
        ("310150123456789", "user", False),
        ("1795417817256000", "imsi", False),
        ("abc", "imsi", False),
    ],
)
def test_imsi_table(value: str, key: str, ok: bool) -> None:
    assert bool(kinds_values(ImsiDetector(), value, key)) is ok


@pytest.mark.parametrize(
    ("value", "key", "ok"),
    [
        ("8944500102198304826", "iccid", True),
        ("8944500102198304826", "x", True),
        ("89014103211118510720", "sim_serial", True),
        ("8944500102198304827", "x", False),  # bad Luhn, no key
        ("1944500102198304826", "iccid", False),
    ],
)
def test_iccid_table(value: str, key: str, ok: bool) -> None:
    assert bool(kinds_values(IccidDetector(), value, key)) is ok


ANDROID_POS = [
    ("5ff1e1b6328409e7", "$device_id"),
    ("ab0fcc82a3fcb70c", "android_id"),
    ("AB0FCC82A3FCB70C", "androidId"),
    ("5207edfe3b0c2b38", "$identity_android_id"),
    ("1c86486625a6317c", "deviceId"),
    ("1c86486625a6317c", "ssaid"),
]
ANDROID_NEG = [
    ("5ff1e1b6328409e7", "request_id"),  # random 16-hex request ids
    ("5ff1e1b6328409e7", "trace_id"),
    ("5ff1e1b6328409e7", "span_id"),
    ("5ff1e1b6328409e7", "$insert_id"),
    ("5ff1e1b6328409e7", "distinct_id"),
    ("5ff1e1b6328409e7", "x"),
    ("1795417817256000", "device_id"),  # digits only: a µs timestamp
    ("5ff1e1b6328409e", "device_id"),
    ("5ff1e1b6328409e7a", "device_id"),
    ("zzf1e1b6328409e7", "device_id"),
    ("0000000000000000", "android_id"),
]


@pytest.mark.parametrize(("value", "key"), ANDROID_POS)
def test_android_id_positive(value: str, key: str) -> None:
    assert kinds_values(AndroidIdDetector(), value, "properties", key) == {("android_id", value.lower())}


@pytest.mark.parametrize(("value", "key"), ANDROID_NEG)
def test_android_id_negative(value: str, key: str) -> None:
    assert kinds_values(AndroidIdDetector(), value, "properties", key) == set()


UUID = "a0362f23-a428-4712-805e-13fe4ea1da38"
ADID_POS = [
    "gaid",
    "adid",
    "idfa",
    "advertising_id",
    "advertisingId",
    "ad_id",
    "$gps_adid",
    "google_aid",
    "oaid",
    "IDFA",
]
ADID_NEG = [
    "uuid",
    "$insert_id",
    "messageId",
    "session_id",
    "$device_id",
    "event_id",
    "ad_request_id",
    "campaign_ad_id",
    "id",
]


@pytest.mark.parametrize("key", ADID_POS)
def test_adid_positive(key: str) -> None:
    assert kinds_values(AdvertisingIdDetector(), UUID, key) == {("adid", UUID)}


@pytest.mark.parametrize("key", ADID_NEG)
def test_adid_negative_keys(key: str) -> None:
    assert kinds_values(AdvertisingIdDetector(), UUID, key) == set()


def test_adid_values() -> None:
    det = AdvertisingIdDetector()
    assert kinds_values(det, UUID.upper(), "gaid") == {("adid", UUID)}
    assert kinds_values(det, UUID.replace("-", ""), "advertising_id") == {("adid", UUID)}
    assert kinds_values(det, UUID.replace("-", ""), "adid") == set()  # Adjust's own adid is 32-hex
    assert kinds_values(det, "00000000-0000-0000-0000-000000000000", "idfa") == set()
    assert kinds_values(det, "not-a-uuid", "gaid") == set()


MAC_POS = [
    ("e7:17:79:94:dc:95", "wifi_mac", "e7:17:79:94:dc:95"),
    ("E7-17-79-94-DC-95", "x", "e7:17:79:94:dc:95"),
    ("e71779 94dc95".replace(" ", ""), "macAddress", "e7:17:79:94:dc:95"),
    ("e717.7994.dc95", "bssid", "e7:17:79:94:dc:95"),
    ("4d:c7:2b:f1:86:5b", "router", "4d:c7:2b:f1:86:5b"),
]
MAC_NEG = [
    ("02:00:00:00:00:00", "wifi_mac"),  # Android's constant
    ("00:00:00:00:00:00", "mac"),
    ("ff:ff:ff:ff:ff:ff", "mac"),
    ("20-11-23-07-08-26", "x"),  # a date, all digits, no key
    ("e71779 94dc95".replace(" ", ""), "x"),  # bare hex needs a key
    ("e7:17:79:94:dc", "mac"),
    ("g7:17:79:94:dc:95", "mac"),
]


@pytest.mark.parametrize(("value", "key", "want"), MAC_POS)
def test_mac_positive(value: str, key: str, want: str) -> None:
    assert kinds_values(MacDetector(), value, key) == {("mac", want)}


@pytest.mark.parametrize(("value", "key"), MAC_NEG)
def test_mac_negative(value: str, key: str) -> None:
    assert kinds_values(MacDetector(), value, key) == set()


USER_POS = [
    ("tomas_3595", "login_id"),
    ("tomas_1948", "$user_id"),
    ("tomas_1948", "distinct_id"),
    ("maria.okafor", "userId"),
    ("li_6496", "$identity_login_id"),
    ("jsmith", "username"),
    ("maria@mailbox.test", "user_id"),
    ("amara_4226", "uid"),
    ("amara_6966", "user.identifier"),  # Raygun's user
    ("amara_6966", "userIdentifier"),
    ("sofia_1417", "userHint"),  # Clarity's identify(): the friendly name beside the hashed id
]
USER_NEG = [
    ("01a2073c-6620-74a4-9a94-ffeec0f4d8c5", "distinct_id"),  # PostHog anonymous UUIDv7
    ("1a2073c0fdf29c-0ff4575ebe9ce68-5c0d416e-921600-1a2073c0fe2cfc", "distinct_id"),  # Sensors cookie id
    ("1c86486625a6317c", "userId"),  # hex
    ("90tkjm0kyaqywoos", "user_id"),  # random base36
    ("123456789", "user_id"),  # service-assigned number
    ("tomas_3595", "user_agent"),
    ("tomas_3595", "$anon_distinct_id"),
    ("anonymous", "user_id"),
    ("premium", "customer_tier"),
    ("google", "login_provider"),
    ("Mozilla/5.0 (Linux)", "user_agent"),
    ("1795417817256", "user_id"),
    ("tomas_3595", "session_id"),
    ("ArticleDetail", "$screen_name"),
]


@pytest.mark.parametrize(("value", "key"), USER_POS)
def test_user_id_positive(value: str, key: str) -> None:
    assert kinds_values(UserIdDetector(), value, key) == {("user_id", value)}


@pytest.mark.parametrize(("value", "key"), USER_NEG)
def test_user_id_negative(value: str, key: str) -> None:
    assert kinds_values(UserIdDetector(), value, key) == set()


DEVICE_POS = [
    ("01a2073c-6620-74a4-9a94-ffeec0f4d8c5", "$device_id"),
    ("01a2073c-6620-74a4-9a94-ffeec0f4d8c5", "distinct_id"),
    ("1a2073c0fdf29c-0ff4575ebe9ce68-5c0d416e-921600-1a2073c0fe2cfc", "$identity_cookie_id"),
    ("1c86486625a6317c", "userId"),
    ("ac02191023bd43ac", "distinct_id"),
    ("5b3c1e0e-8a2f-4d6e-9c1b-2a4f6e8d0c1a", "anonymousId"),
    ("GA1.1.1234567890.1690000000", "cid"),
    ("519ff79b3782a453", "user.uuid"),  # Raygun's user: a device id per its docs
    ("5b3c1e0e-8a2f-4d6e-9c1b-2a4f6e8d0c1a", "user.identifier"),
]
DEVICE_NEG = [
    ("tomas_3595", "distinct_id"),  # chosen name: user_id
    ("5ff1e1b6328409e7", "$device_id"),  # Android ID: its own detector
    ("359173363927718", "device_id"),  # IMEI: its own detector
    ("01a2073c-6620-74a4-9a94-ffeec0f4d8c5", "uuid"),  # event id
    ("01a2073c-6620-74a4-9a94-ffeec0f4d8c5", "$session_id"),
    ("a0362f23-a428-4712-805e-13fe4ea1da38", "gaid"),  # advertising id
    ("Android", "$device_type"),
    ("1795417817256", "device_id"),
]


@pytest.mark.parametrize(("value", "key"), DEVICE_POS)
def test_device_id_positive(value: str, key: str) -> None:
    assert kinds_values(DeviceIdDetector(), value, key) == {("device_id", value)}


@pytest.mark.parametrize(("value", "key"), DEVICE_NEG)
def test_device_id_negative(value: str, key: str) -> None:
    assert kinds_values(DeviceIdDetector(), value, key) == set()
