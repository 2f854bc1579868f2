"""JSON Web Tokens (JWS compact form): the header and payload, base64url JSON (signature ignored)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import ClassVar

from phonehome.decoders.base import JWT, DecodeContext, derive
from phonehome.decoders.base64 import b64_bytes
from phonehome.decoders.text import as_text
from phonehome.model import Field

TOKEN = re.compile(r"(eyJ[A-Za-z0-9_-]+)\.(eyJ[A-Za-z0-9_-]*)\.([A-Za-z0-9_-]*)")
"""A JWS compact token, anywhere in a string (``Bearer …``, a cookie, a JSON value)."""


class JwtDecoder:
    """Every JWT in a value: ``jwt`` then ``header`` or ``payload``, each JSON text."""

    name: ClassVar[str] = "jwt"
    tags: ClassVar[frozenset[str]] = frozenset({JWT})

    def decode(self, field: Field, ctx: DecodeContext) -> Iterable[Field] | None:
        """Decode the header and payload of each token in the value."""
        if not isinstance(field.value, str):
            return None
        return self._parts(field, field.value)

    def _parts(self, field: Field, text: str) -> Iterator[Field]:
        for match in TOKEN.finditer(text):
            for part, segment in (("header", match.group(1)), ("payload", match.group(2))):
                data = b64_bytes(segment)
                decoded = None if data is None else as_text(data)
                if decoded:
                    yield derive(field, decoded, (self.name, part))
