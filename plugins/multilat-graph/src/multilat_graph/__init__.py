"""Graph formats for multilat: ``--format dot`` (Graphviz) and ``--format mermaid``.

Both draw the influence map: trends, and each institution or regime as a
cluster of the dimensions the note says trends move; one edge per
influence, coloured by sign (red harms, blue strengthens), as wide as the
weight is large, dashed where the note's confidence is low. For an
assessment (``multilat assess --format dot``) the map of its horizon, with
every node filled by its level and, with ``--ensemble N``, the 5–95 %
interval under it. Registered under the entry point ``graph`` of the group
``multilat``.
"""

from __future__ import annotations

from multilat.formats import Document, Format
from multilat.hookspecs import hookimpl
from multilat_graph import dot, mermaid
from multilat_graph.graph import Graph, build

__all__ = ["DOT_FORMAT", "MERMAID_FORMAT", "Graph", "build", "multilat_formats"]

_EVERYTHING = {Document.KNOWLEDGE, Document.ASSESSMENT, Document.ENSEMBLE}

#: Graphviz DOT.
DOT_FORMAT = Format(
    name="dot",
    media_type="text/vnd.graphviz",
    suffix=".dot",
    render=dot.render,
    documents=_EVERYTHING,
    description="The influence map, or an assessment on it, as Graphviz DOT (dot -Tsvg).",
)

#: A Mermaid flowchart.
MERMAID_FORMAT = Format(
    name="mermaid",
    media_type="text/vnd.mermaid",
    suffix=".mmd",
    render=mermaid.render,
    documents=_EVERYTHING,
    description="The influence map, or an assessment on it, as a Mermaid flowchart.",
)


@hookimpl
def multilat_formats() -> list[Format]:
    """The dot and mermaid formats."""
    return [DOT_FORMAT, MERMAID_FORMAT]
