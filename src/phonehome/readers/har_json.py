"""A bounded, streaming JSON cursor for the HAR reader: one array item at a time, never the whole file.

The text is decoded chunk by chunk (invalid UTF-8 bytes become lone surrogates, ``surrogateescape``,
so the original bytes can still be recovered from a body) into a window that only ever holds the
item being read. Each item is first parsed whole by the C JSON scanner, the fast path, when it spans
at most ``max_item_chars`` characters of text. An item that is larger, nested deeper than the C
scanner allows (about 1,000 levels), holds a number too long for ``int()`` or is damaged is instead
read by a slow path that builds only the parts a ``Shape`` names, keeps at most ``max_string_chars``
of each string and ``max_list_items`` items of each list, and skips everything else without building
it (strings with ``str.find``, small containers in one call of the C scanner, the rest bracket by
bracket). Time is linear in the size of the file and memory bounded by the caps, whatever the input.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol, TypeAlias

Shape: TypeAlias = None | dict[str, "Shape"] | list["Shape"]
"""What the slow path builds: None a scalar (a container there is skipped and read as None), a dict
an object of which only those keys are built, a one-element list an array of items of that shape."""

_WS = re.compile(r"[ \t\n\r]*")
_STRING_BODY = re.compile(r'[^"\\]*+(?:\\.[^"\\]*+)*+', re.DOTALL)
"""Everything up to the closing quote; stops early only before a backslash that ends the window."""
_REGEX_SPAN = 1 << 16
"""Characters of a string with escapes matched by regular expression before looking for its end faster."""
_BARE = re.compile(r"[-+.0-9A-Za-z]*+")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_LITERALS: dict[str, Any] = {
    "true": True, "false": False, "null": None, "NaN": float("nan"), "Infinity": float("inf"),
    "-Infinity": float("-inf"),
}
_PLAIN = re.compile(r'[^"\[\]{}]*+')
"""Text a skipped container may hold between brackets and strings."""
_JUMP = 1 << 12
"""Characters of text a skipped container may span to be skipped by the C scanner."""
_PARTIAL_ESCAPE = re.compile(r"\\(?:u(?:[0-9A-Fa-f]{0,3}|[dD][89abAB][0-9A-Fa-f]{2}))?\Z")
"""An escape a cut may split: a lone backslash, part of ``\\uXXXX``, or the first half of a surrogate pair."""
_MAX_KEY = 256
"""Characters kept of an object key (a longer key cannot be one a Shape names)."""
_MAX_LITERAL = 16
"""Characters a value's first token may need to be recognised (``-Infinity``)."""
_MAX_BARE = 1000
"""Characters of a number or literal parsed (a longer one is read as None)."""


class Readable(Protocol):
    """A binary file object (only ``read`` is used)."""

    def read(self, size: int = -1, /) -> bytes:
        """Up to ``size`` bytes; b"" at the end."""
        ...


class Truncated(Exception):
    """The text ends inside the document."""


class Malformed(Exception):
    """The text is not JSON at some point."""


@dataclass(frozen=True)
class Caps:
    """What one item may cost."""

    max_item_chars: int
    """Characters of text an item may span to be parsed whole by the fast path."""
    max_string_chars: int
    """Characters kept of one string by the slow path."""
    max_list_items: int
    """Items kept of one list by the slow path."""
    max_kept_chars: int
    """Characters of strings kept in all of one item by the slow path."""


