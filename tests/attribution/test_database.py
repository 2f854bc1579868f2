from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from phonehome.attribution import ADGUARD, BUNDLED_DIR, CURATED, Attributor
from phonehome.attribution.database import (
    DomainDatabase,
    dump_source,
    normalise_domain,
    parse_source,
    read_source,
)
from phonehome.attribution.orgnames import OrgNames
from phonehome.errors import ConfigError


def _source(entries: list[dict], priority: int, name: str = "s") -> object:
    doc = orjson.loads(dump_source({"id": name, "name": name}, entries))
    return parse_source(doc, name, priority)


def test_longest_suffix_wins_over_the_registrable_domain() -> None:
    db = DomainDatabase([_source([
        {"domains": ["example.com"], "org": "Example", "category": "services"},
        {"domains": ["stats.example.com"], "org": "Example", "sdk": "Stats", "category": "analytics"},
    ], 0)])
    found = db.lookup("eu.stats.example.com")
    assert found is not None and found.matched == "stats.example.com" and found.entry.sdk == "Stats"
    found = db.lookup("www.example.com")
    assert found is not None and found.matched == "example.com"
    assert db.lookup("example.org") is None
    assert db.lookup("notexample.com") is None


def test_ties_go_to_the_higher_priority_source_but_specific_entries_still_win() -> None:
    low = _source([{"domains": ["x.com", "a.x.com"], "org": "Low"}], 100, "low")
    high = _source([{"domains": ["x.com"], "org": "High"}], 0, "high")
    db = DomainDatabase([low, high])
    assert db.lookup("x.com").entry.org == "High"  # type: ignore[union-attr]
    assert db.lookup("b.a.x.com").entry.org == "Low"  # type: ignore[union-attr]


def test_a_specific_entry_borrows_the_product_of_the_same_org_however_it_is_spelt() -> None:
    # AdGuard names the org "Launch Darkly" for events.launchdarkly.com, the curated list
    # "LaunchDarkly" for launchdarkly.com: the specific entry still gets the curated product
    low = _source([{"domains": ["events.flags.test"], "org": "Flag Co", "category": "services"}], 100, "low")
    high = _source([{"domains": ["flags.test"], "org": "FlagCo", "sdk": "FlagCo SDK", "category": "telemetry"}],
                   0, "high")
    found = DomainDatabase([low, high]).lookup("events.flags.test")
    assert found is not None and found.entry.sdk == "FlagCo SDK" and found.matched == "events.flags.test"
    other = _source([{"domains": ["events.flags.test"], "org": "Other Co", "category": "services"}], 100, "o")
    assert DomainDatabase([other, high]).lookup("events.flags.test").entry.sdk is None  # type: ignore[union-attr]


def test_patterns_are_tried_after_domains() -> None:
    db = DomainDatabase([_source([{"patterns": [r"tracker\d+\.net"], "org": "Pat"}], 0)])
    assert db.lookup("cdn.tracker42.net").entry.org == "Pat"  # type: ignore[union-attr]


def test_ip_hosts_match_exactly() -> None:
    db = DomainDatabase([_source([{"domains": ["10.0.0.1"], "org": "Box"}], 0)])
    assert db.lookup("10.0.0.1") is not None
    assert db.lookup("110.0.0.1") is None


@pytest.mark.parametrize(("raw", "expected"), [
    ("*.Example.COM", "example.com"), (".x.org.", "x.org"), ("https://a.b.io/path", "a.b.io"),
    ("com", None), ("", None), ("a b.com", None),
])
def test_normalise_domain(raw: str, expected: str | None) -> None:
    assert normalise_domain(raw) == expected


def test_bad_data_file_is_a_config_error_naming_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text("{not json")
    with pytest.raises(ConfigError, match="broken.json"):
        read_source(bad, 0)
    bad.write_text('{"entries": []}')
    with pytest.raises(ConfigError, match="phonehome attribution file"):
        read_source(bad, 0)


