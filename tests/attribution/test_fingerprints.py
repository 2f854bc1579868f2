"""Each fingerprint on requests in its SDK's documented wire format, on hosts no list knows.

Captures recorded from the real SDKs (tests/data/captures, ../shared/corpus) are covered by
test_captures.py; the rows here cover the SDKs not recorded yet, each built from the wire format the
fingerprint's module docstring cites, plus negative rows that must match nothing.
"""

from __future__ import annotations

import base64
import gzip
import json
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest

from phonehome.attribution import Attributor
from phonehome.attribution.fingerprints import DEFAULT_REGISTRY, FINGERPRINTS, RequestView, identify
from phonehome.model import Exchange
from tests.attribution.peel import fields_of, make_exchange
from tests.decoders.test_lzstring import compress_to_base64_utf16

FORM = (("Content-Type", "application/x-www-form-urlencoded"),)
JSON = (("Content-Type", "application/json"),)


def _json(url: str, doc: object, headers: tuple[tuple[str, str], ...] = JSON) -> Exchange:
    return make_exchange(url, json.dumps(doc).encode(), headers=headers)


def _form(url: str, params: dict[str, str], headers: tuple[tuple[str, str], ...] = ()) -> Exchange:
    return make_exchange(url, urlencode(params).encode(), headers=FORM + headers)


def _b64gzip(doc: object) -> str:
    return base64.b64encode(gzip.compress(json.dumps(doc).encode())).decode()


SENSORS_EVENT = {"type": "track", "event": "$AppViewScreen", "time": 1700000000000, "distinct_id": "d1",
                 "lib": {"$lib": "Android", "$lib_version": "6.6.0", "$lib_method": "code"},
                 "properties": {"$lib": "Android", "$screen_name": "Main"}, "_track_id": 1234, "_flush_time": 1}

