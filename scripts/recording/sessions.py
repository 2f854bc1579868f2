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
    runner: str  # "python" (recording venv), "node" (Playwright + Chromium) or "node-app" (Node client)
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
    browser_har: str = ""  # also keep Playwright's own HAR: "zip" (bodies as files) or "har" (embedded)
    bundles: dict[str, tuple[str, str]] = field(default_factory=dict)  # built file -> (ES-module entry, global)

    @property
    def file_stem(self) -> str:
        return self.stem or self.name


def _app(name: str, script: str, plan: dict[str, object], host: str, sdk: str, org: str,
         package: str, client: str, planted: list[str] | None = None,
         hashed: frozenset[str] = frozenset({"email_hashed"}), value_args: dict[str, object] | None = None,
         runner: str = "python") -> Session:
    planted = planted or APP_CANARIES
    return Session(
        name=name, out_dir=FIXTURES, runner=runner, script=CLIENTS / script, plan=plan,
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
        _app("app-streamchat-py", "streamchat_app.py", {}, "chat.stream-io-api.com", "Stream Chat",
             "Stream", "stream-chat", "stream-chat-py"),
        _app("app-onesignal-py", "onesignal_app.py", {}, "api.onesignal.com", "OneSignal", "OneSignal",
             "onesignal-python-api", "onesignal-python-api"),
        _app("app-keen-py", "keen_app.py", {}, "api.keen.io", "Keen", "Keen IO", "keen", "keen-py"),
        _app("app-appsflyer-py", "appsflyer_app.py", {}, "api2.appsflyer.com", "AppsFlyer", "AppsFlyer",
             "appsflyer", "appsflyer-py"),
        _app("app-logtail-py", "logtail_app.py", {}, "in.logs.betterstack.com", "Better Stack", "Better Stack",
             "logtail-python", "logtail-python"),
        _app("app-elasticapm-py", "elasticapm_app.py", {"apm_server": "http://apm.daily-reader.test:8200"},
             "apm.daily-reader.test", "Elastic APM", "Elastic", "elastic-apm", "elastic-apm-py"),
        _app("app-libhoney-py", "libhoney_app.py", {}, "api.honeycomb.io", "Honeycomb", "Honeycomb",
             "libhoney", "libhoney-py"),
        _app("app-launchdarkly-py", "launchdarkly_app.py", {}, "events.launchdarkly.com", "LaunchDarkly",
             "LaunchDarkly", "launchdarkly-server-sdk", "launchdarkly-server-sdk-py"),
        _app("app-honeybadger-py", "honeybadger_app.py", {}, "api.honeybadger.io", "Honeybadger", "Honeybadger",
             "honeybadger", "honeybadger-py"),
        _app("app-splunk-hec-py", "splunk_app.py", {"hec_host": "splunk.daily-reader.test"},
             "splunk.daily-reader.test", "Splunk HTTP Event Collector", "Splunk", "splunk-handler",
             "splunk-handler-py"),
        _app("app-loki-py", "loki_app.py", {"loki": "https://loki.daily-reader.test/loki/api/v1/push"},
             "loki.daily-reader.test", "Grafana Loki", "Grafana Labs", "python-logging-loki", "logging-loki-py"),
        _app("app-statsig-py", "statsig_app.py", {}, "statsigapi.net", "Statsig", "Statsig", "statsig",
             "statsig-py"),
        _app("app-knock-py", "knock_app.py", {}, "api.knock.app", "Knock", "Knock", "knockapi", "knockapi-py"),
        _app("app-axiom-py", "axiom_app.py", {}, "api.axiom.co", "Axiom", "Axiom", "axiom-py", "axiom-py"),
        _app("app-castle-py", "castle_app.py", {}, "api.castle.io", "Castle", "Castle", "castle", "castle-py"),
        _app("app-ably-py", "ably_app.py", {}, "main.realtime.ably.net", "Ably", "Ably", "ably", "ably-py"),
        _app("app-pusher-py", "pusher_app.py", {}, "api-eu.pusher.com", "Pusher", "Pusher", "pusher", "pusher-py"),
        _app("app-nrtelemetry-py", "nrtelemetry_app.py", {}, "insights-collector.newrelic.com", "New Relic",
             "New Relic", "newrelic-telemetry-sdk", "newrelic-telemetry-sdk-py"),
        _app("app-intercom-py", "intercom_app.py", {}, "api.intercom.io", "Intercom", "Intercom",
             "python-intercom", "python-intercom"),
        _app("app-otlp-grpc-py", "otlp_grpc_app.py", {"collector": "otel.daily-reader.test:4317"},
             "otel.daily-reader.test", "OpenTelemetry", "OpenTelemetry", "opentelemetry-exporter-otlp-proto-grpc",
             "opentelemetry-py"),
        _app("app-otlp-grpc-gzip-py", "otlp_grpc_app.py",
             {"collector": "otel.daily-reader.test:4317", "compression": "gzip"},
             "otel.daily-reader.test", "OpenTelemetry", "OpenTelemetry", "opentelemetry-exporter-otlp-proto-grpc",
             "opentelemetry-py"),
        *datadog_apm_sessions(),
    ]


DD_AGENT = "http://dd-agent.daily-reader.test:8126"


