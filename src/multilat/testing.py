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
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar, NoReturn

from multilat.model import Source
from multilat.plugins import BUILTIN_NAME, PluginHost, load

if TYPE_CHECKING:
    from pathlib import Path

    import pytest

    from multilat.errors import Problem
    from multilat.knowledge import KnowledgeBase
    from multilat.notetext import NoteText

__all__ = [
    "NOTE_SOURCE",
    "NOTE_VARIABLE",
    "SKIP_MESSAGE",
    "ContentPluginTests",
    "assert_judgment",
    "assert_removed",
    "assert_render_fails",
    "cited_paragraphs",
    "core_ids",
    "load_plugins",
    "note_source",
    "note_text",
    "plugin_host",
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
    return load(host=plugin_host(plugins), strict=strict)


def plugin_host(plugins: Mapping[str, object]) -> PluginHost:
    """A plugin host with core and exactly ``plugins`` (distribution name -> module).

    They are registered in the mapping's order, so a test can check that
    another order gives the same bytes; nothing installed is autoloaded.
    """
    host = PluginHost(entry_points=False)
    for name, plugin in plugins.items():
        host.register(plugin, name)
    return host


def assert_render_fails(
    argv: list[str], error: str, *, out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Assert that ``multilat argv`` fails as a broken format must.

    The command exits 2, writes exactly ``error`` (one line, newline
    included) to stderr, and leaves the folder ``out`` empty: a format
    that raises leaves no half-written file behind.
    """
    from multilat.cli import main

    assert main(argv) == 2
    assert capsys.readouterr().err == error
    assert list(out.iterdir()) == []


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


class ContentPluginTests:
    """The tests every content plugin passes, written once: subclass it.

    As pandas' extension tests do, a plugin's test module subclasses this
    class and says what the plugin is; pytest collects the inherited tests
    (the subclass's name must start with ``Test``)::

        import multilat_osce
        from multilat.testing import ContentPluginTests

        class TestOsceContent(ContentPluginTests):
            plugin = "multilat-osce"
            plugins = {"multilat-osce": multilat_osce}
            sections = ("osce",)

    The inherited tests: it loads strictly beside core and its dependencies
    (so every reference resolves, to an object of a distribution it depends
    on); every quote of the note stands verbatim where it says (skipped,
    saying why, without ``MULTILAT_NOTE_TEXT``); every paragraph of its
    :attr:`sections` is cited by it; it adds no influence between two of
    core's trends; its :attr:`judgments` are coded as listed, each with the
    phrase that justifies it; its judgments follow the judgment guide. The plugin's
    own module keeps only what is its own.
    """

    #: The distribution under test.
    plugin: ClassVar[str]
    #: Distribution name -> module: the plugin and the content plugins it
    #: depends on (core's content is always loaded).
    plugins: ClassVar[Mapping[str, object]]
    #: Sections of the note whose every paragraph the plugin cites.
    sections: ClassVar[tuple[str, ...]] = ()
    #: Judgments checked against the note's words, each ``(influence, weight,
    #: confidence, horizon, phrase)`` as :func:`assert_judgment` takes them.
    judgments: ClassVar[Sequence[tuple[str, float, str, str, str]]] = ()

    _loaded: ClassVar[dict[type, KnowledgeBase]] = {}

    @classmethod
    def knowledge(cls) -> KnowledgeBase:
        """Core's content and :attr:`plugins`, loaded strictly once per class."""
        if cls not in ContentPluginTests._loaded:
            ContentPluginTests._loaded[cls] = load_plugins(cls.plugins)
        return ContentPluginTests._loaded[cls]

    def test_loads_strictly(self) -> None:
        kb = self.knowledge()
        assert kb.problems == ()
        assert self.plugin in kb.fragments

    def test_content_quotes_the_note_verbatim(self) -> None:
        # Core's and its dependencies' citations as well as the plugin's.
        problems = quote_problems(self.knowledge(), note_text())
        assert problems == [], "\n".join(str(p) for p in problems)

    def test_every_paragraph_of_its_sections_is_cited(self) -> None:
        kb = self.knowledge()
        for slug in self.sections:
            section = note_source(kb).section(slug)
            assert section is not None, slug
            cited = cited_paragraphs(kb, slug, plugin=self.plugin)
            assert cited == set(range(1, section.paragraphs + 1)), slug

    def test_no_influence_between_two_core_trends(self) -> None:
        # Core owns the links between its cross-cutting trends.
        kb = self.knowledge()
        core_trends = core_ids(kb, "trends")
        between = [
            i.id
            for i in kb.fragments[self.plugin].influences
            if i.dimension is None and i.cause in core_trends and i.effect in core_trends
        ]
        assert between == []

    def test_corrected_judgments_follow_the_notes_words(self) -> None:
        kb = self.knowledge()
        wrong = []
        for influence_id, weight, confidence, horizon, phrase in self.judgments:
            try:
                assert_judgment(
                    kb,
                    influence_id,
                    weight=weight,
                    confidence=confidence,
                    horizon=horizon,
                    phrase=phrase,
                )
            except AssertionError as error:
                wrong.append(str(error))
        assert wrong == [], "\n".join(wrong)

    def test_judgments_follow_the_judgment_guide(self) -> None:
        # No hedged quote ("zou", "kunnen", ...) coded high without its reason.
        from multilat.judgments import check_judgments

        problems = check_judgments(self.knowledge())
        assert problems == [], "\n".join(str(p) for p in problems)
