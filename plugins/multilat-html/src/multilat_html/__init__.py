"""An HTML output format for multilat: ``--format html``.

One self-contained page (inline CSS, inline SVG, no scripts, nothing
fetched), in English or Dutch, rendered by Jinja2 with autoescaping: the
knowledge base (``multilat report --format html``) or an assessment with a
heatmap of its outcomes (``multilat assess --format html``). Registered
under the entry point ``html`` of the group ``multilat``.
"""

from __future__ import annotations

from multilat.formats import Document, Format, Report
from multilat.hookspecs import hookimpl
from multilat_html.text import link_target, printable

__all__ = ["HTML_FORMAT", "link_target", "multilat_formats", "printable", "render"]

def render(report: Report) -> str:
    """``report`` as one self-contained HTML page.

    Jinja2 and the templates load on the first page rendered: every command
    loads this plugin to list its format, few of them render a page.
    """
    from multilat_html.rendering import render as render_page

    return render_page(report)


#: The html format.
HTML_FORMAT = Format(
    name="html",
    media_type="text/html; charset=utf-8",
    suffix=".html",
    render=render,
    documents={Document.KNOWLEDGE, Document.ASSESSMENT, Document.ENSEMBLE},
    description=(
        "One self-contained HTML page (English or Dutch): the knowledge base, or an"
        " assessment with an SVG heatmap of its outcomes linked to their evidence."
    ),
)


@hookimpl
def multilat_formats() -> list[Format]:
    """The html format."""
    return [HTML_FORMAT]
