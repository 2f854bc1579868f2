"""The HTML evidence report: self-contained, strict, complete, hostile-input safe, and light at scale."""

from __future__ import annotations

import base64
import hashlib
import html
import re
from dataclasses import replace

from phonehome.model import CaptureInfo, Identifier, Report, ReportError, Verdict
from phonehome.report import html_evidence
from phonehome.report.html import render_html
from tests.report.factories import big_report, finding, small_report
from tests.report.htmlcheck import chains, parse, unpack_all

LOADING_TAGS = {"img", "link", "iframe", "frame", "object", "embed", "base", "form", "audio", "video", "source",
                "track", "picture", "input", "meta", "use", "image", "feimage"}
URL_ATTRS = {"src", "href", "xlink:href", "action", "formaction", "srcset", "poster", "data", "background",
             "ping", "manifest", "codebase", "cite", "longdesc", "usemap"}


def _csp(document: str) -> str:
    match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', document)
    assert match, "no Content-Security-Policy meta"
    return html.unescape(match.group(1))


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def assert_self_contained(document: str) -> None:
    """Nothing in the page can load anything: no loading elements, no URLs but in-page anchors."""
    page = parse(document)
    for tag, attrs in page.tags:
        if tag == "meta":
            assert set(attrs) <= {"charset", "http-equiv", "content", "name"}, attrs
            continue
        if tag == "input":
            assert attrs.get("type") == "search", attrs
            continue
        assert tag not in LOADING_TAGS, f"<{tag}> could load something: {attrs}"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"event handler attribute on <{tag}>: {name}={value!r}"
            assert name != "style", f"inline style attribute on <{tag}>"
            if name in URL_ATTRS:
                assert name == "href" and (value or "").startswith("#"), f"<{tag} {name}={value!r}>"
    executable = [(a, body) for a, body in page.scripts if a.get("type") != "text/x-phonehome-evidence"]
    assert len(executable) == 1 and not executable[0][0], "exactly one inline script, ours"
    assert len(page.styles) == 1
    csp = _csp(document)
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == _sha(executable[0][1])
    assert directives["style-src"] == _sha(page.styles[0])
    for name in ("img-src", "font-src", "connect-src", "object-src", "frame-src", "form-action", "base-uri"):
        assert directives[name] == "'none'", name
    assert "unsafe" not in csp and "http" not in csp and "data:" not in csp


def test_page_is_one_self_contained_file_with_a_strict_policy() -> None:
    document = render_html(small_report())
    assert document.startswith("<!DOCTYPE html>")
    assert_self_contained(document)
    document.encode("utf-8")


def test_summary_names_every_destination_with_organisation_sdk_category_and_counts() -> None:
    document = render_html(small_report())
    summary = document[document.index('<section id="summary">') : document.index('<section id="study">')]
    for text in ("sa.datasink.shop-a-analytics.test", "Sensors Data", "Sensors Analytics", "analytics",
                 "t.adnet.test", "AdNet Ltd", "advertising", "collector.metrics.test"):
        assert text in summary
    assert "<b>8</b><span>findings</span>" in summary
    assert "<b>3</b><span>destinations</span>" in summary
    match = re.search(r'<tr><td class="num">1</td>(.*?)</tr>', summary)  # busiest destination
    assert match
    row = match.group(1)
    assert "sa.datasink.shop-a-analytics.test" in row and '<td class="num"><b>5</b></td>' in row


def test_every_finding_is_shown_with_its_whole_decode_chain_and_value() -> None:
    report = small_report()
    shown = chains(render_html(report))
    for f in report.findings:
        assert (f.path, f.value) in shown, f"no chain for {f.kind} {f.path}"


def test_request_line_marks_the_value_where_it_travels_in_the_url() -> None:
    document = render_html(small_report())
    assert "e=<mark>tomas.ferreira79%40mailbox.test</mark>" in document
    assert "imei=<mark>359173363927718</mark>" in document
    assert "time unknown" in document  # a finding without a timestamp says so


def test_study_results_show_verdicts_beside_normal_sessions_and_linkable_identifiers() -> None:
    document = render_html(small_report())
    study = document[document.index('<section id="study">') : document.index('<section id="linkability">')]
    assert "still sent personal data" in study and "shop-2-private" in study
    match = re.search(r"<thead><tr><th>kind</th>(.*?)</tr>", study)
    assert match
    header = match.group(1)
    assert header.index("shop-1") < header.index("shop-2-private")  # normal first, then private
    assert '<td class="num hit">1</td>' in study  # data that still left the private session
    link = document[document.index('<section id="linkability">') : document.index('<section id="timeline">')]
    for text in ("18f3c1a2b-0d5e-4c2a", "distinct_id, $device_id", "shop-1, shop-2-private", "normal, private"):
        assert text in link
    assert '<td class="yes">yes</td><td class="no">no</td>' in link


def test_timeline_is_inline_svg_per_capture() -> None:
    document = render_html(small_report())
    timeline = document[document.index('<section id="timeline">') : document.index('<section id="evidence">')]
    assert timeline.count("<svg ") == 2
    assert "1 finding(s) have no request time" in timeline
    assert "<title>" in timeline and "request(s)" in timeline


def test_methodology_lists_captures_decoders_detectors_limits_and_what_was_not_seen() -> None:
    document = render_html(small_report())
    method = document[document.index('<section id="method">') :]
    for text in ("captures/shop-1.har", "har", "base64", "gzip", "canary", "imei", "max_depth at body",
                 "2 TLS flows without keys", "2 encrypted flow(s) could not be opened", "1 request(s)"):
        assert text in method, text