POSITIVE: list[tuple[str, Exchange, str]] = [
    ("sensors-android", _form("https://collect.customer.test/sa?project=prod",
                              {"crc": "-12345", "gzip": "1", "data_list": _b64gzip([SENSORS_EVENT])}), "sensors"),
    ("sensors-android-encrypted", _form("https://logs.customer.test/receive",
                                        {"crc": "99", "gzip": "9", "data_list": "AAAA" * 20}), "sensors"),
    ("sensors-js-image", make_exchange(
        "https://sa.customer.test/sa.gif?project=default&data="
        + quote(base64.b64encode(json.dumps(SENSORS_EVENT).encode()).decode()) + "&ext=crc%3D1234",
        method="GET"), "sensors"),
    ("posthog-js-beacon", _json("https://ph.proxy.test/i/v0/e/?ip=1",
                                {"api_key": "phc_x", "batch": [{"event": "$pageview", "properties": {
                                    "$lib": "web", "distinct_id": "u"}}]}), "posthog"),
    ("posthog-node-capture", _json("https://ph.self-hosted.test/capture/", {
        "api_key": "k", "batch": [{"event": "e", "distinct_id": "d", "properties": {"$lib": "posthog-node"}}]}),
     "posthog"),
    ("mixpanel-js-proxy", _form("https://mp.proxy.test/track/?ip=1&_=1700000000000", {
        "data": base64.b64encode(json.dumps([{"event": "Viewed", "properties": {
            "token": "t", "distinct_id": "d", "$insert_id": "i", "mp_lib": "web"}}]).encode()).decode()}),
     "mixpanel"),
    ("mixpanel-engage", _form("https://mp.proxy.test/engage/", {
        "data": json.dumps([{"$token": "t", "$distinct_id": "d", "$set": {"$email": "a@b.test"}}])}), "mixpanel"),
    ("segment-browser-track", _json("https://seg.proxy.test/v1/t", {
        "type": "track", "event": "Viewed", "messageId": "ajs-next-1", "anonymousId": "a",
        "context": {"library": {"name": "analytics.js", "version": "npm:next-1.70.0"}}, "writeKey": "wk"}),
     "segment"),
    ("rudderstack-js", _json("https://rs.dataplane.test/v1/page", {
        "type": "page", "messageId": "m", "anonymousId": "a", "channel": "web", "rudderId": "r",
        "context": {"library": {"name": "RudderLabs JavaScript SDK", "version": "3.0.0"}}}), "rudderstack"),
    ("snowplow-tp2", _json("https://telemetry.vendor.test/com.snowplowanalytics.snowplow/tp2", {
        "schema": "iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4",
        "data": [{"e": "pv", "tv": "js-3.17.0", "eid": "e1", "url": "https://x.test/", "p": "web"}]}),
     "snowplow"),
    ("amplitude-v2", _json("https://amp.proxy.test/2/httpapi", {
        "api_key": "k", "events": [{"event_type": "Viewed", "device_id": "d", "library": "amplitude-ts/2.0.0"}]}),
     "amplitude"),
    ("amplitude-js-legacy", _form("https://amp.proxy.test/", {
        "client": "k", "e": json.dumps([{"event_type": "x", "device_id": "d"}]), "v": "2",
        "upload_time": "1700000000000", "checksum": "0" * 32}), "amplitude"),
    ("ga4-gtag", make_exchange("https://sgtm.shop.test/g/collect?v=2&tid=G-ABC123&gtm=45je&_p=1&cid=1.2&ul=en"
                               "&sr=1x1&en=page_view&dl=https%3A%2F%2Fshop.test%2F&sid=1", method="POST"),
     "google_analytics"),
    ("ua-collect", make_exchange("https://metrics.shop.test/collect?v=1&_v=j101&a=1&t=pageview&tid=UA-1-1&cid=1.2"
                                 "&dl=https%3A%2F%2Fshop.test%2F", method="GET"), "google_analytics"),
    ("ga4-measurement-protocol", _json("https://mp.shop.test/mp/collect?measurement_id=G-X1&api_secret=s", {
        "client_id": "c", "events": [{"name": "login", "params": {}}]}), "google_analytics"),
    ("firebase-installations", _json(
        "https://fis.proxy.test/v1/projects/p/installations",
        {"fid": "f", "appId": "1:1:android:1", "authVersion": "FIS_v2", "sdkVersion": "a:17.0.0"},
        JSON + (("X-Firebase-Client", "fire-installations/17.0.0"),)), "firebase"),
    ("firebase-measurement", make_exchange(
        "https://measure.proxy.test/a", b"\n\x8a\x02\x08\x01", headers=(
            ("User-Agent", "Dalvik/2.1.0 (Linux; U; Android 10)"),
            ("Content-Type", "application/x-www-form-urlencoded"))),
     "firebase"),
    ("sentry-store-self-hosted", _json("https://errors.corp.test/api/42/store/?sentry_key=abc&sentry_version=7", {
        "event_id": "e", "platform": "javascript", "sdk": {"name": "sentry.javascript.browser", "version": "7"}}),
     "sentry"),
    ("matomo-get", make_exchange("https://stats.site.test/matomo.php?idsite=3&rec=1&r=123&h=1&m=2&s=3"
                                 "&url=https%3A%2F%2Fsite.test%2F&_id=0123456789abcdef&apiv=1", method="GET"),
     "matomo"),
    ("matomo-proxied", make_exchange("https://site.test/js/ping?idsite=1&rec=1&action_name=Home", method="GET"),
     "matomo"),
    ("plausible", _json("https://plausible.self.test/api/event", {
        "n": "pageview", "u": "https://site.test/a", "d": "site.test", "r": None}), "plausible"),
    ("umami", _json("https://umami.self.test/api/send", {"type": "event", "payload": {
        "website": "4fb7fa4c-5b46-438d-94b3-3a8fb9bc2e8b", "hostname": "site.test", "url": "/a", "screen": "1x1"}}),
     "umami"),
    ("bugsnag", _json("https://notify.corp.test/", {
        "apiKey": "k", "payloadVersion": "4", "notifier": {"name": "Bugsnag Android", "version": "5"},
        "events": []}, JSON + (("Bugsnag-Api-Key", "k"), ("Bugsnag-Payload-Version", "4"))), "bugsnag"),
    ("adjust-session", _form("https://adj.proxy.test/session", {
        "app_token": "abc123", "environment": "production", "created_at": "2024-01-01T00:00:00.000Z+0000",
        "gps_adid": "38400000-8cf0-11bd-b23e-10b96e40000d", "android_uuid": "u", "package_name": "com.x"},
        (("Client-SDK", "android4.38.0"),)), "adjust"),
    ("appsflyer", make_exchange("https://launches.proxy.test/api/v6.9/androidevent?app_id=com.x&buildnumber=6.9.0",
                                b"\x00\x01encrypted", headers=JSON), "appsflyer"),
    ("branch", _json("https://api2.proxy.test/v1/open", {"branch_key": "key_live_abc", "hardware_id": "h"}),
     "branch"),
    ("braze-custom-sdk-endpoint", _json("https://braze-sdk.shop.test/api/v3/data/", {
        "respond_with": {"user_id": "u1", "config": {"config_time": 0}}, "api_key": "3f6a2c1e-8b4d",
        "time": 1796599311, "sdk_version": "6.13.0", "device_id": "fc6af4b2-11e4",
        "events": [{"name": "ce", "data": {"n": "search", "p": {"query": "x"}}, "session_id": "s1"}]}), "braze"),
    ("piano-analytics-first-party-collect", make_exchange(
        "https://stats.shop.test/event?s=640213&idclient=mxchknhdauwm9i5h", json.dumps({"events": [{
            "name": "page.display", "data": {"page": "Home", "event_collection_platform": "js",
                                             "event_collection_version": "6.17.0"}}]}).encode(),
        headers=(("Content-Type", "text/plain;charset=UTF-8"),)), "piano"),
    ("split-events-through-proxy", make_exchange(
        "https://flags.shop.test/api/events/beacon", json.dumps({"entries": [{
            "eventTypeId": "search", "trafficTypeName": "user", "value": None, "timestamp": 1796600778421,
            "key": "u1", "properties": {"query": "x"}}], "token": "k3v9", "sdk": "browserjs-1.7.1"}).encode(),
        headers=(("Content-Type", "text/plain;charset=UTF-8"),)), "split"),
    ("split-memberships-through-proxy", make_exchange("https://flags.shop.test/api/memberships/jonas_6993",
                                                      method="GET"), "split"),
    ("unleash-self-hosted-frontend-api", make_exchange(
        "https://flags.shop.test/api/frontend?environment=default&appName=web&sessionId=30229&userId=u1",
        method="GET", headers=(("unleash-sdk", "unleash-js-sdk:3.8.2"), ("unleash-appname", "web"))), "unleash"),
    ("unleash-edge-preflight", make_exchange(
        "https://edge.shop.test/api/frontend/client/metrics", method="OPTIONS",
        headers=(("access-control-request-headers", "authorization,content-type,unleash-appname,unleash-sdk"),)),
     "unleash"),
    ("devcycle-events-through-proxy", _json("https://flags.shop.test/v1/events", {
        "events": [{"type": "customEvent", "customType": "search", "user_id": "u1", "clientDate": 1796601313237,
                    "featureVars": {}, "metaData": {"query": "x"}}],
        "user": {"user_id": "u1", "platform": "web", "sdkType": "client", "sdkVersion": "1.47.10"}}), "devcycle"),
    ("devcycle-config-through-proxy", make_exchange(
        "https://flags.shop.test/v1/sdkConfig?sdkKey=dvc_client_4f7a2c9e&user_id=u1&isAnonymous=false",
        method="GET"), "devcycle"),
    ("clevertap-web-proxy-domain", make_exchange(
        "https://ct.shop.test/a?t=96&type=page&d=" + quote(compress_to_base64_utf16(json.dumps(
            {"id": "TEST-1", "g": "a89b", "af": {"lib": "web-sdk-v2.5.2"}, "cpg": "https://shop.test/"})), safe="")
        + "&rn=2&i=1796599020&sn=0", method="GET"), "clevertap"),
    ("kochava", _json("https://kv.proxy.test/track/json", {
        "action": "install", "kochava_app_id": "ko", "kochava_device_id": "KA1", "data": {}}), "kochava"),
    ("datadog-rum", make_exchange("https://rum.proxy.test/api/v2/rum?ddsource=browser&ddtags=sdk_version%3A5"
                                  "&dd-api-key=pub123&dd-evp-origin-version=5&dd-evp-origin=browser&dd-request-id=1",
                                  b'{"type":"view"}', headers=(("Content-Type", "text/plain"),)), "datadog"),
    ("datadog-apm-v04-sidecar", make_exchange(
        "http://datadog-agent:8126/v0.4/traces", bytes([0x91, 0x91, 0x81, 0xA4]) + b"name" + bytes([0xA1]) + b"x",
        method="PUT", headers=(("Content-Type", "application/msgpack"), ("Datadog-Meta-Lang", "nodejs"),
                               ("Datadog-Meta-Tracer-Version", "5.20.0"), ("X-Datadog-Trace-Count", "1"))),
     "datadog_apm"),
    ("datadog-apm-stats", make_exchange("http://10.0.0.7:8126/v0.6/stats", b"\x80", headers=(
        ("Content-Type", "application/msgpack"), ("Datadog-Meta-Tracer-Version", "2.10.0"))), "datadog_apm"),
    ("datadog-apm-libdatadog-info", make_exchange("http://localhost:8126/info", method="GET", headers=(
        ("User-Agent", "Libdatadog/9.0.0"),)), "datadog_apm"),
    ("datadog-apm-dogstatsd-proxy", make_exchange(  # dd-trace-js's own metrics through the agent
        "http://dd-agent.shop.test:8126/dogstatsd/v2/proxy",
        b"datadog.dogstatsd.client.metrics:0|c|#service:shop-api,env:prod,client:nodejs|c:in-1\n"
        b"datadog.tracer.node.exporter.agent.requests:1|c|#service:shop-api\n"), "datadog_apm"),
    ("newrelic-browser", make_exchange("https://nr.proxy.test/events/1/NRJS-abc?a=123&sa=1&v=1.250.0&t=Unnamed"
                                       "&rst=1000&ck=0&s=0&ref=https://site.test/", b"bel.7;", method="POST"),
     "newrelic"),
    ("yandex-metrica", make_exchange("https://mc.proxy.test/watch/12345678?wmode=7&page-url=https%3A%2F%2Fs.test"
                                     "&charset=utf-8&browser-info=pv%3A1%3Avf%3A1", method="GET"), "yandex_metrica"),
    ("appmetrica", make_exchange("https://report.proxy.test/report?deviceid=d&uuid=u&api_key_128=k"
                                 "&analytics_sdk_version_name=5.0.0&app_platform=android", b"\x00", method="POST"),
     "appmetrica"),
    ("meta-pixel", make_exchange("https://fb.proxy.test/tr/?id=123456789&ev=PageView&dl=https%3A%2F%2Fs.test"
                                 "&rl=&if=false&ts=1700000000000&sw=1&sh=1", method="GET"), "meta_pixel"),
    ("facebook-app-events", _form("https://graph.proxy.test/v17.0/1234567890/activities", {
        "event": "CUSTOM_APP_EVENTS", "advertiser_id": "a", "anon_id": "XZ1", "application_tracking_enabled": "1",
        "custom_events": "[]"}), "facebook_app_events"),
    ("app-center", _json("https://in.proxy.test/logs?api-version=1.0.0", {"logs": [{
        "type": "event", "device": {"sdkName": "appcenter.android", "sdkVersion": "5.0.0"}}]},
        JSON + (("App-Secret", "s"), ("Install-ID", "i"))), "appcenter"),
    ("application-insights", _json("https://ai.proxy.test/v2/track", [{
        "name": "Microsoft.ApplicationInsights.abc.Event", "iKey": "abc",
        "data": {"baseType": "EventData", "baseData": {"name": "click"}}}]), "application_insights"),
    ("countly", make_exchange("https://countly.self.test/i?app_key=k&device_id=d&timestamp=1&sdk_name=java-native-android"
                              "&sdk_version=23&begin_session=1", method="GET"), "countly"),
    ("baidu-tongji", make_exchange("https://hm.proxy.test/hm.gif?cc=1&ck=1&cl=24-bit&ds=1x1&vl=1&ep=1&et=0&ja=0"
                                   "&ln=en&lo=0&lt=1700000000&rnd=1&si=abcdef&v=1.3&lv=1", method="GET"),
     "baidu_tongji"),
    ("umeng", make_exchange("https://ulogs.proxy.test/unify_logs", b"\x00binary", headers=(
        ("Content-Type", "envelope/json"),)), "umeng"),
    ("rollbar-js", _json("https://errors.proxy.test/api/1/item/", {"data": {
        "environment": "production", "level": "error", "body": {"message": {"body": "x"}},
        "notifier": {"name": "rollbar-browser-js", "version": "2.26.4"}}},
        JSON + (("X-Rollbar-Access-Token", "t"),)), "rollbar"),
    ("opentelemetry-otlp-json", _json("https://otel.collector.test/v1/logs", {"resourceLogs": [{
        "resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "web"}}]},
        "scopeLogs": [{"logRecords": [{"body": {"stringValue": "hello"}}]}]}]}), "opentelemetry"),
    ("opentelemetry-otlp-protobuf", make_exchange("https://otel.collector.test/v1/traces", b"\x0a\x00", headers=(
        ("Content-Type", "application/x-protobuf"), ("User-Agent", "OTel-OTLP-Exporter-Java/1.40.0"))),
     "opentelemetry"),
    ("customerio-mobile-device", make_exchange(
        "https://cio.proxy.test/api/v1/customers/u1/devices", json.dumps({"device": {
            "id": "tok", "platform": "android"}}).encode(), method="PUT",
        headers=JSON + (("User-Agent", "Customer.io Android Client/3.6.0"),)), "customerio"),
    ("customerio-event-basic-auth", _json("https://cio.proxy.test/api/v1/customers/u1/events", {
        "name": "purchase", "data": {"price": 1}}, JSON + (("Authorization", "Basic c2l0ZTprZXk="),)),
     "customerio"),
    ("grafana-faro-alloy", _json("https://alloy.customer.test/collect", {
        "meta": {"sdk": {"name": "faro-web", "version": "2.12.1"}, "app": {"name": "web"},
                 "page": {"url": "https://shop.test/"}},
        "events": [{"name": "click", "timestamp": "2026-01-01T00:00:00Z"}]},
        JSON + (("x-faro-session-id", "s1"),)), "grafana_faro"),
    ("elastic-apm-rum-self-hosted", make_exchange(
        "https://apm.customer.test/intake/v2/rum/events",
        b'{"metadata":{"service":{"name":"web","agent":{"name":"rum-js","version":"5.17.5"}}}}\n'
        b'{"transaction":{"id":"1","name":"/","type":"page-load","context":{"page":{"url":"https://a.test/"}}}}\n',
        headers=(("Content-Type", "application/x-ndjson"),)), "elastic_apm"),
    ("honeycomb-refinery", make_exchange(
        "http://refinery.customer.test:8080/1/batch/api-prod",
        json.dumps([{"data": {"name": "GET /"}, "time": "2026-01-01T00:00:00Z", "samplerate": 1}]).encode(),
        headers=JSON + (("X-Honeycomb-Team", "hcaik_x"), ("User-Agent", "libhoney-go/1.20.0"))), "honeycomb"),
    ("elastic-apm-agent-server-info", make_exchange("http://apm.customer.test:8200/", method="GET", headers=(
        ("User-Agent", "apm-agent-python/6.26.2 (api)"),)), "elastic_apm"),
    ("splunk-hec-self-run", make_exchange(
        "https://splunk.customer.test:8088/services/collector/event",
        b'{"event": "login ok", "host": "web-1", "sourcetype": "_json"}{"event": "logout"}',
        headers=(("Authorization", "Splunk 8f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b"),)), "splunk_hec"),
    ("grafana-loki-self-run", _json("https://logs.customer.test/loki/api/v1/push", {"streams": [{
        "stream": {"app": "web"}, "values": [["1700000000000000000", "GET /login 200"]]}]}), "grafana_loki"),
    ("grafana-loki-protobuf-tenant", make_exchange("http://gateway.customer.test:3100/loki/api/v1/push", b"\x00snappy",
                                                   headers=(("Content-Type", "application/x-protobuf"),
                                                            ("X-Scope-OrgID", "tenant-1"))), "grafana_loki"),
    ("growthbook-self-run-ingestor", make_exchange(
        "https://gb.customer.test/track?client_key=sdk-abc",
        json.dumps([{"event_name": "search", "properties_json": {"q": "x"}, "user_id": "u1",
                     "sdk_language": "js", "sdk_version": "1.8.0", "url": "https://a.test/",
                     "context_json": {"email": "a@b.test"}}]).encode(),
        headers=(("Content-Type", "text/plain"),)), "growthbook"),
    ("optimizely-events-through-proxy", _json("https://www.shop.test/exp/v1/events", {
        "account_id": "1", "project_id": "2", "revision": "3", "client_name": "javascript-sdk",
        "visitors": [{"visitor_id": "v1", "attributes": [{"entity_id": "4", "key": "plan", "type": "custom",
                                                          "value": "pro"}],
                      "snapshots": [{"events": [{"key": "search", "tags": {"q": "x"}}]}]}]}), "optimizely"),
]

