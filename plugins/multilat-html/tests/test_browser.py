"""multilat-html in a real browser: headless Chromium opens the pages.

Chromium is driven over the DevTools protocol (see ``conftest.py``). These
tests fail, never skip, without a Chromium: ``.ci/run`` installs Debian's.

``MULTILAT_SCREENSHOT=path.png`` makes the heatmap test write the picture
the docs show (``docs/_static/html-report.png``)::

    MULTILAT_SCREENSHOT=docs/_static/html-report.png \\
        .venv/bin/pytest plugins/multilat-html/tests/test_browser.py -k heatmap
"""

from __future__ import annotations

import base64
import os
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import multilat_armscontrol
import multilat_hindsight
import multilat_html
import multilat_nato
import multilat_osce
import multilat_un
import pytest
from multilat_html import printable

import multilat.plugins
from multilat.assess import assess, ensemble
from multilat.cli import main
from multilat.formats import Report
from multilat.hookspecs import hookimpl
from multilat.knowledge import KnowledgeBase
from multilat.model import (
    Actor,
    Citation,
    Claim,
    Footnote,
    Fragment,
    Influence,
    Institution,
    Recommendation,
    Regime,
    RegimeEvent,
    Scenario,
    Section,
    Source,
    Text,
    Trend,
    fold_whitespace,
)
from multilat.testing import load_plugins, plugin_host

if TYPE_CHECKING:
    from conftest import Chromium, Tab

CONTENT = {
    "multilat-nato": multilat_nato,
    "multilat-un": multilat_un,
    "multilat-osce": multilat_osce,
    "multilat-armscontrol": multilat_armscontrol,
}


@pytest.fixture(scope="module")
def full_kb() -> KnowledgeBase:
    return load_plugins(CONTENT)


def open_page(chromium: Chromium, path: Path) -> Tab:
    tab = chromium.new_tab()
    tab.navigate(path.as_uri())
    return tab


def assert_quiet(tab: Tab, path: Path) -> None:
    """No console error, no CSP report, no request but the page itself."""
    assert tab.console_errors() == []
    assert tab.requests() == [path.as_uri()]


CELLS = """[...document.querySelectorAll('svg a.cell')].map(a => {
  const id = a.getAttribute('href').slice(1);
  const target = document.getElementById(id);
  const box = a.getBoundingClientRect();
  return {key: a.dataset.key, horizon: a.dataset.horizon, judged: a.dataset.judged,
          exists: target !== null && target.classList.contains('evidence'),
          quotes: target === null ? 0 : target.querySelectorAll('blockquote').length,
          title: a.querySelector('title').textContent, label: a.getAttribute('aria-label'),
          text: a.querySelector('text').textContent, width: box.width, height: box.height};
})"""


@pytest.mark.parametrize(
    ("name", "target", "scenario", "draws"),
    [
        ("heatmap", None, None, 1000),
        ("nato-ensemble", "nato", None, 1000),
        ("scenario", None, "deep-defence-cuts", 200),
    ],
)
def test_the_heatmap_in_the_browser(
    chromium: Chromium,
    full_kb: KnowledgeBase,
    tmp_path: Path,
    name: str,
    target: str | None,
    scenario: str | None,
    draws: int,
) -> None:
    result = assess(full_kb, target, scenario)
    other = assess(full_kb, target, scenario, horizon="short")
    spread = ensemble(full_kb, scenario=scenario, n=draws, seed=0)
    # As the command line does: the ensemble's outcomes the assessment judged.
    kept = [i for i, o in enumerate(spread.outcomes) if o.key in {j.key for j in result.judged}]
    spread = attrs.evolve(
        spread,
        outcomes=tuple(spread.outcomes[i] for i in kept),
        levels=spread.levels[:, kept],
        baseline_levels=spread.baseline_levels[:, kept],
    )
    path = tmp_path / f"{name}.html"
    path.write_text(multilat_html.render(Report(full_kb, assessment=result, ensemble=spread)))

    tab = open_page(chromium, path)
    cells: list[dict[str, Any]] = tab.evaluate(CELLS)
    rows = {o.target for o in result.outcomes} | {s.target for s in result.standings}
    expected = len(result.outcomes) + len([o for o in other.outcomes if o.target in rows])
    assert len(cells) == expected
    assert {(c["key"], c["horizon"]) for c in cells} == {
        (o.key, "long") for o in result.outcomes
    } | {(o.key, "short") for o in other.outcomes if o.target in rows}
    for cell in cells:
        assert cell["exists"], cell
        assert cell["width"] > 0
        assert cell["height"] > 0
        assert cell["title"] == cell["label"]
        if cell["judged"] == "false":
            assert cell["text"] == "\u2014"  # a dash, never +0.00
        else:
            assert re.fullmatch(r"[+-]\d\.\d\d", cell["text"])
    judged_long = [c for c in cells if c["judged"] == "true" and c["horizon"] == "long"]
    assert any(c["quotes"] > 0 for c in judged_long)  # evidence carries the quotes
    assert tab.evaluate("document.querySelectorAll('svg .legend rect').length") > 10
    assert tab.evaluate("document.querySelector('svg > title').textContent")
    assert_quiet(tab, path)

    shot = tmp_path / f"{name}.png"
    tab.screenshot(shot, down_to="#heatmap")
    assert shot.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    wanted = os.environ.get("MULTILAT_SCREENSHOT")
    if wanted and name == "heatmap":
        shutil.copyfile(shot, wanted)


