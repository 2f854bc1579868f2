"""Key lexicons: what the name a value travels under says about the value.

Keys come in every style (``$device_id``, ``deviceId``, ``DEVICE-ID``, ``device.id``); they are
reduced once (cached) to a set of lower-case tokens and a compact form (``deviceid``) and matched
against small lexicons. A lexicon matches when the compact key is one of its names, when a token is
one of its words, or when all words of one of its token pairs are present, and no veto token is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from phonehome.model import Field

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_SPLIT = re.compile(r"[^a-z0-9]+")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_INDEX = re.compile(r"^\[?\d+\]?$")
_STEP_PREFIX = re.compile(r"^(?:form|query|header|cookie|json|param|multipart|field):", re.IGNORECASE)


@lru_cache(maxsize=16384)
def key_tokens(key: str) -> frozenset[str]:
    """Split a key into lower-case word tokens: ``$gps_adid`` → {gps, adid}, ``userId`` → {user, id}."""
    spaced = _CAMEL.sub(" ", key)
    return frozenset(t for t in _SPLIT.split(spaced.lower()) if t)


@lru_cache(maxsize=16384)
def key_compact(key: str) -> str:
    """Lower-case a key and drop everything but letters and digits: ``$Device-ID`` → ``deviceid``."""
    return _NON_ALNUM.sub("", key.lower())


def clean_key(key: str | None) -> str | None:
    """Strip a decode-step prefix (``form:data`` → ``data``) and JSON pointer noise from a key."""
    if key is None:
        return None
    key = _STEP_PREFIX.sub("", key)
    if "." in key and not key.startswith("."):
        key = key.rsplit(".", 1)[-1]
    if "[" in key:
        key = key.split("[", 1)[0] or key
    return key or None


def innermost_key(field: Field) -> str | None:
    """Return the innermost meaningful key of ``field`` (skipping array indexes)."""
    key = clean_key(field.key)
    if key and not _INDEX.match(key):
        return key
    for k in reversed(field.keys):
        ck = clean_key(k)
        if ck and not _INDEX.match(ck):
            return ck
    return None


def parent_key(field: Field) -> str | None:
    """Return the key enclosing the innermost one (``os`` for ``{"os": {"version": …}}``), if any."""
    keys = [k for k in (clean_key(k) for k in field.keys) if k and not _INDEX.match(k)]
    return keys[-2] if len(keys) >= 2 else None


class KeyLexicon:
    """A set of key names and words that mark one kind of value; matching is cached per key."""

    __slots__ = ("names", "words", "pairs", "veto", "_cache")

    def __init__(
        self,
        names: Iterable[str] = (),
        words: Iterable[str] = (),
        pairs: Iterable[Iterable[str]] = (),
        veto: Iterable[str] = (),
    ) -> None:
        """Build a lexicon from compact ``names``, single ``words``, word ``pairs`` and ``veto`` words."""
        self.names = frozenset(names)
        self.words = frozenset(words)
        self.pairs = tuple(frozenset(p) for p in pairs)
        self.veto = frozenset(veto)
        self._cache: dict[str, bool] = {}

    def matches(self, key: str | None) -> bool:
        """True when ``key`` names this kind of value."""
        if not key:
            return False
        hit = self._cache.get(key)
        if hit is None:
            hit = self._match(key)
            if len(self._cache) < 65536:
                self._cache[key] = hit
        return hit

    def _match(self, key: str) -> bool:
        tokens = key_tokens(key)
        if tokens & self.veto:
            return False
        if key_compact(key) in self.names:
            return True
        if tokens & self.words:
            return True
        return any(p <= tokens for p in self.pairs)
