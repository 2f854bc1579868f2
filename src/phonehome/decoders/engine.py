"""The decoding engine: peel every layer of every request, recording the path to each value.

Roots are made from the exchange (URL, each request header, the body with its Content-Encoding
undone); every registered decoder whose shape tags match is run on every new field until nothing
applies, within the depth limit, a per-exchange seen-set and the budgets of ``Limits``. Every
stage is kept (detectors look at all of them); a decoder that raises is skipped and counted.
"""

from __future__ import annotations

from dataclasses import dataclass

from phonehome.decoders import DECODERS
from phonehome.decoders.base import COOKIE, DecodeContext, Decoder, Limits
from phonehome.decoders.content_encoding import undo
from phonehome.decoders.shape import BIT, bytes_mask, mask_of, str_mask
from phonehome.decoders.text import to_value
from phonehome.model import Exchange, Field

_COOKIE = BIT[COOKIE]


@dataclass(frozen=True, slots=True)
class Peeled:
    """Everything found in one exchange."""

    fields: list[Field]
    """Every stage: roots, intermediates and leaves, in the order they were found."""
    limits_hit: list[str]
    """One line per limit that stopped decoding, with the path where it did."""
    failures: int
    """Decoders that raised (skipped and counted)."""


class Engine:
    """Peels exchanges with the registered decoders under one set of limits and user keys."""

    def __init__(self, limits: Limits = Limits(), keys: tuple[bytes, ...] = ()) -> None:  # noqa: B008 - frozen
        """Use ``limits`` for every exchange and ``keys`` (AES keys from --key) for decryption."""
        self.limits = limits
        self.keys = keys
        self._decoders: list[tuple[int, Decoder]] = [(mask_of(d.tags), d) for d in DECODERS.values()]
        self._routes: dict[int, tuple[Decoder, ...]] = {}
        self.barren: set[str | bytes] = set()
        """Values in which no decoder found anything: headers, ids and words recur in every request,
        so they are examined once. Only values whose decoding does not depend on where they sit (not
        the body, whose Content-Type matters, nor the Cookie header). Bounded; cleared when full."""

    def peel(self, exchange: Exchange) -> Peeled:
        """Decode everything in ``exchange``; never raises on hostile or broken input."""
        ctx = DecodeContext(self.limits, self.keys, exchange.header("Content-Type"))
        run = _Run(self, ctx)
        run.add_roots(_roots(exchange, ctx))
        run.drain()
        return Peeled(run.fields, list(dict.fromkeys(ctx.limits_hit)), ctx.failures)

    def route(self, mask: int) -> tuple[Decoder, ...]:
        """The decoders whose tags intersect ``mask`` (memoised per mask)."""
        found = self._routes.get(mask)
        if found is None:
            found = tuple(decoder for bits, decoder in self._decoders if bits & mask)
            self._routes[mask] = found
        return found


def _roots(exchange: Exchange, ctx: DecodeContext) -> list[tuple[Field, bool]]:
    """The URL, each header and the body as ``(field, decode it?)``, Content-Encoding stages included."""
    roots: list[tuple[Field, bool]] = [(Field(exchange.url, ("url",)), True)]
    for name, value in exchange.request_headers:
        roots.append((Field(value, (f"header:{name}",), name, (name,)), True))
    if exchange.body:
        roots.extend(_body(exchange.body, exchange.header("Content-Encoding"), ctx))
    return roots


def _body(body: bytes, coding: str | None, ctx: DecodeContext) -> list[tuple[Field, bool]]:
    path: tuple[str, ...] = ("body",)
    hits = len(ctx.limits_hit)
    stages = undo(body, coding, ctx, path)
    stopped = len(ctx.limits_hit) > hits
    out = [(Field(to_value(body), path), not stages and not stopped)]
    for depth, (step, data) in enumerate(stages, start=1):
        path = (*path, step)
        out.append((Field(to_value(data), path, depth=depth), depth == len(stages) and not stopped))
    return out


_BARREN_MAX = 1 << 14
_BARREN_VALUE_MAX = 1024


class _Run:
    """The state of peeling one exchange: fields found, work left, values already expanded."""

    def __init__(self, engine: Engine, ctx: DecodeContext) -> None:
        self.route = engine.route
        self.barren = engine.barren
        self.ctx = ctx
        self.limits = ctx.limits
        self.fields: list[Field] = []
        self.todo: list[Field] = []
        self.seen: set[tuple[int, str | bytes]] = set()
        self.full = False

    def add_roots(self, roots: list[tuple[Field, bool]]) -> None:
        """Record the roots; those to decode are expanded first-to-last."""
        for field, decode in roots:
            self.ctx.bytes_made += len(field.value)
            if not self._add(field):
                break
            if not decode:
                self.seen.add((field.depth, field.value))
        self.todo.reverse()

    def drain(self) -> None:
        """Expand fields depth-first until nothing applies or a budget is spent."""
        while self.todo and not self.full:
            self._expand(self.todo.pop())
        self.ctx.fields_made = len(self.fields)

    def _add(self, field: Field) -> bool:
        if len(self.fields) >= self.limits.max_fields_per_exchange:
            self._stop("max_fields_per_exchange", field.path)
            return False
        self.fields.append(field)
        self.todo.append(field)
        return True

    def _stop(self, what: str, path: tuple[str, ...]) -> None:
        if not self.full:
            self.ctx.hit(what, path)
            self.full = True

    def _expand(self, field: Field) -> None:
        value = field.value
        cookie = field.depth == 0 and field.path[0].lower() == "header:cookie"
        context_free = not cookie and field.path[0] != "body" or field.depth > 0
        if context_free and value in self.barren:
            return
        mask = str_mask(value) if isinstance(value, str) else bytes_mask(value)
        decoders = self.route(mask | _COOKIE if cookie else mask)
        if decoders:
            mark = (field.depth, value)
            if mark in self.seen:
                return
            self.seen.add(mark)
            if self._run_all(decoders, field):
                return
        if context_free:
            self._remember_barren(value)

    def _run_all(self, decoders: tuple[Decoder, ...], field: Field) -> bool:
        """Apply ``decoders`` in turn; True when anything was found or anything went wrong."""
        start, hits, failures = len(self.todo), len(self.ctx.limits_hit), self.ctx.failures
        for decoder in decoders:
            if not self._apply(decoder, field) or self.full:
                break
        found = len(self.todo) - start
        if found > 1:
            self.todo[start:] = self.todo[start:][::-1]
        return bool(found) or len(self.ctx.limits_hit) != hits or self.ctx.failures != failures

    def _remember_barren(self, value: str | bytes) -> None:
        if len(value) <= _BARREN_VALUE_MAX:
            if len(self.barren) >= _BARREN_MAX:
                self.barren.clear()
            self.barren.add(value)

    def _apply(self, decoder: Decoder, field: Field) -> bool:
        """Run one decoder on ``field`` and keep what it finds; False when the depth limit stopped it."""
        ctx, limits = self.ctx, self.limits
        try:
            produced = decoder.decode(field, ctx)
            if produced is None:
                return True
            for child in produced:
                if child.depth > limits.max_depth:
                    ctx.hit("max_depth", field.path)
                    return False
                ctx.bytes_made += len(child.value)
                if ctx.bytes_made > limits.max_bytes_per_exchange:
                    self._stop("max_bytes_per_exchange", child.path)
                    return True
                if not self._add(child):
                    return True
        except Exception:  # noqa: BLE001 - a broken decoder must never stop the scan
            ctx.failures += 1
        return True
