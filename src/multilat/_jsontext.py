"""Indented JSON text, as :func:`json.dumps` writes it, several times as fast.

``json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)`` leaves
CPython's C encoder as soon as ``indent`` is given, for a chain of
generators that passes every piece of text up through every level of
nesting: it was most of the time of ``report --format json`` on large
content. :func:`dumps_indented` writes the same bytes by recursion into one
list, with the C encoder's string escaping; anything it does not know
(a key that is not a string, an object of another type) is left to
:func:`json.dumps` itself, so the result, or the error, is always the
standard library's.

:func:`dumps_converted` writes the same text for domain objects, as the
data converter would turn them into plain data, without building that data.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from json.encoder import encode_basestring
else:
    try:
        # json.encoder's own function, without importing the json package,
        # which a command that writes its knowledge base never needs else.
        from _json import encode_basestring
    except ImportError:  # another implementation of Python
        from json.encoder import encode_basestring

__all__ = ["Fields", "Unconverted", "dumps_converted", "dumps_indented", "encode_basestring"]

_INFINITY = float("inf")


class _Unsupported(Exception):
    """Something :func:`json.dumps` must handle itself."""


def dumps_indented(data: Any) -> str:
    """``json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)``."""
    parts: list[str] = []
    try:
        _write(data, "\n", parts)
    except (_Unsupported, RecursionError):
        import json

        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)
    return "".join(parts)


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value == _INFINITY:
        return "Infinity"
    if value == -_INFINITY:
        return "-Infinity"
    return float.__repr__(value)


def _write(value: Any, newline: str, parts: list[str]) -> None:
    """Append ``value``'s text to ``parts``; ``newline`` is a line break and this level's indent."""
    if isinstance(value, str):
        parts.append(encode_basestring(value))
    elif value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif isinstance(value, int):
        parts.append(int.__repr__(value))
    elif isinstance(value, float):
        parts.append(_float(value))
    elif isinstance(value, list | tuple):
        if not value:
            parts.append("[]")
            return
        inner = newline + "  "
        separator = "," + inner
        parts.append("[" + inner)
        first = True
        for item in value:
            if not first:
                parts.append(separator)
            first = False
            _write(item, inner, parts)
        parts.append(newline + "]")
    elif isinstance(value, dict):
        if not value:
            parts.append("{}")
            return
        if not all(isinstance(key, str) for key in value):
            raise _Unsupported  # json.dumps turns numbers and None into keys, or refuses
        inner = newline + "  "
        separator = "," + inner
        parts.append("{" + inner)
        first = True
        for key, item in sorted(value.items()):
            if not first:
                parts.append(separator)
            first = False
            parts.append(encode_basestring(key) + ": ")
            _write(item, inner, parts)
        parts.append(newline + "}")
    else:
        raise _Unsupported


#: How a class's objects are written: ``(key text, attribute, left out when None,
#: pairs written as an object)`` for each attribute written, in key order.
Fields = tuple[tuple[str, str, bool, bool], ...]


_UNSEEN: Any = object()

#: :data:`Fields` at one depth, the keys with the text that comes before them.
_Shape = tuple[tuple[str, bool, bool, str, str], ...]


class Unconverted(Exception):
    """A value :func:`dumps_converted` has no rule for."""


def dumps_converted(data: Any, fields_of: Callable[[type], Fields | None]) -> str:
    """``dumps_indented`` of the plain data a converter turns ``data`` into, without making it.

    The converter's rules are those of :data:`multilat.data.converter`: an
    object whose class ``fields_of`` describes is written as a JSON object
    of the attributes it names; a date as its ISO text; an enum member as
    its value; a tuple as a list; strings, numbers, ``None``, lists and
    dictionaries with string keys as :func:`dumps_indented` writes them.
    Writing the text straight from the objects saves building (and
    sorting) a dictionary for each. Anything else (an object of a class
    ``fields_of`` does not describe, a key that is not a string) raises
    :class:`Unconverted`: the caller then converts and writes as usual.
    """
    parts: list[str] = []
    encode = encode_basestring
    # Exact classes written in one piece; enums join on first sight.
    scalars: dict[type, Callable[[Any], str]] = {
        str: encode,
        int: int.__repr__,
        float: _float,
        bool: lambda flag: "true" if flag else "false",
        dt.date: lambda day: encode(dt.date.isoformat(day)),
    }
    # (class, line break) -> for each attribute written: (attribute, left out
    # when None, pairs as an object, its key after "{" and the line break,
    # its key after "," and the line break).
    shapes: dict[tuple[type, str], _Shape | None] = {}

    def shape(kind: type, inner: str) -> _Shape | None:
        fields = fields_of(kind)
        made = shapes[kind, inner] = (
            None
            if fields is None
            else tuple(
                (name, omit_none, pairs, "{" + inner + key, "," + inner + key)
                for key, name, omit_none, pairs in fields
            )
        )
        return made

    def write(value: Any, newline: str) -> None:
        kind = value.__class__
        scalar = scalars.get(kind)
        if scalar is not None:
            parts.append(scalar(value))
            return
        inner = newline + "  "
        fields = shapes.get((kind, inner), _UNSEEN)
        if fields is _UNSEEN:
            fields = shape(kind, inner)
        if fields is not None:
            first = True
            for name, omit_none, pairs, opening, following in fields:
                item = getattr(value, name)
                if item is None:
                    if not omit_none:
                        parts.append((opening if first else following) + "null")
                        first = False
                    continue
                scalar = scalars.get(item.__class__)
                if scalar is not None:
                    parts.append((opening if first else following) + scalar(item))
                elif item.__class__ is tuple and not item and not pairs:
                    parts.append((opening if first else following) + "[]")
                else:
                    parts.append(opening if first else following)
                    write(dict(item) if pairs else item, inner)
                first = False
            parts.append("{}" if first else newline + "}")
        elif value is None:
            parts.append("null")
        elif isinstance(value, tuple | list):
            if not value:
                parts.append("[]")
                return
            separator = "[" + inner
            for item in value:
                parts.append(separator)
                write(item, inner)
                separator = "," + inner
            parts.append(newline + "]")
        elif isinstance(value, enum.Enum):
            if issubclass(kind, str) and all(str.__str__(m) == m.value for m in kind):
                scalars[kind] = encode  # a StrEnum's member is the text of its value
            write(value.value, newline)
        elif isinstance(value, dict):
            if not value:
                parts.append("{}")
                return
            if not all(isinstance(key, str) for key in value):
                raise Unconverted(value)
            separator = "{" + inner
            for key, item in sorted(value.items()):
                parts.append(separator + encode(key) + ": ")
                write(item, inner)
                separator = "," + inner
            parts.append(newline + "}")
        elif isinstance(value, str):
            parts.append(encode(value))
        elif isinstance(value, int):
            parts.append(int.__repr__(value))
        elif isinstance(value, float):
            parts.append(_float(value))
        elif isinstance(value, dt.date):
            parts.append(encode(dt.date.isoformat(value)))
        else:
            raise Unconverted(value)

    write(data, "\n")
    return "".join(parts)
