"""URLs: query parameters (``query:NAME``), fragment parameters, and path segments that carry data.

A REST path names whose record it reads or writes: the segment after a collection of people or
devices (``/customers/omar_8739/events``, ``/users/u-4411``, ``/devices/…``, ``/memberships/<key>``)
is that record's id, keyed like a JSON field would be (``customer_id``, ``user_id``, ``device_id``),
so the detectors see it as one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import ClassVar
from urllib.parse import unquote, urlsplit

from phonehome.decoders.base import B64, EQ, HEX, JSON, JWT, PCT, PERSON_RECORDS, URL, DecodeContext, derive
from phonehome.decoders.form import pairs
from phonehome.decoders.shape import mask_of, str_mask
from phonehome.model import Field

_DATA = mask_of(frozenset({JSON, HEX, PCT, EQ, JWT}))
_BASE64 = mask_of(frozenset({B64}))
_MIXED = re.compile(r"(?=.*[A-Z])(?=.*[a-z]).{12}")

RECORD_COLLECTIONS: dict[str, str] = {
    **{name: f"{record}_id" for record in PERSON_RECORDS for name in (record, f"{record}s")},
    "people": "person_id", "identities": "identity_id",
    "memberships": "member_id",  # /memberships/<key>: a member's memberships (Split's segments, GitHub's orgs)
}
"""Path segments naming a collection of people or devices → the key the next segment (its id) gets."""
_RECORD_ID = re.compile(r"[^/\s]{3,128}")


def _record_id(segment: str) -> bool:
    """True for a path segment that can be a record's id: has a digit or ``@`` (``me``, ``search`` are not)."""
    return bool(_RECORD_ID.fullmatch(segment)) and any(c.isdigit() or c == "@" for c in segment)


def _carries_data(segment: str) -> bool:
    """True for a path segment worth decoding: encoded-looking, and for base64 mixed case.

    Base64 segments need 12+ characters with upper and lower case letters: slugs are lower case.
    """
    mask = str_mask(segment)
    return bool(mask & _DATA or mask & _BASE64 and _MIXED.match(segment))


class UrlDecoder:
    """An absolute URL (or a path with a query) split into the values it carries."""

    name: ClassVar[str] = "url"
    tags: ClassVar[frozenset[str]] = frozenset({URL})

    def decode(self, field: Field, ctx: DecodeContext) -> Iterable[Field] | None:
        """Yield query and fragment parameters, and encoded path segments."""
        text = field.value
        if not isinstance(text, str):
            return None
        try:
            parts = urlsplit(text)
        except ValueError:
            return None
        return self._fields(field, parts.path, parts.query, parts.fragment)

    def _fields(self, field: Field, path: str, query: str, fragment: str) -> Iterator[Field]:
        record: str | None = None
        for index, segment in enumerate(s for s in path.split("/") if s):
            text = unquote(segment)
            if record is not None and _record_id(text):
                yield derive(field, text, (f"path:{index}",), record, (record,))
            elif _carries_data(text):
                yield derive(field, text, (f"path:{index}",))
            record = RECORD_COLLECTIONS.get(segment.lower())
        for name, value in pairs(query):
            yield derive(field, value, (f"query:{name}",), name, (name,))
        if "=" in fragment:
            for name, value in pairs(fragment):
                yield derive(field, value, (f"fragment:{name}",), name, (name,))
