"""The influence map as a neutral graph, which :mod:`.dot` and :mod:`.mermaid` write out.

Nodes are the concepts of the cognitive map: trends, and the (target,
dimension) pairs of institutions and regimes, grouped in one cluster per
target. Edges are influences. How each looks is decided here, once, so that
both formats draw the same picture: an edge's colour is its sign, its width
the size of its weight, dashed when the note's confidence is low; with an
assessment, a node's fill is its level.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Final

from attrs import frozen

from multilat.formats import Report
from multilat.model import Confidence, Dimension, Influence

__all__ = [
    "NEGATIVE",
    "POSITIVE",
    "Cluster",
    "Edge",
    "Graph",
    "Node",
    "build",
    "clean",
    "fill_for",
]

#: Colour of a harmful (negative) influence, and of the harm end of the level scale.
NEGATIVE: Final = "#b2182b"
#: Colour of a strengthening (positive) influence, and of its end of the scale.
POSITIVE: Final = "#2166ac"
#: Fill of a node at level 0, and of every node without a level.
NEUTRAL: Final = "#f7f7f7"

_DIMENSIONS_NL: Final = {
    Dimension.EFFECTIVENESS: "effectiviteit",
    Dimension.COHESION: "cohesie",
    Dimension.DECISION_MAKING: "besluitvorming",
    Dimension.LEGITIMACY: "legitimiteit",
    Dimension.RESOURCES: "middelen",
    Dimension.OPERATIONAL_READINESS: "operationele gereedheid",
}
_WORDS: Final = {
    "en": {
        "term": "term",
        "short": "short",
        "long": "long",
        "baseline": "baseline (July 2020)",
        "scenario": "scenario",
        "assessment": "Assessment",
        "map": "Influence map",
    },
    "nl": {
        "term": "termijn",
        "short": "korte",
        "long": "lange",
        "baseline": "basislijn (juli 2020)",
        "scenario": "scenario",
        "assessment": "Beoordeling",
        "map": "Invloedskaart",
    },
}


def clean(text: str) -> str:
    """``text`` as label lines: runs of spaces folded, blank lines and control characters dropped.

    Line breaks are kept (each format writes them its own way); a label has
    no use for a tab, a run of spaces or an empty line, and control
    characters and Unicode noncharacters (U+FFFE, U+FDD0, …) cannot be drawn
    (nor stand in the SVG that Graphviz writes).
    """
    lines = []
    for line in text.splitlines():
        kept = "".join(ch for ch in line if _drawable(ch))
        folded = " ".join(kept.split())
        if folded:
            lines.append(folded)
    return "\n".join(lines)


def _drawable(char: str) -> bool:
    code = ord(char)
    noncharacter = 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE
    return not noncharacter and unicodedata.category(char) not in ("Cc", "Cs")


@frozen
class Node:
    """A concept: a trend or a (target, dimension) outcome."""

    #: The concept's key: the trend's id, or ``target.dimension``.
    key: str
    label: str
    #: The target's id for an outcome; ``None`` for a trend.
    cluster: str | None
    #: Fill colour, ``#rrggbb``.
    fill: str = NEUTRAL
    #: Text colour that reads on :attr:`fill`.
    ink: str = "#000000"

    @property
    def is_trend(self) -> bool:
        """Whether the node is a trend (drawn rounder than an outcome)."""
        return self.cluster is None


@frozen
class Cluster:
    """An institution or regime: the box around its dimensions."""

    key: str
    label: str


@frozen
class Edge:
    """An influence from a trend to a concept."""

    source: str
    target: str
    #: The influence's id, and a line on it, for tooltips.
    influence: str
    tooltip: str
    colour: str
    #: Line width in points: 1 for the weakest weight, 4 for the strongest.
    width: float
    dashed: bool


@frozen
class Graph:
    """What both formats draw, in a fixed order."""

    title: str
    nodes: tuple[Node, ...]
    clusters: tuple[Cluster, ...]
    edges: tuple[Edge, ...]


def _mix(colour: str, share: float) -> str:
    # Linear blend from NEUTRAL towards ``colour``; channel by channel, rounded.
    start = [int(NEUTRAL[i : i + 2], 16) for i in (1, 3, 5)]
    end = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = (round(a + (b - a) * share) for a, b in zip(start, end, strict=True))
    return "#" + "".join(f"{channel:02x}" for channel in mixed)


def fill_for(level: float) -> tuple[str, str]:
    """Fill and text colour of a node at ``level`` in [-1, 1]: red harm, blue gain.

    The level is rounded to two decimals first, so that the last bits of a
    float never change a colour.
    """
    share = min(abs(round(level, 2)), 1.0)
    fill = _mix(NEGATIVE if level < 0 else POSITIVE, share)
    return fill, "#ffffff" if share > 0.6 else "#000000"


def _signed(value: float) -> str:
    text = f"{value:+.2f}"
    return "+0.00" if text == "-0.00" else text


def _edge(influence: Influence, lang: str) -> Edge:
    effect = influence.effect
    if influence.dimension is not None:
        effect = f"{effect}.{influence.dimension.value}"
    tooltip = (
        f"{influence.id}: {_signed(influence.weight)} {influence.strength},"
        f" {influence.horizon.value}, {influence.confidence.value} —"
        f" {influence.mechanism.in_language(lang)}"
    )
    return Edge(
        source=influence.cause,
        target=effect,
        influence=influence.id,
        tooltip=clean(tooltip),
        colour=NEGATIVE if influence.weight < 0 else POSITIVE,
        width=round(1 + 3 * abs(influence.weight), 2),
        dashed=influence.confidence is Confidence.LOW,
    )


def _reaching(edges: Iterable[Edge], ends: set[str]) -> set[str]:
    """Every concept from which a chain of ``edges`` leads into ``ends``."""
    into: dict[str, set[str]] = {}
    for edge in edges:
        into.setdefault(edge.target, set()).add(edge.source)
    seen, todo = set(ends), list(ends)
    while todo:
        for source in into.get(todo.pop(), ()):
            if source not in seen:
                seen.add(source)
                todo.append(source)
    return seen


def build(report: Report) -> Graph:
    """The graph of a report: the whole map, or the map of its assessment.

    Without an assessment every influence is an edge (both horizons). With
    one, the influences of its horizon that lead into its outcomes; every
    node shows its level (a trend's: how strongly it acts), outcomes are
    filled by theirs (:func:`fill_for`) and, with an ensemble, show the
    5–95 % interval under it.
    """
    kb, lang = report.knowledge, report.lang
    words = _WORDS[lang]
    assessment = report.assessment
    influences = kb.influences
    levels: dict[str, float] = {}
    intervals: dict[str, tuple[float, float]] = {}
    if assessment is not None:
        influences = tuple(i for i in influences if i.horizon is assessment.horizon)
        levels = {o.key: o.level for o in assessment.outcomes}
        levels.update(assessment.trend_levels)
    if report.ensemble is not None:
        intervals = {
            o.key: (o.quantile(0.05), o.quantile(0.95)) for o in report.ensemble.outcomes
        }
    edges = [_edge(i, lang) for i in influences]
    if assessment is not None:
        keep = _reaching(edges, {o.key for o in assessment.outcomes})
        edges = [e for e in edges if e.target in keep]
    edges.sort(key=lambda e: (e.source, e.target, e.influence))

    concepts = sorted({e.source for e in edges} | {e.target for e in edges})
    if assessment is not None:
        concepts = sorted(set(concepts) | {o.key for o in assessment.outcomes})
    nodes, clusters = [], {}
    for key in concepts:
        target, _, dimension = key.partition(".")
        if dimension:
            owner = kb[target]
            name = owner.name.in_language(lang)
            clusters[target] = Cluster(target, clean(name) or target)
            text = dimension if lang == "en" else _DIMENSIONS_NL[Dimension(dimension)]
            cluster: str | None = target
        else:
            text = kb[key].name.in_language(lang)
            cluster = None
        if key in levels:
            text += f"\n{_signed(levels[key])}"
        if key in intervals:
            low, high = intervals[key]
            text += f"\n5–95 %: [{_signed(low)}, {_signed(high)}]"
        # Only an outcome's level is harm or gain; a trend's is how strongly it acts.
        fill, ink = (NEUTRAL, "#000000")
        if cluster is not None and key in levels:
            fill, ink = fill_for(levels[key])
        nodes.append(Node(key, clean(text) or key, cluster, fill, ink))

    if assessment is None:
        title = words["map"]
    else:
        what = words["baseline"]
        if assessment.scenario is not None:
            scenario = assessment.scenario
            what = f"{words['scenario']} {scenario.id}: {scenario.name.in_language(lang)}"
        horizon = f"{words[assessment.horizon.value]} {words['term']}"
        title = f"{words['assessment']}, {horizon}, {what}"
    return Graph(
        title=clean(title),
        nodes=tuple(nodes),
        clusters=tuple(sorted(clusters.values(), key=lambda c: c.key)),
        edges=tuple(edges),
    )
