"""multilat-markdown: registration, rendering, escaping, determinism, assessments."""

from __future__ import annotations

import re

import attrs
import multilat_markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from multilat_markdown import MARKDOWN_FORMAT, escape, render
from multilat_markdown.escaping import ALWAYS_ESCAPED
from multilat_markdown.labels import LABELS

import multilat.plugins
from multilat.assess import Standing, assess, ensemble
from multilat.cli import main
from multilat.formats import Report
from multilat.hookspecs import hookimpl
from multilat.knowledge import KnowledgeBase
from multilat.model import (
    Citation,
    Claim,
    Evidence,
    Expectation,
    Footnote,
    Fragment,
    Influence,
    Institution,
    Membership,
    Recommendation,
    Regime,
    RegimeEvent,
    Resolution,
    Scenario,
    Section,
    Source,
    Text,
    Trend,
)
from multilat.plugins import PluginHost, load, load_formats

PLUGIN = "multilat-markdown"


def cite(paragraph: int, quote: str, *footnotes: int) -> Citation:
    return Citation(
        source="note", section="intro", paragraph=paragraph, quote=quote, footnotes=footnotes
    )


def fragment() -> Fragment:
    """A small knowledge base with Markdown-hostile text in it."""
    note = Source(
        id="note",
        kind="note",
        title="A *note* on | things",
        authors=["A. Author"],
        venue="Notes",
        date="July 2020",
        footnotes=[Footnote(number=7, text="See the <report> and the [book].")],
        sections=[Section(slug="intro", title="Intro", incipits=["One", "Two", "Three"])],
    )
    # Footnote 7 cites two works: the note's own list and this report.
    report = Source(
        id="a-report",
        kind="report",
        title="A report",
        footnotes=[Footnote(number=7, text="See the <report> and the [book].")],
    )
    alliance = Institution(
        id="alliance",
        kind="alliance",
        name=Text(en="The Alliance", nl="Het Bondgenootschap"),
        acronym=Text(en="TA", nl="HB"),
        memberships=[
            Membership(member="NLD", joined="1949-08-24"),
            Membership(member="FRA", joined="1949-08-24"),
            Membership(member="GBR", joined="1949-08-24", left="2020-01-31"),
        ],
        tasks=[
            Claim(text=Text(en="Defend # members"), citations=[cite(1, "Verdedig *alle* leden", 7)])
        ],
    )
    treaty = Regime(
        id="treaty",
        name=Text(en="A Treaty"),
        domain="nuclear",
        verification=True,
        custodian="alliance",
        events=[
            RegimeEvent(kind="entered-into-force", date="2011-02-05", source="a-report"),
            RegimeEvent(kind="signed", date="2010-04-08", citations=[cite(2, "getekend")]),
        ],
    )
    cuts = Trend(
        id="cuts",
        name=Text(en="Budget cuts", nl="Bezuinigingen"),
        citations=[cite(2, "bezuinigen")],
    )
    harm = Influence(
        id="cuts-harm-alliance",
        cause="cuts",
        effect="alliance",
        dimension="cohesion",
        weight=-0.75,
        horizon="long",
        confidence="high",
        mechanism=Text(en="Cuts | split"),
        citations=[cite(3, "verdeeldheid")],
    )
    recommendation = Recommendation(
        # Number and id clear of core's recommendations 1 and 9.
        id="recommendation-10",
        number=10,
        title=Text(en="Keep `spending`", nl="Blijf investeren"),
        text=Text(en="Spend more.", nl="Geef meer uit."),
        addressees=["armed-forces"],
        targets=["alliance"],
        counters=["cuts"],
        citations=[cite(3, "Geef meer uit.")],
    )
    scenario = Scenario(
        id="deep-cuts",
        name=Text(en="Deep cuts", nl="Diepe bezuinigingen"),
        description=Text(en="Cuts at their strongest."),
        levels={"cuts": 1.0},
    )
    return Fragment.of([note, report, alliance, treaty, cuts, harm, recommendation, scenario])


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    built = KnowledgeBase.build({"hand-built": fragment()})
    assert built.problems == ()
    return built


def lines_of(kb: KnowledgeBase, lang: str = "en") -> list[str]:
    return render(Report(kb, lang=lang)).splitlines()


# -- registration -------------------------------------------------------------------


def host_with(*plugins: tuple[object, str]) -> PluginHost:
    host = PluginHost(entry_points=False)
    for plugin, name in plugins:
        host.register(plugin, name)
    return host