NEGATIVE: list[tuple[str, Exchange]] = [
    ("login-form", _form("https://shop.test/login", {"user": "u", "password": "p", "csrf": "c"})),
    ("graphql", _json("https://api.shop.test/graphql", {"query": "{ me { id } }", "variables": {}})),
    ("json-event-api", _json("https://api.shop.test/v1/events", {"event": "click", "data": {"id": 1},
                                                                    "token": "t"})),
    ("generic-batch", _json("https://api.shop.test/v1/batch", {"batch": [{"op": "put", "id": 1}]})),
    ("search", make_exchange("https://search.test/search?q=weather&hl=en", method="GET")),
    ("image-tr", make_exchange("https://img.test/tr/?w=100&h=100", method="GET")),
    ("collect-no-ga", make_exchange("https://shop.test/collect?item=1", method="POST")),
    ("form-with-data", _form("https://shop.test/save", {"data": "hello", "format": "text"})),
    ("upload-a", make_exchange("https://files.test/a", b"\nfile", headers=(("Content-Type", "text/plain"),))),
    ("i-endpoint", make_exchange("https://cdn.test/i?img=1&size=2", method="GET")),
    ("api-v3-data-upload", _json("https://api.shop.test/api/v3/data", {"api_key": "k", "rows": [1, 2]})),
    ("event-with-s", _json("https://api.shop.test/event?s=1&idclient=2", {"events": [{"name": "x"}]})),
    ("api-events-generic", _json("https://api.shop.test/api/events/bulk", [{"type": "click", "id": 1}])),
    ("api-memberships-post", _json("https://api.shop.test/api/memberships/42", {"plan": "pro"})),
    ("api-frontend-no-app", make_exchange("https://shop.test/api/frontend?page=2", method="GET")),
    ("v1-events-with-user", _json("https://api.shop.test/v1/events", {"events": [{"type": "click"}],
                                                                     "user": {"id": "u1"}})),
    ("a-endpoint-t", make_exchange("https://cdn.test/a?t=96&type=thumb&w=100", method="GET")),
    ("api-send", _json("https://chat.test/api/send", {"type": "message", "payload": {"text": "hi"}})),
    ("v1-logs-json", _json("https://api.shop.test/v1/logs", {"logs": [{"level": "info", "msg": "hi"}]})),
    ("item-notifier", _json("https://api.shop.test/api/1/item/", {"data": {"name": "lamp"}})),
    ("crm-customer-update", make_exchange("https://crm.shop.test/api/v1/customers/42", json.dumps({
        "name": "ACME"}).encode(), method="PUT", headers=JSON + (("Authorization", "Basic dTpw"),))),
    ("meta-and-events", _json("https://api.shop.test/v2/feed", {"meta": {"page": 1, "sdk": {"name": "x"}},
                                                               "events": [{"id": 1}]})),
    ("account-project-visitors", _json("https://api.shop.test/v1/report", {
        "account_id": "1", "project_id": "2", "visitors": [{"day": "mon", "count": 3}]})),
    ("service-info", make_exchange("https://api.shop.test/info", method="GET", headers=(
        ("User-Agent", "python-requests/2.32"),))),
    ("dogstatsd-path-not-statsd", _json("https://api.shop.test/dogstatsd/v2/proxy", {"metric": "a:1|c"})),
    ("versioned-traces-no-tracer", make_exchange("https://api.shop.test/v0.4/traces", b"[]", headers=JSON)),
    ("batch-with-team-no-key", _json("https://api.shop.test/1/batch/orders", [{"data": {"id": 1}}])),
    ("services-collector-other-auth", _json("https://api.shop.test/services/collector", {"id": 1},
                                            JSON + (("Authorization", "Bearer abc"),))),
    ("push-path-other-api", _json("https://api.shop.test/api/v1/push", {"token": "t", "message": "hi"})),
    ("track-event-name", _json("https://api.shop.test/track", {"event_name": "click", "sdk_version": "2",
                                                              "properties": {"id": 1}})),
]


