"""App usage: Android package / iOS bundle names under app-, package- or installed-app keys.

A list of installed or running apps is among the most revealing things an SDK sends (health,
dating, banking, religion apps); the app's own package name in SDK metadata is reported too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar

from phonehome.detectors.base import DetectContext
from phonehome.detectors.facts import DOT, KEY, STR, facts
from phonehome.detectors.keys import KeyLexicon
from phonehome.model import Detection, Field

APP_KEYS = KeyLexicon(
    names={
        "package",
        "packagename",
        "pkg",
        "pkgname",
        "bundleid",
        "bundle",
        "bundleidentifier",
        "appid",
        "applicationid",
        "apppackage",
        "apppkg",
        "apps",
        "applist",
        "installedapps",
        "runningapps",
        "foregroundapp",
        "topapp",
        "packages",
        "packagelist",
        "installedpackages",
        "an",
        "app",
    },
    words={"package", "packages", "pkg", "bundle", "apps", "installed", "running", "foreground"},
    pairs=[{"app", "id"}, {"app", "list"}, {"app", "package"}, {"application", "id"}],
    veto={
        "version",
        "build",
        "key",
        "secret",
        "token",
        "lib",
        "sdk",
        "icon",
        "url",
        "type",
        "size",
        "count",
        "hash",
        "signature",
        "manager",
    },
)
"""Keys naming an app package, or a list of them."""

PACKAGE_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9_]*(?:\.[a-zA-Z][a-zA-Z0-9_]*)+$")
_SPLIT = re.compile(r"[,;|\s]+")
TLD_HEADS = frozenset(
    "com org net io cn de fr uk jp kr ru br in it es nl se no fi dk pl tv me co app dev edu gov int "
    "info biz au ca ch at be tw hk sg us eu xyz mobi ai gg ly".split()
)
"""First segments of reverse-domain package names; others need 2+ dots to count."""
FILE_EXTS = frozenset("js json html htm css png jpg gif svg txt xml php py java kt class so dex apk".split())
"""Last segments that make a dotted name a file, not a package."""


def is_package(name: str) -> bool:
    """True for a reverse-domain package name (``com.whatsapp``, ``org.telegram.messenger``)."""
    if not 4 <= len(name) <= 150 or not PACKAGE_RE.match(name):
        return False
    parts = name.split(".")
    if parts[-1].lower() in FILE_EXTS:
        return False
    return parts[0].lower() in TLD_HEADS or len(parts) >= 3


class AppUsageDetector:
    """Package names under app/package-like keys (single values or lists)."""

    id: ClassVar[str] = "app_usage"
    needs: ClassVar[int] = STR | DOT | KEY
    pure: ClassVar[bool] = True

    @staticmethod
    def wants_key(key: str | None) -> bool:
        """Only under an app/package key."""
        return APP_KEYS.matches(key)

    def detect(self, field: Field, ctx: DetectContext) -> Iterable[Detection]:
        """Report the package names in a value under an app/package key."""
        value = field.value
        if not isinstance(value, str) or "." not in value or len(value) > 20000:
            return ()
        key = facts(field).key
        if not APP_KEYS.matches(key):
            return ()
        text = value.strip()
        if text[:1] in "{[":
            return ()
        names = [n for n in _SPLIT.split(text) if n]
        if not names or not all(is_package(n) for n in names):
            return ()
        why = f"package name under key {key!r}"
        return [Detection("app_usage", n, self.id, 0.85, why, severity="medium") for n in dict.fromkeys(names)]
