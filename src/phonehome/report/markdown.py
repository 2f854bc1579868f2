"""The Markdown report: for issue trackers and articles.

Captured values are hostile and must not turn into markup, links or HTML when the Markdown is
rendered: every value goes through :func:`md`, which writes hidden characters as escapes and
backslash-escapes the punctuation that Markdown (CommonMark, GFM autolinks, GitHub math) reacts to.
"""

from __future__ import annotations

import re
from collections import Counter

from phonehome.model import CaptureInfo, Report
from phonehome.report.coverage import nothing_found
from phonehome.report.html_groups import Destination, Evidence, Overview, capture_index, overview
from phonehome.report.html_text import clip, kind_label, plain, tool_name, utc

MAX_EVIDENCE = 400
"""Distinct findings written out in full; the rest are counted (the JSON/HTML reports have them all)."""
PER_KIND = 10
"""Distinct findings written per destination and kind."""
ERRORS_SHOWN = 30

# Inline syntax anywhere in a line: emphasis, code, links/images, HTML, entities, table pipes, GitHub math;
# ':' and '@' (and "www.") break GFM autolinks. Block syntax only matters where a value starts a line or
# a list item, so only a leading marker is escaped (see _LEAD).
_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>~&|$:@])")
_WWW = re.compile(r"(www)\.", re.IGNORECASE)
_LEAD = re.compile(r"^(?:([#+=-])|(\d{1,9})([.)]))")


def md(value: object, limit: int = 300) -> str:
    """A value as inert Markdown text: hidden characters shown, Markdown punctuation escaped, clipped."""
    text = _WWW.sub(r"\1\\.", _SPECIAL.sub(r"\\\1", clip(plain(str(value)), limit)))
    return _LEAD.sub(lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}", text)


def code(value: str) -> str:
    """A short identifier (kind, detector) as a code span, or escaped text if it cannot be one safely."""
    if re.fullmatch(r"[\w.$:/-]{1,80}", value):
        return f"`{value}`"
    return md(value)


def render_markdown(report: Report, *, max_evidence: int = MAX_EVIDENCE) -> str:
    """Render the report as GitHub-flavoured Markdown."""
    seen = overview(report.findings, [c.path for c in report.captures])
    captures = capture_index(report, seen)
    dests = seen.destinations
    parts = [
        "# phonehome report: what left the device, and who received it",
        _headline(report, seen),
        "## Who received what",
        _summary(dests) if dests else md(nothing_found(report)),
        "## Private and opted-out sessions",
        _verdicts(report, captures, seen),
        "## Identifiers that link sessions",
        _identifiers(report),
        "## Findings",
        _findings(dests, captures, max_evidence) if dests else "None.",
        "## Methodology",
        _methodology(report),
    ]
    return "\n\n".join(p for p in parts if p) + "\n"


