"""Bibliography formats for multilat: ``--format csl-json`` and ``--format bibtex``.

Both list the note and every work its footnotes cite, one entry per work
(a footnote citing two works gives two entries; a work cited in two
footnotes, one), keyed by the source's id, so keys are stable and unique.
Registered under the entry point ``bib`` of the group ``multilat``.
"""

from __future__ import annotations

from multilat.formats import Document, Format
from multilat.hookspecs import hookimpl
from multilat_bib import bibtex, csl
from multilat_bib.bibtex import escape
from multilat_bib.works import Work, works

__all__ = ["BIBTEX_FORMAT", "CSL_JSON_FORMAT", "Work", "escape", "multilat_formats", "works"]

#: CSL-JSON, the citation data of Zotero, pandoc and citeproc.
CSL_JSON_FORMAT = Format(
    name="csl-json",
    media_type="application/vnd.citationstyles.csl+json",
    suffix=".csl.json",
    render=csl.render,
    documents={Document.KNOWLEDGE},
    description="The note and every work its footnotes cite, as CSL-JSON items.",
)

#: BibTeX, for LaTeX with BibTeX or biblatex.
BIBTEX_FORMAT = Format(
    name="bibtex",
    media_type="application/x-bibtex; charset=utf-8",
    suffix=".bib",
    render=bibtex.render,
    documents={Document.KNOWLEDGE},
    description="The note and every work its footnotes cite, as BibTeX entries (LaTeX-escaped).",
)


@hookimpl
def multilat_formats() -> list[Format]:
    """The csl-json and bibtex formats."""
    return [BIBTEX_FORMAT, CSL_JSON_FORMAT]
