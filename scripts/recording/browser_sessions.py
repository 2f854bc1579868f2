"""Browser sessions: Debian's Chromium (Playwright) on a .test site embedding a JS SDK from npm.

Per site three sessions, as a person would browse: ``-1-normal`` and ``-3-normal`` share one
persistent profile (the SDK's cookie id survives between them), ``-2-private`` is a fresh incognito
context. The same person (same planted values) in all three. The site's pages and the SDK bundle
are served by the recording proxy itself.
"""

from __future__ import annotations

from dataclasses import replace

from .sessions import CLIENTS, FIXTURES, REPO, SITES, Session

NODE_MODULES = REPO / "scripts" / "node_modules"
BROWSER_CANARIES = ["email", "user_id", "visited_url", "query"]

SITES_JS = {
    # site, collector host, sdk, org, npm package, served path -> file in the package
    "news-c.test": ("sa.datasink.news-c-analytics.test", "Sensors Analytics", "Sensors Data",
                    "sa-sdk-javascript", {"/js/sensorsdata.min.js": "sa-sdk-javascript/sensorsdata.min.js"}),
    "blog-d.test": ("collector.blog-d-analytics.test", "Snowplow", "Snowplow",
                    "@snowplow/browser-tracker",
                    {"/js/sp.js": "@snowplow/browser-tracker/dist/index.umd.min.js"}),
    "shop-e.test": ("browser-intake-datadoghq.com", "Datadog", "Datadog", "@datadog/browser-rum",
                    {"/js/datadog-rum.js": "@datadog/browser-rum/bundle/datadog-rum.js"}),
    "forum-f.test": ("mp.forum-f-analytics.test", "Mixpanel", "Mixpanel", "mixpanel-browser",
                     {"/js/mixpanel.js": "mixpanel-browser/dist/mixpanel.umd.js"}),
    "wiki-g.test": ("countly.wiki-g-analytics.test", "Countly", "Countly", "countly-sdk-web",
                    {"/js/countly.min.js": "countly-sdk-web/lib/countly.min.js"}),
    "docs-h.test": ("westeurope-5.in.applicationinsights.azure.com", "Application Insights", "Microsoft",
                    "@microsoft/applicationinsights-web",
                    {"/js/applicationinsights-web.min.js":
                     "@microsoft/applicationinsights-web/dist/es5/applicationinsights-web.min.js"}),
    "lib-i.test": ("faro-collector-prod-eu-west-2.grafana.net", "Grafana Faro", "Grafana Labs",
                   "@grafana/faro-web-sdk",
                   {"/js/faro-web-sdk.iife.js": "@grafana/faro-web-sdk/dist/bundle/faro-web-sdk.iife.js"}),
    "travel-j.test": ("events.launchdarkly.com", "LaunchDarkly", "LaunchDarkly", "launchdarkly-js-client-sdk",
                      {"/js/ldclient.min.js": "launchdarkly-js-client-sdk/dist/ldclient.min.js"}),
    "recipes-k.test": ("prodregistryv2.org", "Statsig", "Statsig", "@statsig/js-client",
                       {"/js/statsig-js-client.min.js": "@statsig/js-client/build/statsig-js-client.min.js"}),
    "jobs-l.test": ("4f1e2d3c4b5a6978.apm.eu-west-1.aws.cloud.es.io", "Elastic APM", "Elastic", "@elastic/apm-rum",
                    {"/js/elastic-apm-rum.umd.min.js": "@elastic/apm-rum/dist/bundles/elastic-apm-rum.umd.min.js"}),
    "podcast-m.test": ("us-east-1.gb-ingest.com", "GrowthBook", "GrowthBook", "@growthbook/growthbook",
                       {"/js/growthbook-auto.min.js": "@growthbook/growthbook/dist/bundles/auto.min.js"}),
    "events-n.test": ("logx.optimizely.com", "Optimizely", "Optimizely", "@optimizely/optimizely-sdk",
                      {"/js/optimizely.browser.umd.min.js":
                       "@optimizely/optimizely-sdk/dist/optimizely.browser.umd.min.js"}),
    "store-o.test": ("api.segment.io", "Segment", "Twilio Segment", "@segment/analytics-next", {}),
    "pets-p.test": ("eu1.clevertap-prod.com", "CleverTap", "CleverTap", "clevertap-web-sdk",
                    {"/js/clevertap.min.js": "clevertap-web-sdk/clevertap.min.js"}),
    "music-q.test": ("sdk.iad-05.braze.com", "Braze", "Braze", "@braze/web-sdk",
                     {"/js/braze.min.js": ".phonehome-bundles/braze-web-sdk.min.js"}),
    "games-r.test": ("api2.branch.io", "Branch", "Branch", "branch-sdk",
                     {"/js/branch.min.js": "branch-sdk/dist/build.min.js"}),
    "cars-s.test": ("bam.nr-data.net", "New Relic", "New Relic", "@newrelic/browser-agent",
                    {"/js/newrelic-agent.min.js": ".phonehome-bundles/newrelic-browser-agent.min.js"}),
    "maps-t.test": ("app.adjust.com", "Adjust", "Adjust", "@adjustcom/adjust-web-sdk",
                    {"/js/adjust-latest.min.js": "@adjustcom/adjust-web-sdk/dist/adjust-latest.min.js"}),
    "shoes-v.test": ("k.clarity.ms", "Microsoft Clarity", "Microsoft", "clarity-js",
                     {"/js/clarity.min.js": "clarity-js/build/clarity.min.js"}),
    "books-w.test": ("vxkqpzl.pa-cd.com", "Piano Analytics", "Piano", "piano-analytics-js",
                     {"/js/piano-analytics.js": "piano-analytics-js/dist/browser/piano-analytics.js"}),
    "toys-x.test": ("events.split.io", "Split", "Split Software", "@splitsoftware/splitio-browserjs",
                    {"/js/split.min.js": ".phonehome-bundles/splitio-browserjs.min.js"}),
    "news-y.test": ("eu.app.unleash-hosted.com", "Unleash", "Unleash", "unleash-proxy-client",
                    {"/js/unleash.min.js": "unleash-proxy-client/build/main.min.js"}),
    "cafe-z.test": ("events.devcycle.com", "DevCycle", "DevCycle", "@devcycle/js-client-sdk",
                    {"/js/devcycle.min.js": ".phonehome-bundles/devcycle-js-client-sdk.min.js"}),
    "garden-u.test": ("plausible.io", "Plausible", "Plausible Analytics", "@plausible-analytics/tracker",
                      {"/js/plausible.min.js": ".phonehome-bundles/plausible-tracker.min.js"}),
}
# Sites whose snippet loads the SDK and its settings from the vendor's CDN: the proxy serves that
# host too (the standalone bundle and its lazily loaded chunks from npm, the project's settings).
_SEGMENT_UMD = NODE_MODULES / "@segment" / "analytics-next" / "dist" / "umd"
_SEGMENT_KEY = "Qm7vT3xZp9LcW2rK8yHd4nFb6sJa1Ge5"
VENDOR_CDNS: dict[str, dict[str, dict[str, str]]] = {
    "store-o.test": {"cdn.segment.com": {
        f"/analytics.js/v1/{_SEGMENT_KEY}/analytics.min.js": str(_SEGMENT_UMD / "standalone.js"),
        f"/v1/projects/{_SEGMENT_KEY}/settings": str(SITES / "store-o" / "segment-settings.json"),
        **{f"/analytics-next/bundles/{f.name}": str(f) for f in sorted(_SEGMENT_UMD.glob("*.bundle.*.js"))},
    }},
}
# SDKs published only as ES modules: bundled with esbuild before recording (built file -> entry, global).
BUNDLES = {
    "music-q.test": {str(NODE_MODULES / ".phonehome-bundles" / "braze-web-sdk.min.js"):
                     ("@braze/web-sdk/src/index.js", "braze")},
    "cars-s.test": {str(NODE_MODULES / ".phonehome-bundles" / "newrelic-browser-agent.min.js"):
                    (str(SITES / "cars-s" / "newrelic-entry.js"), "newrelicAgent")},
    "toys-x.test": {str(NODE_MODULES / ".phonehome-bundles" / "splitio-browserjs.min.js"):
                    ("@splitsoftware/splitio-browserjs/esm/index.js", "splitio")},
    "cafe-z.test": {str(NODE_MODULES / ".phonehome-bundles" / "devcycle-js-client-sdk.min.js"):
                    (str(SITES / "cafe-z" / "entry.js"), "DevCycle")},
    "garden-u.test": {str(NODE_MODULES / ".phonehome-bundles" / "plausible-tracker.min.js"):
                      ("@plausible-analytics/tracker/plausible.js", "plausible")},
}
# Feature-flag SDKs send the person's context to a second host when they evaluate flags: there the
# canaries of the context (not the events) are expected too.
FLAG_HOSTS = {
    "travel-j.test": ("app.launchdarkly.com", ("email", "user_id")),  # GET /sdk/evalx/ENV/contexts/<base64url JSON>
    "recipes-k.test": ("featureassets.org", ("email", "user_id")),  # POST /v1/initialize (reversed base64)
    "toys-x.test": ("sdk.split.io", ("user_id",)),  # GET /api/memberships/<key>: the key in the URL path
    "cafe-z.test": ("sdk-api.devcycle.com", ("email", "user_id")),  # GET /v1/sdkConfig?…&user_id=…&email=…
}
# Sites whose SDK batches its events and sends the last batch when the page goes away: the person
# leaves the last page (about:blank) before the browser closes, so that batch is on the wire.
LEAVE_LAST_PAGE = {"shop-e.test", "forum-f.test", "wiki-g.test", "docs-h.test", "lib-i.test",
                   "travel-j.test", "recipes-k.test", "jobs-l.test", "podcast-m.test", "events-n.test", "store-o.test",
                   "music-q.test", "cars-s.test", "shoes-v.test", "toys-x.test", "news-y.test",
                   "cafe-z.test"}
