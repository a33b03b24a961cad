"""A snapshot of the checked knowledge base, with a manifest of what it was made from.

Every command loads the same knowledge base from the same installed files:
importing the plugins, reading their data, validating it and checking it
as a whole costs several times what importing multilat's own dependencies
does. After a load that met no problem, the knowledge base is stored with
a manifest of every input it was made from; a later process whose inputs
are all unchanged reads it back instead, without importing a plugin.

The inputs, all in the manifest and all compared on every read:

* the Python that runs (its version and byte-code tag), ``sys.path``, and
  the modification time of each folder on it (a module or distribution
  added to or removed from one changes it);
* the plugins selected: ``MULTILAT_LOAD_PLUGINS`` and every entry point of
  the group, with its distribution's name, version and requirements, told
  by the files that say them (:func:`distribution_state`);
* the code: every module outside the standard library that was loaded
  (multilat, attrs, cattrs, pluggy, the plugins and what they import), by
  path, size and modification time, the rule by which Python's own
  byte-code cache tells a changed module;
* the content: the BLAKE2b digest of every data file read, and the names
  of the TOML files in each data folder read.

Only content that is a function of these can be snapshotted: core's, and
that of data-only plugins (:class:`~multilat.plugins.DataOnlyPlugin`). A
plugin whose own code returns content may read anything (a file elsewhere,
the clock, the network), so a load in which one contributes content is
never stored; nor is a load with any problem (a plugin that failed, a file
with problems, content that fails its checks, a format name claimed twice),
so that such problems are found and reported by every command. Those loads
run in full every time, as they did before snapshots; so does every load
on a :class:`~multilat.plugins.PluginHost` other than the process-wide one,
or on the process-wide one once code has registered a plugin on it.

Trust. A snapshot is a pickle, and unpickling can run code; it is read only
after its keyed BLAKE2b digest checks out, under a 32-byte key made from
``os.urandom`` when the first snapshot is written and kept beside the
snapshots, readable by the user alone (a key that others may read, or
that is not the user's, is replaced, which disowns every snapshot). The
folder is the fragment cache's (:mod:`multilat._cache`), used only when it
is the user's own and nobody else may write to it: so only code that runs
as the user already can make a snapshot that is read. A snapshot that is
damaged, foreign, or made from other inputs is ignored, and the next
complete load replaces it: it never changes an answer. Snapshots are
written through a new temporary file renamed into place, never through a
link; there is one per Python environment and plugin selection, pruned
with the fragment cache's entries.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import threading
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from hashlib import blake2b
    from hmac import compare_digest
    from pickle import dumps, loads

    from multilat._distributions import EntryPoint
    from multilat.formats import Format
    from multilat.knowledge import KnowledgeBase

if not TYPE_CHECKING:
    try:
        # hashlib's and hmac's own, without the start-up of OpenSSL that
        # importing those costs (2 ms, a tenth of what a command may take).
        from _blake2 import blake2b
        from _operator import _compare_digest as compare_digest
    except ImportError:  # another implementation of Python
        from hashlib import blake2b
        from hmac import compare_digest
    try:
        # pickle's own, without the Python module around it (1 ms more).
        from _pickle import dumps, loads
    except ImportError:
        from pickle import dumps, loads

__all__ = ["GROUP", "Inputs", "Snapshot", "current", "read", "recording", "write"]

_FORMAT: Final = b"multilat-snapshot/1"
#: File names of snapshots in the cache folder end so.
SUFFIX: Final = ".snapshot"
_KEY_NAME: Final = "snapshot.key"
_KEY_SIZE: Final = 32
_LENGTH: Final = 8
#: The pickle protocol written: 5, which every Python multilat runs on reads.
_PROTOCOL: Final = 5
#: Hooks by which a plugin contributes content.
CONTENT_HOOKS: Final = frozenset({"multilat_knowledge", "multilat_scenarios"})
_LOAD_PLUGINS_VARIABLE: Final = "MULTILAT_LOAD_PLUGINS"
#: The entry-point group (``multilat.plugins.ENTRY_POINT_GROUP``), without importing pluggy.
GROUP: Final = "multilat"


class Inputs:
    """What one load read, gathered while the plugin host runs its hooks.

    Not thread-local: the host's lock lets one thread at a time run hooks,
    and each run of a hook records into its host's inputs.
    """

    def __init__(self) -> None:
        #: Data file path -> BLAKE2b digest of the bytes read.
        self.files: dict[str, str] = {}
        #: Data folder -> the TOML file names found in it, sorted.
        self.folders: dict[str, tuple[str, ...]] = {}
        #: Every entry point of the group, as discovery saw them.
        self.entry_points: tuple[tuple[Any, ...], ...] | None = None
        #: The folders of ``sys.path`` and their modification times, before discovery.
        self.path_folders: tuple[tuple[str, int | None], ...] = ()
        #: The installed distributions' metadata as files, before discovery
        #: (:func:`distribution_state`).
        self.distributions: tuple[tuple[Any, ...], ...] | None = None
        #: Why what was read cannot be told again (a file inside a zip file,
        #: a plugin registered by code), or ``None``.
        self.unusable: str | None = None

    def read_file(self, path: object, data: bytes) -> None:
        from pathlib import Path

        if isinstance(path, Path):
            self.files[os.fspath(path)] = _file_digest(data)
        else:
            self.unusable = f"a data file not in a folder: {path}"

    def listed_folder(self, folder: object, names: Iterable[str]) -> None:
        from pathlib import Path

        if isinstance(folder, Path):
            self.folders[os.fspath(folder)] = tuple(sorted(names))
        else:
            self.unusable = f"a data folder not in a folder: {folder}"


_local = threading.local()


@contextlib.contextmanager
def recording(inputs: Inputs | None) -> Iterator[None]:
    """Record the data files read on this thread into ``inputs`` (``None``: nothing)."""
    previous = getattr(_local, "inputs", None)
    _local.inputs = inputs
    try:
        yield
    finally:
        _local.inputs = previous


def note_file(path: object, data: bytes) -> None:
    """A data file was read: record it if a load is being recorded on this thread."""
    inputs: Inputs | None = getattr(_local, "inputs", None)
    if inputs is not None:
        inputs.read_file(path, data)


def note_folder(folder: object, names: Iterable[str]) -> None:
    """A data folder was listed: record it if a load is being recorded on this thread."""
    inputs: Inputs | None = getattr(_local, "inputs", None)
    if inputs is not None:
        inputs.listed_folder(folder, names)


def path_folders() -> tuple[tuple[str, int | None], ...]:
    """Each folder of ``sys.path`` with its modification time (``None``: there is none)."""
    found = []
    for entry in sys.path:
        folder = entry or os.curdir
        try:
            mtime: int | None = os.stat(folder).st_mtime_ns
        except (OSError, ValueError):
            mtime = None
        found.append((entry, mtime))
    return tuple(found)


def distribution_state(folders: Iterable[str] | None = None) -> tuple[tuple[Any, ...], ...] | None:
    """Every installed distribution's metadata folder, by the state of its files.

    Each folder with the size and modification time of ``entry_points.txt``
    and of ``METADATA`` (or ``PKG-INFO``), or ``None`` where there is none:
    an entry point or a version that changes changes one of them. A
    distribution installed or removed changes a folder of ``sys.path``
    (:func:`path_folders`), which is compared first; while those are as they
    were, so are the distributions' folders, and ``folders`` (those recorded)
    are the ones to look at. Comparing these costs a tenth of reading every
    distribution's entry points again. ``None`` where the distributions are
    not all in such folders (then the entry points themselves are compared).
    """
    if folders is None:
        from multilat import _distributions

        try:
            folders = _distributions._distribution_folders().values()
        except Exception:
            return None
    state = []
    for folder in sorted(folders):
        row: list[Any] = [folder]
        for name in ("entry_points.txt", "METADATA", "PKG-INFO"):
            try:
                info = os.stat(os.path.join(folder, name))
            except FileNotFoundError:
                row.append(None)
            else:
                row.append((info.st_size, info.st_mtime_ns))
                if name == "METADATA":
                    break  # read instead of PKG-INFO (multilat._distributions)
        state.append(tuple(row))
    return tuple(state)


def entry_point_rows(entry_points: Iterable[EntryPoint]) -> tuple[tuple[Any, ...], ...]:
    """Entry points as sorted rows, for the manifest."""
    return tuple(
        sorted(
            (ep.dist_name or "", ep.name, ep.value, ep.version or "", ep.requires)
            for ep in entry_points
        )
    )


class Snapshot:
    """A knowledge base read back from a snapshot (:func:`~multilat.plugins.current_snapshot`).

    Made only by reading one: a snapshot is written by
    :func:`~multilat.plugins.load` itself.
    """

    __slots__ = ("format_owners", "knowledge")

    def __init__(self, knowledge: KnowledgeBase, format_owners: dict[str, str]) -> None:
        #: The checked knowledge base, with no problem.
        self.knowledge = knowledge
        #: Format name -> the plugin that provided it when the snapshot was made.
        self.format_owners = format_owners

    def builtin_format(self, name: str) -> Format | None:
        """Core's format ``name``, if core provided the format of that name; else ``None``."""
        from multilat.knowledge import BUILTIN_PLUGIN

        if self.format_owners.get(name) != BUILTIN_PLUGIN:
            return None
        from multilat.builtin import builtin_format

        return builtin_format(name)


