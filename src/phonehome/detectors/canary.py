r"""Planted values: find every canary, and the encodings and hashes trackers send it under.

All variants of all canaries go into ONE Aho-Corasick automaton built when the scan starts; each
field's text is then scanned once, whatever the number of canaries. Patterns are stored lower-case
and the text is lower-cased (length-preserving) before the scan, so case-insensitive variants
(plain text, URL-encoding, hex digests) match in any case; case-sensitive variants (base64) are
checked against the original text at the hit position.

Variants, each labelled with the transformation that ``hashed`` reports (None: sent readable):

- as is, case-folded, URL-encoded (``%20``, ``+``, ``quote_plus`` of the whole value, encodeURI
  style, twice-encoded), JSON-escaped (``\\/``, ``\\uXXXX``) — ``hashed`` None;
- a planted URL: also its path+query and path (``/article/x-123``), and the URL without scheme;
- a planted search query: ``thistle+willow+529`` / ``thistle%20willow%20529``, which is how it sits
  inside a leaked search URL (``q=thistle+willow+529``);
- shape-aware forms: a phone number's digits and national/international formats, a MAC address
  with other separators, a UUID without dashes, each coordinate of a ``lat,lon`` pair with trailing
  zeros dropped;
- ``base64`` (std and URL-safe, unpadded) and ``hex`` of the value;
- MD5/SHA-1/SHA-224/SHA-256/SHA-384/SHA-512 of the value and of its normalised form (trimmed,
  lower-cased; digits only for phone numbers) as hex (any case) — ``sha256`` — and as base64 —
  ``base64(sha256)`` — and two rounds over the hex digest — ``md5(sha256)``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import ClassVar
from urllib.parse import quote, quote_plus, urlsplit

import ahocorasick
import phonenumbers

from phonehome.detectors.base import DetectContext
from phonehome.detectors.facts import MIN4
from phonehome.model import Canary, Detection, Field

HASHES: tuple[str, ...] = ("md5", "sha1", "sha224", "sha256", "sha384", "sha512")
"""Digest algorithms tried, singly and in two rounds."""

MIN_PATTERN = 4
"""Shorter variants are not searched: they would match by chance."""

_NUMERIC = re.compile(r"^[-+]?[\d.,]+$")
_MAC = re.compile(r"^[0-9a-fA-F]{2}([:-])(?:[0-9a-fA-F]{2}\1){4}[0-9a-fA-F]{2}$")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_PHONE = re.compile(r"^\+?[\d\s().-]{7,20}$")
_COORDS = re.compile(r"^\s*(-?\d{1,3}\.\d+)\s*[,;]\s*(-?\d{1,3}\.\d+)\s*$")


@dataclass(frozen=True, slots=True)
class Variant:
    """One searchable form of a canary."""

    canary: int
    """Index of the canary in the detector's list."""
    pattern: str
    """The text searched for (original case)."""
    hashed: str | None
    """Transformation reported in the finding; None when the value travels readable."""
    how: str
    """Explanation for the finding's ``why``."""
    sensitive: bool = False
    """True when case matters (base64)."""
    numeric: bool = False
    """True when the pattern must not be glued to other digits (coordinates, phone digits)."""
    bounded: bool = True
    """True when the pattern must not be glued to other letters/digits (all but base64)."""


def _b64(data: bytes) -> tuple[str, str]:
    std = base64.b64encode(data).decode().rstrip("=")
    return std, std.replace("+", "-").replace("/", "_")


def _readable_forms(value: str) -> Iterator[tuple[str, str]]:
    """Yield (text, how) for the readable encodings of ``value``."""
    yield value, "as is"
    yield quote(value, safe=""), "URL-encoded"
    yield quote_plus(value), "URL-encoded (quote_plus)"
    yield quote(value, safe="/:?=&"), "URL-encoded (encodeURI)"
    yield quote(quote(value, safe=""), safe=""), "URL-encoded twice"
    if " " in value:
        yield value.replace(" ", "+"), "spaces as +"
        yield value.replace(" ", "%20"), "spaces as %20"
    yield value.replace("/", "\\/"), "JSON-escaped"
    yield json.dumps(value)[1:-1], "JSON-escaped"
    yield json.dumps(value)[1:-1].replace("/", "\\/"), "JSON-escaped"


