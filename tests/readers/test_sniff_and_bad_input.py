"""Bad input: every case ends in one CaptureError naming the file, never another exception."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from tests.conftest import DATA

from phonehome.errors import CaptureError
from phonehome.readers import open_capture


def _read_all(path: Path) -> list[object]:
    return list(open_capture(path).exchanges())


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CaptureError, match="no such file"):
        open_capture(tmp_path / "nope.har")


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.har"
    path.write_bytes(b"")
    with pytest.raises(CaptureError, match="empty"):
        open_capture(path)


def test_random_bytes(tmp_path: Path) -> None:
    path = tmp_path / "noise.har"
    path.write_bytes(random.Random(7).randbytes(5000))
    with pytest.raises(CaptureError, match="noise.har"):
        _read_all(path)


def test_png_named_har(tmp_path: Path) -> None:
    path = tmp_path / "picture.har"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    with pytest.raises(CaptureError, match="PNG image"):
        open_capture(path)


def test_truncated_har(tmp_path: Path) -> None:
    whole = (DATA / "har-variety" / "mitmproxy-firefox.har").read_bytes()
    path = tmp_path / "cut.har"
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(CaptureError, match="truncated"):
        _read_all(path)


def test_json_that_is_not_har(tmp_path: Path) -> None:
    path = tmp_path / "other.har"
    path.write_bytes(b'{"hello": [1, 2, 3]}')
    with pytest.raises(CaptureError, match="not a recognised capture"):
        open_capture(path)


def test_flow_file_of_a_future_version(tmp_path: Path, shared_corpus: Path) -> None:
    data = (shared_corpus / "app-posthog-py.flows").read_bytes()
    future = re.sub(rb"7:version;2:\d\d#", b"7:version;2:99#", data)
    assert future != data
    path = tmp_path / "future.flows"
    path.write_bytes(future)
    with pytest.raises(CaptureError, match="future.flows"):
        _read_all(path)


def test_truncated_flow_file(tmp_path: Path, shared_corpus: Path) -> None:
    data = (shared_corpus / "browser-news-b-1-normal.flows").read_bytes()
    path = tmp_path / "cut.flows"
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(CaptureError, match="cut.flows"):
        _read_all(path)


def test_format_is_sniffed_not_taken_from_the_name(tmp_path: Path, shared_corpus: Path) -> None:
    path = tmp_path / "really-flows.har"
    path.write_bytes((shared_corpus / "app-posthog-py.flows").read_bytes())
    capture = open_capture(path)
    assert capture.format == "flows"
    assert len(list(capture.exchanges())) == 1
