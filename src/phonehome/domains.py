"""Registrable domains (eTLD+1) from the Public Suffix List bundled with `publicsuffixlist`.

No download ever happens: the package ships its own PSL snapshot. Unknown TLDs (``.test``,
``.local``) follow the PSL's implicit ``*`` rule, so ``a.shop.test`` belongs to ``shop.test``.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from publicsuffixlist import PublicSuffixList

_PSL = PublicSuffixList(only_icann=False)


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
