"""Percent-encoded text (``%7B%22a%22…``) outside forms and queries, which undo their own escapes."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar
from urllib.parse import unquote_to_bytes

from phonehome.decoders.base import PCT, DecodeContext, derive
from phonehome.decoders.form import is_form
from phonehome.decoders.shape import is_base64_text
from phonehome.decoders.text import to_value
from phonehome.model import Field

_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")


class PercentDecoder:
    """Undo %-escapes of a value that is not a form, a URL or %-escaped base64.

    Those have their own decoders. ``+`` stays as it is: encodeURIComponent escapes it.
    """

    name: ClassVar[str] = "percent"
    tags: ClassVar[frozenset[str]] = frozenset({PCT})

    def decode(self, field: Field, ctx: DecodeContext) -> Iterable[Field] | None:
        """Unescape the value."""
        text = field.value
        if not isinstance(text, str) or not _ESCAPE.search(text):
            return None
        if text.startswith(("http://", "https://")) or is_base64_text(text) or is_form(text):
            return None
        return [derive(field, to_value(unquote_to_bytes(text)), (self.name,))]
