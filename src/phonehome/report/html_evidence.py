"""The evidence section: per destination, per kind, each datum with its request and decode chain.

Sections are collapsed ``<details>``: a report of ten thousand findings stays a few hundred
destination/kind headings until the reader opens one.  Browsers search inside closed sections and
open them on a match, so find-in-page still reaches every value.
"""

from __future__ import annotations

import base64
import gzip
from dataclasses import dataclass

from phonehome.model import CaptureInfo, Finding
from phonehome.report.html_groups import MORE_ROWS, Destination, Evidence, KindGroup, value_forms
from phonehome.report.html_text import clip, esc, excerpt, find_spans, kind_label, step_help, utc

OPEN_ALL_BELOW = 300
"""Reports with fewer findings than this open every section; larger ones open only the first."""
STATIC_ITEMS = 600
"""Evidence items written as ordinary HTML, the most severe destinations first; the rest load on demand."""
STATIC_PER_GROUP = 200
"""At most this many items of one kind group are written as ordinary HTML."""
CHUNK = 200
"""Items per on-demand block: opening a group, or "show more", adds one block."""
DATA_TYPE = "text/x-phonehome-evidence"
URL_LIMIT = 600
VALUE_LIMIT = 4000


@dataclass(slots=True)
class _Budget:
    static: int
    groups: int = 0


def evidence_html(dests: list[Destination], captures: dict[str, CaptureInfo], total: int) -> str:
    """Every destination's evidence, collapsed to stay light on large reports.

    The first :data:`STATIC_ITEMS` evidence items are ordinary HTML (readable without script, found by
    find-in-page); beyond that, the same markup is kept gzip-compressed and base64-encoded in inert
    ``<script type="text/x-phonehome-evidence">`` blocks, unpacked by the page script when the reader
    opens the group, so a report with tens of thousands of findings opens about as fast as a small one.
    """
    small = total < OPEN_ALL_BELOW
    budget = _Budget(STATIC_ITEMS)
    out = []
    for n, dest in enumerate(dests):
        out.append(_destination(dest, n, captures, small or n == 0, small, budget))
    return "".join(out)


def _destination(
    dest: Destination, n: int, captures: dict[str, CaptureInfo], opened: bool, small: bool, budget: _Budget
) -> str:
    who = " · ".join(esc(x) for x in (dest.org, dest.sdk, dest.category) if x) or "unattributed"
    head = (
        f'<details class="dest" id="d{n}"{" open" if opened else ""}><summary>'
        f'<span class="host">{esc(dest.host)}</span> <span class="who">{who}</span> '
        f'<span class="party {esc(dest.party)}">{esc(dest.party)} party</span> '
        f'<span class="sev {esc(dest.severity)}">{esc(dest.severity)}</span> '
        f'<span class="count">{dest.count} finding(s) in {dest.requests} request(s)</span></summary>'
    )
    body = []
    if dest.reason:
        body.append(f'<p class="attr">Attribution: {esc(dest.reason)}</p>')
    for k, group in enumerate(dest.kinds):
        body.append(_kind(group, captures, opened and (small or k == 0), opened and k == 0 or small, budget))
    return head + "".join(body) + "</details>"


def _kind(
    group: KindGroup, captures: dict[str, CaptureInfo], opened: bool, first_open: bool, budget: _Budget
) -> str:
    distinct = len(group.evidence)
    note = f", {distinct} distinct" if distinct != group.count and not group.hidden else ""
    n_static = max(0, min(STATIC_PER_GROUP, budget.static, distinct))
    budget.static -= n_static
    items = "".join(
        _evidence(ev, captures, first_open and i == 0) for i, ev in enumerate(group.evidence[:n_static])
    )
    rest = group.evidence[n_static:]
    hidden = (
        f'<p class="note">… and {group.hidden} more finding(s) of this kind, not listed here: the JSON report '
        "has every one.</p>"
        if group.hidden
        else ""
    )
    return (
        f'<details class="kind"{" open" if opened else ""}><summary><span class="sev {esc(group.severity)}">'
        f"{esc(group.severity)}</span> <b>{esc(kind_label(group.kind))}</b> <code>{esc(group.kind)}</code> — "
        f"{group.count} finding(s){note}</summary>{items}{_deferred(rest, captures, budget)}{hidden}</details>"
    )


def _deferred(rest: list[Evidence], captures: dict[str, CaptureInfo], budget: _Budget) -> str:
    """Items past the static budget, as inert HTML text blocks the page script inserts on demand."""
    if not rest:
        return ""
    budget.groups += 1
    gid = f"g{budget.groups}"
    blocks = []
    for c, start in enumerate(range(0, len(rest), CHUNK)):
        markup = "".join(_evidence(ev, captures, False) for ev in rest[start : start + CHUNK])
        blocks.append(f'<script type="{DATA_TYPE}" id="{gid}-{c}">{_pack(markup)}</script>')
    return (
        f'<div class="lazy" data-group="{gid}" data-chunks="{len(blocks)}" data-size="{CHUNK}" '
        f'data-left="{len(rest)}">'
        f'<button type="button" hidden>Show {min(CHUNK, len(rest))} of {len(rest)} more</button>'
        f'<noscript><p class="note">{len(rest)} more item(s) '
        'are in this file but need JavaScript to be shown; '
        "the JSON report has them too.</p></noscript></div>" + "".join(blocks)
    )


