"""Core's built-in content: it loads, its references resolve, and it quotes
the note verbatim at the places it names (with ``MULTILAT_NOTE_TEXT``)."""

from __future__ import annotations

import itertools

import pytest

from multilat.data import load_package_data
from multilat.errors import DataError
from multilat.knowledge import KnowledgeBase
from multilat.model import Fragment, ScenarioOrigin, Source, iter_citations
from multilat.notetext import NoteText
from multilat.testing import (
    NOTE_SOURCE,
    assert_judgment,
    load_plugins,
    note_text,
    quote_problems,
)

#: The paragraph index every content plugin cites by: slug -> paragraphs.
SECTIONS = {
    "summary": 2,
    "introduction": 3,
    "nato": 7,
    "un": 5,
    "osce": 4,
    "arms-control": 4,
    "outlook": 2,
    "recommendations": 10,
}

#: Footnote -> the work it cites.
FOOTNOTE_SOURCES = {
    1: "dekker-2019-multilateral-system",
    2: "zandee-2020-geopolitieke-gevolgen-eu",
    3: "minbuza-2020-tussenrapportage-gbvs",
    36: "foreign-policy-2020-world-after-pandemic",
    37: "haass-2020-pandemic-accelerate-history",
    38: "le-monde-2020-le-drian",
    39: "drent-2019-internationale-rechtsorde",
    40: "alliance-for-multilateralism-2020-declaration",
}


@pytest.fixture(scope="module")
def content() -> Fragment:
    return load_package_data("multilat.builtin")


@pytest.fixture(scope="module")
def the_note(content: Fragment) -> Source:
    return next(s for s in content.sources if s.id == NOTE_SOURCE)


@pytest.fixture(scope="module")
def note() -> NoteText:
    return note_text()  # skips, saying why, without MULTILAT_NOTE_TEXT


def test_loads_without_problems() -> None:
    try:
        load_package_data("multilat.builtin")
    except DataError as exc:
        pytest.fail("\n".join(str(p) for p in exc.problems))


def test_ids_are_unique(content: Fragment) -> None:
    ids = [obj.id for _, obj in content.objects()]
    assert sorted(ids) == sorted(set(ids))


def test_the_note_indexes_every_section(the_note: Source) -> None:
    assert {s.slug: s.paragraphs for s in the_note.sections} == SECTIONS
    assert [s.slug for s in the_note.sections] == list(SECTIONS)


def test_footnote_sources(content: Fragment) -> None:
    cited = {f.number: s.id for s in content.sources for f in s.footnotes}
    assert {n: cited.get(n) for n in FOOTNOTE_SOURCES} == FOOTNOTE_SOURCES


def test_recommendations_1_and_9(content: Fragment) -> None:
    numbers = {r.id: r.number for r in content.recommendations}
    assert numbers == {"recommendation-1": 1, "recommendation-9": 9}


def test_references_resolve(content: Fragment) -> None:
    ids = {
        kind: {obj.id for obj in getattr(content, kind)}
        for kind in ("sources", "actors", "institutions", "regimes", "trends", "influences")
    }
    dangling: list[str] = []

    def need(ref: str | None, where: str, *kinds: str) -> None:
        if ref is not None and not any(ref in ids[k] for k in kinds):
            dangling.append(f"{where}: {ref}")

    for trend in content.trends:
        need(trend.actor, f"{trend.id}.actor", "actors")
    for influence in content.influences:
        need(influence.cause, f"{influence.id}.cause", "trends")
        effect_kinds = ("trends",) if influence.dimension is None else ("institutions", "regimes")
        need(influence.effect, f"{influence.id}.effect", *effect_kinds)
    for recommendation in content.recommendations:
        for target in recommendation.targets:
            need(target, f"{recommendation.id}.targets", "institutions", "regimes")
        for countered in recommendation.counters:
            need(countered, f"{recommendation.id}.counters", "trends", "influences")
    for _, obj in content.objects():
        for path, citation in iter_citations(obj):
            need(citation.source, f"{obj.id}.{path}.source", "sources")
    assert dangling == []


def test_knowledge_base_accepts_it(content: Fragment) -> None:
    # Its own checks too: every footnote a citation lists is some source's footnote.
    problems = KnowledgeBase.build({"multilat": content}).problems
    assert problems == (), "\n".join(str(p) for p in problems)


# -- against the note's text --------------------------------------------------------


def test_content_quotes_the_note_verbatim(note: NoteText) -> None:
    # Core alone, loaded as multilat loads it.
    problems = quote_problems(load_plugins({}), note)
    assert problems == [], "\n".join(str(p) for p in problems)


def test_paragraphs_tile_the_note(the_note: Source, note: NoteText) -> None:
    # Consecutive paragraphs meet, so no text of the note falls outside the index.
    paragraphs = note.paragraphs(the_note)
    assert len(paragraphs) == sum(SECTIONS.values())
    gaps = [
        f"{p.label} .. {q.label}: {note.body[p.end : q.start]!r}"
        for p, q in itertools.pairwise(paragraphs)
        if note.body[p.end : q.start].strip()
    ]
    assert gaps == []
    assert note.body[: paragraphs[0].start] == "JULI 2020 "
    last = paragraphs[-1]
    next_heading = min((b for b in note.breaks if b > last.start), default=len(note.body))
    assert note.body[last.end : next_heading].strip() == ""


def test_recommendation_texts_are_the_notes(
    content: Fragment, the_note: Source, note: NoteText
) -> None:
    # Recommendation 2 has two paragraphs, so 9 is the section's tenth.
    paragraph_of = {1: 1, 9: 10}
    for recommendation in content.recommendations:
        paragraph = note.paragraph(the_note, "recommendations", paragraph_of[recommendation.number])
        assert paragraph is not None
        assert recommendation.text.nl == paragraph.text


# -- judgments against the note's words (issue 9) ----------------------------------------


def test_prangender_is_more_pressing_not_more_erosion() -> None:
    kb = load_plugins({})
    assert_judgment(
        kb,
        "covid-19-deepens-erosion-short",
        weight=0.25,
        confidence="low",
        horizon="short",
        phrase="Deze gestage erosie van de multilaterale orde wordt steeds prangender",
    )


def test_the_second_wave_is_the_librarys_scenario(note: NoteText) -> None:
    kb = load_plugins({})
    second_wave = kb["second-wave"]
    assert second_wave.origin is ScenarioOrigin.LIBRARY
    # No longer the sentence about more natural disasters and pandemics.
    assert all("natuurrampen en pandemieën" not in c.quote for c in second_wave.citations)
    assert "not of the note" in second_wave.description.en
    # The note's own scenarios are marked as the note's and cite it.
    for scenario in kb.scenarios:
        if scenario.origin is ScenarioOrigin.NOTE:
            assert scenario.citations, scenario.id
    # "Ongeacht hoe het coronavirus ... zich ontwikkelen": the virus's course left open.
    paragraph = note.paragraph(kb[NOTE_SOURCE], "recommendations", 10)
    assert paragraph is not None
    assert all(c.quote in paragraph.text for c in second_wave.citations)
