"""multilat-bib: which works, keys, BibTeX escaping and parsing, CSL-JSON against its schema.

``csl-data.json`` beside this file is the CSL-JSON input schema as the
Citation Style Language project publishes it (repository
citation-style-language/schema, ``schemas/input/csl-data.json``, MIT
licence), carried here because no Python package ships it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import multilat_bib
import pytest
from bibtexparser.entrypoint import parse_string
from hypothesis import given
from hypothesis import strategies as st
from multilat_bib import BIBTEX_FORMAT, CSL_JSON_FORMAT, escape, works
from multilat_bib.bibtex import render as render_bibtex
from multilat_bib.works import clean, parse_date
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

import multilat.plugins
from multilat.cli import main
from multilat.formats import Document, Report
from multilat.knowledge import KnowledgeBase
from multilat.model import Footnote, Fragment, Section, Source
from multilat.plugins import load_formats
from multilat.testing import assert_render_fails, plugin_host

PLUGIN = "multilat-bib"
SCHEMA = json.loads((Path(__file__).parent / "csl-data.json").read_text("utf-8"))


def note() -> Source:
    return Source(
        id="note",
        kind="note",
        title="Covid-19 en het bestel",
        authors=["Bob Deen", "Sico van der Meer"],
        venue="Clingendael Notitie",
        date="juli 2020",
        sections=[Section(slug="intro", title="Intro", incipits=["One"])],
    )


def work(source_id: str, *numbers: int, **fields: Any) -> Source:
    fields.setdefault("title", f"Work {source_id}")
    fields.setdefault("kind", "article")
    return Source(
        id=source_id,
        footnotes=[Footnote(number=n, text=f"Footnote {n}.") for n in numbers],
        **fields,
    )


def objects() -> list[object]:
    return [
        note(),
        # Footnote 5 cites two works; the second work is cited in 2 and 10.
        work("braw", 5, authors=["Elizabeth Braw"], venue="Defense One", date="March 2020"),
        work("hadfield", 5, venue="Encompass", date="April 2020"),
        work("zandee", 2, 10, kind="note", authors=["Dick Zandee"], date="9 juni 2020"),
        work(
            "hostile",
            7,
            kind="report",
            title="50% of R&D {costs} \\ $5 #1 a_b ~x^2 <b> a|b `q' -- ''x''",
            authors=["Ministerie van Buitenlandse Zaken", "A. {Brace"],
            venue="Ops & Co",
            date="January/February 2019",
            url="https://example.org/a b{c}",
        ),
        # A reference backs an outside fact and is cited in no footnote: left out.
        Source(id="ref-site", kind="reference", title="A reference"),
    ]


def build(*extra: object) -> KnowledgeBase:
    kb = KnowledgeBase.build({"hand-built": Fragment.of([*objects(), *extra])})
    assert kb.problems == ()
    return kb


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return build()


# -- registration -------------------------------------------------------------------


def test_the_formats_are_registered_for_the_knowledge_base() -> None:
    formats = load_formats(strict=True, host=plugin_host({PLUGIN: multilat_bib}))
    assert sorted(formats) == ["bibtex", "csl-json", "json", "text"]
    assert (formats["bibtex"].suffix, formats["csl-json"].suffix) == (".bib", ".csl.json")
    assert formats["csl-json"].media_type == "application/vnd.citationstyles.csl+json"
    assert formats["bibtex"].documents == formats["csl-json"].documents == {Document.KNOWLEDGE}


def test_multilat_plugins_lists_them(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(multilat.plugins, "_default_host", plugin_host({PLUGIN: multilat_bib}))
    assert main(["plugins"]) == 0
    out = capsys.readouterr().out.splitlines()
    at = out.index(PLUGIN)
    assert out[at + 2] == "  contributes: formats: bibtex, csl-json"


def test_an_assessment_is_refused_with_the_formats_that_can(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(multilat.plugins, "_default_host", plugin_host({PLUGIN: multilat_bib}))
    assert main(["assess", "--format", "bibtex"]) == 2
    assert capsys.readouterr().err == (
        "multilat: error: format 'bibtex' cannot render an assessment;"
        " formats that can: json, text\n"
    )


# -- which works ----------------------------------------------------------------------


def test_the_note_and_every_cited_work_once(kb: KnowledgeBase) -> None:
    listed = works(kb)
    assert [w.key for w in listed] == ["braw", "hadfield", "hostile", "note", "zandee"]
    assert {w.key: w.footnotes for w in listed}["zandee"] == (2, 10)
    assert {w.key: w.footnotes for w in listed}["note"] == ()


def test_bibtex_parses_into_one_entry_per_work(kb: KnowledgeBase) -> None:
    library = parse_string(BIBTEX_FORMAT.render_bytes(Report(kb)).decode())
    assert library.failed_blocks == []
    assert [e.key for e in library.entries] == [w.key for w in works(kb)]
    assert len({e.key for e in library.entries}) == len(works(kb))
    braw = library.entries_dict["braw"]
    assert braw.entry_type == "article"
    assert braw.fields_dict["journal"].value == "Defense One"
    assert braw.fields_dict["author"].value == "{Elizabeth Braw}"
    assert braw.fields_dict["note"].value == "Cited in footnote 5."
    assert library.entries_dict["zandee"].fields_dict["date"].value == "2020-06-09"


def test_keys_do_not_change_when_other_works_arrive(kb: KnowledgeBase) -> None:
    more = build(work("aaa-first", 40), work("zzz-last", 41))
    before = {e.key for e in parse_string(render_bibtex(Report(kb))).entries}
    after = {e.key for e in parse_string(render_bibtex(Report(more))).entries}
    assert after == before | {"aaa-first", "zzz-last"}


# -- BibTeX escaping -----------------------------------------------------------------

# LaTeX's text commands for the ASCII characters, as LaTeX prints them (pylatexenc
# gives some as look-alikes, or not at all).
_CONTEXT = get_default_latex_context_db().filter_context(keep_categories=None)
_CONTEXT.add_context_category(
    "ascii",
    macros=[
        MacroTextSpec(name, ch)
        for name, ch in [
            ("textasciicircum", "^"),
            ("textless", "<"),
            ("textgreater", ">"),
            ("textbar", "|"),
            ("textasciigrave", "`"),
            ("textbackslash", "\\"),
            ("textasciitilde", "~"),
        ]
    ],
    prepend=True,
)
_TO_TEXT = LatexNodes2Text(latex_context=_CONTEXT, math_mode="verbatim")


def typeset(latex: str) -> str:
    """What LaTeX would print for ``latex`` (as plain text)."""
    text: str = _TO_TEXT.latex_to_text(latex)
    return text


@given(st.text(st.characters(codec="utf-8")))
def test_escaped_text_typesets_as_itself(text: str) -> None:
    escaped = escape(text)
    assert typeset(escaped) == clean(text)
    # Nothing left that LaTeX would read as a comment, a parameter or math.
    depth = 0
    for i, char in enumerate(escaped):
        if char in "%#$&_^~" or char in "{}":
            assert escaped[i - 1 : i] == "\\" or char in "{}"
        if char == "{" and escaped[i - 1 : i] != "\\":
            depth += 1
        elif char == "}" and escaped[i - 1 : i] != "\\":
            depth -= 1
            assert depth >= 0
    assert depth == 0


@given(
    st.lists(
        st.text(st.characters(codec="utf-8"), min_size=1).filter(lambda t: clean(t) != ""),
        min_size=1,
        max_size=4,
    )
)
def test_any_titles_parse_into_as_many_entries(titles: list[str]) -> None:
    kb = build(*(work(f"extra-{i}", 50 + i, title=t) for i, t in enumerate(titles)))
    library = parse_string(render_bibtex(Report(kb)))
    assert library.failed_blocks == []
    assert len(library.entries) == len(works(kb))
    for i, title in enumerate(titles):
        field = library.entries_dict[f"extra-{i}"].fields_dict["title"].value
        assert field == "{" + escape(title) + "}"


def test_escaping_examples(kb: KnowledgeBase) -> None:
    assert escape("R&D {50%} \\ $ # _ ~ ^") == (
        r"R\&D \{50\%\} \textbackslash{} \$ \# \_ \textasciitilde{} \textasciicircum{}"
    )
    assert escape("a -- b --- c ''d'' `e'") == r"a -{}- b -{}-{}- c '{}'d'{}' \textasciigrave{}e'"
    assert escape("<b>|</b>") == r"\textless{}b\textgreater{}\textbar{}\textless{}/b\textgreater{}"
    assert escape("line\nbreak\x00\tand  space") == "line break and space"
    text = render_bibtex(Report(kb))
    assert "  author = {{Ministerie van Buitenlandse Zaken} and {A. \\{Brace}}," in text
    assert "  howpublished = {Ops \\& Co}," in text
    assert "  url = {https://example.org/a%20b%7Bc%7D}," in text
    assert "  note = {Dated “January/February 2019”. Cited in footnote 7.}," in text


# -- CSL-JSON -------------------------------------------------------------------------


def test_the_schema_is_the_published_one() -> None:
    jsonschema.Draft7Validator.check_schema(SCHEMA)
    assert SCHEMA["$id"] == "https://resource.citationstyles.org/schema/latest/input/json/csl-data.json"


def test_csl_items_validate_against_the_schema(kb: KnowledgeBase) -> None:
    items = json.loads(CSL_JSON_FORMAT.render_bytes(Report(kb)))
    jsonschema.validate(items, SCHEMA, cls=jsonschema.Draft7Validator)
    assert [i["id"] for i in items] == [w.key for w in works(kb)]
    by_id = {i["id"]: i for i in items}
    assert by_id["zandee"]["issued"] == {"date-parts": [[2020, 6, 9]]}
    assert by_id["zandee"]["note"] == "Cited in footnotes 2 and 10."
    assert by_id["note"]["type"] == "report"
    assert by_id["note"]["collection-title"] == "Clingendael Notitie"
    assert "note" not in by_id["note"]
    assert by_id["hostile"]["issued"] == {
        "date-parts": [[2019]],
        "raw": "January/February 2019",
    }
    assert by_id["hostile"]["author"] == [
        {"literal": "Ministerie van Buitenlandse Zaken"},
        {"literal": "A. {Brace"},
    ]
    assert by_id["braw"]["container-title"] == "Defense One"


def test_a_schema_violation_would_be_caught() -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{"id": "x", "type": "note"}], SCHEMA, cls=jsonschema.Draft7Validator)


def test_dutch_notes(kb: KnowledgeBase) -> None:
    items = json.loads(CSL_JSON_FORMAT.render_bytes(Report(kb, lang="nl")))
    assert {i["id"]: i.get("note") for i in items}["zandee"] == "Geciteerd in voetnoten 2 en 10."


@pytest.mark.parametrize(
    ("text", "parts", "exact"),
    [
        ("9 juni 2020", (2020, 6, 9), True),
        ("dinsdag 2 juni 2020", (2020, 6, 2), True),
        ("20 Avril 2020", (2020, 4, 20), True),
        ("May 2020", (2020, 5), True),
        ("2020", (2020,), True),
        ("January/February 2019", (2019,), False),
        ("31 februari 2020", (2020,), False),
        ("undated", (), False),
    ],
)
def test_dates(text: str, parts: tuple[int, ...], exact: bool) -> None:
    date = parse_date(text)
    assert (date.parts, date.exact, date.text) == (parts, exact, text)


# -- determinism and failures ------------------------------------------------------------


def test_same_bytes_twice_and_in_any_plugin_order(kb: KnowledgeBase) -> None:
    import multilat_csv

    one = load_formats(host=plugin_host({PLUGIN: multilat_bib, "csv": multilat_csv}))
    other = load_formats(host=plugin_host({"csv": multilat_csv, PLUGIN: multilat_bib}))
    for name in ("bibtex", "csl-json"):
        first = one[name].render_bytes(Report(kb))
        assert first == one[name].render_bytes(Report(kb)) == other[name].render_bytes(Report(kb))


def test_a_failing_render_is_named_and_writes_nothing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    def broken(kb: KnowledgeBase) -> None:
        raise KeyError("no such work")

    monkeypatch.setattr(multilat_bib.csl, "works", broken)
    monkeypatch.setattr(multilat.plugins, "_default_host", plugin_host({PLUGIN: multilat_bib}))
    assert_render_fails(
        ["report", "--format", "csl-json", "-o", str(tmp_path / "works.csl.json")],
        "multilat: error: format 'csl-json' failed: KeyError: 'no such work'\n",
        out=tmp_path,
        capsys=capsys,
    )


def test_the_notes_own_bibliography() -> None:
    import multilat_armscontrol
    import multilat_nato
    import multilat_osce
    import multilat_un

    from multilat.testing import NOTE_SOURCE, load_plugins

    full = load_plugins({
        "multilat-nato": multilat_nato,
        "multilat-un": multilat_un,
        "multilat-osce": multilat_osce,
        "multilat-armscontrol": multilat_armscontrol,
    })
    listed = works(full)
    library = parse_string(render_bibtex(Report(full)))
    assert library.failed_blocks == []
    assert [e.key for e in library.entries] == [w.key for w in listed]
    # The note's 40 footnotes, each citing at least one work: 5 and 31 cite two,
    # and 2 and 10 cite the same one.
    cited = sorted(n for w in listed for n in w.footnotes)
    assert sorted(set(cited)) == list(range(1, 41))
    assert [n for n in cited if cited.count(n) > 1] == [5, 5, 31, 31]
    assert NOTE_SOURCE in library.entries_dict
    assert len(listed) == 1 + 40 - 1 + 2
    items = json.loads(CSL_JSON_FORMAT.render_bytes(Report(full)))
    jsonschema.validate(items, SCHEMA, cls=jsonschema.Draft7Validator)
    assert len(items) == len(listed)
