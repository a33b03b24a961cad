"""BibTeX: the works as ``@article`` and ``@misc`` entries, LaTeX-escaped."""

from __future__ import annotations

import re
from typing import Final

from multilat.formats import Report
from multilat.model import SourceKind
from multilat_bib.works import Work, cited_in, clean, dated, parse_date, works

__all__ = ["escape", "render"]

# The ten characters LaTeX gives a meaning, and the ASCII characters that the
# default (OT1) font encoding prints as something else ("<" as "¡", "|" as an
# em dash, "`" as an opening quote).
_SPECIAL: Final = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    "`": r"\textasciigrave{}",
}
_SPECIALS: Final = re.compile("|".join(re.escape(c) for c in _SPECIAL))
# TeX joins "--" into a dash and "''" into a closing double quote: an empty
# group between the two keeps each character as itself.
_LIGATURE: Final = re.compile(r"(?<=-)(?=-)|(?<=')(?=')")

_ENTRY_TYPES: Final = {
    SourceKind.ARTICLE: "article",
    SourceKind.NEWS: "article",
}
# BibTeX's own month macros, written bare so that styles print the month's name.
_MONTHS: Final = ("jan", "feb", "mar", "apr", "may", "jun",
                  "jul", "aug", "sep", "oct", "nov", "dec")


def escape(text: str) -> str:
    """``text`` as LaTeX that typesets as ``text``, for a BibTeX field in braces.

    Control characters are dropped and white space is folded
    (:func:`~multilat_bib.works.clean`); every LaTeX special character becomes
    its text command, and ligatures are broken, so braces always balance and
    nothing in the text can run as a command. Non-ASCII letters stay as
    UTF-8, which BibTeX 0.99d, Biber and LaTeX read.
    """
    escaped = _SPECIALS.sub(lambda m: _SPECIAL[m.group()], clean(text))
    return _LIGATURE.sub("{}", escaped)


def _url(url: str) -> str:
    # A url field is verbatim (hyperref and biblatex read it as is), so it is
    # not LaTeX-escaped; what cannot stand in a URL, or would unbalance the
    # braces, is percent-encoded as a browser would.
    return re.sub(r"[\\{}\s]", lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), url)


def _field(name: str, value: str) -> str:
    return f"  {name} = {{{value}}},"


def _entry(work: Work, lang: str) -> str:
    source = work.source
    kind = _ENTRY_TYPES.get(source.kind, "misc")
    lines = [f"@{kind}{{{work.key},"]
    if source.authors:
        # Names stay whole, as the note gives them: braces keep BibTeX from
        # splitting an organisation ("Ministerie van Buitenlandse Zaken") into
        # first and last names, which the data cannot tell apart from a person.
        lines.append(_field("author", " and ".join(f"{{{escape(a)}}}" for a in source.authors)))
    # Double braces keep a style from changing the case of a title in Dutch or French.
    lines.append(_field("title", f"{{{escape(source.title)}}}"))
    if source.venue is not None:
        venue = "journal" if kind == "article" else "howpublished"
        lines.append(_field(venue, escape(source.venue)))
    notes = []
    if source.date is not None:
        date = parse_date(source.date)
        if date.parts:
            lines.append(_field("year", str(date.parts[0])))
        if date.exact and len(date.parts) >= 2:
            lines.append(f"  month = {_MONTHS[date.parts[1] - 1]},")
        if date.exact:
            lines.append(_field("date", "-".join(f"{p:02d}" for p in date.parts)))
        else:
            notes.append(dated(date.text, lang))
    if source.url is not None:
        lines.append(_field("url", _url(source.url)))
    cited = cited_in(work.footnotes, lang)
    if cited is not None:
        notes.append(cited)
    if notes:
        lines.append(_field("note", escape(" ".join(notes))))
    lines.append(_field("keywords", escape(source.kind.value)))
    lines.append("}")
    return "\n".join(lines)


def render(report: Report) -> str:
    """The note and every work its footnotes cite, one entry each, in key order."""
    return "\n\n".join(_entry(w, report.lang) for w in works(report.knowledge)) + "\n"
