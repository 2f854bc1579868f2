"""Identifier candidates: values that could link requests and sessions to one device or person.

The studies code collects them from every field and keeps those seen in more than one session.
Here only per-request randomness is filtered out (nonces, event/message/insert ids, track ids,
timestamps, checksums) along with keys that obviously name SDK constants (tokens, api keys,
project names, versions). Cookies that hold JSON (plain, URL-encoded or base64, such as
``sensorsdata2015jssdkcross`` or ``ph_<token>_posthog``) are opened here too, in case the
decoders left them whole.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import unquote

from phonehome.detectors.base import DetectContext
from phonehome.detectors.keys import KeyLexicon, innermost_key, key_compact
from phonehome.detectors.values import (
    is_hex,
    is_placeholder,
    is_timestamp,
    is_uuid,
    is_version,
    looks_random,
)
from phonehome.model import Field

PER_REQUEST_KEYS = KeyLexicon(
    names={
        "nonce",
        "trackid",
        "insertid",
        "uuid",
        "messageid",
        "eventid",
        "requestid",
        "reqid",
        "traceid",
        "spanid",
        "crc",
        "checksum",
        "time",
        "timestamp",
        "ts",
        "sentat",
        "flushtime",
        "pageviewid",
        "windowid",
        "prevpageviewid",
        "rnd",
        "rand",
        "random",
        "cb",
        "cachebuster",
        "z",
        "sig",
        "signature",
        "hmac",
        "hash",
        "cup2hreq",
        "cup2key",
        "batchid",
        "transactionid",
        "insertuuid",
        "seq",
        "sequence",
        "sequencenumber",
        "nonceid",
        "jsonp",
        "callback",
        "r",
        "t",
        "v",
        "etag",
        "idempotencykey",
        "dedupid",
        "dedupeid",
        "logid",
        "recordid",
        "packetid",
        "msgid",
    },
    words={
        "nonce",
        "timestamp",
        "crc",
        "checksum",
        "insert",
        "message",
        "event",
        "request",
        "trace",
        "span",
        "signature",
        "time",
        "ts",
        "flush",
        "pageview",
        "window",
        "batch",
        "seq",
        "sequence",
    },
    pairs=[{"track", "id"}],
)
"""Keys whose values change with every request or event."""

CONSTANT_KEYS = KeyLexicon(
    names={
        "token",
        "apikey",
        "writekey",
        "project",
        "projectid",
        "projecttoken",
        "libversion",
        "lib",
        "version",
        "sdkversion",
        "appversion",
        "appkey",
        "apptoken",
        "secret",
        "clientsecret",
        "key",
        "tid",
        "measurementid",
        "trackingid",
        "propertyid",
        "dsn",
        "sentrykey",
        "publickey",
        "appid",
        "applicationid",
        "environment",
        "env",
        "release",
        "build",
        "buildnumber",
        "mplib",
        "libmethod",
        "orgid",
        "organizationid",
        "teamid",
        "workspaceid",
        "sourceid",
        "integration",
        "channel",
    },
    words={"token", "apikey", "writekey", "secret", "version", "lib", "sdk", "project", "integration"},
    pairs=[{"api", "key"}, {"write", "key"}, {"app", "key"}, {"app", "token"}],
)
"""Keys naming SDK constants (the same for every user of a site or app)."""

ID_KEYS = KeyLexicon(
    names={"cid", "uid", "duid", "udid", "idfv", "idfa", "gaid", "adid", "oaid", "aaid", "did", "sid", "vid"},
    words={
        "id",
        "ids",
        "uid",
        "uuid",
        "guid",
        "duid",
        "udid",
        "identity",
        "identifier",
        "distinct",
        "anonymous",
        "anon",
        "device",
        "visitor",
        "cookie",
        "client",
        "user",
        "install",
        "instance",
        "fingerprint",
        "imei",
        "androidid",
        "session",
        "login",
    },
)
"""Keys that name an identifier."""

MAX_COOKIE = 8192


_NOT_ID_CHARS = re.compile(r"[\s,;()<>]|[A-Za-z]/\d")


def _is_id_value(value: str, keyed: bool) -> bool:
    v = value.strip()
    if not (6 if keyed else 10) <= len(v) <= 200 or _NOT_ID_CHARS.search(v):
        return False
    if not keyed and (v.isalpha() or not any(c.isdigit() for c in v)):
        return False  # without an id key, an identifier has digits in it
    if is_placeholder(v) or is_version(v):
        return False
    if is_timestamp(v) or v.startswith(("http:", "https:", "/", "{", "[")):
        return False
    if v.lstrip("-").replace(".", "", 1).isdigit():
        digits = v.lstrip("-").replace(".", "")
        return keyed and len(digits) >= 8 and "." not in v and len(set(digits)) >= 4
    if is_uuid(v):
        return True
    if is_hex(v) and len(v) >= 12:
        return True
    if looks_random(v) and len(v) >= 10 and any(c.isdigit() for c in v):
        return True
    return keyed and len(v) >= 6 and any(c.isdigit() for c in v) and any(c.isalpha() for c in v)


def _json_in_cookie(value: str) -> Any:
    text = value.strip()
    if text.startswith("%7B") or text.startswith("%7b"):
        text = unquote(text)
    if not text.startswith("{"):
        try:
            raw = base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
            text = raw.decode("utf-8")
        except (binascii.Error, ValueError):
            return None
        if not text.startswith("{"):
            return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def _walk(obj: Any, key: str | None, depth: int = 0) -> Iterator[tuple[str, str]]:
    if depth > 6:
        return
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _walk(v, str(k), depth + 1)
    elif isinstance(obj, list):
        for v in obj:
            yield from _walk(v, key, depth + 1)
    elif isinstance(obj, str | int) and not isinstance(obj, bool) and key is not None:
        yield str(obj), key


_KEY_CLASS: dict[str, int] = {}
_DROP, _PLAIN, _KEYED = 0, 1, 2


def _key_class(key: str) -> int:
    """Whether values under ``key`` are dropped, kept when id-shaped, or kept more readily (cached)."""
    got = _KEY_CLASS.get(key)
    if got is None:
        if PER_REQUEST_KEYS.matches(key) or CONSTANT_KEYS.matches(key):
            got = _DROP
        elif ID_KEYS.matches(key) or key_compact(key).endswith("id"):
            got = _KEYED
        else:
            got = _PLAIN
        if len(_KEY_CLASS) < 65536:
            _KEY_CLASS[key] = got
    return got


def _candidate(value: str, key: str | None) -> bool:
    cls = _PLAIN if key is None else _key_class(key)
    return cls != _DROP and _is_id_value(value, cls == _KEYED)


_COOKIE_STEPS: dict[tuple[str, ...], bool] = {}


def _in_cookie(path: tuple[str, ...]) -> bool:
    """Whether one of the first three steps of ``path`` is a cookie (memoised: paths share their starts)."""
    head = path[:3]
    found = _COOKIE_STEPS.get(head)
    if found is None:
        found = any(step[:6].lower() == "cookie" or step[:13].lower() == "header:cookie" for step in head)
        if len(_COOKIE_STEPS) >= MEMO_ENTRIES:
            _COOKIE_STEPS.clear()
        _COOKIE_STEPS[head] = found
    return found


MEMO_ENTRIES = 1 << 15
"""(key, keys, value, where) combinations remembered per process; the memo is emptied when full."""
MEMO_VALUE_MAX = 256
"""Longer values are not memoised."""
_MEMO: dict[tuple[str | None, tuple[str, ...], str, str, bool, bool], tuple[tuple[str, str], ...]] = {}


def identifier_candidates(field: Field, ctx: DetectContext) -> Iterable[tuple[str, str]]:
    """Yield (value, key) for identifier-like values in ``field``, per-request randoms filtered out.

    The answer depends only on the field's key, keys and value and on where it sits (its first path
    step, whether that is all of its path, whether it is in a cookie), so it is memoised on those:
    telemetry sends the same key/value pairs in every event.
    """
    value = field.value
    if not isinstance(value, str) or not 6 <= len(value) <= MAX_COOKIE:
        return ()
    path = field.path
    head = path[0] if path else ""
    single = len(path) == 1
    if single and head in ("url", "body"):
        return ()
    if len(value) > MEMO_VALUE_MAX:
        return _candidates(field, value, head, _in_cookie(path))
    cookie = _in_cookie(path)
    mark = (field.key, field.keys, value, head, single, cookie)
    found = _MEMO.get(mark)
    if found is None:
        found = tuple(_candidates(field, value, head, cookie))
        if len(_MEMO) >= MEMO_ENTRIES:
            _MEMO.clear()
        _MEMO[mark] = found
    return found


def _candidates(field: Field, value: str, head: str, cookie: bool) -> Iterable[tuple[str, str]]:
    path = field.path
    key = innermost_key(field)
    text = value.strip()
    if text[:1] == "{" and is_uuid(text):
        text = text.strip("{}")
    elif text[:1] in "{[":
        return ()
    if not cookie and head[:7].lower() == "header:":
        header = head[7:]
        if header.lower() == "authorization" or (len(path) == 1 and ID_KEYS.matches(header)):
            return [(text, header)] if _is_id_value(text, True) else ()
        return ()
    if key is None:
        return ()
    if cookie:
        doc = _json_in_cookie(text) if len(text) > 16 and text[:1] in "%{eJ" else None
        if doc is not None:
            return [(v, k) for v, k in _walk(doc, key) if _candidate(v, k)]
        if _key_class(key) != _DROP and _is_id_value(text, True):
            return [(text, key)]
        return ()
    return [(text, key)] if _candidate(text, key) else ()
