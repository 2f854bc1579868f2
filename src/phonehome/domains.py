"""Registrable domains (eTLD+1) from the Public Suffix List bundled with `publicsuffixlist`.

No download ever happens: the package ships its own PSL snapshot. Unknown TLDs (``.test``,
``.local``) follow the PSL's implicit ``*`` rule, so ``a.shop.test`` belongs to ``shop.test``.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from publicsuffixlist import PSLFILE, PublicSuffixList


def _public_suffix_list() -> PublicSuffixList:
    """The bundled PSL, with the punycode form of each non-ASCII rule added here.

    Left to itself the library runs the idna codec over all ~10,000 rules (0.25 s of every start,
    of every worker process) although only a few hundred are not ASCII already.
    """
    with open(PSLFILE, encoding="utf-8") as source:
        lines = source.read().splitlines()
    encoded = []
    for line in lines:
        rule = line.lower().split(" ")[0].rstrip()
        if rule and not rule.startswith("//") and not rule.isascii():
            bang = "!" if rule.startswith("!") else ""
            encoded.append(bang + rule.lstrip("!").encode("idna").decode("ascii"))
    return PublicSuffixList(lines + encoded, accept_encoded_idn=False, only_icann=False)


_PSL = _public_suffix_list()


@lru_cache(maxsize=65536)
def registrable_domain(host: str) -> str:
    """Return the registrable domain of ``host`` (``sa.api.intl.miui.com`` → ``miui.com``).

    IP addresses and single-label names are returned unchanged.
    """
    host = host.strip(".").lower()
    if not host or _is_ip(host) or "." not in host:
        return host
    return _PSL.privatesuffix(host) or host


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def host_of(url: str) -> str:
    """Return the lower-case hostname of ``url`` without port or credentials ('' if none)."""
    rest = url.split("://", 1)[1] if "://" in url else url
    authority = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    authority = authority.rsplit("@", 1)[-1]
    if authority.startswith("["):
        return authority.split("]", 1)[0].strip("[").lower()
    return authority.split(":", 1)[0].lower()
