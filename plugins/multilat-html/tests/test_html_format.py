"""multilat-html without a browser: registration, the page, escaping, determinism, failures."""

from __future__ import annotations

import base64
import doctest
import enum
import hashlib
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import multilat_armscontrol
import multilat_hindsight
import multilat_html
import multilat_html.heatmap
import multilat_html.rendering
import multilat_html.text
import multilat_markdown
import multilat_nato
import multilat_osce
import multilat_un
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import escape
from multilat_html import HTML_FORMAT, link_target, printable, render
from multilat_html.heatmap import DIVERGING, colour, domain_of, ink
from multilat_html.labels import LABELS

import multilat.plugins
from multilat import labels as core_labels
from multilat import model
from multilat.assess import INCOMING_CAP, assess, ensemble
from multilat.cli import main
from multilat.formats import Document, Report
from multilat.hookspecs import hookimpl
from multilat.knowledge import KnowledgeBase
from multilat.model import (
    Citation,
    Claim,
    Footnote,
    Fragment,
    Influence,
    Institution,
    Membership,
    Recommendation,
    Regime,
    RegimeEvent,
    Scenario,
    Section,
    Source,
    Text,
    Trend,
)
from multilat.plugins import load, load_formats
from multilat.testing import assert_render_fails, load_plugins, plugin_host

PLUGIN = "multilat-html"


def cite(paragraph: int, quote: str, *footnotes: int) -> Citation:
    return Citation(
        source="note", section="intro", paragraph=paragraph, quote=quote, footnotes=footnotes
    )


