"""The detector contract: a detector looks at one Field of one Exchange and reports Detections."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import ClassVar, Protocol

from phonehome.model import Detection, Exchange, Field


class VisitedUrls(set[str]):
    """A set of URLs that also remembers the order they were added in (``order``), by ``add``.

    Lets an index of the visited pages take in only the pages added since it last looked, rather
    than re-reading every page of the capture at each new one (quadratic in a long capture).
    """

    __slots__ = ("order",)

    def __init__(self, urls: Iterable[str] = ()) -> None:
        super().__init__()
        self.order: list[str] = []
        for url in urls:
            self.add(url)

    def add(self, url: str) -> None:
        """Add ``url`` (kept in ``order`` the first time)."""
        if url not in self:
            super().add(url)
            self.order.append(url)


@dataclass(slots=True)
class CaptureState:
    """What the pipeline knows about the capture so far (grows as exchanges stream by)."""

    visited_urls: VisitedUrls = field(default_factory=VisitedUrls)
    """URLs of top-level navigations (document requests) seen so far, in visit order (a plain set
    given here is taken in sorted order)."""
    first_party_domains: set[str] = field(default_factory=set)
    """Registrable domains of the pages visited: requests there are first party."""

    def __post_init__(self) -> None:
        if not isinstance(self.visited_urls, VisitedUrls):
            self.visited_urls = VisitedUrls(sorted(self.visited_urls))


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
