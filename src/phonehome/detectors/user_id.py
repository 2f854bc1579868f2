"""Account identifiers a person chose or signs in with, under login/user-id keys.

``tomas_3595`` under ``login_id``, ``$user_id``, ``userId`` or ``distinct_id`` (after identify()) is
a user id. Machine-made values under the same keys (UUIDs, hex, cookie ids, service-assigned
numbers) are not a person's chosen name: the device-id detector reports those.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from phonehome.detectors.base import DetectContext
from phonehome.detectors.facts import KEY, TEXT, facts, leaf_value
from phonehome.detectors.keys import KeyLexicon
from phonehome.detectors.values import is_placeholder, is_timestamp, is_version, looks_random
from phonehome.model import Detection, Field

USER_ID_KEYS = KeyLexicon(
    names={
        "userid",
        "identity",
        "account",
        "user",
        "member",
        "customer",
        "login",
        "uid",
        "loginid",
        "username",
        "accountid",
        "accountname",
        "memberid",
        "customerid",
        "distinctid",
        "identityloginid",
        "userkey",
        "useraccount",
        "loginname",
        "nickname",
        "handle",
        "identifiedid",
        "externalid",
        "externaluserid",
        "personid",
        "uname",
        "loginuser",
        "userlogin",
        "clientuserid",
        "enduserid",
        "usrid",
    },
    words={"username", "userid", "loginid", "nickname", "uid", "loginname"},
    pairs=[
        {"user", "id"},
        {"user", "name"},
        {"login", "id"},
        {"login", "name"},
        {"distinct", "id"},
        {"user", "key"},
        {"account", "id"},
        {"account", "name"},
        {"member", "id"},
        {"customer", "id"},
        {"usr", "id"},
        {"usr", "name"},
        {"user", "identifier"},
        {"user", "hint"},
    ],
    veto={
        "agent",
        "type",
        "count",
        "time",
        "ts",
        "created",
        "updated",
        "hash",
        "sha256",
        "md5",
        "sha1",
        "anon",
        "anonymous",
        "device",
        "cookie",
        "session",
        "ua",
        "token",
        "secret",
        "password",
        "pwd",
        "status",
        "state",
        "age",
        "level",
        "role",
        "email",
        "mail",
        "phone",
        "avatar",
        "url",
        "is",
        "has",
        "agreed",
        "consent",
        "prefix",
        "original",
        "first",
        "previous",
        "prev",
        "old",
        "alias",
    },
)
"""Keys holding an account identifier."""


def looks_chosen(text: str) -> bool:
    """True for an account name or email a person picked (``tomas_3595``), not a machine token."""
    if not 3 <= len(text) <= 64 or is_placeholder(text) or text.startswith("$"):
        return False
    if not any(c.isalpha() for c in text) or is_timestamp(text) or is_version(text):
        return False
    if "@" in text:
        return True
    return not looks_random(text) and "/" not in text and "\n" not in text


class UserIdDetector:
    """User-chosen account names and emails under login/user-id keys."""

    id: ClassVar[str] = "user_id"
    needs: ClassVar[int] = TEXT | KEY
    pure: ClassVar[bool] = True

    @staticmethod
    def wants_key(key: str | None) -> bool:
        """Only under a user-id key."""
        return USER_ID_KEYS.matches(key)

    def detect(self, field: Field, ctx: DetectContext) -> Iterable[Detection]:
        """Report an account name under a user-id key."""
        key = facts(field).key
        if not USER_ID_KEYS.matches(key):
            return ()
        text = leaf_value(field, 64)
        if text is None or not looks_chosen(text):
            return ()
        return [Detection("user_id", text, self.id, 0.85, f"account name under user-id key {key!r}")]
