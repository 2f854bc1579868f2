"""Linkability: identifier values that recur across captures and so tie sessions together."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from phonehome.model import Identifier, Sighting

IN_MEMORY = 200_000
"""Up to this many sightings are grouped in memory; more are grouped on disk with SQL."""


@dataclass(frozen=True)
class SessionFacts:
    """What the study knows about a capture beyond its mode."""

    device: str | None = None
    """Device or profile it ran on."""
    install: int | None = None
    """Install number on that device."""


def linkable_identifiers(
    sightings: Iterable[Sighting], facts: Mapping[str, SessionFacts] | None = None,
) -> list[Identifier]:
    """Identifiers seen in two or more captures, SDK constants filtered out.

    A value seen on two distinct devices/profiles of the study is the same for every user (an
    app key, a project name), not an identifier, and is dropped.
    """
    groups: dict[str, list[Sighting]] = defaultdict(list)
    for s in sightings:
        groups[s.value].append(s)
    return _identifiers(groups.items(), facts or {})


def linkable_identifiers_in(
    per_capture: Sequence[Sequence[Sighting]], facts: Mapping[str, SessionFacts] | None = None,
) -> list[Identifier]:
    """The same as :func:`linkable_identifiers` over every capture's sightings, in bounded memory.

    Each part is one capture's sightings (all under its label). Only values seen under two or more
    labels can link anything, so a single capture gives none; many sightings are grouped in a
    temporary SQLite file.
    """
    parts = [p for p in per_capture if len(p)]
    if len({p[0].capture for p in parts}) < 2:
        return []
    if sum(len(p) for p in parts) <= IN_MEMORY:
        return linkable_identifiers((s for p in parts for s in p), facts)
    return _identifiers(_grouped_on_disk(parts), facts or {})


def _grouped_on_disk(parts: Sequence[Sequence[Sighting]]) -> Iterable[tuple[str, list[Sighting]]]:
    from phonehome.findings_log import _Temp

    fd, path = tempfile.mkstemp(prefix="link-", suffix=".sqlite", dir=_Temp.folder())
    os.close(fd)
    con = sqlite3.connect(path, isolation_level=None)
    try:
        for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-8192", "temp_store=FILE"):
            con.execute(f"PRAGMA {pragma}")
        con.execute("CREATE TABLE s (value BLOB, key BLOB, host BLOB, capture BLOB, mode BLOB)")
        con.execute("BEGIN")
        batch: list[tuple[bytes, ...]] = []
        for part in parts:
            for s in part:
                batch.append(tuple(_blob(x) for x in (s.value, s.key, s.host, s.capture, s.mode)))
                if len(batch) >= 4096:
                    con.executemany("INSERT INTO s VALUES (?, ?, ?, ?, ?)", batch)
                    batch = []
        con.executemany("INSERT INTO s VALUES (?, ?, ?, ?, ?)", batch)
        con.execute("COMMIT")
        con.execute("CREATE INDEX s_value ON s (value, capture)")
        linked = [v for (v,) in con.execute("SELECT value FROM s GROUP BY value HAVING COUNT(DISTINCT capture) > 1")]
        for value in linked:
            rows = con.execute("SELECT value, key, host, capture, mode FROM s WHERE value = ?", (value,))
            yield _text(value), [Sighting(*(_text(x) for x in row)) for row in rows]
    finally:
        con.close()
        os.unlink(path)


def _blob(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")  # captured text may hold lone surrogates


def _text(blob: bytes) -> str:
    return blob.decode("utf-8", "surrogatepass")


def _identifiers(groups: Iterable[tuple[str, list[Sighting]]], facts: Mapping[str, SessionFacts]) -> list[Identifier]:
    out = []
    for value, group in groups:
        captures = sorted({s.capture for s in group})
        if len(captures) < 2:
            continue
        devices = {facts[c].device for c in captures if c in facts and facts[c].device}
        if len(devices) > 1:
            continue
        modes = sorted({s.mode for s in group})
        installs = {facts[c].install for c in captures if c in facts and facts[c].install is not None}
        out.append(
            Identifier(
                value=value,
                keys=sorted({s.key for s in group}),
                hosts=sorted({s.host for s in group}),
                captures=captures,
                modes=modes,
                persistent=True,
                crosses_private=len(modes) > 1 and any(m != "normal" for m in modes),
                crosses_reinstall=len(installs) > 1,
            )
        )
    out.sort(key=lambda i: (-len(i.captures), i.value))
    return out
