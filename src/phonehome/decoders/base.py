"""The decoder contract: small registered classes that peel one layer off a Field."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import ClassVar, Protocol

from phonehome.model import Field

# Value shapes ("tags") the engine computes cheaply for every field (see ``shape.py``); a decoder
# declares the tags it applies to and is only called for values carrying one of them.
TEXT = "text"
"""A str of at least 8 characters."""
LONG = "long"
"""A str of more than 24 characters that does not start like JSON or a URL (may embed base64)."""
XORED = "xored"
"""A str whose first and last (or last but one) characters are matching brackets under one XOR key."""
JSON = "json"
"""A str whose first non-blank character is ``{``, ``[`` or ``"``."""
B64 = "b64"
"""A str made only of base64 characters (standard or URL-safe, optional padding or %-escapes)."""
HEX = "hex"
"""A str of an even number (>= 8) of hex digits."""
PCT = "pct"
"""A str holding a %-escape."""
EQ = "eq"
"""A str holding ``=`` (form-encoded candidates)."""
URL = "url"
"""An absolute http(s) URL, or a path with a query string."""
JWT = "jwt"
"""A str holding ``eyJ`` and dots (JWT candidates)."""
COOKIE = "cookie"
"""The value of a request Cookie header."""
MULTIPART = "multipart"
"""A body starting with ``--`` (multipart/form-data candidates)."""
CTRL = "ctrl"
"""A str that may be a binary wire format that happens to be text: it starts with a tab, CR or LF,
or like a protobuf string field whose length ends the text or another field."""
BINARY = "binary"
"""Bytes that are not text."""


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds that keep hostile input safe; hitting one is recorded, never fatal."""

    max_depth: int = 8
    """Maximum number of decode steps from the raw request to a value."""
    max_output_bytes: int = 16 * 1024 * 1024
    """Maximum size of one decompressed/decoded output."""
    max_expansion_ratio: int = 200
    """Maximum decompressed/compressed size ratio (bombs stop here); outputs under 1 MiB always pass."""
    max_fields_per_exchange: int = 20000
    """Maximum number of fields produced for one exchange (total work)."""
    max_bytes_per_exchange: int = 64 * 1024 * 1024
    """Maximum bytes of decoded output produced for one exchange."""
    max_nesting: int = 200
    """Maximum nesting of structured documents (JSON, protobuf, msgpack, CBOR)."""


RATIO_FLOOR = 1 << 20
"""Outputs up to this size are never refused for their expansion ratio alone."""

# Names that formats write as data, shared by the decoders that turn them into keys.
ENTRY_NAME = re.compile(r"[A-Za-z_$@][\w.\-:/$@]{0,127}")
"""A key name carried as a value: the name of a map entry or name/value pair (``email``, ``geo.location.lat``)."""
PERSON_RECORDS: tuple[str, ...] = (
    "customer", "user", "person", "member", "account", "profile", "visitor", "contact", "subscriber",
    "device", "installation", "identity", "player",
)
"""Kinds of records that are a person or a device: their id or key identifies them (``customer_id``)."""


@dataclass(slots=True)
class DecodeContext:
    """Per-exchange state the engine passes to decoders: limits, budget, user keys, hits."""

    limits: Limits
    """The limits in force."""
    keys: tuple[bytes, ...] = ()
    """AES keys supplied by the user (--key HEX)."""
    content_type: str | None = None
    """Request Content-Type, as a hint for body decoders."""
    fields_made: int = 0
    """Fields produced so far for this exchange."""
    bytes_made: int = 0
    """Bytes of decoded output produced so far for this exchange."""
    limits_hit: list[str] = field(default_factory=list)
    """One line per limit hit: which limit, where (decode path)."""
    failures: int = 0
    """Decoders that raised on this exchange (skipped and counted)."""
    one_document: str | None = None
    """The last value the JSON decoder parsed whole: it runs just before the NDJSON decoder on the
    same field, which then knows the value is one document without scanning it again."""

    def hit(self, what: str, path: tuple[str, ...]) -> None:
        """Record that a limit stopped decoding at ``path``."""
        self.limits_hit.append(f"{what} at {' → '.join(path)}")

    def plausible(self, data: bytes) -> bool:
        """True when decoded ``data`` means something (see ``plausible.py``); decoders call this."""
        from phonehome.decoders.plausible import plausible  # deferred: plausible.py imports decoders

        return plausible(data, self)

    def output_cap(self, input_len: int) -> tuple[int, str]:
        """Largest output one decoder may make from ``input_len`` bytes, and the limit that sets it."""
        limits = self.limits
        caps = [
            (limits.max_output_bytes, "max_output_bytes"),
            (max(input_len * limits.max_expansion_ratio, RATIO_FLOOR), "max_expansion_ratio"),
            (max(limits.max_bytes_per_exchange - self.bytes_made, 0), "max_bytes_per_exchange"),
        ]
        return min(caps)


def derive(
    parent: Field,
    value: str | bytes,
    steps: tuple[str, ...],
    key: str | None = None,
    keys: tuple[str, ...] = (),
) -> Field:
    """Make the field one decode step below ``parent``: path extended by ``steps``, keys by ``keys``.

    ``key`` replaces the innermost key when given (structured formats); otherwise it is inherited.
    """
    return Field(
        value,
        parent.path + steps,
        parent.key if key is None else key,
        parent.keys + keys if keys else parent.keys,
        parent.depth + 1,
    )


class Decoder(Protocol):
    """Peels one layer: returns the fields inside ``field``, or None when it does not apply."""

    name: ClassVar[str]
    """Stable name, used in decode paths and reports."""
    tags: ClassVar[frozenset[str]]
    """Value shapes (module constants above) this decoder applies to; the engine routes by them."""

    def decode(self, field: Field, ctx: DecodeContext) -> Iterable[Field] | None:
        """Return the fields found inside ``field`` (None or empty: does not apply)."""
        ...