def _table(head: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _headline(report: Report, seen: Overview) -> str:
    dests = seen.destinations
    orgs = {d.org for d in dests if d.org}
    requests = sum(c.exchanges for c in report.captures)
    text = (
        f"**{seen.total} finding(s)** sent to **{len(dests)} destination(s)** ({len(orgs)} "
        f"organisation(s)), from {len(report.captures)} capture(s) with {requests} request(s). "
        f"Written by {md(tool_name(report.tool))} (report schema version {report.version})."
    )
    if seen.first_time is not None:
        text += f" Requests from {md(utc(seen.first_time))} to {md(utc(seen.last_time))}."
    if seen.redacted:
        text += (
            "\n\n> Personal values are redacted: each is replaced by a salted hash token, so equal values "
            "still show as equal."
        )
    return text


def _summary(dests: list[Destination]) -> str:
    rows = []
    for n, d in enumerate(dests, 1):
        kinds = ", ".join(f"{md(kind_label(g.kind))} ({g.count})" for g in d.kinds)
        rows.append(
            [
                str(n),
                md(d.host),
                md(d.org or "—"),
                md(d.sdk or "—"),
                md(d.category or "—"),
                md(d.party),
                kinds,
                str(d.count),
                str(d.requests),
            ]
        )
    return _table(
        [
            "#",
            "destination",
            "organisation",
            "SDK / product",
            "category",
            "party",
            "data sent (count)",
            "findings",
            "requests",
        ],
        rows,
    )


def _verdicts(report: Report, captures: dict[str, CaptureInfo], seen: Overview) -> str:
    if not report.verdicts:
        return "No private or opted-out session was scanned."
    rows = [
        [
            md(v.capture),
            md(v.mode),
            "**still sent personal data**" if v.leaked else "clean",
            md(", ".join(v.kinds)) or "—",
            md(", ".join(v.orgs or v.hosts)) or "—",
            md(v.summary, 500),
        ]
        for v in report.verdicts
    ]
    out = [_table(["session", "mode", "verdict", "kinds still sent", "received by", "summary"], rows)]
    counts: dict[str, Counter[str]] = {path: seen.per_capture.get(path, Counter()) for path in captures}
    sessions = sorted(captures.values(), key=lambda c: (c.mode != "normal", c.label))[:12]
    head = ["kind", *(f"{md(c.label, 40)} ({md(c.mode)})" for c in sessions)]
    rows = [
        [md(kind_label(k)), *(str(counts[c.path][k] or "—") for c in sessions)]
        for k in seen.kinds
    ]
    out.append("Findings per kind and session, normal sessions first:\n\n" + _table(head, rows))
    return "\n\n".join(out)


def _identifiers(report: Report) -> str:
    if not report.identifiers:
        return "No identifier was seen in more than one session."
    ordered = sorted(
        report.identifiers,
        key=lambda i: (not i.crosses_private, not i.crosses_reinstall, -len(i.captures), i.value),
    )
    rows = [
        [
            md(i.value, 90),
            md(", ".join(i.keys)),
            md(", ".join(i.hosts)),
            md(", ".join(i.captures)),
            md(", ".join(i.modes)),
            "**yes**" if i.crosses_private else "no",
            "**yes**" if i.crosses_reinstall else "no",
        ]
        for i in ordered[:200]
    ]
    more = f"\n\n{len(ordered) - 200} more identifiers are in the JSON report." if len(ordered) > 200 else ""
    return (
        _table(
            [
                "identifier",
                "keys",
                "received by",
                "sessions",
                "modes",
                "crosses private",
                "survives reinstall",
            ],
            rows,
        )
        + more
    )


def _findings(dests: list[Destination], captures: dict[str, CaptureInfo], budget: int) -> str:
    out = []
    left_out = 0
    for d in dests:
        who = " / ".join(md(x) for x in (d.org, d.sdk) if x) or "unattributed"
        out.append(f"### {md(d.host)} — {who}" + (f" ({md(d.category)})" if d.category else ""))
        for g in d.kinds:
            shown = g.evidence[: min(PER_KIND, max(budget, 0))]
            budget -= len(shown)
            left_out += len(g.evidence) - len(shown) + g.hidden
            out.append(
                f"**{md(kind_label(g.kind))}** ({code(g.kind)}, {md(g.severity)}): {g.count} finding(s)"
            )
            out.append(
                "\n".join(_evidence(ev, captures) for ev in shown) or "- (not listed, see the JSON report)"
            )
    if left_out:
        out.append(
            f"{left_out} more distinct finding(s) are not listed here; the JSON and HTML reports have "
            "every one."
        )
    return "\n\n".join(out)


def _evidence(ev: Evidence, captures: dict[str, CaptureInfo]) -> str:
    f = ev.first
    cap = captures.get(f.capture)
    label = cap.label if cap else f.capture
    lines = [
        f"- {md(ev.value)}" + (f" (sent as its {md(f.hashed)})" if f.hashed else ""),
        f"  - decode path: {' → '.join(md(step, 120) for step in ev.path)}",
        f"  - request: {md(f.method)} {md(f.url, 200)} — "
        f"{md(utc(f.time))}, {md(label)} request \\#{f.exchange}"
        + (f", and {ev.count - 1} more request(s)" if ev.count > 1 else ""),
        f"  - detector {code(f.detector)}, confidence {f.confidence:.2f}: {md(f.why)}",
    ]
    return "\n".join(lines)


def _methodology(report: Report) -> str:
    rows = [
        [
            md(c.label),
            md(c.path),
            md(c.format),
            md(c.mode),
            str(c.exchanges),
            str(c.limits_hit),
            str(c.encrypted),
        ]
        for c in report.captures
    ]
    out = [_table(["session", "file", "format", "mode", "requests", "limits hit", "encrypted flows"], rows)]
    out.append(f"Decoders used: {md(', '.join(report.decoders_used), 2000) or 'none recorded'}.")
    out.append(f"Detectors used: {md(', '.join(report.detectors_used), 2000) or 'none recorded'}.")
    encrypted = sum(c.encrypted for c in report.captures)
    out.append(
        f"Not seen: {encrypted} encrypted flow(s) without TLS "
        "keys (destination only); traffic that bypassed the "
        "capture; values hashed or encrypted with unknown keys unless planted as canaries."
    )
    if report.errors:
        kinds = Counter(e.kind for e in report.errors)
        lines = [f"Problems met: {', '.join(f'{n} {k}' for k, n in kinds.items())}."]
        lines += [
            f"- {md(e.kind)}: {md(e.capture, 120)}: {md(e.message, 500)}"
            for e in report.errors[:ERRORS_SHOWN]
        ]
        if len(report.errors) > ERRORS_SHOWN:
            lines.append(f"- … and {len(report.errors) - ERRORS_SHOWN} more in the JSON report")
        out.append("\n".join(lines))
    return "\n\n".join(out)
