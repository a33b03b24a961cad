"""Core's built-in plugin: the note's cross-cutting content, the json and text formats.

It is registered through the same hooks as any installed plugin, under the
name ``multilat``, and always loads (even with ``MULTILAT_LOAD_PLUGINS=""``).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import Final

from multilat.formats import Format
from multilat.hookspecs import hookimpl
from multilat.model import Fragment

__all__ = ["builtin_format", "multilat_formats", "multilat_knowledge"]


@hookimpl
def multilat_knowledge() -> Fragment:
    """The note as a source, its cross-cutting content and recommendations 1 and 9.

    Read from ``multilat/builtin/data/*.toml``.
    """
    # Imported here: a command whose knowledge base comes from a snapshot
    # asks this package for a format only (the json format writes without
    # the data loader), and never reads data.
    from multilat.data import load_package_data

    return load_package_data(__name__)


#: Core's formats: name -> the module that defines it and the name it has there.
_FORMATS: Final = {
    "json": ("multilat.builtin.json_format", "JSON_FORMAT"),
    "text": ("multilat.builtin.text_format", "TEXT_FORMAT"),
}


def builtin_format(name: str) -> Format | None:
    """Core's format called ``name``, importing its module alone; ``None`` for none."""
    if name not in _FORMATS:
        return None
    module, attribute = _FORMATS[name]
    fmt: Format = getattr(importlib.import_module(module), attribute)
    return fmt


@hookimpl
def multilat_formats() -> Iterable[Format]:
    """The ``json`` and ``text`` formats."""
    return [fmt for fmt in map(builtin_format, _FORMATS) if fmt is not None]
