"""Core's built-in plugin: the note's cross-cutting content, the json and text formats.

It is registered through the same hooks as any installed plugin, under the
name ``multilat``, and always loads (even with ``MULTILAT_LOAD_PLUGINS=""``).
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
    # Imported here: the json format, a module of this package, writes
    # without the data loader.
    from multilat.data import load_package_data

    return load_package_data(__name__)


@hookimpl
def multilat_formats() -> Iterable[Format]:
    """The ``json`` and ``text`` formats."""
    from multilat.builtin.json_format import JSON_FORMAT
    from multilat.builtin.text_format import TEXT_FORMAT

    return [JSON_FORMAT, TEXT_FORMAT]