class TextWindow:
    """The file's text decoded chunk by chunk; ``buf[pos:]`` is what has not been consumed yet."""

    def __init__(self, source: Readable, chunk: int) -> None:
        self._source = source
        self._chunk = chunk
        self._carry = b""
        self._decoded = 0
        self.buf = ""
        self.pos = 0
        self.offset = 0
        """Characters dropped before ``buf``."""
        self.eof = False
        self.invalid_at: int | None = None
        """Byte offset (after any BOM or JSONP prefix) of the first invalid UTF-8 byte, if any."""

    def more(self, at_least: int = 1) -> bool:
        """Append at least ``at_least`` more characters (fewer at the end); False when nothing was left."""
        if self.eof:
            return False
        parts = []
        got = 0
        while got < at_least:
            data = self._source.read(max(self._chunk, at_least - got))
            if not data:
                self.eof = True
                data, self._carry = self._carry, b""
                if data:
                    parts.append(self._decode(data))
                break
            data = self._carry + data
            cut = _complete(data)
            data, self._carry = data[:cut], data[cut:]
            text = self._decode(data)
            parts.append(text)
            got += len(text)
        self.offset += self.pos
        self.buf = self.buf[self.pos :] + "".join(parts)
        self.pos = 0
        return bool(parts) and any(parts)

    def _decode(self, data: bytes) -> str:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            if self.invalid_at is None:
                self.invalid_at = self._decoded + exc.start
            text = data.decode("utf-8", "surrogateescape")
        self._decoded += len(data)
        return text

    def where(self) -> str:
        """Where the cursor is, for an error message."""
        return f"at character {self.offset + self.pos:,}"


def _complete(data: bytes) -> int:
    """Where an incomplete UTF-8 sequence at the end of ``data`` begins (``len(data)`` if none)."""
    end = len(data)
    for back in range(1, min(4, end) + 1):
        byte = data[end - back]
        if byte < 0x80:
            return end
        if byte >= 0xC0:
            need = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return end - back if back < need else end
    return end