# Sites whose SDK reports every page without its query (New Relic's pageUrl/ref, Statsig's currentPage,
# Piano's event_url_full): the search page reaches the collector as https://SITE/search, a second
# visited page, planted as such.
PAGES_WITHOUT_QUERY = {"cars-s.test", "recipes-k.test", "books-w.test"}
# Sites whose SDK reports a page as its path with the host in another field (Countly's views).
URL_IN_PARTS = {"wiki-g.test"}


# Sessions also saved as Playwright's own HAR (recordHar), the file a study automating a browser has:
# kind -> site. A .zip keeps every body as a file beside the HAR (Snowplow's JSON posts); an embedded
# HAR of a site whose SDK posts a gzip stream with fetch (Elastic APM) shows what Playwright leaves out.
PLAYWRIGHT_HARS = {"zip": "blog-d.test", "har": "jobs-l.test"}


def sessions() -> list[Session]:
    return site_sessions() + playwright_har_sessions()


def playwright_har_sessions() -> list[Session]:
    """One normal session per kind of Playwright HAR, each in a fresh profile of its own."""
    out = []
    for kind, site in PLAYWRIGHT_HARS.items():
        base = next(s for s in site_sessions() if s.plan["site"] == site and s.name.endswith("-1-normal"))
        stem = site.split(".")[0]
        out.append(replace(base, name=f"browser-{stem}-playwright-{kind}", browser_har=kind,
                           plan={**base.plan, "profile": f"{stem}-playwright-{kind}", "fresh_profile": True}))
    return out


