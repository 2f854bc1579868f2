#!/usr/bin/env python3
"""Fuzz phonehome's readers, decoders, engine and pipeline for a while and report what was covered.

    .venv/bin/python scripts/fuzz.py --minutes 10          # what `make fuzz` runs ($FUZZ_MINUTES)
    .venv/bin/python scripts/fuzz.py --minutes 2 --targets 'decoder:*' --atheris
    .venv/bin/python scripts/fuzz.py --make-seeds          # rebuild tests/fuzz/seeds from the fixtures

The targets and strategies are those of ``tests/fuzz/targets.py`` (the same contract ``make test``
checks briefly): only phonehome's own errors may escape a reader or decoder, nothing may escape the
engine or a scan, no example may hang. The time is shared among the targets, which run in worker
processes (``--jobs``, default: all cores) under RLIMIT_AS (2 GiB) and a wall-clock guard, so a hang
or a memory blow-up is reported as a failure of its target, not a stuck run.

Each worker drives Hypothesis in batches with fresh seeds until its time is spent (failures are
shrunk and kept in the example database ``.hypothesis/``, so the next run replays them first) and
then, with ``--atheris`` (``pip install atheris``), the byte-input targets under libFuzzer's
coverage guidance, seeded from the corpus. Reported: examples run per target, failures with the
falsifying input, and line coverage per phonehome module when ``coverage`` is installed.
Exit status 1 when any target failed.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "tests" / "fuzz" / "seeds"
OUT = ROOT / "out" / "fuzz"
WORKER_MEMORY = 2 << 30
BATCH = 50


def _paths() -> None:
    """The repo (for tests.fuzz) first; src last, so an installed or PYTHONPATH phonehome wins."""
    sys.path.insert(0, str(ROOT))
    sys.path.append(str(ROOT / "src"))


# --- seeds -------------------------------------------------------------------------------------------


def make_seeds() -> None:
    """Trim real recorded requests into a small corpus (a few KB), deterministically."""
    sys.path.insert(0, str(ROOT / "src"))
    from mitmproxy.io import FlowReader, FlowWriter

    captures = ROOT / "tests" / "data" / "captures"

    def flows(name: str) -> list:
        with (captures / f"{name}.flows").open("rb") as fh:
            return list(FlowReader(fh).stream())

    SEEDS.mkdir(parents=True, exist_ok=True)
    for old in SEEDS.iterdir():
        old.unlink()
    bodies = {
        "posthog-gzip-json": ("app-posthog-py", 0),
        "rudder-gzip-json": ("app-rudder-py", 0),
        "sentry-br-envelope": ("app-sentry-br-py", 0),
        "sensors-form-base64": ("app-sensors-py", 0),
        "mixpanel-form": ("app-mixpanel-py", 0),
        "amplitude-json": ("app-amplitude-py", 0),
        "browser-json": ("browser-blog-d-1-normal", 0),
    }
    for label, (session, index) in bodies.items():
        (SEEDS / f"body-{label}.bin").write_bytes(flows(session)[index].request.raw_content or b"")
    snowplow = next(f for f in flows("app-snowplow-py") if f.request.method == "GET")
    (SEEDS / "body-snowplow-url.bin").write_bytes(snowplow.request.url.encode())

    har = json.loads((captures / "app-mixpanel-py.har").read_text())
    har["log"]["entries"] = har["log"]["entries"][:1]
    for entry in har["log"]["entries"]:
        entry["response"]["content"] = {"size": 0, "mimeType": "application/json", "text": ""}
    (SEEDS / "har-mixpanel.har").write_text(json.dumps(har, indent=1))

    with (SEEDS / "flows-mixpanel.flows").open("wb") as fh:
        FlowWriter(fh).add(flows("app-mixpanel-py")[0])
    pcap = ROOT / "tests" / "data" / "pcap" / "http-sensors.pcap"
    if pcap.exists():
        (SEEDS / "pcap-http-sensors.pcap").write_bytes(pcap.read_bytes())
    total = sum(p.stat().st_size for p in SEEDS.iterdir())
    print(f"wrote {len(list(SEEDS.iterdir()))} seeds, {total} bytes, to {SEEDS.relative_to(ROOT)}")


# --- one worker: one target for a time budget ----------------------------------------------------------


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (WORKER_MEMORY, WORKER_MEMORY))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def worker(name: str, seconds: float, result_path: Path, use_atheris: bool, corpus: Path | None) -> None:
    """Run one target for ``seconds``; write {examples, failures, atheris} as JSON to ``result_path``."""
    _paths()
    from hypothesis import HealthCheck, Phase, given, seed, settings
    from hypothesis.database import DirectoryBasedExampleDatabase
    from hypothesis.errors import Flaky
    from tests.fuzz.targets import targets

    function, strategy = targets()[name]
    result: dict = {"target": name, "examples": 0, "failures": [], "atheris": None}
    counter = {"n": 0}

    def body(args: tuple) -> None:
        counter["n"] += 1
        function(*args)

    database = DirectoryBasedExampleDatabase(str(ROOT / ".hypothesis" / "fuzz"))
    hypothesis_share = seconds / 2 if use_atheris else seconds
    end = time.monotonic() + hypothesis_share
    while time.monotonic() < end and len(result["failures"]) < 3:
        test = seed(int.from_bytes(os.urandom(4), "little"))(
            settings(max_examples=BATCH, deadline=None, database=database,
                     suppress_health_check=list(HealthCheck), phases=list(Phase))(
                given(strategy())(body)))
        try:
            test()
        except Flaky as exc:  # the strategy, not phonehome: note it, do not count it
            result.setdefault("flaky", []).append(f"{type(exc).__name__}: {str(exc)[:300]}")
        except Exception as exc:  # noqa: BLE001 - a failure is the finding; keep going
            result["failures"].append({
                "error": f"{type(exc).__name__}: {exc}"[:2000],
                "example": "",
                "traceback": "".join(traceback.format_exception(exc))[-4000:],
            })
        _save(result_path, result, counter)
    if use_atheris and time.monotonic() < end + seconds - hypothesis_share:
        result["atheris"] = _atheris(name, seconds - hypothesis_share, corpus, result_path.parent)
    _save(result_path, result, counter)


def _save(path: Path, result: dict, counter: dict) -> None:
    result["examples"] = counter["n"]
    path.write_text(json.dumps(result))


def _atheris(name: str, seconds: float, corpus: Path | None, logs: Path) -> dict:
    """libFuzzer on the byte-input form of the target, in its own process; returns its closing stats."""
    if not name.startswith(("reader:", "decoder:")):
        return {"skipped": "not a byte-input target"}
    try:
        import atheris  # noqa: F401
    except ImportError:
        return {"skipped": "atheris not installed (pip install atheris)"}
    work = Path(tempfile.mkdtemp(prefix="atheris-", dir=logs))
    if corpus is not None:
        for seed_file in corpus.iterdir():
            (work / seed_file.name).write_bytes(seed_file.read_bytes())
    log = logs / f"{name.replace(':', '-')}.atheris.log"
    argv = [sys.executable, __file__, "--atheris-run", name, str(work), f"-max_total_time={max(int(seconds), 1)}",
            "-rss_limit_mb=1800", "-timeout=20", f"-artifact_prefix={logs}/{name.replace(':', '-')}-"]
    with log.open("wb") as fh:
        proc = subprocess.run(argv, stdout=fh, stderr=subprocess.STDOUT, cwd=ROOT, check=False)
    text = log.read_text(errors="replace")
    stats = [line for line in text.splitlines() if line.startswith("#") and "cov:" in line]
    crashed = "Uncaught Python exception" in text or proc.returncode not in (0,)
    return {"last": stats[-1] if stats else "", "crashed": crashed, "log": str(log.relative_to(ROOT)),
            "returncode": proc.returncode}


def atheris_run(name: str, argv: list[str]) -> None:
    """The libFuzzer process: instrument phonehome, then feed bytes to the target."""
    import atheris

    _paths()
    with atheris.instrument_imports(include=["phonehome"]):
        from tests.fuzz import targets as t

        import phonehome.decoders  # noqa: F401
        import phonehome.readers  # noqa: F401

    if name.startswith("reader:"):
        suffix = {"reader:flows": ".flows", "reader:pcap": ".pcap"}.get(name, ".har")

        def one(data: bytes) -> None:
            t.read_capture(data, suffix)
    else:
        decoder = name.split(":", 1)[1]

        def one(data: bytes) -> None:
            t.decode(decoder, data)
            text = data.decode("utf-8", "replace")
            t.decode(decoder, text)

    atheris.Setup([sys.argv[0], *argv], one)
    atheris.Fuzz()


# --- the parent: share time, run workers, report -------------------------------------------------------


def _corpus_for(name: str, work: Path) -> Path:
    prefix = {"reader:har": "har-", "reader:flows": "flows-", "reader:pcap": "pcap-"}.get(name, "")
    if name.startswith("decoder:"):
        prefix = "body-"
    folder = work / f"corpus-{name.replace(':', '-')}"
    folder.mkdir()
    for seed_file in SEEDS.glob(f"{prefix}*"):
        (folder / seed_file.name).write_bytes(seed_file.read_bytes())
    return folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=float(os.environ.get("FUZZ_MINUTES", 10)),
                        help="total wall-clock time to fuzz (default 10, or $FUZZ_MINUTES)")
    parser.add_argument("--targets", default="*", help="glob over target names (reader:*, decoder:gzip, engine, scan)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes (default: all cores)")
    parser.add_argument("--atheris", action="store_true", help="also run libFuzzer (atheris) on byte-input targets")
    parser.add_argument("--no-coverage", action="store_true", help="skip line coverage even if coverage is installed")
    parser.add_argument("--list", action="store_true", help="list the targets and exit")
    parser.add_argument("--make-seeds", action="store_true", help="rebuild the seed corpus from the recorded fixtures")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--seconds", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--atheris-run", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.atheris_run:
        atheris_run(args.atheris_run[0], args.atheris_run[1:])
        return 0
    if args.worker:
        worker(args.worker, args.seconds, args.result, args.atheris, args.corpus)
        return 0
    if args.make_seeds:
        make_seeds()
        return 0

    _paths()
    from tests.fuzz.targets import targets

    names = [n for n in targets() if fnmatch.fnmatch(n, args.targets)]
    if args.list or not names:
        print("\n".join(targets()) if args.list else f"no target matches {args.targets!r}")
        return 0 if args.list else 2
    return run_all(names, args)


def run_all(names: list[str], args: argparse.Namespace) -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="run-", dir=OUT))
    jobs = max(1, min(args.jobs, len(names)))
    rounds = -(-len(names) // jobs)
    seconds = max(args.minutes * 60 / rounds, 5.0)
    coverage = _coverage_available() and not args.no_coverage
    print(f"fuzzing {len(names)} targets, {jobs} at a time, {seconds:.0f} s each"
          f"{' (+atheris)' if args.atheris else ''}{' with coverage' if coverage else ''}", flush=True)
    given = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([*given, str(ROOT), str(ROOT / "src")]))
    pending = list(names)
    running: dict[str, tuple[subprocess.Popen, float, Path]] = {}
    results: dict[str, dict] = {}
    while pending or running:
        while pending and len(running) < jobs:
            name = pending.pop(0)
            result = work / f"{name.replace(':', '-')}.json"
            cmd = [sys.executable]
            if coverage:
                cmd += ["-m", "coverage", "run", "--parallel-mode", "--source=phonehome",
                        f"--data-file={work / '.coverage'}"]
            cmd += [__file__, "--worker", name, "--seconds", str(seconds), "--result", str(result)]
            if args.atheris:
                cmd += ["--atheris", "--corpus", str(_corpus_for(name, work))]
            log = (work / f"{name.replace(':', '-')}.log").open("wb")
            proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT, env=env,
                                    preexec_fn=_limit_memory)
            running[name] = (proc, time.monotonic() + seconds * 1.5 + 120, result)
        time.sleep(0.5)
        for name, (proc, deadline, result) in list(running.items()):
            if proc.poll() is None and time.monotonic() < deadline:
                continue
            hung = proc.poll() is None
            if hung:
                proc.kill()
                proc.wait()
            data = json.loads(result.read_text()) if result.exists() else {"target": name, "examples": 0,
                                                                           "failures": [], "atheris": None}
            if hung:
                data["failures"].append({"error": "worker blocked past its wall-clock guard (hang)", "example": ""})
            elif proc.returncode != 0:
                tail = (work / f"{name.replace(':', '-')}.log").read_text(errors="replace")[-3000:]
                data["failures"].append({"error": f"worker exited {proc.returncode}", "example": tail})
            results[name] = data
            del running[name]
            print(f"  {name:28} {data['examples']:>8} examples  {len(data['failures'])} failure(s)", flush=True)
    return report(results, work, coverage)


def _coverage_available() -> bool:
    try:
        import coverage  # noqa: F401
    except ImportError:
        return False
    return True


def report(results: dict[str, dict], work: Path, coverage: bool) -> int:
    lines = ["# phonehome fuzz run", "", "| target | examples | failures | atheris |", "| --- | ---: | ---: | --- |"]
    for name, data in sorted(results.items()):
        athe = data.get("atheris") or {}
        cell = athe.get("skipped") or (athe.get("last", "") + (" CRASH" if athe.get("crashed") else ""))
        lines.append(f"| {name} | {data['examples']} | {len(data['failures'])} | {cell} |")
    total = sum(d["examples"] for d in results.values())
    failed = {n: d for n, d in results.items() if d["failures"] or (d.get("atheris") or {}).get("crashed")}
    lines += ["", f"{total} examples over {len(results)} targets; {len(failed)} target(s) failed."]
    for name, data in sorted(failed.items()):
        for failure in data["failures"]:
            lines += ["", f"## {name}: {failure['error'][:300]}", "", "```", failure.get("example", "").strip(),
                      failure.get("traceback", "").strip(), "```"]
        athe = data.get("atheris") or {}
        if athe.get("crashed"):
            lines += ["", f"## {name}: atheris crash, see {athe.get('log')}"]
    if coverage:
        lines += ["", "## line coverage per module", "", "```", _coverage_table(work), "```"]
    text = "\n".join(lines) + "\n"
    (OUT / "report.md").write_text(text)
    print(text)
    print(f"report: {(OUT / 'report.md').relative_to(ROOT)}; worker logs: {work.relative_to(ROOT)}")
    return 1 if failed else 0


def _coverage_table(work: Path) -> str:
    data = work / ".coverage"
    subprocess.run([sys.executable, "-m", "coverage", "combine", f"--data-file={data}", str(work)],
                   cwd=ROOT, capture_output=True, check=False)
    proc = subprocess.run(
        [sys.executable, "-m", "coverage", "report", f"--data-file={data}",
         "--include=*/phonehome/readers/*,*/phonehome/decoders/*,*/phonehome/detectors/*,*/phonehome/pipeline.py"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    return (proc.stdout or proc.stderr).strip()


if __name__ == "__main__":
    sys.exit(main())
