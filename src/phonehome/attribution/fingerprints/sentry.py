"""Sentry: error and performance events to sentry.io or self-hosted Sentry.

Wire format (sentry-python, @sentry/browser, sentry-java …): POST ``/api/<project>/envelope/``
(``application/x-sentry-envelope``: a JSON header line with ``event_id``/``sent_at``/``dsn``/``sdk``,
then item-header + payload lines) or legacy ``/api/<project>/store/``; auth in
``X-Sentry-Auth: Sentry sentry_key=…, sentry_version=7`` or query ``sentry_key=``; events name the
SDK in ``sdk.name`` (``sentry.python``, ``sentry.javascript.browser``).
"""

from __future__ import annotations

import re
from typing import ClassVar

from phonehome.attribution.fingerprints.base import evidence
from phonehome.attribution.fingerprints.view import RequestView

_PATH = re.compile(r"/api/\d+/(envelope|store|security|minidump|unreal)/?$")


class Sentry:
    """Sentry SDKs."""

    name: ClassVar[str] = "sentry"
    sdk: ClassVar[str] = "Sentry"
    org: ClassVar[str] = "Sentry"
    category: ClassVar[str] = "crash_reporting"
    hint_names: ClassVar[frozenset[str]] = frozenset({"sentry_key", "name", "event_id", "sent_at"})
    hint_headers: ClassVar[frozenset[str]] = frozenset({"x-sentry-auth"})
    hint_types: ClassVar[frozenset[str]] = frozenset({"application/x-sentry-envelope"})

    def match(self, view: RequestView) -> str | None:
        """Evidence when the request has the Sentry shape."""
        auth = "sentry_key=" in (view.header("X-Sentry-Auth") or "") or view.param("sentry_key") is not None
        envelope = view.content_type == "application/x-sentry-envelope"
        path = _PATH.search(view.path) is not None
        sdk_name = view.dotted.get("sdk.name") or ""
        named = sdk_name.startswith("sentry.")
        if not (auth or envelope or named or (path and ("event_id" in view.keys or "sent_at" in view.keys))):
            return None
        return evidence(
            "sentry_key auth" if auth else None,
            "x-sentry-envelope" if envelope else None,
            f"path {view.path}" if path else None,
            f"sdk.name={sdk_name}" if named else None,
        )
