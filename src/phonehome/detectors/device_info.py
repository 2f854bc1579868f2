"""Device fingerprint data: model, OS version, screen, carrier, timezone, locale (severity low).

Each alone is common; together they fingerprint a device. Reported under the kind
``device_info`` with what the key says it is in ``why``.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import ClassVar

from phonehome.detectors.base import DetectContext
from phonehome.detectors.facts import KEY, SHORT80, TEXT, facts
from phonehome.detectors.keys import clean_key, key_compact, parent_key
from phonehome.detectors.values import is_placeholder
from phonehome.model import Detection, Field

CATEGORIES: dict[str, frozenset[str]] = {
    "model": frozenset(
        "model devicemodel phonemodel hardwaremodel mobilemodel manufacturer devicemanufacturer brand "
        "devicebrand make devicemake hardware product deviceproduct board devicename".split()
    ),
    "os": frozenset(
        "os osversion osname osbuild platformversion systemversion systemname androidversion iosversion "
        "osv osver androidapilevel apilevel sdkint kernelversion firmwareversion romversion miuiversion "
        "platform".split()
    ),
    "screen": frozenset(
        "screenwidth screenheight screenresolution screensize resolution res displaywidth displayheight "
        "displayresolution dpi density screendensity sr vp viewportwidth viewportheight".split()
    ),
    "carrier": frozenset(
        "carrier carriername networkoperator operator simoperator simoperatorname networkoperatorname mcc "
        "mnc networktype connectiontype nettype radio wifissid ssid".split()
    ),
    "timezone": frozenset("timezone tz timezonename tzname timezoneid".split()),
    "locale": frozenset(
        "locale language lang browserlanguage devicelanguage systemlanguage ul deviceLocale country "
        "devicecountry region".lower().split()
    ),
    "cpu": frozenset("arch cpuarch abi cpuabi cpu cpumodel".split()),
}
"""Compact key names per kind of device property."""

NESTED: dict[tuple[str, str], str] = {
    ("os", "version"): "os",
    ("os", "name"): "os",
    ("os", "platform"): "os",
    ("os", "arch"): "cpu",
    ("device", "model"): "model",
    ("device", "manufacturer"): "model",
    ("device", "brand"): "model",
    ("device", "name"): "model",
    ("screen", "width"): "screen",
    ("screen", "height"): "screen",
    ("screen", "density"): "screen",
    ("network", "carrier"): "carrier",
    ("network", "type"): "carrier",
    ("system", "version"): "os",
}
"""(parent key, key) pairs naming a device property (``{"os": {"version": "12"}}``)."""

_LOOKUP = {name: cat for cat, names in CATEGORIES.items() for name in names}


def category(field: Field) -> tuple[str, str] | None:
    """Return (category, key) when the field's key names a device property."""
    key = facts(field).key
    if key is None:
        return None
    cat = _LOOKUP.get(key_compact(key))
    if cat is None:
        cat = _nested(field.key, field.keys)
    return (cat, key) if cat else None


@lru_cache(maxsize=8192)
def _nested(key: str | None, keys: tuple[str, ...]) -> str | None:
    inner = clean_key(key) or (clean_key(keys[-1]) if keys else None)
    parent = parent_key(Field(value="", path=(), key=key, keys=keys))
    if inner is None or parent is None:
        return None
    return NESTED.get((key_compact(parent), key_compact(inner)))


class DeviceInfoDetector:
    """Device model, OS, screen, carrier, timezone, locale and CPU values (low severity)."""

    id: ClassVar[str] = "device_info"
    needs: ClassVar[int] = TEXT | KEY | SHORT80
    pure: ClassVar[bool] = True

    def detect(self, field: Field, ctx: DetectContext) -> Iterable[Detection]:
        """Report a device property value under a key that names it."""
        text = facts(field).text
        if text is None or len(text) > 80:
            return ()
        found = category(field)
        if found is None:
            return ()
        if is_placeholder(text):
            return ()
        cat, key = found
        return [Detection("device_info", text, self.id, 0.7, f"{cat} ({key})", severity="low")]
