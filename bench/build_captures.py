"""Build large, telemetry-heavy captures for the benchmark from the recorded fixtures.

Every copy of a recorded session gets its own values, so no cache can answer for it: planted
values (e-mail and its hashes, user id, IMEI with a valid Luhn digit, Android ID, ad id, MAC,
phone, lat/lon, article slug, search terms, file path, app package), every UUID, long hex id,
epoch and ISO timestamp are rewritten per copy. Substitutions keep the length of what they
replace, so Sentry envelope item lengths and base64 lengths stay right. Encodings are real: each
layer is undone and redone (Sensors ``data_list`` base64(gzip(JSON)), Snowplow base64url JSON in
queries and bodies, percent-encoded forms and cookies, Content-Encoding gzip/br via mitmproxy's
own ``Message.set_content``).

Flows are written with ``mitmproxy.io.FlowWriter``; HAR entries with mitmproxy's ``SaveHar.flow_entry``
and the indentation ``hardump`` uses, streamed one entry at a time (memory stays flat).

Output (cached: rebuilt only when the fixtures, this script or the size change)::

    bench/out/captures-<SIZE>mb/big.flows          one big capture
    bench/out/captures-<SIZE>mb/big.har
    bench/out/captures-<SIZE>mb/parts-flows/*.flows a folder of captures (same bytes, split)
    bench/out/captures-<SIZE>mb/parts-har/*.har
    bench/out/captures-<SIZE>mb/canaries.json      planted values of the first copies
    bench/out/captures-<SIZE>mb/manifest.json      sizes, request counts, composition

Usage: ``.venv/bin/python bench/build_captures.py [--size-mb 1024] [--parts 8] [--force]``
"""

from __future__ import annotations

import argparse
import base64
import binascii
import copy
import gzip
import hashlib
import io
import itertools
import json
import multiprocessing
import os
import random
import re
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus, unquote, unquote_plus

import orjson
from mitmproxy import http
from mitmproxy.addons.savehar import SaveHar
from mitmproxy.io import FlowReader, FlowWriter
from mitmproxy.version import VERSION as MITMPROXY_VERSION

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
FIXTURE_DIRS = (ROOT / "tests" / "data" / "captures", ROOT / "examples" / "mibrowser" / "captures")
BENCH_SESSIONS = frozenset({
    "app-amplitude-py", "app-mixpanel-py", "app-posthog-py", "app-rudder-py", "app-segment-py", "app-sensors-py",
    "app-sentry-br-py", "app-sentry-py", "app-snowplow-py",
    "browser-blog-d-1-normal", "browser-blog-d-2-private", "browser-blog-d-3-normal",
    "browser-news-c-1-normal", "browser-news-c-2-private", "browser-news-c-3-normal",
    "1-normal", "2-incognito", "3-normal-after-reinstall", "4-incognito-switch-off",
})
"""The recorded sessions the captures are built from. Pinned, so that recording a new fixture does
not silently change the benchmark and its figures stay comparable across rounds; adding one is a
deliberate change (re-measure every row, mitmdump included)."""
BUILD_VERSION = "1"
"""Bump when the output format changes without this file's text changing."""

# Copies per round, by fixture family: app SDK sessions are pure telemetry, the Mi Browser
# sessions are page loads plus Sensors batches, a browser session is page loads, static
# resources (large response bodies) and JS-SDK beacons. One browser session per round.
ROUND_WEIGHTS = {"app": 4, "mibrowser": 2}
BROWSER_PER_ROUND = 1
COPY_SPACING_S = 90.0
"""Each copy starts this long after the previous one (timestamps inside bodies move with it)."""
CANARY_COPIES = 32
"""The first copies whose planted values go into canaries.json (for the --canaries run)."""

_VALUE_NAMES_KEPT = {"model", "os_version", "visited_url", "visited_url2", "email_sha256"}
_ALNUM = re.compile(r"[0-9A-Za-z]")
_HEXCHARS = "0123456789abcdef"


# ---------------------------------------------------------------------------------------------
# Length-preserving, deterministic per-copy rewriting


def _rng(copy_index: int, value: str) -> random.Random:
    digest = hashlib.blake2b(f"{copy_index}\0{value}".encode(), digest_size=8).digest()
    return random.Random(int.from_bytes(digest, "big"))


