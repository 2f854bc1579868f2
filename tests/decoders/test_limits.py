"""Hostile input finishes within the limits, bounded by resource limits rather than timings.

Each case runs in a child process with RLIMIT_AS (address space) ~600 MB and a CPU-time limit:
a bomb that were followed, or a recursion that were not bounded, would be killed there. The
child also reports its peak resident memory, which must stay under 300 MB.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

AS_LIMIT = 600 << 20
CPU_SECONDS = 120
PEAK_RSS_MB = 300

PRELUDE = f"""
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({AS_LIMIT}, {AS_LIMIT}))
resource.setrlimit(resource.RLIMIT_CPU, ({CPU_SECONDS}, {CPU_SECONDS}))
from phonehome.decoders.engine import Engine
from phonehome.model import Exchange

def exchange(body, headers=()):
    return Exchange(capture="t", index=0, time=None, method="POST", url="https://c.test/",
                    host="c.test", request_headers=tuple(headers), body=body)

def report(peeled):
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({{"hits": peeled.limits_hit, "failures": peeled.failures,
                      "fields": len(peeled.fields), "rss_mb": rss}}))
"""


def run_child(body: str) -> dict:
    code = PRELUDE + textwrap.dedent(body)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["failures"] == 0
    assert result["rss_mb"] < PEAK_RSS_MB, result
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
    result = run_child(
        BOMBS[coding] + BUILD + f"report(Engine().peel(exchange(bomb, [('Content-Encoding', '{coding}')])))"
    )
    assert len(result["hits"]) == 1 and "content-encoding" in result["hits"][0], result


def test_gzip_bomb_inside_a_field():
    result = run_child(
        BOMBS["gzip"]
        + BUILD
        + "import base64, urllib.parse\n"
        + "field = urllib.parse.quote(base64.b64encode(bomb)).encode()\n"
        + "report(Engine().peel(exchange(b'data=' + field + b'&gzip=1')))"
    )
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
    result = run_child(f"report(Engine().peel(exchange(({document}).encode())))")
    assert any(hit.startswith("max_nesting") for hit in result["hits"]), result


def test_deep_base64_nesting_stops_at_max_depth():
    result = run_child(
        'import base64\nvalue = b\'{"a": "x"}\'\n'
        "for _ in range(12):\n    value = base64.b64encode(value)\n"
        "report(Engine().peel(exchange(value)))"
    )
    assert any(hit.startswith("max_depth") for hit in result["hits"]), result
