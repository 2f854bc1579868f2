"""Email addresses, anywhere in a value (the pipeline keeps the deepest field that holds one)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import ClassVar
from urllib.parse import unquote

from phonehome.detectors.base import DetectContext
from phonehome.detectors.facts import AT, STR, facts
from phonehome.detectors.keys import KeyLexicon
from phonehome.detectors.seen import SeenValues
from phonehome.model import Detection, Field

EMAIL_RE = re.compile(
    r"(?<![A-Za-z0-9._%+\-/])"
    r"([A-Za-z0-9](?:[A-Za-z0-9._%+\-]{0,62}[A-Za-z0-9_\-+])?)"
    r"@((?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+([A-Za-z]{2,24}))"
    r"(?![A-Za-z0-9\-]|\.[A-Za-z0-9])"
)
"""local@domain.tld, not glued to other address characters."""

NOT_TLDS = frozenset(
    "png jpg jpeg gif svg webp ico bmp tif tiff avif mp4 webm mp3 woff woff2 ttf otf eot js mjs css "
    "map json html htm php asp aspx txt xml pdf zip gz".split()
)
"""File extensions that follow ``@`` in asset names (``icon@2x.png``) and are not domains."""

EMAIL_KEYS = KeyLexicon(
    names={"email", "mail", "em", "emailaddress", "useremail", "contactemail", "login"},
    words={"email", "mail", "emails", "emailaddress"},
)
"""Keys naming an email address: raise confidence."""

MAX_TEXT = 1 << 20


_DOMAIN_CHARS = re.compile(r"[A-Za-z0-9.\-]*")
_MAX_LOCAL = 64
"""Longest local part ``EMAIL_RE`` accepts."""


def _matches(text: str) -> Iterator[re.Match[str]]:
    """``EMAIL_RE.finditer(text, 0, MAX_TEXT)``, searched only around each ``@``.

    Every match holds exactly one ``@``, starts at most 64 characters before it and ends within the
    run of domain characters after it (its look-ahead sees two more), so searching that window per
    ``@`` finds the same matches without trying the regex at every position of a long text.
    """
    end = min(len(text), MAX_TEXT)
    last = 0
    at = text.find("@", 0, end)
    while at != -1:
        if at >= last:
            tail = _DOMAIN_CHARS.match(text, at + 1, end)
            stop = min(tail.end() + 2 if tail else at + 3, end)
            m = EMAIL_RE.search(text, max(last, at - _MAX_LOCAL), stop)
            if m is not None and m.start(2) == at + 1:
                yield m
                last = m.end()
        at = text.find("@", at + 1, end)


def find_emails(text: str) -> list[str]:
    """Return the plausible email addresses in ``text`` (also URL-encoded ones)."""
    if "@" not in text:
        if "%40" not in text:
            return []
        text = unquote(text)
    out = []
    for m in _matches(text):
        local, tld = m.group(1), m.group(3).lower()
        if tld in NOT_TLDS or ".." in local or local.startswith("."):
            continue
        if text[max(0, m.start() - 3) : m.start()] == "://":
            continue
        out.append(m.group(0))
    return out


class EmailDetector:
    """Email addresses in any text value."""

    id: ClassVar[str] = "email"
    needs: ClassVar[int] = STR | AT
    pure: ClassVar[bool] = True

    def __init__(self, seen: SeenValues | None = None) -> None:
        """Optionally record every address found in ``seen`` (so hashes of it can be named)."""
        self.seen = seen

    def detect(self, field: Field, ctx: DetectContext) -> Iterable[Detection]:
        """Report each email address in the field's text."""
        value = field.value
        if not isinstance(value, str) or ("@" not in value and "%40" not in value):
            return ()
        found = find_emails(value)
        if not found:
            return ()
        if self.seen is not None:
            for email in found:
                self.seen.add("email", email, ctx.capture)
        keyed = EMAIL_KEYS.matches(facts(field).key)
        why = "email address pattern" + (" under an email key" if keyed else "")
        return [Detection("email", email, self.id, 0.99 if keyed else 0.9, why) for email in dict.fromkeys(found)]
