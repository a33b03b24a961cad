"""multilat.testing: the helpers content plugins test themselves with."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar

import pytest

import multilat.plugins
from multilat import hookimpl
from multilat.formats import Format, Report
from multilat.model import Citation, Text, Trend
from multilat.testing import (
    NOTE_VARIABLE,
    SKIP_MESSAGE,
    ContentPluginTests,
    assert_judgment,
    assert_removed,
    assert_render_fails,
    cited_paragraphs,
    core_ids,
    load_plugins,
    note_text,
    plugin_host,
    quote_problems,
)


class _Plugin:
    @hookimpl
    def multilat_knowledge(self) -> list[object]:
        return [
            Trend(
                id="plugin-trend",
                name=Text(en="A plugin's trend"),
                citations=[
                    Citation(
                        source="clingendael-2020",
                        section="osce",
                        paragraph=2,
                        quote="Net als de NAVO was de OVSE in eerste instantie vrij onzichtbaar",
                    )
                ],
            )
        ]


def test_load_plugins_loads_core_and_exactly_those() -> None:
    kb = load_plugins({"a-plugin": _Plugin()})
    assert set(kb.fragments) == {"multilat", "a-plugin"}
    assert kb.origin("plugin-trend") == "a-plugin"
    assert "plugin-trend" not in core_ids(kb, "trends")
    assert "covid-19" in core_ids(kb, "trends")


def test_plugin_host_has_core_and_exactly_those() -> None:
    host = plugin_host({"plugin-b": _Plugin(), "plugin-a": _BrokenFormat()})
    assert [info.name for info in host.plugins()] == ["multilat", "plugin-a", "plugin-b"]
    assert host.failures == ()


class _BrokenFormat:
    @hookimpl
    def multilat_formats(self) -> list[Format]:
        def render(report: Report) -> str:
            raise ValueError("no\nlayout")

        return [Format(name="broken", media_type="text/plain", suffix=".txt", render=render)]


def test_assert_render_fails_passes_for_a_broken_format_and_fails_otherwise(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setattr(
        multilat.plugins, "_default_host", plugin_host({"broken-format": _BrokenFormat()})
    )
    error = "multilat: error: format 'broken' failed: ValueError: no layout\n"
    argv = ["report", "--format", "broken", "-o", str(tmp_path / "out.txt")]
    assert_render_fails(argv, error, out=tmp_path, capsys=capsys)
    with pytest.raises(AssertionError):
        assert_render_fails(argv, "another error\n", out=tmp_path, capsys=capsys)
    # A format that works exits 0 and writes its file.
    json = ["report", "--format", "json", "-o", str(tmp_path / "out.json")]
    with pytest.raises(AssertionError):
        assert_render_fails(json, error, out=tmp_path, capsys=capsys)


def test_cited_paragraphs_counts_per_plugin() -> None:
    kb = load_plugins({"a-plugin": _Plugin()})
    assert cited_paragraphs(kb, "osce", plugin="a-plugin") == {2}
    assert cited_paragraphs(kb, "osce", plugin="multilat") == frozenset()
    assert {1, 10} <= cited_paragraphs(kb, "recommendations", plugin="multilat")


def test_note_text_skips_with_the_message_when_the_variable_is_unset(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(NOTE_VARIABLE, raising=False)
    with pytest.raises(pytest.skip.Exception, match=SKIP_MESSAGE):
        note_text()


def test_quote_problems_finds_a_misquote(monkeypatch: pytest.MonkeyPatch) -> None:
    note = note_text()
    kb = load_plugins({"a-plugin": _Plugin()})
    assert quote_problems(kb, note) == []

    class Misquoting:
        @hookimpl
        def multilat_knowledge(self) -> list[object]:
            return [
                Trend(
                    id="misquoted",
                    name=Text(en="x"),
                    citations=[
                        Citation(
                            source="clingendael-2020",
                            section="osce",
                            paragraph=1,
                            quote="Net als de NAVO was de OVSE",
                        )
                    ],
                )
            ]

    problems = quote_problems(load_plugins({"m": Misquoting()}), note)
    assert [str(p) for p in problems] == [
        "misquoted: citations[0].quote: quote is in the note but not in osce¶1 (it is in osce¶2)"
    ]


# -- judgments -----------------------------------------------------------------------

PRANGENDER = "Deze gestage erosie van de multilaterale orde wordt steeds prangender"


def test_assert_judgment_passes_for_the_coding_and_its_phrase() -> None:
    kb = load_plugins({})
    assert_judgment(
        kb,
        "covid-19-deepens-erosion-short",
        weight=0.25,
        confidence="low",
        horizon="short",
        phrase=PRANGENDER,
    )


@pytest.mark.parametrize(
    ("object_id", "weight", "phrase", "message"),
    [
        ("covid-19-deepens-erosion-short", 0.5, PRANGENDER, r"coded \(weight, confidence"),
        ("covid-19-deepens-erosion-short", 0.25, "zal toenemen", "no citation quotes"),
        ("covid-19", 0.25, PRANGENDER, "not an influence"),
    ],
)
def test_assert_judgment_names_what_differs(
    object_id: str, weight: float, phrase: str, message: str
) -> None:
    kb = load_plugins({})
    with pytest.raises(AssertionError, match=message):
        assert_judgment(
            kb, object_id, weight=weight, confidence="low", horizon="short", phrase=phrase
        )


def test_assert_removed() -> None:
    note = note_text()  # skips, saying why, without MULTILAT_NOTE_TEXT
    kb = load_plugins({})
    assert_removed(kb, note, "gone", section="introduction", paragraph=2, phrase=PRANGENDER)
    with pytest.raises(AssertionError, match="still in the knowledge base"):
        assert_removed(
            kb,
            note,
            "covid-19-deepens-erosion-short",
            section="introduction",
            paragraph=2,
            phrase=PRANGENDER,
        )
    with pytest.raises(AssertionError, match="does not say"):
        assert_removed(kb, note, "gone", section="introduction", paragraph=1, phrase=PRANGENDER)


def test_the_base_tests_catch_a_content_plugin_that_breaks_a_rule() -> None:
    # The base class the four content plugins subclass must fail where they would.
    import types

    from multilat.hookspecs import hookimpl
    from multilat.model import Citation, Fragment, Influence
    from multilat.testing import ContentPluginTests

    module = types.ModuleType("fake_links_core")

    @hookimpl
    def multilat_knowledge() -> Fragment:
        return Fragment.of([
            Influence(
                id="covid-19-drives-russian-obstruction", cause="covid-19",
                effect="russian-obstruction", weight=0.5, horizon="short", confidence="high",
                mechanism="Again.",
                citations=[Citation(source="clingendael-2020", section="introduction", paragraph=1,
                                    quote="Covid-19")],
            )
        ])

    module.multilat_knowledge = multilat_knowledge  # type: ignore[attr-defined]

    class TestFake(ContentPluginTests):
        plugin = "fake-links-core"
        plugins: ClassVar[Mapping[str, object]] = {"fake-links-core": module}

    TestFake().test_loads_strictly()
    with pytest.raises(AssertionError):
        TestFake().test_no_influence_between_two_core_trends()


def test_the_base_tests_check_the_listed_judgments() -> None:
    class TestCoded(ContentPluginTests):
        plugin = "multilat"
        plugins: ClassVar[Mapping[str, object]] = {}
        judgments = (("covid-19-deepens-erosion-short", 0.25, "low", "short", PRANGENDER),)

    class TestMiscoded(ContentPluginTests):
        plugin = "multilat"
        plugins: ClassVar[Mapping[str, object]] = {}
        judgments = (
            ("covid-19-deepens-erosion-short", 0.25, "low", "short", PRANGENDER),
            ("covid-19-deepens-erosion-short", 0.5, "low", "short", PRANGENDER),
            ("covid-19-deepens-erosion-short", 0.25, "low", "short", "zal toenemen"),
        )

    TestCoded().test_corrected_judgments_follow_the_notes_words()
    with pytest.raises(AssertionError) as raised:
        TestMiscoded().test_corrected_judgments_follow_the_notes_words()
    # Every miscoded judgment is named, not only the first.
    assert "coded (weight, confidence, horizon)" in str(raised.value)
    assert "no citation quotes 'zal toenemen'" in str(raised.value)
