"""Reading untrusted data files and writing output files, safely.

Data files are untrusted input: :func:`read_data` refuses anything but a
regular file (a FIFO would block, ``/dev/zero`` would never end) and any file
larger than :func:`max_data_size`, before it reads a byte of it.

:func:`write_output` writes what ``-o FILE`` names: a regular file is
replaced atomically through a unique temporary file created beside it, so a
reader sees the old file or the new one and a failed run leaves nothing
behind; the file keeps its permission bits. A symbolic link named as the
target is followed, and the file it points to is replaced, so that the link
stays a link (as the shell's ``>`` does). A target that is not a regular file
(a FIFO, a terminal, ``/dev/stdout``) is written straight through.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Final

from multilat.errors import DataError, Problem

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "DEFAULT_MAX_DATA_SIZE",
    "MAX_DATA_SIZE_VARIABLE",
    "max_data_size",
    "read_data",
    "read_stream",
    "write_output",
]

#: Environment variable that sets the size limit of a data file, in bytes or
#: with a suffix ``K``, ``M`` or ``G`` (powers of 1024): ``MULTILAT_MAX_DATA_SIZE=200M``.
MAX_DATA_SIZE_VARIABLE: Final = "MULTILAT_MAX_DATA_SIZE"

#: The size limit of a data file when :data:`MAX_DATA_SIZE_VARIABLE` is not
#: set: 32 MiB, some 600 times the largest file of the distributed content.
DEFAULT_MAX_DATA_SIZE: Final = 32 * 1024**2

_UNITS: Final = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}


def max_data_size() -> int:
    """The size limit of a data file in bytes, from :data:`MAX_DATA_SIZE_VARIABLE`.

    Raises :class:`~multilat.errors.DataError` naming the variable when its
    value is not a whole number of bytes (with an optional unit).
    """
    text = os.environ.get(MAX_DATA_SIZE_VARIABLE, "").strip()
    if not text:
        return DEFAULT_MAX_DATA_SIZE
    number, unit = text.rstrip("KkMmGg"), text[len(text.rstrip("KkMmGg")):].upper()
    if unit in _UNITS and number.isdigit():
        return int(number) * _UNITS[unit]
    raise DataError([Problem(
        f"{MAX_DATA_SIZE_VARIABLE}={text!r} is not a size in bytes (like 50000000 or 64M)"
    )])


def _size_text(size: int) -> str:
    for unit in ("G", "M", "K"):
        if size >= _UNITS[unit] and size % _UNITS[unit] == 0:
            return f"{size // _UNITS[unit]} {unit}iB"
    return f"{size} bytes"


_KINDS: Final[tuple[tuple[Callable[[int], bool], str], ...]] = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_data(path: str | Path, *, shown: str | None = None) -> bytes:
    """The bytes of the data file at ``path``, if it is one multilat will read.

    A path that is not a regular file, or a file larger than
    :func:`max_data_size`, raises :class:`~multilat.errors.DataError` with one
    problem naming ``shown`` (default: ``path``); it is checked on the open
    file, without blocking on a FIFO. A file that cannot be opened raises
    :class:`OSError`.
    """
    shown = os.fspath(path) if shown is None else shown
    limit = max_data_size()
    # O_NONBLOCK: opening a FIFO must not wait for a writer; it changes
    # nothing for a regular file.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    with open(fd, "rb", closefd=True) as file:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise DataError([Problem(f"not a regular file ({_kind(info.st_mode)})", path=shown)])
        if info.st_size <= limit:
            # Asking for the size it has, not the limit: a read of up to the
            # limit would allocate the limit (32 MiB) for every small file.
            data = file.read(info.st_size + 1)
            if len(data) <= info.st_size:
                return data
            # It grew while being read: the rest, within the limit.
            data += file.read(limit + 1 - len(data))
            return _within(data, limit, shown)
        return read_stream(file, shown=shown, limit=limit)


def read_stream(stream: IO[bytes], *, shown: str, limit: int | None = None) -> bytes:
    """The bytes of ``stream`` up to ``limit`` (default :func:`max_data_size`).

    A longer stream raises :class:`~multilat.errors.DataError` naming ``shown``.
    """
    limit = max_data_size() if limit is None else limit
    # One byte past the limit tells a file that is too large (or grew).
    return _within(stream.read(limit + 1), limit, shown)


def _within(data: bytes, limit: int, shown: str) -> bytes:
    """``data``, unless it is longer than ``limit``: then the one problem of its file."""
    if len(data) > limit:
        raise DataError([Problem(
            f"larger than the limit of {_size_text(limit)} for a data file"
            f" (set {MAX_DATA_SIZE_VARIABLE} to raise it)",
            path=shown,
        )])
    return data


# -- writing -----------------------------------------------------------------

_TEMPORARY_ATTEMPTS: Final = 100


def _create_temporary(folder: Path, name: str, mode: int) -> tuple[int, Path]:
    """A new file beside the target, created exclusively and never through a link."""
    flags = (
        os.O_WRONLY | os.O_CREAT | os.O_EXCL
        | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    )
    for _ in range(_TEMPORARY_ATTEMPTS):
        candidate = folder / f".{name}.{os.urandom(6).hex()}.tmp"
        try:
            return os.open(candidate, flags, mode), candidate
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no unused temporary name beside the target")


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _replace_atomically(
    target: Path,
    data: bytes,
    *,
    mode: int,
    prepare: Callable[[int], None] | None = None,
    fsync: bool = True,
) -> None:
    """Write ``data`` to a unique temporary file beside ``target``, then rename it over.

    The temporary file is created exclusively (never through a planted
    link); ``prepare`` may set its mode or owner before the data goes in.
    Whatever fails, the temporary file is removed and ``target`` is as it
    was; ``rename`` replaces a link at ``target`` rather than following it.
    """
    fd, temporary = _create_temporary(target.parent, target.name, mode)
    try:
        try:
            if prepare is not None:
                prepare(fd)
            _write_all(fd, data)
            if fsync:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _is_device_path(path: Path) -> bool:
    # /dev/stdout and /dev/fd/N are links to whatever the descriptor holds,
    # which may be a regular file the shell opened: write into it, never
    # rename over it.
    from pathlib import Path

    return Path(os.path.abspath(path)).parts[1:2] in (("dev",), ("proc",))


def write_output(target: str | Path, data: bytes) -> None:
    """Write ``data`` to the file ``target``: atomically, keeping its mode.

    A regular file (or a new one) is replaced through a unique temporary
    file in the same folder, created exclusively (never through a planted
    link) and renamed over the target, so that concurrent writers never fail
    and nothing partial is left if writing fails. The new file keeps the old
    one's permission bits (and its owner, where the system allows); a new
    file gets the usual ``0o666`` less the umask.
    A symbolic link is followed and the file it points to replaced; the link
    stays. A FIFO, device or other non-regular target, and any path under
    ``/dev`` or ``/proc`` (``/dev/stdout``), is written straight through.
    Raises :class:`OSError` (:class:`IsADirectoryError` for a directory).
    """
    from pathlib import Path

    path = Path(target)
    try:
        existing = os.stat(path)
    except FileNotFoundError:
        existing = None
    if (existing is not None and stat.S_ISDIR(existing.st_mode)) or not path.name:
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), os.fspath(path))
    if existing is not None and (
        not stat.S_ISREG(existing.st_mode) or _is_device_path(path)
    ):
        with open(path, "wb") as stream:
            stream.write(data)
        return
    # A link is replaced where it points to, so that it stays a link; its
    # folder is where the temporary file must be for rename to be atomic.
    real = Path(os.path.realpath(path)) if path.is_symlink() else path
    mode = stat.S_IMODE(existing.st_mode) if existing is not None else 0o666

    def keep_mode_and_owner(fd: int) -> None:
        if existing is None:
            return
        # O_CREAT's mode is masked by the umask; the old mode is kept whole.
        os.fchmod(fd, mode)
        if (existing.st_uid, existing.st_gid) != (os.geteuid(), os.getegid()):
            # Keeps the owner where the system lets us (as root).
            with contextlib.suppress(OSError):
                os.fchown(fd, existing.st_uid, existing.st_gid)

    _replace_atomically(real, data, mode=mode, prepare=keep_mode_and_owner)