def _shape_forms(value: str) -> Iterator[tuple[str, str, bool]]:
    """Yield (text, how, numeric) for forms that depend on what the value looks like."""
    v = value.strip()
    if v != value:
        yield v, "trimmed", False
    if v.lower().startswith(("http://", "https://")):
        parts = urlsplit(v)
        path = parts.path or "/"
        if len(path) >= MIN_PATTERN and path != "/":
            if parts.query:
                yield f"{path}?{parts.query}", "path and query of the URL", False
            yield path, "path of the URL", False
            if path.endswith("/") and len(path) > MIN_PATTERN:
                yield path.rstrip("/"), "path of the URL", False
        if parts.netloc:
            yield v.split("://", 1)[1], "URL without scheme", False
    coords = _COORDS.match(v)
    if coords:
        for part in coords.groups():
            yield part, "coordinate of the location", True
            if "." in part:
                yield part.rstrip("0").rstrip("."), "coordinate of the location", True
    if _MAC.match(v):
        hexd = re.sub(r"[^0-9a-fA-F]", "", v)
        for sep in (":", "-", ""):
            yield sep.join(hexd[i : i + 2] for i in range(0, 12, 2)), "MAC address", False
        yield ".".join(hexd[i : i + 4] for i in range(0, 12, 4)), "MAC address", False
    if _UUID.match(v):
        yield v.replace("-", ""), "UUID without dashes", False
    if _PHONE.match(v) and sum(c.isdigit() for c in v) >= 7:
        yield from _phone_forms(v)


def _phone_forms(v: str) -> Iterator[tuple[str, str, bool]]:
    digits = re.sub(r"\D", "", v)
    yield digits, "phone digits", True
    try:
        num = phonenumbers.parse(v, None if v.startswith("+") else "US")
    except phonenumbers.NumberParseException:
        return
    fmt = phonenumbers.PhoneNumberFormat
    for f in (fmt.E164, fmt.INTERNATIONAL, fmt.NATIONAL, fmt.RFC3966):
        yield phonenumbers.format_number(num, f), "phone number format", True
    yield str(num.national_number), "phone national number", True


def _hash_bases(value: str) -> dict[str, str]:
    """Texts whose digests are searched, with how they were derived from the value."""
    bases = {value: "the value", value.strip().lower(): "the normalised value"}
    v = value.strip()
    if _PHONE.match(v) and sum(c.isdigit() for c in v) >= 7:
        digits = re.sub(r"\D", "", v)
        bases.setdefault(digits, "the phone digits")
        bases.setdefault("+" + digits, "the E.164 number")
    return bases


def canary_variants(index: int, canary: Canary) -> list[Variant]:
    """Every searchable form of ``canary`` (index ``index``), before de-duplication."""
    value = canary.value
    out: list[Variant] = []
    surfaces: list[tuple[str, str, bool]] = [(value, "", False), *_shape_forms(value)]
    for surface, origin, numeric in surfaces:
        prefix = f"{origin}, " if origin else ""
        num = numeric or bool(_NUMERIC.match(surface))
        for text, how in _readable_forms(surface):
            out.append(Variant(index, text, None, prefix + how, numeric=num))
        std, url = _b64(surface.encode())
        out.append(Variant(index, std, "base64", prefix + "base64", sensitive=True, bounded=False))
        out.append(Variant(index, url, "base64", prefix + "URL-safe base64", sensitive=True, bounded=False))
        out.append(Variant(index, surface.encode().hex(), "hex", prefix + "hex-encoded"))
    for base, origin in _hash_bases(value).items():
        data = base.encode()
        for algo in HASHES:
            digest = hashlib.new(algo, data)
            out.append(Variant(index, digest.hexdigest(), algo, f"{algo} of {origin}"))
            std, url = _b64(digest.digest())
            out.append(
                Variant(index, std, f"base64({algo})", f"base64 {algo} of {origin}", sensitive=True, bounded=False)
            )
            out.append(
                Variant(
                    index,
                    url,
                    f"base64({algo})",
                    f"base64url {algo} of {origin}",
                    sensitive=True,
                    bounded=False,
                )
            )
            inner = digest.hexdigest().encode()
            for outer in HASHES:
                out.append(
                    Variant(
                        index,
                        hashlib.new(outer, inner).hexdigest(),
                        f"{outer}({algo})",
                        f"{outer} of the {algo} hex of {origin}",
                    )
                )
    return [v for v in out if len(v.pattern) >= MIN_PATTERN]