@pytest.mark.parametrize(("name", "exchange", "expected"), POSITIVE, ids=[r[0] for r in POSITIVE])
def test_fingerprint_recognises_its_sdk(name: str, exchange: Exchange, expected: str) -> None:
    found = identify(exchange, fields_of(exchange))
    assert found is not None, name
    assert found.fingerprint == expected, (name, found)
    assert found.evidence


@pytest.mark.parametrize(("name", "exchange"), NEGATIVE, ids=[r[0] for r in NEGATIVE])
def test_ordinary_requests_match_no_fingerprint(name: str, exchange: Exchange) -> None:
    assert identify(exchange, fields_of(exchange)) is None


def test_every_registered_fingerprint_has_a_positive_example() -> None:
    covered = {row[2] for row in POSITIVE}
    assert {fp.name for fp in FINGERPRINTS} <= covered


def test_unknown_host_gets_the_sdk_vendor(attributor: Attributor) -> None:
    exchange = POSITIVE[0][1]
    got = attributor.attribute(exchange, fields_of(exchange))
    assert (got.org, got.sdk, got.category) == ("Sensors Data", "Sensors Analytics", "analytics")
    assert got.reason and got.reason.startswith("fingerprint sensors")


def test_known_operator_keeps_its_org_and_gains_the_sdk(attributor: Attributor) -> None:
    exchange = _form("https://sa.api.intl.miui.com/sa?project=global_browser",
                     {"gzip": "1", "data_list": _b64gzip([SENSORS_EVENT])})
    got = attributor.attribute(exchange, fields_of(exchange))
    assert (got.org, got.sdk) == ("Xiaomi", "Sensors Analytics")
    assert got.reason and "domain sa.api.intl.miui.com" in got.reason and "fingerprint sensors" in got.reason