def scramble(value: str, copy_index: int, keep: int = 0) -> str:
    """Same length and character classes (digit, lower, upper; hex stays hex); first ``keep`` kept."""
    rng = _rng(copy_index, value)
    letters = {c for c in value if c.isalpha()}
    is_hex = bool(letters) and all(c in _HEXCHARS for c in value.lower() if c.isalnum())
    upper = all(c.isupper() for c in letters)
    out = list(value[:keep])
    for ch in value[keep:]:
        if is_hex and ch.isalnum():
            new = rng.choice(_HEXCHARS)
            out.append(new.upper() if upper else new)
        elif ch.isdigit():
            out.append(rng.choice("0123456789"))
        elif "a" <= ch <= "z":
            out.append(rng.choice("abcdefghijklmnopqrstuvwxyz"))
        elif "A" <= ch <= "Z":
            out.append(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        else:
            out.append(ch)
    return "".join(out)


def _luhn_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            d = d - 9 if d > 9 else d
        total += d
    return str((10 - total % 10) % 10)


def _imei(old: str, k: int) -> str:
    body = old[:8] + scramble(old[8:14], k)
    return body + _luhn_digit(body)


def _coordinate(old: str, k: int) -> str:
    """New last decimals; a trailing 0 stays a trailing 0 and no other digit becomes one.

    SDKs print coordinates as floats (``137.18780`` goes out as ``137.1878``), so the copy must
    keep the recording's trailing zero, or lack of one, to be written the same way.
    """
    head, _, frac = old.partition(".")
    if len(frac) < 3:
        return old
    new = scramble(frac[2:], k)
    last = "0" if old.endswith("0") else (new[-1] if new[-1] != "0" else "7")
    return f"{head}.{frac[:2]}{new[:-1]}{last}"


def _planted_variants(name: str, old: str, k: int) -> dict[str, str]:
    """Every spelling of one planted value that can sit in a decoded layer, old → new."""
    if name in ("email", "email_hashed"):
        local, _, domain = old.partition("@")
        new = f"{scramble(local, k)}@{domain}"
        pairs = {old: new}
        for algo in ("sha256", "md5", "sha1"):
            a, b = hashlib.new(algo, old.encode()).hexdigest(), hashlib.new(algo, new.encode()).hexdigest()
            pairs[a], pairs[a.upper()] = b, b.upper()
        return pairs
    if name == "imei":
        return {old: _imei(old, k)}
    if name == "mac":
        new = old[:3] + scramble(old[3:], k)
        pairs = {}
        for sep in (":", "-", ""):
            for case in (str.lower, str.upper):
                pairs[case(old.replace(":", sep))] = case(new.replace(":", sep))
        return pairs
    if name == "phone":
        new = old[:5] + scramble(old[5:], k)
        return {old: new, old[1:]: new[1:], old[2:]: new[2:]}
    if name in ("lat", "lon"):
        new = _coordinate(old, k)
        return {old: new, old.rstrip("0"): new}
    if name == "article":
        slug = old.rsplit("/", 1)[-1]
        return {slug: scramble(slug, k)}
    if name in ("query", "song", "artist", "file_path"):
        text = old.rsplit("/", 1)[-1]
        new = scramble(text, k)
        return {text.replace(" ", sep): new.replace(" ", sep) for sep in (" ", "+", "%20")}
    if name == "app_package":
        head, _, last = old.rpartition(".")
        return {old: f"{head}.{scramble(last, k)}"}
    return {old: scramble(old, k)}


_UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_ISO = r"20\d\d-[01]\d-[0-3]\dT[0-2]\d:[0-5]\d:[0-5]\d(?:\.\d{1,6})?"
_EPOCH = r"1[789]\d{8}(?:\d{3}|\.\d{1,7})?"
_HEX = r"[0-9a-f]*[a-f][0-9a-f]*"
_B64 = r"[A-Za-z0-9+/_-]{20,}={0,2}"
_EDGE_L, _EDGE_R = r"(?<![0-9A-Za-z])", r"(?![0-9A-Za-z])"


def _generic_pattern() -> str:
    return (
        f"(?P<uuid>{_EDGE_L}{_UUID}{_EDGE_R})"
        f"|(?P<iso>{_ISO})"
        f"|(?P<epoch>{_EDGE_L}{_EPOCH}{_EDGE_R})"
        f"|(?P<hex>{_EDGE_L}(?=[0-9a-f]{{12,}}{_EDGE_R}){_HEX}{_EDGE_R})"
        f"|(?P<b64>{_B64})"
    )


@dataclass
class Template:
    """One recorded session: its flows' state and the values planted in it."""

    name: str
    family: str
    states: list[dict[str, Any]]
    values: dict[str, str]
    canaries: list[dict[str, str]]
    pattern: re.Pattern[str] = field(init=False)
    """Planted values (every spelling), then the generic ids, timestamps and base64 tokens."""
    inner_pattern: re.Pattern[str] = field(init=False)
    """The same without base64 tokens: for a token that did not decode."""

    def __post_init__(self) -> None:
        olds: set[str] = set()
        for name, value in self.planted_values().items():
            olds.update(_planted_variants(name, value, 0))
        alternatives = "|".join(re.escape(o) for o in sorted(olds, key=len, reverse=True))
        planted = f"(?P<planted>{_EDGE_L}(?:{alternatives}){_EDGE_R})|" if olds else ""
        self.pattern = re.compile(planted + _generic_pattern())
        self.inner_pattern = re.compile(planted + _generic_pattern().rsplit("|", 1)[0])

    def planted_values(self) -> dict[str, str]:
        return {k: v for k, v in self.values.items() if k not in _VALUE_NAMES_KEPT and isinstance(v, str) and v}


class Varier:
    """Rewrites the values of one copy of one template, through every encoding layer."""

    def __init__(self, template: Template, copy_index: int, offset_s: float) -> None:
        self.k = copy_index
        self.offset = offset_s
        self.pattern = template.pattern
        self.inner_pattern = template.inner_pattern
        self.planted: dict[str, str] = {}
        for name, value in template.planted_values().items():
            self.planted.update(_planted_variants(name, value, copy_index))
        self.memo: dict[str, str] = {}

    # Text layers -------------------------------------------------------------------------

    def text(self, s: str, depth: int = 0) -> str:
        return self.pattern.sub(lambda m: self._replace(m, depth), s)

    def _replace(self, m: re.Match[str], depth: int) -> str:
        kind, old = m.lastgroup, m.group(0)
        if kind == "planted":
            return self.planted.get(old, old)
        if kind == "b64":
            return self._b64(old, depth)
        found = self.memo.get(old)
        if found is None:
            found = self.memo[old] = self._generic(kind, old)
        return found

    def _generic(self, kind: str | None, old: str) -> str:
        if kind == "epoch":
            whole, dot, frac = old.partition(".")
            if len(whole) == 13:
                return str(int(whole) + int(self.offset * 1000))
            return f"{int(whole) + int(self.offset)}{dot}{frac}"
        if kind == "iso":
            fmt = "%Y-%m-%dT%H:%M:%S.%f" if "." in old else "%Y-%m-%dT%H:%M:%S"
            head, dot, frac = old.partition(".")
            moved = datetime.strptime(head + (".000000" if dot else ""), fmt) + timedelta(seconds=self.offset)
            return moved.strftime("%Y-%m-%dT%H:%M:%S") + (dot + frac if dot else "")
        return scramble(old, self.k)

    def _b64(self, token: str, depth: int) -> str:
        """A base64 token holding JSON or gzip is decoded, varied and re-encoded the same way."""
        if depth < 6:
            urlsafe = "-" in token or "_" in token
            raw = token.rstrip("=")
            try:
                decoded = base64.b64decode(raw + "=" * (-len(raw) % 4), altchars=b"-_" if urlsafe else None)
            except (binascii.Error, ValueError):
                decoded = b""
            inner = self.blob(decoded, depth + 1) if decoded[:1] in (b"{", b"[", b"\x1f") else None
            if inner is not None:
                out = (base64.urlsafe_b64encode(inner) if urlsafe else base64.b64encode(inner)).decode()
                return out if token.endswith("=") else out.rstrip("=")
        return self.inner_pattern.sub(lambda m: self._replace(m, depth), token)

    def blob(self, data: bytes, depth: int) -> bytes | None:
        """JSON text or gzip(JSON text), varied; None when it is neither."""
        if data[:2] == b"\x1f\x8b":
            try:
                plain = gzip.decompress(data)
            except (OSError, EOFError):
                return None
            varied = self.blob(plain, depth + 1)
            return gzip.compress(varied, mtime=0) if varied is not None else None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return self.text(text, depth).encode("utf-8")

    # Structured layers -------------------------------------------------------------------

    def query(self, qs: str, plus: bool) -> str:
        """``a=1&b=2``: each value percent-decoded, varied, re-encoded only when it changed."""
        parts = []
        for item in qs.split("&"):
            name, eq, value = item.partition("=")
            if eq and value:
                plain = unquote_plus(value) if plus else unquote(value)
                varied = self.text(plain)
                if varied != plain:
                    value = _quote_like(value, varied, plus)
            elif item:
                name = self.text(name)
            parts.append(f"{name}{eq}{value}")
        return "&".join(parts)

    def url(self, url: str) -> str:
        head, q, qs = url.partition("?")
        return self.text(head) + (q + self.query(qs, plus=True) if q else "")

    def cookie(self, value: str) -> str:
        out = []
        for item in value.split("; "):
            name, eq, val = item.partition("=")
            plain = unquote(val)
            varied = self.text(plain)
            out.append(f"{name}{eq}{_quote_like(val, varied, False) if varied != plain else val}")
        return "; ".join(out)


def _quote_like(original: str, value: str, plus: bool) -> str:
    """Percent-encode ``value`` the way ``original`` was (urlencode or encodeURIComponent)."""
    if plus and "%20" not in original:
        return quote_plus(value, safe="")
    return quote(value, safe="-_.!~*'()")


# ---------------------------------------------------------------------------------------------
# Fixtures and copies


def _family(name: str, folder: Path) -> str:
    if folder.name == "captures" and folder.parent.name == "mibrowser":
        return "mibrowser"
    return "app" if name.startswith("app-") else "browser"


def load_templates(dirs: tuple[Path, ...] = FIXTURE_DIRS) -> list[Template]:
    """Every readable recorded session (a fixture being re-recorded right now is skipped)."""
    templates = []
    for folder in dirs:
        for path in sorted(folder.glob("*.flows")):
            if path.stem not in BENCH_SESSIONS:
                continue
            try:
                with path.open("rb") as fh:
                    states = [f.get_state() for f in FlowReader(fh).stream() if isinstance(f, http.HTTPFlow)]
            except Exception as exc:  # noqa: BLE001 - a half-written fixture must not stop the bench
                print(f"skipping {path}: {exc}", file=sys.stderr)
                continue
            if not states:
                continue
            meta_path = path.with_name(path.stem + ".canaries.json")
            meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
            values = meta.get("truth", {}).get("values", {})
            canaries = meta.get("canaries", [])
            templates.append(Template(path.stem, _family(path.stem, folder), states, values, canaries))
    if not templates:
        raise SystemExit("no fixture captures found under tests/data/captures or examples/mibrowser/captures")
    return templates


def round_plan(templates: list[Template], r: int) -> list[Template]:
    """The sessions copied in round ``r``: telemetry-heavy, deterministic, shuffled."""
    browsers = [t for t in templates if t.family == "browser"]
    batch = [t for t in templates if t.family != "browser" for _ in range(ROUND_WEIGHTS[t.family])]
    if browsers:
        batch += [browsers[(r * BROWSER_PER_ROUND + i) % len(browsers)] for i in range(BROWSER_PER_ROUND)]
    random.Random(r).shuffle(batch)
    return batch


def _shift_times(state: dict[str, Any], offset: float) -> None:
    for key, value in state.items():
        if isinstance(value, dict):
            _shift_times(value, offset)
        elif key.startswith("timestamp") and isinstance(value, int | float):
            state[key] = value + offset


def _ids(state: dict[str, Any], k: int) -> None:
    for part in (state, state.get("client_conn") or {}, state.get("server_conn") or {}):
        if "id" in part:
            part["id"] = str(_uuid_for(k, part["id"]))


def _uuid_for(k: int, old: str) -> str:
    digest = hashlib.blake2b(f"{k}\0{old}".encode(), digest_size=16).hexdigest()
    return f"{digest[:8]}-{digest[8:12]}-4{digest[13:16]}-a{digest[17:20]}-{digest[20:32]}"


def vary_flow(state: dict[str, Any], varier: Varier, k: int) -> http.HTTPFlow:
    """A new flow from a template flow's state, every value rewritten for copy ``k``."""
    state = copy.deepcopy(state)
    _shift_times(state, varier.offset)
    _ids(state, k)
    flow = http.HTTPFlow.from_state(state)
    request = flow.request
    request.url = varier.url(request.url)
    request.headers.fields = tuple((name, _header(name, value, varier)) for name, value in request.headers.fields)
    content = request.get_content(strict=False)
    if content:
        ctype = request.headers.get("content-type", "").lower()
        new = _vary_body(content, ctype, varier)
        if new != content:
            request.set_content(new)
    return flow


def _header(name: bytes, value: bytes, varier: Varier) -> bytes:
    text = value.decode("utf-8", "surrogateescape")
    text = varier.cookie(text) if name.lower() == b"cookie" else varier.text(text)
    return text.encode("utf-8", "surrogateescape")


def _vary_body(content: bytes, ctype: str, varier: Varier) -> bytes:
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return content  # binary wire formats are copied as recorded
    if "x-www-form-urlencoded" in ctype:
        return varier.query(text, plus=True).encode("utf-8")
    return varier.text(text).encode("utf-8")


@dataclass
class Copy:
    """One varied copy of a recorded session."""

    index: int
    template: Template
    flows: list[http.HTTPFlow]
    canaries: list[dict[str, str]]


def make_copy(templates: list[Template], k: int, start_time: float) -> Copy:
    """Copy ``k`` of the endless sequence, ``COPY_SPACING_S`` later than copy ``k - 1``."""
    per_round = len(round_plan(templates, 0))
    template = round_plan(templates, k // per_round)[k % per_round]
    base = min(s["request"]["timestamp_start"] for s in template.states)
    varier = Varier(template, k, start_time + k * COPY_SPACING_S - base)
    flows = [vary_flow(s, varier, k) for s in template.states]
    canaries = [
        {"kind": c["kind"], "value": _vary_canary(c["value"], varier), "name": f"{c.get('name', c['kind'])}-{k}"}
        for c in template.canaries
    ]
    return Copy(k, template, flows, canaries)


def _vary_canary(value: str, varier: Varier) -> str:
    if value.startswith("http"):
        return varier.url(value)
    if "," in value:  # location "lat,lon"
        return ",".join(varier.text(v) for v in value.split(","))
    return varier.text(value)


# ---------------------------------------------------------------------------------------------
# Chunks (built in worker processes) and streaming writers

CHUNK_COPIES = 64
_HAR_SEP = b",\n            "
_TEMPLATES: list[Template] = []


@dataclass
class Chunk:
    """The serialised copies ``first`` … ``first + copies - 1``: flow records and HAR entries."""

    first: int
    copies: int
    flows: bytes
    """Concatenated tnetstring records, exactly as FlowWriter writes them."""
    har: bytes
    """HAR entries as hardump indents them, joined by ``,`` + newline (no leading separator)."""
    requests: int
    by_family: dict[str, int]
    telemetry: int
    canaries: list[dict[str, str]]


def _init_worker() -> None:
    _TEMPLATES[:] = load_templates()


def build_chunk(index: int, start_time: float, want: tuple[str, ...] = ("flows", "har")) -> Chunk:
    """Make and serialise copies ``index * CHUNK_COPIES`` onwards (runs in a worker process).

    ``want`` names the formats still needed (the HAR is usually full before the flow file).
    """
    flows_out = io.BytesIO()
    writer = FlowWriter(flows_out)
    saver = SaveHar()
    entries: list[bytes] = []
    by_family: dict[str, int] = {}
    telemetry = requests = 0
    canaries: list[dict[str, str]] = []
    first = index * CHUNK_COPIES
    for k in range(first, first + CHUNK_COPIES):
        item = make_copy(_TEMPLATES, k, start_time)
        servers_seen: set[Any] = set()  # per session copy, as hardump does for one session
        for flow in item.flows:
            if "flows" in want:
                writer.add(flow)
            if "har" in want:
                entries.append(har_entry(saver.flow_entry(flow, servers_seen)))
        requests += len(item.flows)
        by_family[item.template.family] = by_family.get(item.template.family, 0) + len(item.flows)
        telemetry += sum(1 for f in item.flows if _is_telemetry(f))
        if k < CANARY_COPIES:
            canaries.extend(item.canaries)
    return Chunk(first, CHUNK_COPIES, flows_out.getvalue(), _HAR_SEP.join(entries), requests, by_family,
                 telemetry, canaries)


_NON_ASCII = re.compile(r"[^\x00-\x7e]")


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group(0))
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


_INDENT = re.compile(r"(?m)^( +)")


def har_entry(entry: dict[str, Any]) -> bytes:
    """``json.dumps(entry, indent=4)`` at hardump's nesting depth, made with orjson (C) for speed.

    Same text as the json module's (4-space indent, ``": "``, ASCII with ``\\u`` escapes).
    """
    text = orjson.dumps(entry, option=orjson.OPT_INDENT_2).decode()
    text = _INDENT.sub(lambda m: m.group(1) * 2, text)
    if not text.isascii() or "\x7f" in text:
        text = _NON_ASCII.sub(_escape, text)
    return ("            " + text.replace("\n", "\n            ")).encode()


class Output:
    """One capture file being written: a flow file, or a HAR file streamed between head and tail."""

    _HAR_HEAD = (
        '{\n    "log": {\n        "version": "1.2",\n        "creator": {\n'
        f'            "name": "mitmproxy",\n            "version": "{MITMPROXY_VERSION}",\n'
        '            "comment": ""\n        },\n        "pages": [],\n        "entries": ['
    ).encode()

    def __init__(self, path: Path, fmt: str) -> None:
        self.path, self.fmt = path, fmt
        self.fh = path.open("wb")
        self.requests = 0
        if fmt == "har":
            self.fh.write(self._HAR_HEAD)

    def add(self, chunk: Chunk) -> None:
        if self.fmt == "flows":
            self.fh.write(chunk.flows)
        else:
            self.fh.write((_HAR_SEP if self.requests else b"\n") + chunk.har)
        self.requests += chunk.requests

    @property
    def size(self) -> int:
        return self.fh.tell()

    def close(self) -> None:
        if self.fh.closed:
            return
        if self.fmt == "har":
            self.fh.write(b"\n        ]\n    }\n}" if self.requests else b"]\n    }\n}")
        self.fh.close()


class Layouts:
    """One format written twice: one big capture, and the same copies split into ``parts`` files."""

    def __init__(self, folder: Path, fmt: str, target: int, parts: int) -> None:
        self.fmt, self.target, self.parts = fmt, target, parts
        self.folder = folder / f"parts-{fmt}"
        self.folder.mkdir(parents=True, exist_ok=True)
        self.big = Output(folder / f"big.{fmt}", fmt)
        self.part_files: list[Output] = []
        self.copies = 0

    @property
    def done(self) -> bool:
        return self.big.size >= self.target

    def add(self, chunk: Chunk) -> None:
        self.big.add(chunk)
        self.copies += chunk.copies
        share = self.target / self.parts
        if not self.part_files or (self.part_files[-1].size >= share and len(self.part_files) < self.parts):
            if self.part_files:
                self.part_files[-1].close()
            name = f"part-{len(self.part_files):02d}.{self.fmt}"
            self.part_files.append(Output(self.folder / name, self.fmt))
        self.part_files[-1].add(chunk)

    def close(self) -> dict[str, Any]:
        self.big.close()
        for p in self.part_files:
            p.close()
        return {
            "big": {"path": str(self.big.path.relative_to(ROOT)), "bytes": self.big.path.stat().st_size,
                    "requests": self.big.requests, "copies": self.copies},
            "parts": [{"path": str(p.path.relative_to(ROOT)), "bytes": p.path.stat().st_size,
                       "requests": p.requests} for p in self.part_files],
        }


def chunks(start_time: float, jobs: int, want: Callable[[], tuple[str, ...]]) -> Iterator[Chunk]:
    """Chunks 0, 1, 2 … in order, built by ``jobs`` processes with a bounded window (flat memory).

    ``want()`` says which formats are still needed when a chunk is submitted.
    """
    if jobs <= 1:
        _init_worker()
        for index in itertools.count():
            yield build_chunk(index, start_time, want())
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_init_worker) as pool:
        window: deque[Future[Chunk]] = deque()
        next_index = 0
        try:
            while True:
                while len(window) < 2 * jobs:
                    window.append(pool.submit(build_chunk, next_index, start_time, want()))
                    next_index += 1
                yield window.popleft().result()
        finally:
            for future in window:
                future.cancel()