def _lower_same_length(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


class CanaryDetector:
    """Finds planted values and their variants with one Aho-Corasick automaton."""

    id: ClassVar[str] = "canary"
    needs: ClassVar[int] = MIN4
    pure: ClassVar[bool] = False

    def __init__(self, canaries: Sequence[Canary]) -> None:
        """Build the automaton over every variant of every canary."""
        self.canaries = [c for c in canaries if len(c.value.strip()) >= 3]
        self._automaton = ahocorasick.Automaton()
        table: dict[str, list[Variant]] = {}
        for i, canary in enumerate(self.canaries):
            seen: set[tuple[str, str | None]] = set()
            for v in canary_variants(i, canary):
                key = _lower_same_length(v.pattern)
                if (key, v.hashed) in seen:
                    continue
                seen.add((key, v.hashed))
                table.setdefault(key, []).append(v)
        for key, variants in table.items():
            self._automaton.add_word(key, (len(key), tuple(variants)))
        self._empty = not table
        if table:
            self._automaton.make_automaton()

    def detect(self, field: Field, ctx: DetectContext) -> Iterable[Detection]:
        """Report each canary (once per transformation) found in ``field``."""
        if self._empty:
            return ()
        hits: dict[tuple[int, str | None], str] = {}
        for text in _texts(field.value):
            self._scan(text, hits)
        if not hits:
            return ()
        referer = _is_referer(field)
        out = []
        for (i, hashed), how in hits.items():
            canary = self.canaries[i]
            kind = canary.kind
            if field.path[:1] == ("url",) and _is_the_page_load(canary, field, ctx):
                continue  # the request is the page load (or search) itself, not a leak of it
            low = referer and kind == "visited_url"
            if low:
                kind = "referrer_url"
            out.append(
                Detection(
                    kind=kind,
                    value=canary.value,
                    detector=self.id,
                    confidence=1.0,
                    why=f"planted {canary.label} found ({how})",
                    canary=canary.label,
                    hashed=hashed,
                    severity="low" if low else "high",
                )
            )
        return out

    def _scan(self, text: str, hits: dict[tuple[int, str | None], str]) -> None:
        low = _lower_same_length(text)
        for end, (length, variants) in self._automaton.iter(low):
            start = end - length + 1
            for v in variants:
                if v.sensitive and text[start : end + 1] != v.pattern:
                    continue
                if v.bounded and not _bounded(low, start, end, v.numeric):
                    continue
                key = (v.canary, v.hashed)
                if key not in hits or _rank(v.how) < _rank(hits[key]):
                    hits[key] = v.how


def _rank(how: str) -> int:
    return 0 if how == "as is" else 1


_ESCAPE_BEFORE = re.compile(r"(?:%[0-9a-f]{2}|\\u[0-9a-f]{4}|\\x[0-9a-f]{2})$")


def _bounded(text: str, start: int, end: int, numeric: bool) -> bool:
    r"""True when the hit at text[start:end+1] is not glued to surrounding letters or digits.

    An escape just before the hit (``%22``, ``\\u0022``) counts as a boundary.
    """
    before = text[start - 1] if start > 0 else ""
    after = text[end + 1] if end + 1 < len(text) else ""
    if _word(before) and _word(text[start]) and not _ESCAPE_BEFORE.search(text, max(0, start - 6), start):
        return False
    if _word(after) and _word(text[end]):
        return False
    if numeric and (before.isdigit() or after.isdigit()):
        return False
    return not (numeric and after == "." and text[end + 2 : end + 3].isdigit())


def _word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _texts(value: str | bytes) -> list[str]:
    if isinstance(value, str):
        return [value]
    texts = [value.decode("latin-1")]
    if not value.isascii():
        try:
            texts.append(value.decode("utf-8"))
        except UnicodeDecodeError:
            pass
    return texts


def _page_key(url: str) -> str | None:
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if not parts.hostname:
        return None
    return f"{parts.hostname.lower()}{parts.path.rstrip('/') or '/'}?{parts.query}"


_SEARCH_PATH = re.compile(r"/(?:search|s|find|results)(?:/|$)|search", re.IGNORECASE)


def _is_the_page_load(canary: Canary, field: Field, ctx: DetectContext) -> bool:
    """True when the request loads the planted page, or is a search page load for the planted query."""
    ex = ctx.exchange
    if field.path == ("url",) and _same_page(canary.value, ex.url):
        return True
    if canary.kind != "search_query" or ex.method != "GET" or ex.body:
        return False
    try:
        path = urlsplit(ex.url).path
    except ValueError:
        return False
    return bool(_SEARCH_PATH.search(path))


def _same_page(canary_value: str, request_url: str) -> bool:
    """True when the planted URL is the very page this request loads."""
    if not canary_value.lower().startswith(("http://", "https://")):
        return False
    key = _page_key(canary_value)
    return key is not None and key == _page_key(request_url)


def _is_referer(field: Field) -> bool:
    if field.path and field.path[0].lower() in ("header:referer", "header:referrer"):
        return True
    return bool(field.keys) and field.keys[0].lower() in ("referer", "header:referer")
