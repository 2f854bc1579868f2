"""The Markdown report: complete for small reports, bounded for large ones, inert for hostile values."""

from __future__ import annotations

import re

from phonehome.model import Report
from phonehome.report.markdown import md, render_markdown
from tests.report.factories import big_report, finding, small_report


def _table_rows(text: str, heading: str) -> list[list[str]]:
    section = text.split(f"## {heading}\n\n", 1)[1].split("\n\n", 1)[0]
    rows = []
    for line in section.splitlines()[2:]:
        cells = re.split(r"(?<!\\)\|", line)[1:-1]
        rows.append([c.strip() for c in cells])
    return rows


def test_sections_in_reading_order() -> None:
    text = render_markdown(small_report())
    headings = re.findall(r"^## (.+)$", text, re.M)
    assert headings == ["Who received what", "Private and opted-out sessions", "Identifiers that link sessions",
                        "Findings", "Methodology"]
    assert text.startswith("# phonehome report")
    assert "**8 finding(s)** sent to **3 destination(s)**" in text


def test_summary_table_has_one_row_per_destination() -> None:
    rows = _table_rows(render_markdown(small_report()), "Who received what")
    assert [r[1] for r in rows] == [md("sa.datasink.shop-a-analytics.test"), md("t.adnet.test"),
                                     md("collector.metrics.test")]
    assert rows[0][2] == "Sensors Data" and rows[0][-2:] == ["5", "4"]
    assert all(len(r) == 9 for r in rows)


def test_findings_carry_their_decode_paths_verdicts_and_identifiers() -> None:
    text = render_markdown(small_report())
    assert "decode path: body → form\\:data\\_list → base64 → gzip → json → \\[0\\].properties.\\$url" in text
    assert "(sent as its sha256)" in text
    assert "**still sent personal data**" in text
    assert "18f3c1a2b-0d5e-4c2a" in text and "**yes**" in text
    assert "max\\_depth at body" in text


def test_hostile_values_cannot_become_markup_links_or_table_cells() -> None:
    payload = "a|b <script>alert(1)</script> [x](http://evil.test) ![i](http://evil.test/i.png) `c` *d* $e$ \n# h"
    report = Report(version=1, tool="0.1.0", findings=[
        finding(value=payload, url=f"https://evil.test/?q={payload}", host=f"evil.test|{payload}", org=payload,
                path=["body", payload], why=payload, key=payload),
    ])
    text = render_markdown(report)
    for raw in ("<script", "</script", "](http", "![", "http://evil", "`c`", "*d*", "$e$", "\n# h"):
        assert not re.search(r"(?<!\\)" + re.escape(raw), text), raw
    rows = _table_rows(text, "Who received what")
    assert len(rows) == 1 and len(rows[0]) == 9  # the pipe in the host did not add a column
    assert "\\n" in text  # the newline is shown as an escape


def test_md_escapes_every_markdown_punctuation_and_shows_hidden_characters() -> None:
    assert md("a_b*c") == "a\\_b\\*c"
    assert md("x\u202ey") == "x\\\\u202ey"
    assert md("é ü 中") == "é ü 中"
    assert md("sa.datasink.test") == "sa.datasink.test"  # readable where nothing can go wrong


def test_md_defuses_autolinks_and_block_markers_at_the_start_of_a_value() -> None:
    assert md("https://evil.test") == "https\\://evil.test"
    assert md("see www.evil.test") == "see www\\.evil.test"
    assert md("a@b.test") == "a\\@b.test"
    assert md("# title") == "\\# title"
    assert md("- item") == "\\- item"
    assert md("1. item") == "1\\. item"
    assert md("12) item") == "12\\) item"


def test_large_reports_are_bounded_and_say_what_was_left_out() -> None:
    text = render_markdown(big_report(10_000))
    assert len(text) < 1_000_000
    assert "more distinct finding(s) are not listed here" in text
    assert text.count("  - decode path: ") <= 400


def test_empty_report() -> None:
    text = render_markdown(Report(version=1, tool="0.1.0"))
    assert "No personal data was found leaving the device" in text
