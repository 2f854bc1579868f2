"""The phonehome benchmark (``make bench``): full analysis vs mitmdump merely reading the same file.

Builds (or reuses) the captures of ``build_captures.py``, then runs, each as a subprocess:

* ``mitmdump -n -r FILE`` on the big flow file and on the big HAR (the baseline: reading only);
* ``phonehome scan FILE --json OUT --quiet --workers N`` (read + decode + detect + attribute) on the
  big capture and on the folder of parts, for HAR and flows, N = 1 and 2;
* the same with ``--canaries`` (planted values of the first copies) on the big captures.

For each run: wall and CPU seconds (CPU includes worker processes), MB/s, requests/s, requests per
CPU-second (per core), peak RSS of the whole process tree (sampled every 50 ms with psutil) and of
the largest single process (``ru_maxrss`` of ``RUSAGE_CHILDREN``, taken by a small wrapper
process). ``vs mitmdump`` is phonehome's MB/s divided by mitmdump's on the same format, from wall
time and from CPU time ("(CPU)": steadier on a busy machine). Prints a table and writes
``bench/out/results.json`` after every run. Timings are for reading, never asserted in tests.

Usage: ``.venv/bin/python bench/run.py [--size-mb 1024] [--quick] [--only REGEX] [--timeout S]``
(``--src DIR`` runs a prototype copy of ``src/``; ``--show RESULTS…`` re-prints saved results.)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import build_captures  # noqa: E402 - sibling script

ROOT = build_captures.ROOT
OUT = build_captures.OUT
BIN = Path(sys.executable).parent
QUICK_MB = 8


@dataclass
class Case:
    """One command to measure."""

    name: str
    tool: str
    fmt: str
    layout: str
    workers: int
    argv: list[str]
    bytes: int
    requests: int
    report: Path | None = None


@dataclass
class Result:
    """What one run measured."""

    name: str
    tool: str
    fmt: str
    layout: str
    workers: int
    bytes: int
    requests: int
    rc: int
    wall_s: float
    cpu_s: float
    peak_tree_rss_mb: float
    max_proc_rss_mb: float
    findings: int | None = None
    timed_out: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def mb_s(self) -> float:
        return self.bytes / 1e6 / self.wall_s if self.wall_s else 0.0

    @property
    def req_s(self) -> float:
        return self.requests / self.wall_s if self.wall_s else 0.0

    @property
    def req_cpu_s(self) -> float:
        return self.requests / self.cpu_s if self.cpu_s else 0.0


class TreeRss:
    """Samples the summed RSS of a process's descendants (not the process itself); keeps the peak."""

    def __init__(self, pid: int, every: float = 0.05) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(pid, every), daemon=True)
        self._thread.start()

    def _run(self, pid: int, every: float) -> None:
        try:
            import psutil
        except ImportError:
            return
        try:
            root = psutil.Process(pid)
        except psutil.Error:
            return
        while not self._stop.is_set():
            total = 0
            try:
                procs = root.children(recursive=True)
            except psutil.Error:
                break
            for proc in procs:
                try:
                    total += proc.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            self._stop.wait(every)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def rusage_wrapper(out: str, argv: list[str]) -> int:
    """Run ``argv``, then write its CPU time and largest-process RSS (RUSAGE_CHILDREN) to ``out``."""
    import resource

    rc = subprocess.run(argv).returncode
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    Path(out).write_text(json.dumps({"cpu_s": usage.ru_utime + usage.ru_stime, "maxrss_kb": usage.ru_maxrss}))
    return rc


def measure(case: Case, timeout: float | None) -> Result:
    """Run one case as a subprocess (own process group), with its CPU time, RSS and exit code."""
    usage_file = OUT / "rusage.json"
    usage_file.unlink(missing_ok=True)
    argv = [sys.executable, __file__, "--rusage-to", str(usage_file), "--", *case.argv]
    started = time.monotonic()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT,
                            start_new_session=True)
    sampler = TreeRss(proc.pid)
    try:
        _, err = proc.communicate(timeout=timeout)
        timed_out = False
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        _, err = proc.communicate()
        timed_out = True
    wall = time.monotonic() - started
    peak = sampler.stop()
    usage = json.loads(usage_file.read_text()) if usage_file.exists() else {"cpu_s": 0.0, "maxrss_kb": 0}
    result = Result(
        case.name, case.tool, case.fmt, case.layout, case.workers, case.bytes, case.requests, proc.returncode,
        round(wall, 2), round(usage["cpu_s"], 2), round(peak / 2**20, 1), round(usage["maxrss_kb"] / 1024, 1),
        timed_out=timed_out,
    )
    if proc.returncode not in (0, 1) and not timed_out:
        result.extra["stderr"] = err.decode(errors="replace").strip().splitlines()[-3:]
    if case.report is not None and case.report.exists() and not timed_out:
        report = json.loads(case.report.read_text())
        result.requests = sum(c["exchanges"] for c in report["captures"])
        result.findings = len(report["findings"])
        case.report.unlink()
    return result


