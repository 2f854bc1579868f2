"""Importers on small files in each public format (shapes as the publishers document them)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from phonehome.attribution import Attributor
from phonehome.attribution.importers import IMPORTERS, convert, import_list
from phonehome.attribution.userdata import default_data_dir, imported_files
from phonehome.errors import ConfigError

DISCONNECT = {
    "license": "Copyright 2010-2020 Disconnect, Inc. CC BY-NC-SA 4.0",
    "categories": {
        "Advertising": [{"Acme Ads": {"https://acme-ads.example/": ["acme-ads.example", "acmecdn.example"],
                                      "performance": "true"}}],
        "Analytics": [{"Countem": {"http://countem.example/": ["countem.example"]}}],
        "Disconnect": [{"Acme Ads": {"https://acme-ads.example/": ["acme-ads.example"]}}],
    },
}

TR_ENTITY = {"name": "Example Tracking LLC", "displayName": "Example Tracking",
             "properties": ["extrack.example", "extrack-cdn.example"],
             "prevalence": {"tracking": 0.01, "nonTracking": 0, "total": 0.01}}
TR_DOMAIN = {"domain": "pixel.extrack.example", "owner": {"name": "Example Tracking LLC",
                                                          "displayName": "Example Tracking"},
             "prevalence": 0.01, "fingerprinting": 1, "cookies": 0.01,
             "categories": ["Ad Motivated Tracking", "Advertising"], "resources": []}
TR_ENTITY_MAP = {"Example Tracking LLC": {"properties": ["extrack.example"], "resources": ["extrack-cdn.example"]}}
TR_TDS = {"trackers": {"pixel.extrack.example": {"domain": "pixel.extrack.example",
                                                 "owner": TR_DOMAIN["owner"], "categories": ["Analytics"]}},
          "entities": {"Example Tracking LLC": {"domains": ["extrack.example"], "displayName": "Example Tracking",
                                                "prevalence": 1}},
          "domains": {"extrack.example": "Example Tracking LLC"}}

ADGUARD_TRACKERS = {"timeUpdated": "2024-01-01T00:00:00Z",
                    "categories": {"4": "advertising", "101": "mobile_analytics"},
                    "trackers": {"countem": {"name": "Countem Analytics", "categoryId": 101,
                                             "url": "https://countem.example/", "companyId": "countem_inc"}},
                    "trackerDomains": {"countem.example": "countem", "sdk.countem.example": "countem"}}
ADGUARD_COMPANIES = {"timeUpdated": "2024-01-01T00:00:00Z",
                     "companies": {"countem_inc": {"name": "Countem Inc.", "websiteUrl": "https://countem.example/",
                                                   "description": "…"}}}

EXODUS = {"trackers": {
    "1": {"id": 1, "name": "Countem SDK", "description": "", "creation_date": "2020-01-01",
          "code_signature": "com.countem.sdk.", "network_signature": "countem\\.example|\\.countem-eu\\.example",
          "website": "https://countem.example/", "categories": ["Analytics"], "documentation": []},
    "2": {"id": 2, "name": "Regex Ads", "code_signature": "com.regexads.",
          "network_signature": "ads[0-9]+\\.rx\\.example",
          "website": "https://rx.example/", "categories": ["Advertisement"]},
    "3": {"id": 3, "name": "Code Only", "code_signature": "com.codeonly.", "network_signature": "",
          "website": "", "categories": []},
}}


def _write(path: Path, doc: object) -> Path:
    path.write_text(json.dumps(doc))
    return path


def _attributor(data_dir: Path) -> Attributor:
    return Attributor.load(data_dir)


def test_disconnect(tmp_path: Path) -> None:
    src = _write(tmp_path / "services.json", DISCONNECT)
    stored, info = import_list("disconnect", src, tmp_path / "data")
    assert stored.parent == tmp_path / "data" / "attribution" and info.licence == "CC BY-NC-SA 4.0"
    assert info.domains == 3
    got = _attributor(tmp_path / "data").attribute_host("x.acmecdn.example")
    assert (got.org, got.category) == ("Acme Ads", "advertising")
    assert got.reason and "Disconnect" in got.reason
    assert _attributor(tmp_path / "data").attribute_host("countem.example").category == "analytics"


@pytest.mark.parametrize("shape", ["entity", "directory", "entity_map", "tds"])
def test_tracker_radar(tmp_path: Path, shape: str) -> None:
    if shape == "entity":
        src = _write(tmp_path / "Example Tracking LLC.json", TR_ENTITY)
    elif shape == "directory":
        src = tmp_path / "tracker-radar"
        (src / "entities").mkdir(parents=True)
        (src / "domains" / "US").mkdir(parents=True)
        _write(src / "entities" / "Example Tracking LLC.json", TR_ENTITY)
        _write(src / "domains" / "US" / "pixel.extrack.example.json", TR_DOMAIN)
    elif shape == "entity_map":
        src = _write(tmp_path / "entity_map.json", TR_ENTITY_MAP)
    else:
        src = _write(tmp_path / "tds.json", TR_TDS)
    import_list("tracker-radar", src, tmp_path / "data")
    attributor = _attributor(tmp_path / "data")
    assert attributor.attribute_host("www.extrack.example").org in ("Example Tracking", "Example Tracking LLC")
    if shape in ("directory", "tds"):
        assert attributor.attribute_host("pixel.extrack.example").category in ("advertising", "analytics")


def test_adguard(tmp_path: Path) -> None:
    src = tmp_path / "companiesdb"
    src.mkdir()
    _write(src / "trackers.json", ADGUARD_TRACKERS)
    _write(src / "companies.json", ADGUARD_COMPANIES)
    import_list("adguard", src / "trackers.json", tmp_path / "data")
    got = _attributor(tmp_path / "data").attribute_host("a.sdk.countem.example")
    assert (got.org, got.sdk, got.category) == ("Countem", "Countem Analytics", "analytics")


def test_exodus(tmp_path: Path) -> None:
    src = _write(tmp_path / "trackers.json", EXODUS)
    _, info = import_list("exodus", src, tmp_path / "data")
    assert info.entries == 2
    attributor = _attributor(tmp_path / "data")
    assert attributor.attribute_host("api.countem-eu.example").sdk == "Countem SDK"
    got = attributor.attribute_host("ads42.rx.example")
    assert (got.sdk, got.category) == ("Regex Ads", "advertising")


def test_imports_are_used_by_later_scans_and_curated_entries_still_win(tmp_path: Path) -> None:
    doc = {"categories": {"Analytics": [{"Some Other Name": {"https://x/": ["posthog.com", "newthing.example"]}}]}}
    import_list("disconnect", _write(tmp_path / "services.json", doc), tmp_path / "data")
    attributor = _attributor(tmp_path / "data")
    assert attributor.attribute_host("posthog.com").org == "PostHog"
    assert attributor.attribute_host("newthing.example").org == "Some Other Name"
    assert [s.id for s in attributor.sources] == ["curated", "disconnect", "adguard-companiesdb"]


@pytest.mark.parametrize(("fmt", "content", "message"), [
    ("disconnect", "{broken", "not valid JSON"),
    ("disconnect", '{"services": []}', "services.json"),
    ("disconnect", '{"categories": {"Advertising": {}}}', "not a list"),
    ("tracker-radar", '[1, 2]', "Tracker Radar"),
    ("adguard", '{"trackers": []}', "trackerDomains"),
    ("exodus", '{"trackers": 3}', "Exodus"),
    ("exodus", '{"trackers": [{"name": "X", "network_signature": "(unclosed"}]}', "bad network_signature"),
    ("exodus", '{"trackers": {}}', "no domains found"),
])
def test_bad_files_name_the_file_and_what_was_expected(tmp_path: Path, fmt: str, content: str,
                                                       message: str) -> None:
    src = tmp_path / "input.json"
    src.write_text(content)
    with pytest.raises(ConfigError, match=message) as info:
        convert(fmt, src)
    assert str(src) in str(info.value)


def test_missing_file_and_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        convert("exodus", tmp_path / "nope.json")
    with pytest.raises(ConfigError, match="unknown list format"):
        convert("ghostery", tmp_path / "nope.json")
    assert set(IMPORTERS) == {"disconnect", "tracker-radar", "adguard", "exodus"}


def test_a_corrupt_stored_import_is_a_config_error_on_load(tmp_path: Path) -> None:
    folder = tmp_path / "attribution"
    folder.mkdir()
    (folder / "disconnect.json").write_text("garbage")
    with pytest.raises(ConfigError, match="disconnect.json"):
        Attributor.load(tmp_path)


def test_default_data_dir_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PHONEHOME_DATA_DIR", str(tmp_path / "explicit"))
    assert default_data_dir() == tmp_path / "explicit"
    monkeypatch.delenv("PHONEHOME_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_data_dir() == tmp_path / "xdg" / "phonehome"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_data_dir() == tmp_path / "home" / ".local" / "share" / "phonehome"
    assert imported_files(None) == []
