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

from phonehome.decoders.base import PERSON_RECORDS
from phonehome.model import Field

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_SPLIT = re.compile(r"[^a-z0-9]+")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_INDEX = re.compile(r"^\[?\d+\]?$")
_BRACKET = re.compile(r"^[^\[\]]*\[([^\]\[0-9][^\]\[]*)\]$")
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


@lru_cache(maxsize=16384)
def clean_key(key: str | None) -> str | None:
    """Strip decode-step prefixes and path noise from a key; array indexes (``[0]``) give None.

    ``form:data`` → ``data``, ``ud[em]`` → ``em``, ``ep.search_term`` → ``search_term``; a dotted
    name ending in a generic word keeps the word before it (``device.id`` → ``device_id``).
    """
    if key is None:
        return None
    key = _STEP_PREFIX.sub("", key).strip()
    bracket = _BRACKET.match(key)
    if bracket:
        key = bracket.group(1)
    elif "." in key and not key.startswith("."):
        head, _, key = key.rpartition(".")
        if key_compact(key) in GENERIC_INNER and head:
            key = f"{head.rsplit('.', 1)[-1]}_{key}"
    if "[" in key and not key.startswith("["):
        key = key.split("[", 1)[0]
    if not key or _INDEX.match(key):
        return None
    return key


GENERIC_INNER = frozenset(
    {
        "id",
        "uuid",
        "guid",
        "value",
        "identifier",
        "name",
        "version",
        "type",
        "key",
        "hash",
        "address",
        "number",
        "no",
        "code",
        "full",
    }
)
"""Innermost keys that say little alone: the enclosing key is prefixed (``device.id`` → ``device_id``)."""

CONTAINERS = frozenset(
    {
        "properties",
        "props",
        "data",
        "context",
        "traits",
        "params",
        "payload",
        "attributes",
        "extra",
        "meta",
        "metadata",
        "set",
        "setonce",
        "batch",
        "events",
        "event",
        "eventproperties",
        "userproperties",
        "body",
        "request",
        "args",
        "fields",
        "values",
        "info",
        "details",
        "d",
        "p",
        "e",
        "ext",
        "custom",
        "customproperties",
        "record",
        "records",
        "message",
        "messages",
        "items",
        "item",
        "identities",
    }
)
"""Enclosing keys that are mere envelopes: never prefixed to a generic inner key."""


def _meaningful(keys: tuple[str, ...]) -> list[str]:
    return [ck for ck in (clean_key(k) for k in keys) if ck]


@lru_cache(maxsize=16384)
def _context_key(key: str | None, keys: tuple[str, ...]) -> str | None:
    chain = _meaningful(keys)
    inner = clean_key(key) or (chain[-1] if chain else None)
    if inner is None:
        return None
    if chain and chain[-1] == inner:
        chain = chain[:-1]
    if key_compact(inner) in GENERIC_INNER and chain and key_compact(chain[-1]) not in CONTAINERS:
        if key_compact(inner) == "name" and key_compact(chain[-1]) in PERSON_RECORDS:
            return inner  # a person's name is what they are called, not their account: no user_name
        return f"{chain[-1]}_{inner}"
    return inner


def innermost_key(field: Field) -> str | None:
    """Return the key that names the field's value.

    That is the innermost meaningful key (array indexes skipped), prefixed by its parent when it
    is generic: ``{"device": {"id": …}}`` → ``device_id``.
    """
    return _context_key(field.key, field.keys)


def parent_key(field: Field) -> str | None:
    """Return the key enclosing the innermost one (``os`` for ``{"os": {"version": …}}``), if any."""
    keys = _meaningful(field.keys)
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
