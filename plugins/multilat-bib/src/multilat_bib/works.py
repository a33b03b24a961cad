"""Which works a bibliography lists, and what it can say of their dates."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence

from attrs import frozen

from multilat.knowledge import KnowledgeBase
from multilat.model import Source

__all__ = ["Date", "Work", "cited_in", "clean", "dated", "parse_date", "works"]


@frozen
class Work:
    """A source the bibliography lists, with the footnotes that cite it."""

    source: Source
    #: Numbers of the footnotes citing it, ascending; empty for the note itself.
    footnotes: tuple[int, ...]

    @property
    def key(self) -> str:
        """The entry's key: the source's id, stable and unique in a knowledge base."""
        return self.source.id


def works(kb: KnowledgeBase) -> tuple[Work, ...]:
    """The note and every work its footnotes cite, in id order.

    "The note" is a source whose sections the knowledge base indexes (its
    citations point into it); a work is a source with at least one footnote.
    A footnote that cites two works puts both in; sources that only back an
    outside fact (references) are left out.
    """
    return tuple(
        Work(source, tuple(sorted(f.number for f in source.footnotes)))
        for source in kb.sources
        if source.sections or source.footnotes
    )


def clean(text: str) -> str:
    """``text`` with control characters dropped and white space folded to single spaces.

    A bibliography field is one line of text: a line break or tab means
    nothing there (and a blank line would end a LaTeX paragraph inside a
    field), and other control characters cannot be typeset at all.
    """
    kept = "".join(
        ch for ch in text if ch.isspace() or unicodedata.category(ch) != "Cc"
    )
    return " ".join(kept.split())


_MONTHS = {
    name: number
    for names in (
        # English, Dutch and French: the languages the note's footnotes date in.
        "january february march april may june july august september october november december",
        "januari februari maart april mei juni juli augustus september oktober november december",
        "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    )
    for number, name in enumerate(names.split(), start=1)
}
_WEEKDAYS = frozenset({
    *("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    *("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
})
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


@frozen
class Date:
    """A source's date as far as its text says."""

    #: Year, then month and day where the text gives them; empty without a year.
    parts: tuple[int, ...]
    #: The text as the source gives it.
    text: str
    #: Whether the whole text was understood, not only a year picked out of it.
    exact: bool


def _real(parts: Sequence[int]) -> bool:
    try:
        dt.date(*parts, *[1] * (3 - len(parts)))
    except ValueError:  # "31 februari 2020", or year 0000
        return False
    return True


def parse_date(text: str) -> Date:
    """Read ``"9 juni 2020"``, ``"dinsdag 2 juni 2020"``, ``"May 2020"`` or ``"2020"``.

    What does not have that shape (``"January/February 2019"``) keeps only
    its year, if it names exactly one, and says the text was not all
    understood; a text without a year gives no parts.
    """
    tokens = text.lower().replace(",", " ").split()
    parts: list[int] = []
    if tokens and re.fullmatch(r"\d{4}", tokens[-1]):
        parts.append(int(tokens.pop()))
        if tokens and tokens[-1] in _MONTHS:
            parts.append(_MONTHS[tokens.pop()])
            if tokens and re.fullmatch(r"\d{1,2}", tokens[-1]) and 1 <= int(tokens[-1]) <= 31:
                parts.append(int(tokens.pop()))
        if tokens and tokens[-1] in _WEEKDAYS and len(parts) == 3:
            tokens.pop()
        if not tokens and _real(parts):
            return Date(tuple(parts), text, exact=True)
    years = _YEAR.findall(text)
    found = (int(years[0]),) if len(set(years)) == 1 else ()
    return Date(found, text, exact=False)


def cited_in(footnotes: Sequence[int], lang: str) -> str | None:
    """``"Cited in footnotes 2 and 10."`` in ``lang``, or ``None`` without footnotes."""
    if not footnotes:
        return None
    numbers = [str(n) for n in footnotes]
    joined = numbers[0] if len(numbers) == 1 else f"{', '.join(numbers[:-1])} & {numbers[-1]}"
    if lang == "nl":
        noun = "voetnoot" if len(numbers) == 1 else "voetnoten"
        return f"Geciteerd in {noun} {joined.replace('&', 'en')}."
    noun = "footnote" if len(numbers) == 1 else "footnotes"
    return f"Cited in {noun} {joined.replace('&', 'and')}."


def dated(text: str, lang: str) -> str:
    """A note on a date given in a shape :func:`parse_date` does not read."""
    return f"Gedateerd \u201c{text}\u201d." if lang == "nl" else f"Dated \u201c{text}\u201d."