# ---------------------------------------------------------------------------------------------
# Cache and entry point


def fingerprint(size_mb: float, parts: int, templates: list[Template]) -> str:
    """What the output depends on: this script, the fixtures, the size and the split."""
    h = hashlib.sha256(Path(__file__).read_bytes())
    h.update(f"{BUILD_VERSION}|{size_mb}|{parts}|{MITMPROXY_VERSION}".encode())
    for t in templates:
        h.update(t.name.encode())
        h.update(json.dumps(t.states, sort_keys=True, default=repr).encode())
        h.update(json.dumps(t.values, sort_keys=True).encode())
    return h.hexdigest()[:16]


def folder_for(size_mb: float) -> Path:
    label = f"{size_mb:g}".replace(".", "_")
    return OUT / f"captures-{label}mb"


def build(
    size_mb: float = 1024, parts: int = 8, force: bool = False, quiet: bool = False, jobs: int = 0,
) -> dict[str, Any]:
    """Build (or reuse) the captures of ``size_mb`` MB per format; return the manifest."""
    templates = load_templates()
    folder = folder_for(size_mb)
    key = fingerprint(size_mb, parts, templates)
    manifest_path = folder / "manifest.json"
    if not force and manifest_path.exists():
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("fingerprint") == key and all((ROOT / f).exists() for f in _files(manifest)):
            if not quiet:
                print(f"reusing {folder.relative_to(ROOT)} (fingerprint {key})", file=sys.stderr)
            return manifest
    folder.mkdir(parents=True, exist_ok=True)
    for old in [*folder.glob("parts-*/*"), *folder.glob("big.*"), manifest_path]:
        old.unlink(missing_ok=True)
    target = int(size_mb * 1024 * 1024)
    writers = [Layouts(folder, "flows", target, parts), Layouts(folder, "har", target, parts)]
    planted: list[dict[str, str]] = []
    composition: dict[str, int] = {}
    telemetry = 0
    started = time.monotonic()
    start_time = min(s["request"]["timestamp_start"] for t in templates for s in t.states)
    def wanted() -> tuple[str, ...]:
        return tuple(w.fmt for w in writers if not w.done)

    for chunk in chunks(start_time, jobs or os.cpu_count() or 1, wanted):
        for w in writers:
            if not w.done:
                w.add(chunk)
        planted.extend(chunk.canaries)
        for family, n in chunk.by_family.items():
            composition[family] = composition.get(family, 0) + n
        telemetry += chunk.telemetry
        if not quiet:
            done = min(w.big.size for w in writers) / target
            print(f"\rbuilding {folder.name}: {done:6.1%} ({time.monotonic() - started:.0f}s)", end="", file=sys.stderr)
        if all(w.done for w in writers):
            break
    if not quiet:
        print(file=sys.stderr)
    manifest = {
        "fingerprint": key,
        "size_mb": size_mb,
        "parts": parts,
        "built_in_s": round(time.monotonic() - started, 1),
        "fixtures": [t.name for t in templates],
        "requests_by_family": composition,
        "telemetry_share": round(telemetry / max(sum(composition.values()), 1), 3),
        "canaries": str((folder / "canaries.json").relative_to(ROOT)),
        "flows": writers[0].close(),
        "har": writers[1].close(),
    }
    (folder / "canaries.json").write_text(json.dumps({"canaries": planted}, indent=1))
    manifest_path.write_text(json.dumps(manifest, indent=2))
    return manifest


