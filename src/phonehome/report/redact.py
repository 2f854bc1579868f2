"""Redaction: a copy of the report that can be shared without leaking the data it documents.

Every personal value (each finding's value and each linking identifier) is replaced by a token
``«redacted:ab12cd34»`` built from a salted HMAC of the value, so equal values still get equal
tokens and findings can be told apart, while nobody can test a guess without the salt (random per
run unless given).  Values are masked wherever they occur in any string of the report — URLs,
decode paths, keys, reasons, error messages — in the forms they usually take there: as is, any
letter case, percent-encoded, JSON-escaped, base64, as MD5/SHA-1/SHA-256 hex, a URL's path, the
parts of a composite value.  URLs lose their query and fragment values and identifier-like path
segments too, since undetected data travels there.

Limit: values shorter than :data:`MIN_SUBSTRING` characters are replaced where they stand alone
(the finding's value) but not searched for inside other strings, which would garble everything.
The redacted findings are written to a disk-backed log like a scan's, but the automaton of every
distinct value's forms is held in memory: it grows with the number of distinct values.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import json
import re
import secrets
from collections.abc import Callable, Iterable
from dataclasses import replace
from urllib.parse import quote, quote_plus, unquote_plus, urlsplit

import ahocorasick

from phonehome.findings_log import findings_log
from phonehome.model import CaptureInfo, Finding, Identifier, Report, ReportError, Verdict

TOKEN_PREFIX = "«redacted:"
TOKEN_SUFFIX = "»"
MIN_SUBSTRING = 4
"""Values shorter than this are only replaced where they stand alone."""
_SPLIT = re.compile(r"[\s,;&=?#|@/\\\"'()\[\]{}<>]+")
_TOKEN_RE = re.compile(re.escape(TOKEN_PREFIX) + r"[0-9a-f]{8}" + re.escape(TOKEN_SUFFIX))
_MAC = re.compile(r"[0-9a-f]{2}([:-])(?:[0-9a-f]{2}\1){4}[0-9a-f]{2}", re.IGNORECASE)
_ID_SEGMENT = re.compile(r"(?=[^/]*\d)[^/]{8,}|[A-Za-z0-9_\-+=%.~]{16,}")
Mask = Callable[[str], str]
"""A function that masks the personal values in one string."""
_URL_IN_TEXT = re.compile(r"\b[a-z][a-z0-9+.-]*://[^\s\"'<>]+", re.IGNORECASE)


def redact_report(report: Report, salt: bytes | None = None) -> Report:
    """A copy of ``report`` with every personal value replaced by a salted hash token."""
    masker = Masker(salt if salt is not None else secrets.token_bytes(16))
    masker.add_values(f.value for f in report.findings)
    masker.add_values(i.value for i in report.identifiers)
    m = masker.mask
    return Report(
        version=report.version,
        tool=report.tool,
        captures=[_capture(c, m) for c in report.captures],
        findings=findings_log(_finding(f, masker) for f in report.findings).freeze(),
        identifiers=[_identifier(i, masker) for i in report.identifiers],
        verdicts=[_verdict(v, m) for v in report.verdicts],
        errors=[ReportError(m(e.capture), masker.mask_text(e.message), e.kind) for e in report.errors],
        detectors_used=list(report.detectors_used),
        decoders_used=list(report.decoders_used),
    )


class Masker:
    """Finds personal values (and their usual encodings) in strings and replaces them with tokens."""

    def __init__(self, salt: bytes) -> None:
        """Start with no values; ``salt`` keys the HMAC behind every token."""
        self.salt = salt
        self._forms: dict[str, str] = {}
        self._automaton: ahocorasick.Automaton | None = None

    def token(self, value: str) -> str:
        """The token standing for ``value``."""
        if _TOKEN_RE.fullmatch(value):
            return value
        digest = hmac.new(self.salt, value.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()
        return f"{TOKEN_PREFIX}{digest[:8]}{TOKEN_SUFFIX}"

    def add_values(self, values: Iterable[str]) -> None:
        """Register personal values: every form of each will be masked with the value's token."""
        for value in values:
            if not value or _TOKEN_RE.fullmatch(value):
                continue
            tok = self.token(value)
            for form in variants(value):
                if len(form) >= MIN_SUBSTRING:
                    self._forms.setdefault(form.lower(), tok)
        self._automaton = None

    def _built(self) -> ahocorasick.Automaton | None:
        if self._automaton is None and self._forms:
            automaton = ahocorasick.Automaton()
            for form, tok in self._forms.items():
                automaton.add_word(form, (len(form), tok))
            automaton.make_automaton()
            self._automaton = automaton
        return self._automaton

    def mask(self, text: str) -> str:
        """``text`` with every registered form of every value replaced by its token (any letter case)."""
        automaton = self._built()
        if not text or automaton is None:
            return text
        low = text.lower()
        if len(low) != len(text):  # lowering changed lengths: fold character by character instead
            low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        out = []
        pos = 0
        for end, (length, tok) in automaton.iter_long(low):
            start = end - length + 1
            out.append(text[pos:start])
            out.append(tok)
            pos = end + 1
        if not out:
            return text
        out.append(text[pos:])
        return "".join(out)

    def mask_url(self, url: str) -> str:
        """A URL with known values masked, then every query/fragment value and identifier-like segment."""
        masked = self.mask(url)
        try:
            parts = urlsplit(masked)
        except ValueError:
            return self._mask_pairs(masked)
        path = "/".join(self._segment(s) for s in parts.path.split("/"))
        query = self._mask_pairs(parts.query)
        fragment = self._mask_pairs(parts.fragment)
        netloc = parts.netloc.rsplit("@", 1)[-1]  # user:password@ never survives
        rebuilt = f"{parts.scheme}://{netloc}{path}" if parts.scheme else path
        return rebuilt + (f"?{query}" if parts.query else "") + (f"#{fragment}" if parts.fragment else "")

    def mask_text(self, text: str) -> str:
        """Free text (an error message): values masked, and URLs inside it treated as URLs."""
        return _URL_IN_TEXT.sub(lambda m: self.mask_url(m.group()), self.mask(text))

    def _segment(self, segment: str) -> str:
        if not segment or TOKEN_PREFIX in segment or not _ID_SEGMENT.fullmatch(segment):
            return segment
        return self.token(unquote_plus(segment))

    def _mask_pairs(self, text: str) -> str:
        if not text:
            return text
        out = []
        for pair in text.split("&"):
            name, sep, value = pair.partition("=")
            if not sep:
                out.append(self._segment(name) if len(name) >= MIN_SUBSTRING else name)
            elif len(value) < MIN_SUBSTRING or _TOKEN_RE.fullmatch(value):
                out.append(pair)
            else:
                out.append(f"{name}={self.token(unquote_plus(value))}")
        return "&".join(out)


