"""multilat-osce's content: it loads with core alone and references resolve.

The OSCE has its 57 participating States, and the content quotes the note
verbatim at the places it names (with ``MULTILAT_NOTE_TEXT``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import ClassVar

import multilat_osce
import pytest

from multilat.errors import OutdatedFactWarning
from multilat.knowledge import KnowledgeBase
from multilat.model import (
    Addressee,
    Dimension,
    Fragment,
    Institution,
    InstitutionKind,
    Role,
    Source,
    SourceKind,
    references,
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

PLUGIN = "multilat-osce"

#: The OSCE's participating States on 1 July 2020 (ISO 3166-1 alpha-3), as
#: the OSCE lists them.
PARTICIPATING_STATES = frozenset(
    {
        "ALB", "AND", "ARM", "AUT", "AZE", "BEL", "BLR", "BIH", "BGR", "CAN",
        "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "GEO", "DEU", "GRC",
        "VAT", "HUN", "ISL", "IRL", "ITA", "KAZ", "KGZ", "LVA", "LIE", "LTU",
        "LUX", "MLT", "MDA", "MCO", "MNG", "MNE", "NLD", "MKD", "NOR", "POL",
        "PRT", "ROU", "RUS", "SMR", "SRB", "SVK", "SVN", "ESP", "SWE", "CHE",
        "TJK", "TUR", "TKM", "UKR", "GBR", "USA", "UZB",
    }
)  # fmt: skip

#: Footnote -> the work it cites, for the OSCE section.
FOOTNOTE_SOURCES = {
    25: "un-charter-chapter-viii",
    26: "osce-2015-back-to-diplomacy",
    27: "liechtenstein-2020-covid-impairing-osce-ukraine",
    28: "osce-2020-smm-freedom-of-movement",
    29: "liechtenstein-2020-osce-bold-action",
    30: "osce-hcnm-2020-streamlining-diversity",
}

#: The sections (and paragraphs) this plugin carries.
OSCE_PARAGRAPHS = 4
RECOMMENDATION_7_PARAGRAPH = 8


# (influence, weight, confidence, horizon, the phrase that justifies the coding)
JUDGMENTS = [
    # "biedt mogelijkheden" is coded as NATO's "biedt kansen": an opportunity, low.
    ("covid-19-opens-early-warning-opportunity", 0.5, "low", "long",
     "Anderzijds biedt deze crisis wel mogelijkheden"),
    # The late budget is long-term evidence ("Op de langere termijn"), cited by
    # the long-standing effect of the tensions rather than a short edge of its own.
    ("geopolitical-tensions-hamper-osce-decision-making", -0.5, "high", "long",
     "stemt weinig hoopgevend dat zij de 'bold action' kunnen ondernemen"),
    *[
        (f"pressure-on-democratic-rights-adds-value-of-{target}", 0.25, "medium", "long",
         "Hier zijn de OVSE, als geheel en in het bijzonder haar drie onafhankelijke"
         " instituties")
        for target in ("osce", "odihr", "osce-rfom", "osce-hcnm")
    ],
]


class TestOsceContent(ContentPluginTests):
    """What every content plugin passes: loads strictly, quotes verbatim, …"""

    plugin = PLUGIN
    plugins: ClassVar[Mapping[str, object]] = {PLUGIN: multilat_osce}
    sections = ("osce",)
    judgments = JUDGMENTS


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_plugins({PLUGIN: multilat_osce})  # never autoloads


@pytest.fixture(scope="module")
def content(kb: KnowledgeBase) -> Fragment:
    return kb.fragments[PLUGIN]


@pytest.fixture(scope="module")
def the_note(kb: KnowledgeBase) -> Source:
    return note_source(kb)


@pytest.fixture(scope="module")
def note() -> NoteText:
    return note_text()  # skips, saying why, without MULTILAT_NOTE_TEXT


@pytest.fixture(scope="module")
def osce(kb: KnowledgeBase) -> Institution:
    institution = kb["osce"]
    assert isinstance(institution, Institution)
    return institution


# -- loading and references -----------------------------------------------------------


def test_contributes_what_it_should(content: Fragment) -> None:
    institutions = {i.id: (i.kind, i.parent) for i in content.institutions}
    assert institutions == {
        "osce": (InstitutionKind.ORGANISATION, None),
        "odihr": (InstitutionKind.BODY, "osce"),
        "osce-rfom": (InstitutionKind.BODY, "osce"),
        "osce-hcnm": (InstitutionKind.BODY, "osce"),
        "osce-cpc": (InstitutionKind.BODY, "osce"),
        "osce-permanent-council": (InstitutionKind.ORGAN, "osce"),
        "osce-smm": (InstitutionKind.MISSION, "osce"),
    }
    assert {t.id for t in content.trends} == {
        "ukraine-conflict",
        "neglect-of-economic-environmental-dimension",
        "crisis-criticism-and-disinformation",
        "authoritarian-nationalist-tendencies",
        "pressure-on-democratic-rights",
    }
    assert [r.id for r in content.recommendations] == ["recommendation-7"]
    assert content.regimes == ()
    assert len(content.influences) >= 10


def test_osce_names(osce: Institution) -> None:
    assert osce.name.en == "Organization for Security and Co-operation in Europe"
    assert osce.name.nl == "Organisatie voor Veiligheid en Samenwerking in Europa"
    assert osce.acronym is not None
    assert (osce.acronym.en, osce.acronym.nl) == ("OSCE", "OVSE")


def test_footnote_sources(content: Fragment) -> None:
    cited = {f.number: s.id for s in content.sources for f in s.footnotes}
    assert cited == FOOTNOTE_SOURCES


def test_footnote_25_is_the_un_charter(kb: KnowledgeBase) -> None:
    charter = kb["un-charter-chapter-viii"]
    assert isinstance(charter, Source)
    assert charter.kind is SourceKind.LEGAL_TEXT
    assert "Chapter VIII" in charter.title
    assert "52-54" in charter.title


def test_influences_are_complete(content: Fragment) -> None:
    for influence in content.influences:
        assert influence.mechanism.nl, influence.id
        assert influence.citations, influence.id


def test_references_only_core_and_own_objects(kb: KnowledgeBase, content: Fragment) -> None:
    # multilat-osce depends on multilat alone: nothing it names may come from
    # another plugin (in particular no arms-control regime). Which fields
    # refer to what is the model's registry (multilat.model.references).
    referenced = {target for _, obj in content.objects() for _, target, _ in references(obj)}
    assert {kb.origin(ref) for ref in referenced} <= {"multilat", PLUGIN}


# -- the checks ---------------------------------------------------------------


def test_57_participating_states_on_1_july_2020(osce: Institution) -> None:
    on = dt.date(2020, 7, 1)
    members = osce.members_at(on)
    assert len(members) == 57
    assert members == PARTICIPATING_STATES
    assert osce.members_at(on, role=Role.PARTICIPATING_STATE) == PARTICIPATING_STATES


def test_every_membership_names_an_outside_source(kb: KnowledgeBase, osce: Institution) -> None:
    outside = {SourceKind.REFERENCE, SourceKind.LEGAL_TEXT, SourceKind.OFFICIAL_DOCUMENT}
    for membership in osce.memberships:
        assert membership.role is Role.PARTICIPATING_STATE
        assert membership.source is not None, membership.member
        source = kb[membership.source]
        assert isinstance(source, Source)
        assert source.kind in outside, membership.member
        assert not source.footnotes, f"{membership.member}: a footnote source, not a reference"


def test_membership_dates(osce: Institution) -> None:
    assert len(osce.members_at(dt.date(1975, 8, 1))) == 32  # the Helsinki states still existing
    assert "MNG" not in osce.members_at(dt.date(2012, 11, 20))
    assert "MNG" in osce.members_at(dt.date(2012, 11, 21))
    assert len(osce.members_at(dt.date(2012, 11, 20))) == 56


#: Participating States whose `joined` is their admission date; every other
#: membership gives a date by which the state was a participating State.
ADMITTED_ON_JOINED = frozenset(
    {"EST", "LVA", "LTU", "HRV", "GEO", "SVN", "MKD", "MNE", "MNG"}
)  # fmt: skip


def test_memberships_by_date_say_so_in_their_note(osce: Institution) -> None:
    noted = {m.member for m in osce.memberships if m.note is not None}
    assert noted == PARTICIPATING_STATES - ADMITTED_ON_JOINED
    assert len(noted) == 48
    for membership in osce.memberships:
        if membership.note is None:
            continue
        assert membership.note.en.startswith("A participating State by this date"), membership
        assert membership.note.nl is not None
        assert membership.note.nl.startswith("Uiterlijk op deze datum deelnemende staat")


def test_membership_notes_name_the_grounds(osce: Institution) -> None:
    notes = {m.member: note for m in osce.memberships if (note := m.note) is not None}
    assert "3 July 1973" in notes["NLD"].en
    assert "Federal Republic of Germany" in notes["DEU"].en
    assert "Soviet Union" in notes["RUS"].en
    assert "Resolution 970 (1991)" in notes["ALB"].en
    assert "Prague" in notes["KAZ"].en
    assert "Vienna Document 1994" in notes["CZE"].en
    assert "April 1996" in notes["AND"].en
    assert "Serbia and Montenegro" in notes["SRB"].en


def test_host_state_names_its_source(kb: KnowledgeBase, osce: Institution) -> None:
    assert osce.host_state == "AUT"
    assert osce.sources == ("osce-secretariat",)
    source = kb["osce-secretariat"]
    assert isinstance(source, Source)
    assert source.kind is SourceKind.REFERENCE
    assert source.url == "https://www.osce.org/secretariat"
    assert not source.footnotes


def test_osce_tasks_and_outlook(osce: Institution) -> None:
    tasks = " ".join(t.text.en for t in osce.tasks)
    for dimension in ("politico-military", "economic and environmental", "human"):
        assert dimension in tasks
    assert "Early warning and early action" in tasks
    assert any("low cost" in claim.text.en for claim in osce.outlook)


def test_smm_covid_influence(kb: KnowledgeBase) -> None:
    influence = kb["covid-19-hampers-smm-access"]
    assert (influence.cause, influence.effect) == ("covid-19", "osce-smm")
    assert influence.dimension is Dimension.OPERATIONAL_READINESS
    assert influence.weight < 0
    assert influence.horizon.value == "short"


def test_recommendation_7(kb: KnowledgeBase) -> None:
    recommendation = kb["recommendation-7"]
    assert recommendation.number == 7
    assert recommendation.addressees == (Addressee.DIPLOMACY,)
    assert set(recommendation.targets) == {
        "osce", "osce-cpc", "odihr", "osce-rfom", "osce-hcnm", "osce-permanent-council",
    }  # fmt: skip
    assert "Open Skies" in recommendation.text.en
    for countered in recommendation.counters:
        assert countered in kb


# -- against the note's text ----------------------------------------------------------


def test_every_osce_paragraph_is_cited(kb: KnowledgeBase, the_note: Source, note: NoteText) -> None:
    section = the_note.section("osce")
    assert section is not None
    assert section.paragraphs == OSCE_PARAGRAPHS
    # A citation of a section the note does not have fails the strict load.
    cited = {
        (s.slug, p) for s in the_note.sections for p in cited_paragraphs(kb, s.slug, plugin=PLUGIN)
    }
    assert {p for s, p in cited if s == "osce"} == set(range(1, section.paragraphs + 1))
    assert ("recommendations", RECOMMENDATION_7_PARAGRAPH) in cited
    # Every paragraph cited is one the note's text has.
    located = {(p.section, p.number) for p in note.paragraphs(the_note)}
    assert cited <= located


def test_recommendation_text_is_the_notes(
    kb: KnowledgeBase, the_note: Source, note: NoteText
) -> None:
    paragraph = note.paragraph(the_note, "recommendations", RECOMMENDATION_7_PARAGRAPH)
    assert paragraph is not None
    assert kb["recommendation-7"].text.nl == paragraph.text


def test_the_smm_ended_with_its_mandate(kb: KnowledgeBase) -> None:
    smm = kb["osce-smm"]
    assert isinstance(smm, Institution)
    assert smm.ended == dt.date(2022, 3, 31)
    assert smm.active_on(dt.date(2022, 3, 31))
    assert not smm.active_on(dt.date(2022, 4, 1))
    for source_id in smm.sources:
        source = kb[source_id]
        assert isinstance(source, Source)
        assert source.kind is SourceKind.OFFICIAL_DOCUMENT
        assert source.venue
        assert source.date
    assert [kb[s].date for s in smm.sources] == ["31 March 2022", "28 April 2022"]


def test_participating_states_are_known_up_to_the_note(osce: Institution) -> None:
    assert osce.as_of == dt.date(2020, 7, 1)
    with pytest.warns(OutdatedFactWarning, match=r"^osce: memberships are known up to 2020-07-01"):
        assert len(osce.members_at(dt.date(2026, 11, 28))) == 57


# -- judgments against the note's words (issue 9) ----------------------------------------

def test_the_late_budget_is_a_longer_term_judgment(kb: KnowledgeBase, note: NoteText) -> None:
    assert_removed(
        kb, note, "geopolitical-tensions-delay-osce-crisis-response", section="osce",
        paragraph=3, phrase="Op de langere termijn heeft Covid-19 naar verwachting",
    )
    paragraph = note.paragraph(note_source(kb), "osce", 3)
    assert paragraph is not None
    assert paragraph.text.startswith("Op de langere termijn")


