"""Installed distributions and their entry points, without ``importlib.metadata``.

Every command finds its plugins through entry points, and importing
``importlib.metadata`` (the ``email`` package, ``zipfile``, ``socket``) costs
more than the scan itself. Where ``sys.path`` holds only what this reader
handles, it reads ``*.dist-info`` and ``*.egg-info`` folders itself, the way
``importlib.metadata`` does (the first distribution of a normalised name on
``sys.path`` wins; ``entry_points.txt`` is parsed by the same rules); wherever
anything else is there — an egg's ``requires.txt``, a zip file, a finder on
``sys.meta_path`` that lists its own distributions or a path finder
that lists none, two folders of one name
in one directory, a header or a line this reader does not parse the same —
it hands the whole question to ``importlib.metadata``. Nothing is cached:
a plugin installed or removed is seen by the next call.
"""

from __future__ import annotations

import functools
import importlib
import os
import re
import sys
from collections.abc import Callable
from typing import Any

from attrs import frozen

__all__ = ["EntryPoint", "entry_points", "requires", "version"]


class _Unsure(Exception):
    """Something this reader does not handle exactly as ``importlib.metadata``."""


@frozen
class EntryPoint:
    """One entry point, with what its distribution says about itself."""

    name: str
    value: str
    dist_name: str | None
    version: str | None
    requires: tuple[str, ...] | None

    def load(self) -> Any:
        """Import the module and look up the attribute, as ``importlib.metadata`` does."""
        match = _ENTRY_POINT.match(self.value)
        if match is None:
            raise ValueError(f"entry point {self.name!r}: malformed value {self.value!r}")
        module = importlib.import_module(match.group("module"))
        attributes = filter(None, (match.group("attr") or "").split("."))
        return functools.reduce(getattr, attributes, module)


# importlib.metadata.EntryPoint.pattern
_ENTRY_POINT = re.compile(
    r"(?P<module>[\w.]+)\s*(:\s*(?P<attr>[\w.]+)\s*)?((?P<extras>\[.*\])\s*)?$"
)
# The email parser's header line (compat32 policy) and its line breaks.
_HEADER = re.compile(r"([!-9;-~]+):[ \t]*(.*)")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_SUFFIXES = (".dist-info", ".egg-info")


def _normalize(name: str) -> str:
    # importlib.metadata.Prepared.normalize
    return re.sub(r"[-_.]+", "-", name).lower().replace("-", "_")


def _distribution_folders() -> dict[str, str]:
    """Normalised name -> the folder of the distribution ``importlib.metadata`` would pick."""
    from importlib.machinery import PathFinder

    for finder in sys.meta_path:
        if finder is not PathFinder and hasattr(finder, "find_distributions"):
            raise _Unsure("a finder lists its own distributions")
    if PathFinder not in sys.meta_path or not hasattr(PathFinder, "find_distributions"):
        # The importlib_metadata backport, once imported, takes the path
        # finder's part (it deletes PathFinder.find_distributions).
        raise _Unsure("the path finder lists no distributions")
    found: dict[str, str] = {}
    for entry in sys.path:
        root = entry or "."
        try:
            children = os.listdir(root)
        except (FileNotFoundError, NotADirectoryError, PermissionError):
            if os.path.isfile(root):
                raise _Unsure(f"{root}: not a folder") from None
            continue
        if os.path.basename(root).lower().endswith(".egg"):
            raise _Unsure(f"{root}: an egg")
        here: set[str] = set()
        for child in children:
            low = child.lower()
            if not low.endswith(_SUFFIXES):
                continue
            if not child.endswith(_SUFFIXES):
                # importlib.metadata then asks the metadata for the name.
                raise _Unsure(f"{child}: a suffix not in lower case")
            name = _normalize(low.rpartition(".")[0].partition("-")[0])
            if name in here:
                raise _Unsure(f"{root}: two folders for {name}")
            here.add(name)
            found.setdefault(name, os.path.join(root, child))
    return found


def _read(folder: str, name: str) -> str | None:
    try:
        with open(os.path.join(folder, name), encoding="utf-8") as file:
            return file.read()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError):
        return None