def test_the_knowledge_base_page_in_the_browser(chromium: Chromium, tmp_path: Path) -> None:
    full_kb = load_plugins({**CONTENT, "multilat-hindsight": multilat_hindsight})
    path = tmp_path / "kb.html"
    path.write_text(multilat_html.render(Report(full_kb, lang="nl")))
    tab = open_page(chromium, path)
    assert tab.evaluate("document.documentElement.lang") == "nl"
    broken = tab.evaluate(
        "[...document.querySelectorAll('a[href^=\"#\"]')]"
        ".map(a => a.getAttribute('href').slice(1)).filter(id => !document.getElementById(id))"
    )
    assert broken == []
    count = tab.evaluate("document.querySelectorAll('#institutions > article').length")
    assert count == len(full_kb.institutions)
    verdicts = tab.evaluate("[...document.querySelectorAll('#hindsight .verdict')].length")
    assert verdicts == len(full_kb.expectations)
    assert_quiet(tab, path)


# -- hostile text ---------------------------------------------------------------------

#: Each one tries to run ``window.__pwned = …``, open a dialog or break out of
#: where it is written. None may work; each must show as the text it is.
PAYLOADS = (
    "<script>window.__pwned='script'</script>",
    '"><img src=x onerror="window.__pwned=\'img\'">',
    "'><svg onload=\"window.__pwned='svg'\"></svg>",
    "</style><script>window.__pwned='style'</script>",
    "</title><script>alert('title')</script>",
    "</textarea><iframe srcdoc=\"<script>parent.__pwned='frame'</script>\"></iframe>",
    "<a href=\"javascript:window.__pwned='link'\">click</a>",
    "{{ 7*7 }} {% if 1 %}jinja{% endif %} ${7*7}",
    "<!-- unclosed comment",
    '<![CDATA[ ]]><math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "controls \x00 \x07 \x1b \x7f \x9b end",
    "&lt;already &amp; escaped&gt; &#x3C;script&#x3E;",
    "url(https://example.org/track.png) @import 'https://example.org/x.css';",
)
URL_PAYLOAD = "javascript:window.__pwned='url'"


def hostile(field: str, number: int) -> str:
    return f"{PAYLOADS[number % len(PAYLOADS)]} @{field}"


class _Hostile:
    """A content plugin whose every text field carries a payload."""

    def __init__(self) -> None:
        self.expected: dict[str, str] = {}
        self._count = 0

    def text(self, field: str, *, folded: bool = False) -> str:
        made = hostile(field, self._count)
        self._count += 1
        self.expected[field] = printable(fold_whitespace(made) if folded else made)
        return made

    def cite(self, field: str, paragraph: int = 1) -> Citation:
        return Citation(
            source="hostile-note",
            section="intro",
            paragraph=paragraph,
            quote=self.text(field, folded=True),
        )

    @hookimpl
    def multilat_knowledge(self) -> Fragment:
        t = self.text
        note = Source(
            id="hostile-note",
            kind="report",
            title=t("source.title"),
            authors=[t("source.author")],
            venue=t("source.venue"),
            date=t("source.date"),
            url=URL_PAYLOAD,
            footnotes=[Footnote(number=99, text=t("footnote.text", folded=True))],
            sections=[Section(slug="intro", title="Intro", incipits=["One", "Two"])],
        )
        self.expected["source.url"] = URL_PAYLOAD
        actor = Actor(id="hostile-actor", kind="group", name=Text(en=t("actor.name")))
        club = Institution(
            id="hostile-club",
            kind="alliance",
            name=Text(en=t("institution.name")),
            acronym=Text(en=t("institution.acronym")),
            description=Text(en=t("institution.description")),
            tasks=[Claim(text=Text(en=t("claim.text")), citations=[self.cite("claim.quote")])],
            citations=[self.cite("institution.quote")],
        )
        pact = Regime(
            id="hostile-pact",
            name=Text(en=t("regime.name")),
            acronym=Text(en=t("regime.acronym")),
            description=Text(en=t("regime.description")),
            domain="nuclear",
            verification=False,
            events=[
                RegimeEvent(
                    kind="entered-into-force",
                    date="2001-01-01",
                    description=Text(en=t("event.description")),
                    citations=[self.cite("event.quote")],
                )
            ],
        )
        trend = Trend(
            id="hostile-trend",
            name=Text(en=t("trend.name")),
            description=Text(en=t("trend.description")),
            actor="hostile-actor",
            citations=[self.cite("trend.quote")],
        )
        influences = [
            Influence(
                id=f"hostile-trend-harms-{target}",
                cause="hostile-trend",
                effect=target,
                dimension="cohesion",
                weight=-0.75,
                horizon="long",
                confidence="high",
                mechanism=Text(en=t(f"influence.mechanism.{target}")),
                citations=[self.cite(f"influence.quote.{target}", 2)],
            )
            for target in ("hostile-club", "hostile-pact")
        ]
        recommendation = Recommendation(
            id="hostile-recommendation",
            number=99,
            title=Text(en=t("recommendation.title")),
            text=Text(en=t("recommendation.text")),
            addressees=["diplomacy"],
            targets=["hostile-club"],
            counters=["hostile-trend"],
            citations=[self.cite("recommendation.quote")],
        )
        scenario = Scenario(
            id="hostile-scenario",
            name=Text(en=t("scenario.name")),
            description=Text(en=t("scenario.description")),
            levels={"hostile-trend": 1.0},
        )
        return Fragment.of([note, actor, club, pact, trend, *influences, recommendation, scenario])


