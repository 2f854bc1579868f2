"""The detector contract: a detector looks at one Field of one Exchange and reports Detections."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import ClassVar, Protocol

from phonehome.model import Detection, Exchange, Field


@dataclass(slots=True)
class CaptureState:
    """What the pipeline knows about the capture so far (grows as exchanges stream by)."""

    visited_urls: set[str] = field(default_factory=set)
    """URLs of top-level navigations (document requests) seen so far."""
    first_party_domains: set[str] = field(default_factory=set)
    """Registrable domains of the pages visited: requests there are first party."""


@dataclass(slots=True)
class DetectContext:
    """What a detector may consult besides the field: the exchange and the capture state."""

    exchange: Exchange
    """The request the field comes from."""
    capture: CaptureState
    """Capture-level knowledge (visited pages, first-party domains)."""
    third_party: bool
    """True when the exchange goes to a third party."""


class Detector(Protocol):
    """Recognises personal data in a field."""

    id: ClassVar[str]
    """Stable detector id, listed in reports."""

    def detect(self, field: Field, ctx: DetectContext) -> Iterable[Detection]:
        """Return what this detector recognises in ``field`` (empty when nothing)."""
        ...
