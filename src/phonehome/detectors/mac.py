"""MAC addresses (Wi-Fi, Bluetooth, BSSID): six hex octets, with separators or under a MAC key."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar

from phonehome.detectors.base import DetectContext
from phonehome.detectors.facts import LEN12_17, TEXT, facts, leaf_value
from phonehome.detectors.keys import KeyLexicon
from phonehome.detectors.seen import SeenValues
from phonehome.model import Detection, Field

MAC_KEYS = KeyLexicon(
    names={
        "mac",
        "macaddress",
        "macaddr",
        "wifimac",
        "bssid",
        "btmac",
        "bluetoothmac",
        "wlanmac",
        "ethmac",
        "routermac",
        "bluetoothaddress",
        "bssidmac",
        "apmac",
        "devicemac",
    },
    words={"mac", "bssid", "macaddress", "macaddr", "wifimac"},
)
"""Keys naming a MAC address."""

_SEPARATED = re.compile(r"^[0-9a-fA-F]{2}([:-])(?:[0-9a-fA-F]{2}\1){4}[0-9a-fA-F]{2}$")
_DOTTED = re.compile(r"^[0-9a-fA-F]{4}\.[0-9a-fA-F]{4}\.[0-9a-fA-F]{4}$")
_BARE = re.compile(r"^[0-9a-fA-F]{12}$")

PLACEHOLDER_MACS = frozenset({"000000000000", "ffffffffffff", "020000000000"})
"""All-zero, broadcast, and the constant Android returns to apps since 6.0."""


def normalise_mac(text: str) -> str | None:
    """Return ``aa:bb:cc:dd:ee:ff`` for a MAC written with ``:``/``-``/``.`` or bare, else None."""
    if _SEPARATED.match(text) or _DOTTED.match(text) or _BARE.match(text):
        hexd = re.sub(r"[^0-9a-fA-F]", "", text).lower()
        return ":".join(hexd[i : i + 2] for i in range(0, 12, 2))
    return None


class MacDetector:
    """MAC addresses: separated forms with a hex letter anywhere, any form under a MAC key."""

    id: ClassVar[str] = "mac"
    needs: ClassVar[int] = TEXT | LEN12_17
    pure: ClassVar[bool] = True

    def __init__(self, seen: SeenValues | None = None) -> None:
        """Optionally record every value found in ``seen`` (so digests of it can be named)."""
        self.seen = seen

    def detect(self, field: Field, ctx: DetectContext) -> Iterable[Detection]:
        """Report a MAC address value."""
        text = leaf_value(field, 17)
        if text is None or len(text) not in (12, 14, 17):
            return ()
        mac = normalise_mac(text)
        if mac is None or mac.replace(":", "") in PLACEHOLDER_MACS:
            return ()
        key = facts(field).key
        keyed = MAC_KEYS.matches(key)
        if not keyed:
            # Unkeyed: only the separated form, and not all-digit pairs (dates/times read the same).
            if not _SEPARATED.match(text) or not any(c.isalpha() for c in text):
                return ()
        why = "six hex octets" + (f" under MAC key {key!r}" if keyed else " with separators")
        if self.seen is not None:
            self.seen.add("mac", mac, ctx.capture)
        return [Detection("mac", mac, self.id, 0.95 if keyed else 0.8, why)]
