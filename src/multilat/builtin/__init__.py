"""Core's built-in plugin: the note's cross-cutting content, the json and text formats.

It is registered through the same hooks as any installed plugin, under the
name ``multilat``, and always loads (even with ``MULTILAT_LOAD_PLUGINS=""``).
The plugin registered is :mod:`multilat.builtin.hooks`; its hooks are
also this package's attributes, imported on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from multilat.builtin.hooks import multilat_formats, multilat_knowledge
    from multilat.formats import Format

__all__ = ["FORMAT_NAMES", "builtin_format", "multilat_formats", "multilat_knowledge"]

#: Core's formats: name -> the module that defines it and the name it has there.
_FORMATS: Final = {
    "json": ("multilat.builtin.json_format", "JSON_FORMAT"),
    "text": ("multilat.builtin.text_format", "TEXT_FORMAT"),
}

#: The names of core's formats.
FORMAT_NAMES: Final = tuple(_FORMATS)

_HOOKS: Final = ("multilat_formats", "multilat_knowledge")


def builtin_format(name: str) -> Format | None:
    """Core's format called ``name``, importing its module alone; ``None`` for none."""
    if name not in _FORMATS:
        return None
    module, attribute = _FORMATS[name]
    fmt: Format = getattr(importlib.import_module(module), attribute)
    return fmt


def __getattr__(name: str) -> Any:
    # PEP 562: the hooks, with pluggy's marker, when first asked for.
    if name in _HOOKS:
        from multilat.builtin import hooks

        return getattr(hooks, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

