"""Disk-backed, insertion-ordered logs of findings and sightings: memory stays flat whatever their number.

A scan keeps everything it found per capture (findings, identifier sightings) until the report is
written. Held as Python objects that costs ~2 KB a finding, so a 1 GB capture needed gigabytes. A
:class:`RecordLog` keeps its first items in a list (small scans stay as fast as before) and, past
:data:`SPILL_AT` items, moves them to an SQLite file in a temporary folder: rows are compact JSON
arrays written in batched transactions with a bounded page cache, and iteration reads them back in
insertion order, re-creating one object at a time.

De-duplication (a finding is reported once per capture, destination, kind, value and decode path)
stays exact without an in-memory set of everything seen: a bounded set of recent identities, then
a fixed-size Bloom filter, answer most questions; only when the filter says "maybe" is the file
asked (an index on the identity's hash, built at the first such question, then the identity itself
compared).

Logs cross process boundaries by pickling: a small log as its items, a spilled one as its
compressed file (Dask workers may not share a disk), or, after :meth:`RecordLog.hand_over` (a local
process pool: same machine), as the path of its file, which the receiving process adopts.
"""

from __future__ import annotations

import atexit
import itertools
import operator
import os
import pickle
import shutil
import sqlite3
import tempfile
import weakref
import zlib
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import fields
from typing import Any, Generic, TypeVar, overload

import orjson

from phonehome.errors import ConfigError
from phonehome.model import Finding, Sighting

T = TypeVar("T")

SPILL_AT = 4096
"""Items a log keeps as objects before it moves them to disk."""
RESIDENT_BUDGET = 20_000
"""Items all finished logs of a process may keep as objects; past this a finished log is moved to disk."""
BATCH = 2048
"""Rows written per executemany."""
RECENT = 16_384
"""Identities remembered exactly per generation (the latest and the recently repeated ones)."""
BLOOM_BITS = 1 << 26
"""Bits of the Bloom filter of a spilled log being written (8 MB): exact answers, rarely a disk look-up."""
CACHE_KIB = 4096
"""SQLite page cache per open log, in KiB."""

_JSON, _PICKLE = b"j", b"p"


class Codec(Generic[T]):
    """How one kind of record becomes a row and back: a JSON array of its dataclass fields."""

    def __init__(self, name: str, cls: type[T], identity: Callable[[T], Hashable] | None = None) -> None:
        """``cls`` is a slots dataclass; ``identity`` gives the de-duplication key of an item."""
        names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
        self.name = name
        self.cls = cls
        self.row: Callable[[T], tuple[Any, ...]] = operator.attrgetter(*names)
        self.identity = identity

    def __reduce__(self) -> tuple[Any, ...]:
        return (_codec, (self.name,))

    def encode(self, item: T) -> bytes:
        """One row: JSON (fast); pickle for the rare value JSON cannot carry (lone surrogates)."""
        row = self.row(item)
        try:
            return _JSON + orjson.dumps(row)
        except TypeError:
            return _PICKLE + pickle.dumps(row, protocol=5)

    def decode(self, data: bytes) -> T:
        """The item of one row."""
        row = orjson.loads(data[1:]) if data[:1] == _JSON else pickle.loads(data[1:])
        return self.cls(*row)


def _finding_identity(f: Finding) -> Hashable:
    return (f.host, f.kind, f.value, tuple(f.path))


def _sighting_identity(s: Sighting) -> Hashable:
    return s


FINDINGS = Codec("findings", Finding, _finding_identity)
SIGHTINGS = Codec("sightings", Sighting, _sighting_identity)
_CODECS: dict[str, Codec[Any]] = {"findings": FINDINGS, "sightings": SIGHTINGS}


def _codec(name: str) -> Codec[Any]:
    return _CODECS[name]


class _Temp:
    """The temporary folder of this process for spilled logs, removed at exit."""

    path: str | None = None
    pid: int | None = None

    @classmethod
    def folder(cls) -> str:
        if cls.path is None or cls.pid != os.getpid() or not os.path.isdir(cls.path):  # a forked child: its own
            try:
                cls.path = tempfile.mkdtemp(prefix="phonehome-")
            except OSError as exc:
                raise ConfigError(
                    f"cannot create a temporary folder for findings ({exc.strerror}); set TMPDIR to a writable folder"
                ) from exc
            cls.pid = os.getpid()
            atexit.register(_remove_folder, cls.path, cls.pid)
        return cls.path


