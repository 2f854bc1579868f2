"""The HAR reader on oversized, over-deep and damaged entries: bounded, noted, and the rest still read.

Small caps are passed to the reader so each case is a few kilobytes; tests/hostile runs the real sizes
(a 1 GiB body, 100,000-deep arrays) under resource limits.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import DATA, SHARED_CORPUS

from phonehome.errors import CaptureError
from phonehome.model import Exchange
from phonehome.readers.har import HarReader

HARS = sorted([*(DATA / "har-variety").glob("*.har"), *(DATA / "captures").glob("*.har"), *SHARED_CORPUS.glob("*.har")])


def entry(url: str = "https://collect.example.test/e?k=v", body: str | None = None, **extra: Any) -> dict[str, Any]:
    headers = [{"name": "Content-Type", "value": "text/plain"}]
    request: dict[str, Any] = {"method": "POST", "url": url, "headers": headers}
    if body is not None:
        request["postData"] = {"mimeType": "text/plain", "text": body}
    return {"startedDateTime": "2026-01-01T00:00:00Z", "request": request, "response": {"status": 200}, **extra}


def write(path: Path, entries: list[Any], raw: dict[str, str] | None = None) -> Path:
    """A HAR of ``entries``; each ``raw`` marker string is replaced by raw JSON text afterwards."""
    text = json.dumps({"log": {"version": "1.2", "entries": entries}})
    for marker, replacement in (raw or {}).items():
        text = text.replace(json.dumps(marker), replacement)
    path.write_text(text)
    return path


def read(path: Path, **caps: int) -> tuple[list[Exchange], list[str]]:
    problems: list[str] = []
    return list(HarReader(**caps).read(path, problems)), problems  # type: ignore[arg-type]


@pytest.mark.parametrize("path", HARS, ids=lambda p: p.name)
def test_the_bounded_path_reads_what_the_whole_parse_reads(path: Path) -> None:
    """Every entry built field by field (as an oversized one is), or read in tiny windows, gives the same."""
    whole, problems = read(path)
    fielded, fielded_problems = read(path, max_entry_chars=0, chunk=4096)
    windowed, windowed_problems = read(path, chunk=97)  # every entry cut by window ends, none damaged
    assert whole and fielded == whole and windowed == whole
    assert fielded_problems == problems and windowed_problems == problems


def test_deep_structure_is_skipped_and_noted(tmp_path: Path) -> None:
    deep = "[" * 5000 + "]" * 5000
    first = entry(_initiator="DEEP")
    first["request"]["headers"].append({"name": "X-Deep", "value": "DEEP"})
    exchanges, problems = read(write(tmp_path / "deep.har", [first, entry(body="after")], {"DEEP": deep}))
    assert [ex.body for ex in exchanges] == [b"", b"after"]
    assert exchanges[0].request_headers == (("Content-Type", "text/plain"),)
    assert problems == ["entry 0: nested deeper than the JSON parser allows (about 1,000 levels); "
                        "only its request and response fields were read"]


def test_long_body_is_cut_to_the_string_cap(tmp_path: Path) -> None:
    body = "ab\\\"cd" * 2000
    path = write(tmp_path / "long.har", [entry(body=body, response={"status": 204, "content": {"text": body}}),
                                         entry(body="after")])
    exchanges, problems = read(path, max_entry_chars=1000, max_string_chars=100)
    assert body.encode().startswith(exchanges[0].body) and 70 <= len(exchanges[0].body) <= 100  # 100 escaped
    assert exchanges[0].status == 204 and exchanges[1].body == b"after"
    assert problems == ["entry 0: larger than 1,000 characters; only its request and response fields were read "
                        "(request.postData.text: 16,000 characters, only the first 100 kept)"]


def test_oversized_entry_whose_fields_fit_is_read_without_a_note(tmp_path: Path) -> None:
    path = write(tmp_path / "big.har", [entry(body="kept", response={"content": {"text": "x" * 5000}})])
    exchanges, problems = read(path, max_entry_chars=1000, max_string_chars=100)
    assert exchanges[0].body == b"kept" and problems == []


def test_header_list_is_capped(tmp_path: Path) -> None:
    first = entry()
    first["request"]["headers"] += [{"name": f"X-{n}", "value": str(n)} for n in range(50)]
    exchanges, problems = read(write(tmp_path / "h.har", [first, entry()]), max_entry_chars=0, max_list_items=10)
    assert len(exchanges[0].request_headers) == 10 and len(exchanges[1].request_headers) == 1
    assert problems == ["entry 0: larger than 0 characters; only its request and response fields were read "
                        "(request.headers: more than 10 items, only the first 10 kept)"]


def test_invalid_utf8_keeps_the_body_bytes_and_the_rest(tmp_path: Path) -> None:
    binary = b"\x1f\x8b\x08\x00\xff\xfe\xc3("
    path = tmp_path / "bytes.har"
    write(path, [entry(url="https://bad.test/BAD", body="BAD"), entry(body="after")])
    path.write_bytes(path.read_bytes().replace(b"BAD", binary))
    exchanges, problems = read(path)
    assert exchanges[0].body == binary
    assert exchanges[0].url == "https://bad.test/\x1f\ufffd\x08\x00" + "\ufffd" * 3 + "("
    assert exchanges[0].host == "bad.test" and exchanges[1].body == b"after"
    assert problems == [f"invalid UTF-8 from byte {path.read_bytes().index(binary) + 1:,} on: read with the bytes "
                        "kept in bodies and shown as U+FFFD in URLs and headers"]


def test_damage_in_a_part_not_read_is_noted_and_the_rest_read(tmp_path: Path) -> None:
    path = write(tmp_path / "d.har", [entry(timings="BROKEN", body="one"), entry(body="two")],
                 {"BROKEN": '{"send" 1 2}'})
    exchanges, problems = read(path)
    assert [ex.body for ex in exchanges] == [b"one", b"two"]
    assert problems == ["entry 0: not valid JSON in parts phonehome does not read; "
                        "only its request and response fields were read"]


@pytest.mark.parametrize("tail,message", [("", "truncated after 1 entries"), ("]}} x", "not valid HAR JSON"),
                                          ("]}}", None)])
def test_the_end_of_the_file_is_checked(tmp_path: Path, tail: str, message: str | None) -> None:
    path = tmp_path / "end.har"
    path.write_text('{"log": {"entries": [' + json.dumps(entry()) + tail)
    if message is None:
        assert len(read(path)[0]) == 1
    else:
        with pytest.raises(CaptureError, match=message):
            read(path)


def test_a_small_jsonp_wrapped_har_is_read(tmp_path: Path) -> None:
    path = tmp_path / "tiny.har"
    path.write_text('cb({"log":{"entries":[{"request":{"url":"http://a.test/"}}]}});')
    assert [ex.host for ex in read(path)[0]] == ["a.test"]


def test_problems_are_listed_up_to_a_cap_then_counted(tmp_path: Path) -> None:
    exchanges, problems = read(write(tmp_path / "many.har", [{"request": {}}] * 150 + [entry()]))
    assert len(exchanges) == 1
    assert problems[:2] == ["entry 0: no request URL; skipped", "entry 1: no request URL; skipped"]
    assert problems[100:] == ["50 more entries with problems like the above (not listed)"]


def test_damage_is_told_from_a_window_that_ends_too_soon(tmp_path: Path) -> None:
    """A damaged entry mid-file is noted as damaged at once, not read on to the size cap."""
    path = write(tmp_path / "d.har", [entry(timings="BROKEN", body="one"), *[entry(body="n")] * 60],
                 {"BROKEN": '{"send": tru, "wait": 1}'})
    exchanges, problems = read(path, max_entry_chars=2000, chunk=64)
    assert len(exchanges) == 61 and exchanges[0].body == b"one"
    assert problems == ["entry 0: not valid JSON in parts phonehome does not read; "
                        "only its request and response fields were read"]
