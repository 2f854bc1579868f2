"""Payload-shape fingerprints: name the SDK behind a request whatever host it goes to.

One module per SDK; the registry below lists them in the order they are tried (a more specific
shape before a more general one: RudderStack before Segment, PostHog before Mixpanel, whose
events PostHog's resemble). The first match wins.
"""

from __future__ import annotations

from collections.abc import Sequence

from phonehome.attribution.fingerprints.base import Fingerprint, SdkMatch
from phonehome.attribution.fingerprints.mixpanel import Mixpanel
from phonehome.attribution.fingerprints.posthog import PostHog
from phonehome.attribution.fingerprints.segment import RudderStack, Segment
from phonehome.attribution.fingerprints.sensors import SensorsAnalytics
from phonehome.attribution.fingerprints.snowplow import Snowplow
from phonehome.attribution.fingerprints.view import RequestView
from phonehome.model import Exchange, Field

__all__ = ["FINGERPRINTS", "Fingerprint", "RequestView", "SdkMatch", "identify", "identify_view"]

FINGERPRINTS: tuple[Fingerprint, ...] = (
    SensorsAnalytics(),
    PostHog(),
    Mixpanel(),
    RudderStack(),
    Segment(),
    Snowplow(),
)
"""Every fingerprint, in the order tried."""


def identify_view(view: RequestView, fingerprints: Sequence[Fingerprint] = FINGERPRINTS) -> SdkMatch | None:
    """The first fingerprint that recognises ``view``, as an SdkMatch."""
    for fp in fingerprints:
        found = fp.match(view)
        if found is not None:
            compatible: frozenset[str] = getattr(fp, "compatible", frozenset())
            return SdkMatch(fp.name, fp.sdk, fp.org, fp.category, found, compatible)
    return None


def identify(exchange: Exchange, fields: Sequence[Field]) -> SdkMatch | None:
    """Recognise the SDK that sent ``exchange`` from its decoded fields."""
    return identify_view(RequestView(exchange, fields))
