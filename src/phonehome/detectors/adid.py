"""Advertising IDs (GAID/AAID, IDFA, OAID…): a UUID under an advertising-id key.

UUIDs are everywhere (event ids, session ids, message ids), so the key decides; the all-zero UUID
(limit ad tracking) is not an identifier.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar

from phonehome.detectors.base import DetectContext
from phonehome.detectors.facts import KEY, LEN32_38, TEXT, facts, leaf_value
from phonehome.detectors.keys import KeyLexicon
from phonehome.detectors.seen import SeenValues
from phonehome.detectors.values import is_uuid
from phonehome.model import Detection, Field

ADID_KEYS = KeyLexicon(
    names={
        "gaid",
        "adid",
        "idfa",
        "aaid",
        "oaid",
        "gpsadid",
        "advertisingid",
        "googleadid",
        "googleaid",
        "androidadvertisingid",
        "ifa",
        "rida",
        "afai",
        "msai",
        "advertiserid",
        "gadid",
        "maid",
        "madid",
        "adsid",
        "googleadvertisingid",
        "gpsadvertisingid",
        "identityadid",
        "adidentifier",
        "adtrackingid",
    },
    words={"gaid", "adid", "idfa", "aaid", "oaid", "advertising", "advertiser", "ifa", "maid"},
    pairs=[{"ad", "id"}, {"ads", "id"}],
    veto={
        "campaign",
        "group",
        "set",
        "creative",
        "unit",
        "slot",
        "placement",
        "request",
        "impression",
        "click",
        "event",
        "session",
        "limit",
        "lat",
        "enabled",
        "tracking",
        "opt",
        "type",
        "network",
    },
)
"""Keys that hold an advertising id."""

STRONG = frozenset({"gaid", "idfa", "aaid", "oaid", "gpsadid", "advertisingid", "googleadid", "googleadvertisingid"})
"""Compact keys unambiguous enough to accept a dashless 32-hex value too."""

_HEX32 = re.compile(r"^[0-9a-fA-F]{32}$")


class AdvertisingIdDetector:
    """UUIDs under advertising-id keys."""

    id: ClassVar[str] = "adid"
    needs: ClassVar[int] = TEXT | KEY | LEN32_38
    pure: ClassVar[bool] = True

    @staticmethod
    def wants_key(key: str | None) -> bool:
        """Only under an advertising-id key."""
        return ADID_KEYS.matches(key)

    def __init__(self, seen: SeenValues | None = None) -> None:
        """Optionally record every value found in ``seen`` (so digests of it can be named)."""
        self.seen = seen

    def detect(self, field: Field, ctx: DetectContext) -> Iterable[Detection]:
        """Report a UUID (or a dashless one under an unambiguous key) under an advertising-id key."""
        text = leaf_value(field, 40)
        if text is None or len(text) not in (32, 36, 38):
            return ()
        key = facts(field).key
        if not ADID_KEYS.matches(key):
            return ()
        value = text.strip("{}").lower()
        if is_uuid(text):
            pass
        elif _HEX32.match(text) and "".join(c for c in (key or "").lower() if c.isalnum()) in STRONG:
            value = f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"
        else:
            return ()
        if set(value) <= {"0", "-"}:
            return ()
        if self.seen is not None:
            self.seen.add("adid", value, ctx.capture)
        return [Detection("adid", value, self.id, 0.95, f"UUID under advertising-id key {key!r}")]
