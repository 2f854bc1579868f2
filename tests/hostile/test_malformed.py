"""Malformed captures: truncated HAR, every HAR field of the wrong type, nulls everywhere, entries that
are not a list; truncated and corrupt flow files; invalid UTF-8 in HAR text and headers; lone
surrogates; undecodable URL bytes in flows.

Every file of a group goes into one limited scan (several captures per run keeps the suite fast);
each file is then checked on its own: bounded, no traceback, its problem recorded, and the recorded
request with the planted e-mail found wherever it sits before the damage (or anywhere, for damage
confined to one entry).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.hostile.harness import (
    GroupScan,
    hostile_entry,
    planted_email,
    recorded_entry,
    recorded_flows,
    recorded_har,
    scan,
    write_flows,
)

WRONG: list[Any] = [None, True, 0, -1, 1e308, "", "x", [], {}, [None], {"x": None}, [[[]]]]
"""A value of every JSON type, for every field that expects another."""

FIELDS = [
    ("request",), ("request", "url"), ("request", "method"), ("request", "headers"),
    ("request", "headers", 0), ("request", "headers", 0, "name"), ("request", "headers", 0, "value"),
    ("request", "postData"), ("request", "postData", "text"), ("request", "postData", "encoding"),
    ("request", "postData", "mimeType"), ("request", "postData", "params"), ("request", "cookies"),
    ("request", "queryString"), ("response",), ("response", "status"), ("response", "headers"),
    ("startedDateTime",), ("serverIPAddress",), ("_resourceType",), ("time",),
]


def _set(entry: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    node: Any = entry
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return entry


def _wrong_typed_entries() -> list[Any]:
    base = recorded_entry()
    base["request"]["postData"]["params"] = [{"name": "a", "value": "b"}]
    out = []
    for path in FIELDS:
        for value in WRONG:
            entry = json.loads(json.dumps(base))
            entry["request"]["url"] = "https://wrong.types.test/"
            out.append(_set(entry, path, value))
    out += WRONG  # entries that are not objects at all
    return out


def _nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _nulls(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_nulls(item) for item in value]
    return None


def _har(entries: Any, log_extra: dict[str, Any] | None = None) -> str:
    har = recorded_har()
    har["log"]["entries"] = entries
    har["log"].update(log_extra or {})
    return json.dumps(har)


def _har_files() -> dict[str, tuple[bytes, bool]]:
    """name → (content, must the planted e-mail be found)."""
    good = _har([recorded_entry()])
    files: dict[str, tuple[bytes, bool]] = {
        "wrong-types": (_har([*_wrong_typed_entries(), recorded_entry()]).encode(), True),
        "nulls-everywhere": (_har([_nulls(recorded_entry()), recorded_entry()]).encode(), True),
    }
    for name, value in {"object": {"a": 1}, "string": "x", "null": None, "number": 3, "nested": [[1]]}.items():
        files[f"entries-{name}"] = (_har(value).encode(), False)
    for name, log in {"log-null": None, "log-list": [], "log-string": "x"}.items():
        files[name] = (json.dumps({"log": log}).encode(), False)
    # truncations after the recorded entry: mid-string, mid-key, after a comma, inside the next entry
    both = _har([recorded_entry(), hostile_entry(text='{"k": "v"}')])
    second = both.index('"startedDateTime"', both.index(planted_email()))
    for name, cut in {"in-next-entry-key": second + 5, "in-next-entry-body": len(both) - 60,
                      "before-closing": len(both) - 3, "after-comma": second - 2}.items():
        files[f"truncated-{name}"] = (both[:cut].encode(), True)
    files["truncated-in-first-entry"] = (good[: good.index(planted_email())].encode(), False)
    return files


HAR_FILES = _har_files()


def _group(folder: Path, files: dict[str, tuple[bytes, bool]], suffix: str) -> GroupScan:
    paths = {}
    for name, (content, _) in files.items():
        paths[name] = folder / f"{name}{suffix}"
        paths[name].write_bytes(content)
    return GroupScan(folder, paths)


@pytest.fixture(scope="module")
def har_scan(tmp_path_factory: pytest.TempPathFactory) -> GroupScan:
    return _group(tmp_path_factory.mktemp("malformed-har"), HAR_FILES, ".har")


@pytest.mark.parametrize("name", sorted(HAR_FILES))
def test_malformed_har_is_bounded_and_recorded(har_scan: GroupScan, name: str) -> None:
    _, errors, found = har_scan.capture(name)
    if HAR_FILES[name][1]:
        assert found, f"{name}: the intact recorded request was not scanned; errors: {errors}"
    if name.startswith(("truncated", "log-", "entries-")) and not found:
        assert errors, f"{name}: nothing scanned and nothing recorded"


def _flow_files(folder: Path) -> dict[str, tuple[bytes, bool]]:
    """Recorded flows first (they must be found), then damage."""
    good = write_flows(folder / "good.flows.tmp", []).read_bytes()
    one = write_flows(folder / "one.flows.tmp", [(b"payload", [])], canary_last=False).read_bytes()
    digits = one.split(b":", 1)[0]
    files = {
        "truncated-mid-flow": (good + one[: len(one) // 2], True),
        "truncated-in-length": (good + digits[:2], True),
        "length-too-big": (good + str(len(one) * 1000).encode() + one[len(digits):], True),
        "length-a-terabyte": (good + b"999999999999" + one[len(digits):], True),
        "length-4-GiB": (good + b"4294967296" + one[len(digits):], True),
        "not-a-dict": (good + b"2:\x00\x00,", True),
        "a-string": (good + b"5:hello,", True),
        "a-list": (good + b"8:1:1#1:2#]", True),
        "wrong-terminator": (good + one[:-1] + b"]", True),
        "garbage-after": (good + bytes(range(256)) * 4, True),
        "flipped-type-tag": (good + one.replace(b",", b"#", 3), True),
    }
    for tmp in folder.glob("*.tmp"):
        tmp.unlink()
    return files


@pytest.fixture(scope="module")
def flows_scan(tmp_path_factory: pytest.TempPathFactory) -> GroupScan:
    folder = tmp_path_factory.mktemp("malformed-flows")
    return _group(folder, _flow_files(folder), ".flows")


FLOW_NAMES = [
    "truncated-mid-flow", "truncated-in-length", "length-too-big", "length-a-terabyte", "length-4-GiB",
    "not-a-dict", "a-string", "a-list", "wrong-terminator", "garbage-after", "flipped-type-tag",
]


@pytest.mark.parametrize("name", FLOW_NAMES)
def test_malformed_flows_are_bounded_and_recorded(flows_scan: GroupScan, name: str) -> None:
    outcome, errors, found = flows_scan.capture(name)
    assert outcome.returncode == 2, outcome.describe()
    assert any(e["kind"] == "capture" for e in errors), f"{name}: damage not recorded: {errors}"
    assert found, f"{name}: the intact flows before the damage were not scanned"


# --- text encodings -------------------------------------------------------------------------------------


def _utf8_files() -> dict[str, bytes]:
    bad = b"\xff\xfe\xc3\x28\xed\xa0\x80\xf4\x90\x80\x80"
    entry = hostile_entry(text="@@BAD@@", url="https://bad.utf8.test/@@BAD@@")
    entry["request"]["headers"].append({"name": "X-Bad", "value": "@@BAD@@"})
    raw_bad = _har([entry, recorded_entry()]).encode().replace(b"@@BAD@@", bad)
    lone = recorded_entry()
    lone["request"]["url"] += "?x=@@LONE@@"
    lone["request"]["headers"].append({"name": "X-Lone", "value": "@@LONE@@"})
    lone_text = _har([lone]).replace("@@LONE@@", "\\ud800")
    latin1 = hostile_entry(text="caf\u00e9 \u00fc", url="https://latin1.test/caf\u00e9")
    latin1_bytes = _har([latin1, recorded_entry()]).encode("utf-8").replace("\u00e9".encode(), b"\xe9")
    return {"invalid-utf8-bytes": raw_bad, "lone-surrogate-escapes": lone_text.encode(), "latin1-file": latin1_bytes}


@pytest.mark.parametrize("name", sorted(_utf8_files()))
def test_invalid_text_in_har_does_not_lose_the_capture(tmp_path: Path, name: str) -> None:
    """Invalid UTF-8 (raw bytes, or JSON's own lone-surrogate escapes, which browsers do write) in one
    entry: the entry is decoded with replacement or skipped with a note, the others still scanned."""
    capture = tmp_path / f"{name}.har"
    capture.write_bytes(_utf8_files()[name])
    outcome = scan([capture], tmp_path / "report.json")
    outcome.assert_bounded()
    assert outcome.found(planted_email()), outcome.errors


def test_undecodable_bytes_in_flow_url_and_headers_still_give_a_report(tmp_path: Path) -> None:
    """mitmproxy keeps raw bytes; a URL path of invalid UTF-8 must not stop the JSON report being written."""
    from mitmproxy.io import FlowWriter

    flows = recorded_flows()
    flow = flows[0].copy()
    flow.request.path = b"/batch/\xff\xfe?e=" + planted_email().encode() + b"&x=\xed\xa0\x80"
    flow.request.headers[b"X-Bad"] = b"\xff\xc3\x28"
    capture = tmp_path / "bad-bytes.flows"
    with capture.open("wb") as fh:
        writer = FlowWriter(fh)
        for item in (flow, *flows):
            writer.add(item)
    outcome = scan([capture], tmp_path / "report.json")
    outcome.assert_bounded(allowed=(0,))
    assert outcome.found(planted_email())
    assert any("\ufffd" in f["url"] or "%FF" in f["url"].upper() for f in outcome.report["findings"]), [
        f["url"] for f in outcome.report["findings"]]
