"""Detectors: planted values and personal-data patterns, one module per detector.

``build_detectors`` returns the detectors for one scan: the canary detector first (when canaries
are given), then every blind detector. ``DETECTOR_IDS`` lists the ids a report may name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from phonehome.detectors.adid import AdvertisingIdDetector
from phonehome.detectors.android_id import AndroidIdDetector
from phonehome.detectors.app_usage import AppUsageDetector
from phonehome.detectors.base import CaptureState, DetectContext, Detector
from phonehome.detectors.canary import CanaryDetector
from phonehome.detectors.device_id import DeviceIdDetector
from phonehome.detectors.device_info import DeviceInfoDetector
from phonehome.detectors.email import EmailDetector
from phonehome.detectors.facts import Facts, facts, features, remember
from phonehome.detectors.file_path import FilePathDetector
from phonehome.detectors.hashed_id import HashedIdentifierDetector
from phonehome.detectors.iccid import IccidDetector
from phonehome.detectors.identifiers import identifier_candidates
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


def blind_detectors(seen: SeenValues | None = None) -> list[Detector]:
    """Fresh instances of every blind detector (some keep per-exchange state, so one set per scan).

    ``seen`` is the index of values seen in clear that the hashed-id detector names digests by
    (a fresh one when not given).
    """
    seen = SeenValues() if seen is None else seen
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


def build_detectors(canaries: Sequence[Canary] = (), seen: SeenValues | None = None) -> list[Detector]:
    """Return the detectors for one scan: the canary detector first when canaries are given."""
    detectors: list[Detector] = []
    if canaries:
        detectors.append(CanaryDetector(canaries))
    detectors.extend(blind_detectors(seen))
    return detectors


class _RecordingSeen(SeenValues):
    """The scan's index of values seen in clear, which can also log what is added to it."""

    def __init__(self) -> None:
        super().__init__()
        self.log: list[tuple[str, str]] | None = None

    def add(self, kind: str, value: str, capture: CaptureState) -> None:
        if self.log is not None:
            self.log.append((kind, value))
        super().add(kind, value, capture)


Wants = Callable[[Field, Facts], bool]
WantsKey = Callable[[str | None], bool]
_Step = tuple[int, Detector, int, int, "WantsKey | None", "Wants | None", bool]
"""One detector of the plan: its position, itself, the feature bits it needs (all; any), its own
prerequisite tests on the key and on the field, and whether it is pure (its answer depends only on
the field's key, keys and value)."""
_Entry = tuple[tuple[tuple[int, Detection], ...], tuple[tuple[str, str], ...], tuple[tuple[int, Detector], ...], Facts]
"""What is known of a (key, keys, value): the pure detectors' detections (with their detector's
position), the values they added to the seen-index, the other detectors to run, and the facts."""

CACHE_ENTRIES = 1 << 15
"""(key, keys, value) combinations remembered per scan; the memo is emptied when full."""
ROUTES = 1 << 13
"""(feature bits, key) combinations whose detectors are remembered; emptied when full."""
CACHE_VALUE_MAX = 256
"""Longer values are not memoised (they rarely repeat)."""


class DetectorSet:
    """The detectors of one scan, run over the fields of one exchange.

    Each detector declares its prerequisites as feature bits (``needs``: all of them, ``needs_any``:
    at least one) and optionally a ``wants_key(key)`` test on the key naming the value (memoised with
    the bits) and a ``wants(field, facts)`` test; ``detect`` computes a field's facts and features
    once and calls only the detectors they admit. A detector declared ``pure`` answers
    from the field's key, keys and value alone (what it adds to the seen-index included), so its
    answers are memoised per (key, keys, value): telemetry repeats the same pairs in every event.
    The others (canaries, visited pages, per-exchange or seen-index state) run on every field they
    admit. A detector without declarations runs on every field. Results are those of calling every
    detector on every field, in the same order.
    """

    def __init__(self, canaries: Sequence[Canary] = ()) -> None:
        self.seen = _RecordingSeen()
        self.detectors = build_detectors(canaries, self.seen)
        self._plan = plan(self.detectors)
        self._routes: dict[tuple[int, str | None], tuple[tuple[int, Detector, Wants | None, bool], ...]] = {}
        self._memo: dict[tuple[str | None, tuple[str, ...], str | bytes], _Entry] = {}

    def detect(self, fields: Iterable[Field], ctx: DetectContext) -> list[tuple[Detection, Field]]:
        """Every (detection, field) pair the detectors report for ``fields``."""
        out: list[tuple[Detection, Field]] = []
        memo = self._memo
        add = self.seen.add
        for fld in fields:
            value = fld.value
            if len(value) > CACHE_VALUE_MAX:
                self._run(fld, ctx, out)
                continue
            mark = (fld.key, fld.keys, value)
            entry = memo.get(mark)
            if entry is None:
                entry = self._run(fld, ctx, out)
                if len(memo) >= CACHE_ENTRIES:
                    memo.clear()
                memo[mark] = entry
                continue
            found, added, rest, known = entry
            for kind, seen_value in added:
                add(kind, seen_value, ctx.capture)
            if rest:
                remember(fld, known)
                more = [(index, det) for index, d in rest for det in d.detect(fld, ctx)]
                if more:
                    for _, det in sorted(found + tuple(more), key=_first):
                        out.append((det, fld))
                    continue
            for _, det in found:
                out.append((det, fld))
        return out

    def _run(self, fld: Field, ctx: DetectContext, out: list[tuple[Detection, Field]]) -> _Entry:
        """Run the detectors ``fld`` admits, append their detections to ``out``; what to memoise."""
        known = facts(fld)
        bits = features(known, fld)
        route = (bits, known.key)
        steps = self._routes.get(route)
        if steps is None:
            if len(self._routes) >= ROUTES:
                self._routes.clear()
            steps = self._routes[route] = tuple(
                (index, d, wants, pure)
                for index, d, needs, needs_any, wants_key, wants, pure in self._plan
                if bits & needs == needs
                and (not needs_any or bits & needs_any)
                and (wants_key is None or wants_key(known.key))
            )
        found: list[tuple[int, Detection]] = []
        rest: list[tuple[int, Detector]] = []
        log: list[tuple[str, str]] = []
        self.seen.log = log
        try:
            for index, d, wants, pure in steps:
                if wants is not None and not wants(fld, known):
                    continue
                if pure:
                    for det in d.detect(fld, ctx):
                        found.append((index, det))
                        out.append((det, fld))
                else:
                    rest.append((index, d))
                    for det in d.detect(fld, ctx):
                        out.append((det, fld))
        finally:
            self.seen.log = None
        return tuple(found), tuple(log), tuple(rest), known

    def candidates(self, fld: Field, ctx: DetectContext) -> Iterable[tuple[str, str]]:
        """(value, key) of the identifier-like values in ``fld`` (see ``identifiers.identifier_candidates``)."""
        return identifier_candidates(fld, ctx)


def plan(detectors: Sequence[Detector]) -> list[_Step]:
    """Each detector with its position and declarations (no declarations: runs on every field, not memoised)."""
    return [
        (index, d, getattr(d, "needs", 0), getattr(d, "needs_any", 0), getattr(d, "wants_key", None),
         getattr(d, "wants", None), getattr(d, "pure", False))
        for index, d in enumerate(detectors)
    ]


def _first(pair: tuple[int, Detection]) -> int:
    return pair[0]


DETECTOR_IDS: list[str] = [CanaryDetector.id] + [d.id for d in blind_detectors()]
"""Ids of all detectors, canary first."""
