"""The bundled 2020 Mi Browser reproduction is the regression test of the studies feature."""

from __future__ import annotations

from pathlib import Path

from phonehome.config import ScanConfig
from phonehome.run import scan_sessions
from phonehome.study.sessions import load_study

STUDY = Path(__file__).resolve().parents[2] / "examples" / "mibrowser" / "study.toml"


def test_incognito_leaks_uuid_persists_reinstall_renews_switch_off_is_clean() -> None:
    study = load_study(STUDY)
    report = scan_sessions(list(study.sessions), ScanConfig())
    verdicts = {v.capture: v for v in report.verdicts}
    incognito = verdicts["2-incognito"]
    assert incognito.leaked
    assert {"visited_url", "search_query"} <= set(incognito.kinds)
    assert "Xiaomi" in incognito.orgs
    assert not verdicts["4-incognito-switch-off"].leaked
    assert "clean" in verdicts["4-incognito-switch-off"].summary

    uuids = [i for i in report.identifiers if "distinct_id" in i.keys]
    assert len(uuids) == 1
    (uuid,) = uuids
    assert uuid.captures == ["1-normal", "2-incognito"]
    assert uuid.crosses_private and not uuid.crosses_reinstall
    reinstalled = [f for f in report.findings if f.capture.endswith("3-normal-after-reinstall.flows")]
    after = [f for f in reinstalled if f.key == "distinct_id"]
    assert after and all(f.value != uuid.value for f in after)
    sensors = [f for f in report.findings if f.host == "sa.api.intl.miui.com"]
    assert sensors and all(f.sdk == "Sensors Analytics" for f in sensors)
    assert any(f.path[:5] == ["body", "form:data_list", "base64", "gzip", "json"] for f in sensors)