def _remove_folder(path: str, pid: int) -> None:
    if os.getpid() == pid:
        shutil.rmtree(path, ignore_errors=True)


class _Resident:
    """Items held as objects by finished in-memory logs of this process."""

    count = 0


def _connect(path: str) -> sqlite3.Connection:
    con = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    for pragma in ("journal_mode=OFF", "synchronous=OFF", f"cache_size=-{CACHE_KIB}", "temp_store=FILE"):
        con.execute(f"PRAGMA {pragma}")
    return con


def _remove(con: sqlite3.Connection, path: str) -> None:
    con.close()
    try:
        os.unlink(path)
    except OSError:
        pass


class _Store:
    """The SQLite file behind a spilled log: rows in insertion order, with a hash index for de-duplication."""

    def __init__(self, path: str | None = None) -> None:
        fresh = path is None
        if path is None:
            fd, path = tempfile.mkstemp(prefix="log-", suffix=".sqlite", dir=_Temp.folder())
            os.close(fd)
        self.path = path
        self.indexed = False
        try:
            self.con = _connect(path)
            if fresh:
                self.con.execute("CREATE TABLE log (seq INTEGER PRIMARY KEY, h INTEGER, d BLOB NOT NULL)")
        except sqlite3.Error as exc:
            raise ConfigError(f"cannot write temporary findings to {path} ({exc}); free space or set TMPDIR") from exc
        self.finalizer = weakref.finalize(self, _remove, self.con, path)

    def write(self, rows: list[tuple[int | None, bytes]]) -> None:
        try:
            self.con.execute("BEGIN")
            self.con.executemany("INSERT INTO log (h, d) VALUES (?, ?)", rows)
            self.con.execute("COMMIT")
        except sqlite3.Error as exc:
            raise ConfigError(
                f"cannot write temporary findings to {self.path} ({exc}); free space or set TMPDIR"
            ) from exc

    def with_hash(self, h: int) -> Iterator[bytes]:
        """The rows whose identity hashes to ``h``.

        The index on ``h`` is built at the first question, not with the table: most logs are never
        asked (the Bloom filter answers), and keeping an index up to date costs every insert.
        """
        if not self.indexed:
            self.con.execute("CREATE INDEX IF NOT EXISTS log_h ON log (h)")
            self.indexed = True
        for (data,) in self.con.execute("SELECT d FROM log WHERE h = ?", (h,)):
            yield data

    def rows(self, limit: int = -1) -> Iterator[bytes]:
        cursor = self.con.cursor()  # its own cursor: several iterations may run at once
        cursor.execute("SELECT d FROM log ORDER BY seq LIMIT ?", (limit,))
        while batch := cursor.fetchmany(512):
            for (data,) in batch:
                yield data

    def row(self, index: int) -> bytes:
        found = self.con.execute("SELECT d FROM log ORDER BY seq LIMIT 1 OFFSET ?", (index,)).fetchone()
        if found is None:
            raise IndexError(index)
        return bytes(found[0])


