"""Redaction: every personal value masked everywhere, findings still told apart."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Iterator
from urllib.parse import quote, quote_plus

from phonehome.model import Report, ReportError
from phonehome.report.html import render_html
from phonehome.report.json_report import report_to_json
from phonehome.report.markdown import render_markdown
from phonehome.report.redact import MIN_SUBSTRING, redact_report, variants
from tests.report.factories import finding, small_report

TOKEN = re.compile(r"«redacted:[0-9a-f]{8}»")


def strings(obj: object) -> Iterator[str]:
    """Every string anywhere in a report."""
    if isinstance(obj, str):
        yield obj
    elif dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            yield from strings(getattr(obj, f.name))
    elif isinstance(obj, list | tuple):
        for item in obj:
            yield from strings(item)


def forms(value: str) -> set[str]:
    """How a leaked value could show up in an output file."""
    out = {value, quote(value, safe=""), quote_plus(value), quote(value, safe="/:")}
    return {f.lower() for f in out if len(f) >= MIN_SUBSTRING}


def leaks(text: str, values: list[str]) -> list[str]:
    low = text.lower()
    return [v for v in values for f in forms(v) if f in low]


def planted_report() -> Report:
    report = small_report()
    email, imei = "tomas.ferreira79@mailbox.test", "359173363927718"
    extra = [
        finding(kind="location", value="-20.54870,125.01449", key="lat", exchange=20,
                url="https://t.adnet.test/geo?lat=-20.5487&lon=125.01449", why="lat -20.5487 and lon 125.01449"),
        finding(kind="mac", value="e7:17:79:94:dc:95", exchange=21, url="https://t.adnet.test/m/E71779-94DC95",
                why="MAC e7:17:79:94:dc:95 under key 'wifi_mac'"),
        finding(kind="email", value=email, hashed="sha256", exchange=22,
                why=f"sha256 {hashlib.sha256(email.encode()).hexdigest().upper()} of a planted e-mail"),
        finding(kind="user_id", value="tomas_3595", exchange=23,
                url="https://t.adnet.test/u/tomas_3595/events?uid=TOMAS_3595", path=["url", "path:tomas_3595"]),
    ]
    errors = [*report.errors,
              ReportError("captures/shop-1.har", f"exchange 4: cannot decode https://x.test/?imei={imei}&e="
                          f"{quote(email, safe='')} (value {email.upper()})", "limit")]
    return dataclasses.replace(report, findings=[*report.findings, *extra], errors=errors)


PLANTED = ["https://shop-a.test/article/velvet-juniper-67997", "/article/velvet-juniper-67997",
           "tomas.ferreira79@mailbox.test", "thistle willow 529", "359173363927718", "Redmi Note 8",
           "18f3c1a2b-0d5e-4c2a", "-20.54870", "-20.5487", "125.01449", "e7:17:79:94:dc:95", "e71779",
           "tomas_3595", hashlib.sha256(b"tomas.ferreira79@mailbox.test").hexdigest()]


def test_no_planted_value_survives_in_any_string_of_the_report() -> None:
    report = planted_report()
    assert leaks("\n".join(strings(report)), PLANTED)  # the test would see them
    redacted = redact_report(report, salt=b"fixed")
    assert leaks("\n".join(strings(redacted)), PLANTED) == []


def test_no_planted_value_survives_in_any_rendered_output() -> None:
    redacted = redact_report(planted_report())
    for output in (report_to_json(redacted).decode(), render_html(redacted), render_markdown(redacted)):
        assert leaks(output, PLANTED) == []
    assert "are redacted" in render_html(redacted)


def test_tokens_keep_findings_apart_and_equal_values_equal() -> None:
    report = planted_report()
    redacted = redact_report(report, salt=b"fixed")
    assert len(redacted.findings) == len(report.findings)
    tokens: dict[str, str] = {}
    for before, after in zip(report.findings, redacted.findings, strict=True):
        assert TOKEN.fullmatch(after.value)
        tokens.setdefault(before.value, after.value)
        assert tokens[before.value] == after.value
        assert (after.kind, after.detector, after.severity, after.exchange, after.time) == (
            before.kind, before.detector, before.severity, before.exchange, before.time)
        assert len(after.path) == len(before.path)
    assert len(set(tokens.values())) == len(tokens)
    assert TOKEN.fullmatch(redacted.identifiers[0].value)


def test_salt_is_random_per_run_unless_given() -> None:
    report = small_report()
    assert redact_report(report, b"s").findings[0].value == redact_report(report, b"s").findings[0].value
    assert redact_report(report, b"s").findings[0].value != redact_report(report, b"t").findings[0].value
    assert redact_report(report).findings[0].value != redact_report(report).findings[0].value


def test_urls_keep_their_shape_but_lose_query_values_and_identifier_segments() -> None:
    redacted = redact_report(planted_report(), salt=b"fixed")
    urls = {f.kind: f.url for f in redacted.findings}
    assert urls["user_id"].startswith("https://t.adnet.test/u/«redacted:")
    assert urls["user_id"].endswith("/events?uid=«redacted:" + urls["user_id"].split("/u/«redacted:")[1][:9])
    assert re.fullmatch(r"https://t\.adnet\.test/geo\?lat=«redacted:\w{8}»&lon=«redacted:\w{8}»", urls["location"])


def test_variants_cover_the_usual_encodings() -> None:
    found = variants("https://shop-a.test/article/velvet-juniper-67997")
    assert "/article/velvet-juniper-67997" in found
    assert "https%3A%2F%2Fshop-a.test%2Farticle%2Fvelvet-juniper-67997" in found
    assert "-20.5487" in variants("-20.54870,125.01449")
    assert "e71779 94dc95".replace(" ", "") in variants("e7:17:79:94:dc:95")
    assert hashlib.md5(b"a@b.test").hexdigest() in variants("a@b.test")


def test_redacting_a_redacted_report_changes_nothing_more() -> None:
    once = redact_report(planted_report(), salt=b"fixed")
    twice = redact_report(once, salt=b"fixed")
    assert [f.value for f in twice.findings] == [f.value for f in once.findings]
