"""The Format type: which documents a format renders, and what a Report is."""

from __future__ import annotations

import pytest

from multilat.assess import assess, ensemble
from multilat.errors import InvalidValue
from multilat.formats import DEFAULT_DOCUMENTS, Document, Format, Report
from multilat.knowledge import KnowledgeBase
from multilat.plugins import PluginHost, load


def text(report: Report) -> str:
    return report.document.value


def plain(**fields: object) -> Format:
    return Format(name="plain", media_type="text/plain", suffix=".txt", render=text, **fields)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load(host=PluginHost(entry_points=False), strict=True)


def test_a_format_that_says_nothing_renders_the_knowledge_base_only() -> None:
    fmt = plain()
    assert fmt.documents == DEFAULT_DOCUMENTS == frozenset({Document.KNOWLEDGE})
    assert fmt.renders("knowledge")
    assert not fmt.renders(Document.ASSESSMENT)
    assert not fmt.renders("ensemble")


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (["assessment"], {Document.ASSESSMENT}),
        ("ensemble", {Document.ENSEMBLE}),  # one kind, not its letters
        ((Document.KNOWLEDGE, "knowledge", "ensemble"), {Document.KNOWLEDGE, Document.ENSEMBLE}),
    ],
)
def test_documents_are_converted(given: object, expected: set[Document]) -> None:
    assert plain(documents=given).documents == frozenset(expected)


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (
            ["knowledge", "hindsight"],
            "documents: 'hindsight' is not a document kind; known: knowledge, assessment, ensemble",
        ),
        ([], "documents: a format renders at least one kind of document"),
        (3, "documents: expected document kinds, got int"),
    ],
)
def test_bad_documents_are_precise_errors(given: object, message: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        plain(documents=given)
    assert str(caught.value) == message
    assert caught.value.field == "documents"


def test_the_document_of_a_report(kb: KnowledgeBase) -> None:
    result = assess(kb)
    spread = ensemble(kb, n=4, seed=1)
    assert Report(kb).document is Document.KNOWLEDGE
    assert Report(kb, assessment=result).document is Document.ASSESSMENT
    assert Report(kb, assessment=result, ensemble=spread).document is Document.ENSEMBLE


def test_render_bytes_refuses_a_document_the_format_does_not_render(kb: KnowledgeBase) -> None:
    fmt = plain(documents=["knowledge", "assessment"])
    assert fmt.render_bytes(Report(kb)) == b"knowledge"
    assert fmt.render_bytes(Report(kb, assessment=assess(kb))) == b"assessment"
    spread = ensemble(kb, n=4, seed=1)
    with pytest.raises(InvalidValue, match="format plain cannot render an ensemble"):
        fmt.render_bytes(Report(kb, assessment=assess(kb), ensemble=spread))


def test_every_document_kind_has_a_phrase() -> None:
    assert [d.phrase for d in Document] == ["a knowledge base", "an assessment", "an ensemble"]