def _headers(folder: str) -> dict[str, list[str]]:
    """The metadata's headers, lower-cased name -> values, as the email parser reads them."""
    if not os.path.isdir(folder):
        raise _Unsure(f"{folder}: not a folder")
    text = _read(folder, "METADATA") or _read(folder, "PKG-INFO")
    if not text:
        raise _Unsure(f"{folder}: no metadata")
    headers: dict[str, list[str]] = {}
    for line in _LINE_BREAK.split(text):
        if not line:
            break
        match = _HEADER.fullmatch(line)
        if match is None or line[0] in " \t":
            raise _Unsure(f"{folder}: a header this reader does not parse")
        headers.setdefault(match.group(1).lower(), []).append(match.group(2))
    return headers


def _requirements(folder: str, headers: dict[str, list[str]]) -> list[str] | None:
    """``Requires-Dist``; ``None`` for none (an egg's ``requires.txt`` is not read here)."""
    found = headers.get("requires-dist")
    if found is None and os.path.exists(os.path.join(folder, "requires.txt")):
        raise _Unsure(f"{folder}: requires.txt")
    return found


def _entry_points_of(text: str) -> list[tuple[str, str, str]]:
    """(group, name, value) in file order: ``importlib.metadata.Sectioned``'s rules."""
    pairs = []
    section: str | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line.strip("[]")
            continue
        if section is None:
            continue
        if "=" not in line:
            raise _Unsure("an entry point line without '='")
        name, value = line.split("=", 1)
        pairs.append((section, name.strip(), value.strip()))
    return pairs


def _fast_entry_points(group: str) -> list[EntryPoint]:
    found = []
    for folder in _distribution_folders().values():
        text = _read(folder, "entry_points.txt")
        if text is None:
            continue
        mine = [(name, value) for g, name, value in _entry_points_of(text) if g == group]
        if not mine:
            continue
        headers = _headers(folder)
        reqs = _requirements(folder, headers)
        for name, value in mine:
            found.append(
                EntryPoint(
                    name,
                    value,
                    headers.get("name", [None])[0],
                    headers.get("version", [None])[0],
                    None if reqs is None else tuple(reqs),
                )
            )
    return found


def _slow_entry_points(group: str) -> list[EntryPoint]:
    import importlib.metadata

    found = []
    metadata: dict[int, tuple[str | None, str | None, tuple[str, ...] | None]] = {}
    for ep in importlib.metadata.entry_points(group=group):
        dist = ep.dist
        if dist is None:
            about: tuple[str | None, str | None, tuple[str, ...] | None] = (None, None, None)
        else:
            about = metadata.get(id(dist)) or (dist.name, dist.version, _tuple(dist.requires))
            metadata[id(dist)] = about
        found.append(EntryPoint(ep.name, ep.value, *about))
    return found


def _tuple(values: list[str] | None) -> tuple[str, ...] | None:
    return None if values is None else tuple(values)


def _either(fast: Callable[[], Any], slow: Callable[[], Any]) -> Any:
    try:
        return fast()
    except (_Unsure, UnicodeDecodeError, OSError):
        return slow()


def entry_points(group: str) -> list[EntryPoint]:
    """The entry points of ``group``, as ``importlib.metadata.entry_points`` finds them."""
    return list(_either(lambda: _fast_entry_points(group), lambda: _slow_entry_points(group)))


def _fast_headers(distribution: str) -> tuple[str, dict[str, list[str]]] | None:
    folder = _distribution_folders().get(_normalize(distribution))
    return None if folder is None else (folder, _headers(folder))


def version(distribution: str) -> str | None:
    """The installed version of ``distribution``; ``None`` if none is installed."""

    def slow() -> str | None:
        import importlib.metadata

        try:
            return importlib.metadata.version(distribution)
        except importlib.metadata.PackageNotFoundError:
            return None

    def fast() -> str | None:
        found = _fast_headers(distribution)
        return None if found is None else found[1].get("version", [None])[0]

    result: str | None = _either(fast, slow)
    return result


def requires(distribution: str) -> list[str] | None:
    """The requirements of an installed distribution; ``None`` if none is installed."""

    def slow() -> list[str] | None:
        import importlib.metadata

        try:
            return importlib.metadata.distribution(distribution).requires or []
        except (importlib.metadata.PackageNotFoundError, ValueError):
            return None

    def fast() -> list[str] | None:
        if not distribution:
            raise _Unsure("an empty name")
        found = _fast_headers(distribution)
        return None if found is None else list(_requirements(*found) or [])

    result: list[str] | None = _either(fast, slow)
    return result
