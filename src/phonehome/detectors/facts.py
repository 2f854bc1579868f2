"""What every detector asks of a field, computed once per field and shared.

The pipeline calls each detector in turn on the same field; the first call computes the facts
(the value as text, the trimmed leaf text, the key that names the value) and the others reuse
them, so each detector's own work starts with a dictionary lookup.
"""

from __future__ import annotations

from dataclasses import dataclass

from phonehome.detectors.keys import innermost_key
from phonehome.detectors.values import is_structured
from phonehome.model import Field

MAX_LEAF = 4096
"""Longer values are containers or free text, never one datum."""


@dataclass(slots=True, frozen=True)
class Facts:
    """Shared, precomputed view of one field."""

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


def leaf_value(field: Field, max_len: int = 256) -> str | None:
    """Return the trimmed text of a leaf-like field (not a container, not binary) up to ``max_len``."""
    text = facts(field).text
    return text if text is not None and len(text) <= max_len else None
