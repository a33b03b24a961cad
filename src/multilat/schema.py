"""JSON Schema of the ``json`` format, derived from the domain model.

The schema is built from the ``attrs`` classes themselves, so it cannot
drift from what :func:`multilat.data.dumps_json` writes::

    >>> from multilat.schema import knowledge_schema
    >>> knowledge_schema()["properties"]["format"]
    {'const': 'multilat-knowledge/1'}
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from functools import cache
from typing import Any

import attrs

from multilat.data import FORMAT_VERSION
from multilat.model import _SLUG, KINDS, Scenario, Text

__all__ = ["SCHEMA_DIALECT", "knowledge_schema"]

#: The JSON Schema dialect used.
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# Fields holding ids or references, by name: their values are slugs.
_SLUG_FIELDS = frozenset(
    {"id", "source", "section", "cause", "effect", "parent", "custodian", "actor", "slug"}
)
_SLUG_LIST_FIELDS = frozenset({"targets", "counters", "sources"})
_ISO3_FIELDS = frozenset({"iso3", "member", "party", "host_state"})


def _slug_schema() -> dict[str, Any]:
    return {"type": "string", "pattern": f"^{_SLUG.pattern}$"}


def _nullable(hint: Any, schema: dict[str, Any]) -> dict[str, Any]:
    if type(None) in typing.get_args(hint):
        return {"anyOf": [schema, {"type": "null"}]}
    return schema


def _type_schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        inner = (
            _type_schema(options[0], defs)
            if len(options) == 1
            else {"anyOf": [_type_schema(o, defs) for o in options]}
        )
        return {"anyOf": [inner, {"type": "null"}]}
    if origin is tuple:
        item, *_ = typing.get_args(tp)
        return {"type": "array", "items": _type_schema(item, defs)}
    if tp is str:
        return {"type": "string"}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is float:
        return {"type": "number"}
    if tp is dt.date:
        return {"type": "string", "format": "date"}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return {"enum": [m.value for m in tp]}
    if tp is Text:
        defs.setdefault(
            "Text",
            {
                "type": "object",
                "properties": {lang: {"type": "string", "minLength": 1} for lang in Text.LANGUAGES},
                "required": ["en"],
                "additionalProperties": False,
            },
        )
        return {"$ref": "#/$defs/Text"}
    if attrs.has(tp):
        _class_schema(tp, defs)
        return {"$ref": f"#/$defs/{tp.__name__}"}
    raise TypeError(f"no JSON Schema for {tp!r}")


def _class_schema(cls: type, defs: dict[str, Any]) -> None:
    if cls.__name__ in defs:
        return
    defs[cls.__name__] = {}  # placeholder: classes may nest
    hints = typing.get_type_hints(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for field in attrs.fields(cls):
        if not field.init:
            continue
        if cls is Scenario and field.name == "levels":
            schema: dict[str, Any] = {
                "type": "object",
                "propertyNames": _slug_schema(),
                "additionalProperties": {"type": "number", "minimum": -1, "maximum": 1},
            }
        elif field.name in _SLUG_FIELDS:
            schema = _nullable(hints[field.name], _slug_schema())
        elif field.name in _SLUG_LIST_FIELDS:
            schema = {"type": "array", "items": _slug_schema()}
        elif field.name in _ISO3_FIELDS:
            schema = _nullable(hints[field.name], {"type": "string", "pattern": "^[A-Z]{3}$"})
        else:
            schema = _type_schema(hints[field.name], defs)
        if field.name == "weight":
            schema = {"type": "number", "minimum": -1, "maximum": 1}
        properties[field.name] = schema
        if field.default is attrs.NOTHING:
            required.append(field.name)
    doc = (cls.__doc__ or "").strip().split("\n\n")[0]
    defs[cls.__name__] = {
        "type": "object",
        "description": " ".join(doc.split()),
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


@cache
def _schema() -> dict[str, Any]:
    defs: dict[str, Any] = {}
    fragment = {
        "type": "object",
        "properties": {
            kind: {"type": "array", "items": _type_schema(cls, defs)} for kind, cls in KINDS.items()
        },
        "additionalProperties": False,
    }
    return {
        "$schema": SCHEMA_DIALECT,
        "title": "multilat knowledge base",
        "description": "A whole knowledge base: each plugin's objects, by kind.",
        "type": "object",
        "properties": {
            "format": {"const": FORMAT_VERSION},
            "plugins": {"type": "object", "additionalProperties": {"$ref": "#/$defs/Fragment"}},
        },
        "required": ["format", "plugins"],
        "additionalProperties": False,
        "$defs": {"Fragment": fragment, **dict(sorted(defs.items()))},
    }


def knowledge_schema() -> dict[str, Any]:
    """The JSON Schema (2020-12) of a ``multilat-knowledge/1`` document."""
    import copy

    return copy.deepcopy(_schema())