class RecordLog(Sequence[T]):
    """An append-only, insertion-ordered sequence of records; in memory while small, on disk past that."""

    def __init__(self, codec: Codec[T], items: Iterable[T] = (), spill_at: int | None = None) -> None:
        """A log of ``codec``'s records, starting with ``items``; on disk past ``spill_at`` (:data:`SPILL_AT`)."""
        self.codec = codec
        self.spill_at = SPILL_AT if spill_at is None else spill_at
        self._items: list[T] = []
        self._seen: set[Hashable] | None = None
        self._store: _Store | None = None
        self._pending: list[tuple[int | None, bytes]] = []
        self._young: dict[int, Hashable] = {}
        self._old: dict[int, Hashable] = {}
        self._bloom: bytearray | None = None
        self._len = 0
        self._frozen = False
        self._resident = 0
        for item in items:
            self.append(item)

    # --- writing -----------------------------------------------------------------------------------

    def append(self, item: T) -> None:
        """Add ``item`` at the end (no de-duplication)."""
        self._len += 1
        if self._store is None:
            self._items.append(item)
            if len(self._items) >= self.spill_at:
                self.spill()
        else:
            self._pending.append((None, self.codec.encode(item)))
            if len(self._pending) >= BATCH:
                self._flush()

    def add_new(self, identity: Hashable, make: Callable[[], T]) -> T | None:
        """Add ``make()`` unless an item with this identity was added before; returns it, or None for a repeat."""
        if self._store is None:
            seen = self._seen
            if seen is None:
                seen = self._seen = {self._identity(i) for i in self._items}
            size = len(seen)
            seen.add(identity)  # one hash of the identity, not two (``in`` then ``add``)
            if len(seen) == size:
                return None
            item = make()
            self._len += 1
            self._items.append(item)
            if len(self._items) >= self.spill_at:
                self.spill()
            return item
        # The recent identities are kept by hash, so the identity is hashed once per call (a tuple
        # does not cache its hash). A different identity with the same hash only displaces the
        # other from this cache: the Bloom filter, then the file, still answer exactly.
        h = hash(identity)
        young = self._young
        recent = young.get(h)
        if recent is None:
            recent = self._old.get(h)
            if recent is not None and recent == identity:
                young[h] = identity
                return None
        elif recent == identity:
            return None
        bloom = self._bloom
        if (bloom is None or _bloom_add(bloom, h)) and self._on_disk(identity, h):  # "maybe": ask the file
            young[h] = identity
            return None
        item = make()
        self._len += 1
        if len(young) >= RECENT:
            self._old, young = young, {}
            self._young = young
        young[h] = identity
        pending = self._pending
        pending.append((h, self.codec.encode(item)))
        if len(pending) >= BATCH:
            self._flush()
        return item

    def _identity(self, item: T) -> Hashable:
        if self.codec.identity is None:
            raise TypeError("this log has no identity for de-duplication")
        return self.codec.identity(item)

    def _remember(self, identity: Hashable, h: int) -> None:
        young = self._young
        if len(young) >= RECENT:
            self._old, young = young, {}
            self._young = young
        young[h] = identity
        bloom = self._bloom
        if bloom is not None:
            _bloom_add(bloom, h)

    def _on_disk(self, identity: Hashable, h: int) -> bool:
        """Whether the file holds this identity (asked only when the Bloom filter says "maybe").

        Identities not yet written are always among the recent ones, checked before.
        """
        self._flush()
        assert self._store is not None
        decode, ident = self.codec.decode, self._identity
        return any(ident(decode(data)) == identity for data in self._store.with_hash(h))

    def _flush(self) -> None:
        if self._pending:
            assert self._store is not None
            self._store.write(self._pending)
            self._pending = []

    def spill(self) -> None:
        """Move the items to disk now (further items go there too)."""
        if self._store is not None:
            return
        self._store = _Store()
        dedupe = self._seen is not None
        if dedupe and not self._frozen:
            self._bloom = bytearray(BLOOM_BITS // 8)
        encode = self.codec.encode
        for start in range(0, len(self._items), BATCH):
            chunk = self._items[start : start + BATCH]
            if dedupe:
                ids = [self._identity(i) for i in chunk]
                for identity in ids:
                    self._remember(identity, hash(identity))
                self._store.write([(hash(k), encode(i)) for k, i in zip(ids, chunk, strict=True)])
            else:
                self._store.write([(None, encode(i)) for i in chunk])
        self._items = []
        self._seen = None
        _Resident.count -= self._resident
        self._resident = 0

    def freeze(self) -> RecordLog[T]:
        """No more items will come: drop the de-duplication state; moved to disk if the process holds many."""
        self._flush()
        self._frozen = True
        self._seen = None
        self._young, self._old = {}, {}
        self._bloom = None
        if self._store is None:
            if _Resident.count + len(self._items) > RESIDENT_BUDGET:
                self.spill()
            elif not self._resident:
                self._resident = len(self._items)
                _Resident.count += self._resident
                weakref.finalize(self, _release, self._resident)
        return self

    @property
    def on_disk(self) -> bool:
        """True once the items live in a file."""
        return self._store is not None

    # --- reading -----------------------------------------------------------------------------------

    def __len__(self) -> int:
        return self._len

    def __iter__(self) -> Iterator[T]:
        if self._store is None:
            yield from list(self._items) if not self._frozen else self._items
            return
        self._flush()
        decode = self.codec.decode
        for data in self._store.rows():
            yield decode(data)

    def head(self, n: int) -> list[T]:
        """The first ``n`` items."""
        if self._store is None:
            return self._items[:n]
        self._flush()
        return [self.codec.decode(d) for d in self._store.rows(max(n, 0))]

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        if self._store is None:
            return self._items[index]
        if isinstance(index, slice):
            start, stop, step = index.indices(self._len)
            if step == 1 and start >= 0:
                return self.head(stop)[start:]
            return list(self)[index]
        if index < 0:
            index += self._len
        if not 0 <= index < self._len:
            raise IndexError(index)
        self._flush()
        return self.codec.decode(self._store.row(index))

    def __repr__(self) -> str:
        where = "on disk" if self._store is not None else "in memory"
        return f"<{type(self).__name__} of {self._len} {self.codec.cls.__name__} {where}>"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str | bytes):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    # --- crossing process boundaries ---------------------------------------------------------------

    def hand_over(self) -> RecordLog[T]:
        """Pickle as the path of the file (same machine), which the unpickling process adopts."""
        self.freeze()
        self._handed = True
        return self

    def __getstate__(self) -> dict[str, Any]:
        self._flush()
        state: dict[str, Any] = {"codec": self.codec, "spill_at": self.spill_at, "len": self._len}
        if self._store is None:
            state["items"] = self._items
        elif getattr(self, "_handed", False):
            self._store.finalizer.detach()
            self._store.con.close()
            state["path"] = self._store.path
        else:
            state["zlib"] = _compress(self._store.path)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["codec"], state.get("items", ()), state["spill_at"])  # type: ignore[misc]
        if "path" in state:
            fd, path = tempfile.mkstemp(prefix="log-", suffix=".sqlite", dir=_Temp.folder())
            os.close(fd)
            shutil.move(state["path"], path)
            self._store = _Store(path)
        elif "zlib" in state:
            fd, path = tempfile.mkstemp(prefix="log-", suffix=".sqlite", dir=_Temp.folder())
            with os.fdopen(fd, "wb") as fh:
                _decompress(state["zlib"], fh)
            self._store = _Store(path)
        self._len = state["len"]
        self.freeze()