class JsonCursor:
    """Reads a JSON document from a TextWindow token by token, or an item at a time."""

    def __init__(self, text: TextWindow, caps: Caps) -> None:
        self.text = text
        self.caps = caps
        self._scan = json.JSONDecoder(strict=False).scan_once  # type: ignore[attr-defined]
        self._left = 0
        self._next_jump = 0
        self.notes: list[str] = []
        """What the slow path cut or skipped in the item just read ("path: what")."""

    # --- navigation ----------------------------------------------------------------------------------

    def peek(self) -> str:
        """The next character after whitespace ('' at the end of the text)."""
        t = self.text
        while True:
            t.pos = _WS.match(t.buf, t.pos).end()  # type: ignore[union-attr]
            if t.pos < len(t.buf):
                return t.buf[t.pos]
            if not t.more():
                return ""

    def fail(self, expected: str) -> Exception:
        """The error for meeting something else than ``expected`` at the cursor."""
        found = self.peek()
        if not found:
            return Truncated(f"the file ends where {expected} was expected")
        return Malformed(f"expected {expected} {self.text.where()}, found {found!r}")

    def enter(self, bracket: str) -> bool:
        """Step into an object or array opening here; False (nothing consumed) when it is something else."""
        if self.peek() != bracket:
            return False
        self.text.pos += 1
        return True

    def members(self) -> Iterator[str]:
        """The keys of the object just entered; the caller reads or skips each value before the next."""
        if self.peek() == "}":
            self.text.pos += 1
            return
        while True:
            if self.peek() != '"':
                raise self.fail("an object key")
            key = self.string(_MAX_KEY)[0]
            if self.peek() != ":":
                raise self.fail("':' after an object key")
            self.text.pos += 1
            yield key
            if self._closed("}", "an object"):
                return

    def items(self) -> Iterator[None]:
        """Once per item of the array just entered; the caller reads or skips the item each time."""
        if self.peek() == "]":
            self.text.pos += 1
            return
        while True:
            yield None
            if self._closed("]", "an array"):
                return

    def _closed(self, bracket: str, where: str) -> bool:
        """After a member or item: True at the closing ``bracket``, False at a comma (both consumed)."""
        char = self.peek()
        if char == bracket or char == ",":
            self.text.pos += 1
            return char == bracket
        raise self.fail(f"',' or '{bracket}' in {where}")

    def end(self) -> None:
        """Only whitespace may follow the document."""
        if self.peek():
            raise Malformed(f"data after the end of the JSON document {self.text.where()}")

    # --- values ----------------------------------------------------------------------------------------

    def item(self, shape: Shape) -> tuple[Any, str | None]:
        """The value at the cursor, whole when it fits the fast path, else as ``shape`` with caps.

        Returns the value and why the slow path was taken: None (it was not), "large", "deep",
        "number" or "damaged" (not JSON; the slow path raises unless the damage is in a part it skips).
        ``notes`` then says what was cut.
        """
        self.notes = []
        t = self.text
        self.peek()
        while True:
            try:
                value, end = self._scan(t.buf, t.pos)
            except StopIteration as stop:  # no value where one was expected
                if t.eof or stop.value < len(t.buf) - _MAX_LITERAL:
                    reason = "damaged"  # not for want of text: the slow path says where
                    break
                end = -1
            except json.JSONDecodeError as exc:
                if t.eof or (exc.pos < len(t.buf) - _MAX_LITERAL and not exc.msg.startswith("Unterminated")):
                    reason = "damaged"
                    break
                end = -1  # the window ends inside the item: read on
            except RecursionError:
                reason = "deep"
                break
            except ValueError:  # an integer beyond int()'s digit limit
                reason = "number"
                break
            if end - t.pos > self.caps.max_item_chars:
                reason = "large"
                break
            if end >= 0 and (end < len(t.buf) or t.eof):  # a number ending the window may go on
                t.pos = end
                return value, None
            span = len(t.buf) - t.pos
            if span >= self.caps.max_item_chars:
                reason = "large"
                break
            if not t.more(span) and end < 0:
                reason = "damaged"  # the file ends inside the item: the slow path says so
                break
        self._left = self.caps.max_kept_chars
        return self.build(shape, ""), reason

    def build(self, shape: Shape, path: str) -> Any:
        """The value at the cursor built as ``shape`` says, within the caps."""
        char = self.peek()
        if char == "{" and isinstance(shape, dict):
            self.text.pos += 1
            obj = {}
            for key in self.members():
                if key in shape:
                    obj[key] = self.build(shape[key], f"{path}.{key}" if path else key)
                else:
                    self.skip()
            return obj
        if char == "[" and isinstance(shape, list):
            return self._list(shape[0], path)
        if shape is not None or char in ("{", "["):
            self.skip()
            return None
        if char == '"':
            keep = max(0, min(self.caps.max_string_chars, self._left))
            value, size, kept = self.string(keep)
            self._left -= kept
            if size > kept:
                self.notes.append(f"{path or 'value'}: {size:,} characters, only the first {kept:,} kept")
            return value
        return self._bare(path)

    def _list(self, shape: Shape, path: str) -> list[Any]:
        self.text.pos += 1
        out: list[Any] = []
        for _ in self.items():
            if len(out) == self.caps.max_list_items:
                self._walk(1)
                self.notes.append(f"{path or 'value'}: more than {len(out):,} items, only the first {len(out):,} kept")
                break
            out.append(self.build(shape, f"{path}[{len(out)}]"))
        return out

    def skip(self) -> None:
        """Move past the value at the cursor without building it (containers are not checked inside)."""
        char = self.peek()
        if char == '"':
            self._skip_string()
            return
        if char not in ("{", "["):
            if not self._token(0)[1]:
                raise self.fail("a value")
            return
        self._walk(0)

    def _walk(self, depth: int) -> None:
        """Move on to where the container the cursor is ``depth`` levels inside ends (0: the one here)."""
        t = self.text
        while True:
            t.pos = _PLAIN.match(t.buf, t.pos).end()  # type: ignore[union-attr]
            if t.pos >= len(t.buf):
                if not t.more():
                    raise Truncated("the file ends inside an array or object")
                continue
            char = t.buf[t.pos]
            if char == '"':
                self._skip_string()
                continue
            if char in "[{":
                if t.offset + t.pos >= self._next_jump and self._jump():
                    if depth == 0:
                        return
                    continue
                depth += 1
            else:
                depth -= 1
            t.pos += 1
            if depth == 0:
                return

    def _jump(self) -> bool:
        """Move past the small container at the cursor in one call of the C scanner; False if it is not small.

        A failed try costs up to ``_JUMP`` characters of work, so the next is only made ``_JUMP // 8``
        characters further on: skipping stays linear in the text whatever its shape.
        """
        t = self.text
        try:
            end = self._scan(t.buf[t.pos : t.pos + _JUMP], 0)[1]
        except (StopIteration, ValueError, RecursionError):  # larger, deeper or damaged: walk it
            self._next_jump = t.offset + t.pos + _JUMP // 8
            return False
        t.pos += end
        return True

    def _skip_string(self) -> None:
        t = self.text
        t.pos += 1
        while True:
            end = _string_end(t.buf, t.pos)
            if end < len(t.buf) and t.buf[end] == '"':
                t.pos = end + 1
                return
            t.pos = end
            if not t.more():
                raise Truncated("the file ends inside a string")

    def string(self, keep: int) -> tuple[str, int, int]:
        """The string at the cursor decoded from its first ``keep`` characters: (text, size, size kept).

        Sizes count characters of JSON text (escapes as written).
        """
        t = self.text
        t.pos += 1
        pieces = []
        kept = total = 0
        while True:
            end = _string_end(t.buf, t.pos)
            size = end - t.pos
            if kept < keep:
                piece = t.buf[t.pos : t.pos + min(size, keep - kept)]
                pieces.append(piece)
                kept += len(piece)
            total += size
            if end < len(t.buf) and t.buf[end] == '"':
                t.pos = end + 1
                break
            t.pos = end
            if not t.more():
                raise Truncated("the file ends inside a string")
        raw = "".join(pieces)
        if total > kept:
            raw = _whole_escapes(raw)
        if "\\" not in raw:
            return raw, total, len(raw)
        try:
            return json.decoder.scanstring(raw + '"', 0, False)[0], total, len(raw)  # type: ignore[attr-defined]
        except json.JSONDecodeError as exc:
            raise Malformed(f"{exc.msg} in a string before {t.where()}") from None

    def _token(self, keep: int) -> tuple[str, int]:
        """The number or literal at the cursor: up to ``keep`` characters of it, and its full length."""
        t = self.text
        pieces = []
        kept = total = 0
        while True:
            end = _BARE.match(t.buf, t.pos).end()  # type: ignore[union-attr]
            size = end - t.pos
            if kept < keep:
                pieces.append(t.buf[t.pos : t.pos + min(size, keep - kept)])
                kept += len(pieces[-1])
            total += size
            t.pos = end
            if end < len(t.buf) or not t.more():
                return "".join(pieces), total

    def _bare(self, path: str) -> Any:
        token, size = self._token(_MAX_BARE)
        if not size:
            raise self.fail("a value")
        if token in _LITERALS:
            return _LITERALS[token]
        match = _NUMBER.fullmatch(token)
        if match is None or size > len(token):
            if size > len(token) and re.match(r"-?[0-9]", token):
                self.notes.append(f"{path or 'value'}: a number of {size:,} characters, ignored")
                return None
            raise Malformed(f"expected a value before {self.text.where()}, found {token[:20]!r}")
        try:
            return float(token) if match.group(1) or match.group(2) else int(token)
        except ValueError:  # beyond int()'s digit limit
            self.notes.append(f"{path or 'value'}: a number of {size:,} digits, ignored")
            return None


