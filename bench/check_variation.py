"""Check that a varied copy finds what the recorded session finds, with the copy's own values.

For every fixture session: scan the recording with its planted values, then scan one varied copy
(as ``build_captures.py`` makes it) with the copy's planted values, and compare the findings by
(kind, canary name, host). A difference means the rewriting broke an encoding or missed a spelling
of a value. Exit status 1 when any session differs.

Usage: ``.venv/bin/python bench/check_variation.py [--copy-round 2]``
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import build_captures  # noqa: E402 - sibling script
from mitmproxy.io import FlowWriter  # noqa: E402

BIN = Path(sys.executable).parent


def findings(capture: Path, canaries: list[dict[str, str]], work: Path) -> Counter[tuple[str, str, str]]:
    """Scan ``capture`` with ``canaries``; count findings by (kind, canary name without copy suffix, host)."""
    planted = work / f"{capture.stem}.canaries.json"
    planted.write_text(json.dumps({"canaries": canaries}))
    report = work / f"{capture.stem}.report.json"
    subprocess.run([str(BIN / "phonehome"), "scan", str(capture), "--canaries", str(planted), "--json", str(report),
                    "--quiet", "--workers", "1"], check=False)
    out: Counter[tuple[str, str, str]] = Counter()
    for f in json.loads(report.read_text())["findings"]:
        name = f.get("canary") or ""
        base, _, suffix = name.rpartition("-")
        out[(f["kind"], base if suffix.isdigit() else name, f["host"])] += 1
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copy-round", type=int, default=2, help="take each session's copy from this round")
    args = parser.parse_args()
    templates = build_captures.load_templates()
    per_round = len(build_captures.round_plan(templates, 0))
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for template in templates:
            recorded = next(d / f"{template.name}.flows" for d in build_captures.FIXTURE_DIRS
                            if (d / f"{template.name}.flows").exists())
            k = next(
                (k for r in range(args.copy_round, args.copy_round + 16)
                 for i, t in enumerate(build_captures.round_plan(templates, r)) if t is template
                 for k in [r * per_round + i]),
                None,
            )
            if k is None:
                continue
            item = build_captures.make_copy(templates, k, 1.8e9)
            copy_path = work / f"{template.name}-copy{k}.flows"
            with copy_path.open("wb") as fh:
                writer = FlowWriter(fh)
                for flow in item.flows:
                    writer.add(flow)
            want = findings(recorded, template.canaries, work)
            got = findings(copy_path, item.canaries, work)
            missing, extra = want - got, got - want
            bad += bool(missing or extra)
            status = "same" if not (missing or extra) else f"DIFFERS missing={dict(missing)} extra={dict(extra)}"
            print(f"{template.name:28s} copy {k:5d}: {sum(want.values()):3d} findings recorded, "
                  f"{sum(got.values()):3d} in the copy: {status}")
    raise SystemExit(1 if bad else 0)


if __name__ == "__main__":
    main()
