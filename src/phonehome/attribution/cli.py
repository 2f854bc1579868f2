"""``phonehome data …``: list the attribution data in use, import public lists, remove imports.

Mounted by the main CLI as ``phonehome data``; imports are stored in the user's data directory
(``$PHONEHOME_DATA_DIR``, else ``$XDG_DATA_HOME/phonehome``, else ``~/.local/share/phonehome``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from phonehome.attribution import Attributor
from phonehome.attribution.database import SourceInfo
from phonehome.attribution.importers import IMPORTERS, import_list
from phonehome.attribution.userdata import imports_dir
from phonehome.errors import PhonehomeError

EXIT_BAD_INPUT = 2

data_app = typer.Typer(
    name="data",
    help="Attribution data: list what is loaded, import public lists.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
_out = Console()
_err = Console(stderr=True)

DataDirOpt = Annotated[
    Path | None,
    typer.Option("--data-dir", help="User data directory (default: $PHONEHOME_DATA_DIR, $XDG_DATA_HOME/phonehome, "
                 "~/.local/share/phonehome)."),
]


def _fail(exc: PhonehomeError) -> typer.Exit:
    _err.print(f"phonehome: error: {exc}", markup=False, highlight=False, soft_wrap=True)
    return typer.Exit(EXIT_BAD_INPUT)


@data_app.command("import")
def import_command(
    fmt: Annotated[str, typer.Argument(metavar="FORMAT", help=f"One of: {', '.join(IMPORTERS)}.")],
    file: Annotated[Path, typer.Argument(help="The list as published (a file, or a directory for tracker-radar "
                                         "and adguard).")],
    data_dir: DataDirOpt = None,
) -> None:
    """Import a public tracker list; later scans use it. Its licence is the publisher's, not phonehome's."""
    try:
        target, info = import_list(fmt, file, data_dir)
    except PhonehomeError as exc:
        raise _fail(exc) from None
    licence = info.licence or "not stated: check the publisher's terms"
    _out.print(f"imported {info.name}: {info.entries} entries, {info.domains} domains/patterns "
               f"→ {target} (licence: {licence})", markup=False, highlight=False, soft_wrap=True)


@data_app.command("list")
def list_command(
    data_dir: DataDirOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Show every attribution source loaded for scans: entries, where from, licence."""
    try:
        sources = Attributor.load(data_dir).sources
    except PhonehomeError as exc:
        raise _fail(exc) from None
    if as_json:
        typer.echo(json.dumps([_as_dict(s) for s in sources], indent=1))
        return
    table = Table(title=f"Attribution data (imports in {imports_dir(data_dir)})")
    for column in ("source", "entries", "domains", "licence", "from"):
        table.add_column(column, overflow="fold")
    for info in sources:
        table.add_row(info.name, str(info.entries), str(info.domains), info.licence or "not stated",
                      _where(info))
    _out.print(table)
    for info in sources:
        if info.attribution:
            text = f"{info.name}: {info.attribution}"
            if info.licence_file:
                text += f" (licence text: {info.licence_file})"
            _out.print(text, markup=False, highlight=False, soft_wrap=True)


@data_app.command("remove")
def remove_command(
    fmt: Annotated[str, typer.Argument(metavar="FORMAT", help="The format whose import to remove.")],
    data_dir: DataDirOpt = None,
) -> None:
    """Remove an imported list (bundled data cannot be removed)."""
    target = imports_dir(data_dir) / f"{fmt}.json"
    if fmt not in IMPORTERS or not target.exists():
        _err.print(f"phonehome: error: no imported {fmt!r} list in {imports_dir(data_dir)}; see `phonehome data list`",
                   markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(EXIT_BAD_INPUT)
    target.unlink()
    _out.print(f"removed {target}", markup=False, highlight=False)


def _where(info: SourceInfo) -> str:
    if info.imported_from:
        return f"imported {info.imported_at or ''} from {info.imported_from} (stored in {info.origin})".strip()
    return f"bundled: {info.origin}"


def _as_dict(info: SourceInfo) -> dict[str, object]:
    return {
        "id": info.id, "name": info.name, "entries": info.entries, "domains": info.domains,
        "licence": info.licence, "licence_file": info.licence_file, "url": info.url,
        "attribution": info.attribution, "file": info.origin, "imported_from": info.imported_from,
        "imported_at": info.imported_at, "priority": info.priority,
    }