def _is_telemetry(flow: http.HTTPFlow) -> bool:
    """A request that carries data: a body, or a query string on a non-document request."""
    request = flow.request
    if request.raw_content:
        return True
    dest = request.headers.get("sec-fetch-dest", "")
    return bool(request.query) and dest != "document" and "text/html" not in request.headers.get("accept", "")


def _files(manifest: dict[str, Any]) -> list[str]:
    return [manifest[f]["big"]["path"] for f in ("flows", "har")] + [
        p["path"] for f in ("flows", "har") for p in manifest[f]["parts"]
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=1024, help="size of each format's big capture (MB)")
    parser.add_argument("--parts", type=int, default=8, help="files in the folder-of-captures layout")
    parser.add_argument("--force", action="store_true", help="rebuild even when the cached captures match")
    parser.add_argument("--jobs", type=int, default=0, help="builder processes (default: all cores)")
    args = parser.parse_args()
    manifest = build(args.size_mb, args.parts, args.force, jobs=args.jobs)
    print(json.dumps({k: manifest[k] for k in ("size_mb", "requests_by_family", "telemetry_share")}))
    for fmt in ("flows", "har"):
        big = manifest[fmt]["big"]
        print(f"{fmt}: {big['path']} {big['bytes'] / 1e6:.1f} MB, {big['requests']} requests, "
              f"{len(manifest[fmt]['parts'])} parts")


if __name__ == "__main__":
    main()
