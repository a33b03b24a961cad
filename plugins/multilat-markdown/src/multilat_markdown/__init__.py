"""A Markdown output format for multilat: ``multilat report --format markdown``.

Renders the whole knowledge base as a readable document, or an assessment
(``multilat assess --format markdown``), in English or Dutch. Registered
under the entry point ``markdown`` of the group ``multilat``.
"""

from __future__ import annotations

from multilat.formats import Document, Format
from multilat.hookspecs import hookimpl
from multilat_markdown.escaping import escape, link
from multilat_markdown.render import render

__all__ = ["MARKDOWN_FORMAT", "escape", "link", "multilat_formats", "render"]

#: The markdown format.
MARKDOWN_FORMAT = Format(
    name="markdown",
    media_type="text/markdown",
    suffix=".md",
    render=render,
    documents={Document.KNOWLEDGE, Document.ASSESSMENT, Document.ENSEMBLE},
    description=(
        "The knowledge base, or an assessment, as a readable Markdown document"
        " (English or Dutch), every quote with its source."
    ),
)


@hookimpl
def multilat_formats() -> list[Format]:
    """The markdown format."""
    return [MARKDOWN_FORMAT]
