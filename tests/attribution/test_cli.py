from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from phonehome.attribution.cli import data_app

RUNNER = CliRunner()
SERVICES = {"categories": {"Analytics": [{"Countem": {"http://countem.example/": ["countem.example"]}}]}}


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PHONEHOME_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def test_list_shows_bundled_sources_with_licences(data_dir: Path) -> None:
    result = RUNNER.invoke(data_app, ["list", "--json"])
    assert result.exit_code == 0, result.output
    sources = json.loads(result.output)
    assert [s["id"] for s in sources] == ["curated", "adguard-companiesdb"]
    assert sources[1]["licence"] == "CC BY-SA 4.0" and sources[1]["entries"] > 3000
    table = RUNNER.invoke(data_app, ["list"])
    assert table.exit_code == 0 and "AdGuard companiesdb" in table.output and "CC BY-SA 4.0" in table.output


def test_import_then_list_then_remove(data_dir: Path, tmp_path: Path) -> None:
    src = tmp_path / "services.json"
    src.write_text(json.dumps(SERVICES))
    result = RUNNER.invoke(data_app, ["import", "disconnect", str(src)])
    assert result.exit_code == 0, result.output
    assert "1 entries" in result.output and "CC BY-NC-SA 4.0" in result.output
    assert (data_dir / "attribution" / "disconnect.json").exists()
    listed = json.loads(RUNNER.invoke(data_app, ["list", "--json"]).output)
    imported = [s for s in listed if s["id"] == "disconnect"][0]
    assert imported["imported_from"] == str(src.resolve()) and imported["imported_at"]
    assert RUNNER.invoke(data_app, ["remove", "disconnect"]).exit_code == 0
    assert not (data_dir / "attribution" / "disconnect.json").exists()


def test_explicit_data_dir_option(tmp_path: Path, data_dir: Path) -> None:
    src = tmp_path / "services.json"
    src.write_text(json.dumps(SERVICES))
    other = tmp_path / "other"
    assert RUNNER.invoke(data_app, ["import", "disconnect", str(src), "--data-dir", str(other)]).exit_code == 0
    assert (other / "attribution" / "disconnect.json").exists() and not data_dir.exists()


def test_bad_input_exits_2_with_one_line(data_dir: Path, tmp_path: Path) -> None:
    src = tmp_path / "bad.json"
    src.write_text("[]")
    result = RUNNER.invoke(data_app, ["import", "disconnect", str(src)])
    assert result.exit_code == 2
    assert "phonehome: error:" in result.output and "bad.json" in result.output
    result = RUNNER.invoke(data_app, ["import", "nosuchformat", str(src)])
    assert result.exit_code == 2 and "unknown list format" in result.output
    assert RUNNER.invoke(data_app, ["remove", "disconnect"]).exit_code == 2