# Documented, and imported, as multilat.plugins.Snapshot.
Snapshot.__module__ = "multilat.plugins"


# -- the manifest -------------------------------------------------------------


def _environment() -> tuple[Any, ...]:
    return (
        sys.version,
        sys.implementation.cache_tag,
        tuple(sys.path),
        # A finder may list distributions of its own (multilat._distributions).
        tuple(type(finder).__qualname__ for finder in sys.meta_path),
        os.environ.get(_LOAD_PLUGINS_VARIABLE),
    )


def _standard_library() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(the standard library's folders, the folders of installed packages) to tell modules apart."""
    import sysconfig

    paths = sysconfig.get_paths()
    stdlib = {os.path.join(paths[k], "") for k in ("stdlib", "platstdlib") if k in paths}
    installed = {os.path.join(paths[k], "") for k in ("purelib", "platlib") if k in paths}
    installed.update(os.path.join(p, "") for p in sys.path if "-packages" in p)
    return tuple(sorted(stdlib)), tuple(sorted(installed))


def _module_files() -> tuple[tuple[str, int, int], ...]:
    """Every loaded module's file outside the standard library: (path, size, mtime)."""
    stdlib, installed = _standard_library()
    found: dict[str, tuple[str, int, int]] = {}
    for name, module in list(sys.modules.items()):
        if name == "__main__":
            continue  # the program that loads the content, not its input
        file = getattr(module, "__file__", None)
        if not isinstance(file, str) or file in found:
            continue
        if file.startswith(stdlib) and not file.startswith(installed):
            continue
        # A module whose file cannot be told again (in a zip file, say)
        # raises: no snapshot can say that its code is unchanged.
        info = os.stat(file)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(f"{file}: not a regular file")
        found[file] = (file, info.st_size, info.st_mtime_ns)
    return tuple(sorted(found.values()))


def _manifest(inputs: Inputs, entry_points: tuple[tuple[Any, ...], ...]) -> tuple[Any, ...]:
    return (
        _environment(),
        inputs.path_folders,
        inputs.distributions,
        entry_points,
        _module_files(),
        tuple(sorted(inputs.folders.items())),
        tuple(sorted(inputs.files.items())),
    )


def _unchanged(manifest: Any) -> bool:
    """Whether every input ``manifest`` names is as it was; the cheapest checks first."""
    from multilat.files import read_data

    environment, folders, distributions, entry_points, modules, data_folders, files = manifest
    if environment != _environment() or folders != path_folders():
        return False
    for path, size, mtime in modules:
        info = os.stat(path)
        if info.st_size != size or info.st_mtime_ns != mtime:
            return False
    if distributions is not None:
        if distributions != distribution_state(row[0] for row in distributions):
            return False
    else:
        from multilat import _distributions

        if entry_points != entry_point_rows(_distributions.entry_points(GROUP)):
            return False
    for folder, names in data_folders:
        if tuple(sorted(n for n in os.listdir(folder) if n.endswith(".toml"))) != names:
            return False
    return all(_file_digest(read_data(path)) == digest for path, digest in files)


# -- the folder, the key and the file -----------------------------------------


def _folder() -> str | None:
    from multilat._cache import usable_folder

    return usable_folder()


def _snapshot_path(folder: str) -> str:
    """One snapshot per Python environment and plugin selection."""
    digest = blake2b(repr(_environment()).encode(), digest_size=16).hexdigest()
    return os.path.join(folder, f"{digest}{SUFFIX}")


def _read_key(folder: str) -> bytes | None:
    """The key, if it is a regular file of the user's that only they can read."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(os.path.join(folder, _KEY_NAME), flags | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    with open(fd, "rb") as file:
        info = os.fstat(fd)
        getuid = getattr(os, "geteuid", None)
        if (
            not stat.S_ISREG(info.st_mode)
            or info.st_mode & 0o077
            or (getuid is not None and info.st_uid != getuid())
            or info.st_size != _KEY_SIZE
        ):
            return None
        key = file.read(_KEY_SIZE + 1)
    return key if len(key) == _KEY_SIZE else None


def _new_key(folder: str) -> bytes | None:
    """A key of the user's, made if there is none usable (which disowns every snapshot)."""
    key = _read_key(folder)
    if key is not None:
        return key
    from pathlib import Path

    from multilat.files import _replace_atomically

    key = os.urandom(_KEY_SIZE)
    try:
        # A new file, created exclusively, renamed over whatever was there
        # (a link or a file others could read is replaced, not followed).
        _replace_atomically(Path(folder, _KEY_NAME), key, mode=0o600, fsync=False)
    except OSError:
        return None
    return _read_key(folder)


class _TooLarge(Exception):
    """The pickle has grown past what may be written."""


class _Bounded:
    """A file for the pickler that refuses to hold more than ``limit`` bytes."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise _TooLarge
        self.parts.append(bytes(data))
        return len(data)


def _bounded_dumps(obj: object, limit: int) -> bytes:
    """``dumps(obj)``, or :class:`_TooLarge` as soon as it passes ``limit`` bytes."""
    from pickle import Pickler

    out = _Bounded(limit)
    Pickler(out, _PROTOCOL).dump(obj)
    return b"".join(out.parts)


def _digest(key: bytes, body: bytes) -> bytes:
    return blake2b(body, key=key, digest_size=32).hexdigest().encode()


def _file_digest(data: bytes) -> str:
    return blake2b(data, digest_size=32).hexdigest()


def current() -> Snapshot | None:
    """The snapshot, if current and the process-wide plugin host is yet to be made.

    :func:`multilat.plugins.current_snapshot`, without importing the plugin
    machinery when it has not been imported: then there is no host either.
    """
    plugins = sys.modules.get("multilat.plugins")
    if getattr(plugins, "_default_host", None) is not None:
        return None
    return read()


def read() -> Snapshot | None:
    """The snapshot of this environment if every input is unchanged; ``None`` otherwise.

    Nothing that goes wrong with a snapshot reaches the caller: it is a miss.
    """
    try:
        folder = _folder()
        if folder is None:
            return None
        key = _read_key(folder)
        if key is None:
            return None
        return _read(_snapshot_path(folder), key)
    except Exception:
        return None


def _read(path: str, key: bytes) -> Snapshot | None:
    from multilat.files import read_data

    try:
        data = read_data(path)
    except Exception:
        return None
    header, _, body = data.partition(b"\n")
    if not compare_digest(header, _FORMAT + b" " + _digest(key, body)):
        return None
    # The digest checks out: this user's multilat wrote it, so it may be unpickled.
    length = int.from_bytes(body[:_LENGTH], "big")
    manifest = loads(body[_LENGTH : _LENGTH + length])
    if not _unchanged(manifest):
        return None
    knowledge, format_owners = loads(body[_LENGTH + length :])
    return Snapshot(knowledge, format_owners)


def write(
    knowledge: KnowledgeBase, format_owners: dict[str, str], inputs: Inputs
) -> None:
    """Store ``knowledge`` for the inputs recorded; never raises."""
    with contextlib.suppress(Exception):
        _write(knowledge, format_owners, inputs)


def _write(knowledge: KnowledgeBase, format_owners: dict[str, str], inputs: Inputs) -> None:
    from pathlib import Path

    from multilat._cache import prune
    from multilat.files import _replace_atomically, max_data_size

    if inputs.unusable is not None or inputs.entry_points is None:
        return
    folder = _folder()
    if folder is None or not os.access(folder, os.W_OK):
        return  # before the pickling, which a folder that refuses it would waste
    key = _new_key(folder)
    if key is None:
        return
    limit = max_data_size()
    manifest = dumps(_manifest(inputs, inputs.entry_points), _PROTOCOL)
    try:
        # A snapshot larger than a data file may be could not be read back:
        # the pickling stops there, rather than after pickling it all.
        content = _bounded_dumps((knowledge, dict(format_owners)), limit - len(manifest))
    except _TooLarge:
        return
    body = len(manifest).to_bytes(_LENGTH, "big") + manifest + content
    data = _FORMAT + b" " + _digest(key, body) + b"\n" + body
    if len(data) > limit:
        return
    # No fsync: a torn snapshot fails its digest and is ignored.
    _replace_atomically(Path(_snapshot_path(folder)), data, mode=0o600, fsync=False)
    prune(folder)
