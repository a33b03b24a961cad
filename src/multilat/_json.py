"""The knowledge base as a JSON document and back: ``multilat-knowledge/1``.

Reading and writing JSON is its own concern; the TOML data files and the
converter they share are in :mod:`multilat.data`, which re-exports these
functions under their documented names (:func:`multilat.data.dumps_json`,
:func:`multilat.data.loads_json`, :func:`multilat.data.fragment_to_dict`).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from multilat.errors import DataError, Problem
from multilat.model import KINDS, Fragment

if TYPE_CHECKING:
    from multilat.knowledge import KnowledgeBase

__all__ = ["dumps_json", "fragment_to_dict", "loads_json"]


def fragment_to_dict(fragment: Fragment) -> dict[str, list[Any]]:
    """Plain data for a fragment: kind -> objects sorted by id."""
    from multilat.data import converter

    return {
        name: [converter.unstructure(obj) for obj in sorted(getattr(fragment, name), key=_key)]
        for name in KINDS
    }


def _key(obj: Any) -> str:
    return str(obj.id)


def dumps_json(kb: KnowledgeBase) -> str:
    """The whole knowledge base as JSON text, byte-identical for equal input.

    Objects are grouped by the plugin that contributed them; keys and
    objects are sorted. ``track_record`` counts the note's expectations by
    the verdict of their resolution (:mod:`multilat.hindsight`); it is
    derived, and :func:`loads_json` ignores it.
    """
    from multilat._jsontext import dumps_indented
    from multilat.data import FORMAT_VERSION
    from multilat.hindsight import track_record

    data = {
        "format": FORMAT_VERSION,
        "plugins": {name: fragment_to_dict(f) for name, f in sorted(kb.fragments.items())},
        "track_record": dict(track_record(kb).counts()),
    }
    return dumps_indented(data) + "\n"


def loads_json(text: str, *, path: str = "<json>") -> KnowledgeBase:
    """Rebuild a knowledge base from :func:`dumps_json` output.

    Raises :class:`~multilat.errors.DataError` for JSON that is malformed or
    does not convert; integrity problems are checked as for installed
    content and land in :attr:`~multilat.knowledge.KnowledgeBase.problems`.
    """
    from multilat.data import FORMAT_VERSION, _resource_error, fragment_from_dict
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
