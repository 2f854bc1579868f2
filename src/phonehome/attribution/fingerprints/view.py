"""A cheap, read-only view of one request for payload fingerprints, built in one pass over its fields.

Fingerprints ask the same questions (which query parameters, which form fields, which keys in the
decoded documents, what value under ``lib.$lib``); the view answers each with a dict or set lookup,
so running every fingerprint on a request costs a few microseconds once the view exists.

Decode paths come from the decoding engine: roots ``url``, ``header:Name``, ``body``; a form field is
``("body", "form:NAME")``; a value inside a structured document ends in a document path such as
``[0].properties.$lib`` (the step after the structured decoder, e.g. ``json``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import parse_qsl, urlsplit

from phonehome.model import Exchange, Field

_INDEX = re.compile(r"\[\d+\]")
_FORM_TYPES = ("application/x-www-form-urlencoded",)
_MAX_SELF_PARSE = 1 << 20


class RequestView:
    """What fingerprints look at: URL path and query, form fields, document keys and values."""

    __slots__ = ("exchange", "method", "path", "query", "form", "keys", "top", "values", "dotted",
                 "content_type", "_headers")

    def __init__(self, exchange: Exchange, fields: Sequence[Field]) -> None:
        self.exchange = exchange
        self.method = exchange.method.upper()
        split = urlsplit(exchange.url)
        self.path: str = split.path.lower() or "/"
        """URL path, lower case."""
        self.query: dict[str, str] = {}
        """URL query parameters (first value of each)."""
        for name, value in parse_qsl(split.query, keep_blank_values=True):
            self.query.setdefault(name, value)
        self.form: dict[str, str] = {}
        """Top-level form fields of the body (first value of each)."""
        self.keys: set[str] = set()
        """Every key name seen in the URL and body (query, form, document keys at any depth)."""
        self.top: set[str] = set()
        """Top-level keys of documents in the body or URL (of each object of a top-level array)."""
        self.values: dict[str, str] = {}
        """First text value seen under each key name."""
        self.dotted: dict[str, str] = {}
        """First text value under each ``parent.key`` pair (``lib.$lib``, ``library.name``)."""
        self.content_type = (exchange.header("Content-Type") or "").split(";", 1)[0].strip().lower()
        self._headers: set[str] | None = None
        for fld in fields:
            self._add(fld)
        if not self.form and self.content_type in _FORM_TYPES and exchange.body:
            self._parse_form(exchange.body)

    def _add(self, fld: Field) -> None:
        path = fld.path
        if not path or path[0].startswith("header"):
            return
        text = fld.value if isinstance(fld.value, str) else None
        if len(path) == 2 and path[0] == "body" and path[1].startswith("form:"):
            if text is not None:
                self.form.setdefault(path[1][5:], text)
        key = fld.key
        if key is None:
            return
        self.keys.add(key)
        if text is not None:
            self.values.setdefault(key, text)
        step = path[-1]
        if step == key:
            self.top.add(key)
            return
        if not step.endswith(key) or ":" in step:
            return
        tokens = [t for t in _INDEX.sub(".", step).split(".") if t]
        if not tokens or tokens[-1] != key:
            return
        self.top.add(tokens[0])
        last = len(tokens) - 1
        for i in range(last):
            self.keys.add(tokens[i])
            pair = f"{tokens[i]}.{tokens[i + 1]}"
            if i == last - 1 and text is not None and not self.dotted.get(pair):
                self.dotted[pair] = text
            elif pair not in self.dotted:
                self.dotted[pair] = ""

    def _parse_form(self, body: bytes) -> None:
        try:
            text = body[:_MAX_SELF_PARSE].decode("utf-8")
        except UnicodeDecodeError:
            return
        if "=" not in text:
            return
        for name, value in parse_qsl(text, keep_blank_values=True):
            self.form.setdefault(name, value)
            self.keys.add(name)

    def param(self, name: str) -> str | None:
        """A parameter from the query string or the form body (query first)."""
        value = self.query.get(name)
        return value if value is not None else self.form.get(name)

    def has_params(self, *names: str) -> bool:
        """True when every name is a query parameter or a form field."""
        return all(n in self.query or n in self.form for n in names)

    def value(self, name: str) -> str | None:
        """The first text value under a key (``$lib``) or a ``parent.key`` pair (``lib.$lib``)."""
        if "." in name:
            return self.dotted.get(name)
        found = self.values.get(name)
        return found if found is not None else self.param(name)

    def header(self, name: str) -> str | None:
        """A request header (case-insensitive)."""
        return self.exchange.header(name)

    def has_header(self, name: str) -> bool:
        """True when the request carries a header called ``name`` (case-insensitive)."""
        if self._headers is None:
            self._headers = {k.lower() for k, _ in self.exchange.request_headers}
        return name.lower() in self._headers

    def path_ends(self, *suffixes: str) -> bool:
        """True when the URL path ends with one of ``suffixes`` (ignoring one trailing slash)."""
        path = self.path[:-1] if len(self.path) > 1 and self.path.endswith("/") else self.path
        return any(path.endswith(s) for s in suffixes)
