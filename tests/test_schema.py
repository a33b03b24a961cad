"""The json format's JSON Schema describes what dumps_json writes."""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from multilat.data import dumps_json
from multilat.model import Fragment
from multilat.plugins import PluginHost, load
from multilat.schema import assessment_schema, hindsight_schema, knowledge_schema, schema_files


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


# -- the schemas published in the docs -------------------------------------------------

PUBLISHED = Path(__file__).resolve().parent.parent / "docs" / "reference" / "schemas"


def published(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((PUBLISHED / f"{name}.schema.json").read_text("utf-8"))
    return data


def test_the_published_schemas_are_current() -> None:
    files = schema_files()
    assert sorted(files) == sorted(p.name for p in PUBLISHED.iterdir())
    for name, text in files.items():
        expected = {
            "multilat-knowledge-1.schema.json": knowledge_schema,
            "multilat-assessment-1.schema.json": assessment_schema,
            "multilat-hindsight-1.schema.json": hindsight_schema,
        }
        assert json.loads(text) == expected[name]()
        path = PUBLISHED / name
        assert path.read_text("utf-8") == text, (
            f"{path} is out of date: python -m multilat.schema {PUBLISHED}"
        )


def test_every_document_kind_validates_against_the_published_schemas() -> None:
    from multilat.assess import assess, ensemble
    from multilat.builtin.json_format import JSON_FORMAT
    from multilat.formats import Document, Report
    from multilat.knowledge import KnowledgeBase
    from tests.test_assessment import PAPER, SMALL, scenario

    kb = KnowledgeBase.build({"small": Fragment.of([PAPER, *SMALL])})
    assert kb.problems == ()
    boom = scenario("boom", alpha=1.0)
    result = assess(kb, scenario=boom)
    reports = {
        Document.KNOWLEDGE: Report(kb),
        Document.ASSESSMENT: Report(kb, assessment=result),
        Document.ENSEMBLE: Report(
            kb, assessment=result, ensemble=ensemble(kb, scenario=boom, n=50, seed=2)
        ),
    }
    schemas = {
        Document.KNOWLEDGE: published("multilat-knowledge-1"),
        Document.ASSESSMENT: published("multilat-assessment-1"),
        Document.ENSEMBLE: published("multilat-assessment-1"),
    }
    assert set(reports) == set(Document) == set(JSON_FORMAT.documents)
    for kind, report in reports.items():
        document = json.loads(JSON_FORMAT.render_bytes(report))
        jsonschema.Draft202012Validator.check_schema(schemas[kind])
        jsonschema.validate(document, schemas[kind])
        if kind is Document.ENSEMBLE:
            assert document["ensemble"]["n"] == 50
            assert document["assessment"] is not None


def test_an_ensemble_document_says_how_exact_its_quantiles_are() -> None:
    from multilat.assess import SKETCH_WIDTH, ensemble
    from multilat.builtin.json_format import JSON_FORMAT
    from multilat.formats import Report
    from multilat.knowledge import KnowledgeBase
    from tests.test_assessment import PAPER, SMALL

    kb = KnowledgeBase.build({"small": Fragment.of([PAPER, *SMALL])})
    schema = published("multilat-assessment-1")
    found = {}
    for exact in (True, False):
        result = ensemble(kb, n=50, seed=2, exact=exact)
        document = json.loads(JSON_FORMAT.render_bytes(Report(kb, ensemble=result)))
        jsonschema.validate(document, schema)
        found[exact] = (document["ensemble"]["exact"], document["ensemble"]["quantile_error"])

    assert found == {True: (True, 0.0), False: (False, SKETCH_WIDTH)}
