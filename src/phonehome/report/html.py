"""The HTML evidence report: one self-contained file that a person without tools can act on.

The page loads nothing: CSS and script are inline and pinned by hash in a Content-Security-Policy
that forbids every network load, so the file is safe to attach to an e-mail and open offline.
Captured traffic is hostile input: every value goes through :func:`html_text.esc`, and the policy
would stop an injected script even if one slipped through.
"""

from __future__ import annotations

import base64
import hashlib
from collections import Counter
from functools import cache
from importlib.resources import files

from phonehome.model import CaptureInfo, Report, ReportError
from phonehome.report.coverage import nothing_found
from phonehome.report.html_evidence import evidence_html
from phonehome.report.html_groups import Destination, Overview, capture_index, overview
from phonehome.report.html_study import identifiers_html, verdicts_html
from phonehome.report.html_text import clip, esc, kind_label, tool_name, utc
from phonehome.report.html_timeline import timeline_html

MATRIX_MAX_KINDS = 10
SUMMARY_MAX_ROWS = 200
ERRORS_SHOWN = 200
REDACTED_MARK = "«redacted:"


@cache
def _asset(name: str) -> str:
    return files("phonehome.report").joinpath("templates", name).read_text(encoding="utf-8")


def _csp_hash(text: str) -> str:
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return f"'sha256-{digest}'"


def content_security_policy(style: str, script: str) -> str:
    """A policy that allows exactly this page's inline style and script and no load of any kind."""
    return (
        f"default-src 'none'; style-src {_csp_hash(style)}; script-src {_csp_hash(script)}; img-src 'none'; "
        "font-src 'none'; connect-src 'none'; media-src 'none'; object-src 'none'; frame-src 'none'; "
        "worker-src 'none'; manifest-src 'none'; form-action 'none'; base-uri 'none'"
    )


def render_html(report: Report) -> str:
    """Render the whole report as one HTML document (a str; write it as UTF-8)."""
    style, script = _asset("report.css"), _asset("report.js")
    seen = overview(report.findings, [c.path for c in report.captures])
    captures = capture_index(report, seen)
    dests = seen.destinations
    title = f"phonehome evidence report — {seen.total} finding(s), {len(dests)} destination(s)"
    body = "".join(
        [
            _header(captures, seen),
            '<main><nav class="toc"><a href="#summary">Summary</a><a href="#study">Private sessions</a>'
            '<a href="#linkability">Linkability</a><a '
            'href="#timeline">Timeline</a><a href="#evidence">Evidence</a>'
            '<a href="#method">Methodology</a></nav>',
            _section("summary", "Summary: who received what", _summary(report, seen)),
            _section("study", "Private and opted-out sessions", verdicts_html(report, captures, seen)),
            _section("linkability", "Identifiers that link sessions", identifiers_html(report.identifiers)),
            _section("timeline", "Timeline", timeline_html(report.findings, captures)),
            _section("evidence", "Evidence", _evidence(seen, captures)),
            _section("method", "Methodology", _methodology(report)),
            f"<footer>Written by {esc(tool_name(report.tool))} "
            f"from a version-{report.version} report. This file "
            "loads nothing from the network; values are shown "
            "as captured, with invisible characters written as "
            "escapes.</footer></main>",
        ]
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy(style, script)}">'
        '<meta name="referrer" content="no-referrer"><meta name="color-scheme" content="light">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{style}</style></head>\n<body>{body}\n"
        f"<script>{script}</script></body></html>\n"
    )


def _section(anchor: str, heading: str, content: str) -> str:
    return f'<section id="{anchor}"><h2>{esc(heading)}</h2>{content}</section>\n'


def _header(captures: dict[str, CaptureInfo], seen: Overview) -> str:
    span = f" · requests from {utc(seen.first_time)} to {utc(seen.last_time)}" if seen.first_time is not None else ""
    names = ", ".join(c.label for c in list(captures.values())[:6])
    more = f" and {len(captures) - 6} more" if len(captures) > 6 else ""
    return (
        '<header class="top"><div class="inner"><h1>What left the device, and who received it</h1>'
        f"<p>phonehome evidence report · {len(captures)} capture(s): {esc(clip(names, 300))}{more}"
        f"{esc(span)}</p></div></header>"
    )


