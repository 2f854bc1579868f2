"""Linkability on the shared corpus: one browser profile links sessions 1 and 3, never the private 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from phonehome.config import ScanConfig
from phonehome.run import scan_sessions
from phonehome.study.sessions import Session


@pytest.mark.parametrize(("site", "sdk_key"), [("shop-a", "cookie_id"), ("news-b", "device_id")])
def test_profile_id_persists_across_normal_sessions_only(shared_corpus: Path, site: str, sdk_key: str) -> None:
    sessions = [
        Session(shared_corpus / f"browser-{site}-{n}-{mode}.har", f"{n}-{mode}", mode)
        for n, mode in ((1, "normal"), (2, "private"), (3, "normal"))
    ]
    report = scan_sessions(sessions, ScanConfig())
    profile_ids = [i for i in report.identifiers if any(sdk_key in k for k in i.keys)]
    assert profile_ids, [(i.value, i.keys) for i in report.identifiers]
    for ident in profile_ids:
        assert ident.captures == ["1-normal", "3-normal"], ident
        assert not ident.crosses_private
    # SDK constants (project names, tokens, library versions) are never identifiers.
    for ident in report.identifiers:
        assert not any(k in {"project", "token", "api_key", "$lib_version", "lib_version"} for k in ident.keys)
    private = [v for v in report.verdicts if v.capture == "2-private"]
    assert private and private[0].leaked and "visited_url" in private[0].kinds
