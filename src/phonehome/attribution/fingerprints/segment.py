"""Segment (Twilio Segment) and RudderStack, which speaks the same protocol.

Wire format (analytics.js, analytics-python, analytics-node, analytics-android/-ios/-kotlin/-swift):
``/v1/batch`` (``/v1/t|p|i|g|a|s`` and ``/v1/track|page|identify…`` from browsers) with JSON
``{"batch": [{type, event, userId, anonymousId, messageId, context{library{name, version}}}],
"writeKey", "sentAt"}`` and HTTP Basic auth carrying the write key. RudderStack SDKs name their
library ``RudderLabs JavaScript SDK``, ``rudder-…``, ``com.rudderstack.…``, add ``rudderId``, and
set ``channel`` (``web``, ``mobile``, ``server``) on every event, which Segment's libraries leave to
Segment's servers; rudder-sdk-python, a fork of analytics-python, keeps the ``analytics-python`` name.
"""

from __future__ import annotations

from typing import ClassVar

from phonehome.attribution.fingerprints.base import evidence
from phonehome.attribution.fingerprints.view import RequestView

_PATHS = ("/v1/batch", "/v1/import", "/v1/t", "/v1/p", "/v1/i", "/v1/g", "/v1/a", "/v1/s", "/v1/track",
          "/v1/page", "/v1/identify", "/v1/group", "/v1/alias", "/v1/screen")


_CHANNELS = frozenset({"web", "mobile", "server", "sources", "android", "ios"})


def _library(view: RequestView) -> str:
    return view.value("library.name") or ""


def _protocol(view: RequestView) -> bool:
    """The Segment spec's event shape: type plus messageId or anonymousId/userId."""
    return "messageId" in view.keys and ("anonymousId" in view.keys or "userId" in view.keys)


class RudderStack:
    """RudderStack SDKs (Segment-compatible protocol, own library names)."""

    name: ClassVar[str] = "rudderstack"
    sdk: ClassVar[str] = "RudderStack"
    org: ClassVar[str] = "RudderStack"
    category: ClassVar[str] = "analytics"
    hint_names: ClassVar[frozenset[str]] = frozenset({"name", "rudderId", "messageId"})

    def match(self, view: RequestView) -> str | None:
        """Evidence when the request has the RudderStack shape."""
        library = _library(view)
        named = "rudder" in library.lower()
        rudder_id = "rudderId" in view.keys
        channel = view.dotted.get("batch.channel")
        if channel is None and "channel" in view.top:
            channel = view.values.get("channel")
        channel_set = channel in _CHANNELS
        if not (named or ((rudder_id or channel_set) and _protocol(view))):
            return None
        return evidence(
            f"context.library.name={library}" if named else None,
            "rudderId" if rudder_id else None,
            f"events with channel={channel}" if channel_set else None,
        )


class Segment:
    """Segment SDKs."""

    name: ClassVar[str] = "segment"
    sdk: ClassVar[str] = "Segment"
    org: ClassVar[str] = "Twilio Segment"
    category: ClassVar[str] = "analytics"
    hint_names: ClassVar[frozenset[str]] = frozenset({"name", "writeKey", "messageId"})
    compatible: ClassVar[frozenset[str]] = frozenset({"RudderStack", "mParticle", "Jitsu"})

    def match(self, view: RequestView) -> str | None:
        """Evidence when the request has the Segment shape."""
        library = _library(view)
        named = library.startswith("analytics") or library.startswith("@segment")
        write_key = "writeKey" in view.top or "writeKey" in view.keys
        path = view.path_ends(*_PATHS)
        basic = (view.header("Authorization") or "").startswith("Basic ")
        protocol = _protocol(view)
        if not ((named and (protocol or write_key or path)) or (write_key and (protocol or path))
                or (path and protocol and basic)):
            return None
        return evidence(
            f"context.library.name={library}" if named else None,
            "writeKey" if write_key else None,
            "messageId/anonymousId events" if protocol else None,
            f"path {view.path}" if path else None,
            "Basic auth write key" if basic else None,
        )
