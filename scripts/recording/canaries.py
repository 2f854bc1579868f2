"""Deterministic, fictional planted values ("canaries") for one recorded session.

Values are derived from a seed string, so re-recording a fixture plants the same values and the
committed ``NAME.canaries.json`` files stay stable. Every value is fictional by construction:
e-mail addresses and sites use the reserved ``.test`` TLD, phone numbers the 555 fictional range,
IMEIs are random (Luhn-valid) numbers under a made-up TAC, MACs are locally administered.
"""

from __future__ import annotations

import hashlib
import random
import uuid

FIRST = ["maria", "tomas", "li", "amara", "jonas", "keiko", "omar", "sofia", "ravi", "elena", "noah",
         "zainab"]
LAST = ["okafor", "ferreira", "tanaka", "lindqvist", "moreau", "haddad", "novak", "castillo", "mensah", "ito"]
ADJ = ["velvet", "amber", "quiet", "silver", "hollow", "copper", "brisk", "misty", "scarlet", "gentle"]
NOUN = ["juniper", "falcon", "harbor", "lantern", "meadow", "thistle", "willow", "cobalt", "canyon", "orchid"]


def luhn_check_digit(digits: str) -> str:
    """Return the Luhn check digit that makes ``digits + d`` valid."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:  # doubled positions, counted from the right of the payload
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def luhn_valid(number: str) -> bool:
    return number.isdigit() and luhn_check_digit(number[:-1]) == number[-1]


def make_values(seed: str, *, site: str = "www.example-news.test", model: str = "Redmi Note 8",
                os_version: str = "10", phone_digits: bool = False) -> dict[str, str]:
    """Planted values for one session, keyed by a short name.

    ``phone_digits``: the phone number as country code and digits (``15551234567``), the form an app
    hands an SDK that asks for it (Meta's Conversions API hashes exactly that)."""
    rng = random.Random(seed)
    first, last = rng.choice(FIRST), rng.choice(LAST)
    first2, last2 = rng.choice(FIRST), rng.choice(LAST)
    imei_body = "35" + "".join(str(rng.randrange(10)) for _ in range(12))
    mac = [rng.randrange(256) for _ in range(6)]
    mac[0] = (mac[0] | 0x02) & 0xFE  # locally administered, unicast: never a real vendor's
    lat = rng.uniform(-60, 60)
    lon = rng.uniform(-170, 170)
    email_hashed = f"{first2}.{last2}{rng.randrange(10, 99)}@mailbox.test"
    article = f"/article/{rng.choice(ADJ)}-{rng.choice(NOUN)}-{rng.randrange(10000, 99999)}"
    return {
        "email": f"{first}.{last}{rng.randrange(10, 99)}@mailbox.test",
        "email_hashed": email_hashed,
        "email_sha256": hashlib.sha256(email_hashed.encode()).hexdigest(),
        "user_id": f"{first}_{rng.randrange(1000, 9999)}",
        "imei": imei_body + luhn_check_digit(imei_body),
        "android_id": f"{rng.getrandbits(64):016x}",
        "adid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "mac": ":".join(f"{b:02x}" for b in mac),
        "phone": f"{'' if phone_digits else '+'}1555{rng.randrange(0, 10**7):07d}",
        "lat": f"{lat:.5f}",
        "lon": f"{lon:.5f}",
        "article": article,
        "visited_url": f"https://{site}{article}",
        "visited_url_search": f"https://{site}/search",  # the search page without its query
        "query": f"{rng.choice(ADJ)} {rng.choice(NOUN)} {rng.randrange(100, 999)}",
        "model": model,
        "os_version": os_version,
    }


def sdk_sha256(name: str, value: str) -> str:
    """sha256 of a value as SDKs that hash for the customer normalise it first (Meta's Conversions
    API, Google's enhanced conversions): trimmed and lower-cased, a phone number as its digits."""
    norm = value.strip().lower()
    if name == "phone":
        norm = "".join(ch for ch in norm if ch.isdigit())
    return hashlib.sha256(norm.encode()).hexdigest()


def canary_list(values: dict[str, str], names: list[str],
                extra_kinds: dict[str, str] | None = None) -> list[dict[str, str]]:
    """The ``canaries`` list of a canaries file (the ``phonehome scan --canaries`` format)."""
    kinds = {
        "email": "email", "email_hashed": "email", "user_id": "user_id", "imei": "imei",
        "android_id": "android_id", "adid": "adid", "mac": "mac", "phone": "phone",
        "location": "location", "visited_url": "visited_url", "query": "search_query",
    }
    kinds.update(extra_kinds or {})
    out = []
    for name in names:
        value = f"{values['lat']},{values['lon']}" if name == "location" else values[name]
        out.append({"kind": kinds[name], "value": value, "name": name})
    return out
