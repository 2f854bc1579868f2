"""Browser sessions: Debian's Chromium (Playwright) on a .test site embedding a JS SDK from npm.

Per site three sessions, as a person would browse: ``-1-normal`` and ``-3-normal`` share one
persistent profile (the SDK's cookie id survives between them), ``-2-private`` is a fresh incognito
context. The same person (same planted values) in all three. The site's pages and the SDK bundle
are served by the recording proxy itself.
"""

from __future__ import annotations

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
}


def sessions() -> list[Session]:
    out = []
    for site, (collector, sdk, org, package, files) in SITES_JS.items():
        stem = site.split(".")[0]
        site_cfg = {
            "root": str(SITES / stem), "templates": str(SITES / "common"),
            "files": {url: str(NODE_MODULES / rel) for url, rel in files.items()},
        }
        for n, mode in ((1, "normal"), (2, "private"), (3, "normal")):
            name = f"browser-{stem}-{n}-{mode}"
            out.append(Session(
                name=name, out_dir=FIXTURES, runner="node", script=CLIENTS / "browser_session.js",
                plan={"site": site, "mode": mode, "profile": stem, "fresh_profile": n == 1},
                hosts={collector: (sdk, org)}, planted=BROWSER_CANARIES,
                expect={c: [collector] for c in BROWSER_CANARIES},
                seed=f"browser-{stem}", value_args={"site": site}, mode=mode, client="chromium",
                packages=("playwright-core", package), first_party=(site,),
                sites={site: site_cfg}, group="browser",
            ))
    return out
