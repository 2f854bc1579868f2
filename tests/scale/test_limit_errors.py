"""Limit errors: listed up to a bound per capture and kind of limit, the rest counted, never dropped."""

from __future__ import annotations

import base64
import json

from phonehome.config import ScanConfig
from phonehome.decoders.base import Limits
from phonehome.model import Exchange
from phonehome.pipeline import LIMIT_ERRORS_KEPT, Scanner


def exchange(i: int) -> Exchange:
    body = json.dumps({"d": base64.b64encode(json.dumps({"e": f"user{i}@mail.test"}).encode()).decode()})
    return Exchange("cap.har", i, None, "POST", "https://t.example.test/c", "t.example.test", (), body.encode())


def test_repeated_limit_hits_are_counted_past_the_bound() -> None:
    scan = Scanner(ScanConfig(limits=Limits(max_depth=1))).start("cap.har")
    n = LIMIT_ERRORS_KEPT + 15
    for i in range(n):
        scan.scan_exchange(exchange(i))
    result = scan.finish()
    assert result.info.limits_hit == n
    listed = [e for e in result.errors if e.message.startswith("exchange ")]
    assert len(listed) == LIMIT_ERRORS_KEPT
    assert all(e.kind == "limit" for e in listed)
    summary = [e for e in result.errors if "more limit hit" in e.message]
    hits_per_exchange = len(listed) // len({e.message.split(":")[0] for e in listed})
    assert len(summary) == 1 and summary[0].message.startswith(f"{n * hits_per_exchange - LIMIT_ERRORS_KEPT} more")