def _summary(report: Report, seen: Overview) -> str:
    dests = seen.destinations
    orgs = {d.org for d in dests if d.org}
    stats = [
        (seen.total, "findings"),
        (len(dests), "destinations"),
        (len(orgs), "organisations"),
        (len(seen.kinds), "kinds of data"),
        (sum(1 for v in report.verdicts if v.leaked), "private sessions that leaked"),
        (sum(c.exchanges for c in report.captures), "requests scanned"),
    ]
    out = [
        '<div class="stats">'
        + "".join(f'<div class="stat"><b>{n}</b><span>{esc(label)}</span></div>' for n, label in stats)
        + "</div>"
    ]
    if seen.redacted:
        out.append(
            '<p class="note">Personal values in this report are redacted: each is replaced by a salted '
            "hash token, so equal values still show as equal.</p>"
        )
    if not dests:
        out.append(
            f"<p><b>{esc(nothing_found(report))}</b> See the "
            "methodology for what was and could not be examined.</p>"
        )
        return "".join(out)
    out.append(_key_facts(report, dests))
    out.append(_matrix(seen))
    return "".join(out)


def _key_facts(report: Report, dests: list[Destination]) -> str:
    items = []
    for d in dests[:6]:
        who = ", ".join(x for x in (d.org, d.sdk) if x)
        who_html = f" ({esc(who)})" if who else ""
        kinds = ", ".join(kind_label(g.kind) for g in d.kinds)
        items.append(
            f"<li><b>{esc(d.host)}</b>{who_html} received {esc(kinds)} in {d.requests} request(s).</li>"
        )
    for v in report.verdicts:
        if v.leaked:
            items.append(f"<li>{esc(v.summary)}</li>")
    return f'<ul class="facts-list">{"".join(items)}</ul>'


def _matrix(seen: Overview) -> str:
    dests, kinds, worst = seen.destinations, seen.kinds, seen.worst
    as_columns = len(kinds) <= MATRIX_MAX_KINDS
    head = ["#", "destination", "organisation", "SDK / product", "category"]
    cols = "".join(f"<th>{esc(h)}</th>" for h in head)
    if as_columns:
        cols += "".join(f'<th class="num">{esc(kind_label(k))}</th>' for k in kinds)
    else:
        cols += "<th>data sent (count)</th>"
    cols += '<th class="num">findings</th><th class="num">requests</th>'
    rows = []
    for n, d in enumerate(dests[:SUMMARY_MAX_ROWS]):
        counts = d.kind_counts
        cells = [
            f'<td class="num">{n + 1}</td>',
            f'<td class="host"><a href="#d{n}"><code>{esc(d.host)}</code></a> '
            f'<span class="party {esc(d.party)}">'
            f"{esc(d.party)}</span></td>",
            f"<td>{esc(d.org or '—')}</td><td>{esc(d.sdk or '—')}</td><td>{esc(d.category or '—')}</td>",
        ]
        if as_columns:
            for k in kinds:
                cls = f"c-{worst.get(k, 'low')}" if counts[k] else "zero"
                cells.append(f'<td class="num {esc(cls)}">{counts[k] or "·"}</td>')
        else:
            chips = "".join(
                f'<span class="chip {esc(g.severity)}">{esc(kind_label(g.kind))} {g.count}</span>'
                for g in d.kinds
            )
            cells.append(f"<td>{chips}</td>")
        cells.append(f'<td class="num"><b>{d.count}</b></td><td class="num">{d.requests}</td>')
        rows.append(f"<tr>{''.join(cells)}</tr>")
    more = (
        f'<p class="note">{len(dests) - SUMMARY_MAX_ROWS} more destinations are listed under Evidence.</p>'
        if len(dests) > SUMMARY_MAX_ROWS
        else ""
    )
    return (
        f'<div class="scroll"><table class="grid matrix"><thead><tr>{cols}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>{more}"
    )


def _evidence(seen: Overview, captures: dict[str, CaptureInfo]) -> str:
    dests = seen.destinations
    if not dests:
        return '<p class="note">No findings.</p>'
    tools = (
        '<div id="tools" hidden><input id="filter" type="search" placeholder="Filter by destination, '
        'organisation, kind or value" aria-label="Filter destinations"><button id="expand" type="button">'
        'Expand all</button><button id="collapse" type="button">Collapse all</button>'
        '<span id="shown" class="note"></span></div>'
    )
    intro = (
        '<p class="note">Per destination and kind of data, each distinct value with the request that carried '
        "it and every decode step from the raw request to the value (highlighted). Click a line to open it; "
        "your browser's find-in-page also searches closed sections.</p>"
    )
    return intro + tools + evidence_html(dests, captures, seen.total)


