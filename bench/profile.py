"""Profile one ``phonehome scan`` with py-spy and print where the time goes.

Samples the scan (``phonehome scan FILE --json OUT --quiet --workers 1``, the whole process from
start-up to the written report) and aggregates the stacks: inclusive share per function (every
sample in which it is on the stack), then self share (samples where it is the running frame).
Paths are shortened to package-relative names. The raw stacks stay in ``bench/out/profile-*.txt``
(``flamegraph.pl`` or speedscope read them).

Usage: ``.venv/bin/python bench/profile.py [CAPTURE] [--rate 250] [--top 40]``
(default capture: the 16 MB telemetry-heavy HAR, built if missing). Needs py-spy:
``.venv/bin/pip install py-spy``. ``bench/profile.py --raw FILE`` aggregates stacks recorded
before, e.g. by ``py-spy record --pid PID --duration 90 -f raw -o FILE`` attached to a long scan.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import build_captures  # noqa: E402 - sibling script

ROOT = build_captures.ROOT
OUT = build_captures.OUT
BIN = Path(sys.executable).parent
_LINE = re.compile(r":\d+\)$")
_PREFIX = re.compile(r"\((?:[^()]*/site-packages/|[^()]*/src/|[^()]*/lib/python3\.\d+/)")


def frame_name(frame: str) -> str:
    """``func (/long/path/site-packages/pkg/mod.py:12)`` → ``func (pkg/mod.py)``."""
    return _PREFIX.sub("(", _LINE.sub(")", frame))


def aggregate(raw: Path) -> tuple[int, Counter[str], Counter[str]]:
    """Total samples, inclusive and self sample counts per function from py-spy's raw output."""
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack:
            continue
        n = int(count)
        total += n
        frames = [frame_name(f) for f in stack.split(";")]
        for name in set(frames):
            inclusive[name] += n
        own[frames[-1]] += n
    return total, inclusive, own


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("capture", nargs="?", type=Path, help="capture to scan (default: 16 MB bench HAR)")
    parser.add_argument("--rate", type=int, default=250, help="samples per second")
    parser.add_argument("--top", type=int, default=40, help="rows per listing")
    parser.add_argument("--all", action="store_true", help="list every function, not only phonehome's")
    parser.add_argument("--raw", type=Path, help="aggregate this existing py-spy raw file instead of scanning")
    args = parser.parse_args()
    keep = (lambda name: True) if args.all else (lambda name: "phonehome/" in name or "mitmproxy/" in name)
    if args.raw is not None:
        show(args.raw, f"{args.raw}", keep, args.top)
        return
    spy = shutil.which("py-spy", path=str(BIN)) or shutil.which("py-spy")
    if spy is None:
        raise SystemExit("py-spy not found: .venv/bin/pip install py-spy")
    capture = args.capture
    if capture is None:
        manifest = build_captures.build(16, 4)
        capture = ROOT / manifest["har"]["big"]["path"]
    OUT.mkdir(parents=True, exist_ok=True)
    raw = OUT / f"profile-{capture.stem}-{capture.suffix.lstrip('.')}.txt"
    report = OUT / "profile-report.json"
    cmd = [spy, "record", "-r", str(args.rate), "-f", "raw", "-o", str(raw), "--",
           str(BIN / "phonehome"), "scan", str(capture), "--json", str(report), "--quiet", "--workers", "1"]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    report.unlink(missing_ok=True)
    show(raw, f"{capture} at {args.rate}/s (raw stacks: {raw.relative_to(ROOT)})", keep, args.top)


def show(raw: Path, title: str, keep: Callable[[str], bool], top: int) -> None:
    """Print the inclusive and self shares of the stacks in ``raw``."""
    total, inclusive, own = aggregate(raw)
    print(f"{title}: {total} samples")
    print("\ninclusive share (time under the function):")
    for name, n in [(k, v) for k, v in inclusive.most_common() if keep(k)][:top]:
        print(f"  {100 * n / total:5.1f}%  {name}")
    print("\nself share (time in the function's own code):")
    for name, n in own.most_common(top):
        print(f"  {100 * n / total:5.1f}%  {name}")


if __name__ == "__main__":
    main()
