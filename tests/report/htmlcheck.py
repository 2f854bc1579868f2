"""Reading our own HTML back in tests: tags and attributes, inline scripts, packed evidence, chains."""

from __future__ import annotations

import base64
import gzip
import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

PACKED = re.compile(r'<script type="text/x-phonehome-evidence" id="([^"]+)">([^<]*)</script>')
CHAIN = re.compile(r'<ol class="chain"[^>]*>(.*?)</ol>', re.S)


@dataclass
class Page:
    tags: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    scripts: list[tuple[dict[str, str | None], str]] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._in: tuple[str, dict[str, str | None]] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.page.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._in, self._text = (tag, dict(attrs)), []

    def handle_data(self, data: str) -> None:
        if self._in:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._in and tag == self._in[0]:
            text = "".join(self._text)
            if tag == "script":
                self.page.scripts.append((self._in[1], text))
            else:
                self.page.styles.append(text)
            self._in = None


def parse(document: str) -> Page:
    collector = _Collector()
    collector.feed(document)
    collector.close()
    return collector.page


def unpack_all(document: str) -> str:
    """The HTML of every deferred evidence block, concatenated."""
    return "".join(gzip.decompress(base64.b64decode(body)).decode("utf-8") for _, body in PACKED.findall(document))


def chains(document: str) -> list[tuple[list[str], str]]:
    """Every decode chain shown: its steps and the highlighted value (unescaped)."""
    out = []
    for body in CHAIN.findall(document):
        steps = [html.unescape(s) for s in re.findall(r'<li><span class="n">\d+</span><code>(.*?)</code>', body)]
        value = re.search(r'<mark class="value">(.*?)</mark>', body, re.S)
        out.append((steps, html.unescape(re.sub(r"<[^>]+>", "", value.group(1))) if value else ""))
    return out