def datadog_apm_sessions() -> list[Session]:
    """ddtrace posting to the customer's own agent (any host): v0.5 by default, v0.4 when asked."""
    return [
        _app(name, "ddtrace_app.py", {"agent": DD_AGENT, **plan}, "dd-agent.daily-reader.test",
             "Datadog APM", "Datadog", "ddtrace", "ddtrace-py")
        for name, plan in (("app-ddtrace-py", {}), ("app-ddtrace-v04-py", {"api_version": "v0.4"}))
    ]


def _node_app(name: str, script: str, plan: dict[str, object], host: str, sdk: str, org: str,
              package: str, client: str, **kw: object) -> Session:
    """A vendor's server-side SDK from npm, run by Node with the proxy preload (clients/node_proxy.cjs)."""
    return _app(name, script, plan, host, sdk, org, package, client, runner="node-app", **kw)  # type: ignore[arg-type]


def node_app_sessions() -> list[Session]:
    return [
        _node_app("app-posthog-node", "posthog_app.js", {"host": "https://us.i.posthog.com"},
                  "us.i.posthog.com", "PostHog", "PostHog", "posthog-node", "posthog-node"),
        _node_app("app-segment-node", "segment_app.js", {}, "api.segment.io", "Segment", "Twilio Segment",
                  "@segment/analytics-node", "segment-node"),
        _node_app("app-mixpanel-node", "mixpanel_app.js", {}, "api.mixpanel.com", "Mixpanel", "Mixpanel",
                  "mixpanel", "mixpanel-node"),
        _node_app("app-amplitude-node", "amplitude_app.js", {}, "api2.amplitude.com", "Amplitude", "Amplitude",
                  "@amplitude/analytics-node", "amplitude-node"),
        _node_app("app-customerio-node", "customerio_app.js", {}, "track.customer.io", "Customer.io",
                  "Customer.io", "customerio-node", "customerio-node"),
        _node_app("app-sentry-node", "sentry_app.js",
                  {"dsn": "https://5f0c1e2d3b4a59687f6e5d4c3b2a1908@o4507000111.ingest.us.sentry.io/4507000222"},
                  "o4507000111.ingest.us.sentry.io", "Sentry", "Sentry", "@sentry/node", "sentry-node"),
        _node_app("app-ddtrace-node", "ddtrace_app.js", {"agent": DD_AGENT}, "dd-agent.daily-reader.test",
                  "Datadog APM", "Datadog", "dd-trace", "dd-trace-node"),
        _node_app("app-ddtrace-v05-node", "ddtrace_app.js", {"agent": DD_AGENT, "protocol": "0.5"},
                  "dd-agent.daily-reader.test", "Datadog APM", "Datadog", "dd-trace", "dd-trace-node"),
        _node_app("app-launchdarkly-node", "launchdarkly_app.js", {}, "events.launchdarkly.com", "LaunchDarkly",
                  "LaunchDarkly", "@launchdarkly/node-server-sdk", "launchdarkly-node-server-sdk"),
        _node_app("app-bugsnag-node", "bugsnag_app.js", {}, "notify.bugsnag.com", "Bugsnag", "SmartBear",
                  "@bugsnag/js", "bugsnag-js-node"),
        _node_app("app-statsig-node", "statsig_app.js", {}, "statsigapi.net", "Statsig", "Statsig", "statsig-node",
                  "statsig-node"),
        _node_app("app-rollbar-node", "rollbar_app.js", {}, "api.rollbar.com", "Rollbar", "Rollbar", "rollbar",
                  "rollbar-node"),
        _node_app("app-rudder-node", "rudder_app.js",
                  {"data_plane": "https://dailyreaderxqz.dataplane.rudderstack.com"},
                  "dailyreaderxqz.dataplane.rudderstack.com", "RudderStack", "RudderStack",
                  "@rudderstack/rudder-sdk-node", "rudder-sdk-node"),
        _node_app("app-expo-push-node", "expo_app.js", {}, "exp.host", "Expo Push", "Expo", "expo-server-sdk",
                  "expo-server-sdk"),
        _node_app("app-logtail-node", "logtail_app.js", {}, "in.logs.betterstack.com", "Better Stack", "Better Stack",
                  "@logtail/node", "logtail-node"),
        _node_app("app-honeybadger-node", "honeybadger_app.js", {}, "api.honeybadger.io", "Honeybadger",
                  "Honeybadger", "@honeybadger-io/js", "honeybadger-js-node"),
        _node_app("app-onesignal-node", "onesignal_app.js", {}, "api.onesignal.com", "OneSignal", "OneSignal",
                  "@onesignal/node-onesignal", "onesignal-node"),
        _node_app("app-axiom-node", "axiom_app.js", {}, "api.axiom.co", "Axiom", "Axiom", "@axiomhq/js", "axiom-js"),
        _node_app("app-pusher-node", "pusher_app.js", {}, "api-eu.pusher.com", "Pusher", "Pusher", "pusher",
                  "pusher-node"),
        _node_app("app-knock-node", "knock_app.js", {}, "api.knock.app", "Knock", "Knock", "@knocklabs/node",
                  "knock-node"),
        _node_app("app-nrtelemetry-node", "nrtelemetry_app.js", {}, "log-api.newrelic.com", "New Relic",
                  "New Relic", "@newrelic/telemetry-sdk", "newrelic-telemetry-sdk-node"),
    ]


def all_sessions() -> list[Session]:
    from . import browser_sessions, mibrowser_sessions

    return (python_app_sessions() + node_app_sessions() + mibrowser_sessions.sessions()
            + browser_sessions.sessions())
