"""The knowledge base as a JSON document and back: ``multilat-knowledge/1``.

Reading and writing JSON is its own concern; the TOML data files and the
converter they share are in :mod:`multilat.data`, which re-exports these
functions under their documented names (:func:`multilat.data.dumps_json`,
:func:`multilat.data.loads_json`, :func:`multilat.data.fragment_to_dict`).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

import attrs

from multilat import model
from multilat._jsontext import encode_basestring
from multilat.errors import DataError, Problem
from multilat.model import KINDS, Fragment, Scenario, Text

if TYPE_CHECKING:
    from multilat._jsontext import Fields
    from multilat.knowledge import KnowledgeBase

__all__ = ["FORMAT_VERSION", "dumps_json", "fragment_to_dict", "loads_json"]

#: Version tag of the JSON export; bumped on incompatible changes.
FORMAT_VERSION: Final = "multilat-knowledge/1"


def fragment_to_dict(fragment: Fragment) -> dict[str, list[Any]]:
    """Plain data for a fragment: kind -> objects sorted by id."""
    from multilat.data import converter

    return {
        name: [converter.unstructure(obj) for obj in objects]
        for name, objects in _by_kind(fragment).items()
    }


def _by_kind(fragment: Fragment) -> dict[str, Sequence[Any]]:
    return {name: sorted(getattr(fragment, name), key=_key) for name in KINDS}


def _key(obj: Any) -> str:
    return str(obj.id)


_KIND_CLASSES = frozenset(KINDS.values())


@functools.cache
def _written_fields(cls: type) -> Fields | None:
    """The attributes :data:`multilat.data.converter` writes of a domain object of ``cls``.

    Its rules: a :class:`~multilat.model.Text` without the languages it
    lacks; every kind of object without ``replaces`` unless it declares one,
    and a scenario's levels as an object; any other class of the model with
    every attribute. ``None`` for a class the converter has no such rule
    for. ``tests/test_data.py`` holds :func:`dumps_json` to the converter.
    """
    if cls is Text:
        return (('"en": ', "en", True, False), ('"nl": ', "nl", True, False))
    if cls.__module__ != model.__name__ or cls is Fragment or not attrs.has(cls):
        return None
    kind = cls in _KIND_CLASSES
    return tuple(
        (
            encode_basestring(a.name) + ": ",
            a.name,
            kind and a.name == "replaces",
            cls is Scenario and a.name == "levels",
        )
        for a in sorted(attrs.fields(cls), key=lambda a: a.name)
    )


def dumps_json(kb: KnowledgeBase) -> str:
    """The whole knowledge base as JSON text, byte-identical for equal input.

    Objects are grouped by the plugin that contributed them; keys and
    objects are sorted. ``track_record`` counts the note's expectations by
    the verdict of their resolution (:mod:`multilat.hindsight`); it is
    derived, and :func:`loads_json` ignores it.
    """
    from multilat._jsontext import Unconverted, dumps_converted, dumps_indented
    from multilat.hindsight import track_record

    fragments = sorted(kb.fragments.items())
    data: dict[str, Any] = {
        "format": FORMAT_VERSION,
        "plugins": {name: _by_kind(f) for name, f in fragments},
        "track_record": dict(track_record(kb).counts()),
    }
    try:
        # Straight from the objects: no plain data built, no converter imported.
        return dumps_converted(data, _written_fields) + "\n"
    except (Unconverted, RecursionError):
        pass  # something beyond the rules of _written_fields: the converter's own way
    data["plugins"] = {name: fragment_to_dict(f) for name, f in fragments}
    return dumps_indented(data) + "\n"


def loads_json(text: str, *, path: str = "<json>") -> KnowledgeBase:
    """Rebuild a knowledge base from :func:`dumps_json` output.

    Raises :class:`~multilat.errors.DataError` for JSON that is malformed or
    does not convert; integrity problems are checked as for installed
    content and land in :attr:`~multilat.knowledge.KnowledgeBase.problems`.
    """
    import json

    from multilat.data import _resource_error, fragment_from_dict
    from multilat.knowledge import KnowledgeBase

    try:
        data = json.loads(text.removeprefix("\ufeff"))
    except json.JSONDecodeError as exc:
        raise DataError([Problem(f"invalid JSON: {exc.msg}", path=path, line=exc.lineno)]) from None
    except (RecursionError, MemoryError) as exc:
        raise _resource_error(exc, path, None) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT_VERSION:
        raise DataError([Problem(f"not a {FORMAT_VERSION} document", path=path)])
    plugins = data.get("plugins")
    if not isinstance(plugins, dict):
        raise DataError([Problem("'plugins' must be an object", path=path)])
    fragments: dict[str, Fragment] = {}
    problems: list[Problem] = []
    plural = {name: name for name in KINDS}
    for plugin, document in plugins.items():
        if not isinstance(document, dict):
            problems.append(Problem("expected an object", path=path, plugin=plugin))
            continue
        try:
            fragment, found = fragment_from_dict(
                document, path=path, plugin=plugin, tables=plural
            )
        except (RecursionError, MemoryError) as exc:
            raise _resource_error(exc, path, plugin) from None
        fragments[plugin] = fragment
        problems.extend(found)
    if problems:
        raise DataError(problems)
    return KnowledgeBase.build(fragments)
