"""The ``phonehome`` command line: scan, study, report, data, schema."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from phonehome import __version__
from phonehome.attribution.cli import data_app
from phonehome.config import ScanConfig, load_canaries_file, parse_canary_option, parse_key_option
from phonehome.errors import ConfigError, PhonehomeError
from phonehome.model import Report
from phonehome.record_cli import addon_command, record_command
from phonehome.run import Execution
from phonehome.study.sessions import Session, load_study

EXIT_OK, EXIT_LEAKS, EXIT_BAD_INPUT = 0, 1, 2

app = typer.Typer(
    name="phonehome",
    help="Show exactly what an app or browser sends home: decode captures, find personal data, "
    "name who receives it. Works offline; opens no connection.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
stdout = Console()
stderr = Console(stderr=True)

CAPTURE_SUFFIXES = {".har", ".flows", ".flow", ".mitm", ".dump", ".json", ".pcap", ".pcapng", ".cap", ".zip"}


def _fail(message: str) -> typer.Exit:
    stderr.print(f"phonehome: error: {message}", markup=False, highlight=False, soft_wrap=True)
    return typer.Exit(EXIT_BAD_INPUT)


def _expand(paths: list[Path]) -> Iterator[Path]:
    """Captures as given; directories are walked (symlinked directories are not followed)."""
    for path in paths:
        if path.is_dir():
            yield from _walk(path)
        else:
            yield path


def _walk(top: Path) -> Iterator[Path]:
    """Capture files under ``top``, sorted, depth-first without recursion (any depth), links to folders skipped."""
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        subfolders = []
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                subfolders.append(Path(entry.path))
            elif Path(entry.name).suffix.lower() in CAPTURE_SUFFIXES:
                yield Path(entry.path)
        stack.extend(reversed(subfolders))


def _resolved(path: Path) -> Path:
    """``path.resolve()``, or the absolute path when it is a symlink loop."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):
        return path.absolute()


def _write_outputs(report: Report, json_out: Path | None, html_out: Path | None, md_out: Path | None,
                   redact: bool) -> Report:
    """Write the requested outputs; returns the report as shown (redacted when asked)."""
    from phonehome.atomic_write import write_atomic
    from phonehome.report.json_report import report_chunks

    if redact:
        from phonehome.report.redact import redact_report

        report = redact_report(report)
    if json_out:
        write_atomic(json_out, report_chunks(report))
    if html_out:
        from phonehome.report.html import render_html

        write_atomic(html_out, render_html(report).encode("utf-8"))
    if md_out:
        from phonehome.report.markdown import render_markdown

        write_atomic(md_out, render_markdown(report).encode("utf-8"))
    return report


def _finish(report: Report, quiet: bool, fail_on_leak: bool) -> None:
    from phonehome.report.terminal import print_summary

    if not quiet:
        print_summary(report, stdout)
    bad = [e for e in report.errors if e.kind == "capture"]
    for err in bad:
        stderr.print(f"phonehome: error: {err.message}", markup=False, highlight=False, soft_wrap=True)
    if bad:
        raise typer.Exit(EXIT_BAD_INPUT)
    if fail_on_leak and any(f.severity != "low" for f in report.findings):
        raise typer.Exit(EXIT_LEAKS)


def _run(sessions: list[Session], config: ScanConfig, quiet: bool, execution: Execution | None = None) -> Report:
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from phonehome.run import scan_sessions

    show = not quiet and stderr.is_terminal
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
        console=stderr, transient=True, disable=not show,
    ) as progress:
        task = progress.add_task("scanning", total=None)
        counts = {"n": 0}

        def tick(label: str, _size: int) -> None:
            counts["n"] += 1
            if counts["n"] % 200 == 0 or (execution and execution.workers > 1):
                progress.update(task, description=f"scanning {label}: {counts['n']} done")

        return scan_sessions(sessions, config, tick if show else None, execution)


