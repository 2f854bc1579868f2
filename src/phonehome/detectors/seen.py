"""Digests of the personal values seen in clear so far in a capture.

Trackers often send a value both in clear and hashed (``email`` and ``email_sha256``, ``imei`` and
``imei_md5``). When a digest under a key naming that kind is the hash of a value already seen,
the finding can name the value itself rather than an anonymous-looking hex string.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import Any, Protocol

from phonehome.detectors.base import CaptureState

DIGESTS: tuple[str, ...] = ("md5", "sha1", "sha224", "sha256", "sha384", "sha512")
"""Algorithms whose digests are indexed."""

MAX_VALUES = 2000
"""Values indexed per capture (a bound for hostile input)."""


def _mac_forms(v: str) -> list[str]:
    hexd = re.sub(r"[^0-9a-fA-F]", "", v).lower()
    pairs = [hexd[i : i + 2] for i in range(0, len(hexd), 2)]
    forms = [":".join(pairs), "-".join(pairs), hexd]
    return forms + [f.upper() for f in forms]


def _phone_forms(v: str) -> list[str]:
    digits = re.sub(r"\D", "", v)
    return [v, digits, "+" + digits]


FORMS: dict[str, Callable[[str], list[str]]] = {
    "email": lambda v: [v, v.strip().lower()],
    "phone": _phone_forms,
    "imei": lambda v: [v],
    "mac": _mac_forms,
    "android_id": lambda v: [v.lower(), v.upper()],
    "adid": lambda v: [v.lower(), v.upper(), v.replace("-", "").lower(), v.replace("-", "").upper()],
}
"""How each kind is written before hashing, by the SDKs that hash it."""


Seen = tuple[str, str, str]
"""What a look-up answers: (kind, value, algorithm)."""


class SeenWatcher(Protocol):
    """Told of every addition and look-up of a :class:`SeenValues`.

    A capture split over processes checks with it that each part's look-ups answer as one process would.
    """

    def added(self, kind: str, value: str) -> None:
        """``add(kind, value, …)`` was called (whether or not the index took the value)."""
        ...

    def looked_up(self, hexdigest: str, answer: Seen | None) -> None:
        """``lookup(hexdigest, …)`` answered ``answer``."""
        ...


_HEX_LENGTH = {algo: 2 * hashlib.new(algo).digest_size for algo in DIGESTS}
_BY_LENGTH = {length: algo for algo, length in _HEX_LENGTH.items()}
_CONSTRUCTORS: dict[str, Callable[[bytes], Any]] = {algo: getattr(hashlib, algo) for algo in DIGESTS}


class SeenValues:
    """Per-capture index: hex digest of a value (in its usual written forms) → (kind, value, algo).

    Digests are computed lazily, one algorithm at a time: a lookup of a 64-hex-digit digest hashes
    the values added since the last such lookup with SHA-256 only (digest lengths tell the
    algorithms apart), in the order they were added, so the index answers as if every digest of
    every value had been computed when it was added.
    """

    def __init__(self) -> None:
        """Start empty; the index resets when the capture changes."""
        self._capture: CaptureState | None = None
        self._values: set[tuple[str, str]] = set()
        self._order: list[tuple[str, str]] = []
        self._done: dict[str, int] = dict.fromkeys(DIGESTS, 0)
        self._by_digest: dict[str, dict[str, Seen]] = {algo: {} for algo in DIGESTS}
        self.watcher: SeenWatcher | None = None
        """Told of every addition and look-up, when set."""

    def _sync(self, capture: CaptureState) -> None:
        if capture is not self._capture:
            self._capture = capture
            self._values.clear()
            self._order.clear()
            for algo in DIGESTS:
                self._done[algo] = 0
                self._by_digest[algo].clear()

    def add(self, kind: str, value: str, capture: CaptureState) -> None:
        """Index ``value`` of ``kind``, seen in clear in ``capture``."""
        self._sync(capture)
        if self.watcher is not None:
            self.watcher.added(kind, value)
        if (kind, value) in self._values or len(self._values) >= MAX_VALUES or kind not in FORMS:
            return
        self._values.add((kind, value))
        self._order.append((kind, value))

    def lookup(self, hexdigest: str, capture: CaptureState) -> Seen | None:
        """Return (kind, value, algorithm) when ``hexdigest`` hashes a value seen, else None."""
        self._sync(capture)
        answer = self._answer(hexdigest)
        if self.watcher is not None:
            self.watcher.looked_up(hexdigest, answer)
        return answer

    def _answer(self, hexdigest: str) -> Seen | None:
        algo = _BY_LENGTH.get(len(hexdigest))
        if algo is None:
            return None
        index = self._by_digest[algo]
        done = self._done[algo]
        if done < len(self._order):
            new = _CONSTRUCTORS[algo]
            for kind, value in self._order[done:]:
                for form in dict.fromkeys(FORMS[kind](value)):
                    index.setdefault(new(form.encode()).hexdigest(), (kind, value, algo))
            self._done[algo] = len(self._order)
        return index.get(hexdigest.lower())
