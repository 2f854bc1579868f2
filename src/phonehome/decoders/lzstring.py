"""LZ-string (pieroxy's ``lz-string``): LZW over UTF-16 code units, written six bits a character.

Web SDKs use it to squeeze JSON into a URL: CleverTap's web SDK sends every event as
``d=<compressToBase64(JSON)>`` in the query (URL-encoded). Both text forms are read:
``compressToBase64`` (alphabet ``A-Za-z0-9+/``, ``=`` padding; CleverTap's copy pads the stream
to whole 16-bit units first) and ``compressToEncodedURIComponent`` (``A-Za-z0-9+-``, unpadded).

The format has no signature, so the decoder is strict: every literal must be new to the
dictionary, a 16-bit literal must not fit in eight bits, every code must name an entry, the end
marker must come with only zero padding after it, and the output must be JSON or mostly printable
ASCII text, without control characters. Random ids and base64 tokens fail within a few codes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar

import orjson

from phonehome.decoders.base import B64, LONG, DecodeContext, derive
from phonehome.decoders.text import meaningful_text
from phonehome.model import Field

_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+"
_VALUE = {char: index for index, char in enumerate(_ALPHABET)} | {"/": 63, "-": 63}
_STREAM_CHARS = re.compile(r"[A-Za-z0-9+/-]+")
_FIRST_CHARS = frozenset(char for char, value in _VALUE.items() if not value & 0b010000)
"""Characters a stream can start with: its first two bits, read least significant first, are the
first literal's width (0: 8 bits, 1: 16 bits), so the second bit of the first character is 0.
Checked before anything else: most base64 values (digits, ``e`` of ``eyJ``, ``+``) fail it."""
_ESCAPES = (("%2B", "+"), ("%2b", "+"), ("%2F", "/"), ("%2f", "/"), ("%3D", "="), ("%3d", "="))
_FORM_VALUES = ("form:", "query:")
_MIN_CHARS = 12
_MAX_PADDING = 22
"""Zero bits allowed after the end marker: up to 16 (flush to a UTF-16 unit) + 5 (last character)."""
_END = 2
_WHITESPACE = (0x09, 0x0A, 0x0D)
_NONCHARACTERS = (0xFFFE, 0xFFFF)
_MOSTLY_ASCII = 0.9
"""Share of printable ASCII that text (not JSON) must have: JSON may carry any script."""


class _Invalid(Exception):
    """The text is not an LZ-string stream."""


class _TooLarge(Exception):
    """The stream decompresses to more than the limits allow."""


class _Bits:
    """Reads codes from the six-bit characters: bits in order, each code least significant bit first."""

    __slots__ = ("_acc", "_held", "_next", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._next = 0
        self._acc = 0
        self._held = 0

    def read(self, count: int) -> int:
        while self._held < count:
            if self._next >= len(self._text):
                raise _Invalid
            self._acc = self._acc << 6 | _VALUE[self._text[self._next]]
            self._next += 1
            self._held += 6
        self._held -= count
        chunk = self._acc >> self._held
        self._acc &= (1 << self._held) - 1
        return int(f"{chunk:0{count}b}"[::-1], 2)

    def only_padding_left(self) -> bool:
        left = self._held + 6 * (len(self._text) - self._next)
        return 0 < left <= _MAX_PADDING and self._acc == 0 and all(c == "A" for c in self._text[self._next :])


def _literal(bits: _Bits, kind: int, seen: set[str]) -> str:
    code = bits.read(8 if kind == 0 else 16)
    if kind == 1 and code < 0x100:
        raise _Invalid  # the compressor writes such a unit as an 8-bit literal
    if (code < 0x20 and code not in _WHITESPACE) or 0x7F <= code < 0xA0 or code in _NONCHARACTERS:
        raise _Invalid
    char = chr(code)
    if char in seen:
        raise _Invalid  # a literal is written only the first time a unit appears
    seen.add(char)
    return char


def decompress(text: str, max_chars: int) -> str | None:
    """The UTF-16 string compressed in ``text`` (either alphabet), or None when it is not a stream.

    Raises ``OverflowError`` when the output would pass ``max_chars``.
    """
    try:
        return _decompress(_Bits(text), max_chars)
    except _Invalid:
        return None
    except _TooLarge:
        raise OverflowError(max_chars) from None


def _decompress(bits: _Bits, max_chars: int) -> str:
    seen: set[str] = set()
    kind = bits.read(2)
    if kind > 1:
        raise _Invalid
    w = _literal(bits, kind, seen)
    entries = ["", "", "", w]
    out = [w]
    size, num_bits, enlarge_in = 1, 3, 4
    while True:
        code = bits.read(num_bits)
        if code == _END:
            if not bits.only_padding_left():
                raise _Invalid
            return "".join(out)
        if code < _END:
            entries.append(_literal(bits, code, seen))
            code = len(entries) - 1
            enlarge_in -= 1
            if enlarge_in == 0:
                enlarge_in, num_bits = 1 << num_bits, num_bits + 1
        if code < len(entries):
            entry = entries[code]
        elif code == len(entries):
            entry = w + w[0]
        else:
            raise _Invalid
        out.append(entry)
        size += len(entry)
        if size > max_chars:
            raise _TooLarge
        entries.append(w + entry[0])
        w = entry
        enlarge_in -= 1
        if enlarge_in == 0:
            enlarge_in, num_bits = 1 << num_bits, num_bits + 1


def _stream_text(text: str) -> str | None:
    """``text`` without padding and %-escapes, when it is made of one LZ-string alphabet."""
    if "%" in text:
        for escape, char in _ESCAPES:
            text = text.replace(escape, char)
    core = text.rstrip("=")
    if len(core) < _MIN_CHARS or len(text) - len(core) > 2:
        return None
    if _STREAM_CHARS.fullmatch(core) is None or ("/" in core and "-" in core):
        return None
    return core


class LzStringDecoder:
    """A value that is an LZ-string stream (base64 or URI alphabet) of meaningful text."""

    name: ClassVar[str] = "lz-string"
    tags: ClassVar[frozenset[str]] = frozenset({B64, LONG})

    def decode(self, field: Field, ctx: DecodeContext) -> Iterable[Field] | None:
        """Decompress the value when it is a complete stream of meaningful text."""
        value = field.value
        if not isinstance(value, str) or value[:1] not in _FIRST_CHARS:
            return None
        if " " in value and field.path[-1].startswith(_FORM_VALUES):
            value = value.replace(" ", "+")  # form decoding turned an unescaped "+" into a space
        core = _stream_text(value)
        if core is None:
            return None
        cap, limit = ctx.output_cap(len(core))
        try:
            plain = decompress(core, cap)
        except OverflowError:
            ctx.hit(limit, field.path)
            return None
        if plain is None:
            return None
        try:
            data = plain.encode("utf-16", "surrogatepass").decode("utf-16").encode("utf-8")
        except UnicodeError:
            return None
        text = meaningful_text(data)
        if text is None or not _plausible_text(text):
            return None
        return [derive(field, text, (self.name,))]


def _plausible_text(text: str) -> bool:
    """JSON (what SDKs compress), or text that is mostly printable ASCII."""
    if text[0] in "{[":
        try:
            orjson.loads(text)
            return True
        except orjson.JSONDecodeError:
            pass
    ascii_printable = sum(1 for char in text if " " <= char <= "~")
    return ascii_printable >= _MOSTLY_ASCII * len(text)
