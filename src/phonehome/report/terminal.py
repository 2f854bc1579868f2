"""Terminal summary with rich: per destination, what it received, with counts and one decode path."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from rich.console import Console
from rich.table import Table
from rich.text import Text

from phonehome.model import Finding, Report
from phonehome.report.coverage import nothing_found, unreadable


def print_summary(report: Report, console: Console) -> None:
    """Print captures, destinations × kinds, verdicts, identifiers and errors."""
    total = sum(c.exchanges for c in report.captures)
    failed = len(unreadable(report))
    console.print(
        f"[bold]phonehome[/bold]: {len(report.captures)} capture(s)"
        + (f" ([red]{failed} unreadable[/red])" if failed else "")
        + f", {total} requests, {len(report.findings)} finding(s)"
    )
    if len(report.findings):
        console.print(_destinations(report.findings))
    else:
        console.print(Text(nothing_found(report)))
    if report.verdicts:
        table = Table(title="Private / opted-out sessions", title_justify="left")
        for col in ("session", "mode", "verdict", "kinds", "received by"):
            table.add_column(col)
        for v in report.verdicts:
            verdict = "[red]LEAKED[/red]" if v.leaked else "[green]clean[/green]"
            table.add_row(v.capture, v.mode, verdict, ", ".join(v.kinds), ", ".join(v.orgs or v.hosts))
        console.print(table)
    if report.identifiers:
        table = Table(title="Identifiers linking sessions", title_justify="left")
        for col in ("identifier", "keys", "hosts", "sessions", "crosses private", "survives reinstall"):
            table.add_column(col)
        for i in report.identifiers[:20]:
            table.add_row(
                i.value[:40], ", ".join(i.keys[:3]), ", ".join(i.hosts[:3]), ", ".join(i.captures),
                "yes" if i.crosses_private else "no", "yes" if i.crosses_reinstall else "no",
            )
        console.print(table)
    for err in report.errors[:20]:
        console.print(Text.assemble(("warning", "yellow"), f": {err.message}"), highlight=False)
    if len(report.errors) > 20:
        console.print(f"… and {len(report.errors) - 20} more problems (see the JSON report)")


def _destinations(findings: Iterable[Finding]) -> Table:
    """Per destination, counts per kind and one example: one pass, memory bounded by destinations."""
    groups: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
    examples: dict[tuple[str, str, str], tuple[tuple[bool, int], Finding]] = {}
    for f in findings:
        key = (f.host, f.org or "?", f.sdk or "?")
        groups[key][f.kind] += 1
        rank = (f.severity == "high", len(f.path))
        best = examples.get(key)
        if best is None or rank > best[0]:
            examples[key] = (rank, f)
    table = Table(title="What left, and who received it", title_justify="left", show_lines=True)
    for col in ("destination", "organisation / SDK", "data (count)", "example decode path"):
        table.add_column(col, overflow="fold")
    for (host, org, sdk), counts in sorted(groups.items(), key=lambda kv: -kv[1].total()):
        kinds = ", ".join(f"{k} ({n})" for k, n in counts.most_common())
        example = examples[(host, org, sdk)][1]
        path = " → ".join(example.path)
        table.add_row(host, f"{org} / {sdk}", kinds, f"{path}\n= {example.value[:80]}")
    return table
