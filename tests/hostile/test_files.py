"""Files and folders: zero-length and blank captures, folder scans with symlink loops, dangling and
self-referencing links, a link to /dev/zero, a named pipe, and a 1,500-deep folder tree.

A folder scan must visit each real capture once, record each unreadable entry, and end: no loop
followed, no read that blocks forever, no recursion that dies on depth.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from tests.hostile.harness import GroupScan, planted_email, recorded_har, scan


def _good(path: Path) -> Path:
    path.write_text(json.dumps(recorded_har()))
    return path


def test_zero_length_and_blank_captures_are_errors_and_the_rest_is_scanned(tmp_path: Path) -> None:
    files = {name: tmp_path / name for name in ("empty.har", "empty.flows", "blank.har", "nul.har", "good.har")}
    files["empty.har"].write_bytes(b"")
    files["empty.flows"].write_bytes(b"")
    files["blank.har"].write_bytes(b" \n\t\r\n" * 100)
    files["nul.har"].write_bytes(b"\0" * 4096)
    _good(files["good.har"])
    group = GroupScan(tmp_path, files)
    for name in files:
        outcome, errors, found = group.capture(name)
        assert outcome.returncode == 2, outcome.describe()
        if name == "good.har":
            assert found and not errors
        else:
            assert any(e["kind"] == "capture" for e in errors), f"{name}: {outcome.errors}"


def _tree_with_loops(root: Path) -> Path:
    folder = root / "captures"
    (folder / "sub" / "deeper").mkdir(parents=True)
    _good(folder / "sub" / "deeper" / "good.har")
    (folder / "loop-to-root").symlink_to(folder, target_is_directory=True)
    (folder / "sub" / "loop-up").symlink_to(Path("..") / "..", target_is_directory=True)
    (folder / "self").symlink_to(folder / "self")
    (folder / "a.har").symlink_to(folder / "b.har")
    (folder / "b.har").symlink_to(folder / "a.har")
    (folder / "dangling.flows").symlink_to(root / "nowhere.flows")
    (folder / "zero.har").symlink_to("/dev/zero")
    (folder / "good-again.har").symlink_to(folder / "sub" / "deeper" / "good.har")
    return folder


def test_folder_scan_with_symlink_loops_ends_and_scans_each_capture(tmp_path: Path) -> None:
    folder = _tree_with_loops(tmp_path)
    outcome = scan([folder], tmp_path / "report.json", cpu=30, wall=120)
    outcome.assert_bounded()
    paths = sorted(c["path"] for c in outcome.report["captures"])
    assert not any("loop-" in p for p in paths), f"a symlinked folder was followed: {paths}"
    assert sum(p.endswith("good.har") for p in paths) == 1, paths
    assert outcome.found(planted_email())
    for name in ("a.har", "b.har", "dangling.flows", "zero.har"):
        assert any(e["capture"].endswith(name) for e in outcome.errors), f"{name} not recorded: {outcome.errors}"


def test_named_pipe_in_a_scanned_folder_does_not_block(tmp_path: Path) -> None:
    """Nobody ever writes to the pipe: opening it to sniff would wait forever."""
    folder = tmp_path / "captures"
    folder.mkdir()
    os.mkfifo(folder / "pipe.har")
    _good(folder / "good.har")
    outcome = scan([folder], tmp_path / "report.json", cpu=10, wall=15)
    outcome.assert_bounded()
    assert outcome.found(planted_email())


def _deep_tree(root: Path, depth: int) -> None:
    fd = os.open(root, os.O_RDONLY)
    for _ in range(depth):
        os.mkdir("d", dir_fd=fd)
        inner = os.open("d", os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = inner
    out = os.open("good.har", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
    os.write(out, json.dumps(recorded_har()).encode())
    os.close(out)
    os.close(fd)


def _remove_deep_tree(root: Path, depth: int) -> None:
    """Bottom-up with directory descriptors (shutil.rmtree recurses and would fail on this depth)."""
    fds = [os.open(root, os.O_RDONLY)]
    for _ in range(depth):
        fds.append(os.open("d", os.O_RDONLY, dir_fd=fds[-1]))
    os.unlink("good.har", dir_fd=fds[-1])
    for level in range(depth, 0, -1):
        os.close(fds[level])
        os.rmdir("d", dir_fd=fds[level - 1])
    os.close(fds[0])


@pytest.mark.parametrize("depth", [1500])
def test_very_deep_folder_tree_is_walked(tmp_path: Path, depth: int) -> None:
    root = tmp_path / "deep"
    root.mkdir()
    _deep_tree(root, depth)
    try:
        outcome = scan([root], tmp_path / "report.json", cpu=30)
    finally:
        _remove_deep_tree(root, depth)
    outcome.assert_bounded()
    assert outcome.found(planted_email())
