"""Rebuild the bundled AdGuard companiesdb data file from the upstream files.

    python -m phonehome.attribution.build PATH/TO/companiesdb [--out src/phonehome/data]

Writes ``adguard-companiesdb.json`` (phonehome's attribution format, with licence and attribution
in its ``meta``) and copies the upstream LICENSE beside it as ``adguard-companiesdb.LICENSE.txt``.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from phonehome.attribution import ADGUARD, BUNDLED_DIR
from phonehome.attribution.database import dump_source
from phonehome.attribution.importers import adguard

LICENCE_FILE = "adguard-companiesdb.LICENSE.txt"


def build(source: Path, out: Path, revision: str | None = None) -> Path:
    """Convert ``source`` (companiesdb dir or trackers.json) into ``out``; returns the data file."""
    converted = adguard.convert(source)
    meta = dict(converted.meta)
    meta["licence_file"] = LICENCE_FILE
    meta["revision"] = revision
    target = out / ADGUARD
    target.write_bytes(dump_source(meta, converted.entries))
    folder = source if source.is_dir() else source.parent
    licence = folder / "LICENSE"
    if licence.exists():
        shutil.copyfile(licence, out / LICENCE_FILE)
    return target


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("source", type=Path, help="companiesdb dir (trackers.json, companies.json, LICENSE)")
    parser.add_argument("--out", type=Path, default=BUNDLED_DIR)
    parser.add_argument("--revision", help="upstream commit the files come from (recorded in meta)")
    args = parser.parse_args()
    print(build(args.source, args.out, args.revision))


if __name__ == "__main__":
    main()
