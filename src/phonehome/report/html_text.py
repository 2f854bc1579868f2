"""Text shown to a reader, made safe and legible: escaping, invisible characters, excerpts, labels.

Everything here treats captured traffic as hostile: values may carry markup, bidirectional
overrides that reorder what a reader sees, control characters or lone surrogates.  Helpers return
plain segments; the HTML and Markdown renderers escape them their own way.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import UTC, datetime

# Characters a reader cannot see or that change how neighbours are shown: C0/C1 controls,
# soft hyphen, zero-width and bidi controls, variation selectors, BOM, lone surrogates.
_INVISIBLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\ufff9-\ufffb\ud800-\udfff]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

KIND_LABELS = {
    "visited_url": "visited URL (browsing history)",
    "search_query": "search terms",
    "email": "e-mail address",
    "phone": "phone number",
    "imei": "IMEI (device serial)",
    "android_id": "Android ID",
    "adid": "advertising ID",
    "mac": "MAC address",
    "location": "location",
    "user_id": "user / login ID",
    "device_id": "device ID",
    "file_path": "file path",
    "app_usage": "app usage",
    "device_model": "device model",
}

_STEP_HELP = {
    "body": "the raw request body",
    "url": "the request URL",
    "path": "the URL path",
    "query": "URL query parameter",
    "fragment": "URL fragment",
    "header": "request header",
    "cookie": "cookie",
    "form": "form field",
    "multipart": "multipart part",
    "json": "parsed as JSON",
    "ndjson": "split into JSON documents (one per line or back to back)",
    "jsonstr": "JSON text inside a string, parsed",
    "base64": "base64-decoded",
    "base64url": "base64url-decoded",
    "b64": "base64-decoded",
    "hex": "hex-decoded",
    "gzip": "gunzipped",
    "zlib": "zlib-inflated",
    "deflate": "deflate-inflated",
    "brotli": "brotli-decompressed",
    "br": "brotli-decompressed",
    "zstd": "zstd-decompressed",
    "lz4": "lz4-decompressed",
    "lz-string": "lz-string-decompressed",
    "msgpack": "parsed as MessagePack",
    "cbor": "parsed as CBOR",
    "protobuf": "parsed as protobuf (schema-less)",
    "grpc": "split into gRPC messages",
    "jwt": "JSON Web Token payload",
    "percent": "percent-decoded",
    "urldecode": "percent-decoded",
    "urlencoded": "parsed as URL-encoded form",
    "aes": "AES-decrypted with a key you supplied",
    "xor": "XOR-deobfuscated",
    "utf16": "decoded as UTF-16",
    "text": "decoded as text",
}


def split_invisible(text: str) -> Iterator[tuple[str, bool]]:
    """Yield (segment, is_escape): runs of ordinary text, and visible escapes for hidden characters."""
    pos = 0
    for match in _INVISIBLE.finditer(text):
        if match.start() > pos:
            yield text[pos : match.start()], False
        char = match.group()
        yield _NAMED.get(char) or f"\\u{ord(char):04x}", True
        pos = match.end()
    if pos < len(text):
        yield text[pos:], False


def plain(text: str) -> str:
    """The text with hidden characters written as escapes (no markup)."""
    return "".join(seg for seg, _ in split_invisible(text))


def esc(text: object) -> str:
    """HTML-escape any value for element text or a quoted attribute, hidden characters shown."""
    text = str(text)
    if _INVISIBLE.search(text) is None:  # the common case, kept fast: reports escape ~30 strings per finding
        return html.escape(text, quote=True)
    out = []
    for seg, hidden in split_invisible(text):
        if hidden:
            out.append(f'<span class="esc">{seg}</span>')
        else:
            out.append(html.escape(seg, quote=True))
    return "".join(out)


def esc_attr(text: object) -> str:
    """HTML-escape for a quoted attribute value (no markup inside attributes)."""
    return html.escape(plain(str(text)), quote=True)


def find_spans(text: str, needles: list[str]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) spans where any needle occurs, case-insensitively."""
    needles = [n for n in needles if n]
    if not needles or not text:
        return []
    low = text.lower()
    folded = len(low) == len(text)  # a few characters change length when lowered: match exactly then
    if not folded:
        low = text
    spans: list[tuple[int, int]] = []
    for needle in sorted(set(needles), key=len, reverse=True):
        target = needle.lower() if folded else needle
        start = low.find(target)
        while start >= 0 and len(spans) < 50:
            end = start + len(target)
            if not any(s < end and start < e for s, e in spans):
                spans.append((start, end))
            start = low.find(target, end)
    return sorted(spans)


def excerpt(text: str, spans: list[tuple[int, int]], limit: int) -> list[tuple[str, bool | None]]:
    """Cut ``text`` into (segment, marked) pieces no longer than about ``limit`` characters in all.

    Marked pieces are the spans; unmarked text is kept whole when it fits, otherwise the head and
    some context around each span are kept and gaps become ``(note, None)`` pieces.
    """
    keep: list[tuple[int, int]] = [(0, min(len(text), limit if not spans else limit // 3))]
    for start, end in spans[:5]:
        keep.append((max(0, start - 80), min(len(text), end + 80)))
    if len(text) <= limit:
        keep = [(0, len(text))]
    keep.sort()
    merged: list[tuple[int, int]] = []
    for start, end in keep:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    pieces: list[tuple[str, bool | None]] = []
    pos = 0
    for start, end in merged:
        if start > pos:
            pieces.append((f" … {start - pos} characters … ", None))
        pieces.extend(_marked(text, start, end, spans))
        pos = end
    if pos < len(text):
        pieces.append((f" … {len(text) - pos} more characters", None))
    return pieces


def _marked(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> list[tuple[str, bool | None]]:
    out: list[tuple[str, bool | None]] = []
    pos = start
    for s, e in spans:
        s, e = max(s, start), min(e, end)
        if s >= e or s < pos:
            continue
        if s > pos:
            out.append((text[pos:s], False))
        out.append((text[s:e], True))
        pos = e
    if pos < end:
        out.append((text[pos:end], False))
    return out


def kind_label(kind: str) -> str:
    """A reader's name for a finding kind."""
    return KIND_LABELS.get(kind, kind.replace("_", " "))


def step_help(step: str) -> str:
    """A short explanation of one decode step, or "" when the step is not a known layer."""
    name, sep, arg = step.partition(":")
    if name in _STEP_HELP:
        text = _STEP_HELP[name]
        return f"{text} “{plain(arg)}”" if sep and arg else text
    if step[:1] in "[.$" or re.fullmatch(r"[\w$@-]+(\.[\w$@-]+|\[\d+\])*", step):
        return "location of the value in the decoded document"
    return ""


def utc(ts: float | None, *, date: bool = True) -> str:
    """Unix seconds as readable UTC (ISO 8601, milliseconds), or "time unknown"."""
    if ts is None:
        return "time unknown"
    try:
        moment = datetime.fromtimestamp(ts, UTC)
    except (OverflowError, OSError, ValueError):
        return "time invalid"
    text = moment.strftime("%Y-%m-%d %H:%M:%S" if date else "%H:%M:%S")
    return f"{text}.{moment.microsecond // 1000:03d} UTC" if date else text


def clip(text: str, limit: int) -> str:
    """``text`` shortened to ``limit`` characters with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def tool_name(tool: str) -> str:
    """The report's ``tool`` as a name and version ("phonehome 0.1.0"), whichever way it was written."""
    return tool if tool.lower().startswith("phonehome") else f"phonehome {tool}".strip()
