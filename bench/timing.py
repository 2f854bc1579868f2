"""Requests per CPU-second of whole ``phonehome scan`` runs (issue 9), and optionally their reports.

Runs ``phonehome scan CAPTURE --json OUT --quiet --workers 1`` in a subprocess ``--repeat`` times
and prints, per capture, the best CPU time (user+sys of the child) and requests per CPU-second
(requests from the capture's ``manifest.json`` next to it, else counted from the report).
CPU time rather than wall time: the machine is shared, CPU seconds are what a core spends.

Usage: ``.venv/bin/python bench/timing.py [CAPTURE ...] [--repeat 3] [--src SRC] [--json-dir DIR]``
(default: ``bench/out/captures-16mb/big.har`` and ``big.flows``). ``--src`` scans with another
``src/`` tree (a prototype), ``--json-dir`` keeps each report for ``bench/compare_reports.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = [ROOT / "bench/out/captures-16mb/big.har", ROOT / "bench/out/captures-16mb/big.flows"]


def requests_of(capture: Path, report: dict) -> int:
    """Requests in ``capture``: from the bench manifest when it lists it, else the report's count."""
    manifest = capture.parent / "manifest.json"
    if manifest.exists():
        data = json.loads(manifest.read_text())
        for fmt in ("har", "flows"):
            big = data.get(fmt, {}).get("big", {})
            if Path(big.get("path", "")).name == capture.name:
                return int(big["requests"])
    return sum(int(c["exchanges"]) for c in report.get("captures", []))


def run_once(capture: Path, src: Path, out: Path) -> tuple[float, float]:
    """One scan in a child process: (CPU seconds, wall seconds)."""
    env = dict(os.environ, PYTHONPATH=str(src))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "phonehome", "scan", str(capture), "--json", str(out), "--quiet", "--workers", "1"],
        env=env, check=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("captures", nargs="*", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=3, help="runs per capture; the best CPU time is kept")
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="src/ tree to scan with")
    parser.add_argument("--json-dir", type=Path, help="keep each capture's report here as NAME.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for capture in args.captures:
            out = (args.json_dir / f"{capture.name}.json") if args.json_dir else Path(tmp) / "report.json"
            out.parent.mkdir(parents=True, exist_ok=True)
            runs = [run_once(capture, args.src.resolve(), out) for _ in range(args.repeat)]
            cpu, wall = min(runs)
            n = requests_of(capture, json.loads(out.read_text()))
            print(f"{capture.name:12} {n:6d} req  CPU {cpu:6.2f} s (runs {', '.join(f'{c:.2f}' for c, _ in runs)})"
                  f"  wall {wall:6.2f} s  {n / cpu:7.0f} req/CPU-s")


if __name__ == "__main__":
    main()
