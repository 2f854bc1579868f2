"""The timeline: per capture, one lane per destination, bars where requests carried personal data.

Plain inline SVG (no script, no library): time is cut into a fixed number of slices, so the size
of the chart does not grow with the number of findings.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from phonehome.model import CaptureInfo, Finding
from phonehome.report.html_groups import RequestOrder, severity_rank
from phonehome.report.html_text import clip, esc, kind_label, utc

WIDTH = 960
LABEL_W = 250
LANE_H = 26
AXIS_H = 30
SLICES = 240
MAX_LANES = 12
MAX_CHARTS = 30
COLOURS = {"high": "#b42318", "medium": "#c4620a", "low": "#667085"}


@dataclass(slots=True)
class _Slice:
    requests: int = 0
    last: int | None = None
    exchanges: set[int] | None = None
    findings: int = 0
    severity: str = "low"
    kinds: dict[str, list[Any]] = field(default_factory=dict)

    def add(self, f: Finding, order: tuple[float, int], grouped: bool) -> None:
        if grouped:
            if f.exchange != self.last:
                self.requests += 1
                self.last = f.exchange
        else:
            if self.exchanges is None:
                self.exchanges = set()
            self.exchanges.add(f.exchange)
            self.requests = len(self.exchanges)
        self.findings += 1
        seen = self.kinds.get(f.kind)
        if seen is None:
            self.kinds[f.kind] = [1, order]
        else:
            seen[0] += 1
            seen[1] = min(seen[1], order)
        if severity_rank(f.severity) < severity_rank(self.severity):
            self.severity = f.severity

    def kind_counts(self) -> list[tuple[str, int]]:
        """Kinds, most frequent first; ties in the order they first appear in time."""
        ranked = sorted(self.kinds.items(), key=lambda kv: (-kv[1][0], kv[1][1]))
        return [(k, v[0]) for k, v in ranked]


@dataclass(slots=True)
class _Capture:
    t0: float
    t1: float
    hosts: Counter[str] = field(default_factory=Counter)


def _timed(f: Finding) -> bool:
    return f.time is not None and math.isfinite(f.time)


def timeline_html(findings: Sequence[Finding], captures: dict[str, CaptureInfo]) -> str:
    """Charts for every capture with timed findings, and a note on findings without a time.

    Two passes over the findings, in memory bounded by the charts (captures × lanes × slices), not by
    the number of findings: the first finds each capture's time span and busiest hosts, the second
    fills the slices.
    """
    spans: dict[str, _Capture] = {}
    untimed = 0
    request_order = RequestOrder()
    for f in findings:
        request_order.see(f)
        if not _timed(f):
            untimed += 1
            continue
        t = f.time or 0.0
        span = spans.get(f.capture)
        if span is None:
            span = spans[f.capture] = _Capture(t, t)
        span.t0, span.t1 = min(span.t0, t), max(span.t1, t)
        span.hosts[f.host] += 1
    parts = []
    order = sorted((c for c in captures if c in spans), key=lambda c: spans[c].t0)
    charts = {path: _Chart(spans[path]) for path in order[:MAX_CHARTS]}
    if charts:
        for n, f in enumerate(findings):
            chart = charts.get(f.capture)
            if chart is not None and _timed(f):
                chart.add(f, n, request_order.grouped)
    for path in order[:MAX_CHARTS]:
        parts.append(charts[path].html(captures[path]))
    if len(order) > MAX_CHARTS:
        parts.append(f'<p class="note">{len(order) - MAX_CHARTS} more captures are not charted.</p>')
    if untimed:
        parts.append(
            f'<p class="note">{untimed} finding(s) have no request time in their capture and are '
            "not on the timeline.</p>"
        )
    if not parts:
        return '<p class="note">No timed findings to chart.</p>'
    legend = (
        '<p class="legend"><span class="sw high"></span>high <span class="sw medium"></span>medium '
        '<span class="sw low"></span>low severity. Each bar is a slice of time in which requests to that '
        "destination carried personal data; its height grows with the number of findings. Hover a bar "
        "for the requests, findings and kinds in it.</p>"
    )
    return legend + "".join(parts)


class _Chart:
    """One capture's lanes (busiest hosts, then the rest together) of time slices."""

    def __init__(self, span: _Capture) -> None:
        self.t0, self.t1 = span.t0, span.t1
        self.span = max(span.t1 - span.t0, 1.0)
        self.chosen = {h for h, _ in span.hosts.most_common(MAX_LANES)}
        self.others = f"{len(span.hosts) - len(self.chosen)} other hosts"
        self.first_seen: dict[str, tuple[float, int]] = {}
        self.lanes: dict[str, list[_Slice | None]] = {}

    def add(self, f: Finding, n: int, grouped: bool) -> None:
        t = f.time or 0.0
        lane = f.host if f.host in self.chosen else self.others
        order = (t, n)
        if lane not in self.first_seen or order < self.first_seen[lane]:
            self.first_seen[lane] = order
        slices = self.lanes.get(lane)
        if slices is None:
            slices = self.lanes[lane] = [None] * SLICES
        i = min(SLICES - 1, int((t - self.t0) / self.span * SLICES))
        cell = slices[i]
        if cell is None:
            cell = slices[i] = _Slice()
        cell.add(f, order, grouped)

    def html(self, capture: CaptureInfo) -> str:
        t0, t1, span, lanes = self.t0, self.t1, self.span, self.lanes
        names = sorted(lanes, key=lambda n: (n not in self.chosen, self.first_seen[n]))
        peak = max(c.findings for s in lanes.values() for c in s if c)
        height = LANE_H * len(names) + AXIS_H
        plot_w = WIDTH - LABEL_W - 10
        out = [
            f'<figure class="timeline"><figcaption><b>{esc(capture.label)}</b> '
            f'<span class="mode {esc(capture.mode)}">'
            f"{esc(capture.mode)}</span> — from {esc(utc(t0))}, {esc(_duration(t1 - t0))} shown</figcaption>",
            f'<svg viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
            'aria-label="Requests carrying personal data over '
            f'time, per destination, capture {esc(capture.label)}" '
            'xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="12">',
        ]
        for row, name in enumerate(names):
            y = row * LANE_H
            if row % 2 == 0:
                out.append(f'<rect x="0" y="{y}" width="{WIDTH}" height="{LANE_H}" fill="#f4f5f7"/>')
            out.append(
                f'<text x="6" y="{y + 17}" fill="#1d2939">{esc(clip(name, 34))}<title>{esc(name)}</title></text>'
            )
            for i, cell in enumerate(lanes[name]):
                if cell:
                    out.append(_bar(cell, i, y, plot_w, peak, t0, span))
        out.append(_axis(len(names) * LANE_H, plot_w, span))
        out.append("</svg></figure>")
        return "".join(out)


