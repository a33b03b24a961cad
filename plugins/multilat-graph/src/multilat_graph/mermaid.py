"""Mermaid flowcharts: paste into Markdown on GitHub or GitLab, or ``mmdc -i map.mmd``."""

from __future__ import annotations

import re
from typing import Final

from multilat.formats import Report
from multilat_graph.graph import Graph, Node, build, clean

__all__ = ["label", "render", "unlabel"]

# Mermaid's own entity codes: the characters that end a quoted label ("),
# start an entity (#), open HTML (<, >, &: labels are drawn as HTML) or a
# Markdown string (`).
_ENTITIES: Final = {'"': "#quot;", "#": "#35;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "`": "#96;"}
_SPECIAL: Final = re.compile("[" + re.escape("".join(_ENTITIES)) + "]")
_BACK: Final = {v: k for k, v in _ENTITIES.items()}
_CODE: Final = re.compile("|".join(re.escape(code) for code in [*_BACK, "<br>"]))


def label(text: str) -> str:
    """``text`` as the inside of a quoted Mermaid label, drawn as ``text``.

    Text goes through :func:`~multilat_graph.graph.clean`; special
    characters become entity codes and line breaks ``<br>``.
    """
    lines = clean(text).split("\n")
    return "<br>".join(_SPECIAL.sub(lambda m: _ENTITIES[m.group()], line) for line in lines)


def unlabel(code: str) -> str:
    """The text a label written by :func:`label` shows (its inverse)."""
    return _CODE.sub(lambda m: _BACK.get(m.group(), "\n"), code)


def _ids(graph: Graph) -> dict[str, str]:
    # Mermaid ids allow no dots and mean keywords ("end"): number the concepts instead.
    return {node.key: f"c{number}" for number, node in enumerate(graph.nodes)}


def _node(node: Node, ids: dict[str, str], indent: str) -> list[str]:
    text = f'"{label(node.label)}"'
    shape = f"([{text}])" if node.is_trend else f"[{text}]"
    return [
        f"{indent}{ids[node.key]}{shape}",
        f"{indent}style {ids[node.key]} fill:{node.fill},color:{node.ink}",
    ]


def write(graph: Graph) -> str:
    """The Mermaid flowchart of ``graph``."""
    ids = _ids(graph)
    lines = ["---", f'title: "{label(graph.title)}"', "---", "flowchart LR"]
    for node in graph.nodes:
        if node.cluster is None:
            lines += _node(node, ids, "  ")
    for number, cluster in enumerate(graph.clusters):
        lines.append(f'  subgraph s{number}["{label(cluster.label)}"]')
        for node in graph.nodes:
            if node.cluster == cluster.key:
                lines += _node(node, ids, "    ")
        lines.append("  end")
    for edge in graph.edges:
        arrow = "-.->" if edge.dashed else "-->"
        lines.append(f"  {ids[edge.source]} {arrow} {ids[edge.target]}")
    for number, edge in enumerate(graph.edges):
        dashes = ",stroke-dasharray:6 4" if edge.dashed else ""
        lines.append(
            f"  linkStyle {number} stroke:{edge.colour},stroke-width:{edge.width:g}px{dashes}"
        )
    return "\n".join(lines) + "\n"


def render(report: Report) -> str:
    """The report's influence map, or its assessment on the map, as a Mermaid flowchart."""
    return write(build(report))
