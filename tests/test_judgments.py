"""The judgment check: a hedged quote does not carry high confidence unless
the influence says why, and a scenario of the note cites it."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from multilat.cli import main
from multilat.judgments import HEDGE_WORDS, check_judgments, hedged_words, influence_problems
from multilat.knowledge import KnowledgeBase
from multilat.model import (
    Citation,
    Fragment,
    Influence,
    Scenario,
    ScenarioOrigin,
    Text,
)
from multilat.testing import load_plugins


def influence(quote: str, confidence: str = "high", exception: str | None = None) -> Influence:
    return Influence(
        id="inward-turn-feeds-scepticism",
        cause="inward-turn",
        effect="globalisation-scepticism",
        weight=0.5,
        horizon="long",
        confidence=confidence,
        mechanism=Text(en="m"),
        citations=[
            Citation(source="clingendael-2020", section="intro", paragraph=1, quote="Vast."),
            Citation(source="clingendael-2020", section="intro", paragraph=2, quote=quote),
        ],
        hedge_exception=exception,
    )


# -- which words hedge ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("quote", "words"),
    [
        ("zou wapenbeheersing ineens weer aantrekkelijk kunnen worden", ("zou", "kunnen")),
        ("Zouden sommige landen", ("zouden",)),
        ("Dat kan leiden tot een toename", ("kan",)),
        ("met als mogelijke gevolg", ("mogelijke",)),
        ("zal dit wellicht zelfs bijdragen", ("wellicht",)),
        # Whole words only.
        ("heeft het onmogelijk gemaakt", ()),
        ("biedt kansen", ()),
        ("zal tot verdere verlamming leiden", ()),
    ],
)
def test_hedged_words(quote: str, words: tuple[str, ...]) -> None:
    assert hedged_words(quote) == words


_LETTERS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=5)


@given(st.sampled_from(HEDGE_WORDS), st.text(max_size=20), st.text(max_size=20))
def test_a_hedge_word_standing_alone_is_found(word: str, before: str, after: str) -> None:
    assert word in hedged_words(f"{before} {word.upper()} {after}")


@given(st.sampled_from(HEDGE_WORDS), _LETTERS, _LETTERS)
def test_a_hedge_word_inside_another_word_is_not(word: str, before: str, after: str) -> None:
    assert word not in hedged_words(f"{before}{word}{after}")


# -- one influence -------------------------------------------------------------------


def test_a_hedged_quote_coded_high_is_a_problem() -> None:
    problems = influence_problems(influence("Dat zou kunnen gebeuren."), path="f.toml", line=3)
    assert [str(p) for p in problems] == [
        "f.toml:3: inward-turn-feeds-scepticism: citations[1].quote: confidence is high, but"
        ' the quote hedges ("zou", "kunnen"): lower the confidence, or say in hedge_exception'
        " why these words do not hedge the judgment"
    ]


@pytest.mark.parametrize("confidence", ["low", "medium"])
def test_a_hedged_quote_coded_lower_is_fine(confidence: str) -> None:
    assert influence_problems(influence("Dat zou kunnen.", confidence)) == []


def test_an_exception_with_its_reason_is_accepted() -> None:
    reported = influence(
        "de Franse beschuldiging dat de NAVO 'hersendood' zou zijn",
        "high",
        "'zou zijn' reports the accusation",
    )
    assert influence_problems(reported) == []


@pytest.mark.parametrize(
    ("quote", "confidence", "reason"),
    [
        ("Dat zou kunnen.", "medium", "the confidence is not high"),
        ("Dat is zo.", "high", "no quote hedges"),
    ],
)
def test_an_exception_that_excuses_nothing_is_a_problem(
    quote: str, confidence: str, reason: str
) -> None:
    problems = influence_problems(influence(quote, confidence, "a reason"))
    assert [(p.field, p.message) for p in problems] == [
        ("hedge_exception", f"excuses nothing ({reason}): remove it")
    ]


def test_an_empty_exception_is_rejected() -> None:
    with pytest.raises(ValueError, match="hedge_exception: must not be empty"):
        influence("Dat zou kunnen.", "high", " ")


# -- a whole knowledge base ----------------------------------------------------------


def test_scenarios_of_the_note_cite_it() -> None:
    def scenario(origin: str) -> Scenario:
        return Scenario(
            id=f"s-{origin}",
            name=Text(en="S"),
            description=Text(en="D"),
            levels={"covid-19": 1.0},
            origin=origin,
        )

    fragment = Fragment(
        scenarios=(scenario("note"), scenario("library"), scenario("user")),
        locations={"s-note": ("s.toml", 4)},
    )
    kb = KnowledgeBase.build({**load_plugins({}).fragments, "p": fragment})
    assert kb.problems == ()
    assert [str(p) for p in check_judgments(kb)] == [
        "s.toml:4: s-note: citations: a scenario of the note cites the sentence that raises"
        ' it; one the note does not raise says origin = "library" (plugin p)'
    ]
    assert ScenarioOrigin("library") is ScenarioOrigin.LIBRARY


def test_core_content_follows_the_guide() -> None:
    assert check_judgments(load_plugins({})) == []


# -- the check command ---------------------------------------------------------------

HEDGED_TOML = """\
[[influence]]
id = "hedged-claim"
cause = "inward-turn"
effect = "globalisation-scepticism"
weight = 0.5
horizon = "short"
confidence = "{confidence}"
mechanism = "Some states could turn further inward."
{exception}
[[influence.citations]]
source = "clingendael-2020"
section = "arms-control"
paragraph = 3
quote = "zouden sommige landen zich verder naar binnen kunnen keren"
"""


@pytest.mark.parametrize(
    ("confidence", "exception", "code", "lines"),
    [
        (
            "high",
            "",
            1,
            [
                "hedged.toml:1: hedged-claim: citations[0].quote: confidence is high, but the quote"
                ' hedges ("zouden", "kunnen"): lower the confidence, or say in hedge_exception why'
                " these words do not hedge the judgment"
            ],
        ),
        ("low", "", 0, []),
        ("high", 'hedge_exception = "the reason"', 0, []),
        (
            "medium",
            'hedge_exception = "the reason"',
            1,
            [
                "hedged.toml:1: hedged-claim: hedge_exception: excuses nothing (the confidence is"
                " not high): remove it"
            ],
        ),
    ],
)
def test_check_reports_a_hedged_judgment_as_one_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    confidence: str,
    exception: str,
    code: int,
    lines: list[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("hedged.toml").write_text(
        HEDGED_TOML.format(confidence=confidence, exception=exception), encoding="utf-8"
    )
    assert main(["check", "hedged.toml"]) == code
    captured = capsys.readouterr()
    assert captured.out.splitlines() == lines