def test_empty_report_renders() -> None:
    document = render_html(Report(version=1, tool="0.1.0"))
    assert "No personal data was found" in document
    assert_self_contained(document)


def test_rendering_is_deterministic() -> None:
    assert render_html(small_report()) == render_html(small_report())


XSS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "</script><script>alert(1)</script>",
    "</style><script>alert(2)</script>",
    "<!--<script>alert(3)//-->",
    "javascript:alert(4)",
    "<a href=\"http://evil.test/x\">x</a>",
    "<link rel=stylesheet href=//evil.test/c.css>",
    "<meta http-equiv=refresh content='0;url=http://evil.test'>",
    "&lt;script&gt;",
]


def hostile_report() -> Report:
    findings = []
    for n, payload in enumerate(XSS):
        findings.append(finding(
            kind=f"email{payload}", value=f"v{n}{payload}", url=f"https://evil.test/{payload}?q={payload}",
            host=f"h{n}.test{payload}", org=payload, sdk=payload, category=payload, attribution_reason=payload,
            path=["body", f"form:{payload}", "base64", f"[0].{payload}"], key=payload, detector=payload,
            why=payload, canary=payload, hashed=payload, method=payload, severity=payload, party="third",
            capture=f"cap{payload}", exchange=n,
        ))
    findings.append(finding(value="\u202egnp.exe\u0000\x1b[31m\ud800zero\u200bwidth", why="bidi\u202eoverride"))
    payload = XSS[0]
    return Report(
        version=1, tool=payload,
        captures=[CaptureInfo(f"cap{p}", p, 1, p, p) for p in XSS],
        findings=findings,
        identifiers=[Identifier(p, [p], [p], [p], [p], True, True, True) for p in XSS],
        verdicts=[Verdict(p, p, True, [p], [p], [p], [p], p) for p in XSS],
        errors=[ReportError(p, p, "capture") for p in XSS],
        detectors_used=XSS, decoders_used=XSS,
    )


def test_hostile_values_render_as_text_never_as_markup() -> None:
    document = render_html(hostile_report())
    assert_self_contained(document)
    assert "<script>alert" not in document and "<img" not in document and "<svg onload" not in document
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in document
    assert "&amp;lt;script&amp;gt;" in document  # an entity in the data stays an entity, shown literally
    # Hidden characters are written out instead of reordering or hiding text.
    for escape in ("\\u202e", "\\u0000", "\\u001b", "\\ud800", "\\u200b"):
        assert f'<span class="esc">{escape}</span>' in document
    assert "\u202e" not in document
    document.encode("utf-8")  # no lone surrogate left


def test_hostile_values_stay_inert_in_deferred_evidence(monkeypatch) -> None:
    monkeypatch.setattr(html_evidence, "STATIC_ITEMS", 0)
    document = render_html(hostile_report())
    assert_self_contained(document)
    deferred = unpack_all(document)
    assert deferred and "<script" not in deferred and "<img" not in deferred
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in deferred


def test_ten_thousand_findings_stay_light_and_complete() -> None:
    report = big_report(10_000)
    document = render_html(report)
    assert_self_contained(document)
    assert len(document) < 6_000_000, f"{len(document)} characters"
    page = parse(document)
    assert len(page.tags) < 80_000, f"{len(page.tags)} elements"
    static_items = document.count('<details class="ev"')
    assert static_items == html_evidence.STATIC_ITEMS
    assert document.count('<details class="dest"') == 50
    assert ' open><summary><span class="host">' in document  # the first destination is open
    deferred = unpack_all(document)
    assert static_items + deferred.count('<details class="ev"') == 10_000  # every finding is in the file
    shown = {value for _, value in chains(document) + chains(deferred)}
    assert shown == {f.value for f in report.findings}
    assert deferred.count("<details") == deferred.count("</details>")


def test_large_groups_are_split_into_blocks_the_reader_opens_one_at_a_time() -> None:
    findings = [finding(value=f"https://shop-a.test/article/{i}", exchange=i) for i in range(700)]
    report = replace(small_report(), findings=findings)
    document = render_html(report)
    static = min(html_evidence.STATIC_PER_GROUP, html_evidence.STATIC_ITEMS)
    assert document.count('<details class="ev"') == static
    blocks = re.findall(r'id="g1-(\d+)"', document)
    assert len(blocks) == -(-(700 - static) // html_evidence.CHUNK)
    assert f'Show {html_evidence.CHUNK} of {700 - static} more' in document


def test_past_the_evidence_bounds_values_are_counted_not_listed(monkeypatch) -> None:
    from phonehome.findings_log import FINDINGS, RecordLog
    from phonehome.report import html_groups

    monkeypatch.setattr(html_groups, "MAX_PER_GROUP", 30)
    monkeypatch.setattr(html_groups, "MAX_OTHER_ROWS", 5)
    findings = [finding(value=f"https://shop-a.test/article/{i % 40}", exchange=i) for i in range(100)]
    report = replace(small_report(), findings=RecordLog(FINDINGS, findings, spill_at=10))
    document = render_html(report)
    group = html_groups.overview(report.findings).destinations[0].kinds[0]
    assert group.count == 100 and len(group.evidence) == 30 and group.hidden == 20  # values 30..39, twice each
    assert "… and 20 more finding(s) of this kind, not listed here" in document
    assert sum(len(ev.findings) - 1 for ev in group.evidence) == 5  # other-request rows within their budget
    assert all(ev.count == 3 if int(ev.value.rsplit("/", 1)[1]) < 20 else ev.count == 2 for ev in group.evidence)
