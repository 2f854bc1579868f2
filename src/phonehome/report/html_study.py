"""Study results: private/opted-out sessions beside the normal ones, and identifiers that link them."""

from __future__ import annotations

from collections import Counter

from phonehome.model import CaptureInfo, Identifier, Report
from phonehome.report.html_groups import Overview
from phonehome.report.html_text import clip, esc, kind_label

MAX_SESSIONS = 24
MAX_IDENTIFIERS = 500


def verdicts_html(report: Report, captures: dict[str, CaptureInfo], seen: Overview) -> str:
    """Verdict cards, then kinds × sessions with the normal sessions first, for comparison."""
    if not report.verdicts:
        return (
            '<p class="note">No private or opted-out session was scanned, so there is nothing to compare. '
            "Give one with <code>--private</code> / <code>--opted-out</code> or a study manifest.</p>"
        )
    cards = []
    for v in report.verdicts:
        state = (
            '<span class="verdict leaked">still sent personal data</span>'
            if v.leaked
            else '<span class="verdict clean">clean</span>'
        )
        who = ", ".join(v.orgs or v.hosts)
        detail = (
            f"<p>Kinds: {esc(', '.join(kind_label(k) for k in v.kinds))}<br>Received by: {esc(who)}</p>"
            if v.leaked
            else ""
        )
        cards.append(
            f'<div class="card {"leaked" if v.leaked else "clean"}"><h3>{esc(v.capture)} '
            f'<span class="mode {esc(v.mode)}">{esc(v.mode)}</span></h3>{state}'
            f"<p>{esc(v.summary)}</p>{detail}</div>"
        )
    return f'<div class="cards">{"".join(cards)}</div>' + _side_by_side(report, captures, seen)


def _side_by_side(report: Report, captures: dict[str, CaptureInfo], seen: Overview) -> str:
    counts: dict[str, Counter[str]] = {path: seen.per_capture.get(path, Counter()) for path in captures}
    mode_order = {"normal": 0}
    sessions = sorted(captures.values(), key=lambda c: (mode_order.get(c.mode, 1), c.label))[:MAX_SESSIONS]
    kinds = list(seen.kinds)
    for v in report.verdicts:
        kinds += [k for k in v.normal_kinds if k not in kinds]
    head = "".join(
        f'<th class="num"><span class="mode {esc(c.mode)}">{esc(c.mode)}</span><br>{esc(clip(c.label, 28))}'
        "</th>"
        for c in sessions
    )
    rows = []
    for kind in kinds:
        cells = []
        for c in sessions:
            n = counts[c.path][kind]
            cls = "hit" if n and c.mode != "normal" else "seen" if n else "none"
            cells.append(f'<td class="num {cls}">{n or "—"}</td>')
        rows.append(f"<tr><th>{esc(kind_label(kind))}</th>{''.join(cells)}</tr>")
    more = (
        f'<p class="note">Only the first {MAX_SESSIONS} of {len(captures)} sessions are shown.</p>'
        if len(captures) > MAX_SESSIONS
        else ""
    )
    return (
        '<h3>Findings per kind and session</h3><p class="note">Normal sessions first; a red cell is data '
        "that still left a private or opted-out session.</p>"
        f'<div class="scroll"><table class="grid matrix"><thead><tr><th>kind</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>{more}"
    )


def identifiers_html(identifiers: list[Identifier]) -> str:
    """The linkability table: identifiers seen in several sessions, cross-mode ones first."""
    if not identifiers:
        return '<p class="note">No identifier was seen in more than one session.</p>'
    ordered = sorted(
        identifiers, key=lambda i: (not i.crosses_private, not i.crosses_reinstall, -len(i.captures), i.value)
    )
    rows = []
    for i in ordered[:MAX_IDENTIFIERS]:
        rows.append(
            f'<tr><td><code class="val">{esc(clip(i.value, 90))}</code></td><td>{esc(", ".join(i.keys))}</td>'
            f"<td>{esc(', '.join(i.hosts))}</td><td>{esc(', '.join(i.captures))}</td>"
            f"<td>{esc(', '.join(i.modes))}</td>{_yes(i.crosses_private)}{_yes(i.crosses_reinstall)}</tr>"
        )
    more = (
        f'<p class="note">{len(identifiers) - MAX_IDENTIFIERS} more identifiers are in the JSON report.</p>'
        if len(identifiers) > MAX_IDENTIFIERS
        else ""
    )
    crossing = sum(i.crosses_private for i in identifiers)
    lead = (
        f"<p>{len(identifiers)} identifier(s) recur across sessions; <b>{crossing}</b> link a private or "
        "opted-out session to another session.</p>"
    )
    return (
        lead
        + '<div class="scroll"><table class="grid"><thead><tr><th>identifier</th><th>sent under keys</th>'
        "<th>received by</th><th>sessions</th><th>modes</th><th>crosses "
        "private</th><th>survives reinstall</th>"
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table></div>{more}"
    )


def _yes(flag: bool) -> str:
    return '<td class="yes">yes</td>' if flag else '<td class="no">no</td>'
