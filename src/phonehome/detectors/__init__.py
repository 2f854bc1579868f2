"""Detectors: planted values and personal-data patterns, one module per detector.

``build_detectors`` returns the detectors for one scan: the canary detector first (when canaries
are given), then every blind detector. ``DETECTOR_IDS`` lists the ids a report may name.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from phonehome.detectors.adid import AdvertisingIdDetector
from phonehome.detectors.android_id import AndroidIdDetector
from phonehome.detectors.app_usage import AppUsageDetector
from phonehome.detectors.base import CaptureState, DetectContext, Detector
from phonehome.detectors.canary import CanaryDetector
from phonehome.detectors.device_id import DeviceIdDetector
from phonehome.detectors.device_info import DeviceInfoDetector
from phonehome.detectors.email import EmailDetector
from phonehome.detectors.file_path import FilePathDetector
from phonehome.detectors.hashed_id import HashedIdentifierDetector
from phonehome.detectors.iccid import IccidDetector
from phonehome.detectors.imei import ImeiDetector
from phonehome.detectors.imsi import ImsiDetector
from phonehome.detectors.location import LocationDetector
from phonehome.detectors.mac import MacDetector
from phonehome.detectors.phone import PhoneDetector
from phonehome.detectors.referrer_url import ReferrerUrlDetector
from phonehome.detectors.search_query import SearchQueryDetector
from phonehome.detectors.seen import SeenValues
from phonehome.detectors.user_id import UserIdDetector
from phonehome.detectors.visited_url import VisitedUrlDetector
from phonehome.model import Canary, Detection, Field

__all__ = [
    "DETECTOR_IDS", "CaptureState", "DetectContext", "Detector", "DetectorSet", "blind_detectors", "build_detectors",
]


def blind_detectors() -> list[Detector]:
    """Fresh instances of every blind detector (some keep per-exchange state, so one set per scan)."""
    seen = SeenValues()
    return [
        EmailDetector(seen),
        PhoneDetector(seen),
        ImeiDetector(seen),
        ImsiDetector(),
        IccidDetector(),
        AndroidIdDetector(seen),
        AdvertisingIdDetector(seen),
        MacDetector(seen),
        HashedIdentifierDetector(seen),
        UserIdDetector(),
        DeviceIdDetector(),
        LocationDetector(),
        FilePathDetector(),
        AppUsageDetector(),
        DeviceInfoDetector(),
        VisitedUrlDetector(),
        SearchQueryDetector(),
        ReferrerUrlDetector(),
    ]


def build_detectors(canaries: Sequence[Canary] = ()) -> list[Detector]:
    """Return the detectors for one scan: the canary detector first when canaries are given."""
    detectors: list[Detector] = []
    if canaries:
        detectors.append(CanaryDetector(canaries))
    detectors.extend(blind_detectors())
    return detectors


class DetectorSet:
    """The detectors of one scan, run over the fields of one exchange."""

    def __init__(self, canaries: Sequence[Canary] = ()) -> None:
        self.detectors = build_detectors(canaries)

    def detect(self, fields: Iterable[Field], ctx: DetectContext) -> Iterator[tuple[Detection, Field]]:
        """Every (detection, field) pair the detectors report for ``fields``."""
        for fld in fields:
            for detector in self.detectors:
                for det in detector.detect(fld, ctx):
                    yield det, fld


DETECTOR_IDS: list[str] = [CanaryDetector.id] + [d.id for d in blind_detectors()]
"""Ids of all detectors, canary first."""
