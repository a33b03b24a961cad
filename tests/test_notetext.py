"""Reading the note's text and verifying content against it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from multilat.model import (
    Citation,
    Footnote,
    Fragment,
    Section,
    Source,
    SourceKind,
    Text,
    Trend,
)
from multilat.notetext import NoteText, verify

SKIP_MESSAGE = "MULTILAT_NOTE_TEXT is not set: set it to the note's text file to check quotes"


@pytest.fixture(scope="module")
def real_note() -> NoteText:
    path = os.environ.get("MULTILAT_NOTE_TEXT")
    if not path:
        pytest.skip(SKIP_MESSAGE)
    return NoteText.read(path)


# A small note in the converter's style: a page break cuts a sentence of the
# second paragraph, and that page's footnotes sit in between.
SNIPPET = """\
JULI 2020

## Titel

Het *bestel* staat onder **druk**.<sup>1</sup> Dat is niet nieuw.

Tweede alinea<sup>2</sup> over de [NAVO](#) die halverwege

-
- 1 Zie [Dekker](#), *Report*, 2019.
  - 2 Zie clingendael\\_institute.

---

een zin verder gaat.

## Aanbevelingen

1. Eerste aanbeveling over *ad-hoc* coalities.<sup>3</sup>
2. Tweede aanbeveling.

<sup>3</sup> Derde
voetnoot.

## Over ons

Niet meer van de notitie.
"""


def note_source(**sections: tuple[str, ...]) -> Source:
    return Source(
        id="note",
        kind=SourceKind.NOTE,
        title="Titel",
        sections=[Section(slug=s, title=s, incipits=i) for s, i in sections.items()],
    )


SOURCE = note_source(
    intro=("Het bestel staat onder druk.", "Tweede alinea over"),
    recs=("Eerste aanbeveling", "Tweede aanbeveling."),
)


@pytest.fixture
def note() -> NoteText:
    return NoteText.from_markdown(SNIPPET)


def trend(*citations: Citation) -> Trend:
    return Trend(id="t", name=Text(en="t"), citations=citations)


def cite(section: str, paragraph: int, quote: str, footnotes: tuple[int, ...] = ()) -> Citation:
    return Citation(
        source="note", section=section, paragraph=paragraph, quote=quote, footnotes=footnotes
    )


# -- parsing -----------------------------------------------------------------


def test_body_reads_on_across_the_page_break(note: NoteText) -> None:
    assert "Tweede alinea over de NAVO die halverwege een zin verder gaat." in note.body


def test_markup_is_dropped(note: NoteText) -> None:
    assert note.body.startswith("JULI 2020 Het bestel staat onder druk. Dat is niet nieuw.")
    for markup in ("*", "<sup>", "](", "#", "---", " - ", "\n"):
        assert markup not in note.body


def test_footnotes_are_separated_and_cleaned(note: NoteText) -> None:
    assert dict(note.footnotes) == {
        1: "Zie Dekker, Report, 2019.",
        2: "Zie clingendael_institute.",
        3: "Derde voetnoot.",
    }


def test_numbered_lines_are_footnotes_only_in_turn_and_after_their_marker() -> None:
    note = NoteText.from_markdown(
        "Tekst.<sup>1</sup>\n\n2 landen tekenden.\n\n1 Noot\nloopt door.\n\n"
        "2 Nog geen marker.\n\nMeer<sup>2</sup>.\n\n3 Niet aan de beurt.\n\n2 Tweede noot.\n"
    )
    assert dict(note.footnotes) == {1: "Noot loopt door.", 2: "Tweede noot."}
    assert note.body == "Tekst. 2 landen tekenden. 2 Nog geen marker. Meer. 3 Niet aan de beurt."


def test_list_items_are_body_not_footnotes(note: NoteText) -> None:
    assert "Eerste aanbeveling over ad-hoc coalities. Tweede aanbeveling." in note.body
    assert "1." not in note.body


def test_markers_are_recorded_where_they_stood(note: NoteText) -> None:
    assert [n for _, n in note.markers] == [1, 2, 3]
    assert [note.body[:offset].split()[-1] for offset, _ in note.markers] == [
        "druk.",
        "alinea",
        "coalities.",
    ]


def test_read(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text(SNIPPET, encoding="utf-8")
    assert NoteText.read(path) == NoteText.from_markdown(SNIPPET)


# -- paragraphs ----------------------------------------------------------------


def test_paragraphs_run_from_incipit_to_incipit(note: NoteText) -> None:
    first = note.paragraph(SOURCE, "intro", 1)
    assert first is not None
    assert first.text == "Het bestel staat onder druk. Dat is niet nieuw."
    assert first.footnotes == (1,)
    assert first.label == "intro¶1"
    assert note.body[first.start : first.end] == first.text


def test_a_paragraph_stops_at_a_heading(note: NoteText) -> None:
    second = note.paragraph(SOURCE, "intro", 2)
    assert second is not None
    assert second.text.endswith("een zin verder gaat.")
    assert second.footnotes == (2,)
    last = note.paragraph(SOURCE, "recs", 2)
    assert last is not None
    assert last.text == "Tweede aanbeveling."


def test_the_last_paragraph_runs_to_the_end_of_the_body() -> None:
    note = NoteText.from_markdown("Een.\n\nTwee en drie.<sup>1</sup>\n\n1 Noot.\n")
    source = note_source(only=("Een.", "Twee"))
    last = note.paragraph(source, "only", 2)
    assert last is not None
    assert (last.text, last.footnotes) == ("Twee en drie.", (1,))


def test_a_section_runs_to_the_next_sections_first_incipit() -> None:
    note = NoteText.from_markdown("Een. Twee.\n\nDrie.\n")
    source = note_source(a=("Een.",), b=("Drie.",))
    first = note.paragraph(source, "a", 1)
    assert first is not None
    assert first.text == "Een. Twee."


def test_missing_paragraphs_are_none(note: NoteText) -> None:
    assert note.paragraph(SOURCE, "intro", 3) is None
    assert note.paragraph(SOURCE, "nope", 1) is None
    lost = note_source(intro=("Het bestel", "Niet in de tekst"))
    assert note.paragraph(lost, "intro", 2) is None


# -- verify ----------------------------------------------------------------------


def messages(note: NoteText, *objects: object, source: Source = SOURCE) -> list[tuple[str, str]]:
    return [(p.field or "", p.message) for p in verify(objects, note, source)]


def test_verify_accepts_good_content(note: NoteText) -> None:
    good = trend(
        cite("intro", 1, "staat onder druk.", (1,)),
        cite("intro", 2, "halverwege een zin verder gaat", (2,)),
        cite("recs", 1, "ad-hoc coalities"),
    )
    assert verify([good], note, SOURCE) == []
    assert verify(Fragment.of([good]), note, SOURCE) == []


def test_verify_ignores_other_sources(note: NoteText) -> None:
    other = Citation(source="elsewhere", section="x", paragraph=9, quote="anything")
    assert verify([trend(other)], note, SOURCE) == []


def test_verify_names_object_and_field(note: NoteText) -> None:
    [problem] = verify([trend(cite("intro", 1, "staat"), cite("intro", 1, "absent"))], note, SOURCE)
    assert (problem.object_id, problem.field) == ("t", "citations[1].quote")


def test_unknown_section(note: NoteText) -> None:
    assert messages(note, trend(cite("outro", 1, "druk"))) == [
        ("citations[0].section", "'outro' is not a section of note")
    ]


def test_paragraph_out_of_range(note: NoteText) -> None:
    assert messages(note, trend(cite("intro", 3, "druk"))) == [
        ("citations[0].paragraph", "intro has 2 paragraphs, not 3")
    ]


def test_quote_not_in_the_note(note: NoteText) -> None:
    assert messages(note, trend(cite("intro", 1, "staat onder grote druk"))) == [
        ("citations[0].quote", "quote is not in the note")
    ]


def test_quote_in_another_paragraph(note: NoteText) -> None:
    assert messages(note, trend(cite("intro", 1, "Tweede aanbeveling."))) == [
        ("citations[0].quote", "quote is in the note but not in intro¶1 (it is in recs¶2)")
    ]


def test_quote_across_paragraphs(note: NoteText) -> None:
    assert messages(note, trend(cite("intro", 1, "niet nieuw. Tweede alinea"))) == [
        ("citations[0].quote", "quote is in the note but not in intro¶1")
    ]


def test_footnote_without_marker(note: NoteText) -> None:
    assert messages(note, trend(cite("intro", 1, "druk", (1, 2)))) == [
        ("citations[0].footnotes[1]", "footnote 2 has no marker in intro¶1")
    ]


def test_incipit_not_in_the_note(note: NoteText) -> None:
    source = note_source(intro=("Het bestel", "Derde alinea"))
    assert messages(note, source=source) == [
        ("sections[0].incipits[1]", "incipit is not in the note")
    ]


def test_incipits_out_of_order(note: NoteText) -> None:
    source = note_source(intro=("Tweede alinea", "Het bestel"))
    assert messages(note, source=source) == [
        ("sections[0].incipits[1]", "incipit is in the note but not after the previous incipit")
    ]


def test_ambiguous_incipit() -> None:
    note = NoteText.from_markdown("Een twee.\n\nEen twee drie.\n")
    assert messages(note, source=note_source(a=("Een twee",))) == [
        ("sections[0].incipits[0]", "incipit occurs more than once in the note; make it longer")
    ]


def test_incipit_mid_paragraph(note: NoteText) -> None:
    source = note_source(intro=("Dat is niet nieuw.",))
    assert messages(note, source=source) == [
        ("sections[0].incipits[0]", "incipit does not begin a paragraph of the note")
    ]


def test_unavailable_paragraph(note: NoteText) -> None:
    source = note_source(intro=("Het bestel", "Derde alinea"))
    found = [
        (p.field, p.message)
        for p in verify([trend(cite("intro", 2, "zin"))], note, source)
        if p.object_id == "t"
    ]
    assert found == [("citations[0].paragraph", "intro¶2 cannot be located in the note")]


def cited_work(*footnotes: Footnote) -> Source:
    return Source(id="dekker", kind=SourceKind.REPORT, title="Report", footnotes=footnotes)


def test_footnote_text_matches(note: NoteText) -> None:
    assert verify([cited_work(Footnote(1, "Zie Dekker, Report, 2019."))], note, SOURCE) == []


def test_footnote_text_differs(note: NoteText) -> None:
    [problem] = verify([cited_work(Footnote(1, "Zie Dekker, Rapport, 2019."))], note, SOURCE)
    assert (problem.object_id, problem.field) == ("dekker", "footnotes[0].text")
    assert problem.message == (
        "differs from the note's footnote 1 at character 14:"
        " 'Zie Dekker, Rapport, 2019.' here, 'Zie Dekker, Report, 2019.' in the note"
    )


def test_footnote_missing_from_the_note(note: NoteText) -> None:
    assert messages(note, cited_work(Footnote(7, "Zie Dekker."))) == [
        ("footnotes[0].text", "the note has no footnote 7")
    ]


# -- the real note ---------------------------------------------------------------


def test_the_note_has_forty_footnotes(real_note: NoteText) -> None:
    assert sorted(real_note.footnotes) == list(range(1, 41))
    assert sorted(n for _, n in real_note.markers) == list(range(1, 41))


def test_the_notes_body_carries_no_footnote_text_or_markup(real_note: NoteText) -> None:
    for text in real_note.footnotes.values():
        assert text not in real_note.body
    for markup in ("<sup>", "*", "](", "\\_", "---"):
        assert markup not in real_note.body
    # A sentence cut by a page break and footnotes 4 and 5 reads on.
    assert "tegen een breder scala aan veiligheidsdreigingen kan vergroten" in real_note.body
