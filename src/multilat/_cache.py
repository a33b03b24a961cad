"""A cache of the fragments read from installed data files.

Every command reads the same data files of the installed plugins; parsing
their TOML is most of a command's start-up. The first run stores each
file's converted fragment; later runs whose file has the same bytes read it
back from the cache instead of parsing the TOML again.

Where: ``$MULTILAT_CACHE_DIR`` if set (empty turns the cache off), else
``$XDG_CACHE_HOME/multilat`` (an absolute ``XDG_CACHE_HOME`` only, as the XDG
rule says), else ``~/.cache/multilat``. ``MULTILAT_NO_CACHE=1`` turns it off.

An entry is keyed by the SHA-256 of the file's bytes, the name it is shown
under, the plugin, multilat's version and the source of the modules that
decide what a file converts to (the model, the loader and the errors), so
that any change to those, even in an editable install whose version stays
the same, misses the old entries. Only files that convert without a problem
are stored: a file with problems is parsed and reported every time.

Threat model. The cache folder is the user's, like their other files, yet
an entry is read as untrusted input: it is JSON (which cannot run code; no
pickle or marshal), read within the size limit of a data file, and its
objects are converted and validated by the same converter as the TOML they
came from. A damaged entry (truncated, a bit flipped, written by another
version, copied under another key) fails its SHA-256 digest, its key or
its validation, and is ignored and replaced: it never changes an answer. The
digest is not a signature: whoever can write the folder can write an entry
that passes it, and so change what the files seem to say (but no more than
valid content can say), as they could by editing the installed data files
in most installations. A folder that is not the user's own, or that others
may write to, is not used. Entries are written through a new temporary file
(created exclusively, never through a link) renamed over the entry, so a
reader never sees half an entry, and a link planted as an entry is replaced,
not followed. The folder is kept to :data:`MAX_ENTRIES` entries and
:data:`MAX_BYTES` bytes, the least recently used going first.

The same folder holds the snapshots of whole knowledge bases
(:mod:`multilat._snapshot`), which are pickles and are trusted by another
rule: a digest keyed by a secret only the user can read.
"""

from __future__ import annotations

import contextlib
import functools
import os
import stat
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Final

import attrs

from multilat.errors import Problem
from multilat.model import KINDS, Fragment

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "CACHE_DIR_VARIABLE",
    "MAX_BYTES",
    "MAX_ENTRIES",
    "NO_CACHE_VARIABLE",
    "cache_dir",
    "cached_fragment",
]

#: Environment variable naming the cache folder; set and empty, it turns the cache off.
CACHE_DIR_VARIABLE: Final = "MULTILAT_CACHE_DIR"

#: Environment variable that turns the cache off when set to anything but ``""`` or ``0``.
NO_CACHE_VARIABLE: Final = "MULTILAT_NO_CACHE"

#: Most entries kept; the least recently used go first.
MAX_ENTRIES: Final = 512

#: Most bytes kept in all entries together.
MAX_BYTES: Final = 64 * 1024**2

_FORMAT: Final = b"multilat-fragment-cache/1"
_SUFFIX: Final = ".json"
#: A temporary file older than this was left by a process killed while writing.
_ABANDONED_SECONDS: Final = 3600.0

Parsed = tuple[Fragment, list[Problem]]


def cache_dir() -> Path | None:
    """The cache folder from the environment, or ``None`` when the cache is off."""
    from pathlib import Path

    folder = _cache_folder()
    return None if folder is None else Path(folder)


def _cache_folder() -> str | None:
    # cache_dir() as text: a knowledge base read from its snapshot never needs pathlib.
    if os.environ.get(NO_CACHE_VARIABLE, "") not in ("", "0"):
        return None
    named = os.environ.get(CACHE_DIR_VARIABLE)
    if named is not None:
        return named or None
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):
        return os.path.join(xdg, "multilat")
    home = os.path.expanduser("~")
    return os.path.join(home, ".cache", "multilat") if os.path.isabs(home) else None


def cached_fragment(
    data: bytes, shown: str, plugin: str | None, parse: Callable[[], Parsed]
) -> Parsed:
    """``parse()`` of the data file whose bytes are ``data``, through the cache.

    ``parse`` converts the file; its result is stored when it has no
    problem. Whatever goes wrong with the cache (a missing, unwritable,
    damaged or foreign entry) falls back on ``parse`` and never reaches
    the caller.
    """
    folder = _usable_folder()
    if folder is None:
        return parse()
    key = _key(data, shown, plugin)
    entry = folder / (key + _SUFFIX)
    fragment = _read_entry(entry, key, shown, plugin)
    if fragment is not None:
        return fragment, []
    fragment, problems = parse()
    if not problems:
        with contextlib.suppress(OSError, ValueError):
            _write_entry(folder, entry, _payload(fragment, key))
    return fragment, problems


# -- keys ---------------------------------------------------------------------


@functools.cache
def _fingerprint() -> bytes:
    """Multilat's version and the state of every module of the package.

    Which modules decide a file's objects changes as the code is reshaped
    (the model, the converter, the validators, the errors): taking them all
    means no such move can leave old entries looking current. Each module
    counts by its size and modification time, as Python's own bytecode cache
    decides whether a module changed: reading and hashing the half megabyte
    of source on every start would cost more than the cache saves.
    """
    import hashlib
    from pathlib import Path

    import multilat
    from multilat._distributions import version

    digest = hashlib.sha256(_FORMAT)
    digest.update((version("multilat") or "unknown").encode())
    package = Path(multilat.__file__ or "").parent
    for module in sorted(package.rglob("*.py")):
        info = module.stat()
        name = module.relative_to(package).as_posix()
        digest.update(f"\0{name}\0{info.st_size}\0{info.st_mtime_ns}".encode())
    return digest.digest()


