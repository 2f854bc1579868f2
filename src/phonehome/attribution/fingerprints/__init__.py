"""Payload-shape fingerprints: name the SDK behind a request whatever host it goes to.

One module per SDK (or vendor); the registry below lists them in the order they are tried: a more
specific shape before a more general one (RudderStack before Segment, whose protocol it speaks;
PostHog before Mixpanel, whose event keys posthog-js also sends). The first match wins.
"""

from __future__ import annotations

from collections.abc import Sequence

from phonehome.attribution.fingerprints.adjust import Adjust
from phonehome.attribution.fingerprints.amplitude import Amplitude
from phonehome.attribution.fingerprints.appsflyer import AppsFlyer
from phonehome.attribution.fingerprints.baidu import BaiduTongji
from phonehome.attribution.fingerprints.base import Fingerprint, SdkMatch
from phonehome.attribution.fingerprints.branch import Branch
from phonehome.attribution.fingerprints.bugsnag import Bugsnag
from phonehome.attribution.fingerprints.countly import Countly
from phonehome.attribution.fingerprints.datadog import Datadog
from phonehome.attribution.fingerprints.firebase import Firebase
from phonehome.attribution.fingerprints.google_analytics import GoogleAnalytics
from phonehome.attribution.fingerprints.kochava import Kochava
from phonehome.attribution.fingerprints.matomo import Matomo
from phonehome.attribution.fingerprints.meta import FacebookAppEvents, MetaPixel
from phonehome.attribution.fingerprints.microsoft import AppCenter, ApplicationInsights
from phonehome.attribution.fingerprints.mixpanel import Mixpanel
from phonehome.attribution.fingerprints.newrelic import NewRelic
from phonehome.attribution.fingerprints.plausible import Plausible
from phonehome.attribution.fingerprints.posthog import PostHog
from phonehome.attribution.fingerprints.segment import RudderStack, Segment
from phonehome.attribution.fingerprints.sensors import SensorsAnalytics
from phonehome.attribution.fingerprints.sentry import Sentry
from phonehome.attribution.fingerprints.snowplow import Snowplow
from phonehome.attribution.fingerprints.umami import Umami
from phonehome.attribution.fingerprints.umeng import Umeng
from phonehome.attribution.fingerprints.view import RequestView
from phonehome.attribution.fingerprints.yandex import AppMetrica, YandexMetrica
from phonehome.model import Exchange, Field

__all__ = ["FINGERPRINTS", "Fingerprint", "RequestView", "SdkMatch", "identify", "identify_view"]

FINGERPRINTS: tuple[Fingerprint, ...] = (
    SensorsAnalytics(),
    PostHog(),
    Mixpanel(),
    RudderStack(),
    Segment(),
    Snowplow(),
    Amplitude(),
    Sentry(),
    Bugsnag(),
    GoogleAnalytics(),
    Firebase(),
    Matomo(),
    Plausible(),
    Umami(),
    Adjust(),
    AppsFlyer(),
    Branch(),
    Kochava(),
    Datadog(),
    NewRelic(),
    YandexMetrica(),
    AppMetrica(),
    MetaPixel(),
    FacebookAppEvents(),
    AppCenter(),
    ApplicationInsights(),
    Countly(),
    BaiduTongji(),
    Umeng(),
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
