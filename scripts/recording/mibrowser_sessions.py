"""The 2020 Mi Browser reproduction: four phone sessions recorded into examples/mibrowser/.

1-normal and 2-incognito share one install (same UUID); 3-normal-after-reinstall wipes the app data
(new UUID); 4-incognito-switch-off is the 12.1.4 behaviour with incognito collection switched off:
the browser still loads pages, nothing reaches the collector. ``write_study`` writes study.toml
from these same definitions, so the manifest and the captures cannot drift apart.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

from .canaries import ADJ, NOUN
from .sessions import MIBROWSER, SITES, Session

COLLECTOR_HOST = "sa.api.intl.miui.com"  # named in Xiaomi's own 2020 statement
COLLECTOR = f"https://{COLLECTOR_HOST}/sa?project=global_browser"
NEWS, SEARCH = "www.example-news.test", "www.search-engine.test"
DEVICE = {"id": "redmi-note-8-a", "model": "Redmi Note 8", "android": "10", "miui": "V11.0.8.0.QCOEUXM"}
PLANTED = ["visited_url", "visited_url2", "query", "file_path", "app_package"]
KINDS = {"visited_url": "visited_url", "visited_url2": "visited_url", "query": "search_query",
         "file_path": "file_path", "app_package": "app_usage"}
SONGS = [("Harbor Lights at Noon", "The Velvet Junipers"), ("Cobalt Meadow", "Misty Orchid"),
         ("Lantern Song", "Amber Falcon"), ("Quiet Canyon", "Copper Thistle")]

# label, mode, install, reinstall before it, app version, incognito collection switch
RUNS = [
    ("1-normal", "normal", 1, True, "12.1.3-g", True),
    ("2-incognito", "incognito", 1, False, "12.1.3-g", True),
    ("3-normal-after-reinstall", "normal", 2, True, "12.1.3-g", True),
    ("4-incognito-switch-off", "incognito", 2, False, "12.1.4-g", False),
]


def values_for(label: str) -> dict[str, str]:
    rng = random.Random(f"mibrowser-{label}")

    def slug() -> str:
        return f"{rng.choice(ADJ)}-{rng.choice(NOUN)}-{rng.randrange(10000, 99999)}"

    song, artist = rng.choice(SONGS)
    return {
        "visited_url": f"https://{NEWS}/article/{slug()}",
        "visited_url2": f"https://{NEWS}/article/{slug()}",
        "query": f"{rng.choice(ADJ)} {rng.choice(NOUN)} {rng.randrange(100, 999)}",
        "file_path": f"/storage/emulated/0/DCIM/{rng.choice(NOUN).title()} {rng.randrange(2015, 2020)}",
        "app_package": f"com.example.{rng.choice(ADJ)}{rng.choice(NOUN)}",
        "song": song, "artist": artist,
        "model": DEVICE["model"], "os_version": DEVICE["android"],
    }


def sessions() -> list[Session]:
    out = []
    for label, mode, install, reinstall, version, switch in RUNS:
        values = values_for(label)
        planted = PLANTED if mode == "normal" else PLANTED[:3]
        silent = mode == "incognito" and not switch
        out.append(Session(
            name=f"mibrowser-{label}", stem=label, out_dir=MIBROWSER / "captures", runner="python",
            script=MIBROWSER / "emulate.py",
            plan={"collector": COLLECTOR, "project": "global_browser", "mode": mode,
                  "app_version": version, "incognito_collection": switch, "reinstall": reinstall,
                  "device": DEVICE, "search_host": SEARCH,
                  "titles": ["Article", "Search result"]},
            hosts={COLLECTOR_HOST: ("Sensors Analytics", "Xiaomi")},
            planted=planted, kinds=KINDS,
            expect={} if silent else {name: [COLLECTOR_HOST] for name in planted},
            mode="normal" if mode == "normal" else "private", client=f"mibrowser-emulation {version}",
            packages=("SensorsAnalyticsSDK",), first_party=(NEWS, SEARCH),
            sites={NEWS: {"root": str(SITES / "plain")}, SEARCH: {"root": str(SITES / "plain")}},
            values=values, group="mibrowser",
            study={"label": label, "install": install, "app": f"Mi Browser {version}",
                   "note": _note(label)},
        ))
    return out


def _note(label: str) -> str:
    return {
        "1-normal": "First install; normal browsing, plus file manager, launcher and music events.",
        "2-incognito": "Same install (same UUID), incognito tab: URLs and queries still reported.",
        "3-normal-after-reinstall": "App data wiped by a reinstall: a new UUID.",
        "4-incognito-switch-off": "12.1.4 with incognito data collection switched off: pages load, "
                                  "nothing reaches the collector.",
    }[label]


def _toml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_study(out: Path | None) -> Path:
    """Write examples/mibrowser/study.toml (or into ``out``) from the session definitions."""
    from .canaries import canary_list

    lines = [
        "# Written by scripts/record_fixtures.py from scripts/recording/mibrowser_sessions.py;",
        "# re-record with: .venv/bin/python scripts/record_fixtures.py --only 'mibrowser-*'",
        "[study]",
        'name = "Mi Browser 2020 reproduction"',
        f"first_party = [{_toml_str(NEWS)}, {_toml_str(SEARCH)}]",
        "",
    ]
    study_dir = out or MIBROWSER
    for s in sessions():
        meta = s.study
        cap = os.path.relpath((out or s.out_dir) / s.file_stem, study_dir)
        lines += [
            "[[session]]",
            f"label = {_toml_str(meta['label'])}",
            f"capture = {_toml_str(cap + '.flows')}",
            f"har = {_toml_str(cap + '.har')}",
            f"mode = {_toml_str(s.mode)}",
            f"device = {_toml_str(DEVICE['id'])}",
            f"install = {meta['install']}",
            f"app = {_toml_str(meta['app'])}",
            f"note = {_toml_str(meta['note'])}",
            "canaries = [",
        ]
        for c in canary_list(s.values, s.planted, s.kinds):
            lines.append(f"  {{ kind = {_toml_str(c['kind'])}, value = {_toml_str(c['value'])}, "
                         f"name = {_toml_str(c['name'])} }},")
        lines += ["]", ""]
    target = study_dir / "study.toml"
    target.write_text("\n".join(lines))
    return target