def _methodology(report: Report) -> str:
    caps = []
    for c in report.captures:
        caps.append(
            f"<tr><td>{esc(c.label)}</td><td><code>{esc(c.path)}</code></td><td>{esc(c.format)}</td>"
            f'<td><span class="mode {esc(c.mode)}">{esc(c.mode)}</span></td><td '
            f'class="num">{c.exchanges}</td>'
            f'<td class="num">{c.limits_hit}</td><td class="num">{c.encrypted}</td></tr>'
        )
    encrypted = sum(c.encrypted for c in report.captures)
    limits = sum(c.limits_hit for c in report.captures)
    out = [
        "<h3>Captures scanned</h3>",
        '<div class="scroll"><table '
        'class="grid"><thead><tr><th>session</th><th>file</th><th>format</th><th>mode</th>'
        '<th class="num">requests</th><th class="num">limits '
        'hit</th><th class="num">encrypted flows</th></tr></thead>'
        f"<tbody>{''.join(caps)}</tbody></table></div>",
        "<h3>How the traffic was examined</h3>",
        "<p>Every request (URL, headers, cookies, body) was "
        "peeled recursively: each decoder below was tried on "
        "every intermediate value, and every layer is kept "
        "in the decode path shown with a finding. Detectors "
        "ran on every intermediate value, so data is recognised even half-way down a chain.</p>",
        f"<p><b>Decoders used</b> ({len(report.decoders_used)}): {_chips(report.decoders_used)}</p>",
        f"<p><b>Detectors used</b> ({len(report.detectors_used)}): {_chips(report.detectors_used)}</p>",
        "<h3>What could not be seen</h3><ul>",
        f"<li>{encrypted} encrypted flow(s) could not be opened "
        "(TLS without keys): only their destination is "
        "known, their content was not examined.</li>"
        if encrypted
        else "<li>No flow in these captures was left encrypted.</li>",
        f"<li>Decoding limits (depth, size, expansion ratio) stopped decoding on {limits} request(s); data "
        "beyond those limits was not examined.</li>"
        if limits
        else "<li>No decoding limit was hit.</li>",
        "<li>Only what is in the captures is examined: traffic "
        "that bypassed the capturing proxy (certificate "
        "pinning, other network paths, other times) is not "
        "seen. Values hashed or encrypted with unknown keys are "
        "recognised only when they were planted as canaries.</li></ul>",
        _errors(report.errors),
        '<h3>Reading the findings</h3><dl class="defs">'
        "<dt>confidence</dt><dd>0–1, how sure the detector "
        "is: planted values matched exactly are 1; patterns "
        "are raised by validation (e.g. Luhn for IMEI) and by the key a value sits under.</dd>"
        "<dt>severity</dt><dd>high: data about the person or "
        "device identity; low: device fingerprint details and "
        "URLs sent by the browser itself (Referer).</dd>"
        "<dt>party</dt><dd>third when the destination is not the site or app the person was using.</dd>"
        "<dt>decode path</dt><dd>the steps from the raw request to the value, outermost first.</dd></dl>",
    ]
    return "".join(out)


def _chips(names: list[str]) -> str:
    return "".join(f'<span class="chip">{esc(n)}</span>' for n in names) or "none recorded"


def _errors(errors: list[ReportError]) -> str:
    if not errors:
        return "<h3>Problems met</h3><p>None.</p>"
    kinds = Counter(e.kind for e in errors)
    titles = {"capture": "capture errors", "limit": "limits hit", "notice": "notices"}
    out = [
        "<h3>Problems met</h3><p>" + ", ".join(f"{n} {titles.get(k, k)}" for k, n in kinds.items()) + "</p>"
    ]
    for kind in ("capture", "limit", "notice"):
        mine = [e for e in errors if e.kind == kind]
        if not mine:
            continue
        items = "".join(
            f"<li><code>{esc(clip(e.capture, 120))}</code>: {esc(clip(e.message, 1000))}</li>"
            for e in mine[:ERRORS_SHOWN]
        )
        more = (
            f'<p class="note">… and {len(mine) - ERRORS_SHOWN} more in the JSON report.</p>'
            if len(mine) > ERRORS_SHOWN
            else ""
        )
        opened = " open" if kind == "capture" else ""
        out.append(
            f"<details{opened}><summary>{esc(titles[kind])} ({len(mine)})</summary>"
            f'<ul class="errors">{items}</ul>{more}</details>'
        )
    return "".join(out)
