"""Hostile input finishes within the limits, bounded by resource limits rather than timings.

Each case runs in a child process with RLIMIT_AS (address space) ~600 MB and a CPU-time limit:
a bomb that were followed, or a recursion that were not bounded, would be killed there. The
child also reports its own peak resident memory, which must stay under 300 MB.

The peak is the kernel's high-water mark of the child's memory (``VmHWM``), not
``getrusage().ru_maxrss``: subprocess starts the child with vfork + exec, and Linux then carries
the parent's peak into the child's ru_maxrss, so it measured pytest (over 300 MB late in a full
run) rather than the decoders. The last tests show the measure is the child's own and can fail.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AS_LIMIT = 600 << 20
CPU_SECONDS = 120
PEAK_RSS_MB = 300

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/status").exists(), reason="needs Linux: the child's peak memory is read from /proc"
)

PRELUDE = f"""
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({AS_LIMIT}, {AS_LIMIT}))
resource.setrlimit(resource.RLIMIT_CPU, ({CPU_SECONDS}, {CPU_SECONDS}))
from phonehome.decoders.base import Limits
from phonehome.decoders.engine import Engine
from phonehome.model import Exchange

def memory_mb(key):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024

def exchange(body, headers=()):
    global start_mb
    start_mb = memory_mb("VmRSS")
    return Exchange(capture="t", index=0, time=None, method="POST", url="https://c.test/",
                    host="c.test", request_headers=tuple(headers), body=body)

def report(peeled):
    print(json.dumps({{"hits": peeled.limits_hit, "failures": peeled.failures, "fields": len(peeled.fields),
                      "start_mb": start_mb, "peak_mb": memory_mb("VmHWM")}}))
"""


def run_child(body: str, prelude: str = PRELUDE) -> dict:
    """Run ``body`` after ``prelude`` in a fresh interpreter; its report (peak_mb: its own peak RSS)."""
    code = prelude + textwrap.dedent(body)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["failures"] == 0, result
    return result


def bounded(result: dict) -> dict:
    assert result["peak_mb"] < PEAK_RSS_MB, result
    return result


BOMBS = {
    "gzip": "import zlib\nmaker = zlib.compressobj(9, zlib.DEFLATED, 31)\nfeed, end = maker.compress, maker.flush",
    "zstd": (
        "import zstandard\nmaker = zstandard.ZstdCompressor(level=3).compressobj()\n"
        "feed, end = maker.compress, maker.flush"
    ),
    "br": ("import brotli\nmaker = brotli.Compressor(quality=1)\nfeed, end = maker.process, maker.finish"),
}

BUILD = """
chunk = bytes(1 << 20)
bomb = b"".join([*(feed(chunk) for _ in range(1024)), end()])
assert len(bomb) < 8 << 20
"""


@pytest.mark.parametrize("coding", sorted(BOMBS))
def test_one_gigabyte_bomb_as_content_encoding(coding):
    result = bounded(run_child(
        BOMBS[coding] + BUILD + f"report(Engine().peel(exchange(bomb, [('Content-Encoding', '{coding}')])))"
    ))
    assert len(result["hits"]) == 1 and "content-encoding" in result["hits"][0], result


def test_gzip_bomb_inside_a_field():
    result = bounded(run_child(
        BOMBS["gzip"]
        + BUILD
        + "import base64, urllib.parse\n"
        + "field = urllib.parse.quote(base64.b64encode(bomb)).encode()\n"
        + "report(Engine().peel(exchange(b'data=' + field + b'&gzip=1')))"
    ))
    assert any("form:data → base64" in hit for hit in result["hits"]), result


@pytest.mark.parametrize(
    "document",
    [
        "'[' * 10000 + ']' * 10000",
        "'{\"a\":' * 10000 + '\"x\"' + '}' * 10000",
        "'[' * 500 + '\"deep\"' + ']' * 500",
    ],
)
def test_ten_thousand_deep_json(document):
    result = bounded(run_child(f"report(Engine().peel(exchange(({document}).encode())))"))
    assert any(hit.startswith("max_nesting") for hit in result["hits"]), result


def test_deep_base64_nesting_stops_at_max_depth():
    result = bounded(run_child(
        'import base64\nvalue = b\'{"a": "x"}\'\n'
        "for _ in range(12):\n    value = base64.b64encode(value)\n"
        "report(Engine().peel(exchange(value)))"
    ))
    assert any(hit.startswith("max_depth") for hit in result["hits"]), result


# The witnesses: the measure is the child's own peak, and it does catch a decoder that follows a bomb.

HELD_MB = 400


def test_the_peak_is_the_childs_own_not_its_parents():
    """A parent holding 400 MB starts the child as pytest does: the child's figure must not include them."""
    parent = (
        f"import json, sys\nsys.path.insert(0, {str(ROOT)!r})\n"
        f"held = bytearray({HELD_MB} << 20)\nheld[::4096] = bytes(len(held[::4096]))\n"
        "from tests.decoders.test_limits import run_child\n"
        "print(json.dumps(run_child(\"report(Engine().peel(exchange(b'x')))\")))\n"
    )
    done = subprocess.run([sys.executable, "-c", parent], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert 0 < result["peak_mb"] < HELD_MB / 4, result


def test_a_bomb_followed_to_a_raised_cap_breaks_the_bound():
    """With the output cap raised to 400 MiB the gzip bomb is inflated that far, and the bound sees it."""
    raised = "Limits(max_output_bytes=400 << 20, max_expansion_ratio=1 << 20, max_bytes_per_exchange=1 << 30)"
    result = run_child(
        BOMBS["gzip"] + BUILD + f"report(Engine({raised}).peel(exchange(bomb, [('Content-Encoding', 'gzip')])))"
    )
    assert result["hits"] == ["max_output_bytes at body → content-encoding:gzip"], result
    assert result["peak_mb"] > PEAK_RSS_MB, result