def test_org_names_people_know() -> None:
    names = OrgNames.load(BUNDLED_DIR / "org-names.json")
    assert names.known("Meta Platforms, Inc.") == "Meta"
    assert names.known("Xiaomi Inc.") == "Xiaomi"
    assert names.known("Microsoft Corporation") == "Microsoft"
    assert names.known("Google LLC") == "Google"
    assert names.known("Branch Metrics") == "Branch"
    assert names.known("Segment") == "Twilio Segment"
    assert names.known("Some Vendor GmbH") == "Some Vendor"


def test_bundled_sources_are_listed_with_licence_and_every_curated_entry_has_a_source() -> None:
    curated = orjson.loads((BUNDLED_DIR / CURATED).read_bytes())
    for entry in curated["entries"]:
        assert entry.get("source"), entry
        assert entry["domains"], entry
    adguard = orjson.loads((BUNDLED_DIR / ADGUARD).read_bytes())
    assert adguard["meta"]["licence"] == "CC BY-SA 4.0"
    assert (BUNDLED_DIR / adguard["meta"]["licence_file"]).exists()


@pytest.mark.parametrize(("host", "org", "sdk"), [
    ("us.i.posthog.com", "PostHog", "PostHog"),
    ("posthog.com", "PostHog", "PostHog"),
    ("api.segment.io", "Twilio Segment", "Segment"),
    ("api.mixpanel.com", "Mixpanel", "Mixpanel"),
    ("api-js.mixpanel.com", "Mixpanel", "Mixpanel"),
    ("sa.api.intl.miui.com", "Xiaomi", None),
    ("data.mistat.intl.xiaomi.com", "Xiaomi", "MiStat"),
    ("www.google-analytics.com", "Google", "Google Analytics"),
    ("region1.google-analytics.com", "Google", "Google Analytics"),
    ("app-measurement.com", "Google", "Google Analytics for Firebase"),
    ("graph.facebook.com", "Meta", "Facebook SDK"),
    ("static.sensorsdata.cn", "Sensors Data", "Sensors Analytics"),
    ("ulogs.umeng.com", "Umeng (Alibaba)", "Umeng"),
    ("api16-access-sg.pangle.io", "ByteDance", "Pangle"),
    ("t.appsflyer.com", "AppsFlyer", "AppsFlyer"),
    ("app.adjust.com", "Adjust", "Adjust"),
    ("api2.branch.io", "Branch", "Branch"),
    ("control.kochava.com", "Kochava", "Kochava"),
    ("api2.amplitude.com", "Amplitude", "Amplitude"),
    ("hosted.rudderlabs.com", "RudderStack", "RudderStack"),
    ("o1.ingest.sentry.io", "Sentry", "Sentry"),
    ("sessions.bugsnag.com", "Bugsnag", "Bugsnag"),
    ("browser-intake-datadoghq.com", "Datadog", "Datadog"),
    ("bam.nr-data.net", "New Relic", "New Relic"),
    ("in.appcenter.ms", "Microsoft", "Visual Studio App Center"),
    ("mc.yandex.ru", "Yandex", "Yandex Metrica"),
    ("plausible.io", "Plausible Analytics", "Plausible"),
    ("cloud.umami.is", "Umami", "Umami"),
    ("beacon.qq.com", "Tencent", "Tencent Beacon"),
    ("hm.baidu.com", "Baidu", "Baidu Tongji"),
    ("metrics1.data.hicloud.com", "Huawei", "HUAWEI Analytics Kit"),
    ("exp.host", "Expo", "Expo Push"),
])
def test_bundled_database_names_known_destinations(attributor: Attributor, host: str, org: str,
                                                   sdk: str | None) -> None:
    got = attributor.attribute_host(host)
    assert (got.org, got.sdk) == (org, sdk)
    assert got.reason and host.endswith(got.reason.split()[1])


def test_adguard_entries_fill_what_curation_does_not_cover(attributor: Attributor) -> None:
    got = attributor.attribute_host("www.1sponsor.com")
    assert got.org == "1Sponsor" and got.reason and "AdGuard companiesdb" in got.reason


def test_unknown_hosts_get_an_empty_attribution(attributor: Attributor) -> None:
    got = attributor.attribute_host("sa.datasink.shop-a-analytics.test")
    assert got.org is None and got.sdk is None and got.reason is None
