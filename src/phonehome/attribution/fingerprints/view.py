"""A cheap, read-only view of one request for payload fingerprints.

Fingerprints ask the same questions (which query parameters, which form fields, which keys in the
decoded documents, what value under ``lib.$lib``); the view answers each with a dict or set lookup.
It is built in one lean pass over the fields (key names, first values, form fields); the URL query,
top-level document keys and ``parent.key`` pairs are worked out only when a fingerprint first asks,
which, thanks to the registry's prefilter, happens only for requests that look like some SDK's.

Decode paths come from the decoding engine: roots ``url``, ``header:Name``, ``body``; a form field is
``("body", "form:NAME")``; a value inside a structured document ends in a document path such as
``[0].properties.$lib`` (the step after the structured decoder, e.g. ``json``).
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import parse_qsl

from phonehome.model import Exchange, Field

_FORM_TYPE = "application/x-www-form-urlencoded"
_MAX_SELF_PARSE = 1 << 20


class RequestView:
    """What fingerprints look at: URL path and query, form fields, document keys and values."""

    __slots__ = ("exchange", "method", "path", "form", "keys", "values", "_query_text", "_query",
                 "_top", "_dotted", "_leaf_top", "_docs", "_headers", "_content_type")

    def __init__(self, exchange: Exchange, fields: Sequence[Field]) -> None:
        self.exchange = exchange
        self.method = exchange.method.upper()
        path, self._query_text = _split_url(exchange.url)
        self.path: str = path.lower()
        """URL path, lower case."""
        self.form: dict[str, str] = {}
        """Top-level form fields of the body (first value of each)."""
        self.keys: set[str] = set()
        """Every key name seen in the URL and body (query, form, document keys at any depth)."""
        self.values: dict[str, str] = {}
        """First text value seen under each key name."""
        self._query: dict[str, str] | None = None
        self._leaf_top: set[str] = set()
        self._docs: list[Field] = []
        self._top: set[str] | None = None
        self._dotted: dict[str, str] | None = None
        self._headers: set[str] | None = None
        self._content_type: str | None = None
        self._scan(fields)
        if not self.form and exchange.body and self.content_type == _FORM_TYPE:
            self._parse_form(exchange.body)

    def _scan(self, fields: Sequence[Field]) -> None:
        """One lean pass: key names, first values, form fields, top-level leaf keys.

        Written inline: it runs on every attributed request. Fields that structure questions may
        need later (document paths) are kept aside for the lazy ``top`` and ``dotted``.
        """
        keys, values, form, top, docs = self.keys, self.values, self.form, self._leaf_top, self._docs
        for fld in fields:
            key = fld.key
            if key is None:
                continue
            path = fld.path
            root = path[0] if path else "h"
            if root[:1] == "h":  # header:Name roots are not the payload
                continue
            keys.add(key)
            value = fld.value
            if value.__class__ is str:
                if key not in values:
                    values[key] = value
                if len(path) == 2 and root == "body" and path[1][:5] == "form:":
                    form.setdefault(path[1][5:], value)
                    continue
            step = path[-1]
            if step == key:
                top.add(key)
            elif len(path) > 2:
                docs.append(fld)

    @property
    def query(self) -> dict[str, str]:
        """URL query parameters (first value of each)."""
        if self._query is None:
            self._query = {}
            if self._query_text:
                for name, value in parse_qsl(self._query_text, keep_blank_values=True):
                    self._query.setdefault(name, value)
        return self._query

    @property
    def content_type(self) -> str:
        """Request media type, lower case, without parameters."""
        if self._content_type is None:
            raw = self.exchange.header("Content-Type") or ""
            self._content_type = raw.split(";", 1)[0].strip().lower()
        return self._content_type

    @property
    def top(self) -> set[str]:
        """Top-level keys of documents in the body or URL (of each object of a top-level array)."""
        if self._top is None:
            self._structure()
        assert self._top is not None
        return self._top

    @property
    def dotted(self) -> dict[str, str]:
        """First text value under each ``parent.key`` pair (``lib.$lib``, ``library.name``); '' if not text."""
        if self._dotted is None:
            self._structure()
        assert self._dotted is not None
        return self._dotted

    def _structure(self) -> None:
        """Top-level keys and parent.key pairs, from the document fields kept aside by the scan."""
        top = set(self._leaf_top)
        dotted: dict[str, str] = {}
        heads: dict[str, tuple[str, str]] = {}
        for fld in self._docs:
            key = fld.key
            assert key is not None
            step = fld.path[-1]
            cut = len(step) - len(key) - 1
            if cut <= 0 or step[cut] != "." or not step.endswith(key):
                continue
            head = step[:cut]
            known = heads.get(head)
            if known is None:
                known = heads[head] = _parent_and_first(head, key)
                top.add(known[1] or key)
            parent = known[0]
            if not known[1]:  # "[0].distinct_id": a key of a top-level array's objects
                top.add(key)
            if parent:
                pair = f"{parent}.{key}"
                value = fld.value
                if isinstance(value, str):
                    if not dotted.get(pair):
                        dotted[pair] = value
                elif pair not in dotted:
                    dotted[pair] = ""
        self._top, self._dotted = top, dotted

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

    def names(self) -> set[str]:
        """Every parameter and key name: query, form and document keys (for the registry's prefilter)."""
        if self._query_text:
            return self.keys.union(self.query, self.form)
        return self.keys.union(self.form) if self.form else self.keys

    def param(self, name: str) -> str | None:
        """A parameter from the query string or the form body (query first)."""
        value = self.query.get(name)
        return value if value is not None else self.form.get(name)

    def has_params(self, *names: str) -> bool:
        """True when every name is a query parameter or a form field."""
        query, form = self.query, self.form
        return all(n in query or n in form for n in names)

    def value(self, name: str) -> str | None:
        """The first text value under a key (``$lib``) or a ``parent.key`` pair (``lib.$lib``)."""
        if "." in name:
            return self.dotted.get(name)
        found = self.values.get(name)
        return found if found is not None else self.param(name)

    def header(self, name: str) -> str | None:
        """A request header (case-insensitive)."""
        return self.exchange.header(name)

    @property
    def header_names(self) -> set[str]:
        """Lower-case names of the request headers."""
        if self._headers is None:
            self._headers = {k.lower() for k, _ in self.exchange.request_headers}
        return self._headers

    def has_header(self, name: str) -> bool:
        """True when the request carries a header called ``name`` (case-insensitive)."""
        return name.lower() in self.header_names

    def path_ends(self, *suffixes: str) -> bool:
        """True when the URL path ends with one of ``suffixes`` (ignoring one trailing slash)."""
        path = self.path[:-1] if len(self.path) > 1 and self.path.endswith("/") else self.path
        return path.endswith(suffixes)


def _split_url(url: str) -> tuple[str, str]:
    """(path, query) of a URL, without parsing the query."""
    scheme = url.find("://")
    rest = url[scheme + 3:] if scheme >= 0 else url
    rest = rest.split("#", 1)[0]
    slash = rest.find("/")
    mark = rest.find("?")
    if slash < 0 or (0 <= mark < slash):
        return "/", rest[mark + 1:] if mark >= 0 else ""
    target = rest[slash:]
    path, _, query = target.partition("?")
    return path or "/", query


def _parent_and_first(head: str, key: str) -> tuple[str, str]:
    """For the document path before a key (``batch[0].properties``): its last and first key names.

    ``[0]`` (an element of a top-level array) gives no parent and no first key ('' for both).
    """
    while head[-1:] == "]":
        head = head[: head.rfind("[")]
    while head[:1] == "[":
        close = head.find("]")
        if close < 0:
            return "", ""
        head = head[close + 1:].removeprefix(".")
    if not head:
        return "", ""
    parent = head.rpartition(".")[2].partition("[")[0]
    first = head.partition(".")[0].partition("[")[0]
    return parent, first
