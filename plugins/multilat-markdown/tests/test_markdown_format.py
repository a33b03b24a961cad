"""multilat-markdown: registration, rendering, escaping, determinism, assessments."""

from __future__ import annotations

import re
from html import unescape as unescapeHtml
from urllib.parse import unquote

import attrs
import multilat_markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from multilat_markdown import MARKDOWN_FORMAT, escape, render
from multilat_markdown.escaping import link
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
from multilat.plugins import load, load_formats
from multilat.testing import plugin_host

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
        url="https://www.example.org/cps/topics_49284.htm?a=1&b=[2]",
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


def test_the_format_is_registered() -> None:
    formats = load_formats(strict=True, host=plugin_host({PLUGIN: multilat_markdown}))
    assert sorted(formats) == ["json", "markdown", "text"]
    fmt = formats["markdown"]
    assert (fmt.media_type, fmt.suffix) == ("text/markdown", ".md")


def test_list_formats_shows_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(multilat.plugins, "_default_host", plugin_host({PLUGIN: multilat_markdown}))
    assert main(["list", "formats"]) == 0
    out = capsys.readouterr().out
    names = [line.split()[0] for line in out.splitlines()]
    assert names == ["json", "markdown", "text"]
    assert "text/markdown" in out


def test_report_command_writes_markdown(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: object
) -> None:
    monkeypatch.setattr(multilat.plugins, "_default_host", plugin_host({PLUGIN: multilat_markdown}))
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
        "- 2024-06-17: Up. (*A report*, <https://www.example.org/cps/topics_49284.htm?a=1&b=[2]>)",
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

# An independent CommonMark renderer, with GFM tables: what escape() writes
# must render back to the text, in every place the renderer puts text.
_MD = MarkdownIt("commonmark").enable("table")

# Each place text goes, and the HTML that holds it once rendered.
_CONTEXTS = {
    "paragraph": ("{}", "<p>{}</p>\n"),
    "heading": ("## {}", "<h2>{}</h2>\n"),
    "list item": ("- {}", "<ul>\n<li>{}</li>\n</ul>\n"),
    "block quote": ("> {}", "<blockquote>\n<p>{}</p>\n</blockquote>\n"),
    "table cell": (
        "| head | other |\n| --- | --- |\n| {} | x |",
        "<table>\n<thead>\n<tr>\n<th>head</th>\n<th>other</th>\n</tr>\n</thead>\n"
        "<tbody>\n<tr>\n<td>{}</td>\n<td>x</td>\n</tr>\n</tbody>\n</table>\n",
    ),
}


def unescaped_pipes(row: str) -> int:
    # Skip every backslash escape, count the bare pipes left.
    return re.sub(r"\\.", "", row).count("|")


# Pieces of Markdown syntax, and entity look-alikes, joined at random; and any
# text. Control characters but tab and line breaks are left out: no Markdown
# carries them, and escape() shows them as pictures (tested by example).
_CONTROLS = {chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)]} - set("\t\n\r")
markdownish = (
    st.lists(
        st.sampled_from([
            *"\\`*_[]<>#|~&-+.)!( \t\n\r1aé¶=:\u00a0\u2028\u3000",
            "&#10;", "&amp;", "---", "1. ", "http://x.org/a_b", "www.x.org", "    ",
        ])
    ).map("".join)
    | st.text()
).filter(lambda text: bool(text) and not _CONTROLS & set(text))


@settings(deadline=None, max_examples=300)
@given(markdownish, st.sampled_from(sorted(_CONTEXTS)))
def test_escaped_text_renders_as_itself(text: str, context: str) -> None:
    source, html = _CONTEXTS[context]
    assert _MD.render(source.format(escape(text))) == html.format(escapeHtml(text))


@settings(deadline=None, max_examples=300)
@given(markdownish)
def test_escaping_leaves_one_line(text: str) -> None:
    escaped = escape(text)
    assert "\n" not in escaped
    assert "\r" not in escaped


_URL_CHARACTERS = st.text(
    st.characters(codec="utf-8", exclude_characters="\x00") | st.sampled_from(list(
        "_*\\`[]()<>|&#?=%~!$'+,;@ \t"
    )),
    max_size=30,
)
urls = st.builds(
    "{}://{}.{}/{}".format,
    st.sampled_from(["http", "https", "HTTPS", "ftp"]),
    st.from_regex(r"[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True),
    st.sampled_from(["org", "int", "eu", "nl"]),
    _URL_CHARACTERS,
)


@settings(deadline=None, max_examples=300)
@given(urls, st.sampled_from(sorted(_CONTEXTS)))
def test_a_url_renders_as_a_link_to_itself(url: str, context: str) -> None:
    source, _ = _CONTEXTS[context]
    rendered = _MD.render(source.format(link(url)))

    [(href, text)] = re.findall(r'<a href="([^"]*)">([^<]*)</a>', rendered)
    # The link goes to the URL: the same characters, some percent-encoded.
    assert unquote(unescapeHtml(href)) == unquote(url)
    assert unquote(unescapeHtml(text)) == unquote(url)


def test_the_urls_of_the_distributed_sources_render_as_links() -> None:
    # cmark-gfm turned "topics\_49284.htm" into a link to "topics%5C_49284.htm".
    url = "https://www.nato.int/cps/en/natohq/topics_49284.htm"
    rendered = _MD.renderInline(link(url))
    assert rendered == f'<a href="{url}">{url}</a>'


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_source_url_in_the_document_is_a_link_to_it(kb: KnowledgeBase, lang: str) -> None:
    html = _MD.render(render(Report(kb, lang=lang)))

    hrefs = [unescapeHtml(h) for h in re.findall(r'<a href="([^"]*)">', html)]
    assert hrefs == [_MD.normalizeLink(s.url) for s in kb.sources if s.url]
    assert unquote(hrefs[0]) == "https://www.example.org/cps/topics_49284.htm?a=1&b=[2]"


def test_text_that_is_no_web_url_is_not_a_link() -> None:
    for text in ("javascript:alert(1)", "www.example.org/a_b", "see https://x.org"):
        assert "<a " not in _MD.renderInline(link(text))
        assert unescapeHtml(_MD.renderInline(link(text))) == text


@settings(deadline=None, max_examples=200)
@given(st.lists(markdownish, min_size=1, max_size=5))
def test_table_cells_never_break_a_row(cells: list[str]) -> None:
    from multilat_markdown.render import _row

    row = _row([escape(cell) for cell in cells])
    assert "\n" not in row
    assert unescaped_pipes(row) == len(cells) + 1
    header = _row(["h"] * len(cells))
    rule = _row(["---"] * len(cells))
    html = _MD.render(f"{header}\n{rule}\n{row}\n")
    assert re.findall(r"<td>(.*?)</td>", html, re.DOTALL) == [escapeHtml(c) for c in cells]


def test_control_characters_are_shown_as_pictures() -> None:
    assert escape("\x0bbell\x07\x7f\x85") == "\u240bbell\u2407\u2421\ufffd"
    assert _MD.renderInline(escape("\x0c")) == "\u240c"


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
        host = plugin_host({name: plugin for plugin, name in ordered})
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
    spread = ensemble(kb, scenario="deep-cuts", n=50, seed=1)
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
