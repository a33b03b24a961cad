"""CSL-JSON: the works as citation items for Zotero, pandoc and citeproc."""

from __future__ import annotations

import json
from typing import Any, Final

from multilat.formats import Report
from multilat.model import SourceKind
from multilat_bib.works import Work, cited_in, clean, dated, parse_date, works

__all__ = ["item", "render"]

_TYPES: Final = {
    SourceKind.NOTE: "report",
    SourceKind.REPORT: "report",
    SourceKind.ARTICLE: "article-journal",
    SourceKind.COMMENTARY: "article",
    SourceKind.NEWS: "article-newspaper",
    SourceKind.OFFICIAL_DOCUMENT: "document",
    SourceKind.LEGAL_TEXT: "legislation",
    SourceKind.DECLARATION: "document",
    SourceKind.REFERENCE: "webpage",
}
# Where a work's venue goes: the series of a report, the journal or site of an
# article, the issuing body of a document.
_VENUE: Final = {
    "report": "collection-title",
    "article-journal": "container-title",
    "article": "container-title",
    "article-newspaper": "container-title",
    "webpage": "container-title",
}


def item(work: Work, lang: str = "en") -> dict[str, Any]:
    """One CSL-JSON item for ``work``: ``id`` is its key, ``type`` from its kind."""
    source = work.source
    kind = _TYPES[source.kind]
    data: dict[str, Any] = {"id": work.key, "type": kind, "title": clean(source.title)}
    if source.authors:
        # Names as the note gives them: a literal, since the data cannot tell
        # an organisation from a person whose name could be split.
        data["author"] = [{"literal": clean(a)} for a in source.authors]
    if source.venue is not None:
        data[_VENUE.get(kind, "publisher")] = clean(source.venue)
    notes = []
    if source.date is not None:
        date = parse_date(source.date)
        if date.exact:
            data["issued"] = {"date-parts": [list(date.parts)]}
        else:
            # The year where there is one, for sorting; the text as given, for reading.
            data["issued"] = {"raw": clean(date.text)}
            if date.parts:
                data["issued"]["date-parts"] = [list(date.parts)]
            notes.append(dated(clean(date.text), lang))
    if source.url is not None:
        data["URL"] = source.url
    cited = cited_in(work.footnotes, lang)
    if cited is not None:
        notes.append(cited)
    if notes:
        data["note"] = " ".join(notes)
    return data


def render(report: Report) -> str:
    """A JSON array of the items, in key order, keys sorted, two-space indent."""
    items = [item(w, report.lang) for w in works(report.knowledge)]
    return json.dumps(items, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
