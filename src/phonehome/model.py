"""Core data types: the records that flow through the pipeline and into every report.

Every report format (JSON schema, Parquet, HTML) is derived from these dataclasses, so a field
added here appears everywhere at once.

All of them are values: never changed once made. Most are frozen; the four made by the million
in a scan (Field, Detection, Finding, Sighting) are not, because a frozen dataclass's ``__init__``
costs four times as much (it sets every field through ``object.__setattr__``). They still
compare and hash by value (``unsafe_hash``), as frozen ones do: do not assign to their fields.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

Mode = Literal["normal", "private", "opted-out"]
MODES: tuple[str, ...] = ("normal", "private", "opted-out")
Party = Literal["first", "third"]


@dataclass(frozen=True, slots=True)
class Exchange:
    """One HTTP request (and its response, where the capture has it)."""

    capture: str
    """Path of the capture file this exchange was read from."""
    index: int
    """Position of the exchange in its capture, from 0."""
    time: float | None
    """Request start as Unix seconds, when the capture records it."""
    method: str
    """HTTP method, upper case."""
    url: str
    """Full request URL including scheme, host, port (if not default), path and query."""
    host: str
    """Destination hostname, lower case, without port."""
    request_headers: tuple[tuple[str, str], ...]
    """Request headers in wire order, names as written (HTTP/2 pseudo-headers dropped)."""
    body: bytes
    """Raw request body as sent (after Content-Encoding if the capture stored it encoded)."""
    status: int | None = None
    """Response status code, None when no response was captured."""
    response_headers: tuple[tuple[str, str], ...] = ()
    """Response headers in wire order."""
    resource_type: str | None = None
    """Resource type where the capture says (document, xhr, script, …)."""
    server_address: str | None = None
    """Server IP address where known."""
    encrypted: bool = False
    """True when the exchange is a TLS flow that could not be opened (only metadata is known)."""

    def header(self, name: str) -> str | None:
        """Return the first request header called ``name`` (case-insensitive), or None."""
        low = name.lower()
        for key, value in self.request_headers:
            if key.lower() == low:
                return value
        return None


@dataclass(slots=True, unsafe_hash=True)
class Field:
    """A value found somewhere in a request, with the chain of decode steps that led to it."""

    value: str | bytes
    """The value itself: text where it decodes as text, bytes otherwise."""
    path: tuple[str, ...]
    """Decode path from the request to this value, e.g. ("body", "form:data", "base64", "json", "[0].event")."""
    key: str | None = None
    """Name of the innermost key the value sits under (JSON key, form name, header name), if any."""
    keys: tuple[str, ...] = ()
    """All key names on the way to this value, outermost first: context for detectors."""
    depth: int = 0
    """Number of decode steps taken to reach this value."""


@dataclass(frozen=True, slots=True)
class Canary:
    """A value the user planted and wants traced."""

    kind: str
    """Free-text kind (email, imei, visited_url, …); used as the finding kind."""
    value: str
    """The planted value."""
    name: str | None = None
    """Optional label; defaults to the kind."""

    @property
    def label(self) -> str:
        """The name shown in findings."""
        return self.name or self.kind


@dataclass(slots=True, unsafe_hash=True)
class Detection:
    """What a detector reports for one field; the pipeline turns it into a Finding."""

    kind: str
    """Stable kind id (email, imei, visited_url, …)."""
    value: str
    """The personal datum as recognised (the planted value for canary matches)."""
    detector: str
    """Id of the detector that matched."""
    confidence: float
    """0..1: how sure the detector is."""
    why: str
    """Human-readable reason: pattern, validation, context key, transformation."""
    canary: str | None = None
    """Canary label when the value was planted by the user."""
    hashed: str | None = None
    """Transformation the value travelled under (sha256, md5, base64, …), None when sent as is."""
    severity: Literal["high", "medium", "low"] = "high"
    """How much the kind matters to a reader: device fingerprint data and Referer URLs are low."""


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who receives data sent to a host: organisation, product/SDK and category, and why we think so."""

    org: str | None = None
    """Organisation operating the endpoint or owning the SDK."""
    sdk: str | None = None
    """SDK or product recognised (by domain entry or payload fingerprint)."""
    category: str | None = None
    """analytics, advertising, telemetry, crash_reporting, cdn, first_party, …"""
    reason: str | None = None
    """Where the attribution comes from (domain entry and its source, fingerprint name)."""


