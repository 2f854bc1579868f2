"""Hostile input: importers raise only ConfigError; fingerprints never raise on any fields."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phonehome.attribution.fingerprints import DEFAULT_REGISTRY, RequestView
from phonehome.attribution.importers import IMPORTERS, convert
from phonehome.errors import ConfigError
from phonehome.model import Field
from tests.attribution.peel import make_exchange

_text = st.text(max_size=12)
_json = st.recursive(
    st.none() | st.booleans() | st.integers() | _text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["categories", "trackers", "trackerDomains", "entities", "domains", "properties",
                         "name", "owner", "domain", "network_signature", "Advertising", "x"]) | _text,
        inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=_json, fmt=st.sampled_from(sorted(IMPORTERS)))
def test_importers_raise_only_config_error(doc: object, fmt: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "list.json"
        path.write_text(json.dumps(doc))
        try:
            convert(fmt, path)
        except ConfigError:
            pass


_step = st.sampled_from(["json", "base64", "gzip", "form:data", "query:e", "[0]", "a.b", "[1].x.y", ".", "]",
                         "[", "x[", "lib.$lib", "batch[0].channel", ""]) | _text
_field = st.builds(
    Field,
    value=st.text(max_size=20) | st.binary(max_size=20),
    path=st.lists(_step, max_size=4).map(tuple) | st.tuples(st.sampled_from(["url", "body", "header:X", "h", "b", ""]))
    .flatmap(lambda root: st.lists(_step, max_size=4).map(lambda rest: root + tuple(rest))),
    key=st.none() | st.sampled_from(["$lib", "e", "x", "channel", "name", "v", "api_key", ""]) | _text,
)


@settings(max_examples=300, deadline=None)
@given(fields=st.lists(_field, max_size=12), url=st.sampled_from([
    "https://h.test/", "https://h.test/i?e=pv&tv=js-1", "https://h.test/sa?project=p", "h.test", "https://h.test?",
    "https://h.test/a?v=2&tid=G-1&cid=1", "https://h.test/#?x"]))
def test_fingerprints_never_raise(fields: list[Field], url: str) -> None:
    DEFAULT_REGISTRY.identify(RequestView(make_exchange(url, b"a=b"), fields))
