"""Base64 in every variant SDKs send, accepted only when the output is plausible.

Standard, URL-safe, unpadded, %-escaped (as Sensors JS sends it), and runs embedded in longer
strings; ``plausible.py`` keeps random ids and tokens from being "decoded" into noise.
"""

from __future__ import annotations

import binascii
import re
from collections.abc import Iterable, Iterator
from typing import ClassVar

from phonehome.decoders.base import B64, LONG, DecodeContext, derive
from phonehome.decoders.form import is_form
from phonehome.decoders.shape import HEXISH, is_base64_text
from phonehome.decoders.text import to_value
from phonehome.model import Field

_RUN = re.compile(r"[A-Za-z0-9+/_-]{24,}={0,2}")
_MIXED = re.compile(r"(?=.*[A-Z])(?=.*[a-z])(?=.*[0-9+/_-])", re.DOTALL)
_ESCAPES = (("%2B", "+"), ("%2b", "+"), ("%2F", "/"), ("%2f", "/"), ("%3D", "="), ("%3d", "="))
_URLSAFE = str.maketrans("-_", "+/")
_MIN_BARE = 12
_MIN_PADDED = 8
_MIN_RUN = 24


def b64_bytes(text: str) -> bytes | None:
    """Decode base64 in either alphabet, with or without padding or %-escapes; None when invalid."""
    if "%" in text:
        for escape, char in _ESCAPES:
            text = text.replace(escape, char)
    core = text.rstrip("=")
    if len(text) - len(core) > 2 or len(core) % 4 == 1:
        return None
    if "-" in core or "_" in core:
        if "+" in core or "/" in core:
            return None
        core = core.translate(_URLSAFE)
    try:
        return binascii.a2b_base64(core + "=" * (-len(core) % 4), strict_mode=True)
    except binascii.Error:
        return None


_FORM_VALUES = ("form:", "query:")


def _unplussed(text: str) -> str:
    """Undo form decoding's ``+`` → space when a client sent base64 unescaped in a form or query.

    Only when the spaces are the sole non-base64 characters; otherwise the value is left as it was.
    """
    candidate = text.replace(" ", "+")
    return candidate if is_base64_text(candidate) else text


def _long_enough(text: str) -> bool:
    padded = text.endswith(("=", "%3D", "%3d"))
    return len(text) >= (_MIN_PADDED if padded else _MIN_BARE)


def _structured(text: str, field: Field) -> bool:
    """JSON, URLs, forms and cookie headers have decoders that hand each value over whole."""
    if text[0] in '{["' or text.startswith(("http://", "https://")) or is_form(text):
        return True
    return field.depth == 0 and field.path[0].lower() == "header:cookie"


class Base64Decoder:
    """A value that is base64 as a whole, or base64 runs of 24+ characters inside a longer string."""

    name: ClassVar[str] = "base64"
    tags: ClassVar[frozenset[str]] = frozenset({B64, LONG})

    def decode(self, field: Field, ctx: DecodeContext) -> Iterable[Field] | None:
        """Decode the value, or the base64 runs inside it, when the result is plausible."""
        text = field.value
        if not isinstance(text, str):
            return None
        if " " in text and field.path[-1].startswith(_FORM_VALUES):
            text = _unplussed(text)
        if is_base64_text(text):
            if not _long_enough(text) or HEXISH.fullmatch(text):
                return None
            data = b64_bytes(text)
            if data is None or not ctx.plausible(data):
                return None
            return [derive(field, to_value(data), (self.name,))]
        if len(text) > _MIN_RUN and not _structured(text, field):
            return self._embedded(field, text, ctx)
        return None

    def _embedded(self, field: Field, text: str, ctx: DecodeContext) -> Iterator[Field]:
        for match in _RUN.finditer(text):
            run = match.group()
            if run.startswith("eyJ") and text[match.end() : match.end() + 1] == ".":
                continue
            if not _MIXED.match(run):
                continue
            data = b64_bytes(run)
            if data is not None and ctx.plausible(data):
                yield derive(field, to_value(data), (self.name,))
