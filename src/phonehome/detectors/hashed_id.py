"""Hashed email addresses: a digest (hex or base64) under a key that names an email."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable
from typing import ClassVar

from phonehome.detectors.base import DetectContext
from phonehome.detectors.facts import facts, leaf_value
from phonehome.detectors.keys import KeyLexicon, key_tokens
from phonehome.detectors.seen_emails import SeenEmails
from phonehome.detectors.values import is_hex
from phonehome.model import Detection, Field

ALGO_BY_BYTES = {16: "md5", 20: "sha1", 28: "sha224", 32: "sha256", 48: "sha384", 64: "sha512"}
"""Digest size in bytes → the algorithm it most likely is."""
BYTES_BY_ALGO = {algo: size for size, algo in ALGO_BY_BYTES.items()}

HASHED_EMAIL_KEYS = KeyLexicon(
    names={
        "em",
        "email",
        "hashedemail",
        "emailhash",
        "hem",
        "emailsha256",
        "emailmd5",
        "emailsha1",
        "sha256email",
    },
    words={"email", "mail", "emails", "emailaddress", "hem"},
    veto={"verified", "optin", "opt", "consent", "domain", "type", "count", "enabled", "status", "valid"},
)
"""Keys that name an email address (hashed ones are often ``email_sha256``, ``hashed_email``, ``em``)."""


def digest_hex(value: str) -> tuple[str, int] | None:
    """Return (hex, byte length) when ``value`` is a digest in hex or base64, else None."""
    if is_hex(value) and len(value) // 2 in ALGO_BY_BYTES and len(value) % 2 == 0:
        if any(c.isdigit() for c in value) and any(c.isalpha() for c in value):
            return value.lower(), len(value) // 2
        return None
    if 20 <= len(value) <= 90 and not is_hex(value):
        padded = value + "=" * (-len(value) % 4)
        try:
            raw = base64.b64decode(padded.replace("-", "+").replace("_", "/"), validate=True)
        except (binascii.Error, ValueError):
            return None
        if len(raw) in ALGO_BY_BYTES:
            return raw.hex(), len(raw)
    return None


class HashedEmailDetector:
    """A SHA-256/MD5/… digest sent under an email key: the email, hashed."""

    id: ClassVar[str] = "email_hash"

    def __init__(self, seen: SeenEmails | None = None) -> None:
        """Optionally name the address when the digest is that of an address seen in clear."""
        self.seen = seen

    def detect(self, field: Field, ctx: DetectContext) -> Iterable[Detection]:
        """Report a digest under an email-like key as a hashed email."""
        key = facts(field).key
        if not HASHED_EMAIL_KEYS.matches(key):
            return ()
        value = leaf_value(field, 200)
        if value is None or "@" in value:
            return ()
        got = digest_hex(value)
        if got is None:
            return ()
        hexd, size = got
        algo = ALGO_BY_BYTES[size]
        named = [t for t in key_tokens(key or "") if BYTES_BY_ALGO.get(t) == size]
        if named:
            algo = named[0]
        form = "hex" if hexd == value.lower() else "base64"
        known = self.seen.lookup(hexd, ctx.capture) if self.seen is not None else None
        if known is not None:
            email, algo = known
            why = f"{algo} ({form}) of {email}, an address also sent in clear, under key {key!r}"
            return [Detection("email", email, self.id, 0.99, why, hashed=algo)]
        why = f"{size * 8}-bit digest ({form}) under email key {key!r}: {algo} of an email address"
        return [Detection("email", hexd, self.id, 0.85, why, hashed=algo)]