JsonOpt = Annotated[Path | None, typer.Option("--json", help="Write the JSON report (schema version 1) here.")]
HtmlOpt = Annotated[Path | None, typer.Option("--html", help="Write a single-file HTML evidence report here.")]
MdOpt = Annotated[Path | None, typer.Option("--markdown", help="Write a Markdown report here.")]
RedactOpt = Annotated[bool, typer.Option("--redact", help="Mask personal values in every output (salted hashes).")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No terminal summary.")]
FailOpt = Annotated[bool, typer.Option("--fail-on-leak", help="Exit 1 when personal data was found.")]
WorkersOpt = Annotated[
    int | None, typer.Option(
        "--workers", help="Worker processes (default: all cores); a large capture is split across them."
    )
]
DaskOpt = Annotated[str | None, typer.Option("--dask", help="Run on a dask.distributed scheduler at this address.")]
ParquetOpt = Annotated[
    Path | None, typer.Option("--parquet", help="Also write a Parquet dataset here; re-running resumes.")
]
CapturesArg = Annotated[list[Path], typer.Argument(
    help="Captures (HAR, a HAR .zip from Playwright, mitmproxy flows, pcap/pcapng), or folders of them.")]
CanariesOpt = Annotated[
    Path | None, typer.Option("--canaries", help='JSON file {"canaries": [{"kind", "value", "name"?}]}')
]
CanaryOpt = Annotated[list[str] | None, typer.Option("--canary", help="A planted value as KIND=VALUE; repeatable.")]
PrivateOpt = Annotated[
    list[Path] | None, typer.Option("--private", help="A capture made in private/incognito mode; repeatable.")
]
OptedOutOpt = Annotated[
    list[Path] | None, typer.Option("--opted-out", help="A capture made with tracking opted out; repeatable.")
]
FirstPartyOpt = Annotated[
    list[str] | None,
    typer.Option("--first-party", help="A host of the app or site itself (not a leak); repeatable."),
]
KeylogOpt = Annotated[
    Path | None, typer.Option("--keylog", help="TLS key log (SSLKEYLOGFILE) for pcap/pcapng captures.")
]
KeyOpt = Annotated[list[str] | None, typer.Option("--key", help="AES key (hex) for obfuscated payloads; repeatable.")]


@app.command()
def scan(
    captures: CapturesArg,
    canaries: CanariesOpt = None,
    canary: CanaryOpt = None,
    private: PrivateOpt = None,
    opted_out: OptedOutOpt = None,
    first_party: FirstPartyOpt = None,
    keylog: KeylogOpt = None,
    key: KeyOpt = None,
    json_out: JsonOpt = None,
    html_out: HtmlOpt = None,
    md_out: MdOpt = None,
    redact: RedactOpt = False,
    fail_on_leak: FailOpt = False,
    quiet: QuietOpt = False,
    workers: WorkersOpt = None,
    dask: DaskOpt = None,
    parquet: ParquetOpt = None,
) -> None:
    """Scan captures (or folders of captures) for personal data leaving the device."""
    try:
        planted = list(load_canaries_file(canaries)) if canaries else []
        planted += [parse_canary_option(c) for c in canary or []]
        keys = tuple(parse_key_option(k) for k in key or [])
        modes: dict[Path, str] = {_resolved(p): "private" for p in private or []}
        modes.update({_resolved(p): "opted-out" for p in opted_out or []})
        paths = list(_expand(list(captures)))
        given = {_resolved(p) for p in paths}
        paths += [p for p in [*(private or []), *(opted_out or [])] if _resolved(p) not in given]
        labels = _labels(paths)
        hosts = tuple(h.lower() for h in first_party or [])
        sessions = [
            Session(p, labels[i], modes.get(_resolved(p), "normal"), first_party=hosts) for i, p in enumerate(paths)
        ]
        if not sessions:
            raise ConfigError(f"no capture files found in {', '.join(map(str, captures))}")
        config = ScanConfig(canaries=tuple(planted), keys=keys, keylog=_keylog(keylog))
        report = _run(sessions, config, quiet, _execution(workers, dask, parquet))
        report = _write_outputs(report, json_out, html_out, md_out, redact)
    except PhonehomeError as exc:
        raise _fail(str(exc)) from None
    _finish(report, quiet, fail_on_leak)


def _keylog(path: Path | None) -> Path | None:
    from phonehome.readers.pcap import validate_keylog

    return validate_keylog(path) if path is not None else None


def _execution(workers: int | None, dask: str | None, parquet: Path | None) -> Execution:
    if workers is not None and workers < 1:
        raise ConfigError(f"--workers {workers}: give 1 or more")
    return Execution(workers=workers or os.cpu_count() or 1, dask=dask, parquet=parquet)


def _labels(paths: list[Path]) -> list[str]:
    """Session labels: file stems, made unique with the parent folder when two stems collide."""
    stems = [p.stem for p in paths]
    return [p.stem if stems.count(p.stem) == 1 else f"{p.parent.name}/{p.name}" for p in paths]


@app.command()
def study(
    manifest: Annotated[Path, typer.Argument(help="TOML study manifest naming sessions, modes, devices, canaries.")],
    keylog: KeylogOpt = None,
    key: KeyOpt = None,
    json_out: JsonOpt = None,
    html_out: HtmlOpt = None,
    md_out: MdOpt = None,
    redact: RedactOpt = False,
    fail_on_leak: FailOpt = False,
    quiet: QuietOpt = False,
    workers: WorkersOpt = None,
    dask: DaskOpt = None,
    parquet: ParquetOpt = None,
) -> None:
    """Compare sessions: does private/opted-out mode stop the sending? Which IDs link sessions."""
    try:
        spec = load_study(manifest)
        config = ScanConfig(keys=tuple(parse_key_option(k) for k in key or []), keylog=_keylog(keylog))
        report = _run(list(spec.sessions), config, quiet, _execution(workers, dask, parquet))
        report = _write_outputs(report, json_out, html_out, md_out, redact)
    except PhonehomeError as exc:
        raise _fail(str(exc)) from None
    _finish(report, quiet, fail_on_leak)


@app.command()
def report(
    saved: Annotated[Path, typer.Argument(help="A JSON report written by --json.")],
    json_out: JsonOpt = None,
    html_out: HtmlOpt = None,
    md_out: MdOpt = None,
    redact: RedactOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Render a saved JSON report as HTML, Markdown or a terminal summary."""
    from phonehome.report.json_report import load_report
    from phonehome.report.terminal import print_summary

    try:
        loaded = _write_outputs(load_report(saved), json_out, html_out, md_out, redact)
    except PhonehomeError as exc:
        raise _fail(str(exc)) from None
    if not quiet:
        print_summary(loaded, stdout)


@app.command()
def query(
    dataset: Annotated[Path, typer.Argument(help="A Parquet dataset written by --parquet.")],
    sql: Annotated[str, typer.Argument(help="DuckDB SQL over the tables findings, sightings, errors, captures.")],
) -> None:
    """Query a Parquet dataset with DuckDB, e.g. SELECT org, kind, count(*) FROM findings GROUP BY ALL."""
    from rich.table import Table

    from phonehome.scale.parquet import query as run_query

    try:
        columns, rows = run_query(dataset, sql)
    except PhonehomeError as exc:
        raise _fail(str(exc)) from None
    table = Table(*columns)
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    stdout.print(table)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the report."""
    from phonehome.report.schema import report_schema

    sys.stdout.write(json.dumps(report_schema(), indent=2) + "\n")


def _version(value: bool) -> None:
    if value:
        stdout.print(f"phonehome {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Show exactly what an app or browser sends home."""


app.add_typer(data_app, name="data", help="Attribution data: list what is loaded, import public lists.")
app.command("record")(record_command)
app.command("addon")(addon_command)


def main() -> None:
    """Console-script entry point."""
    app()
