"""The decoder contract: small registered classes that peel one layer off a Field."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import ClassVar, Protocol

from phonehome.model import Field


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds that keep hostile input safe; hitting one is recorded, never fatal."""

    max_depth: int = 8
    """Maximum number of decode steps from the raw request to a value."""
    max_output_bytes: int = 16 * 1024 * 1024
    """Maximum size of one decompressed/decoded output."""
    max_expansion_ratio: int = 200
    """Maximum decompressed/compressed size ratio (bombs stop here)."""
    max_fields_per_exchange: int = 20000
    """Maximum number of fields produced for one exchange (total work)."""
    max_bytes_per_exchange: int = 64 * 1024 * 1024
    """Maximum bytes of decoded output produced for one exchange."""
    max_nesting: int = 200
    """Maximum nesting of structured documents (JSON, protobuf, msgpack, CBOR)."""


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

    def hit(self, what: str, path: tuple[str, ...]) -> None:
        """Record that a limit stopped decoding at ``path``."""
        self.limits_hit.append(f"{what} at {' → '.join(path)}")


class Decoder(Protocol):
    """Peels one layer: returns the fields inside ``field``, or None when it does not apply."""

    name: ClassVar[str]
    """Stable name, used in decode paths and reports."""

    def decode(self, field: Field, ctx: DecodeContext) -> Iterable[Field] | None:
        """Return the fields found inside ``field`` (None or empty: does not apply)."""
        ...