def fragment(
    name: str = "The Alliance", quote: str = "verdeeldheid", acronym: str = "TA"
) -> Fragment:
    """A small knowledge base: an alliance, a regime not in force, two trends."""
    note = Source(
        id="note",
        kind="note",
        title="A note",
        authors=["A. Author"],
        venue="Notes",
        date="July 2020",
        url="https://example.org/note",
        footnotes=[Footnote(number=7, text="See the report.")],
        sections=[Section(slug="intro", title="Intro", incipits=["One", "Two", "Three"])],
    )
    report = Source(
        id="a-report",
        kind="report",
        title="A report",
        url="javascript:alert(1)",
        footnotes=[Footnote(number=7, text="See the report.")],
    )
    alliance = Institution(
        id="alliance",
        kind="alliance",
        name=Text(en=name, nl="Het Bondgenootschap"),
        acronym=Text(en=acronym, nl="HB"),
        memberships=[
            Membership(member="NLD", joined="1949-08-24"),
            Membership(member="GBR", joined="1949-08-24", left="2020-01-31"),
        ],
        tasks=[Claim(text=Text(en="Defend members"), citations=[cite(1, "Verdedig leden", 7)])],
    )
    treaty = Regime(
        id="treaty",
        name=Text(en="A Treaty"),
        domain="nuclear",
        verification=True,
        custodian="alliance",
        # Not in force on the note's date: reported with its status, not assessed.
        events=[RegimeEvent(kind="signed", date="2010-04-08", citations=[cite(2, "getekend")])],
    )
    cuts = Trend(
        id="cuts",
        name=Text(en="Budget cuts", nl="Bezuinigingen"),
        citations=[cite(1, "bezuinigen")],
    )
    mood = Trend(id="mood", name=Text(en="Mood"), citations=[cite(1, "stemming")])
    influences = [
        Influence(
            id="cuts-split-alliance",
            cause="cuts",
            effect="alliance",
            dimension="cohesion",
            weight=-0.75,
            horizon="long",
            confidence="high",
            mechanism=Text(en="Cuts split"),
            citations=[cite(3, quote)],
        ),
        Influence(
            id="mood-lifts-alliance",
            cause="mood",
            effect="alliance",
            dimension="effectiveness",
            weight=0.5,
            horizon="short",
            confidence="medium",
            mechanism=Text(en="Mood lifts"),
            citations=[cite(2, "stemming")],
        ),
        Influence(
            id="cuts-slow-treaty",
            cause="cuts",
            effect="treaty",
            dimension="effectiveness",
            weight=-0.5,
            horizon="long",
            confidence="low",
            mechanism=Text(en="Cuts slow it"),
            citations=[cite(3, "traag")],
        ),
    ]
    recommendation = Recommendation(
        id="recommendation-10",
        number=10,
        title=Text(en="Keep spending", nl="Blijf investeren"),
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
    return Fragment.of(
        [note, report, alliance, treaty, cuts, mood, *influences, recommendation, scenario]
    )


def build(**texts: str) -> KnowledgeBase:
    kb = KnowledgeBase.build({"hand-built": fragment(**texts)})
    assert kb.problems == ()
    return kb


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return build()


class Page(HTMLParser):
    """The tags, attributes and text of a page, as a browser's tokenizer reads them."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.data: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.data.append(data)

    @property
    def text(self) -> str:
        return "".join(self.data)

    def all(self, tag: str, **wanted: str) -> list[dict[str, str | None]]:
        return [
            attrs
            for name, attrs in self.tags
            if name == tag and all(attrs.get(k.replace("_", "-")) == v for k, v in wanted.items())
        ]

    def ids(self) -> set[str]:
        return {a["id"] for _, a in self.tags if a.get("id")}  # type: ignore[misc]


# -- registration -------------------------------------------------------------------


def test_the_format_is_registered_and_says_what_it_renders() -> None:
    formats = load_formats(strict=True, host=plugin_host({PLUGIN: multilat_html}))
    fmt = formats["html"]
    assert fmt is HTML_FORMAT
    assert (fmt.media_type, fmt.suffix) == ("text/html; charset=utf-8", ".html")
    assert fmt.documents == {Document.KNOWLEDGE, Document.ASSESSMENT, Document.ENSEMBLE}


def test_multilat_plugins_and_list_formats_show_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(multilat.plugins, "_default_host", plugin_host({PLUGIN: multilat_html}))
    assert main(["plugins"]) == 0
    assert "multilat-html\n  hooks: multilat_formats\n  contributes: formats: html\n" in (
        capsys.readouterr().out
    )
    assert main(["list", "formats"]) == 0
    assert re.search(r"^html\s", capsys.readouterr().out, re.MULTILINE)


def test_every_label_exists_in_both_languages() -> None:
    assert set(LABELS["en"]) == set(LABELS["nl"])


@pytest.mark.parametrize(
    "vocabulary",
    [
        model.ActorKind,
        model.Addressee,
        model.Confidence,
        model.Dimension,
        model.EventKind,
        model.Horizon,
        model.InstitutionKind,
        model.RegimeDomain,
        model.RegimeStatus,
        model.SourceKind,
        model.Verdict,
    ],
)
def test_every_vocabulary_word_has_a_dutch_word(vocabulary: type[enum.StrEnum]) -> None:
    # The words are core's (multilat.labels), shared by every format.
    assert [v.value for v in vocabulary if v.value not in core_labels.WORDS["nl"]] == []


# -- the knowledge base ---------------------------------------------------------------


def test_the_knowledge_base_page(kb: KnowledgeBase) -> None:
    page = Page(render(Report(kb)))
    text = page.text
    for heading in ("Institutions", "Regimes", "Trends", "Recommendations", "Bibliography"):
        assert page.all("section", id=heading.lower()) or heading == "Bibliography"
        assert heading in text
    assert page.all("section", id="bibliography")
    assert "The Alliance (TA)" in text
    assert "Members on 2020-07-01" in text  # GBR left before the note's date
    assert "“verdeeldheid”" in text  # quotes with their source and locator
    assert "note, intro¶3" in text
    assert "Budget cuts → cohesion" in text  # the influences acting on the alliance
    assert "10. Keep spending" in text
    assert "also cites a-report" in text  # a footnote citing two works
    assert {"alliance", "treaty", "cuts", "source-note", "influence-cuts-split-alliance"} <= (
        page.ids()
    )
    # Every in-page link lands somewhere.
    for attrs in page.all("a"):
        href = attrs.get("href") or ""
        assert not href.startswith("#") or href[1:] in page.ids(), href


def test_dutch_labels_and_texts(kb: KnowledgeBase) -> None:
    page = Page(render(Report(kb, lang="nl")))
    assert page.all("html", lang="nl")
    assert "Instellingen" in page.text
    assert "Het Bondgenootschap (HB)" in page.text
    assert "(note; notitie)" in page.text  # a source of kind note, not the field "toelichting"
    # A text without Dutch falls back to English and says so.
    assert any(a.get("lang") == "en" for _, a in page.tags if _ == "span")


def test_a_javascript_url_is_text_never_a_link(kb: KnowledgeBase) -> None:
    page = Page(render(Report(kb)))
    hrefs = [a.get("href") or "" for a in page.all("a")]
    assert "https://example.org/note" in hrefs
    assert not [h for h in hrefs if not h.startswith(("#", "https://", "http://"))]
    assert "javascript:alert(1)" in page.text


def test_the_page_fetches_nothing(kb: KnowledgeBase) -> None:
    result = assess(kb, scenario="deep-cuts")
    for report in (Report(kb), Report(kb, assessment=result)):
        text = render(report)
        page = Page(text)
        tags = {name for name, _ in page.tags}
        assert not tags & {"script", "link", "img", "iframe", "object", "embed", "video", "audio"}
        assert not [a for _, a in page.tags if "src" in a or "srcset" in a]
        assert not re.search(r"@import|url\((?!#)", text)
        csp = page.all("meta", http_equiv="Content-Security-Policy")[0]["content"] or ""
        assert "default-src 'none'" in csp
        assert "script-src 'none'" in csp


def test_the_stylesheet_is_allowed_by_its_hash_and_nothing_else(kb: KnowledgeBase) -> None:
    text = render(Report(kb))
    styles = re.findall(r"<style>(.*?)</style>", text, re.DOTALL)
    assert len(styles) == 1
    digest = base64.b64encode(hashlib.sha256(styles[0].encode()).digest()).decode()
    csp = Page(text).all("meta", http_equiv="Content-Security-Policy")[0]["content"] or ""
    assert re.search(r"style-src '([^']*)'", csp).group(1) == f"sha256-{digest}"  # type: ignore[union-attr]
    assert "unsafe-inline" not in csp
    assert "@media print" in styles[0]
    assert not [a for _, a in Page(text).tags if "style" in a]  # no style attributes to block


# -- assessments ------------------------------------------------------------------


def cells_of(page: Page) -> list[dict[str, str | None]]:
    return [a for a in page.all("a") if a.get("class") == "cell"]


def test_the_heatmap_has_a_cell_per_outcome_of_each_horizon(kb: KnowledgeBase) -> None:
    result = assess(kb, scenario="deep-cuts")
    other = assess(kb, scenario="deep-cuts", horizon="short")
    page = Page(render(Report(kb, assessment=result)))
    cells = cells_of(page)
    assert len([c for c in cells if c["data-horizon"] == "long"]) == len(result.outcomes)
    assert len([c for c in cells if c["data-horizon"] == "short"]) == len(other.outcomes)
    for cell in cells:
        assert (cell["href"] or "")[1:] in page.ids()
        assert cell["aria-label"]
    assert page.all("title")  # the SVG's and each cell's
    assert "Legend" in render(Report(kb, assessment=result))


def test_an_outcome_without_judgment_is_shown_as_such_not_as_zero(kb: KnowledgeBase) -> None:
    result = assess(kb, horizon="short")
    unjudged = result.outcome("alliance", "cohesion")
    assert not unjudged.judged
    page = Page(render(Report(kb, assessment=result)))
    cell = next(
        c
        for c in cells_of(page)
        if c["data-key"] == "alliance.cohesion" and c["data-horizon"] == "short"
    )
    assert cell["data-judged"] == "false"
    assert "no judgment in this term" in (cell["aria-label"] or "")
    assert "No judgment in the short term" in page.text
    assert "judged in the long term" in page.text


def test_regimes_not_in_force_are_listed_with_their_status(kb: KnowledgeBase) -> None:
    result = assess(kb)
    assert [s.target for s in result.not_in_force] == ["treaty"]
    text = Page(render(Report(kb, assessment=result))).text
    assert "Not in force on 2020-07-01" in text
    assert "A Treaty (treaty): signed" in text
    assert "Parties that had left by 2020-07-01" in text
    assert "The Alliance: GBR" in text


def test_a_target_not_in_force_has_no_heatmap_and_says_why(kb: KnowledgeBase) -> None:
    result = assess(kb, "treaty")
    assert result.outcomes == ()
    page = Page(render(Report(kb, assessment=result)))
    assert "Nothing to assess: not in force on 2020-07-01 (see below)." in page.text
    assert "A Treaty (treaty): signed" in page.text
    assert not cells_of(page)
    assert "evidence" not in page.ids()


def test_the_method_line_names_rule_transfer_calibration_and_date(kb: KnowledgeBase) -> None:
    result = assess(kb, scenario="deep-cuts", calibration="none")
    text = Page(render(Report(kb, assessment=result))).text
    assert (
        "As of 2020-07-01; rule kosko, transfer tanh, calibration none"
        " (incoming weights as judged); long term." in text
    )
    capped = Page(render(Report(kb, assessment=assess(kb), lang="nl"))).text
    cap = f"{INCOMING_CAP:g}"
    assert f"kalibratie capped (inkomende gewichten begrensd op {cap} per concept)" in capped


def test_evidence_has_the_paths_and_quotes_and_ranked_recommendations(kb: KnowledgeBase) -> None:
    result = assess(kb, scenario="deep-cuts")
    page = Page(render(Report(kb, assessment=result)))
    assert "evidence-long-alliance-cohesion" in page.ids()
    assert "cuts → alliance.cohesion" in page.text
    assert "“verdeeldheid”" in page.text
    assert "Recommendations, by the harm they answer" in page.text
    assert "source-note" in page.ids()  # the sources the evidence cites


def test_the_ensemble_adds_its_intervals(kb: KnowledgeBase) -> None:
    result = assess(kb, scenario="deep-cuts")
    spread = ensemble(kb, scenario="deep-cuts", n=200, seed=3)
    text = render(Report(kb, assessment=result, ensemble=spread))
    page = Page(text)
    assert "200 draws of the weights (seed 3)" in page.text
    o = spread.outcome("alliance", "cohesion")
    interval = f"[{o.change_quantile(0.05):+.2f}, {o.change_quantile(0.95):+.2f}]"
    assert interval in page.text
    assert "P(decline)" in page.text
    row = next(r for r in re.findall(r"<tr>.*?</tr>", text, re.DOTALL) if "alliance.cohesion" in r)
    cells = [c for c in Page(row).data if c.strip()]
    level = f"[{o.quantile(0.05):+.2f}, {o.quantile(0.95):+.2f}]"
    assert cells[-5:] == [
        f"{o.mean:+.2f}",
        level,
        f"{o.mean_change:+.2f}",
        interval,
        f"{o.p_decline:.0%}",
    ]
    assert "Mean change" in page.text
    assert page.all("line")  # the intervals drawn in the cells


def test_an_ensemble_alone_is_a_table() -> None:
    kb = build()
    spread = ensemble(kb, n=50, seed=1)
    text = Page(render(Report(kb, ensemble=spread))).text
    assert "50 draws" in text
    assert "alliance.cohesion" in text


# -- escaping -------------------------------------------------------------------------

# Text as a plugin could bring it: markup, quotes, entities and controls.
MARKUP = ("<script>", "<b>", "</style>", "<!--", "-->", '"', "'", "&amp;", "&#60;", "<", ">", "&")
hostile = (
    st.lists(
        st.sampled_from(MARKUP)
        | st.text(st.sampled_from("a \x00\x07\x1b\x7f\x9b{}%=/"))
        | st.text(),
        min_size=1,
        max_size=8,
    )
    .map("".join)
    .filter(lambda s: s.strip() != "")
)


def _skeleton(kb: KnowledgeBase) -> list[str]:
    return [name for name, _ in Page(render(Report(kb))).tags]


@settings(max_examples=60)
@given(name=hostile, quote=hostile)
def test_any_text_stays_text(name: str, quote: str) -> None:
    kb = build(name=name, quote=quote)
    text = render(Report(kb))
    page = Page(text)
    # The same elements whatever the text: nothing in it became markup.
    assert [n for n, _ in page.tags] == _skeleton(build())
    assert printable(name) in page.text
    assert printable(" ".join(quote.split())) in page.text
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", text)


@given(st.text())
def test_printable_keeps_every_character_it_can(text: str) -> None:
    shown = printable(text)
    assert len(shown) == len(shown.encode("utf-8", "surrogatepass").decode("utf-8", "replace"))
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]", shown)
    shown.encode("utf-8")  # never a lone surrogate
    assert len(shown) == len(text)
    for before, after in zip(text, shown, strict=True):
        assert after == before or not before.isprintable()


def test_printable_examples() -> None:
    assert printable("a\x00b\x07c\x1bd\x7fe\x85f\ud800g") == "a␀b␇c␛d␡e\ufffdf\ufffdg"
    assert printable("tab\tand\nline") == "tab\tand\nline"


@given(st.text())
def test_only_web_addresses_become_links(url: str) -> None:
    target = link_target(url)
    if target is not None:
        assert target == url
        assert re.fullmatch(r"https?://[^\s\"'<>\\`]+", target.replace("'", ""))


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox",
        "//evil.example/x",
        'https://example.org/"onmouseover="alert(1)',
        "https://example.org/ x",
        "https://example.org/<script>",
        "https://example.org/\\..",
    ],
)
def test_dangerous_addresses_are_not_links(url: str) -> None:
    assert link_target(url) is None


def test_attribute_values_are_escaped_too() -> None:
    hostile_text = '"><img src=x onerror=alert(1)>'
    kb = build(acronym=hostile_text)
    text = render(Report(kb, assessment=assess(kb)))
    assert "<img" not in text
    assert str(escape(hostile_text)) in text
    page = Page(text)
    assert not [a for _, a in page.tags if any(k.startswith("on") for k in a)]
    labels = [c["aria-label"] or "" for c in cells_of(page)]
    assert labels
    assert all(label.startswith(hostile_text + ", ") for label in labels)


# -- colours -------------------------------------------------------------------------


@given(st.floats(-3, 3), st.sampled_from([0.25, 0.5, 1.0, 2.0]))
def test_colours_are_on_the_scale_and_read_well(value: float, domain: float) -> None:
    fill = colour(value, domain)
    assert re.fullmatch(r"#[0-9a-f]{6}", fill)
    assert ink(fill) in ("#ffffff", "#111111")
    assert colour(max(-domain, min(domain, value)), domain) == fill  # clamped


def test_the_scale_ends_and_middle() -> None:
    assert (colour(-1), colour(0), colour(1)) == (DIVERGING[0], DIVERGING[3], DIVERGING[-1])
    assert ink(DIVERGING[0]) == "#ffffff"
    assert ink(DIVERGING[3]) == "#111111"
    assert domain_of([0.1, -0.3], by_change=True) == 0.5
    assert domain_of([0.1], by_change=True) == 0.25
    assert domain_of([0.1], by_change=False) == 1.0


# -- determinism and failures ---------------------------------------------------------


class _Content:
    def __init__(self, made: Fragment) -> None:
        self.made = made

    @hookimpl
    def multilat_knowledge(self) -> Fragment:
        return self.made


def test_same_bytes_twice_and_in_any_plugin_order() -> None:
    whole = fragment()
    first = Fragment.of([o for _, o in whole.objects() if not isinstance(o, Recommendation)])
    second = Fragment.of([o for _, o in whole.objects() if isinstance(o, Recommendation)])
    plugins = [
        (multilat_html, PLUGIN),
        (multilat_markdown, "multilat-markdown"),
        (_Content(first), "a"),
        (_Content(second), "b"),
    ]
    outputs = set()
    for ordered in (plugins, plugins[::-1]):
        host = plugin_host({name: plugin for plugin, name in ordered})
        fmt = load_formats(strict=True, host=host)["html"]
        kb = load(strict=True, host=host)
        result = assess(kb, scenario="deep-cuts")
        spread = ensemble(kb, scenario="deep-cuts", n=100, seed=1)
        for report in (Report(kb, lang="nl"), Report(kb, assessment=result, ensemble=spread)):
            outputs.add(fmt.render_bytes(report))
            assert fmt.render_bytes(report) == fmt.render_bytes(report)
    assert len(outputs) == 2


def test_a_failing_render_is_named_and_writes_nothing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    def broken() -> object:
        raise RuntimeError("template\nmissing")

    monkeypatch.setattr(multilat_html.rendering, "_environment", broken)
    monkeypatch.setattr(multilat.plugins, "_default_host", plugin_host({PLUGIN: multilat_html}))
    assert_render_fails(
        ["report", "--format", "html", "-o", str(tmp_path / "kb.html")],
        "multilat: error: format 'html' failed: RuntimeError: template missing\n",
        out=tmp_path,
        capsys=capsys,
    )


def test_the_cli_writes_the_page(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setattr(multilat.plugins, "_default_host", plugin_host({PLUGIN: multilat_html}))
    target = tmp_path / "kb.html"
    assert main(["report", "--format", "html", "--lang", "nl", "-o", str(target)]) == 0
    assert target.read_text("utf-8").startswith('<!DOCTYPE html>\n<html lang="nl">')
    assert main(["assess", "--format", "html"]) == 0
    out = capsys.readouterr().out
    assert 'data-document="assessment"' in out


@pytest.mark.parametrize("module", [multilat_html.text, multilat_html.heatmap])
def test_the_docstring_examples(module: object) -> None:
    failed, tried = doctest.testmod(module)  # type: ignore[arg-type]
    assert tried > 0
    assert failed == 0


def test_the_expectations_in_hindsight() -> None:
    content = {
        "multilat-nato": multilat_nato,
        "multilat-un": multilat_un,
        "multilat-osce": multilat_osce,
        "multilat-armscontrol": multilat_armscontrol,
    }
    as_written = Page(render(Report(load_plugins(content))))
    assert "The note's expectations in hindsight" in as_written.text
    assert "unresolved (no hindsight plugin loaded)" in as_written.text
    resolved_kb = load_plugins({**content, "multilat-hindsight": multilat_hindsight})
    resolved = Page(render(Report(resolved_kb, lang="nl")))
    assert "Trefzekerheid" in resolved.text
    assert "uitgekomen" in resolved.text
    assert "geen hindsight-plugin" not in resolved.text
    assert len(resolved.all("article")) >= len(resolved_kb.expectations)


def test_loading_the_plugin_does_not_load_jinja2() -> None:
    # Every command loads the plugin to list its format; only rendering a
    # page needs Jinja2 and the templates.
    code = (
        "import sys, multilat_html;"
        " print(sorted(m for m in sys.modules if m.startswith('jinja2')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"