SAFETY = """(() => {
  const bad = [...document.querySelectorAll('script, img, iframe, object, embed, math, frame')]
    .map(e => e.tagName);
  const handlers = [...document.querySelectorAll('*')].flatMap(
    e => [...e.attributes].filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name));
  const links = [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))
    .filter(h => !h.startsWith('#') && !/^https?:[/][/]/.test(h));
  return {pwned: typeof window.__pwned, bad, handlers, links,
          styles: document.querySelectorAll('style').length};
})()"""


def _without_csp(text: str) -> str:
    # The policy would stop a script that escaping let through: take it away,
    # so that escaping alone is what the test sees.
    stripped, count = re.subn(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", text)
    assert count == 1
    return stripped


def test_hostile_text_is_shown_never_run(
    chromium: Chromium,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    plugin = _Hostile()
    host = plugin_host({"multilat-html": multilat_html, "multilat-hostile": plugin})
    monkeypatch.setattr(multilat.plugins, "_default_host", host)

    kb_page = tmp_path / "kb.html"
    assert main(["report", "--format", "html", "-o", str(kb_page)]) == 0
    command = ["assess", "--scenario", "hostile-scenario", "--ensemble", "50"]
    assert main([*command, "--format", "html"]) == 0
    assessment_page = tmp_path / "assessment.html"
    assessment_page.write_text(capsys.readouterr().out, "utf-8")

    pages = [kb_page, assessment_page]
    for page in list(pages):
        bare = page.with_name(f"{page.stem}-without-csp.html")
        bare.write_text(_without_csp(page.read_text("utf-8")), "utf-8")
        pages.append(bare)

    # Where each field shows up: the knowledge base has all but the scenario's; the
    # assessment shows names, mechanisms, quotes and the scenario.
    in_assessment: tuple[str, ...] = (
        "institution.acronym",
        "regime.acronym",
        "scenario.name",
        "scenario.description",
        "trend.name",
        "influence.mechanism.hostile-club",
        "influence.quote.hostile-pact",
        "source.title",
        "source.url",
    )
    for page in pages:
        tab = open_page(chromium, page)
        found = tab.evaluate(SAFETY)
        assert found == {"pwned": "undefined", "bad": [], "handlers": [], "links": [], "styles": 1}
        assert tab.events("Page.javascriptDialogOpening") == []
        shown = tab.evaluate("document.title + '\\n' + document.body.textContent")
        fields = in_assessment
        if page.name.startswith("kb"):  # everything but the scenario
            fields = tuple(f for f in plugin.expected if not f.startswith("scenario."))
        missing = [f for f in fields if plugin.expected[f] not in shown]
        assert missing == []
        assert tab.requests() == [page.as_uri()]
    assert len(plugin.expected) > 25  # every text field carried a payload


def test_the_page_prints(chromium: Chromium, full_kb: KnowledgeBase, tmp_path: Path) -> None:
    result = assess(full_kb)
    path = tmp_path / "print.html"
    path.write_text(multilat_html.render(Report(full_kb, assessment=result)))
    tab = open_page(chromium, path)
    tab.send("Emulation.setEmulatedMedia", {"media": "print"})
    assert tab.evaluate("matchMedia('print').matches")
    # The heatmap keeps its colours and stays whole on its page.
    figure = "getComputedStyle(document.querySelector('figure.heatmap'))"
    assert tab.evaluate(f"{figure}.breakInside") == "avoid"
    assert tab.evaluate(f"{figure}.printColorAdjust") == "exact"
    pdf = tab.send("Page.printToPDF", {"printBackground": True})
    (tmp_path / "print.pdf").write_bytes(base64.b64decode(pdf["data"]))
    assert (tmp_path / "print.pdf").read_bytes().startswith(b"%PDF-")
    tab.send("Emulation.setEmulatedMedia", {"media": ""})
    assert_quiet(tab, path)
