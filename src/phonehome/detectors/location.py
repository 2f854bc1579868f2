"""Precise location: latitude/longitude pairs under lat/lon-like keys, in range, with precision.

Latitude and longitude usually travel as two sibling values (``{"latitude": -20.5487,
"longitude": 125.01449}``, ``lat=…&lng=…``). The detector remembers the coordinates it has seen
in the current request by their parent path and reports the pair when the second one arrives, as
``"lat,lon"``. A single value under a combined key (``"ll": "41.39,2.17"``) is reported directly,
and so is a two-number array under one (``"latlng": [41.39, 2.17]``); GeoJSON's ``coordinates``
and ``lngLat`` arrays hold the longitude first (``[2.17, 41.39]``, RFC 7946), and an array whose
first number cannot be a latitude is read that way whatever its key.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar, Literal

from phonehome.detectors.base import DetectContext
from phonehome.detectors.facts import TEXT, Facts, facts
from phonehome.detectors.keys import KeyLexicon, key_compact
from phonehome.model import Detection, Exchange, Field

Role = Literal["lat", "lon"]

_VETO = {
    "delta",
    "accuracy",
    "acc",
    "precision",
    "span",
    "radius",
    "error",
    "uncertainty",
    "offset",
    "format",
    "timezone",
    "tz",
    "min",
    "max",
}
LAT_KEYS = KeyLexicon(words={"lat", "latitude"}, names={"geolat", "gpslat", "loclat", "userlat", "latval"}, veto=_VETO)
"""Keys holding a latitude."""
LON_KEYS = KeyLexicon(
    words={"lon", "lng", "long", "longitude"},
    names={"geolng", "geolon", "gpslng", "gpslon", "loclng", "loclon", "userlng", "userlon"},
    veto=_VETO | {"press", "click", "term", "description", "text", "name", "title", "form"},
)
"""Keys holding a longitude."""
PAIR_KEYS = KeyLexicon(
    names={
        "ll",
        "latlng",
        "latlon",
        "lnglat",
        "lonlat",
        "geo",
        "gps",
        "location",
        "loc",
        "coords",
        "coordinates",
        "position",
        "geolocation",
        "latlong",
        "userlocation",
        "lastlocation",
    },
    words={"latlng", "latlon", "lnglat", "lonlat", "coords", "coordinates", "geolocation", "latlong"},
    pairs=[{"lat", "lng"}, {"lat", "lon"}, {"gps", "location"}],
    veto=_VETO,
)
"""Keys holding ``"lat,lon"`` in one value."""

LON_FIRST_KEYS = KeyLexicon(names={"coordinates", "lnglat", "lonlat", "longlat"}, veto=_VETO)
"""Pair keys whose array is ``[longitude, latitude]``: GeoJSON's ``coordinates``, ``lngLat``."""
NOT_GEO_ARRAYS = frozenset({"position", "coords", "pos"})
"""Pair keys whose two-number arrays are as often screen or scroll positions: not read as arrays."""

_NUMBER = re.compile(r"^-?\d{1,3}\.(\d+)$")
_PAIR = re.compile(r"^\s*(-?\d{1,2}\.\d+)\s*[,;\s]\s*(-?\d{1,3}\.\d+)\s*$")
MIN_DECIMALS = 3
"""At least one coordinate must carry this many decimals (about 100 m): coarser is not precise."""


KeyRole = Literal["lat", "lon", "pair"]
_ROLES: dict[str, KeyRole | None] = {}


def _classify(key: str) -> KeyRole | None:
    if PAIR_KEYS.matches(key):
        return "pair"
    if LAT_KEYS.matches(key):
        return "lat"
    if LON_KEYS.matches(key):
        return "lon"
    return None


def key_role(key: str) -> KeyRole | None:
    """What a key holds: ``lat``, ``lon``, a ``pair`` in one value, or None (cached per key)."""
    if key in _ROLES:
        return _ROLES[key]
    role = _classify(key)
    if len(_ROLES) < 65536:
        _ROLES[key] = role
    return role


def coordinate(text: str, role: Role) -> str | None:
    """Return ``text`` when it is a plausible coordinate for ``role`` with 2+ decimals, else None."""
    m = _NUMBER.match(text)
    if m is None or len(m.group(1)) < 2:
        return None
    limit = 90.0 if role == "lat" else 180.0
    return text if abs(float(text)) <= limit else None


def precise_pair(lat: str, lon: str) -> bool:
    """True when the pair is precise enough and not the null island (0, 0)."""
    decimals = max(len(lat.split(".", 1)[1]), len(lon.split(".", 1)[1]))
    return decimals >= MIN_DECIMALS and not (abs(float(lat)) < 0.01 and abs(float(lon)) < 0.01)


def parent_path(path: tuple[str, ...]) -> tuple[str, ...]:
    """The path of the object holding a value: its last step with the final key removed."""
    if not path:
        return path
    last = path[-1]
    cut = max(last.rfind("."), last.rfind(":"), last.rfind("/"), last.rfind("]"))
    return path[:-1] + ((last[: cut + 1],) if cut >= 0 else ())


_PAIR_ENTRY = re.compile(r"\[\d+\]\.(?:[^.\[\]]+\.)?$")
"""The end of a parent path inside one entry of a list (``traits[6].``, ``attributes[0].value.``)."""