def site_sessions() -> list[Session]:
    out = []
    for site, (collector, sdk, org, package, files) in SITES_JS.items():
        stem = site.split(".")[0]
        site_cfg = {
            "root": str(SITES / stem), "templates": str(SITES / "common"),
            "files": {url: str(NODE_MODULES / rel) for url, rel in files.items()},
        }
        cdn_sites: dict[str, object] = {
            host: {"root": str(SITES / stem), "templates": str(SITES / "common"), "files": files_}
            for host, files_ in VENDOR_CDNS.get(site, {}).items()}
        hosts = {collector: (sdk, org)}
        planted = BROWSER_CANARIES + (["visited_url_search"] if site in PAGES_WITHOUT_QUERY else [])
        expect = {c: [collector] for c in planted}
        if site in FLAG_HOSTS:
            flag_host, carried = FLAG_HOSTS[site]
            hosts[flag_host] = (sdk, org)
            for c in carried:
                expect[c] = sorted([collector, flag_host])
        for n, mode in ((1, "normal"), (2, "private"), (3, "normal")):
            name = f"browser-{stem}-{n}-{mode}"
            out.append(Session(
                name=name, out_dir=FIXTURES, runner="node", script=CLIENTS / "browser_session.js",
                plan={"site": site, "mode": mode, "profile": stem, "fresh_profile": n == 1,
                      "leave_last_page": site in LEAVE_LAST_PAGE},
                hosts=hosts, planted=planted, expect=expect, kinds={"visited_url_search": "visited_url"},
                seed=f"browser-{stem}", value_args={"site": site}, mode=mode, client="chromium",
                packages=("playwright-core", package, *(("esbuild",) if site in BUNDLES else ())),
                first_party=(site,), bundles=BUNDLES.get(site, {}),
                sites={site: site_cfg, **cdn_sites}, group="browser", url_in_parts=site in URL_IN_PARTS,
            ))
    return out
