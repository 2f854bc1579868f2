"""Digests of the email addresses seen in clear so far in a capture.

Trackers often send an address both in clear and hashed (``email`` and ``email_sha256``). When a
digest under an email key is the hash of an address already seen, the finding can name the
address itself rather than an anonymous-looking hex string.
"""

from __future__ import annotations

import hashlib

from phonehome.detectors.base import CaptureState

DIGESTS: tuple[str, ...] = ("md5", "sha1", "sha224", "sha256", "sha384", "sha512")
"""Algorithms whose digests are indexed."""

MAX_EMAILS = 1000
"""Addresses indexed per capture (a bound for hostile input)."""


class SeenEmails:
    """Per-capture index: hex digest of an address (as seen, and trimmed lower-case) → address."""

    def __init__(self) -> None:
        """Start empty; the index resets when the capture changes."""
        self._capture: CaptureState | None = None
        self._emails: set[str] = set()
        self._by_digest: dict[str, tuple[str, str]] = {}

    def _sync(self, capture: CaptureState) -> None:
        if capture is not self._capture:
            self._capture = capture
            self._emails.clear()
            self._by_digest.clear()

    def add(self, email: str, capture: CaptureState) -> None:
        """Index ``email``, seen in clear in ``capture``."""
        self._sync(capture)
        if email in self._emails or len(self._emails) >= MAX_EMAILS:
            return
        self._emails.add(email)
        for form in dict.fromkeys((email, email.strip().lower())):
            for algo in DIGESTS:
                self._by_digest.setdefault(hashlib.new(algo, form.encode()).hexdigest(), (email, algo))

    def lookup(self, hexdigest: str, capture: CaptureState) -> tuple[str, str] | None:
        """Return (address, algorithm) when ``hexdigest`` is the digest of an address seen, else None."""
        self._sync(capture)
        return self._by_digest.get(hexdigest.lower())
