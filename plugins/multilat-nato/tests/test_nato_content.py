"""multilat-nato's content: it loads with core alone, its memberships answer
the note's count of 21 states in both NATO and the EU, it covers the NATO
section, and it quotes the note verbatim (with ``MULTILAT_NOTE_TEXT``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import ClassVar

import multilat_nato
import pytest

from multilat.errors import OutdatedFactWarning
from multilat.knowledge import KnowledgeBase
from multilat.model import (
    Citation,
    Dimension,
    Horizon,
    Influence,
    Institution,
    Recommendation,
    Source,
    SourceKind,
    iter_citations,
)
from multilat.notetext import NoteText
from multilat.testing import (
    ContentPluginTests,
    assert_removed,
    cited_paragraphs,
    load_plugins,
    note_source,
    note_text,
)

NAME = "multilat-nato"

#: Footnote -> the works it cites. Footnote 5 names two works; footnote 10
#: cites again the work of footnote 2, which core defines.
FOOTNOTE_SOURCES = {
    4: {"binnendijk-2020-nato-work-from-home"},
    5: {"hadfield-2020-natos-covid-19-moment", "braw-2020-pandemic-natos-moment"},
    6: {"taylor-2019-natos-next-threat"},
    7: {"babst-2020-coronavirus-hits-nato"},
    8: {"hoogensens-gjor-2020-invisible-threats"},
    9: {"kantar-2019-atlantische-commissie"},
    10: {"zandee-2020-geopolitieke-gevolgen-eu"},
    11: {"aiv-2020-europese-veiligheid"},
    12: {"tweede-kamer-2020-vragenuur-2-juni"},
}

NATO_FOUNDERS = {"BEL", "CAN", "DNK", "FRA", "ISL", "ITA", "LUX", "NLD", "NOR", "PRT", "GBR", "USA"}
NATO_2020 = NATO_FOUNDERS | {
    "GRC", "TUR", "DEU", "ESP", "CZE", "HUN", "POL",
    "BGR", "EST", "LVA", "LTU", "ROU", "SVK", "SVN", "ALB", "HRV", "MNE", "MKD",
}
EU_2020 = {
    "BEL", "DEU", "FRA", "ITA", "LUX", "NLD", "DNK", "IRL", "GRC", "PRT", "ESP", "AUT", "FIN",
    "SWE", "CYP", "CZE", "EST", "HUN", "LVA", "LTU", "MLT", "POL", "SVK", "SVN", "BGR", "ROU",
    "HRV",
}
BOTH_2020 = {
    "BEL", "BGR", "CZE", "DEU", "DNK", "ESP", "EST", "FRA", "GRC", "HRV", "HUN", "ITA", "LTU",
    "LUX", "LVA", "NLD", "POL", "PRT", "ROU", "SVK", "SVN",
}
JULY_2020 = dt.date(2020, 7, 1)


def on(day: str) -> dt.date:
    return dt.date.fromisoformat(day)


# Judgments corrected against the note's words (issue 9), each with the phrase
# that justifies the coding: (influence, weight, confidence, horizon, phrase).
JUDGMENTS = [
    # An impulse to deliberations "of en hoe", for a role that stays a "bijzaak".
    ("covid-19-spurs-nato-resilience-agenda", 0.25, "low", "long", "blijft een bijzaak"),
    ("covid-19-spurs-nato-resilience-agenda", 0.25, "low", "long",
     "in de lopende overwegingen of en hoe"),
    # The rivalry fans division "mede" ... "en zal ook" the bond come under pressure.
    ("us-china-rivalry-strains-transatlantic-bond", 0.25, "medium", "long",
     "mede door de groeiende geopolitieke rivaliteit tussen de VS en China – en zal ook de"
     " al afbrokkelende trans-Atlantische band verder onder druk komen te staan"),
    # The sentence the removed resources edge counted twice stays with this one.
    ("defence-budget-cuts-weaken-nato", -0.75, "medium", "long",
     "wat de slagkracht van het bondgenootschap verzwakt"),
]


class TestNatoContent(ContentPluginTests):
    """What every content plugin passes: loads strictly, quotes verbatim, …"""

    plugin = NAME
    plugins: ClassVar[Mapping[str, object]] = {NAME: multilat_nato}
    sections = ("nato",)
    judgments = JUDGMENTS


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    # Core's built-in content and this plugin only, whatever else is installed.
    return load_plugins({NAME: multilat_nato})


@pytest.fixture(scope="module")
def the_note(kb: KnowledgeBase) -> Source:
    return note_source(kb)


@pytest.fixture(scope="module")
def note() -> NoteText:
    return note_text()  # skips, saying why, without MULTILAT_NOTE_TEXT


def institution(kb: KnowledgeBase, object_id: str) -> Institution:
    obj = kb[object_id]
    assert isinstance(obj, Institution)
    return obj


def influence(kb: KnowledgeBase, object_id: str) -> Influence:
    obj = kb[object_id]
    assert isinstance(obj, Influence)
    return obj


def recommendation(kb: KnowledgeBase, object_id: str) -> Recommendation:
    obj = kb[object_id]
    assert isinstance(obj, Recommendation)
    return obj


def citations(kb: KnowledgeBase) -> Iterator[tuple[str, str, Citation]]:
    """Every citation this plugin makes: (object id, field path, citation)."""
    for _, obj in kb.fragments[NAME].objects():
        for path, citation in iter_citations(obj):
            yield obj.id, path, citation


# -- loading ------------------------------------------------------------------------


def test_contributes_nato_the_eu_and_their_content(kb: KnowledgeBase) -> None:
    fragment = kb.fragments[NAME]
    assert {i.id for i in fragment.institutions} == {
        "nato",
        "eu",
        "nato-civil-emergency-planning-committee",
        "nato-euro-atlantic-disaster-coordination-centre",
        "nato-support-and-procurement-agency",
    }
    assert {a.id for a in fragment.actors} == {"turkey"}
    assert kb["turkey"].iso3 == "TUR"
    assert {r.id for r in fragment.recommendations} == {"recommendation-2", "recommendation-3"}
    assert {
        "defence-budget-cuts", "turkish-unilateralism", "hybrid-threats", "refugee-flows",
        "transatlantic-estrangement", "natural-disasters-and-pandemics",
    } <= {t.id for t in fragment.trends}
    assert len(fragment.influences) >= 30
    assert all(kb.origin(obj.id) == NAME for _, obj in fragment.objects())


def test_footnote_sources(kb: KnowledgeBase) -> None:
    works: dict[int, set[str]] = {}
    for source in kb.sources:
        for footnote in source.footnotes:
            works.setdefault(footnote.number, set()).add(source.id)
    assert {n: works.get(n) for n in FOOTNOTE_SOURCES} == FOOTNOTE_SOURCES
    # Footnote 10 is core's: this plugin does not define it again.
    assert kb.origin("zandee-2020-geopolitieke-gevolgen-eu") == "multilat"


def test_every_footnote_of_the_section_is_cited(kb: KnowledgeBase) -> None:
    cited = {n for _, _, c in citations(kb) for n in c.footnotes}
    assert set(FOOTNOTE_SOURCES) <= cited


def test_influences_have_both_languages(kb: KnowledgeBase) -> None:
    assert [i.id for i in kb.fragments[NAME].influences if i.mechanism.nl is None] == []


# -- institutions and memberships ------------------------------------------------------


def test_nato_core_tasks(kb: KnowledgeBase) -> None:
    nato = institution(kb, "nato")
    assert nato.acronym is not None
    assert (nato.acronym.en, nato.acronym.nl) == ("NATO", "NAVO")
    quotes = [" ".join(c.quote for c in task.citations) for task in nato.tasks]
    assert len(quotes) == 3
    assert "eerste hoofdtaak" in quotes[0]
    assert "crisisbeheersing" in quotes[1]
    assert "coöperatieve veiligheid" in quotes[2]
    assert nato.outlook


def test_article_3_instruments_belong_to_nato(kb: KnowledgeBase) -> None:
    children = {i.id for i in kb.institutions if i.parent == "nato"}
    assert children == {
        "nato-civil-emergency-planning-committee",
        "nato-euro-atlantic-disaster-coordination-centre",
        "nato-support-and-procurement-agency",
    }


def test_memberships_are_outside_facts_with_a_reference(kb: KnowledgeBase) -> None:
    for object_id in ("nato", "eu"):
        for membership in institution(kb, object_id).memberships:
            assert membership.source is not None
            source = kb[membership.source]
            assert isinstance(source, Source)
            assert source.kind in (
                SourceKind.REFERENCE,
                SourceKind.LEGAL_TEXT,
                SourceKind.OFFICIAL_DOCUMENT,
            )


def test_accessions_after_the_note(kb: KnowledgeBase) -> None:
    nato = institution(kb, "nato")
    assert nato.as_of == on("2025-06-25")
    later = {m.member: (m.joined, m.source) for m in nato.memberships if m.joined > JULY_2020}
    assert later == {
        "FIN": (on("2023-04-04"), "nato-2023-finland-joins"),
        "SWE": (on("2024-03-07"), "nato-2024-sweden-joins"),
    }
    assert len(nato.members_at(on("2023-04-03"))) == 30
    assert len(nato.members_at(on("2023-04-04"))) == 31
    assert len(nato.members_at(on("2024-03-07"))) == 32
    assert nato.members_at(on("2025-06-25")) == NATO_2020 | {"FIN", "SWE"}
    for source_id in ("nato-2023-finland-joins", "nato-2024-sweden-joins"):
        source = kb[source_id]
        assert source.kind is SourceKind.OFFICIAL_DOCUMENT
        assert source.venue
        assert source.date


def test_membership_past_as_of_warns(kb: KnowledgeBase) -> None:
    with pytest.warns(OutdatedFactWarning, match=r"^nato: memberships are known up to 2025-06-25;"):
        assert len(institution(kb, "nato").members_at(on("2026-11-28"))) == 32
    with pytest.warns(OutdatedFactWarning, match=r"^eu: memberships are known up to 2020-07-01;"):
        institution(kb, "eu").members_at(on("2021-01-01"))


def test_nato_members_in_july_2020(kb: KnowledgeBase) -> None:
    nato = institution(kb, "nato")
    assert nato.members_at(JULY_2020) == NATO_2020
    assert len(NATO_2020) == 30
    assert nato.members_at(dt.date(1949, 8, 24)) == NATO_FOUNDERS
    assert nato.members_at(dt.date(1949, 8, 23)) == frozenset()


def test_north_macedonia_is_the_thirtieth_member(kb: KnowledgeBase) -> None:
    nato = institution(kb, "nato")
    before, on = nato.members_at(dt.date(2020, 3, 26)), nato.members_at(dt.date(2020, 3, 27))
    assert "MKD" not in before
    assert "MKD" in on
    assert (len(before), len(on)) == (29, 30)
    assert on - before == {"MKD"}


def test_accessions_take_effect_on_their_day(kb: KnowledgeBase) -> None:
    nato, eu = institution(kb, "nato"), institution(kb, "eu")
    assert "ESP" not in nato.members_at(dt.date(1982, 5, 29))
    assert "ESP" in nato.members_at(dt.date(1982, 5, 30))
    assert "HRV" not in eu.members_at(dt.date(2013, 6, 30))
    assert "HRV" in eu.members_at(dt.date(2013, 7, 1))


def test_eu_members_in_july_2020(kb: KnowledgeBase) -> None:
    assert institution(kb, "eu").members_at(JULY_2020) == EU_2020
    assert len(EU_2020) == 27


def test_united_kingdom_leaves_the_eu_after_31_january_2020(kb: KnowledgeBase) -> None:
    eu = institution(kb, "eu")
    last_day = eu.members_at(dt.date(2020, 1, 31))
    first_day_out = eu.members_at(dt.date(2020, 2, 1))
    assert "GBR" in last_day
    assert "GBR" not in first_day_out
    assert (len(last_day), len(first_day_out)) == (28, 27)
    assert "GBR" in eu.members_at(dt.date(1973, 1, 1))
    assert "GBR" not in eu.members_at(dt.date(1972, 12, 31))
    # The United Kingdom stays in NATO.
    assert "GBR" in institution(kb, "nato").members_at(dt.date(2020, 2, 1))


#: The EU's founding six: EEC members from the Treaty of Rome's entry into force.
EU_FOUNDERS = {"BEL", "DEU", "FRA", "ITA", "LUX", "NLD"}

#: EU members that joined the European Communities before the EU was founded.
EC_ACCESSIONS = {"DNK", "IRL", "GBR", "GRC", "PRT", "ESP"}


def test_eu_memberships_of_the_communities_say_so(kb: KnowledgeBase) -> None:
    eu = institution(kb, "eu")
    notes = {m.member: note for m in eu.memberships if (note := m.note) is not None}
    assert set(notes) == EU_FOUNDERS | EC_ACCESSIONS
    assert eu.members_at(dt.date(1958, 1, 1)) == EU_FOUNDERS
    assert eu.members_at(dt.date(1957, 12, 31)) == frozenset()
    for member in EU_FOUNDERS:
        assert "1 January 1958" in notes[member].en
        assert "EEC" in notes[member].en
        assert "1 januari 1958" in notes[member].in_language("nl")
    for member in EC_ACCESSIONS:
        assert "European Communities" in notes[member].en
        assert notes[member].nl is not None
    assert "31 January 2020" in notes["GBR"].en
    assert "1 February 2020" in notes["GBR"].en
    # Members that joined the EU itself need no note.
    assert all(m.note is None for m in eu.memberships if m.joined >= dt.date(1995, 1, 1))
    # NATO's memberships are accessions (or the treaty's entry into force).
    assert all(m.note is None for m in institution(kb, "nato").memberships)


def test_nato_host_state_names_its_source(kb: KnowledgeBase) -> None:
    nato = institution(kb, "nato")
    assert nato.host_state == "BEL"
    assert nato.sources == ("nato-headquarters",)
    source = kb["nato-headquarters"]
    assert isinstance(source, Source)
    assert source.kind is SourceKind.REFERENCE
    assert source.url == "https://www.nato.int/cps/en/natohq/topics_49284.htm"
    # The EU has several seats: no host state, and no source for one.
    eu = institution(kb, "eu")
    assert eu.host_state is None
    assert eu.sources == ()


def test_the_notes_21_states_in_both_nato_and_the_eu(kb: KnowledgeBase) -> None:
    both = institution(kb, "nato").members_at(JULY_2020) & institution(kb, "eu").members_at(
        JULY_2020
    )
    assert both == BOTH_2020
    assert len(both) == 21
    # The note says so, and the knowledge base cites it.
    assert any(
        "gezien de 21 landen die lid zijn van zowel EU als NAVO" in c.quote
        and (c.section, c.paragraph) == ("nato", 6)
        for _, _, c in citations(kb)
    )
    # Before the United Kingdom left the EU there were 22.
    on_31_january = dt.date(2020, 1, 31)
    assert len(
        institution(kb, "nato").members_at(on_31_january)
        & institution(kb, "eu").members_at(on_31_january)
    ) == 22


# -- the causal claims --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("influence_id", "cause", "effect", "dimension", "horizon", "sign"),
    [
        ("covid-19-hampers-nato-operational-readiness", "covid-19", "nato",
         Dimension.OPERATIONAL_READINESS, Horizon.SHORT, -1),
        ("covid-19-speeds-nato-decision-making", "covid-19", "nato",
         Dimension.DECISION_MAKING, Horizon.SHORT, 1),
        ("covid-19-prompts-nato-support-role", "covid-19", "nato",
         Dimension.EFFECTIVENESS, Horizon.SHORT, 1),
        ("covid-19-spurs-nato-resilience-agenda", "covid-19", "nato",
         Dimension.EFFECTIVENESS, Horizon.LONG, 1),
        ("economic-crisis-cuts-defence-budgets", "economic-crisis", "defence-budget-cuts",
         None, Horizon.LONG, 1),
        ("defence-budget-cuts-weaken-nato", "defence-budget-cuts", "nato",
         Dimension.EFFECTIVENESS, Horizon.LONG, -1),
        ("defence-budget-cuts-strain-nato-burden-sharing", "defence-budget-cuts", "nato",
         Dimension.COHESION, Horizon.LONG, -1),
        ("us-unilateralism-divides-nato", "us-unilateralism", "nato",
         Dimension.COHESION, Horizon.LONG, -1),
        ("turkish-unilateralism-divides-nato", "turkish-unilateralism", "nato",
         Dimension.COHESION, Horizon.LONG, -1),
        ("russian-obstruction-splits-nato", "russian-obstruction", "nato",
         Dimension.COHESION, Horizon.LONG, -1),
        ("brain-dead-accusation-divides-nato", "french-brain-dead-accusation", "nato",
         Dimension.COHESION, Horizon.LONG, -1),
        ("covid-19-raises-hybrid-vulnerability", "covid-19", "hybrid-threats",
         None, Horizon.LONG, 1),
        ("instability-sparks-nato-priority-quarrels", "instability", "nato",
         Dimension.COHESION, Horizon.LONG, -1),
        ("refugee-flows-sharpen-nato-priority-quarrels", "refugee-flows", "nato",
         Dimension.COHESION, Horizon.LONG, -1),
        ("us-china-rivalry-divides-nato", "us-china-rivalry", "nato",
         Dimension.COHESION, Horizon.LONG, -1),
        ("transatlantic-estrangement-divides-nato", "transatlantic-estrangement", "nato",
         Dimension.COHESION, Horizon.LONG, -1),
        ("turkish-cypriot-dispute-hampers-eu-nato-cooperation", "turkish-cypriot-dispute",
         "eu-nato-cooperation", None, Horizon.LONG, -1),
        ("us-unilateralism-hampers-eu-nato-cooperation", "us-unilateralism",
         "eu-nato-cooperation", None, Horizon.LONG, -1),
        ("eu-nato-cooperation-strengthens-nato", "eu-nato-cooperation", "nato",
         Dimension.EFFECTIVENESS, Horizon.LONG, 1),
    ],
)
def test_causal_claims_of_the_section(
    kb: KnowledgeBase,
    influence_id: str,
    cause: str,
    effect: str,
    dimension: Dimension | None,
    horizon: Horizon,
    sign: int,
) -> None:
    found = influence(kb, influence_id)
    assert (found.cause, found.effect, found.dimension, found.horizon) == (
        cause, effect, dimension, horizon
    )
    assert found.weight * sign > 0


def test_the_kantar_poll_backs_the_transatlantic_estrangement(kb: KnowledgeBase) -> None:
    trend = kb["transatlantic-estrangement"]
    assert any(9 in c.footnotes and "driekwart" in c.quote for c in trend.citations)
    assert "73%" in kb["kantar-2019-atlantische-commissie"].footnotes[0].text


def test_budget_cuts_are_not_counted_twice(kb: KnowledgeBase, note: NoteText) -> None:
    # Stitched from ¶1 and ¶7; ¶7's one sentence on the effect of falling
    # budgets is defence-budget-cuts-weaken-nato's.
    assert_removed(
        kb, note, "defence-budget-cuts-drain-nato-resources", section="nato", paragraph=7,
        phrase="zal vertalen in dalende defensiebudgetten, wat de slagkracht van het"
        " bondgenootschap verzwakt",
    )
    assert "defence-budget-cuts-drain-nato-resources" not in recommendation(
        kb, "recommendation-2"
    ).counters


def test_no_two_influences_share_an_edge(kb: KnowledgeBase) -> None:
    # One edge of the cognitive map per cause, effect and horizon.
    edges = [(i.cause, i.effect_concept, i.horizon) for i in kb.influences]
    assert len(edges) == len(set(edges))


# -- recommendations ----------------------------------------------------------------------


def test_recommendations_2_and_3(kb: KnowledgeBase) -> None:
    two, three = recommendation(kb, "recommendation-2"), recommendation(kb, "recommendation-3")
    assert (two.number, three.number) == (2, 3)
    assert set(two.addressees) == {"diplomacy", "armed-forces"}
    assert set(three.addressees) == {"diplomacy", "armed-forces"}
    assert set(two.targets) == {"nato", "eu"}
    assert "nato" in three.targets
    assert {"transatlantic-estrangement", "defence-budget-cuts"} <= set(two.counters)
    assert "natural-disasters-and-pandemics" in three.counters
    assert (two.title.nl, three.title.nl) == ("NAVO", "Weerbaarheid en paraatheid")
    assert {(c.section, c.paragraph) for c in two.citations} == {
        ("recommendations", 2), ("recommendations", 3)
    }
    assert {(c.section, c.paragraph) for c in three.citations} == {("recommendations", 4)}


# -- coverage of the section -----------------------------------------------------------


def test_every_paragraph_of_the_nato_section_is_cited(
    kb: KnowledgeBase, the_note: Source
) -> None:
    section = the_note.section("nato")
    assert section is not None
    covered = cited_paragraphs(kb, "nato", plugin=NAME)
    assert covered == set(range(1, section.paragraphs + 1))
    assert section.paragraphs == 7


def test_recommendation_paragraphs_are_cited(kb: KnowledgeBase) -> None:
    assert {2, 3, 4} <= cited_paragraphs(kb, "recommendations", plugin=NAME)


# -- against the note's text ---------------------------------------------------------------


def test_footnotes_listed_are_the_markers_in_each_quote(
    kb: KnowledgeBase, the_note: Source, note: NoteText
) -> None:
    paragraphs = {(p.section, p.number): p for p in note.paragraphs(the_note)}
    wrong: list[str] = []
    for object_id, path, citation in citations(kb):
        paragraph = paragraphs[(citation.section, citation.paragraph)]
        start = paragraph.start + paragraph.text.index(citation.quote)
        end = start + len(citation.quote)
        markers = {n for offset, n in note.markers if start <= offset <= end}
        if set(citation.footnotes) != markers:
            wrong.append(f"{object_id}.{path}: lists {citation.footnotes}, quote has {markers}")
    assert wrong == []


def test_recommendation_texts_are_the_notes(
    kb: KnowledgeBase, the_note: Source, note: NoteText
) -> None:
    def text(number: int) -> str:
        paragraph = note.paragraph(the_note, "recommendations", number)
        assert paragraph is not None
        return paragraph.text

    assert recommendation(kb, "recommendation-2").text.nl == text(2) + "\n\n" + text(3)
    assert recommendation(kb, "recommendation-3").text.nl == text(4)


