"""Detectors: planted values and personal-data patterns, one module per detector.

``build_detectors`` returns the detectors for one scan: the canary detector first (when canaries
are given), then every blind detector. ``DETECTOR_IDS`` lists the ids a report may name.
"""

from __future__ import annotations

from collections.abc import Sequence

from phonehome.detectors.base import CaptureState, DetectContext, Detector
from phonehome.detectors.canary import CanaryDetector
from phonehome.model import Canary

__all__ = ["DETECTOR_IDS", "CaptureState", "DetectContext", "Detector", "blind_detectors", "build_detectors"]


def blind_detectors() -> list[Detector]:
    """Fresh instances of every blind detector (some keep per-exchange state, so one set per scan)."""
    return []


def build_detectors(canaries: Sequence[Canary] = ()) -> list[Detector]:
    """Return the detectors for one scan: the canary detector first when canaries are given."""
    detectors: list[Detector] = []
    if canaries:
        detectors.append(CanaryDetector(canaries))
    detectors.extend(blind_detectors())
    return detectors


DETECTOR_IDS: list[str] = [CanaryDetector.id] + [d.id for d in blind_detectors()]
"""Ids of all detectors, canary first."""