def _bar(cell: _Slice, i: int, y: int, plot_w: int, peak: int, t0: float, span: float) -> str:
    slice_w = plot_w / SLICES
    x = LABEL_W + i * slice_w
    h = 4 + (LANE_H - 8) * math.log1p(cell.findings) / math.log1p(peak)
    kinds = ", ".join(f"{kind_label(k)} ×{n}" for k, n in cell.kind_counts())
    start = t0 + i * span / SLICES
    tip = f"{utc(start)}: {cell.requests} request(s), {cell.findings} finding(s) — {kinds}"
    return (
        f'<rect x="{x:.1f}" y="{y + LANE_H - 4 - h:.1f}" width="{max(slice_w, 3.0):.1f}" height="{h:.1f}" '
        f'fill="{COLOURS.get(cell.severity, COLOURS["low"])}"><title>{esc(tip)}</title></rect>'
    )


def _axis(y: int, plot_w: int, span: float) -> str:
    parts = [f'<line x1="{LABEL_W}" y1="{y + 2}" x2="{LABEL_W + plot_w}" y2="{y + 2}" stroke="#98a2b3"/>']
    for k in range(5):
        x = LABEL_W + plot_w * k / 4
        anchor = "start" if k == 0 else "end" if k == 4 else "middle"
        parts.append(f'<line x1="{x:.1f}" y1="{y + 2}" x2="{x:.1f}" y2="{y + 7}" stroke="#98a2b3"/>')
        parts.append(
            f'<text x="{x:.1f}" y="{y + 20}" fill="#475467" text-anchor="{anchor}">'
            f"+{esc(_duration(span * k / 4))}</text>"
        )
    return "".join(parts)


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, secs = divmod(int(seconds), 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"
