"""Core's built-in plugin itself: the module of hooks registered under the name ``multilat``.

Kept apart from :mod:`multilat.builtin`, the package of core's content and
formats, because the hooks carry pluggy's marker: a command whose knowledge
base comes from its snapshot asks the package for one of core's formats
(:func:`~multilat.builtin.builtin_format`) and never needs the hooks, nor
pluggy.
"""

from __future__ import annotations

from collections.abc import Iterable

from multilat.formats import Format
from multilat.hookspecs import hookimpl
from multilat.model import Fragment

__all__ = ["multilat_formats", "multilat_knowledge"]


@hookimpl
def multilat_knowledge() -> Fragment:
    """The note as a source, its cross-cutting content and recommendations 1 and 9.

    Read from ``multilat/builtin/data/*.toml``.
    """
    # Imported here: a command whose knowledge base comes from a snapshot
    # asks this package for a format only (the json format writes without
    # the data loader), and never reads data.
    from multilat.data import load_package_data

    return load_package_data("multilat.builtin")


@hookimpl
def multilat_formats() -> Iterable[Format]:
    """The ``json`` and ``text`` formats."""
    from multilat.builtin import FORMAT_NAMES, builtin_format

    return [fmt for fmt in map(builtin_format, FORMAT_NAMES) if fmt is not None]
