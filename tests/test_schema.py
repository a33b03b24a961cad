"""The json format's JSON Schema describes what dumps_json writes."""

from __future__ import annotations

import json
import warnings

import jsonschema
import pytest

from multilat.data import dumps_json
from multilat.plugins import PluginHost, load
from multilat.schema import knowledge_schema


def test_schema_is_a_valid_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(knowledge_schema())


def test_builtin_knowledge_validates() -> None:
    with warnings.catch_warnings():
        # Problems in the built-in content are the content tests' business.
        warnings.simplefilter("ignore")
        kb = load(host=PluginHost(entry_points=False))
    jsonschema.validate(json.loads(dumps_json(kb)), knowledge_schema())


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("format",), "multilat-knowledge/2"),
        (("plugins", "multilat", "trends", 0, "id"), "Not A Slug"),
        (("plugins", "multilat", "trends", 0, "unknown"), 1),
    ],
)
def test_schema_rejects_what_the_loader_rejects(path: tuple[object, ...], value: object) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        kb = load(host=PluginHost(entry_points=False))
    document = json.loads(dumps_json(kb))
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, knowledge_schema())