def cases(manifest: dict[str, Any], workers: list[int], folder: Path) -> list[Case]:
    """The benchmark matrix for one set of captures."""
    phonehome = str(BIN / "phonehome")
    mitmdump = str(BIN / "mitmdump")
    canaries = str(ROOT / manifest["canaries"])
    out: list[Case] = []
    for fmt in ("flows", "har"):
        big = manifest[fmt]["big"]
        big_path = str(ROOT / big["path"])
        parts_dir = str(folder / f"parts-{fmt}")
        parts_bytes = sum(p["bytes"] for p in manifest[fmt]["parts"])
        parts_requests = sum(p["requests"] for p in manifest[fmt]["parts"])
        out.append(Case(f"mitmdump {fmt} read", "mitmdump", fmt, "big", 1,
                        [mitmdump, "-n", "-r", big_path], big["bytes"], big["requests"]))
        for n in workers:
            for layout, target, size, reqs in (
                ("big", big_path, big["bytes"], big["requests"]),
                (f"{len(manifest[fmt]['parts'])} files", parts_dir, parts_bytes, parts_requests),
            ):
                report = OUT / f"report-{fmt}-{layout.split()[0]}-w{n}.json"
                out.append(Case(f"phonehome {fmt} {layout} w{n}", "phonehome", fmt, layout, n,
                                [phonehome, "scan", target, "--json", str(report), "--quiet", "--workers", str(n)],
                                size, reqs, report))
        report = OUT / f"report-{fmt}-canaries.json"
        out.append(Case(f"phonehome {fmt} big w1 +canaries", "phonehome+canaries", fmt, "big", 1,
                        [phonehome, "scan", big_path, "--canaries", canaries, "--json", str(report), "--quiet",
                         "--workers", "1"], big["bytes"], big["requests"], report))
    return out


def ratios(results: list[Result]) -> None:
    """Attach phonehome-speed / mitmdump-speed (same format) to each phonehome result."""
    base = {r.fmt: r for r in results if r.tool == "mitmdump" and r.rc == 0 and not r.timed_out}
    for r in results:
        ref = base.get(r.fmt)
        if r.tool == "mitmdump" or ref is None or r.rc not in (0, 1) or r.timed_out:
            continue
        r.extra["vs_mitmdump"] = round(r.mb_s / ref.mb_s, 2)
        r.extra["vs_mitmdump_cpu"] = round((r.bytes / r.cpu_s) / (ref.bytes / ref.cpu_s), 2) if r.cpu_s else None


def speedups(results: list[Result]) -> dict[str, float]:
    """Wall-time speed-up from 1 to 2 (or more) workers, per format and layout."""
    found = {}
    by = {(r.fmt, r.layout, r.workers): r for r in results if r.tool == "phonehome" and not r.timed_out}
    for (fmt, layout, n), r in by.items():
        one = by.get((fmt, layout, 1))
        if n > 1 and one is not None and r.wall_s:
            found[f"{fmt} {layout} 1->{n} workers"] = round(one.wall_s / r.wall_s, 2)
    return found


def table(results: list[Result]) -> str:
    """The results as a fixed-width text table."""
    head = ("run", "MB", "requests", "wall s", "CPU s", "MB/s", "req/s", "req/CPU-s", "tree RSS MB",
            "max proc MB", "vs mitmdump", "(CPU)", "findings")
    rows = [head]
    for r in results:
        status = "TIMEOUT" if r.timed_out else (f"rc={r.rc}" if r.rc not in (0, 1) else "")
        rows.append((
            r.name + (f" [{status}]" if status else ""), f"{r.bytes / 1e6:.0f}", str(r.requests), f"{r.wall_s:.1f}",
            f"{r.cpu_s:.1f}", f"{r.mb_s:.2f}", f"{r.req_s:.0f}", f"{r.req_cpu_s:.0f}", f"{r.peak_tree_rss_mb:.0f}",
            f"{r.max_proc_rss_mb:.0f}", str(r.extra.get("vs_mitmdump", "")), str(r.extra.get("vs_mitmdump_cpu", "")),
            "" if r.findings is None else str(r.findings),
        ))
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = []
    for i, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join(cells))
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def environment() -> dict[str, Any]:
    """What the numbers depend on besides the code."""
    rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain", "src"], cwd=ROOT, capture_output=True, text=True)
    return {
        "src_dirty": bool(dirty.stdout.strip()),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "loadavg_before": [round(x, 2) for x in os.getloadavg()],
        "git": rev.stdout.strip(),
        "mitmproxy": build_captures.MITMPROXY_VERSION,
    }


