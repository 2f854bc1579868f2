"""Hashed personal values: a digest (hex or base64) under a key that names what was hashed.

``email_sha256``, ``hashed_email``, ``em`` (Meta, Google), ``ph``, ``imei_md5``, ``mac_sha1``,
``android_id_md5``, ``user_hash`` (a pseudonymous user id: Intercom's identity hash, a hashed
login)… The kind comes from the key; the algorithm from the key when it says, else
from the digest length. When the digest is that of a value seen in clear earlier in the capture
the finding names that value.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable
from typing import ClassVar

from phonehome.detectors.base import DetectContext
from phonehome.detectors.facts import KEY, LEN20_128, TEXT, Facts, facts
from phonehome.detectors.keys import KeyLexicon, key_tokens
from phonehome.detectors.seen import SeenValues
from phonehome.detectors.values import is_hex
from phonehome.model import Detection, Field

ALGO_BY_BYTES = {16: "md5", 20: "sha1", 28: "sha224", 32: "sha256", 48: "sha384", 64: "sha512"}
"""Digest size in bytes → the algorithm it most likely is."""
BYTES_BY_ALGO = {algo: size for size, algo in ALGO_BY_BYTES.items()}

_PERSON_WORDS = ("user", "userid", "uid", "customer", "customerid", "account", "accountid", "member", "person",
                 "visitor", "externalid")
_HASH_WORDS = ("hash", "hashed", "digest", "sha256", "sha1", "md5")
_VETO = {"verified", "optin", "opt", "consent", "domain", "type", "count", "enabled", "status", "valid", "country"}
HASHED_KEYS: dict[str, KeyLexicon] = {
    "email": KeyLexicon(
        names={"em", "email", "hashedemail", "emailhash", "hem", "emailsha256", "emailmd5", "emailsha1", "sha256email"},
        words={"email", "mail", "emails", "emailaddress", "hem"},
        veto=_VETO,
    ),
    "phone": KeyLexicon(
        names={"ph", "phone", "hashedphone", "phonehash", "phonesha256", "msisdn"},
        words={"phone", "phonenumber", "msisdn", "mobile", "tel"},
        veto=_VETO | {"model", "brand"},
    ),
    "imei": KeyLexicon(words={"imei", "meid", "imei1", "imei2"}, veto=_VETO),
    "mac": KeyLexicon(words={"mac", "macaddress", "bssid", "wifimac"}, veto=_VETO),
    "android_id": KeyLexicon(
        names={"androididmd5", "androididsha1"}, words={"androidid", "ssaid"}, pairs=[{"android", "id"}], veto=_VETO
    ),
    "adid": KeyLexicon(
        words={"gaid", "idfa", "adid", "aaid", "oaid", "advertising"}, pairs=[{"gps", "adid"}], veto=_VETO
    ),
    # only where the key says it is a hash: a plain user id is often hex itself
    "user_id": KeyLexicon(
        pairs=[{person, digest} for person in _PERSON_WORDS for digest in _HASH_WORDS],
        veto=_VETO | {"agent", "session", "password", "secret", "token"},
    ),
}
"""Per kind, the keys that say a digest under them is of that kind."""


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


_KIND_CACHE: dict[str, str | None] = {}


def hashed_kind(key: str) -> str | None:
    """The kind a digest under ``key`` is of (cached per key), or None."""
    if key in _KIND_CACHE:
        return _KIND_CACHE[key]
    kind = next((k for k, lex in HASHED_KEYS.items() if lex.matches(key)), None)
    if len(_KIND_CACHE) < 65536:
        _KIND_CACHE[key] = kind
    return kind


class HashedIdentifierDetector:
    """A SHA-256/MD5/… digest under a key naming an email, phone, IMEI, MAC, Android ID or ad id."""

    id: ClassVar[str] = "hashed_id"
    needs: ClassVar[int] = TEXT | KEY | LEN20_128
    pure: ClassVar[bool] = False

    @staticmethod
    def wants_key(key: str | None) -> bool:
        """Only under a key naming a kind that travels hashed."""
        return key is not None and hashed_kind(key) is not None

    @staticmethod
    def wants(field: Field, known: Facts) -> bool:
        """True when the text is no email: a digest may sit there."""
        return "@" not in (known.text or "@")

    def __init__(self, seen: SeenValues | None = None) -> None:
        """Optionally name the value when the digest is that of a value seen in clear."""
        self.seen = seen

    def detect(self, field: Field, ctx: DetectContext) -> Iterable[Detection]:
        """Report a digest under a key naming a personal kind."""
        f = facts(field)
        key, value = f.key, f.text
        if key is None or value is None or not 20 <= len(value) <= 128:
            return ()
        kind = hashed_kind(key)
        if kind is None or "@" in value:
            return ()
        got = digest_hex(value)
        if got is None:
            return ()
        hexd, size = got
        algo = ALGO_BY_BYTES[size]
        named = [t for t in key_tokens(key) if BYTES_BY_ALGO.get(t) == size]
        if named:
            algo = named[0]
        form = "hex" if hexd == value.lower() else "base64"
        known = self.seen.lookup(hexd, ctx.capture) if self.seen is not None else None
        if known is not None and known[0] == kind:
            _, plain, algo = known
            why = f"{algo} ({form}) of {plain}, also sent in clear, under key {key!r}"
            return [Detection(kind, plain, self.id, 0.99, why, hashed=algo)]
        why = f"{size * 8}-bit digest ({form}) under key {key!r}: {algo} of a {kind.replace('_', ' ')}"
        return [Detection(kind, hexd, self.id, 0.85, why, hashed=algo)]