def variants(value: str) -> list[str]:
    """The forms a value commonly takes inside URLs, payloads and messages (letter case aside)."""
    forms = _encodings(value)
    for hashed in (hashlib.md5, hashlib.sha1, hashlib.sha256):
        forms.append(hashed(value.encode("utf-8", "surrogatepass")).hexdigest())
    if "://" in value:
        try:
            parts = urlsplit(value)
        except ValueError:
            parts = None
        if parts is not None and len(parts.path) > 1:
            forms += _encodings(parts.path)
            forms += _encodings(parts.netloc + parts.path)
            if parts.query:
                forms += _encodings(f"{parts.path}?{parts.query}")
    if _MAC.fullmatch(value):
        bare = re.sub(r"[:-]", "", value)
        forms += [
            bare,
            ":".join(bare[i : i + 2] for i in range(0, 12, 2)),
            "-".join(bare[i : i + 2] for i in range(0, 12, 2)),
        ]
    digits = re.sub(r"\D", "", value)
    if len(digits) >= 7 and len(digits) >= len(value) - 4:  # phone numbers and the like, punctuation dropped
        forms.append(digits)
    for part in _SPLIT.split(value):
        if part != value and len(part) >= 6 and (any(c.isdigit() for c in part) or len(part) >= 10):
            forms += _encodings(part)
        forms += _numbers(part)
    return list(dict.fromkeys(f for f in forms if f))


def _encodings(text: str) -> list[str]:
    raw = text.encode("utf-8", "surrogatepass")
    b64 = base64.b64encode(raw).decode()
    return [
        text,
        quote(raw, safe=""),
        quote(raw, safe="/:"),
        quote_plus(raw),
        quote(quote(raw, safe=""), safe=""),
        json.dumps(text)[1:-1],
        text.replace("/", "\\/"),
        html.escape(text),
        b64,
        b64.rstrip("="),
        base64.urlsafe_b64encode(raw).decode().rstrip("="),
    ]


def _numbers(part: str) -> list[str]:
    """A decimal number also as it prints after a float round trip (-20.54870 → -20.5487)."""
    if not re.fullmatch(r"[-+]?\d+\.\d+", part):
        return []
    number = float(part)
    return [repr(number), part.rstrip("0"), f"{number:.4f}", f"{number:.5f}", f"{number:.6f}"]


def _finding(f: Finding, masker: Masker) -> Finding:
    m = masker.mask
    return replace(
        f,
        value=masker.token(f.value),
        capture=m(f.capture),
        url=masker.mask_url(f.url),
        host=m(f.host),
        org=m(f.org) if f.org else f.org,
        sdk=m(f.sdk) if f.sdk else f.sdk,
        attribution_reason=masker.mask_text(f.attribution_reason) if f.attribution_reason else None,
        path=[masker.mask_text(step) for step in f.path],
        key=m(f.key) if f.key else f.key,
        why=masker.mask_text(f.why),
        canary=m(f.canary) if f.canary else f.canary,
    )


def _identifier(i: Identifier, masker: Masker) -> Identifier:
    m = masker.mask
    return replace(
        i,
        value=masker.token(i.value),
        keys=[m(k) for k in i.keys],
        hosts=[m(h) for h in i.hosts],
        captures=[m(c) for c in i.captures],
    )


def _verdict(v: Verdict, m: Mask) -> Verdict:
    return replace(
        v,
        capture=m(v.capture),
        hosts=[m(h) for h in v.hosts],
        orgs=[m(o) for o in v.orgs],
        summary=m(v.summary),
    )


def _capture(c: CaptureInfo, m: Mask) -> CaptureInfo:
    return replace(c, path=m(c.path), label=m(c.label))
