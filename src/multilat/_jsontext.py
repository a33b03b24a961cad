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
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any

__all__ = ["dumps_indented"]

_INFINITY = float("inf")


class _Unsupported(Exception):
    """Something :func:`json.dumps` must handle itself."""


def dumps_indented(data: Any) -> str:
    """``json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)``."""
    parts: list[str] = []
    try:
        _write(data, "\n", parts)
    except (_Unsupported, RecursionError):
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