def main() -> None:
    if sys.argv[1:2] == ["--rusage-to"]:
        raise SystemExit(rusage_wrapper(sys.argv[2], sys.argv[4:]))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=1024, help="size of each format's capture (default 1024)")
    parser.add_argument("--quick", action="store_true", help=f"smoke run on {QUICK_MB} MB captures")
    parser.add_argument("--parts", type=int, default=8, help="files in the folder-of-captures layout (default 8)")
    parser.add_argument("--workers", default="1,2", help="worker counts to compare (default 1,2)")
    parser.add_argument("--only", help="run only cases whose name matches this regular expression")
    parser.add_argument("--timeout", type=float, help="kill a run after this many seconds (reported as TIMEOUT)")
    parser.add_argument("--results", type=Path, default=OUT / "results.json", help="where to write the results")
    parser.add_argument("--src", type=Path, help="run phonehome from this source tree (a prototype copy of src/)")
    parser.add_argument("--show", type=Path, nargs="+", metavar="RESULTS",
                        help="print the table of earlier results files (merged) and exit")
    args = parser.parse_args()
    if args.show:
        summary, results = load(args.show)
        show(summary, results)
        return
    size = QUICK_MB if args.quick else args.size_mb
    parts = min(args.parts, 4) if args.quick else args.parts
    env = environment()
    manifest = build_captures.build(size, parts)
    folder = build_captures.folder_for(size)
    if args.src is not None:
        os.environ["PYTHONPATH"] = str(args.src.resolve())
        env["src"] = str(args.src.resolve())
    todo = cases(manifest, [int(n) for n in args.workers.split(",")], folder)
    if args.only:
        todo = [c for c in todo if re.search(args.only, c.name)]
    results: list[Result] = []
    summary = {
        "size_mb": size,
        "captures": {f: {"big": manifest[f]["big"], "parts": len(manifest[f]["parts"])} for f in ("flows", "har")},
        "telemetry_share": manifest["telemetry_share"],
        "environment": env,
    }
    for case in todo:
        print(f"running {case.name} …", file=sys.stderr, flush=True)
        results.append(measure(case, args.timeout))
        r = results[-1]
        print(f"  {r.wall_s:.1f}s wall, {r.cpu_s:.1f}s CPU, {r.mb_s:.2f} MB/s, {r.req_s:.0f} req/s, "
              f"{r.peak_tree_rss_mb:.0f} MB tree RSS, rc={r.rc}", file=sys.stderr, flush=True)
        env["loadavg_after"] = [round(x, 2) for x in os.getloadavg()]
        save(args.results, summary, results)  # after every run: an interrupted benchmark keeps what it measured
    show(summary, results, args.results)


def save(path: Path, summary: dict[str, Any], results: list[Result]) -> None:
    """Write the results file (ratios and speed-ups recomputed)."""
    ratios(results)
    summary["speedups"] = speedups(results)
    summary["results"] = [{**asdict(r), "mb_s": round(r.mb_s, 3), "req_s": round(r.req_s, 1),
                           "req_per_cpu_s": round(r.req_cpu_s, 1)} for r in results]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(summary, indent=2))


def load(paths: list[Path]) -> tuple[dict[str, Any], list[Result]]:
    """Results files (several runs of the same captures may be merged) back into Result objects."""
    summary: dict[str, Any] = {}
    results: list[Result] = []
    names = {f.name for f in fields(Result)}
    for path in paths:
        data = json.loads(path.read_text())
        summary = summary or data
        results += [Result(**{k: v for k, v in row.items() if k in names}) for row in data["results"]]
    ratios(results)
    return summary, results


def show(summary: dict[str, Any], results: list[Result], where: Path | None = None) -> None:
    """Print the table, speed-ups and where the results are."""
    env = summary["environment"]
    load_after = env.get("loadavg_after", env["loadavg_before"])
    print(f"\nphonehome benchmark: {summary['size_mb']:g} MB per format, telemetry share "
          f"{summary['telemetry_share']:.0%}, {env['cpus']} CPUs, load {env['loadavg_before'][0]:.1f} → "
          f"{load_after[0]:.1f}, phonehome {env['git']}{' (+uncommitted src)' if env.get('src_dirty') else ''}")
    print(table(results))
    for name, value in speedups(results).items():
        print(f"speed-up {name}: {value:.2f}x")
    if where is not None:
        print(f"results: {where.relative_to(ROOT) if where.is_relative_to(ROOT) else where}")

if __name__ == "__main__":
    main()
