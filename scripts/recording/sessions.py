"""The recorded sessions: which client runs, what it plants, where the values should go.

``expect`` maps a canary name to the hosts that must receive it; recording fails if the recorded
traffic disagrees, so a committed fixture's ``truth`` is always what the recording really shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CLIENTS = Path(__file__).resolve().parent / "clients"
SITES = Path(__file__).resolve().parent / "sites"
FIXTURES = REPO / "tests" / "data" / "captures"
MIBROWSER = REPO / "examples" / "mibrowser"

APP_CANARIES = ["email", "email_hashed", "user_id", "imei", "android_id", "adid", "mac", "phone",
                "location", "visited_url", "query"]
BROWSER_CANARIES = ["email", "email_hashed", "user_id", "visited_url", "query"]


@dataclass(frozen=True)
class Session:
    name: str
    out_dir: Path
    runner: str  # "python" (recording venv) or "node"
    script: Path
    plan: dict[str, object]
    hosts: dict[str, tuple[str, str]]  # receiving host -> (sdk, org)
    planted: list[str]
    expect: dict[str, list[str]]
    hashed: frozenset[str] = frozenset()
    seed: str = ""
    mode: str = "normal"
    client: str = ""
    packages: tuple[str, ...] = ()  # distributions whose versions are recorded in the truth
    first_party: tuple[str, ...] = ()
    sites: dict[str, object] = field(default_factory=dict)  # host -> addon site config
    value_args: dict[str, object] = field(default_factory=dict)
    group: str = "fixtures"
    stem: str = ""  # file name of the capture; default: the session name
    kinds: dict[str, str] = field(default_factory=dict)  # canary name -> kind, beyond the defaults
    values: dict[str, str] = field(default_factory=dict)  # fixed planted values (default: generated)
    study: dict[str, object] = field(default_factory=dict)  # extra keys for a study manifest
    url_in_parts: bool = False  # visited URLs travel as path + host (Countly views), not whole
    bundles: dict[str, tuple[str, str]] = field(default_factory=dict)  # built file -> (ES-module entry, global)

    @property
    def file_stem(self) -> str:
        return self.stem or self.name


def _app(name: str, script: str, plan: dict[str, object], host: str, sdk: str, org: str,
         package: str, client: str, planted: list[str] | None = None,
         hashed: frozenset[str] = frozenset({"email_hashed"}), value_args: dict[str, object] | None = None) -> Session:
    planted = planted or APP_CANARIES
    return Session(
        name=name, out_dir=FIXTURES, runner="python", script=CLIENTS / script, plan=plan,
        hosts={host: (sdk, org)}, planted=planted,
        expect={c: [host] for c in planted}, hashed=hashed,
        seed=name, client=client, packages=(package,), value_args=value_args or {},
    )


def python_app_sessions() -> list[Session]:
    return [
        _app("app-sensors-py", "sensors_app.py",
             {"collector": "https://sa.datasink.daily-reader.test/sa?project=production"},
             "sa.datasink.daily-reader.test", "Sensors Analytics", "Sensors Data",
             "SensorsAnalyticsSDK", "sensors-py"),
        _app("app-posthog-py", "posthog_app.py", {"host": "https://us.i.posthog.com"},
             "us.i.posthog.com", "PostHog", "PostHog", "posthog", "posthog-py"),
        _app("app-mixpanel-py", "mixpanel_app.py", {}, "api.mixpanel.com", "Mixpanel", "Mixpanel",
             "mixpanel", "mixpanel-py"),
        _app("app-segment-py", "segment_app.py", {}, "api.segment.io", "Segment", "Twilio Segment",
             "segment-analytics-python", "segment-py"),
        _app("app-snowplow-py", "snowplow_app.py",
             {"collector": "https://sp.collector.daily-reader.test"},
             "sp.collector.daily-reader.test", "Snowplow", "Snowplow", "snowplow-tracker",
             "snowplow-py"),
        _app("app-sentry-py", "sentry_app.py",
             {"dsn": "https://5f0c1e2d3b4a59687f6e5d4c3b2a1908@o4507000111.ingest.us.sentry.io/4507000222"},
             "o4507000111.ingest.us.sentry.io", "Sentry", "Sentry", "sentry-sdk", "sentry-py"),
        _app("app-sentry-br-py", "sentry_app.py",
             {"dsn": "https://5f0c1e2d3b4a59687f6e5d4c3b2a1908@o4507000111.ingest.us.sentry.io/4507000222",
              "compression": "br"},
             "o4507000111.ingest.us.sentry.io", "Sentry", "Sentry", "sentry-sdk", "sentry-py"),
        _app("app-amplitude-py", "amplitude_app.py", {}, "api2.amplitude.com", "Amplitude",
             "Amplitude", "amplitude-analytics", "amplitude-py"),
        _app("app-rudder-py", "rudder_app.py",
             {"data_plane": "https://dailyreaderxqz.dataplane.rudderstack.com"},
             "dailyreaderxqz.dataplane.rudderstack.com", "RudderStack", "RudderStack",
             "rudder-sdk-python", "rudder-py"),
        _app("app-otlp-py", "otlp_app.py", {"collector": "https://otel.daily-reader.test"},
             "otel.daily-reader.test", "OpenTelemetry", "OpenTelemetry",
             "opentelemetry-exporter-otlp-proto-http", "opentelemetry-py"),
        _app("app-rollbar-py", "rollbar_app.py", {}, "api.rollbar.com", "Rollbar", "Rollbar",
             "rollbar", "rollbar-py"),
        _app("app-bugsnag-py", "bugsnag_app.py", {}, "notify.bugsnag.com", "Bugsnag", "SmartBear",
             "bugsnag", "bugsnag-py"),
        # Meta's SDK hashes e-mail and phone itself (sha256 of the normalised value; the phone as
        # the digits Meta's docs ask for) and has no field for an IMEI, a MAC or a position
        _app("app-meta-capi-py", "meta_capi_app.py", {}, "graph.facebook.com", "Facebook SDK", "Meta",
             "facebook-business", "facebook-business-py",
             planted=["email", "phone", "user_id", "adid", "android_id", "visited_url", "query"],
             hashed=frozenset({"email", "phone"}), value_args={"phone_digits": True}),
        _app("app-customerio-py", "customerio_app.py", {}, "track.customer.io", "Customer.io",
             "Customer.io", "customerio", "customerio-py"),
        _app("app-klaviyo-py", "klaviyo_app.py", {}, "a.klaviyo.com", "Klaviyo", "Klaviyo",
             "klaviyo-api", "klaviyo-py"),
        _app("app-ga4mp-py", "ga4mp_app.py", {}, "www.google-analytics.com", "Google Analytics",
             "Google", "ga4mp", "ga4mp-py"),
        _app("app-mparticle-py", "mparticle_app.py", {}, "s2s.mparticle.com", "mParticle", "mParticle",
             "mparticle", "mparticle-py"),
        _app("app-raygun-py", "raygun_app.py", {}, "api.raygun.io", "Raygun", "Raygun",
             "raygun4py", "raygun4py"),
        _app("app-flagsmith-py", "flagsmith_app.py", {}, "edge.api.flagsmith.com", "Flagsmith",
             "Flagsmith", "flagsmith", "flagsmith-py"),
    ]


def all_sessions() -> list[Session]:
    from . import browser_sessions, mibrowser_sessions

    return python_app_sessions() + mibrowser_sessions.sessions() + browser_sessions.sessions()
