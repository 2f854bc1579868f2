"""Compare the findings of two JSON reports: same set of (kind, value, host, path)?

Usage: ``.venv/bin/python bench/compare_reports.py BEFORE.json AFTER.json [--show 20] [--full]``.
``--full`` also compares detector, confidence, hashed, canary, severity, key and why per finding
identity. Prints counts and the differences; exits 1 when the sets differ. Identifiers
(linkability) are compared as a set of values too.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

FULL = ("detector", "confidence", "hashed", "canary", "severity", "key", "why")


def findings(report: dict, full: bool) -> set[tuple]:
    """The findings of ``report`` as hashable tuples."""
    rows = set()
    for f in report.get("findings", []):
        row: tuple = (f["kind"], f["value"], f["host"], tuple(f["path"]))
        if full:
            row += tuple(str(f.get(k)) for k in FULL)
        rows.add(row)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--show", type=int, default=20, help="differences to print per side")
    parser.add_argument("--full", action="store_true", help="also compare detector, confidence, why, …")
    args = parser.parse_args()
    a, b = (json.loads(p.read_text()) for p in (args.before, args.after))
    fa, fb = findings(a, args.full), findings(b, args.full)
    ia = {i["value"] for i in a.get("identifiers", [])}
    ib = {i["value"] for i in b.get("identifiers", [])}
    print(f"findings: before {len(fa)}, after {len(fb)}, only before {len(fa - fb)}, only after {len(fb - fa)}")
    print(f"identifiers: before {len(ia)}, after {len(ib)}, only before {len(ia - ib)}, only after {len(ib - ia)}")
    for label, diff in (("only before", fa - fb), ("only after", fb - fa)):
        for row in sorted(diff, key=str)[: args.show]:
            print(f"  {label}: {row}")
    return 0 if fa == fb and ia == ib else 1


if __name__ == "__main__":
    sys.exit(main())
