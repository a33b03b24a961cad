"""multilat-graph: DOT checked by Graphviz's own parser, Mermaid by a strict grammar, styles."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import multilat_graph
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from multilat_graph import DOT_FORMAT, MERMAID_FORMAT, build
from multilat_graph.dot import quote
from multilat_graph.graph import NEGATIVE, NEUTRAL, POSITIVE, clean, fill_for
from multilat_graph.mermaid import label, unlabel

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
    Regime,
    Scenario,
    Section,
    Source,
    Text,
    Trend,
)
from multilat.plugins import load_formats
from multilat.testing import assert_render_fails, plugin_host

PLUGIN = "multilat-graph"
HOSTILE = 'The "Club" \\N \\\\ <b>bold</b> & #quot; `x` end\nsecond line'


def cite(paragraph: int) -> Citation:
    return Citation(source="note", section="intro", paragraph=paragraph, quote="iets")


def influence(
    cause: str, effect: str, weight: float, *, dimension: str | None = None, **fields: str
) -> Influence:
    fields.setdefault("confidence", "high")
    fields.setdefault("horizon", "long")
    return Influence(
        id=f"{cause}-{effect}-{dimension or 'trend'}",
        cause=cause,
        effect=effect,
        dimension=dimension,
        weight=weight,
        mechanism=Text(en=f"{cause} moves {effect}", nl=f"{cause} beweegt {effect}"),
        citations=[cite(1)],
        **fields,
    )


def objects(club_name: str = HOSTILE, cuts_name: str = "Cuts") -> list[object]:
    return [
        Source(
            id="note",
            kind="note",
            title="A note",
            sections=[Section(slug="intro", title="Intro", incipits=["One"])],
        ),
        Institution(id="club", kind="alliance", name=Text(en=club_name, nl="De club")),
        Regime(id="pact", name=Text(en="The Pact"), domain="nuclear", verification=False),
        Trend(id="cuts", name=Text(en=cuts_name, nl="Bezuinigingen"), citations=[cite(1)]),
        Trend(id="mood", name=Text(en="Mood"), citations=[cite(1)]),
        influence("cuts", "club", -0.75, dimension="cohesion"),
        influence("cuts", "mood", 0.5, confidence="low"),
        influence("mood", "club", 0.25, dimension="effectiveness", confidence="medium"),
        influence("mood", "pact", -1.0, dimension="effectiveness", horizon="short"),
        Scenario(
            id="deep-cuts",
            name=Text(en="Deep cuts"),
            description=Text(en="Cuts at their strongest."),
            levels={"cuts": 1.0},
        ),
    ]


def build_kb(club_name: str = HOSTILE, cuts_name: str = "Cuts") -> KnowledgeBase:
    kb = KnowledgeBase.build({"hand-built": Fragment.of(objects(club_name, cuts_name))})
    assert kb.problems == ()
    return kb


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return build_kb()


def reports(kb: KnowledgeBase) -> dict[Document, Report]:
    result = assess(kb, scenario="deep-cuts")
    return {
        Document.KNOWLEDGE: Report(kb),
        Document.ASSESSMENT: Report(kb, assessment=result),
        Document.ENSEMBLE: Report(
            kb, assessment=result, ensemble=ensemble(kb, scenario="deep-cuts", n=50, seed=3)
        ),
    }


# -- Graphviz -------------------------------------------------------------------------


def graphviz(source: str) -> ET.Element:
    """Graphviz's own parser and layout: ``dot -Tsvg``; fails on any complaint."""
    dot = shutil.which("dot")
    # Not a skip: CI installs Graphviz (.ci/run), and a missing check must not pass.
    assert dot is not None, "Graphviz's dot is not installed: apt-get install graphviz"
    done = subprocess.run(
        [dot, "-Tsvg"], input=source.encode(), capture_output=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr.decode()
    assert done.stderr == b"", done.stderr.decode()
    return ET.fromstring(done.stdout)


SVG = "{http://www.w3.org/2000/svg}"


def drawn_labels(svg: ET.Element, kind: str) -> dict[str, str]:
    """Title of each node or cluster group -> its text lines as drawn, joined by newlines."""
    found = {}
    for group in svg.iter(f"{SVG}g"):
        if group.get("class") != kind:
            continue
        title = group.find(f"{SVG}title")
        assert title is not None
        lines = [t.text or "" for t in group.iter(f"{SVG}text")]
        found[title.text or ""] = "\n".join(lines)
    return found


def test_every_document_is_valid_dot(kb: KnowledgeBase) -> None:
    for report in reports(kb).values():
        graphviz(DOT_FORMAT.render_bytes(report).decode())


def test_labels_are_drawn_literally(kb: KnowledgeBase) -> None:
    svg = graphviz(DOT_FORMAT.render_bytes(Report(kb)).decode())
    assert drawn_labels(svg, "cluster")["cluster_0"] == clean(HOSTILE)
    nodes = drawn_labels(svg, "node")
    assert nodes["club.cohesion"] == "cohesion"
    assert nodes["cuts"] == "Cuts"


# One dot run per example: a few dozen examples are enough to find a broken escape,
# with the characters that broke an earlier version always among them.
@settings(max_examples=40)
@example("a\ufffeb\uffff\ufdd0", "\U0010fffe x")
@example('\\"\\', "a\\")
@example("&#;", "&#1; &amp; R&D")
@given(
    st.text(st.characters(codec="utf-8"), min_size=1).filter(lambda t: clean(t) != ""),
    st.text(st.characters(codec="utf-8"), min_size=1).filter(lambda t: clean(t) != ""),
)
def test_any_label_survives_graphviz(club_name: str, cuts_name: str) -> None:
    kb = build_kb(club_name, cuts_name)
    svg = graphviz(DOT_FORMAT.render_bytes(Report(kb)).decode())
    assert drawn_labels(svg, "cluster")["cluster_0"] == clean(club_name)
    assert drawn_labels(svg, "node")["cuts"] == clean(cuts_name)


def test_quote_examples() -> None:
    assert quote('say "hi"') == r'"say \"hi\""'
    assert quote("a\\nb") == r'"a\\nb"'  # a backslash and an n, not a line break
    assert quote("R&D &amp;") == '"R&amp;D &amp;amp;"'  # drawn as written
    assert quote("one\r\ntwo\n\n  three  ") == r'"one\ntwo\nthree"'
    assert quote("<b>x</b>") == '"<b>x</b>"'


# -- styles ---------------------------------------------------------------------------


def test_the_influence_map(kb: KnowledgeBase) -> None:
    graph = build(Report(kb))
    assert [c.key for c in graph.clusters] == ["club", "pact"]
    assert {n.key: n.cluster for n in graph.nodes} == {
        "club.cohesion": "club",
        "club.effectiveness": "club",
        "cuts": None,
        "mood": None,
        "pact.effectiveness": "pact",
    }
    edges = {(e.source, e.target): e for e in graph.edges}
    harm = edges["cuts", "club.cohesion"]
    assert (harm.colour, harm.width, harm.dashed) == (NEGATIVE, 3.25, False)
    assert (edges["cuts", "mood"].colour, edges["cuts", "mood"].dashed) == (POSITIVE, True)
    assert edges["mood", "club.effectiveness"].width == 1.75
    assert edges["mood", "pact.effectiveness"].width == 4.0  # both horizons on the map
    assert all(n.fill == NEUTRAL for n in graph.nodes)


def test_dot_carries_the_styles(kb: KnowledgeBase) -> None:
    text = DOT_FORMAT.render_bytes(Report(kb)).decode()
    assert (
        '  "cuts" -> "club.cohesion" [id="cuts-club-cohesion", color="#b2182b", penwidth=3.25,'
        ' style=solid, tooltip="cuts-club-cohesion: -0.75 strong, long, high — cuts moves club"];'
    ) in text
    assert (
        '"cuts" -> "mood" [id="cuts-mood-trend", color="#2166ac", penwidth=2.5, style=dashed'
    ) in text
    assert text.count("subgraph cluster_") == 2


def test_an_assessment_colours_its_outcomes_by_level(kb: KnowledgeBase) -> None:
    report = reports(kb)[Document.ENSEMBLE]
    assert report.assessment is not None
    graph = build(report)
    # The long-term map: the short-term influence on the pact is not drawn.
    assert all(e.target != "pact.effectiveness" for e in graph.edges)
    nodes = {n.key: n for n in graph.nodes}
    cohesion = report.assessment.outcome("club", "cohesion")
    assert cohesion.level < 0
    assert (nodes["club.cohesion"].fill, nodes["club.cohesion"].ink) == fill_for(cohesion.level)
    assert nodes["club.cohesion"].fill != NEUTRAL
    assert nodes["club.cohesion"].label.startswith(f"cohesion\n{cohesion.level:+.2f}\n5–95 %: [")
    assert nodes["cuts"].fill == NEUTRAL  # a trend's level is not harm
    assert build(Report(kb, lang="nl", assessment=report.assessment)).title == (
        "Beoordeling, lange termijn, scenario deep-cuts: Deep cuts"
    )


def test_the_level_scale() -> None:
    assert fill_for(0.0) == (NEUTRAL, "#000000")
    assert fill_for(-1.0) == (NEGATIVE, "#ffffff")
    assert fill_for(1.0) == (POSITIVE, "#ffffff")
    assert fill_for(-0.004) == fill_for(0.004) == (NEUTRAL, "#000000")


# -- Mermaid --------------------------------------------------------------------------

_LABEL = r'(?:[^"<>#&`\r\n]|#(?:quot|lt|gt|amp|35|96);|<br>)*'
_COLOUR = r"#[0-9a-f]{6}"
_GRAMMAR = {
    "node": re.compile(
        rf' *(?P<id>c\d+)(?:\(\["(?P<l1>{_LABEL})"\]\)|\["(?P<l2>{_LABEL})"\])'
    ),
    "style": re.compile(rf" *style (?P<id>c\d+) fill:{_COLOUR},color:{_COLOUR}"),
    "subgraph": re.compile(rf' *subgraph (?P<id>s\d+)\["(?P<l1>{_LABEL})"\]'),
    "end": re.compile(r" *end"),
    "edge": re.compile(r" *(?P<id>c\d+) (?:-->|-\.->) (?P<to>c\d+)"),
    "linkStyle": re.compile(
        rf" *linkStyle (?P<id>\d+) stroke:{_COLOUR},stroke-width:\d+(?:\.\d+)?px"
        r"(?:,stroke-dasharray:\d+ \d+)?"
    ),
}


def check_mermaid(text: str) -> dict[str, list[str]]:
    """A strict reading of the flowchart grammar this format uses; the labels it holds.

    Front matter with a title, ``flowchart LR``, then node, style, subgraph/end,
    edge and linkStyle lines only; subgraphs balanced and not nested, every edge
    between declared nodes, every node styled, one linkStyle per edge in order.
    """
    assert text.endswith("\n")
    assert "\r" not in text
    lines = text.split("\n")[:-1]
    assert lines[0] == lines[2] == "---"
    assert lines[3] == "flowchart LR"
    title = re.fullmatch(rf'title: "(?P<l1>{_LABEL})"', lines[1])
    assert title is not None, lines[1]
    labels: dict[str, list[str]] = {"title": [title["l1"]], "node": [], "subgraph": []}
    nodes: list[str] = []
    styled: list[str] = []
    edges = 0
    link_styles: list[int] = []
    open_subgraph = False
    for line in lines[4:]:
        kind, match = next(
            ((k, m) for k, pattern in _GRAMMAR.items() if (m := pattern.fullmatch(line))),
            (None, None),
        )
        assert match is not None, f"not flowchart grammar: {line!r}"
        if kind == "node":
            assert match["id"] not in nodes, f"node declared twice: {line!r}"
            nodes.append(match["id"])
            labels["node"].append(match["l1"] if match["l1"] is not None else match["l2"])
        elif kind == "style":
            assert match["id"] == nodes[-1], "a style follows its node"
            styled.append(match["id"])
        elif kind == "subgraph":
            assert not open_subgraph, "subgraphs are not nested"
            open_subgraph = True
            labels["subgraph"].append(match["l1"])
        elif kind == "end":
            assert open_subgraph, "end without subgraph"
            open_subgraph = False
        elif kind == "edge":
            assert not link_styles, "edges come before their styles"
            assert match["id"] in nodes, line
            assert match["to"] in nodes, line
            edges += 1
        else:
            link_styles.append(int(match["id"]))
    assert not open_subgraph
    assert styled == nodes
    assert link_styles == list(range(edges))
    return labels


def test_every_document_follows_the_flowchart_grammar(kb: KnowledgeBase) -> None:
    for report in reports(kb).values():
        labels = check_mermaid(MERMAID_FORMAT.render_bytes(report).decode())
        assert [unlabel(s) for s in labels["subgraph"]] == [clean(HOSTILE), "The Pact"]


@given(st.text(st.characters(codec="utf-8")))
def test_mermaid_labels_show_the_text(text: str) -> None:
    code = label(text)
    assert re.fullmatch(_LABEL, code)
    assert unlabel(code) == clean(text)


@given(
    st.text(st.characters(codec="utf-8"), min_size=1).filter(lambda t: clean(t) != ""),
    st.text(st.characters(codec="utf-8"), min_size=1).filter(lambda t: clean(t) != ""),
)
def test_any_names_keep_the_grammar(club_name: str, cuts_name: str) -> None:
    kb = build_kb(club_name, cuts_name)
    labels = check_mermaid(MERMAID_FORMAT.render_bytes(Report(kb)).decode())
    assert unlabel(labels["subgraph"][0]) == clean(club_name)
    assert clean(cuts_name) in [unlabel(n) for n in labels["node"]]


def test_the_checker_rejects_what_mermaid_would() -> None:
    good = MERMAID_FORMAT.render(Report(build_kb()))
    assert isinstance(good, str)
    for broken in (
        good.replace("#quot;", '"', 1),
        good.replace("flowchart LR", "flowchart"),
        good.replace("  end\n", "", 1),
        good.replace(" --> ", " -> ", 1),
        good.replace("linkStyle 0 ", "linkStyle 9 ", 1),
    ):
        assert broken != good
        with pytest.raises(AssertionError):
            check_mermaid(broken)


def test_mermaid_carries_the_styles(kb: KnowledgeBase) -> None:
    text = MERMAID_FORMAT.render_bytes(Report(kb)).decode()
    assert "  c2 -.-> c3" in text  # cuts -> mood, low confidence
    assert "  linkStyle 1 stroke:#2166ac,stroke-width:2.5px,stroke-dasharray:6 4" in text
    assert "  linkStyle 0 stroke:#b2182b,stroke-width:3.25px" in text


# -- registration, determinism, failures ----------------------------------------------


def test_the_formats_are_registered() -> None:
    formats = load_formats(strict=True, host=plugin_host({PLUGIN: multilat_graph}))
    assert sorted(formats) == ["dot", "json", "mermaid", "text"]
    assert (formats["dot"].media_type, formats["dot"].suffix) == ("text/vnd.graphviz", ".dot")
    assert formats["mermaid"].suffix == ".mmd"
    assert formats["dot"].documents == formats["mermaid"].documents == frozenset(Document)


def test_multilat_plugins_lists_them(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(multilat.plugins, "_default_host", plugin_host({PLUGIN: multilat_graph}))
    assert main(["plugins"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[out.index(PLUGIN) + 2] == "  contributes: formats: dot, mermaid"


def test_same_bytes_twice_and_in_any_plugin_order(kb: KnowledgeBase) -> None:
    import multilat_csv

    one = load_formats(host=plugin_host({PLUGIN: multilat_graph, "csv": multilat_csv}))
    other = load_formats(host=plugin_host({"csv": multilat_csv, PLUGIN: multilat_graph}))
    for report in reports(kb).values():
        for name in ("dot", "mermaid"):
            first = one[name].render_bytes(report)
            assert first == one[name].render_bytes(report) == other[name].render_bytes(report)


def test_a_failing_render_is_named_and_writes_nothing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    def broken(report: Report) -> None:
        raise ValueError("no layout")

    monkeypatch.setattr(multilat_graph.dot, "build", broken)
    monkeypatch.setattr(multilat.plugins, "_default_host", plugin_host({PLUGIN: multilat_graph}))
    assert_render_fails(
        ["report", "--format", "dot", "-o", str(tmp_path / "map.dot")],
        "multilat: error: format 'dot' failed: ValueError: no layout\n",
        out=tmp_path,
        capsys=capsys,
    )
