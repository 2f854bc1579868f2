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
from phonehome.attribution.fingerprints.braze import Braze
from phonehome.attribution.fingerprints.bugsnag import Bugsnag
from phonehome.attribution.fingerprints.clevertap import CleverTap
from phonehome.attribution.fingerprints.countly import Countly
from phonehome.attribution.fingerprints.customerio import CustomerIO
from phonehome.attribution.fingerprints.datadog import Datadog, DatadogAPM
from phonehome.attribution.fingerprints.devcycle import DevCycle
from phonehome.attribution.fingerprints.elastic import ElasticAPM
from phonehome.attribution.fingerprints.firebase import Firebase
from phonehome.attribution.fingerprints.google_analytics import GoogleAnalytics
from phonehome.attribution.fingerprints.grafana import GrafanaFaro, GrafanaLoki
from phonehome.attribution.fingerprints.growthbook import GrowthBook
from phonehome.attribution.fingerprints.honeycomb import Honeycomb
from phonehome.attribution.fingerprints.kochava import Kochava
from phonehome.attribution.fingerprints.matomo import Matomo
from phonehome.attribution.fingerprints.meta import FacebookAppEvents, MetaPixel
from phonehome.attribution.fingerprints.microsoft import AppCenter, ApplicationInsights
from phonehome.attribution.fingerprints.mixpanel import Mixpanel
from phonehome.attribution.fingerprints.newrelic import NewRelic
from phonehome.attribution.fingerprints.opentelemetry import OpenTelemetry
from phonehome.attribution.fingerprints.optimizely import Optimizely
from phonehome.attribution.fingerprints.piano import PianoAnalytics
from phonehome.attribution.fingerprints.plausible import Plausible
from phonehome.attribution.fingerprints.posthog import PostHog
from phonehome.attribution.fingerprints.rollbar import Rollbar
from phonehome.attribution.fingerprints.segment import RudderStack, Segment
from phonehome.attribution.fingerprints.sensors import SensorsAnalytics
from phonehome.attribution.fingerprints.sentry import Sentry
from phonehome.attribution.fingerprints.snowplow import Snowplow
from phonehome.attribution.fingerprints.split import Split
from phonehome.attribution.fingerprints.splunk import SplunkHEC
from phonehome.attribution.fingerprints.umami import Umami
from phonehome.attribution.fingerprints.umeng import Umeng
from phonehome.attribution.fingerprints.unleash import Unleash
from phonehome.attribution.fingerprints.view import RequestView
from phonehome.attribution.fingerprints.yandex import AppMetrica, YandexMetrica
from phonehome.model import Exchange, Field

__all__ = ["DEFAULT_REGISTRY", "FINGERPRINTS", "Fingerprint", "Registry", "RequestView", "SdkMatch", "identify",
           "identify_view"]

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
    Rollbar(),
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
    DatadogAPM(),
    NewRelic(),
    YandexMetrica(),
    AppMetrica(),
    MetaPixel(),
    FacebookAppEvents(),
    AppCenter(),
    ApplicationInsights(),
    Countly(),
    CustomerIO(),
    GrafanaFaro(),
    GrafanaLoki(),
    ElasticAPM(),
    Honeycomb(),
    SplunkHEC(),
    GrowthBook(),
    Optimizely(),
    CleverTap(),
    Braze(),
    PianoAnalytics(),
    Split(),
    Unleash(),
    DevCycle(),
    BaiduTongji(),
    Umeng(),
    OpenTelemetry(),
)
"""Every fingerprint, in the order tried."""


class Registry:
    """Fingerprints in the order tried, with an index of their hints.

    Each request runs only the few fingerprints whose hints it shows (a prefilter: every
    fingerprint still decides on its own).
    """

    def __init__(self, fingerprints: Sequence[Fingerprint] = FINGERPRINTS) -> None:
        self.fingerprints: tuple[Fingerprint, ...] = tuple(fingerprints)
        self._names: dict[str, int] = {}
        self._headers: dict[str, int] = {}
        self._types: dict[str, int] = {}
        self._paths: list[tuple[str, int]] = []
        for number, fp in enumerate(self.fingerprints):
            bit = 1 << number
            for name in fp.hint_names:
                self._names[name] = self._names.get(name, 0) | bit
            for header in getattr(fp, "hint_headers", ()):
                self._headers[header] = self._headers.get(header, 0) | bit
            for media in getattr(fp, "hint_types", ()):
                self._types[media] = self._types.get(media, 0) | bit
            self._paths.extend((p, bit) for p in getattr(fp, "hint_paths", ()))
        self._name_set = frozenset(self._names)
        self._header_set = frozenset(self._headers)

    def candidates(self, view: RequestView) -> int:
        """Bit set of the fingerprints whose hints the request shows."""
        mask = 0
        names = self._names
        for name in self._name_set.intersection(view.names()):
            mask |= names[name]
        for header in self._header_set.intersection(view.header_names):
            mask |= self._headers[header]
        mask |= self._types.get(view.content_type, 0)
        path = view.path
        for fragment, bit in self._paths:
            if fragment in path:
                mask |= bit
        return mask

    def identify(self, view: RequestView) -> SdkMatch | None:
        """The first fingerprint (in registry order) that recognises ``view``."""
        mask = self.candidates(view)
        number = 0
        while mask:
            if mask & 1:
                fp = self.fingerprints[number]
                found = fp.match(view)
                if found is not None:
                    compatible: frozenset[str] = getattr(fp, "compatible", frozenset())
                    return SdkMatch(fp.name, fp.sdk, fp.org, fp.category, found, compatible)
            mask >>= 1
            number += 1
        return None


DEFAULT_REGISTRY = Registry()
"""The registry of every bundled fingerprint (immutable: safe to share)."""


def identify_view(view: RequestView, registry: Registry = DEFAULT_REGISTRY) -> SdkMatch | None:
    """The first fingerprint that recognises ``view``, as an SdkMatch."""
    return registry.identify(view)


def identify(exchange: Exchange, fields: Sequence[Field]) -> SdkMatch | None:
    """Recognise the SDK that sent ``exchange`` from its decoded fields."""
    return identify_view(RequestView(exchange, fields))
