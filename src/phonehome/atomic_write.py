"""Files written whole or not at all: a temporary file beside the target, then a rename.

Reports and recorded captures get a normal file's mode (0666 less the umask), as any other
tool's output would: ``mkstemp`` creates its file private (0600), and that mode would survive the
rename. Who keeps reports private sets a stricter umask (``umask 077``).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from phonehome.errors import ConfigError


def temporary_beside(path: Path) -> tuple[int, str]:
    """A new temporary file in ``path``'s folder, with a normal file's mode: its descriptor and name."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())
    except OSError:
        os.close(fd)
        os.unlink(tmp)
        raise
    return fd, tmp


def write_atomic(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write ``data`` (bytes, or pieces of it) to ``path`` through a temporary file and a rename.

    Never a half-written file: a failure (or an interruption) leaves any earlier file as it was.
    """
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise ConfigError(f"{path}: directory {directory} does not exist; create it or choose another path")
    try:
        fd, tmp = temporary_beside(directory / path.name)
    except OSError as exc:
        raise _cannot_write(path, exc) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            for piece in [data] if isinstance(data, bytes) else data:
                fh.write(piece)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _cannot_write(path, exc) from exc
        raise


def _cannot_write(path: Path, exc: OSError) -> ConfigError:
    reason = exc.strerror or str(exc)
    return ConfigError(f"{path}: cannot write the report ({reason}); free space or choose another path")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
