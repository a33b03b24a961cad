"""Graphviz DOT: ``dot -Tsvg map.dot > map.svg``."""

from __future__ import annotations

from multilat.formats import Report
from multilat_graph.graph import Edge, Graph, Node, build, clean

__all__ = ["quote", "render"]

_FONT = "Helvetica"


def quote(text: str) -> str:
    r"""``text`` as a DOT double-quoted string that Graphviz draws as ``text``.

    Backslashes are doubled (Graphviz reads ``\N``, ``\l`` and the like
    in labels as escapes), quotes escaped and ampersands written ``&amp;``
    (Graphviz reads ``&#1;`` or ``&#;`` as a character reference, and writes
    the first into SVG as a character XML forbids); each line break becomes
    ``\n``, a centred line break. Text goes through
    :func:`~multilat_graph.graph.clean` first. Anything else, ``<b>``
    included, is literal inside quotes.
    """
    lines = clean(text).split("\n")
    escaped = [
        line.replace("&", "&amp;").replace("\\", "\\\\").replace('"', '\\"') for line in lines
    ]
    return '"' + "\\n".join(escaped) + '"'


def _node(node: Node, indent: str) -> str:
    shape = "ellipse" if node.is_trend else "box"
    return (
        f"{indent}{quote(node.key)} [label={quote(node.label)}, shape={shape},"
        f' fillcolor="{node.fill}", fontcolor="{node.ink}"];'
    )


def _edge(edge: Edge) -> str:
    style = "dashed" if edge.dashed else "solid"
    return (
        f"  {quote(edge.source)} -> {quote(edge.target)} [id={quote(edge.influence)},"
        f' color="{edge.colour}", penwidth={edge.width:g}, style={style},'
        f" tooltip={quote(edge.tooltip)}];"
    )


def write(graph: Graph) -> str:
    """The DOT text of ``graph``."""
    lines = [
        "digraph multilat {",
        f"  graph [label={quote(graph.title)}, labelloc=t, rankdir=LR,"
        f' fontname="{_FONT}", charset="UTF-8"];',
        f'  node [style="rounded,filled", fontname="{_FONT}"];',
        f'  edge [fontname="{_FONT}", arrowsize=0.7];',
    ]
    lines += [_node(n, "  ") for n in graph.nodes if n.cluster is None]
    for number, cluster in enumerate(graph.clusters):
        lines.append(f"  subgraph cluster_{number} {{")
        lines.append(f'    label={quote(cluster.label)}; style="rounded"; color="#888888";')
        lines += [_node(n, "    ") for n in graph.nodes if n.cluster == cluster.key]
        lines.append("  }")
    lines += [_edge(e) for e in graph.edges]
    lines.append("}")
    return "\n".join(lines) + "\n"


def render(report: Report) -> str:
    """The report's influence map, or its assessment on the map, as DOT."""
    return write(build(report))
