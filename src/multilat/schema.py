"""JSON Schema of the ``json`` format, derived from the domain model.

The schema is built from the ``attrs`` classes themselves, so it cannot
drift from what :func:`multilat.data.dumps_json` writes::

    >>> from multilat.schema import knowledge_schema
    >>> knowledge_schema()["properties"]["format"]
    {'const': 'multilat-knowledge/1'}

:func:`hindsight_schema` describes what ``multilat hindsight --json``
writes, and :func:`assessment_schema` what ``multilat assess --format json``
writes::

    >>> from multilat.schema import assessment_schema
    >>> assessment_schema()["properties"]["format"]
    {'const': 'multilat-assessment/1'}
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from functools import cache
from typing import Any, Final

import attrs

from multilat._json import FORMAT_VERSION
from multilat._validators import _SLUG
from multilat.model import KINDS, REFERS_TO, Scenario, Text

__all__ = [
    "ASSESSMENT_FORMAT_VERSION",
    "SCHEMA_DIALECT",
    "assessment_schema",
    "hindsight_schema",
    "knowledge_schema",
    "schema_files",
]

#: Version tag of an assessment document (the json format's ``multilat
#: assess`` output); bumped on incompatible changes. It lives with the
#: schema that describes it, so that the library never imports a format.
ASSESSMENT_FORMAT_VERSION: Final = "multilat-assessment/1"

#: The JSON Schema dialect used.
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# Fields whose values are slugs that refer to nothing: an object's own id and
# the section slugs. The fields that refer to other objects say so in their
# metadata (multilat.model.Ref), and their values are slugs too.
_SLUG_FIELDS = frozenset({"id", "slug", "section", "replaces"})
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
        elif field.name in _SLUG_FIELDS or (
            REFERS_TO in field.metadata and hints[field.name] in (str, str | None)
        ):
            schema = _nullable(hints[field.name], _slug_schema())
        elif REFERS_TO in field.metadata:
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


def _track_record_schema() -> dict[str, Any]:
    from multilat.hindsight import TRACK_RECORD_KEYS

    count = {"type": "integer", "minimum": 0}
    return {
        "type": "object",
        "description": "The note's expectations counted by verdict (derived; ignored on load).",
        "properties": dict.fromkeys(TRACK_RECORD_KEYS, count),
        "required": list(TRACK_RECORD_KEYS),
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
            "track_record": _track_record_schema(),
        },
        "required": ["format", "plugins"],
        "additionalProperties": False,
        "$defs": {"Fragment": fragment, **dict(sorted(defs.items()))},
    }


def knowledge_schema() -> dict[str, Any]:
    """The JSON Schema (2020-12) of a ``multilat-knowledge/1`` document."""
    import copy

    return copy.deepcopy(_schema())


def _object(properties: dict[str, Any], description: str = "") -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "required": sorted(properties),
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


@cache
def _assessment_schema() -> dict[str, Any]:
    from multilat.model import Dimension, Horizon

    number = {"type": "number"}
    level = {"type": "number", "minimum": -1, "maximum": 1}
    probability = {"type": "number", "minimum": 0, "maximum": 1}
    slug = _slug_schema()
    # Outcome keys ("nato.cohesion") and trend ids, both as concept keys.
    concept = {"type": "string", "pattern": f"^{_SLUG.pattern}(?:\\.{_SLUG.pattern})?$"}
    quantiles = {
        "type": "object",
        "propertyNames": {"pattern": "^(0|1|0?\\.[0-9]+)$"},
        "additionalProperties": number,
    }
    where = {
        "key": concept,
        "target": slug,
        "dimension": {"enum": [d.value for d in Dimension]},
    }
    citation = _object({"source": slug, "locator": {"type": "string"}, "quote": {"type": "string"}})
    path = _object(
        {
            "concepts": {"type": "array", "items": concept, "minItems": 2},
            "contribution": number,
            "influences": {"type": "array", "items": slug, "minItems": 1},
            "citations": {"type": "array", "items": {"$ref": "#/$defs/Citation"}},
        },
        "A chain of influences from a held trend to the outcome; contribution ="
        " the trend's level times the product of the weights.",
    )
    scenario = {
        "anyOf": [
            _object(
                {
                    "id": slug,
                    "levels": {
                        "type": "object",
                        "propertyNames": slug,
                        "additionalProperties": level,
                    },
                }
            ),
            {"type": "null"},
        ]
    }
    horizon = {"enum": [h.value for h in Horizon]}
    unjudged = {"type": "null"}
    outcome = _object(
        {
            **where,
            "judged": {"type": "boolean"},
            "judged_in": {"type": "array", "items": horizon, "uniqueItems": True},
            "level": {"anyOf": [level, unjudged]},
            "baseline": {"anyOf": [level, unjudged]},
            "change": {"anyOf": [{"type": "number", "minimum": -2, "maximum": 2}, unjudged]},
            "paths": {"type": "array", "items": {"$ref": "#/$defs/Path"}},
        },
        "One dimension of one institution or regime; level, baseline and change are null"
        " when no influence of the horizon acts on it (judged is false).",
    )
    standing = _object(
        {
            "target": slug,
            "status": {"type": "string"},
            "in_force": {"type": "boolean"},
            "withdrawn": {"type": "array", "items": {"type": "string"}},
        },
        "An institution or regime on the assessment's date; one not in force has no outcomes.",
    )
    recommendation = _object(
        {
            "number": {"type": "integer", "minimum": 1},
            "id": slug,
            "severity": {"type": "number", "minimum": 0},
            "reasons": {"type": "array", "items": {"type": "string"}},
        }
    )
    assessment = _object(
        {
            "horizon": horizon,
            "scenario": scenario,
            "rule": {"type": "string"},
            "transfer": {"type": "string"},
            "calibration": {"type": "string"},
            "on": {"type": "string", "format": "date"},
            "converged": {"type": "boolean"},
            "trend_levels": {"type": "object", "additionalProperties": number},
            "targets": {"type": "array", "items": concept},
            "standings": {"type": "array", "items": {"$ref": "#/$defs/Standing"}},
            "outcomes": {"type": "array", "items": {"$ref": "#/$defs/Outcome"}},
            "recommendations": {"type": "array", "items": {"$ref": "#/$defs/Recommendation"}},
        },
        "What assess() found: per outcome the level, baseline, change and strongest paths.",
    )
    ensemble_outcome = _object(
        {
            **where,
            "mean": number,
            "mean_change": number,
            "quantiles": quantiles,
            "change_quantiles": quantiles,
            "p_decline": probability,
        }
    )
    ensemble = _object(
        {
            "horizon": {"enum": [h.value for h in Horizon]},
            "scenario": scenario,
            "n": {"type": "integer", "minimum": 1},
            "seed": {"type": "integer"},
            "chunk_size": {"type": "integer", "minimum": 1},
            "rule": {"type": "string"},
            "transfer": {"type": "string"},
            "converged": {"type": "boolean"},
            "exact": {
                "type": "boolean",
                "description": "Whether every draw was kept and the quantiles are exact.",
            },
            "quantile_error": {
                "type": "number",
                "minimum": 0,
                "description": (
                    "The most a reported quantile differs from the exact one of the same"
                    " draws: 0 when exact, the histogram sketch's bin width otherwise."
                ),
            },
            "outcomes": {"type": "array", "items": {"$ref": "#/$defs/EnsembleOutcome"}},
        },
        "What ensemble() found over n draws of the judged weights.",
    )
    return {
        "$schema": SCHEMA_DIALECT,
        "title": "multilat assessment",
        "description": "An assessment and/or an ensemble, as multilat assess --format json writes.",
        **_object(
            {
                "format": {"const": ASSESSMENT_FORMAT_VERSION},
                "assessment": {"anyOf": [{"$ref": "#/$defs/Assessment"}, {"type": "null"}]},
                "ensemble": {"anyOf": [{"$ref": "#/$defs/Ensemble"}, {"type": "null"}]},
            }
        ),
        "$defs": {
            "Assessment": assessment,
            "Citation": citation,
            "Ensemble": ensemble,
            "EnsembleOutcome": ensemble_outcome,
            "Outcome": outcome,
            "Path": path,
            "Recommendation": recommendation,
            "Standing": standing,
        },
    }


def assessment_schema() -> dict[str, Any]:
    """The JSON Schema (2020-12) of a ``multilat-assessment/1`` document."""
    import copy

    return copy.deepcopy(_assessment_schema())


@cache
def _hindsight_schema() -> dict[str, Any]:
    from multilat.hindsight import HINDSIGHT_FORMAT_VERSION, TRACK_RECORD_KEYS
    from multilat.model import Horizon

    string = {"type": "string"}
    nullable_string = {"anyOf": [string, {"type": "null"}]}
    date = {"type": "string", "format": "date"}
    slug = _slug_schema()
    source = {
        "type": "object",
        "properties": {
            "id": slug,
            "issuer": nullable_string,
            "title": string,
            "date": nullable_string,
            "url": nullable_string,
        },
        "required": ["id"],
        "additionalProperties": False,
    }
    evidence = _object({"date": date, "text": string, "source": source})
    resolution = _object(
        {
            "id": slug,
            "summary": string,
            "as_of": date,
            "evidence": {"type": "array", "items": evidence},
        }
    )
    citation = _object({"source": slug, "locator": string, "quote": string})
    entry = _object(
        {
            "id": slug,
            "about": {"type": "array", "items": slug, "minItems": 1},
            "expects": string,
            "by": {"anyOf": [date, {"type": "null"}]},
            "horizon": {"anyOf": [{"enum": [h.value for h in Horizon]}, {"type": "null"}]},
            "citations": {"type": "array", "items": citation, "minItems": 1},
            "verdict": {"enum": list(TRACK_RECORD_KEYS)},
            "resolution": {"anyOf": [resolution, {"type": "null"}]},
        }
    )
    count = {"type": "integer", "minimum": 0}
    track = _object(dict.fromkeys(TRACK_RECORD_KEYS, count))
    return {
        "$schema": SCHEMA_DIALECT,
        "title": "multilat hindsight",
        "description": "The note's expectations, their verdicts and evidence, the track record.",
        **_object(
            {
                "format": {"const": HINDSIGHT_FORMAT_VERSION},
                "lang": {"type": "string"},
                "expectations": {"type": "array", "items": entry},
                "track_record": track,
            }
        ),
    }


def hindsight_schema() -> dict[str, Any]:
    """The JSON Schema (2020-12) of a ``multilat-hindsight/1`` document."""
    import copy

    return copy.deepcopy(_hindsight_schema())


def schema_files() -> dict[str, str]:
    """File name -> text of each schema as the docs publish it.

    Sorted keys, an indent of two, a final newline: the bytes of
    ``docs/reference/schemas/``. ``python -m multilat.schema DIR`` writes
    them into ``DIR``.
    """
    import json

    schemas = {
        "multilat-knowledge-1.schema.json": knowledge_schema(),
        "multilat-assessment-1.schema.json": assessment_schema(),
        "multilat-hindsight-1.schema.json": hindsight_schema(),
    }
    return {
        name: json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        for name, schema in schemas.items()
    }


if __name__ == "__main__":
    import sys
    from pathlib import Path

    if len(sys.argv) != 2:
        sys.exit("usage: python -m multilat.schema DIR")
    for file_name, text in schema_files().items():
        (Path(sys.argv[1]) / file_name).write_text(text, encoding="utf-8")
