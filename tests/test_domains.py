"""Registrable domains from the bundled Public Suffix List."""

from __future__ import annotations

import pytest
from publicsuffixlist import PublicSuffixList

from phonehome import domains
from phonehome.domains import registrable_domain


def test_the_list_holds_every_rule_the_library_would_build() -> None:
    """Punycode forms are added by phonehome, not the library: the same rules either way."""
    reference = PublicSuffixList(only_icann=False)
    assert domains._PSL._publicsuffix == reference._publicsuffix  # noqa: SLF001 - the rule set itself


@pytest.mark.parametrize(
    ("host", "want"),
    [
        ("sa.api.intl.miui.com", "miui.com"),
        ("a.b.example.co.uk", "example.co.uk"),
        ("x.shop.test", "shop.test"),
        ("www.example.xn--p1ai", "example.xn--p1ai"),  # .рф as it travels on the wire
        ("shop.xn--80ao21a", "shop.xn--80ao21a"),  # .қаз
        ("user.github.io", "user.github.io"),  # a private-section rule
        ("127.0.0.1", "127.0.0.1"),
    ],
)
def test_registrable_domain(host: str, want: str) -> None:
    assert registrable_domain(host) == want