def _string_end(buf: str, pos: int) -> int:
    """Where the string whose text starts at ``pos`` ends: its closing quote, or how far the window holds it.

    How far is ``len(buf)``, or just before a backslash that ends the window.
    """
    quote = buf.find('"', pos)
    if quote < 0:
        quote = len(buf)
    if buf.find("\\", pos, quote) < 0:  # no escape before the quote, or the window's end
        return quote
    bound = min(len(buf), pos + _REGEX_SPAN)
    end = _STRING_BODY.match(buf, pos, bound).end()  # type: ignore[union-attr]
    if bound == len(buf) or buf[end] == '"':
        return end
    # A long string with escapes: only look for its end by regular expression when the rest of the
    # window holds a quote that no backslash escapes (backslash pairs removed, then escaped quotes).
    paired = buf[end:].replace("\\\\", "")
    if '"' in paired.replace('\\"', ""):
        return _STRING_BODY.match(buf, end).end()  # type: ignore[union-attr]
    return len(buf) - 1 if paired.endswith("\\") else len(buf)


def _whole_escapes(raw: str) -> str:
    """``raw`` cut where it was kept, without a trailing escape sequence the cut split."""
    while True:
        match = _PARTIAL_ESCAPE.search(raw, max(0, len(raw) - 7))
        if match is None:
            return raw
        head = raw[: match.start()]
        if (len(head) - len(head.rstrip("\\"))) % 2:  # an odd run before it: that backslash is escaped
            return raw
        raw = head
