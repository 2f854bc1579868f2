"""The ``phonehome record`` and ``phonehome addon`` commands (mounted on the main typer app).

Plain functions with typer annotations, mounted with ``app.command("record")(record_command)`` and
``app.command("addon")(addon_command)``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from phonehome.config import ScanConfig, load_canaries_file, parse_canary_option
from phonehome.errors import PhonehomeError
from phonehome.model import MODES

EXIT_BAD_INPUT = 2


def _fail(message: str) -> typer.Exit:
    sys.stderr.write(f"phonehome: error: {message}\n")
    return typer.Exit(EXIT_BAD_INPUT)


def record_command(
    output: Annotated[Path, typer.Option("--output", "-o", help="Flow file to write (mitmproxy format).")],
    port: Annotated[int, typer.Option("--port", "-p", help="Port the proxy listens on.")] = 8080,
    har: Annotated[Path | None, typer.Option("--har", help="Also write a HAR of the session when it ends.")] = None,
    mode: Annotated[str, typer.Option("--mode", help="Session mode: normal, private or opted-out.")] = "normal",
    listen_host: Annotated[str, typer.Option(
        "--listen-host", help="Address to listen on. Default loopback; 0.0.0.0 lets phones on the network in."
    )] = "127.0.0.1",
    canaries: Annotated[Path | None, typer.Option("--canaries", help="Canaries JSON file (planted values).")] = None,
    canary: Annotated[list[str] | None, typer.Option("--canary", help="Planted value KIND=VALUE; repeatable.")] = None,
    confdir: Annotated[Path, typer.Option("--confdir", help="mitmproxy configuration directory (its CA).")] = Path(
        "~/.mitmproxy"
    ),
    mitm_set: Annotated[list[str] | None, typer.Option("--set", help="mitmproxy option NAME=VALUE.")] = None,
    no_scan: Annotated[bool, typer.Option("--no-scan", help="Only record; print no findings.")] = False,
) -> None:
    """Record through an intercepting proxy, showing findings live; Ctrl-C stops with the capture saved."""
    from phonehome.record import RecordOptions, record

    try:
        if mode not in MODES:
            raise PhonehomeError(f"--mode {mode!r}: expected one of {', '.join(MODES)}")
        planted = list(load_canaries_file(canaries)) if canaries else []
        planted += [parse_canary_option(c) for c in canary or []]
        options = RecordOptions(
            flows=output, har=har, port=port, listen_host=listen_host, mode=mode, confdir=confdir,
            mitm_options=tuple(mitm_set or ()),
        )
        record(options, None if no_scan else ScanConfig(canaries=tuple(planted)))
    except PhonehomeError as exc:
        raise _fail(str(exc)) from None


def addon_command() -> None:
    """Print the path of phonehome's mitmproxy script, for: mitmdump -s $(phonehome addon)."""
    sys.stdout.write(str(Path(__file__).resolve().with_name("addon.py")) + "\n")


def main() -> None:
    """Run ``record``/``addon`` on their own (``python -m phonehome.record_cli record ...``)."""
    app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, no_args_is_help=True)
    app.command("record")(record_command)
    app.command("addon")(addon_command)
    app()


if __name__ == "__main__":
    main()