def _bloom_add(bloom: bytearray, h: int) -> bool:
    """Set the four bits of hash ``h`` in ``bloom``; True when all were set already (a "maybe").

    Four probes (double hashing from two 26-bit slices of ``h``), not two: the first false "maybe"
    of a log, which builds the file's index, comes after ~700k items instead of ~150k.
    """
    mask = BLOOM_BITS - 1
    a, b = h & mask, (h >> 26) & mask
    c, d = (a + 2 * b) & mask, (a + 3 * b) & mask
    if (
        (bloom[a >> 3] >> (a & 7)) & 1
        and (bloom[b >> 3] >> (b & 7)) & 1
        and (bloom[c >> 3] >> (c & 7)) & 1
        and (bloom[d >> 3] >> (d & 7)) & 1
    ):
        return True
    bloom[a >> 3] |= 1 << (a & 7)
    bloom[b >> 3] |= 1 << (b & 7)
    bloom[c >> 3] |= 1 << (c & 7)
    bloom[d >> 3] |= 1 << (d & 7)
    return False


def _release(n: int) -> None:
    _Resident.count -= n


def _compress(path: str) -> bytes:
    packer = zlib.compressobj(6)
    parts = []
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            parts.append(packer.compress(chunk))
    parts.append(packer.flush())
    return b"".join(parts)


def _decompress(data: bytes, out: Any) -> None:
    unpacker = zlib.decompressobj()
    view = memoryview(data)
    for start in range(0, len(view), 1 << 20):
        out.write(unpacker.decompress(view[start : start + (1 << 20)]))
    out.write(unpacker.flush())


def findings_log(items: Iterable[Finding] = ()) -> RecordLog[Finding]:
    """A new log of findings."""
    return RecordLog(FINDINGS, items)


def sightings_log(items: Iterable[Sighting] = ()) -> RecordLog[Sighting]:
    """A new log of sightings."""
    return RecordLog(SIGHTINGS, items)


class Chain(Sequence[T]):
    """Several sequences read as one, without copying (the report's findings over every capture's log)."""

    def __init__(self, parts: Iterable[Sequence[T]]) -> None:
        """The concatenation of ``parts``, in order."""
        self.parts = [p for p in parts if len(p)]

    def __len__(self) -> int:
        return sum(len(p) for p in self.parts)

    def __iter__(self) -> Iterator[T]:
        return itertools.chain.from_iterable(self.parts)

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step == 1 and start >= 0:
                return list(itertools.islice(iter(self), start, stop))
            return list(self)[index]
        if index < 0:
            index += len(self)
        for part in self.parts:
            if index < len(part):
                return part[index]
            index -= len(part)
        raise IndexError(index)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str | bytes):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<Chain of {len(self)} items in {len(self.parts)} parts>"
