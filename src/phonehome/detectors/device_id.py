"""Anonymous device, install and cookie ids (random tokens under device/anonymous/distinct-id keys).

These link a person's sessions without naming them: reported as ``device_id``, kept apart from
``user_id`` (chosen account names) and from the kinds with their own detectors (Android ID,
advertising id, IMEI), which claim their values first.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from phonehome.detectors import android_id, imei
from phonehome.detectors.adid import ADID_KEYS
from phonehome.detectors.base import DetectContext
from phonehome.detectors.facts import KEY, TEXT, facts, leaf_value
from phonehome.detectors.keys import KeyLexicon
from phonehome.detectors.user_id import USER_ID_KEYS, looks_chosen
from phonehome.detectors.values import is_placeholder, is_timestamp, is_uuid, is_version
from phonehome.model import Detection, Field

DEVICE_ID_KEYS = KeyLexicon(
    names={
        "distinctid",
        "deviceid",
        "anonymousid",
        "anonid",
        "cookieid",
        "clientid",
        "cid",
        "duid",
        "udid",
        "installid",
        "installationid",
        "instanceid",
        "visitorid",
        "browserid",
        "machineid",
        "idfv",
        "vendorid",
        "openudid",
        "identitycookieid",
        "identityanonymousid",
        "anondistinctid",
        "firstid",
        "originalid",
        "androiduuid",
        "deviceuuid",
        "guid",
        "did",
        "uid",
        "userid",
        "fpid",
        "fingerprint",
        "vid",
        "suid",
        "sensorsid",
        "trackingid",
        "uniqueid",
        "deviceguid",
        "persistentid",
        "clientuuid",
    },
    words={"duid", "udid", "idfv", "openudid", "guid", "fingerprint"},
    pairs=[
        {"device", "id"},
        {"anonymous", "id"},
        {"anon", "id"},
        {"visitor", "id"},
        {"cookie", "id"},
        {"install", "id"},
        {"installation", "id"},
        {"instance", "id"},
        {"browser", "id"},
        {"client", "id"},
        {"distinct", "id"},
        {"machine", "id"},
        {"device", "uuid"},
        {"unique", "id"},
        {"user", "id"},
        {"first", "id"},
        {"original", "id"},
        {"visitor", "uuid"},
        {"anonymous", "uuid"},
        {"user", "uuid"},
        {"user", "identifier"},
    ],
    veto={
        "session",
        "request",
        "event",
        "message",
        "insert",
        "track",
        "page",
        "pageview",
        "window",
        "type",
        "model",
        "name",
        "os",
        "version",
        "brand",
        "manufacturer",
        "trace",
        "span",
        "nonce",
        "push",
        "token",
        "batch",
        "transaction",
        "order",
        "product",
        "item",
        "campaign",
        "group",
        "project",
    },
)
"""Keys holding an anonymous device/install/cookie id."""


def looks_like_id(text: str) -> bool:
    """Opaque token: UUID, hex, or 8+ characters of letters/digits/separators without spaces."""
    if is_uuid(text):
        return True
    if not 8 <= len(text) <= 128 or " " in text or is_placeholder(text):
        return False
    if is_timestamp(text) or is_version(text) or text.startswith(("http:", "https:", "/")):
        return False
    return sum(c.isalnum() for c in text) >= 8 and any(c.isdigit() for c in text)


class DeviceIdDetector:
    """Random device/cookie/anonymous ids under device-id-like keys."""

    id: ClassVar[str] = "device_id"
    needs: ClassVar[int] = TEXT | KEY
    pure: ClassVar[bool] = True

    @staticmethod
    def wants_key(key: str | None) -> bool:
        """Only under a device-id key that is not an advertising-id key."""
        return DEVICE_ID_KEYS.matches(key) and not ADID_KEYS.matches(key)

    def detect(self, field: Field, ctx: DetectContext) -> Iterable[Detection]:
        """Report an opaque id under a device/anonymous/distinct-id key."""
        key = facts(field).key
        if not DEVICE_ID_KEYS.matches(key) or ADID_KEYS.matches(key):
            return ()
        text = leaf_value(field, 128)
        if text is None or not looks_like_id(text):
            return ()
        if USER_ID_KEYS.matches(key) and looks_chosen(text):
            return ()  # a chosen account name: the user-id detector's
        if android_id.claims(field, text):
            return ()
        digits = imei.imei_digits(text)
        if digits is not None and imei.is_imei(digits, imei.IMEI_KEYS.matches(key)):
            return ()
        return [
            Detection(
                "device_id",
                text,
                self.id,
                0.8,
                f"opaque id under device/anonymous-id key {key!r}",
                severity="medium",
            )
        ]