def pair_list_path(field: Field, parent: tuple[str, ...]) -> tuple[str, ...]:
    """The list holding a name/value pair whose name keys ``field`` (``{"key": "lat", "value": …}``).

    Such a value's key is not the last key of its path; its partner is in the next entry of the same
    list, so the list is the object both halves belong to. Any other field keeps ``parent``.
    """
    if not parent or field.key is None or field.path[-1].endswith(field.key):
        return parent
    m = _PAIR_ENTRY.search(parent[-1])
    return parent if m is None else parent[:-1] + (parent[-1][: m.start()],)


MAX_PENDING = 256
"""Halves (a lone latitude or longitude, an array's first number) remembered per request, at most."""

_ARRAY_ITEM = re.compile(r"\[([01])\]$")
"""The end of the path of an array's first or second item."""


def array_item(field: Field) -> tuple[tuple[str, ...], int] | None:
    """``(the array's path, 0 or 1)`` when ``field`` is an array's first or second item, else None."""
    last = field.path[-1] if field.path else ""
    m = _ARRAY_ITEM.search(last)
    return None if m is None else ((*field.path[:-1], last[: m.start()]), int(m.group(1)))


def array_order(first: str, second: str, lon_first: bool) -> tuple[str, str] | None:
    """``(lat, lon)`` from a two-number array: in the key's order, unless only the other one fits."""
    lat_lon, lon_lat = (first, second), (second, first)
    orders = (lon_lat, lat_lon) if lon_first else (lat_lon, lon_lat)
    return next((o for o in orders if coordinate(o[0], "lat") and coordinate(o[1], "lon")), None)


_IN_PROSE = re.compile(r"(?<![\w.\-])(-?\d{1,2}\.\d{4,})\s*,\s*(-?\d{1,3}\.\d{4,})(?![\w.])")
"""A lat,lon pair written in a sentence: both with 4+ decimals (about 10 m)."""


class LocationDetector:
    """Latitude/longitude pairs; keeps the coordinates seen in the current request."""

    id: ClassVar[str] = "location"
    needs: ClassVar[int] = TEXT
    pure: ClassVar[bool] = False

    @staticmethod
    def wants(field: Field, known: Facts) -> bool:
        """True when ``detect`` may report or remember something: a coordinate key, or text with ", "."""
        text, key = known.text, known.key
        if text is None:
            return False
        if key is not None and len(text) <= 48 and key_role(key) is not None:
            return True
        return " " in text and "," in text

    def __init__(self) -> None:
        """Start with no pending coordinates."""
        self._exchange: Exchange | None = None
        self._pending: dict[tuple[tuple[str, ...], Role], str] = {}
        self._first_items: dict[tuple[str, ...], str] = {}

    def detect(self, field: Field, ctx: DetectContext) -> Iterable[Detection]:
        """Report a coordinate pair once both halves of it have been seen."""
        f = facts(field)
        key, text = f.key, f.text
        if text is None:
            return ()
        kind = key_role(key) if key is not None and len(text) <= 48 else None
        if kind is None or key is None:
            return self._in_prose(text) if " " in text and "," in text else ()
        if ctx.exchange is not self._exchange:
            self._exchange = ctx.exchange
            self._pending.clear()
            self._first_items.clear()
        if kind == "pair":
            m = _PAIR.match(text)
            if m and coordinate(m.group(1), "lat") and coordinate(m.group(2), "lon"):
                if precise_pair(m.group(1), m.group(2)):
                    pair = f"{m.group(1)},{m.group(2)}"
                    return [Detection("location", pair, self.id, 0.85, f"lat,lon pair under key {key!r}")]
                return ()
            return self._array_item(field, text, key)
        role: Role = kind
        if coordinate(text, role) is None:
            return ()
        parent = pair_list_path(field, parent_path(field.path))
        other: Role = "lon" if role == "lat" else "lat"
        partner = self._pending.pop((parent, other), None)
        if partner is None:
            if len(self._pending) < MAX_PENDING:
                self._pending[(parent, role)] = text
            return ()
        lat, lon = (text, partner) if role == "lat" else (partner, text)
        return self._pair(lat, lon, key)

    def _array_item(self, field: Field, text: str, key: str) -> list[Detection]:
        """Pair the two numbers of an array under a pair key (``"coordinates": [lon, lat]``)."""
        item = array_item(field)
        if item is None or coordinate(text, "lon") is None or key_compact(key) in NOT_GEO_ARRAYS:
            return []
        array, index = item
        if index == 0:
            if len(self._first_items) < MAX_PENDING:
                self._first_items[array] = text
            return []
        first = self._first_items.pop(array, None)
        order = None if first is None else array_order(first, text, LON_FIRST_KEYS.matches(key))
        if order is None or not precise_pair(*order):
            return []
        why = f"[{'longitude, latitude' if order[0] == text else 'latitude, longitude'}] array under key {key!r}"
        return [Detection("location", f"{order[0]},{order[1]}", self.id, 0.85, why)]

    def _pair(self, lat: str, lon: str, key: str) -> list[Detection]:
        if not precise_pair(lat, lon):
            return []
        why = f"latitude/longitude pair in range with {MIN_DECIMALS}+ decimals (key {key_compact(key)!r})"
        return [Detection("location", f"{lat},{lon}", self.id, 0.9, why)]

    def _in_prose(self, text: str) -> list[Detection]:
        out = []
        for m in _IN_PROSE.finditer(text, 0, 1 << 16):
            lat, lon = m.group(1), m.group(2)
            if coordinate(lat, "lat") and coordinate(lon, "lon") and precise_pair(lat, lon):
                why = "latitude,longitude pair written in text (4+ decimals each, in range)"
                out.append(Detection("location", f"{lat},{lon}", self.id, 0.7, why))
        return out
