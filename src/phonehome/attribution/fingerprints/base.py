"""The fingerprint contract: a small class per SDK that recognises its requests by their shape."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Protocol

from phonehome.attribution.fingerprints.view import RequestView


@dataclass(frozen=True, slots=True)
class SdkMatch:
    """An SDK recognised from the shape of a request."""

    fingerprint: str
    """Id of the fingerprint that matched (its module name)."""
    sdk: str
    """SDK name as people know it."""
    org: str
    """Vendor of the SDK."""
    category: str
    """What the SDK does (analytics, crash_reporting, …)."""
    evidence: str
    """The shape features that matched, for the finding's reason."""
    compatible: frozenset[str] = frozenset()
    """Other SDKs speaking the same wire protocol: a domain entry naming one of them wins."""

    def describe(self) -> str:
        """One line for a finding's reason."""
        return f"fingerprint {self.fingerprint} → {self.sdk} by {self.org} ({self.evidence})"


class Fingerprint(Protocol):
    """Recognises one SDK's requests whatever the host: by path, parameters and payload keys."""

    name: ClassVar[str]
    """Stable id."""
    sdk: ClassVar[str]
    """SDK name reported."""
    org: ClassVar[str]
    """SDK vendor reported."""
    category: ClassVar[str]
    """Category reported."""
    hint_names: ClassVar[frozenset[str]]
    """Prefilter: names (query, form or document keys) of which every match needs at least one.

    A fingerprint may also declare ``hint_paths`` (URL path substrings), ``hint_headers`` (lower-case
    header names) and ``hint_types`` (media types); it runs only on requests showing one of its hints.
    """

    def match(self, view: RequestView) -> str | None:
        """Evidence (which features matched) when the request has this SDK's shape, else None."""
        ...


def evidence(*parts: str | None) -> str:
    """Join the features that matched into one evidence string."""
    return ", ".join(p for p in parts if p)
