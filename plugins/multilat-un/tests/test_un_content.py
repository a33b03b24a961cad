"""The multilat-un plugin's content: it loads strictly with core alone, the
Security Council's members are right on the days that matter, and every
citation quotes the note verbatim at the place it names (with
``MULTILAT_NOTE_TEXT``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import ClassVar

import multilat_un
import pytest

from multilat.errors import OutdatedFactWarning
from multilat.knowledge import KnowledgeBase
from multilat.model import (
    Addressee,
    Dimension,
    Fragment,
    Horizon,
    Role,
    Source,
    SourceKind,
    iter_citations,
)
from multilat.notetext import NoteText
from multilat.testing import (
    NOTE_SOURCE,
    ContentPluginTests,
    assert_removed,
    cited_paragraphs,
    load_plugins,
    note_source,
    note_text,
)

PLUGIN = "multilat-un"

#: This plugin's sections and the paragraphs of each it carries.
PARAGRAPHS = {"un": {1, 2, 3, 4, 5}, "recommendations": {5, 6, 7}}

#: Footnote -> the work it cites.
FOOTNOTE_SOURCES = {
    13: "rijksoverheid-2020-veiligheid-machtsverhoudingen",
    14: "siboe-2019-unsc-syrian-conflict",
    15: "un-news-2019-venezuela-resolutions",
    16: "biscop-2020-weaker-together-or-apart",
    17: "acled-2020-call-unanswered",
    18: "whats-in-blue-2020-pandemics",
    19: "ocha-2020-help-poorest-countries",
    20: "zandee-2020-defence-covid-budget-cuts",
    21: "hunt-day-2020-covid-transform-peacekeeping",
    22: "de-coning-2020-covid-peace-operations",
    23: "harsch-2020-peacekeeping-during-pandemics",
    24: "autesserre-2019-crisis-of-peacekeeping",
}

PERMANENT = {"CHN", "FRA", "GBR", "RUS", "USA"}
ELECTED_2020 = {"BEL", "DOM", "DEU", "IDN", "ZAF", "EST", "NER", "VCT", "TUN", "VNM"}


# Judgments corrected against the note's words (issue 9), each with the phrase
# that justifies the coding: (influence, weight, confidence, horizon, phrase).
JUDGMENTS = [
    # An expected recession puts the funding in doubt: as NATO's feared cuts, medium.
    ("economic-crisis-squeezes-peacekeeping-funding", -0.5, "medium", "long",
     "De verwachte economische recessie en aanverwante bezuinigingen zetten de financiering"
     " van vredesoperaties op losse schroeven"),
    ("economic-crisis-widens-peacekeeping-mismatch", 0.5, "medium", "long",
     "De verwachte economische recessie"),
]


class TestUnContent(ContentPluginTests):
    """What every content plugin passes: loads strictly, quotes verbatim, …"""

    plugin = PLUGIN
    plugins: ClassVar[Mapping[str, object]] = {PLUGIN: multilat_un}
    sections = ("un",)
    judgments = JUDGMENTS


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_plugins({PLUGIN: multilat_un})


@pytest.fixture(scope="module")
def content(kb: KnowledgeBase) -> Fragment:
    return kb.fragments[PLUGIN]


@pytest.fixture(scope="module")
def the_note(kb: KnowledgeBase) -> Source:
    return note_source(kb)


@pytest.fixture(scope="module")
def note() -> NoteText:
    return note_text()  # skips, saying why, without MULTILAT_NOTE_TEXT


def on(day: str) -> dt.date:
    return dt.date.fromisoformat(day)


# -- loading ---------------------------------------------------------------------------


def test_loads_strictly_with_core_alone(kb: KnowledgeBase) -> None:
    assert kb.problems == ()
    assert set(kb.fragments) == {"multilat", PLUGIN}


def test_contributes_what_it_should(content: Fragment) -> None:
    assert {i.id for i in content.institutions} == {
        "united-nations",
        "un-security-council",
        "un-peacekeeping",
    }
    assert {r.id: r.number for r in content.recommendations} == {
        "recommendation-4": 4,
        "recommendation-5": 5,
        "recommendation-6": 6,
    }
    cited = {f.number: s.id for s in content.sources for f in s.footnotes}
    assert cited == FOOTNOTE_SOURCES
    assert {t.id for t in content.trends} >= {
        "spheres-of-influence-politics",
        "peacekeeping-demand",
        "blue-helmets-as-virus-spreaders",
    }


def test_institutions(kb: KnowledgeBase) -> None:
    council = kb["un-security-council"]
    assert council.kind == "organ"
    assert (council.name.en, council.name.nl) == (
        "United Nations Security Council",
        "VN-Veiligheidsraad",
    )
    assert council.acronym is not None
    assert (council.acronym.en, council.acronym.nl) == ("UNSC", "VNVR")
    assert council.parent == "united-nations"
    assert council.tasks
    assert council.outlook
    peacekeeping = kb["un-peacekeeping"]
    assert peacekeeping.kind == "mission"
    assert peacekeeping.parent == "united-nations"
    assert peacekeeping.outlook
    assert kb["united-nations"].kind == "organisation"


# -- the Security Council's members -------------------------------------------------------


def test_members_in_2020(kb: KnowledgeBase) -> None:
    council = kb["un-security-council"]
    day = on("2020-07-01")
    assert len(council.members_at(day)) == 15
    assert council.members_at(day, Role.PERMANENT) == PERMANENT
    assert council.members_at(day, Role.ELECTED) == ELECTED_2020


def test_term_boundary(kb: KnowledgeBase) -> None:
    council = kb["un-security-council"]
    before, after = council.members_at(on("2019-12-31")), council.members_at(on("2020-01-01"))
    assert len(before) == len(after) == 15
    assert "EST" not in before
    assert "EST" in after
    assert "POL" in before
    assert "POL" not in after
    assert "BEL" in before
    assert "BEL" in after
    assert "BEL" not in council.members_at(on("2021-01-01"))


def test_the_netherlands_served_2018(kb: KnowledgeBase) -> None:
    council = kb["un-security-council"]
    assert "NLD" not in council.members_at(on("2017-12-31"))
    assert "NLD" in council.members_at(on("2018-01-01"), Role.ELECTED)
    assert "NLD" in council.members_at(on("2018-12-31"))
    assert "NLD" not in council.members_at(on("2019-01-01"))
    assert len(council.members_at(on("2018-06-30"))) == 15


def test_permanent_members_since_the_charter(kb: KnowledgeBase) -> None:
    council = kb["un-security-council"]
    assert council.members_at(on("1945-10-24"), Role.PERMANENT) == PERMANENT
    assert council.members_at(on("1945-10-23")) == frozenset()


def test_memberships_name_their_reference(kb: KnowledgeBase) -> None:
    council = kb["un-security-council"]
    for membership in council.memberships:
        assert membership.source is not None, membership.member
        source = kb[membership.source]
        assert source.kind in (
            SourceKind.REFERENCE, SourceKind.LEGAL_TEXT, SourceKind.OFFICIAL_DOCUMENT
        )
        # A reference page is found by its address; a General Assembly
        # election by its issuer and date.
        assert source.url or (source.venue and source.date), source.id


#: The members the General Assembly elected after the note, by first year of the term.
ELECTED_AFTER_THE_NOTE = {
    2021: {"IND", "IRL", "KEN", "MEX", "NOR"},
    2022: {"ALB", "BRA", "GAB", "GHA", "ARE"},
    2023: {"ECU", "JPN", "MLT", "MOZ", "CHE"},
    2024: {"DZA", "GUY", "KOR", "SLE", "SVN"},
    2025: {"DNK", "GRC", "PAK", "PAN", "SOM"},
    2026: {"BHR", "COL", "COD", "LVA", "LBR"},
}


@pytest.mark.parametrize("year", range(2021, 2027))
def test_elected_members_to_the_present(kb: KnowledgeBase, year: int) -> None:
    council = kb["un-security-council"]
    elected = council.members_at(on(f"{year}-06-30"), Role.ELECTED)
    assert elected == ELECTED_AFTER_THE_NOTE[year] | ELECTED_AFTER_THE_NOTE.get(year - 1, set()) | (
        {"EST", "NER", "VCT", "TUN", "VNM"} if year == 2021 else set()
    )
    assert len(council.members_at(on(f"{year}-06-30"))) == 15
    for membership in council.memberships:
        if membership.joined == on(f"{year}-01-01") and membership.role is Role.ELECTED:
            assert membership.left == on(f"{year + 2}-01-01")
            assert membership.source == f"unga-{year - 1}-security-council-election"


def test_the_council_is_known_to_the_end_of_2026(kb: KnowledgeBase) -> None:
    council = kb["un-security-council"]
    assert council.as_of == on("2026-12-31")
    assert len(council.members_at(on("2026-12-31"))) == 15
    with pytest.warns(OutdatedFactWarning, match="un-security-council"):
        # The members elected in June 2026 are not recorded: 2027 is not known.
        assert len(council.members_at(on("2027-01-01"))) == 10


def test_seats_held_by_predecessors_say_so(kb: KnowledgeBase) -> None:
    council = kb["un-security-council"]
    notes = {m.member: note for m in council.memberships if (note := m.note) is not None}
    assert set(notes) == {"CHN", "RUS"}
    assert "Republic of China" in notes["CHN"].en
    assert "25 October 1971" in notes["CHN"].en
    assert "2758 (XXVI)" in notes["CHN"].en
    assert "Soviet Socialist Republics" in notes["RUS"].en
    assert "December 1991" in notes["RUS"].en
    assert "Russian Federation" in notes["RUS"].en
    assert "25 oktober 1971" in notes["CHN"].in_language("nl")
    assert "december 1991" in notes["RUS"].in_language("nl")


def test_the_charter_source_has_its_real_title(kb: KnowledgeBase) -> None:
    charter = kb["un-charter"]
    assert isinstance(charter, Source)
    assert charter.title == "Charter of the United Nations"
    assert charter.kind is SourceKind.LEGAL_TEXT


def test_united_nations_host_state_names_its_source(kb: KnowledgeBase) -> None:
    united_nations = kb["united-nations"]
    assert united_nations.host_state == "USA"
    assert united_nations.sources == ("un-headquarters-agreement",)
    agreement = kb["un-headquarters-agreement"]
    assert isinstance(agreement, Source)
    assert agreement.kind is SourceKind.LEGAL_TEXT
    assert "Headquarters of the United Nations" in agreement.title
    assert not agreement.footnotes
    # The Security Council and peacekeeping have no host state of their own here.
    assert kb["un-security-council"].host_state is None
    assert kb["un-peacekeeping"].host_state is None


# -- the causal layer -----------------------------------------------------------------------


def test_influences_are_complete(content: Fragment) -> None:
    for influence in content.influences:
        assert influence.mechanism.nl, influence.id
        assert influence.citations, influence.id


@pytest.mark.parametrize(
    ("cause", "effect", "dimension", "horizon", "sign"),
    [
        ("waning-western-influence", "united-nations", Dimension.COHESION, Horizon.LONG, -1),
        (
            "spheres-of-influence-politics",
            "un-security-council",
            Dimension.DECISION_MAKING,
            Horizon.LONG,
            -1,
        ),
        ("us-china-rivalry", "un-security-council", Dimension.DECISION_MAKING, Horizon.SHORT, -1),
        (
            "permanent-member-divergence",
            "un-security-council",
            Dimension.EFFECTIVENESS,
            Horizon.LONG,
            -1,
        ),
        ("instability", "peacekeeping-demand", None, Horizon.SHORT, 1),
        ("economic-crisis", "un-peacekeeping", Dimension.RESOURCES, Horizon.LONG, -1),
        ("inward-turn", "un-peacekeeping", Dimension.RESOURCES, Horizon.SHORT, -1),
        ("covid-19", "blue-helmets-as-virus-spreaders", None, Horizon.SHORT, 1),
        (
            "blue-helmets-as-virus-spreaders",
            "un-peacekeeping",
            Dimension.LEGITIMACY,
            Horizon.SHORT,
            -1,
        ),
        (
            "blue-helmets-as-virus-spreaders",
            "un-peacekeeping",
            Dimension.EFFECTIVENESS,
            Horizon.SHORT,
            -1,
        ),
    ],
)
def test_the_sections_causal_claims(
    content: Fragment,
    cause: str,
    effect: str,
    dimension: Dimension | None,
    horizon: Horizon,
    sign: int,
) -> None:
    found = [
        i
        for i in content.influences
        if (i.cause, i.effect, i.dimension, i.horizon) == (cause, effect, dimension, horizon)
    ]
    assert len(found) == 1
    assert found[0].weight * sign > 0


def test_the_uns_positive_claim_is_no_negative_influence(
    kb: KnowledgeBase, note: NoteText
) -> None:
    # "nog steeds groter": the note's one positive claim about the UN is the
    # Council's outlook, not a second count of the tensions.
    phrase = "zijn de kansen voor een multilateraal antwoord nog steeds groter"
    assert_removed(
        kb, note, "geopolitical-stakes-confine-security-council-role",
        section="un", paragraph=4, phrase=phrase,
    )
    outlook = kb["un-security-council"].outlook
    assert any(phrase in c.quote for claim in outlook for c in claim.citations)
    assert "geopolitical-stakes-confine-security-council-role" not in kb[
        "recommendation-4"
    ].counters


def test_recommendations(kb: KnowledgeBase) -> None:
    four, five, six = (kb[f"recommendation-{n}"] for n in (4, 5, 6))
    assert set(four.addressees) == {Addressee.DIPLOMACY}
    assert set(five.addressees) == {Addressee.DIPLOMACY, Addressee.ARMED_FORCES}
    assert set(six.addressees) == {Addressee.DIPLOMACY, Addressee.ARMED_FORCES}
    assert "un-security-council" in four.targets
    assert five.targets == six.targets == ("un-peacekeeping",)
    assert "blue-helmets-as-virus-spreaders" in six.counters


# -- against the note's text ------------------------------------------------------------------


def test_every_paragraph_is_cited(kb: KnowledgeBase, the_note: Source) -> None:
    cited = {slug: cited_paragraphs(kb, slug, plugin=PLUGIN) for slug in PARAGRAPHS}
    section = the_note.section("un")
    assert section is not None
    assert cited["un"] == set(range(1, section.paragraphs + 1)) == PARAGRAPHS["un"]
    assert cited["recommendations"] == PARAGRAPHS["recommendations"]


def test_recommendation_texts_are_the_notes(
    content: Fragment, the_note: Source, note: NoteText
) -> None:
    # Recommendation 2 has two paragraphs, so recommendation n is paragraph n + 1.
    for recommendation in content.recommendations:
        paragraph = note.paragraph(the_note, "recommendations", recommendation.number + 1)
        assert paragraph is not None
        assert recommendation.text.nl == paragraph.text
        assert [c.paragraph for c in recommendation.citations] == [recommendation.number + 1]


def test_quoted_footnotes_sit_in_the_quote(
    content: Fragment, the_note: Source, note: NoteText
) -> None:
    # Stricter than verify(): each listed footnote's marker lies within the quoted words.
    paragraphs = {(p.section, p.number): p for p in note.paragraphs(the_note)}
    misplaced: list[str] = []
    for _, obj in content.objects():
        for path, citation in iter_citations(obj):
            if citation.source != NOTE_SOURCE or not citation.footnotes:
                continue
            paragraph = paragraphs[(citation.section, citation.paragraph)]
            start = paragraph.start + paragraph.text.index(citation.quote)
            end = start + len(citation.quote)
            inside = {n for offset, n in note.markers if start <= offset <= end}
            misplaced.extend(f"{obj.id}.{path}: {n}" for n in citation.footnotes if n not in inside)
    assert misplaced == []


