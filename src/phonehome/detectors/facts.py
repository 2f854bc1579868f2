"""What every detector asks of a field, computed once per field and shared.

The facts (the value as text, the trimmed leaf text, the key that names the value) are computed
once per field and reused by every detector. ``features`` condenses them into a bit mask of cheap
shape tests; each detector declares the bits it needs (``needs``, ``needs_any``), and
``DetectorSet`` calls only the detectors whose bits are present.
"""

from __future__ import annotations

from dataclasses import dataclass

from phonehome.detectors.keys import innermost_key
from phonehome.detectors.values import is_structured
from phonehome.model import Field

MAX_LEAF = 4096
"""Longer values are containers or free text, never one datum."""


@dataclass(slots=True, unsafe_hash=True)
class Facts:
    """Shared, precomputed view of one field (a value: not frozen only because that makes it cheaper to build)."""

    value: str | None
    """The value when it is text, None when binary."""
    text: str | None
    """The trimmed value of a leaf (not a container, at most MAX_LEAF characters), else None."""
    key: str | None
    """The key naming the value (see ``keys.innermost_key``)."""


class _Last:
    field: Field | None = None
    facts: Facts = Facts(None, None, None)


def facts(field: Field) -> Facts:
    """Return the facts of ``field`` (cached for the field most recently asked about)."""
    if field is _Last.field:
        return _Last.facts
    value = field.value if isinstance(field.value, str) else None
    text = None
    if value is not None and len(value) <= MAX_LEAF:
        t = value.strip()
        if len(t) >= 2 and t[0] == t[-1] == '"':
            t = t[1:-1].strip()
        if t and not is_structured(t):
            text = t
    result = Facts(value, text, innermost_key(field))
    _Last.field, _Last.facts = field, result
    return result


def remember(field: Field, known: Facts) -> None:
    """Make ``known`` (computed earlier for an equal field) the facts of ``field`` for the next calls."""
    _Last.field, _Last.facts = field, known


# Feature bits: shape tests on a field's value and facts that detectors declare as prerequisites.
STR = 1 << 0
"""The value is text."""
TEXT = 1 << 1
"""The field is a leaf with text (``Facts.text`` is set)."""
KEY = 1 << 2
"""A key names the value (``Facts.key`` is set)."""
AT = 1 << 3
"""The value holds ``@`` or ``%40``."""
SLASH = 1 << 4
"""The value holds ``/``, ``%2F`` or ``%2f``."""
DOT = 1 << 5
"""The value holds ``.``."""
LEN12_17 = 1 << 6
"""The leaf text is 12 to 17 characters long."""
LEN14_24 = 1 << 7
"""The leaf text is 14 to 24 characters long."""
LEN16 = 1 << 8
"""The leaf text is 16 characters long."""
LEN20_128 = 1 << 9
"""The leaf text is 20 to 128 characters long."""
LEN32_38 = 1 << 10
"""The leaf text is 32 to 38 characters long."""
SHORT80 = 1 << 11
"""The leaf text is at most 80 characters long."""
NUMBERISH = 1 << 12
"""The leaf text is at most 32 characters and starts with ``+``, ``(`` or a digit."""
SPACE_PLUS = 1 << 13
"""The leaf text holds both a space and ``+``."""
MIN4 = 1 << 14
"""The value (text or bytes) is at least 4 long."""


def features(known: Facts, field: Field) -> int:
    """The feature bits of ``field`` whose facts are ``known``."""
    value = field.value
    bits = MIN4 if len(value) >= 4 else 0
    if known.value is not None:
        bits |= STR
        if "@" in value or "%40" in value:
            bits |= AT
        if "/" in value or "%2F" in value or "%2f" in value:
            bits |= SLASH
        if "." in value:
            bits |= DOT
    if known.key is not None:
        bits |= KEY
    text = known.text
    if text is not None:
        bits |= TEXT
        n = len(text)
        if n <= 80:
            bits |= SHORT80
            if 12 <= n <= 17:
                bits |= LEN12_17
            if 14 <= n <= 24:
                bits |= LEN14_24
            if n == 16:
                bits |= LEN16
            if 32 <= n <= 38:
                bits |= LEN32_38
            if n <= 32 and text[0] in "+(0123456789":
                bits |= NUMBERISH
        if 20 <= n <= 128:
            bits |= LEN20_128
        if " " in text and "+" in text:
            bits |= SPACE_PLUS
    return bits


def leaf_value(field: Field, max_len: int = 256) -> str | None:
    """Return the trimmed text of a leaf-like field (not a container, not binary) up to ``max_len``."""
    text = facts(field).text
    return text if text is not None and len(text) <= max_len else None
