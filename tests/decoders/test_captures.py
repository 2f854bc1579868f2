"""Recorded captures (real SDK code, tests/data/captures): each planted value is peeled out of the
requests that carried it, along the expected decode path."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from phonehome.decoders.engine import Engine
from phonehome.readers import open_capture

from ..conftest import CAPTURES

CANARY_FILES = sorted(CAPTURES.glob("*.canaries.json"))


def _peeled(capture: Path):
    engine = Engine()
    return [(ex, engine.peel(ex)) for ex in open_capture(capture).exchanges()]


def _needle(canary: dict) -> str:
    if canary.get("hashed"):
        return hashlib.new(canary["hashed"], canary["value"].encode()).hexdigest()
    return canary.get("match", canary["value"])


def _texts(peeled) -> list[str]:
    return [f.value.lower().replace("+", " ") for f in peeled.fields if isinstance(f.value, str)]


@pytest.mark.parametrize("suffix", [".har", ".flows"])
@pytest.mark.parametrize("canaries", CANARY_FILES, ids=lambda p: p.name.split(".")[0])
def test_every_planted_value_is_peeled(canaries: Path, suffix: str):
    truth = json.loads(canaries.read_text())["truth"]
    capture = canaries.with_name(canaries.name.replace(".canaries.json", suffix))
    if not capture.exists():
        pytest.skip(f"{capture.name} not recorded")
    results = _peeled(capture)
    for ex, peeled in results:
        assert peeled.failures == 0, ex.url
    for canary in truth["canaries"]:
        needle = _needle(canary).lower().replace("+", " ")
        hosts = set(canary["sent_to"])
        found = any(needle in text for ex, peeled in results if ex.host in hosts for text in _texts(peeled))
        assert found, f"{canary['name']} ({needle}) not peeled from {sorted(hosts)}"


def _paths_with(capture: str, needle: str) -> set[tuple[str, ...]]:
    out = set()
    for _, peeled in _peeled(CAPTURES / capture):
        out |= {f.path for f in peeled.fields if isinstance(f.value, str) and needle in f.value}
    return out


def _value(capture: str, canary_name: str) -> str:
    truth = json.loads((CAPTURES / f"{capture}.canaries.json").read_text())["truth"]
    canary = next(c for c in truth["canaries"] if c["name"] == canary_name)
    return _needle(canary)


def test_sensors_python_data_list_is_form_base64_gzip_json():
    paths = _paths_with("app-sensors-py.flows", _value("app-sensors-py", "imei"))
    assert any(p[:5] == ("body", "form:data_list", "base64", "gzip", "json") and len(p) == 6 for p in paths), paths


def test_posthog_gzip_content_encoding():
    paths = _paths_with("app-posthog-py.flows", _value("app-posthog-py", "imei"))
    assert any(p[:3] == ("body", "content-encoding:gzip", "json") for p in paths), paths


def test_snowplow_ue_px_is_base64_json_in_the_query():
    paths = _paths_with("app-snowplow-py.har", _value("app-snowplow-py", "email"))
    assert any(p[:4] == ("url", "query:ue_px", "base64", "json") for p in paths), paths


def test_mixpanel_form_json():
    paths = _paths_with("app-mixpanel-py.har", _value("app-mixpanel-py", "imei"))
    assert any(p[:3] == ("body", "form:data", "json") for p in paths), paths


@pytest.mark.parametrize(("capture", "coding"), [("app-sentry-py.flows", "gzip"), ("app-sentry-br-py.flows", "br")])
def test_sentry_envelope_behind_content_encoding(capture, coding):
    if not (CAPTURES / capture).exists():
        pytest.skip(f"{capture} not recorded")
    email = _value(capture.split(".")[0], "email")
    paths = _paths_with(capture, email)
    assert ("body", f"content-encoding:{coding}", "sentry", "[0].event", "json", "user.email") in paths, paths


def test_snowplow_browser_post_ue_px():
    capture = "browser-blog-d-1-normal.flows"
    if not (CAPTURES / capture).exists():
        pytest.skip(f"{capture} not recorded")
    paths = _paths_with(capture, _value("browser-blog-d-1-normal", "email"))
    assert any(p[:2] == ("body", "json") and p[3:5] == ("base64", "json") for p in paths), paths


def _corpus_paths(shared_corpus: Path, capture: str, needle: str) -> set[tuple[str, ...]]:
    out = set()
    for _, peeled in _peeled(shared_corpus / capture):
        out |= {f.path for f in peeled.fields if isinstance(f.value, str) and needle in f.value}
    return out


def test_corpus_sensors_js_and_posthog_gzip(shared_corpus: Path):
    sensors = _corpus_paths(shared_corpus, "browser-shop-a-1-normal.har", "/article/")
    assert ("body", "form:data", "base64", "json", "properties.$url") in sensors
    posthog = _corpus_paths(shared_corpus, "browser-news-b-1-normal.har", "/article/")
    assert any(p[:3] == ("body", "gzip", "json") for p in posthog), posthog
    sensors_py = _corpus_paths(shared_corpus, "app-sensors-py.har", "/article/")
    assert ("body", "form:data", "base64", "gzip", "json", "properties.$url") in sensors_py