def _key(data: bytes, shown: str, plugin: str | None) -> str:
    import hashlib

    digest = hashlib.sha256(_fingerprint())
    for part in (shown.encode(), (plugin or "").encode()):
        digest.update(len(part).to_bytes(8, "big") + part)
    digest.update(data)
    return digest.hexdigest()


# -- the folder ---------------------------------------------------------------


def _usable_folder() -> Path | None:
    """The cache folder for fragments: :func:`usable_folder`, with multilat's fingerprint."""
    from pathlib import Path

    folder = usable_folder()
    if folder is None:
        return None
    try:
        _fingerprint()
    except (OSError, ValueError):
        return None
    return Path(folder)


def usable_folder() -> str | None:
    """The cache folder, created if need be, if it is the user's own and only theirs."""
    folder = _cache_folder()
    if folder is None:
        return None
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        info = os.stat(folder)
    except (OSError, ValueError):
        return None
    if not stat.S_ISDIR(info.st_mode):
        return None
    getuid = getattr(os, "geteuid", None)
    if getuid is not None and (info.st_uid != getuid() or info.st_mode & 0o022):
        return None  # another user's folder, or one others may write to
    return folder


# -- entries ------------------------------------------------------------------
# An entry is one header line, "<format> <sha256 of the payload>", and the
# payload: JSON {"key": ..., "objects": {kind: [...]}, "locations": [[id, line]]},
# the objects in file order, as the converter unstructures them.


def _payload(fragment: Fragment, key: str) -> bytes:
    import json

    from multilat.data import converter

    objects = {
        name: [converter.unstructure(obj) for obj in getattr(fragment, name)]
        for name in KINDS
        if getattr(fragment, name)
    }
    locations = sorted([label, line] for label, (_, line) in fragment.locations.items())
    payload = {"key": key, "objects": objects, "locations": locations}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def _read_entry(entry: Path, key: str, shown: str, plugin: str | None) -> Fragment | None:
    from multilat.files import read_data

    try:
        data = read_data(entry)
    except Exception:
        return None
    try:
        fragment = _fragment_of(data, key, shown, plugin)
    except Exception:
        fragment = None
    if fragment is None:
        with contextlib.suppress(OSError):
            entry.unlink()
        return None
    with contextlib.suppress(OSError):
        os.utime(entry)  # recently used: kept longest
    return fragment


def _fragment_of(data: bytes, key: str, shown: str, plugin: str | None) -> Fragment | None:
    import hashlib
    import json

    from multilat.data import fragment_from_dict

    header, _, payload = data.partition(b"\n")
    if header != _FORMAT + b" " + hashlib.sha256(payload).hexdigest().encode():
        return None
    document = json.loads(payload)
    if not isinstance(document, dict) or document.get("key") != key:
        return None
    objects, located = document.get("objects"), document.get("locations")
    if not isinstance(objects, dict) or not isinstance(located, list):
        return None
    fragment, problems = fragment_from_dict(
        objects, path=shown, plugin=plugin, tables={name: name for name in KINDS}
    )
    locations: dict[str, tuple[str, int | None]] = {}
    for item in located:
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], str)):
            return None
        label, line = item
        if line is not None and (type(line) is not int or line < 1):
            return None
        locations[label] = (shown, line)
    if problems or locations.keys() != fragment.locations.keys():
        return None
    return attrs.evolve(fragment, locations=locations)


def _write_entry(folder: Path, entry: Path, payload: bytes) -> None:
    import hashlib

    from multilat.files import _replace_atomically, max_data_size

    data = _FORMAT + b" " + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload
    if len(data) > max_data_size():
        return  # it could not be read back
    # rename() replaces a link planted as the entry; it never follows it. No
    # fsync: the digest catches a torn entry, which is then ignored.
    _replace_atomically(entry, data, mode=0o600, fsync=False)
    if folder not in _pruned:
        # Once per process and folder: a first run writes one entry per file.
        _pruned.add(folder)
        prune(folder)


_pruned: set[Path] = set()


def prune(folder: str | Path) -> None:
    """Keep the folder within :data:`MAX_ENTRIES` and :data:`MAX_BYTES`.

    Fragments and knowledge-base snapshots (:mod:`multilat._snapshot`) count together.
    """
    from pathlib import Path

    from multilat._snapshot import SUFFIX as SNAPSHOT_SUFFIX

    folder = Path(folder)

    entries: list[tuple[float, int, Path]] = []
    abandoned = time.time() - _ABANDONED_SECONDS
    for path in folder.iterdir():
        with contextlib.suppress(OSError):
            info = path.lstat()
            if path.name.endswith((_SUFFIX, SNAPSHOT_SUFFIX)) and not path.name.startswith("."):
                entries.append((info.st_mtime, info.st_size, path))
            elif path.name.endswith(".tmp") and info.st_mtime < abandoned:
                path.unlink()  # left by a process that was killed while writing
    entries.sort(reverse=True)  # newest first
    total = 0
    for count, (_, size, path) in enumerate(entries):
        total += size
        if count >= MAX_ENTRIES or total > MAX_BYTES:
            with contextlib.suppress(OSError):
                path.unlink()