def test_the_format_is_registered() -> None:
    formats = load_formats(strict=True, host=host_with((multilat_markdown, PLUGIN)))
    assert sorted(formats) == ["json", "markdown"]
    fmt = formats["markdown"]
    assert (fmt.media_type, fmt.suffix) == ("text/markdown", ".md")


def test_list_formats_shows_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(multilat.plugins, "_default_host", host_with((multilat_markdown, PLUGIN)))
    assert main(["list", "formats"]) == 0
    out = capsys.readouterr().out
    names = [line.split()[0] for line in out.splitlines()]
    assert names == ["json", "markdown"]
    assert "text/markdown" in out


def test_report_command_writes_markdown(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: object
) -> None:
    monkeypatch.setattr(multilat.plugins, "_default_host", host_with((multilat_markdown, PLUGIN)))
    assert main(["report", "--format", "markdown", "--lang", "nl"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Covid-19 en het multilaterale veiligheidsbestel")
    assert "## Aanbevelingen" in out


# -- the knowledge base -----------------------------------------------------------


def test_key_lines_of_the_document(kb: KnowledgeBase) -> None:
    lines = lines_of(kb)
    assert lines[0] == r"# A \*note\* on \| things"
    assert lines[2] == r"**Source:** A. Author, *A \*note\* on \| things*, Notes, July 2020 (note)"
    expected_in_order = [
        "## Institutions",
        "### The Alliance (TA)",
        "- **Kind:** alliance",
        "- **Members on 2020-07-01:** 2",  # GBR left in January 2020
        "#### Tasks",
        r"- Defend \# members",
        r"  > “Verdedig \*alle\* leden”",
        "  >",
        "  > — note, intro¶1, fn 7",
        "## Regimes",
        "### A Treaty",
        "- **Domain:** nuclear",
        "- **Custodian:** The Alliance",
        "- **Verification:** yes",
        "- **Status on 2020-07-01:** in force",
        "#### Events",
        "- 2010-04-08: signed",
        "  > “getekend”",
        "- 2011-02-05: entered into force (source: a-report)",
        "## Trends",
        "### Budget cuts",
        "> “bezuinigen”",
        "> — note, intro¶2",
        "## Influences",
        "| Id | Cause → effect | Weight | Horizon | Confidence |",
        "| cuts-harm-alliance | cuts → alliance.cohesion | − strong | long | high |",
        "## Recommendations",
        r"### 10\. Keep \`spending\`",
        "- **Addressees:** armed forces",
        "- **Targets:** The Alliance",
        "- **Answers:** cuts",
        "Spend more.",
        "> “Geef meer uit.”",
        "## Sources",
        "### a-report",
        "- fn 7: See the \\<report\\> and the \\[book\\]. (also cites note)",
        "### note",
        "- fn 7: See the \\<report\\> and the \\[book\\]. (also cites a-report)",
    ]
    position = 0
    for expected in expected_in_order:
        assert expected in lines[position:], f"{expected!r} missing or out of order"
        position = lines.index(expected, position) + 1


def test_dutch_and_english_headings(kb: KnowledgeBase) -> None:
    english, dutch = lines_of(kb, "en"), lines_of(kb, "nl")
    for heading in ("## Institutions", "## Regimes", "## Influences", "## Sources"):
        assert heading in english
    for heading in ("## Instellingen", "## Regimes", "## Invloeden", "## Bronnen"):
        assert heading in dutch
    assert "### Het Bondgenootschap (HB)" in dutch
    assert "- **Status op 2020-07-01:** van kracht" in dutch
    assert "### 10\\. Blijf investeren" in dutch
    # No Dutch name: the English one.
    assert "### A Treaty" in dutch
    assert "  > — note, intro¶1, vn 7" in dutch


def with_hindsight(kb: KnowledgeBase, resolved: bool) -> KnowledgeBase:
    expectation = Expectation(
        id="cuts-expected",
        about=["alliance", "cuts"],
        expects=Text(en="Budgets *fall*", nl="Budgetten dalen"),
        citations=[cite(2, "bezuinigen")],
        by="2024-12-31",
    )
    objects: list[object] = [expectation]
    if resolved:
        objects.append(
            Resolution(
                id="cuts-resolved",
                expectation="cuts-expected",
                verdict="not-borne-out",
                summary=Text(en="They rose | instead.", nl="Ze stegen."),
                as_of="2024-06-17",
                evidence=[Evidence(date="2024-06-17", source="a-report", text=Text(en="Up."))],
            )
        )
    built = KnowledgeBase.build({**kb.fragments, "hindsight": Fragment.of(objects)})
    assert built.problems == ()
    return built


def test_the_expectations_in_hindsight(kb: KnowledgeBase) -> None:
    lines = lines_of(with_hindsight(kb, resolved=True))
    expected_in_order = [
        "## The note's expectations in hindsight",
        "### cuts-expected",
        "- **About:** The Alliance, Budget cuts",
        r"- **Expects:** Budgets \*fall\*",
        "- **By:** 2024-12-31",
        "- **Verdict:** **not borne out**",
        "> “bezuinigen”",
        r"**What happened (as of 2024-06-17):** They rose \| instead.",
        "#### Evidence",
        "- 2024-06-17: Up. (*A report*)",
        "### Track record",
        "| Verdict | Count |",
        "| borne out | 0 |",
        "| not borne out | 1 |",
        "## Sources",
    ]
    position = 0
    for expected in expected_in_order:
        assert expected in lines[position:], f"{expected!r} missing or out of order"
        position = lines.index(expected, position) + 1
    assert not any("unresolved" in line for line in lines)
    dutch = lines_of(with_hindsight(kb, resolved=True), "nl")
    assert "- **Oordeel:** **niet uitgekomen**" in dutch
    assert "| niet uitgekomen | 1 |" in dutch


def test_an_expectation_without_hindsight_is_unresolved(kb: KnowledgeBase) -> None:
    lines = lines_of(with_hindsight(kb, resolved=False))
    assert "- **Verdict:** **unresolved (no hindsight plugin loaded)**" in lines
    assert "| unresolved (no hindsight plugin loaded) | 1 |" in lines
    assert "#### Evidence" not in lines
    # No expectations at all: no section.
    assert "## The note's expectations in hindsight" not in lines_of(kb)


def test_every_label_exists_in_both_languages() -> None:
    assert LABELS["en"].keys() == LABELS["nl"].keys()


# -- escaping ---------------------------------------------------------------------

_TOKEN = re.compile(r"\\(.)|&#([0-9]+);", re.DOTALL)
# Characters escape() may put a backslash before: the ones always escaped
# and the punctuation of a list marker at the start.
_ESCAPABLE = re.escape("".join(sorted(ALWAYS_ESCAPED | set("-+.)"))))
_SPECIALS = re.escape("".join(sorted(ALWAYS_ESCAPED)))
_WELL_FORMED = re.compile(rf"(?:\\[{_ESCAPABLE}]|&#[0-9]+;|[^{_SPECIALS}\n\r])*")


def unescape(text: str) -> str:
    return _TOKEN.sub(
        lambda m: m.group(1) if m.group(1) is not None else chr(int(m.group(2))), text
    )


def unescaped_pipes(row: str) -> int:
    # Skip every backslash escape, count the bare pipes left.
    return re.sub(r"\\.", "", row).count("|")


# Pieces of Markdown syntax, and entity look-alikes, joined at random; and any text.
markdownish = (
    st.lists(
        st.sampled_from([*"\\`*_[]<>#|~&-+.)!( \t\n\r1aé¶", "&#10;", "&amp;", "---", "1. "])
    ).map("".join)
    | st.text()
)


@settings(deadline=None, max_examples=300)
@given(markdownish)
def test_escaping_keeps_the_text_and_leaves_no_markup(text: str) -> None:
    escaped = escape(text)
    assert unescape(escaped) == text
    # Read left to right, the output is only escapes, character references
    # and characters that carry no meaning: no special character survives
    # without the backslash before it, and no line break at all.
    assert _WELL_FORMED.fullmatch(escaped), escaped
    assert "\n" not in escaped
    assert "\r" not in escaped


@settings(deadline=None, max_examples=200)
@given(st.lists(markdownish, min_size=1, max_size=5))
def test_table_cells_never_break_a_row(cells: list[str]) -> None:
    from multilat_markdown.render import _row

    row = _row([escape(cell) for cell in cells])
    assert "\n" not in row
    assert unescaped_pipes(row) == len(cells) + 1


def test_escaping_examples() -> None:
    assert escape("plain words, 2020") == "plain words, 2020"
    assert escape("- item") == r"\- item"
    assert escape("12. item") == r"12\. item"
    assert escape("a|b\nc") == r"a\|b&#10;c"
    assert escape(" lead") == "&#32;lead"


# -- determinism ------------------------------------------------------------------


class _Content:
    """A content plugin made of one fragment."""

    def __init__(self, made: Fragment) -> None:
        self.made = made

    @hookimpl
    def multilat_knowledge(self) -> Fragment:
        return self.made


def test_same_bytes_twice_and_in_any_plugin_order(kb: KnowledgeBase) -> None:
    report = Report(kb, lang="nl")
    assert MARKDOWN_FORMAT.render_bytes(report) == MARKDOWN_FORMAT.render_bytes(report)

    whole = fragment()
    first = Fragment.of([o for _, o in whole.objects() if not isinstance(o, Recommendation)])
    second = Fragment.of([o for _, o in whole.objects() if isinstance(o, Recommendation)])
    plugins = [(multilat_markdown, PLUGIN), (_Content(first), "a"), (_Content(second), "b")]
    outputs = set()
    for ordered in (plugins, plugins[::-1]):
        host = host_with(*ordered)
        fmt = load_formats(strict=True, host=host)["markdown"]
        outputs.add(fmt.render_bytes(Report(load(strict=True, host=host), lang="en")))
    assert len(outputs) == 1


# -- assessments ------------------------------------------------------------------


def test_an_assessment_renders_outcomes_and_ranked_recommendations(kb: KnowledgeBase) -> None:
    result = assess(kb, scenario="deep-cuts")
    lines = render(Report(kb, lang="en", assessment=result)).splitlines()
    assert lines[0] == "# Assessment: Deep cuts"
    assert "- **Horizon:** long term" in lines
    assert "- cuts: +1.00" in lines
    assert "| Outcome | Level | Baseline | Change |" in lines
    (row,) = [line for line in lines if line.startswith("| alliance.cohesion |")]
    outcome = result.outcome("alliance", "cohesion")
    assert row.strip("| ").split(" | ")[3] == f"{outcome.change:+.2f}"
    assert "## Strongest paths to the worst outcomes" in lines
    assert any(line.startswith("- cuts → alliance.cohesion (contribution") for line in lines)
    assert "  > “verdeeldheid”" in lines
    assert "## Recommendations, by the harm they answer" in lines
    assert any(line.startswith(r"### 10\. Keep \`spending\` (severity ") for line in lines)
    assert any(line.startswith("- alliance.cohesion at ") for line in lines)


def test_an_ensemble_renders_its_spread(kb: KnowledgeBase) -> None:
    result = assess(kb, scenario="deep-cuts")
    spread = ensemble(kb, "deep-cuts", n=50, seed=1)
    text = render(Report(kb, lang="nl", assessment=result, ensemble=spread))
    assert "## Ensemble" in text
    assert "50 trekkingen van de gewichten (seed 1)." in text
    header = (
        "| Uitkomst | Gemiddelde | 5–95 % | Verandering | Verandering 5–95 % | P(achteruitgang) |"
    )
    assert header in text.splitlines()
    assert text == render(Report(kb, lang="nl", assessment=result, ensemble=spread))


def test_a_baseline_assessment_orders_by_level(kb: KnowledgeBase) -> None:
    result = assess(kb)
    lines = render(Report(kb, lang="en", assessment=result)).splitlines()
    assert lines[0] == "# Assessment: baseline (July 2020)"
    assert "| Outcome | Level |" in lines


def test_an_assessment_names_its_method_and_date(kb: KnowledgeBase) -> None:
    lines = render(Report(kb, lang="en", assessment=assess(kb))).splitlines()
    assert "As of 2020-07-01; rule kosko, transfer tanh, calibration capped." in lines
    dutch = render(Report(kb, lang="nl", assessment=assess(kb, calibration="none")))
    assert "Per 2020-07-01; regel kosko, overdrachtsfunctie tanh, kalibratie none." in dutch


def test_an_unjudged_outcome_is_listed_not_given_a_level(kb: KnowledgeBase) -> None:
    short = assess(kb, horizon="short")
    lines = render(Report(kb, lang="en", assessment=short)).splitlines()
    assert not any(line.startswith("| alliance.cohesion |") for line in lines)
    start = lines.index("## No judgment in this horizon")
    assert lines[start + 2 : start + 5] == [
        "Nothing in the note acts on these in the short term.",
        "",
        "- alliance.cohesion (judged in the long term)",
    ]
    assert "+0.00" not in "\n".join(lines)


def test_regimes_not_in_force_and_withdrawn_parties_are_listed(kb: KnowledgeBase) -> None:
    result = attrs.evolve(
        assess(kb),
        standings=(
            Standing("alliance", "active", True, ("GBR",)),
            Standing("treaty", "terminated", False),
        ),
    )
    text = render(Report(kb, lang="nl", assessment=result))
    not_in_force = "## Niet van kracht op 2020-07-01\n\nMet hun status vermeld, niet beoordeeld."
    assert f"{not_in_force}\n\n- treaty: beëindigd\n" in text
    assert "## Partijen die vóór 2020-07-01 waren vertrokken\n\n- alliance: GBR\n" in text
