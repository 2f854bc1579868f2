#!/usr/bin/env python3
"""Emulate the 2020 Mi Browser telemetry, sent with the real Sensors Analytics Python SDK.

What the public reports of April-May 2020 describe (Gabi Cirlig and Andrew Tierney's findings,
Xiaomi's own statement naming its collector): Mi Browser reported every page the user opened and
every search query, together with the phone model, the Android version and a random UUID used as
the "anonymous" distinct id. The UUID stays the same across browser sessions, in normal and in
incognito mode alike, and only changes when the app is reinstalled, so every session links back to
one device. Xiaomi's other pre-installed apps reported folders opened, apps launched and music
played to the same kind of collector. The payloads were not encrypted, only encoded: the Sensors
Analytics SDK posts ``data_list=base64(gzip(JSON array))`` batches. Xiaomi's 12.1.4 update added a
switch that stops this collection in incognito mode.

This script is one phone session. It is run by ``scripts/record_fixtures.py`` (sessions
``mibrowser-*``) with the phone's traffic going through the recording proxy, and takes a plan JSON
file: the collector URL, the session's mode and app version, the device, where the app keeps its
data (the UUID survives between sessions until a reinstall wipes it) and the planted values.

The phone's app data lives under the plan's work folder. The browser really fetches the pages
it opens (first-party requests to the sites themselves); what matters is what else goes to the
collector. Nothing here is Xiaomi's code: the event names and property keys are a plausible
reconstruction; the transport is the real SDK's.
"""

from __future__ import annotations

import json
import shutil
import sys
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import quote_plus

import sensorsanalytics


def distinct_id(app_data: Path, reinstall: bool) -> str:
    """The install's random UUID: created on first start, kept until the app is reinstalled."""
    if reinstall:
        shutil.rmtree(app_data, ignore_errors=True)
    app_data.mkdir(parents=True, exist_ok=True)
    stored = app_data / "sensorsdata_distinct_id"
    if not stored.exists():
        stored.write_text(str(uuid.uuid4()))
    return stored.read_text().strip()


def fetch(url: str) -> None:
    """The browser loading a page (goes to the site itself, through the phone's proxy)."""
    req = urllib.request.Request(url, headers={
        "User-Agent": "Mozilla/5.0 (Linux; U; Android 10; en-us; Redmi Note 8 Build/QKQ1.200114.002) "
                      "AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/79.0.3945.147 "
                      "Mobile Safari/537.36 XiaoMi/MiuiBrowser/12.1.3-g"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        resp.read()


def main(plan_path: str) -> None:
    plan = json.loads(Path(plan_path).read_text())
    v, device = plan["values"], plan["device"]
    app_data = Path(plan["work"]) / "phones" / device["id"] / "com.mi.globalbrowser"
    uid = distinct_id(app_data, plan.get("reinstall", False))
    incognito = plan["mode"] == "incognito"
    collect = not (incognito and not plan.get("incognito_collection", True))

    sa = sensorsanalytics.SensorsAnalytics(
        sensorsanalytics.BatchConsumer(plan["collector"], max_size=50, request_timeout=10),
        project_name=plan["project"])
    sa.register_super_properties({
        "$app_version": plan["app_version"], "$os": "Android", "$os_version": device["android"],
        "$model": device["model"], "$manufacturer": "Xiaomi", "$brand": "Redmi",
        "$screen_width": 1080, "$screen_height": 2340, "$network_type": "WIFI",
        "miui_version": device["miui"], "region": "ES", "language": "en_US",
    })

    def track(event: str, props: dict[str, object]) -> None:
        if collect:
            sa.track(uid, event, props)

    track("browser_start", {"incognito": incognito, "start_type": "launcher"})
    fetch(v["visited_url"])
    track("page_view", {"url": v["visited_url"], "title": plan["titles"][0], "referrer": "",
                        "incognito": incognito})
    search_url = f"https://{plan['search_host']}/search?q={quote_plus(v['query'])}"
    fetch(search_url)
    track("search", {"query": v["query"], "search_engine": plan["search_host"], "source": "address_bar",
                     "url": search_url, "incognito": incognito})
    fetch(v["visited_url2"])
    track("page_view", {"url": v["visited_url2"], "title": plan["titles"][1], "referrer": search_url,
                        "incognito": incognito})
    sa.flush()
    if not incognito:  # the rest of the phone: file manager, launcher, music player
        track("folder_open", {"app": "com.mi.android.globalFileexplorer", "path": v["file_path"]})
        track("app_open", {"app": "com.miui.home", "package": v["app_package"]})
        track("music_play", {"app": "com.miui.player", "song": v["song"], "artist": v["artist"]})
    sa.flush()
    sa.close()


if __name__ == "__main__":
    main(sys.argv[1])
