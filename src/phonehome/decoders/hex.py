"""Hex-encoded bytes, accepted only when the output is plausible (hashes and ids stay as they are)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from phonehome.decoders.base import HEX, DecodeContext, derive
from phonehome.decoders.text import to_value
from phonehome.model import Field


class HexDecoder:
    """An even-length string of hex digits that decodes into something plausible."""

    name: ClassVar[str] = "hex"
    tags: ClassVar[frozenset[str]] = frozenset({HEX})

    def decode(self, field: Field, ctx: DecodeContext) -> Iterable[Field] | None:
        """Decode the hex string when the result is plausible."""
        text = field.value
        if not isinstance(text, str):
            return None
        try:
            data = bytes.fromhex(text)
        except ValueError:
            return None
        if not ctx.plausible(data):
            return None
        return [derive(field, to_value(data), (self.name,))]
