"""Helpers for the tests of content plugins (and of multilat itself).

Every content plugin tests the same things: that it loads strictly beside
core and its declared dependencies, without autoloading whatever else is
installed; that every quote stands verbatim at the place it names in the
note; that every paragraph of its sections is cited. These helpers do that
once::

    import multilat_nato
    import pytest
    from multilat.testing import load_plugins, note_text, quote_problems

    @pytest.fixture(scope="module")
    def note():
        # In a fixture, so that pytest reports the skip at each test.
        return note_text()

    def test_quotes_are_verbatim(note):
        kb = load_plugins({"multilat-nato": multilat_nato})
        assert quote_problems(kb, note) == []

The note's text is not distributed with multilat: :func:`note_text` reads it
from the file named by ``MULTILAT_NOTE_TEXT`` and skips the test, saying so,
when the variable is not set. pytest is imported only then.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, NoReturn

from multilat.model import Source
from multilat.plugins import BUILTIN_NAME, PluginHost, load

if TYPE_CHECKING:
    from multilat.errors import Problem
    from multilat.knowledge import KnowledgeBase
    from multilat.notetext import NoteText

__all__ = [
    "NOTE_SOURCE",
    "NOTE_VARIABLE",
    "SKIP_MESSAGE",
    "assert_judgment",
    "assert_removed",
    "cited_paragraphs",
    "core_ids",
    "load_plugins",
    "note_source",
    "note_text",
    "quote_problems",
]

#: The environment variable naming the note's text file.
NOTE_VARIABLE = "MULTILAT_NOTE_TEXT"
#: Why a test that needs the note skips without it.
SKIP_MESSAGE = f"{NOTE_VARIABLE} is not set: set it to the note's text file to check quotes"
#: The id of the note as a source in core's content.
NOTE_SOURCE = "clingendael-2020"


def _skip(message: str) -> NoReturn:
    import pytest

    pytest.skip(message)


def note_text() -> NoteText:
    """The note's text from ``$MULTILAT_NOTE_TEXT``; skips the test without it."""
    from multilat.notetext import NoteText

    path = os.environ.get(NOTE_VARIABLE)
    if not path:
        _skip(SKIP_MESSAGE)
    return NoteText.read(path)


def load_plugins(plugins: Mapping[str, object], *, strict: bool = True) -> KnowledgeBase:
    """Core's content plus exactly ``plugins`` (distribution name -> module).

    Nothing installed is autoloaded, so the test sees what it names and no
    more; ``strict`` (the default) raises on any problem.
    """
    host = PluginHost(entry_points=False)
    for name, plugin in plugins.items():
        host.register(plugin, name)
    return load(host=host, strict=strict)


def core_ids(kb: KnowledgeBase, kind: str) -> frozenset[str]:
    """Ids of the objects of ``kind`` (``"trends"``) that core contributes.

    Plugins use it to keep to core's ownership rules, e.g. adding no
    influence between two core trends.
    """
    return frozenset(obj.id for obj in getattr(kb.fragments[BUILTIN_NAME], kind))


def quote_problems(kb: KnowledgeBase, note: NoteText, source: str = NOTE_SOURCE) -> list[Problem]:
    """Every citation of ``source`` checked against ``note``.

    See :func:`multilat.notetext.verify`; an empty list when all is verbatim.
    """
    from multilat.notetext import verify

    return verify((obj for _, obj in kb.merged().objects()), note, note_source(kb, source))


def note_source(kb: KnowledgeBase, source: str = NOTE_SOURCE) -> Source:
    """The note (or ``source``) as a :class:`~multilat.model.Source` of ``kb``."""
    found = kb[source]
    if not isinstance(found, Source):
        raise TypeError(f"{source!r} is a {kb.kind_of(source)}, not a source")
    return found


def cited_paragraphs(
    kb: KnowledgeBase, section: str, *, plugin: str | None = None, source: str = NOTE_SOURCE
) -> frozenset[int]:
    """Paragraph numbers of ``section`` that citations point at.

    With ``plugin``, only that plugin's citations count.
    """
    from multilat.model import iter_citations

    fragments = [kb.fragments[plugin]] if plugin is not None else list(kb.fragments.values())
    return frozenset(
        citation.paragraph
        for fragment in fragments
        for _, obj in fragment.objects()
        for _, citation in iter_citations(obj)
        if citation.source == source and citation.section == section
    )


def assert_judgment(
    kb: KnowledgeBase,
    influence_id: str,
    *,
    weight: float,
    confidence: str,
    horizon: str,
    phrase: str,
) -> None:
    """Assert that an influence is coded as given and cites ``phrase``.

    ``phrase`` is the note's wording that justifies the coding (see the
    judgment guide in the docs); it must stand in one of the influence's
    citation quotes, so a test of a judgment names its evidence.
    """
    from multilat.model import Influence

    found = kb.get(influence_id)
    if not isinstance(found, Influence):
        raise AssertionError(f"{influence_id}: not an influence of the knowledge base")
    coded = (found.weight, found.confidence.value, found.horizon.value)
    if coded != (weight, confidence, horizon):
        raise AssertionError(
            f"{influence_id}: coded (weight, confidence, horizon) = {coded},"
            f" expected {(weight, confidence, horizon)}"
        )
    if not any(phrase in citation.quote for citation in found.citations):
        raise AssertionError(f"{influence_id}: no citation quotes {phrase!r}")


def assert_removed(
    kb: KnowledgeBase,
    note: NoteText,
    influence_id: str,
    *,
    section: str,
    paragraph: int,
    phrase: str,
    source: str = NOTE_SOURCE,
) -> None:
    """Assert that an influence is gone, and that ``phrase``, the reason, is the note's.

    ``phrase`` must stand in paragraph ``paragraph`` of ``section`` of the
    note's text, so that a removal names the words that do not carry it.
    """
    if influence_id in kb:
        raise AssertionError(f"{influence_id}: still in the knowledge base")
    found = note.paragraph(note_source(kb, source), section, paragraph)
    if found is None:
        raise AssertionError(f"{section}¶{paragraph}: not found in the note")
    if phrase not in found.text:
        raise AssertionError(f"{found.label} does not say {phrase!r}")
