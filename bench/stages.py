"""Time the stages of the per-exchange map in one process: read, peel, detect, attribute, sightings.

Reads the capture once into memory, then times each stage over all exchanges (CPU time of this
process, best of ``--repeat``), mirroring ``CaptureScan.scan_exchange``. Quick to iterate on
while optimising one stage; ``bench/timing.py`` measures whole scans.

It also prints a floor: parsing each query string and body once (orjson, or as a form) and
touching every leaf, nothing decoded further or detected. Reading plus that floor is the least any
pure-Python analysis of the capture spends; it bounds what tuning the stages can reach.

Usage: ``.venv/bin/python bench/stages.py [CAPTURE] [--repeat 3] [--canaries FILE]``
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import orjson

from phonehome.config import ScanConfig, load_canaries_file
from phonehome.detectors.base import CaptureState, DetectContext
from phonehome.detectors.identifiers import identifier_candidates
from phonehome.domains import registrable_domain
from phonehome.model import Exchange
from phonehome.pipeline import Scanner, is_navigation
from phonehome.readers import open_capture

ROOT = Path(__file__).resolve().parent.parent


def _leaves(value: object, out: list[object]) -> None:
    if isinstance(value, dict):
        for item in value.values():
            _leaves(item, out)
    elif isinstance(value, list):
        for item in value:
            _leaves(item, out)
    else:
        out.append(value)


def floor(exchanges: list[Exchange]) -> tuple[float, int]:
    """CPU seconds to parse every query and body once and touch each leaf; leaves found."""
    t = time.process_time()
    count = 0
    for ex in exchanges:
        out: list[object] = [v for _, v in parse_qsl(urlsplit(ex.url).query)]
        if ex.body:
            try:
                _leaves(orjson.loads(ex.body), out)
            except orjson.JSONDecodeError:
                out.extend(v for _, v in parse_qsl(ex.body.decode("latin-1")))
        for leaf in out:
            hash(leaf)
        count += len(out)
    return time.process_time() - t, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("capture", nargs="?", type=Path, default=ROOT / "bench/out/captures-16mb/big.har")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--canaries", type=Path)
    args = parser.parse_args()
    canaries = tuple(load_canaries_file(args.canaries)) if args.canaries else ()
    t = time.process_time()
    exchanges = list(open_capture(args.capture).exchanges())
    read = time.process_time() - t
    print(f"read {len(exchanges)} exchanges: {read:.2f} s")
    least, leaves = floor(exchanges)
    print(f"floor: parse each query and body once, touch its {leaves / max(len(exchanges), 1):.1f} leaves: "
          f"{least:.2f} s; read + floor {len(exchanges) / (read + least):.0f} exchanges/CPU-s")
    best: dict[str, float] = {}
    for _ in range(args.repeat):
        scanner = Scanner(ScanConfig(canaries=canaries))
        state = CaptureState()
        work = []
        for ex in exchanges:
            if ex.encrypted:
                continue
            if is_navigation(ex):
                state.visited_urls.add(ex.url)
                state.first_party_domains.add(registrable_domain(ex.host))
                continue
            work.append(ex)
        times = dict.fromkeys(("peel", "detect", "attribute", "sightings"), 0.0)
        fields = dets = cands = 0
        clock = time.process_time
        for ex in work:
            t0 = clock()
            peeled = scanner.engine.peel(ex)
            t1 = clock()
            ctx = DetectContext(exchange=ex, capture=state, third_party=True)
            found = list(scanner.detectors.detect(peeled.fields, ctx))
            t2 = clock()
            if found:
                scanner.attributor.attribute(ex, peeled.fields)
            t3 = clock()
            candidates = getattr(scanner.detectors, "candidates", None) or identifier_candidates
            for fld in peeled.fields:
                cands += len(list(candidates(fld, ctx)))
            t4 = clock()
            times["peel"] += t1 - t0
            times["detect"] += t2 - t1
            times["attribute"] += t3 - t2
            times["sightings"] += t4 - t3
            fields += len(peeled.fields)
            dets += len(found)
        for k, v in times.items():
            best[k] = min(best.get(k, v), v)
        print(f"{len(work)} exchanges, {fields} fields, {dets} detections, {cands} candidates")
    total = sum(best.values())
    for k, v in best.items():
        print(f"  {k:10} {v:6.2f} s  {1e6 * v / max(fields, 1):6.1f} us/field")
    print(f"  {'total':10} {total:6.2f} s  {len(work) / total:7.0f} exchanges/CPU-s (map only)")


if __name__ == "__main__":
    main()