def test_hosting_domains_do_not_count_as_operators(attributor: Attributor) -> None:
    exchange = _json("https://d111111abcdef8.cloudfront.net/com.snowplowanalytics.snowplow/tp2", {
        "schema": "iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4",
        "data": [{"e": "pv", "tv": "js-3.17.0"}]})
    got = attributor.attribute(exchange, fields_of(exchange))
    assert (got.org, got.sdk) == ("Snowplow", "Snowplow")
    assert got.reason and "Amazon" in got.reason


def test_a_host_without_payload_match_uses_the_domain(attributor: Attributor) -> None:
    exchange = make_exchange("https://api.mixpanel.com/decide?verbose=1", method="GET")
    got = attributor.attribute(exchange, fields_of(exchange))
    assert (got.org, got.sdk) == ("Mixpanel", "Mixpanel")


def _exhaustive(exchange: Exchange) -> str | None:
    """The first fingerprint that matches, trying every one (no prefilter)."""
    view = RequestView(exchange, fields_of(exchange))
    for fp in FINGERPRINTS:
        if fp.match(view) is not None:
            return fp.name
    return None


@pytest.mark.parametrize(("name", "exchange", "expected"), POSITIVE, ids=[r[0] for r in POSITIVE])
def test_prefilter_never_hides_a_match(name: str, exchange: Exchange, expected: str) -> None:
    found = DEFAULT_REGISTRY.identify(RequestView(exchange, fields_of(exchange)))
    assert found is not None and found.fingerprint == _exhaustive(exchange)


def test_prefilter_never_hides_a_match_on_recorded_captures() -> None:
    from tests.attribution.peel import exchanges

    captures = sorted(Path(__file__).resolve().parents[1].joinpath("data", "captures").glob("*.har"))
    for har in captures:
        for exchange in exchanges(har):
            found = DEFAULT_REGISTRY.identify(RequestView(exchange, fields_of(exchange)))
            assert (found.fingerprint if found else None) == _exhaustive(exchange), (har.name, exchange.url)
