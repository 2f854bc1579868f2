"""The category vocabulary of attribution, and how each public list's categories map onto it.

Every source names categories its own way ("site_analytics", "Advertisement", "Ad Motivated
Tracking"); a report shows one vocabulary, so each importer maps through a table here.
"""

from __future__ import annotations

CATEGORIES: dict[str, str] = {
    "analytics": "product or site analytics: events, page views, user properties",
    "advertising": "ad serving, ad measurement, retargeting",
    "attribution": "install and campaign attribution (mobile measurement partners)",
    "telemetry": "performance monitoring, diagnostics, usage telemetry",
    "crash_reporting": "crash and error reports",
    "tag_manager": "tag managers that load other trackers",
    "social": "social networks, share and login widgets",
    "push": "push notification services",
    "cdn": "content delivery networks",
    "hosting": "cloud hosting (the operator is the customer, not the host)",
    "services": "a vendor's general service endpoints (updates, accounts, sync)",
    "customer_interaction": "chat, support and feedback widgets",
    "consent": "consent management",
    "media": "audio and video players",
    "comments": "comment systems",
    "email": "email services",
    "fingerprinting": "browser or device fingerprinting",
    "location": "location data collection",
    "identification": "device or user identification services",
    "cryptomining": "cryptocurrency mining",
    "first_party": "the visited site or the app's own backend",
    "misc": "other",
}
"""Every category a report may show, with what it means."""

ADGUARD: dict[str, str | None] = {
    "audio_video_player": "media",
    "comments": "comments",
    "customer_interaction": "customer_interaction",
    "pornvertising": "advertising",
    "advertising": "advertising",
    "essential": "services",
    "site_analytics": "analytics",
    "social_media": "social",
    "misc": "misc",
    "cdn": "cdn",
    "hosting": "hosting",
    "unknown": None,
    "extensions": "misc",
    "email": "email",
    "consent": "consent",
    "telemetry": "telemetry",
    "mobile_analytics": "analytics",
}
"""AdGuard companiesdb / WhoTracks.Me category names."""

DISCONNECT: dict[str, str | None] = {
    "advertising": "advertising",
    "analytics": "analytics",
    "social": "social",
    "content": "misc",
    "cryptomining": "cryptomining",
    "fingerprintinginvasive": "fingerprinting",
    "fingerprintinggeneral": "fingerprinting",
    "email": "email",
    "emailaggressive": "email",
    "disconnect": "misc",
    "consentmanagers": "consent",
}
"""Disconnect services.json category keys, lower-cased."""

TRACKER_RADAR: dict[str, str | None] = {
    "ad motivated tracking": "advertising",
    "advertising": "advertising",
    "ad fraud": "advertising",
    "analytics": "analytics",
    "audience measurement": "analytics",
    "third-party analytics marketing": "analytics",
    "action pixels": "advertising",
    "session replay": "analytics",
    "social network": "social",
    "social - comment": "social",
    "social - share": "social",
    "cdn": "cdn",
    "embedded content": "misc",
    "consent management platform": "consent",
    "tag manager": "tag_manager",
    "malware": "misc",
    "federated login": "identification",
    "sso": "identification",
    "online payment": "services",
    "support chat widget": "customer_interaction",
    "badge": "misc",
    "unknown high risk behavior": "fingerprinting",
    "obscure ownership": "misc",
}
"""DuckDuckGo Tracker Radar category names, lower-cased."""

EXODUS: dict[str, str | None] = {
    "advertisement": "advertising",
    "analytics": "analytics",
    "crash reporting": "crash_reporting",
    "crashreporting": "crash_reporting",
    "identification": "identification",
    "location": "location",
    "profiling": "analytics",
}
"""Exodus Privacy tracker categories, lower-cased."""


def map_category(table: dict[str, str | None], names: list[str] | tuple[str, ...]) -> str | None:
    """Map a source's category names through ``table``; the first one that maps wins.

    A name the table does not know is kept only if it already is one of ours.
    """
    for name in names:
        low = name.strip().lower()
        if low in table:
            mapped = table[low]
            if mapped is not None:
                return mapped
        elif low in CATEGORIES:
            return low
    return None
