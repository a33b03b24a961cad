r"""The note's own text, and checks of content against it.

The note reaches us as a PDF converted to markdown-ish text: page breaks cut
paragraphs, and each page's footnotes sit between the two halves, written as
``<sup>1</sup> Zie ...``, ``- 2 De impact ...`` or ``6 Paul Taylor ...``.
:meth:`NoteText.from_markdown` separates the running text from the footnotes
and normalises both the way citations quote them: markup dropped (emphasis,
links, footnote markers, headings, rules), white space folded::

    >>> note = NoteText.from_markdown(
    ...     "Het bestel is *onder druk*.<sup>1</sup> De druk\n\n"
    ...     "<sup>1</sup> Zie [Dekker](#), 2019.\n\n"
    ...     "neemt toe.\n"
    ... )
    >>> note.body
    'Het bestel is onder druk. De druk neemt toe.'
    >>> note.footnotes[1]
    'Zie Dekker, 2019.'

Paragraphs are found through a :class:`~multilat.model.Section`'s
``incipits`` (see :meth:`NoteText.paragraph`), and :func:`verify` checks that
every citation of the note quotes it verbatim at the place it names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType

from attrs import field, frozen

from multilat.errors import Problem
from multilat.model import Fragment, Source, fold_whitespace, iter_citations

__all__ = [
    "NoteText",
    "Paragraph",
    "looks_like",
    "verify",
]

_MARKER = re.compile(r"<sup>\s*(\d+)\s*</sup>")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
# Every unescaped asterisk is emphasis; a literal one would be written \*.
_EMPHASIS = re.compile(r"(?<!\\)\*+")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_HEADING = re.compile(r"#{1,6}(?:\s|$)")
_RULE = re.compile(r"(?:-{3,}|\*{3,}|_{3,})")
_LONE_MARKER = re.compile(r"(?:[-+*]|\d{1,9}[.)])")
_BULLET = re.compile(r"[-+*]\s+")
_LIST_MARKER = re.compile(r"(?:[-+*]|\d{1,9}[.)])\s+")


def _frozen(mapping: Mapping[int, str]) -> Mapping[int, str]:
    return MappingProxyType(dict(mapping))


def _clean(text: str) -> str:
    """Drop links, emphasis and backslash escapes; markers stay for the caller."""
    return _ESCAPE.sub(r"\1", _EMPHASIS.sub("", _LINK.sub(r"\1", text)))


def _strip(pattern: re.Pattern[str], line: str) -> str:
    """``line`` without any leading run of ``pattern`` (nested list markers)."""
    while match := pattern.match(line):
        line = line[match.end() :]
    return line


class _Body:
    """Folds the running text as it is built, keeping offsets of what it drops.

    Markers, headings and line starts are recorded at the offset they have in
    the folded text, which the paragraph look-ups need.
    """

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.space = False
        self.markers: list[tuple[int, int]] = []
        self.breaks: list[int] = []
        self.line_starts: list[int] = []
        self._line_start = True
        self._break = False

    def add(self, text: str) -> None:
        if text[:1].isspace():
            self.space = True
        words = fold_whitespace(text)
        if not words:
            return
        if self.space and self.length:
            self.parts.append(" ")
            self.length += 1
        if self._line_start:
            self.line_starts.append(self.length)
            self._line_start = False
        if self._break:
            self.breaks.append(self.length)
            self._break = False
        self.parts.append(words)
        self.length += len(words)
        self.space = text[-1].isspace()

    def mark(self, number: int) -> None:
        self.markers.append((self.length, number))

    def end_line(self) -> None:
        self.space = True
        self._line_start = True

    def heading(self) -> None:
        self.end_line()
        self._break = True


@frozen
class Paragraph:
    """One paragraph of the note, located through a section's incipits.

    :attr:`start` and :attr:`end` are offsets into :attr:`NoteText.body`.
    """

    #: Slug of the section.
    section: str
    #: 1-based number of the paragraph within its section.
    number: int
    #: Offset of the paragraph's first character in the body.
    start: int
    #: Offset just past its last character.
    end: int
    #: The paragraph's folded text.
    text: str
    #: Numbers of the footnote markers in the paragraph, in order.
    footnotes: tuple[int, ...]

    @property
    def label(self) -> str:
        """The paragraph as citations name it: ``nato¶3``."""
        return f"{self.section}¶{self.number}"


@frozen
class NoteText:
    """The note's running text and footnotes, normalised for quoting.

    Build one with :meth:`from_markdown` or :meth:`read`.
    """

    #: The running text, folded; footnotes that interrupt it are removed so
    #: that a sentence cut by a page break reads on.
    body: str
    #: Footnote number -> folded footnote text, without the number.
    footnotes: Mapping[int, str] = field(factory=dict, converter=_frozen, hash=False)
    #: ``(offset in body, footnote number)`` of every footnote marker.
    markers: tuple[tuple[int, int], ...] = ()
    #: Offsets in the body where a heading stood: no paragraph runs past one.
    breaks: tuple[int, ...] = ()
    #: Offsets in the body where a line of the text began.
    line_starts: tuple[int, ...] = ()

    @classmethod
    def from_markdown(cls, text: str) -> NoteText:
        """Parse the note's markdown-ish text.

        Footnotes are numbered 1, 2, 3, … in order. A line is footnote *n*
        when *n* is the next number expected, *n*'s marker has already
        appeared in the running text, and the line (after list markers such
        as ``-``) starts with *n* or ``<sup>n</sup>``, then white space and
        text. Footnotes sit at the foot of the page that carries their
        marker, so the last condition keeps running text that happens to
        start with a number out of the footnotes. A footnote runs to the next
        blank line.

        Rules (``---``), lone list markers and headings are dropped; so are
        list markers at the start of running-text lines.
        """
        body = _Body()
        notes: dict[int, list[str]] = {}
        seen: set[int] = set()
        current: int | None = None
        for raw in text.splitlines():
            line = raw.strip()
            if not line or _RULE.fullmatch(line) or _LONE_MARKER.fullmatch(line):
                current = None
                continue
            if _HEADING.match(line):
                current = None
                body.heading()
                continue
            expected = len(notes) + 1
            start = re.match(
                rf"(?:<sup>\s*{expected}\s*</sup>|{expected})\s+(?=\S)", _strip(_BULLET, line)
            )
            if start is not None and expected in seen:
                current = expected
                notes[current] = [_strip(_BULLET, line)[start.end() :]]
                continue
            if current is not None:
                notes[current].append(line)
                continue
            pieces = _MARKER.split(_clean(_strip(_LIST_MARKER, line)))
            # re.split alternates text and captured marker numbers.
            for index, piece in enumerate(pieces):
                if index % 2:
                    body.mark(int(piece))
                    seen.add(int(piece))
                else:
                    body.add(piece)
            body.end_line()
        footnotes = {
            number: fold_whitespace(_MARKER.sub("", _clean(" ".join(lines))))
            for number, lines in notes.items()
        }
        return cls(
            body="".join(body.parts),
            footnotes=footnotes,
            markers=tuple(body.markers),
            breaks=tuple(body.breaks),
            line_starts=tuple(body.line_starts),
        )

    @classmethod
    def read(cls, path: str | Path) -> NoteText:
        """Read and parse the note's text file (UTF-8).

        The file is read as a data file is (:func:`multilat.files.read_data`):
        a FIFO, a device or a file beyond the size limit raises
        :class:`~multilat.errors.DataError`.
        """
        from multilat.files import read_data

        text = read_data(path).decode("utf-8").removeprefix("\ufeff")
        return cls.from_markdown(text)

    def find(self, phrase: str, start: int = 0) -> int | None:
        """Offset of the first word-initial ``phrase`` at or after ``start``, or ``None``."""
        position = self.body.find(phrase, start)
        while position > 0 and not self.body[position - 1].isspace():
            position = self.body.find(phrase, position + 1)
        return None if position < 0 else position

    def incipit_offsets(self, source: Source) -> tuple[tuple[int | None, ...], ...]:
        """Where each incipit of ``source``'s sections is, per section.

        The incipits of all sections are looked for in order, each after the
        previous one found, so an incipit that recurs later in the note is
        still placed right; ``None`` marks one that is not found.
        """
        cursor = 0
        offsets: list[tuple[int | None, ...]] = []
        for section in source.sections:
            found: list[int | None] = []
            for incipit in section.incipits:
                position = self.find(incipit, cursor)
                if position is not None:
                    cursor = position + len(incipit)
                found.append(position)
            offsets.append(tuple(found))
        return tuple(offsets)

    def paragraphs(self, source: Source) -> tuple[Paragraph, ...]:
        """Every paragraph of ``source``'s sections whose incipit is found.

        Paragraph *k* runs from its incipit to the next incipit found (of
        its own section or the next section of ``source``), to the next
        heading, or to the end of the body, whichever comes first; so the
        sections must be listed in the order of the note.
        """
        starts = [
            (section.slug, number, position)
            for section, offsets in zip(source.sections, self.incipit_offsets(source), strict=True)
            for number, position in enumerate(offsets, start=1)
            if position is not None
        ]
        result: list[Paragraph] = []
        for index, (slug, number, start) in enumerate(starts):
            limits = [len(self.body)]
            if index + 1 < len(starts):
                limits.append(starts[index + 1][2])
            limits.extend(b for b in self.breaks if b > start)
            text = self.body[start : min(limits)].rstrip()
            end = start + len(text)
            markers = tuple(n for offset, n in self.markers if start <= offset <= end)
            result.append(Paragraph(slug, number, start, end, text, markers))
        return tuple(result)

    def paragraph(self, source: Source, section: str, number: int) -> Paragraph | None:
        """Paragraph ``number`` (1-based) of ``source``'s section ``section``.

        ``None`` if there is no such section or paragraph, or its incipit is
        not in the note. See :meth:`paragraphs` for where a paragraph ends.
        """
        return next(
            (p for p in self.paragraphs(source) if p.section == section and p.number == number),
            None,
        )


def _difference(ours: str, theirs: str) -> str:
    """Where two texts first differ, shown with a little context."""
    index = next(
        (i for i, (a, b) in enumerate(zip(ours, theirs, strict=False)) if a != b),
        min(len(ours), len(theirs)),
    )
    begin = max(0, index - 15)
    return (
        f"at character {index + 1}: {ours[begin : index + 25]!r} here,"
        f" {theirs[begin : index + 25]!r} in the note"
    )


def _check_incipits(note: NoteText, source: Source) -> Iterable[Problem]:
    line_starts = set(note.line_starts)
    offsets = note.incipit_offsets(source)
    for s, (section, found) in enumerate(zip(source.sections, offsets, strict=True)):
        for i, (incipit, position) in enumerate(zip(section.incipits, found, strict=True)):
            where = f"sections[{s}].incipits[{i}]"
            if position is None:
                message = (
                    "incipit is not in the note"
                    if note.find(incipit) is None
                    else "incipit is in the note but not after the previous incipit"
                )
                yield Problem(message, object_id=source.id, field=where)
                continue
            if note.find(incipit, position + 1) is not None:
                yield Problem(
                    "incipit occurs more than once in the note; make it longer",
                    object_id=source.id,
                    field=where,
                )
            if position not in line_starts:
                # A paragraph begins a line of the text; mid-line is mid-paragraph.
                yield Problem(
                    "incipit does not begin a paragraph of the note",
                    object_id=source.id,
                    field=where,
                )


def _check_footnotes(note: NoteText, cited: Source) -> Iterable[Problem]:
    for index, footnote in enumerate(cited.footnotes):
        where = f"footnotes[{index}].text"
        theirs = note.footnotes.get(footnote.number)
        if theirs is None:
            yield Problem(
                f"the note has no footnote {footnote.number}", object_id=cited.id, field=where
            )
        elif footnote.text != theirs:
            yield Problem(
                f"differs from the note's footnote {footnote.number} "
                + _difference(footnote.text, theirs),
                object_id=cited.id,
                field=where,
            )


def _check_citations(
    note: NoteText, source: Source, obj: object, paragraphs: Mapping[tuple[str, int], Paragraph]
) -> Iterable[Problem]:
    object_id = getattr(obj, "id", None)
    for path, citation in iter_citations(obj):
        if citation.source != source.id:
            continue
        section = source.section(citation.section)
        if section is None:
            yield Problem(
                f"{citation.section!r} is not a section of {source.id}",
                object_id=object_id,
                field=f"{path}.section",
            )
            continue
        paragraph = paragraphs.get((citation.section, citation.paragraph))
        if paragraph is None:
            message = (
                f"{section.slug} has {section.paragraphs} paragraphs, not {citation.paragraph}"
                if citation.paragraph > section.paragraphs
                else f"{section.slug}¶{citation.paragraph} cannot be located in the note"
            )
            yield Problem(message, object_id=object_id, field=f"{path}.paragraph")
            continue
        if citation.quote not in paragraph.text:
            if citation.quote in note.body:
                elsewhere = [p.label for p in paragraphs.values() if citation.quote in p.text]
                hint = f" (it is in {', '.join(elsewhere)})" if elsewhere else ""
                message = f"quote is in the note but not in {paragraph.label}{hint}"
            else:
                message = "quote is not in the note"
            yield Problem(message, object_id=object_id, field=f"{path}.quote")
        for index, number in enumerate(citation.footnotes):
            if number not in paragraph.footnotes:
                yield Problem(
                    f"footnote {number} has no marker in {paragraph.label}",
                    object_id=object_id,
                    field=f"{path}.footnotes[{index}]",
                )


def looks_like(note: NoteText, source: Source) -> bool:
    """Whether ``note`` may be ``source``'s text: some paragraph's opening words are in it.

    A source without sections has nothing to compare: any text may be its.
    """
    incipits = [i for section in source.sections for i in section.incipits]
    return not incipits or any(note.find(incipit) is not None for incipit in incipits)


def verify(objects: Fragment | Iterable[object], note: NoteText, source: Source) -> list[Problem]:
    """Check content against the note's text; an empty list means all is well.

    ``source`` is the note as a :class:`~multilat.model.Source`; its sections'
    incipits must each be found in the body, in order, once, at the start of
    a line. For every citation of ``source`` in ``objects`` (domain objects,
    or a whole :class:`~multilat.model.Fragment`), the section and paragraph
    must exist, the quote must be verbatim in that paragraph, and each
    footnote it lists must have its marker there. Every
    :class:`~multilat.model.Source` in ``objects`` that carries footnotes
    must give each footnote's text exactly as the note does, unless the
    footnotes are another note's: when citations list footnote numbers but
    none of them is a citation of ``source``, the works' footnotes are not
    looked for in this note.

    A text in which none of the paragraphs' opening words is found is not
    the source's text at all: that is one problem, not one per quote.
    """
    if isinstance(objects, Fragment):
        objects = [obj for _, obj in objects.objects()]
    objects = list(objects)
    if not looks_like(note, source):
        paragraphs_count = sum(s.paragraphs for s in source.sections)
        return [
            Problem(
                f"the text does not look like {source.id}'s: none of the opening words"
                f" of its {paragraphs_count} paragraphs is in it",
                object_id=source.id,
                field="sections",
            )
        ]
    paragraphs = {(p.section, p.number): p for p in note.paragraphs(source)}
    problems = list(_check_incipits(note, source))
    if _footnotes_are_of(objects, source):
        for obj in objects:
            if isinstance(obj, Source):
                problems.extend(_check_footnotes(note, obj))
    for obj in objects:
        problems.extend(_check_citations(note, source, obj, paragraphs))
    return problems


def _footnotes_are_of(objects: Iterable[object], source: Source) -> bool:
    """Whether the works' footnotes can be ``source``'s: no other note's citations claim them."""
    noting = {
        citation.source
        for obj in objects
        for _, citation in iter_citations(obj)
        if citation.footnotes
    }
    return not noting or source.id in noting
