"""PostHog: capture endpoints on posthog.com, on reverse proxies and on self-hosted instances.

Wire format (posthog-js, posthog-python, posthog-node): ``{"api_key", "batch": [{event, properties,
distinct_id, uuid}]}`` (Python adds ``sent_at``), or one event with ``api_key``/``token``; posthog-js
gzips it (``compression=gzip-js``) or sends ``data=`` base64. ``properties.$lib`` is ``web`` or
``posthog-<platform>``; project API keys start with ``phc_``. Paths ``/e/``, ``/i/v0/e/``,
``/batch/``, ``/capture/``, ``/s/`` (recordings), ``/decide/`` and ``/flags/``.
"""

from __future__ import annotations

from typing import ClassVar

from phonehome.attribution.fingerprints.base import evidence
from phonehome.attribution.fingerprints.view import RequestView

_PATHS = ("/e", "/i/v0/e", "/batch", "/capture", "/s", "/decide", "/flags", "/track", "/engage")


class PostHog:
    """PostHog SDKs."""

    name: ClassVar[str] = "posthog"
    sdk: ClassVar[str] = "PostHog"
    org: ClassVar[str] = "PostHog"
    category: ClassVar[str] = "analytics"
    hint_names: ClassVar[frozenset[str]] = frozenset({"$lib", "api_key", "token"})

    def match(self, view: RequestView) -> str | None:
        """Evidence when the request has the PostHog shape."""
        lib = view.value("properties.$lib") or view.value("$lib") or ""
        named = lib.startswith("posthog")
        key = view.value("api_key") or view.value("token") or view.param("token") or ""
        project_key = key.startswith("phc_")
        batch = "api_key" in view.top and ("batch" in view.top or "event" in view.top)
        web = lib == "web" and "mp_lib" not in view.keys
        path = view.path_ends(*_PATHS)
        loose = web and path and "distinct_id" in view.keys
        if not (named or project_key or (batch and (web or path)) or loose):
            return None
        return evidence(
            f"$lib={lib}" if lib.startswith(("posthog", "web")) else None,
            "project key phc_…" if project_key else None,
            "api_key + batch" if batch else None,
            f"path {view.path}" if path else None,
        )