@dataclass(slots=True, unsafe_hash=True)
class Finding:
    """A personal datum that left the device, with the evidence to show it."""

    kind: str
    """Stable kind id: visited_url, search_query, email, phone, imei, android_id, adid, mac, …"""
    value: str
    """The datum (the planted value when a canary matched)."""
    canary: str | None
    """Canary label, or None for blind detections."""
    hashed: str | None
    """Transformation it travelled under (e.g. sha256), None when sent as is."""
    capture: str
    """Capture file the request came from."""
    exchange: int
    """Index of the request in that capture."""
    time: float | None
    """Request time as Unix seconds, when known."""
    method: str
    """HTTP method of the request."""
    url: str
    """Request URL."""
    host: str
    """Destination hostname without port."""
    party: Party
    """first when the destination shares the registrable domain of a page visited, else third."""
    org: str | None
    """Organisation behind the destination or SDK."""
    sdk: str | None
    """SDK or product recognised."""
    category: str | None
    """Category of the destination (analytics, advertising, …)."""
    attribution_reason: str | None
    """Why the org/sdk were named."""
    path: list[str]
    """Decode path from the raw request to the value."""
    key: str | None
    """Innermost key the value sat under."""
    detector: str
    """Detector id."""
    confidence: float
    """0..1."""
    severity: str
    """high, medium or low."""
    why: str
    """Reason the detector gave."""


@dataclass(frozen=True, slots=True)
class CaptureInfo:
    """One capture scanned in this run."""

    path: str
    """Capture file path as given."""
    format: str
    """Reader that read it (har, flows, …)."""
    exchanges: int
    """Number of exchanges read."""
    mode: str
    """normal, private or opted-out."""
    label: str
    """Session label (file stem unless a study names it)."""
    limits_hit: int = 0
    """Number of exchanges on which a decoding limit was hit."""
    encrypted: int = 0
    """Number of flows that could not be opened (no TLS keys)."""


@dataclass(slots=True, unsafe_hash=True)
class Sighting:
    """An identifier-like value seen in one capture: input to the linkability reduce."""

    value: str
    """The identifier value."""
    key: str
    """The key it sat under."""
    host: str
    """Where it was sent."""
    capture: str
    """Capture label."""
    mode: str
    """Capture mode."""


@dataclass(frozen=True, slots=True)
class Identifier:
    """An identifier value that recurs across captures and so links sessions together."""

    value: str
    """The identifier."""
    keys: list[str]
    """Keys it was sent under."""
    hosts: list[str]
    """Destinations that received it."""
    captures: list[str]
    """Captures (labels) it appears in."""
    modes: list[str]
    """Modes of those captures."""
    persistent: bool
    """True when it appears in more than one capture."""
    crosses_private: bool
    """True when it links a private/opted-out session to another session."""
    crosses_reinstall: bool
    """True when it survives a reinstall (same device, different install number in the study)."""


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether a private or opted-out session still sent personal data."""

    capture: str
    """Capture label."""
    mode: str
    """private or opted-out."""
    leaked: bool
    """True when any finding of a personal kind was sent from that session."""
    kinds: list[str]
    """Kinds of data that still left."""
    hosts: list[str]
    """Hosts that still received it."""
    orgs: list[str]
    """Organisations that still received it."""
    normal_kinds: list[str]
    """Kinds the normal sessions of the study sent, for comparison."""
    summary: str
    """One sentence a reader can quote."""


@dataclass(frozen=True, slots=True)
class ReportError:
    """A problem met during the scan that did not stop it."""

    capture: str
    """Capture file concerned."""
    message: str
    """What went wrong and what to do."""
    kind: Literal["capture", "limit", "notice"] = "capture"
    """capture: the file could not be read (completely); limit: a decoding limit was hit; notice: informational."""


@dataclass(slots=True)
class Report:
    """A full scan result: the JSON report is this object, serialised."""

    version: int
    """Report schema version."""
    tool: str
    """phonehome version that wrote the report."""
    captures: list[CaptureInfo] = field(default_factory=list)
    """Captures scanned."""
    findings: Sequence[Finding] = field(default_factory=list)
    """Every finding, in capture then exchange order."""
    identifiers: list[Identifier] = field(default_factory=list)
    """Identifiers recurring across captures."""
    verdicts: list[Verdict] = field(default_factory=list)
    """Verdicts on private/opted-out sessions."""
    errors: list[ReportError] = field(default_factory=list)
    """Problems met (bad captures, limits hit)."""
    detectors_used: list[str] = field(default_factory=list)
    """Ids of detectors that ran."""
    decoders_used: list[str] = field(default_factory=list)
    """Names of decoders that ran."""
