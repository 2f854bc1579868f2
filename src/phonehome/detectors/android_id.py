"""Android ID (``Settings.Secure.ANDROID_ID``): 16 hex digits under an Android/device-id key.

Random 16-hex values are everywhere (request ids, span ids, insert ids), so the key decides: a
16-hex value under any other key is not reported as an Android ID.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar

from phonehome.detectors.base import DetectContext
from phonehome.detectors.facts import KEY, LEN16, TEXT, facts, leaf_value
from phonehome.detectors.keys import KeyLexicon
from phonehome.detectors.seen import SeenValues
from phonehome.model import Detection, Field

ANDROID_ID_KEYS = KeyLexicon(
    names={
        "androidid",
        "ssaid",
        "deviceid",
        "did",
        "udid",
        "hwid",
        "hardwareid",
        "identityandroidid",
        "androiddeviceid",
        "devid",
        "aid",
        "androididmd5",
        "secureandroidid",
    },
    words={"android", "ssaid", "androidid", "deviceid"},
    pairs=[{"device", "id"}, {"android", "id"}],
    veto={
        "request",
        "req",
        "trace",
        "span",
        "session",
        "event",
        "message",
        "insert",
        "track",
        "nonce",
        "anonymous",
        "anon",
        "cookie",
        "window",
        "pageview",
        "type",
        "model",
        "name",
        "version",
        "os",
        "push",
        "token",
        "fcm",
        "gcm",
        "app",
        "advertising",
        "ad",
        "adid",
        "gaid",
    },
)
"""Keys that hold an Android ID (``$device_id``, ``android_id``, ``$identity_android_id``…)."""

_ANDROID_ID = re.compile(r"^[0-9a-fA-F]{16}$")


def is_android_id_value(text: str) -> bool:
    """16 hex digits with at least one letter (all-digit strings are times and counters) and variety."""
    return (
        len(text) == 16
        and bool(_ANDROID_ID.match(text))
        and any(c.isalpha() for c in text)
        and len(set(text.lower())) >= 5
    )


def claims(field: Field, text: str) -> bool:
    """True when the Android-ID detector reports this value (so other id detectors stay quiet)."""
    return is_android_id_value(text) and ANDROID_ID_KEYS.matches(facts(field).key)


class AndroidIdDetector:
    """16-hex Android IDs under Android/device-id keys."""

    id: ClassVar[str] = "android_id"
    needs: ClassVar[int] = TEXT | KEY | LEN16
    pure: ClassVar[bool] = True

    @staticmethod
    def wants_key(key: str | None) -> bool:
        """Only under an Android/device-id key."""
        return ANDROID_ID_KEYS.matches(key)

    def __init__(self, seen: SeenValues | None = None) -> None:
        """Optionally record every value found in ``seen`` (so digests of it can be named)."""
        self.seen = seen

    def detect(self, field: Field, ctx: DetectContext) -> Iterable[Detection]:
        """Report a 16-hex value under an Android/device-id key."""
        text = leaf_value(field, 16)
        if text is None or len(text) != 16:
            return ()
        key = facts(field).key
        if not is_android_id_value(text) or not ANDROID_ID_KEYS.matches(key):
            return ()
        strong = "android" in (key or "").lower() or "ssaid" in (key or "").lower()
        if self.seen is not None:
            self.seen.add("android_id", text.lower(), ctx.capture)
        return [
            Detection(
                "android_id",
                text.lower(),
                self.id,
                0.95 if strong else 0.85,
                f"16 hex digits under key {key!r}",
            )
        ]
