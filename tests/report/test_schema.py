"""The shipped JSON Schema is the one derived from the dataclasses."""

from __future__ import annotations

import json
from importlib import resources

from phonehome.report.schema import report_schema


def test_shipped_schema_matches_the_dataclasses() -> None:
    shipped = json.loads(resources.files("phonehome").joinpath("schema/report-v1.json").read_text())
    assert shipped == report_schema(), "regenerate with: phonehome schema > src/phonehome/schema/report-v1.json"


def test_finding_carries_the_contract_fields() -> None:
    finding = report_schema()["$defs"]["Finding"]
    for name in ("kind", "value", "canary", "hashed", "capture", "exchange", "method", "url", "host",
                 "party", "org", "sdk", "category", "path", "detector", "confidence"):
        assert name in finding["required"]
    top = report_schema()["required"]
    for name in ("version", "captures", "findings", "identifiers", "verdicts", "errors"):
        assert name in top