def _pack(markup: str) -> str:
    """Markup as base64 of gzip: inert inside a script element, and about a tenth of the size."""
    return base64.b64encode(
        gzip.compress(markup.encode("utf-8", "replace"), compresslevel=6, mtime=0)
    ).decode()


def _evidence(ev: Evidence, captures: dict[str, CaptureInfo], opened: bool) -> str:
    f = ev.first
    tail = " → ".join(ev.path[-2:])
    repeat = f' <span class="n">in {ev.count} requests</span>' if ev.count > 1 else ""
    return (
        f'<details class="ev"{" open" if opened else ""}><summary><span '
        f'class="val">{esc(clip(ev.value, 120))}'
        f'</span> <span class="via">via {esc(clip(tail, 80))}</span>{repeat}</summary>'
        f'<div class="evb">{_facts(f, captures)}{_chain(ev)}{_others(ev, captures)}</div></details>'
    )


def request_line(f: Finding) -> str:
    """Method and URL, long URLs cut around the places where the value appears (highlighted)."""
    spans = find_spans(f.url, value_forms(f.value))
    parts = []
    for seg, marked in excerpt(f.url, spans, URL_LIMIT):
        if marked is None:
            parts.append(f'<span class="cut">{esc(seg)}</span>')
        elif marked:
            parts.append(f"<mark>{esc(seg)}</mark>")
        else:
            parts.append(esc(seg))
    return f'<code class="rl"><b>{esc(f.method)}</b> {"".join(parts)}</code>'


def _where(f: Finding, captures: dict[str, CaptureInfo]) -> str:
    cap = captures.get(f.capture)
    label = cap.label if cap else f.capture
    mode = cap.mode if cap else "normal"
    return (
        f"<time>{esc(utc(f.time))}</time> · capture <b>{esc(label)}</b> "
        f'<span class="mode {esc(mode)}">{esc(mode)}</span> · request #{f.exchange}'
    )


def _facts(f: Finding, captures: dict[str, CaptureInfo]) -> str:
    rows = [
        ("Request", request_line(f)),
        ("Sent", _where(f, captures)),
        (
            "Detected by",
            f"<code>{esc(f.detector)}</code> · confidence {f.confidence:.2f} · "
            f'<span class="sev {esc(f.severity)}">{esc(f.severity)}</span>',
        ),
        ("Why", esc(f.why)),
    ]
    if f.canary:
        rows.append(("Planted", f"yes — canary <b>{esc(f.canary)}</b>"))
    if f.hashed:
        rows.append(
            ("Sent as", f"<b>{esc(f.hashed)}</b> of the value (the value itself is not in the request)")
        )
    if f.key:
        rows.append(("Key", f"<code>{esc(f.key)}</code>"))
    return '<dl class="facts">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>"


def _chain(ev: Evidence) -> str:
    steps = []
    for i, step in enumerate(ev.path):
        hint = step_help(step)
        hint_html = f' <span class="hint">{esc(hint)}</span>' if hint else ""
        steps.append(f'<li><span class="n">{i + 1}</span><code>{esc(step)}</code>{hint_html}</li>')
    value = ev.value if len(ev.value) <= VALUE_LIMIT else ev.value[:VALUE_LIMIT]
    cut = (
        f' <span class="cut">… {len(ev.value) - VALUE_LIMIT} more characters</span>'
        if value != ev.value
        else ""
    )
    hashed = f' <span class="hint">(sent as its {esc(ev.first.hashed)})</span>' if ev.first.hashed else ""
    steps.append(
        f'<li class="leaf"><span class="n">=</span><mark class="value">{esc(value)}</mark>{cut}{hashed}</li>'
    )
    return f'<ol class="chain" aria-label="decode chain">{"".join(steps)}</ol>'


def _others(ev: Evidence, captures: dict[str, CaptureInfo]) -> str:
    rest = ev.findings[1 : MORE_ROWS + 1]
    others = ev.count - 1
    if not others:
        return ""
    rows = []
    for f in rest:
        cap = captures.get(f.capture)
        rows.append(
            f"<tr><td>{esc(utc(f.time))}</td><td>{esc(cap.label if cap else f.capture)}</td>"
            f'<td class="num">{f.exchange}</td><td><code>{esc(f.method)} '
            f'{esc(clip(f.url, 160))}</code></td></tr>'
        )
    more = f'<p class="note">… and {others - len(rest)} more.</p>' if others > len(rest) else ""
    return (
        f'<details class="more"><summary>Also sent in {others} other request(s)</summary>'
        '<table class="grid"><thead><tr><th>time (UTC)</th><th>capture</th><th>request #</th><th>request</th>'
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table>{more}</details>"
    )
