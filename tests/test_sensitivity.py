"""Sensitivity (tornado data): hand-computed maps, sorting, scenarios, errors, a property."""

from __future__ import annotations

import doctest
import importlib
import itertools
import math
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multilat.assess import Sensitivity, assess, sensitivity
from multilat.knowledge import KnowledgeBase
from multilat.model import Confidence
from tests.test_ensemble import influence, institution, kb_of, scenario, trend

# The private module behind `multilat.assess.sensitivity`, for monkeypatching.
SENSITIVITY_MODULE = importlib.import_module("multilat.assess._sensitivity")


def tornado_kb(*extra: Any) -> KnowledgeBase:
    """a -> b -> inst.effectiveness (0.5, 0.75); c and e -> it (-0.25 each); d alone.

    Drivers: a, c, d, e (all at 0.5 in the baseline); b follows a.
    """
    return kb_of(
        *map(trend, "abcde"),
        institution("inst"),
        influence("a-b", "a", "b", 0.5),
        influence("b-inst", "b", "inst", 0.75, dimension="effectiveness"),
        influence("c-inst", "c", "inst", -0.25, dimension="effectiveness"),
        influence("e-inst", "e", "inst", -0.25, dimension="effectiveness"),
        *extra,
    )


def out(a: float = 0.5, c: float = 0.5, e: float = 0.5) -> float:
    """inst.effectiveness by hand (Kosko, tanh): b = tanh(0.5 a)."""
    return math.tanh(0.75 * math.tanh(0.5 * a) - 0.25 * c - 0.25 * e)


def bar(trend: str, low: float, high: float, base: float) -> Sensitivity:
    return Sensitivity(trend=trend, when_down=low, when_up=high, base=base)


def assert_bars(actual: tuple[Sensitivity, ...], expected: list[Sensitivity]) -> None:
    assert [s.trend for s in actual] == [s.trend for s in expected]
    for got, want in zip(actual, expected, strict=True):
        assert got.when_down == pytest.approx(want.when_down, abs=1e-12)
        assert got.when_up == pytest.approx(want.when_up, abs=1e-12)
        assert got.base == pytest.approx(want.base, abs=1e-12)


def test_hand_computed_chain_sorted_by_swing_then_trend_id() -> None:
    bars = sensitivity(tornado_kb(), "inst.effectiveness")
    base = out()
    # a moves the inner sum by 0.75 tanh(0.5) = 0.35, c and e by 0.25 each
    # (a tie, broken by id), d not at all.
    assert_bars(
        bars,
        [
            bar("a", out(a=0.0), out(a=1.0), base),
            bar("c", out(c=0.0), out(c=1.0), base),
            bar("e", out(e=0.0), out(e=1.0), base),
            bar("d", base, base, base),
        ],
    )
    assert bars[0].swing > 0
    assert bars[1].swing == bars[2].swing < 0
    assert bars[3].swing == 0.0
    assert bars[0].swing == pytest.approx(out(a=1.0) - out(a=0.0), abs=1e-12)


def test_pushes_are_clipped_to_the_level_range() -> None:
    bars = sensitivity(tornado_kb(), "inst.effectiveness", delta=0.75)
    a = next(s for s in bars if s.trend == "a")
    assert a.when_down == pytest.approx(out(a=-0.25), abs=1e-12)
    assert a.when_up == pytest.approx(out(a=1.0), abs=1e-12)  # 1.25, clipped


def test_a_scenario_adds_the_trends_it_holds_and_holds_them() -> None:
    kb = tornado_kb(scenario("s", {"a": 0.9, "b": -0.6}))

    def held(b: float, c: float = 0.5, e: float = 0.5) -> float:
        return math.tanh(0.75 * b - 0.25 * c - 0.25 * e)

    base = held(-0.6)
    bars = sensitivity(kb, "inst.effectiveness", "s")
    assert_bars(
        bars,
        [
            # b: -1.1 clipped to -1, and -0.1.
            bar("b", held(-1.0), held(-0.1), base),
            bar("c", held(-0.6, c=0.0), held(-0.6, c=1.0), base),
            bar("e", held(-0.6, e=0.0), held(-0.6, e=1.0), base),
            # b is held, so a no longer reaches the outcome.
            bar("a", base, base, base),
            bar("d", base, base, base),
        ],
    )
    point = assess(kb, scenario="s").outcome("inst", "effectiveness")
    assert bars[0].base == pytest.approx(point.level, abs=1e-12)


def test_the_base_is_the_assessed_level() -> None:
    kb = tornado_kb()
    point = assess(kb).outcome("inst", "effectiveness")
    assert sensitivity(kb, "inst.effectiveness")[0].base == pytest.approx(point.level, abs=1e-12)


def test_a_trend_can_be_the_outcome() -> None:
    bars = sensitivity(tornado_kb(), "b")
    assert_bars(
        bars,
        [
            bar("a", 0.0, math.tanh(0.5), math.tanh(0.25)),
            *(bar(t, math.tanh(0.25), math.tanh(0.25), math.tanh(0.25)) for t in "cde"),
        ],
    )


def test_a_map_without_influences_gives_zero_swings_by_trend_id() -> None:
    bars = sensitivity(tornado_kb(), "inst.effectiveness", horizon="short")
    assert [s.trend for s in bars] == list("abcde")  # every trend is a driver now
    assert all(s.when_down == s.when_up == s.base == 0.0 for s in bars)


def test_an_unknown_outcome_names_the_close_keys() -> None:
    with pytest.raises(
        KeyError,
        match=r"no outcome 'inst\.efectiveness' in the long map "
        r"\(did you mean inst\.effectiveness\?\)",
    ):
        sensitivity(tornado_kb(), "inst.efectiveness")
    with pytest.raises(
        KeyError, match=r"^no outcome 'zzz' in the long map; outcomes: inst\.effectiveness$"
    ):
        sensitivity(tornado_kb(), "zzz")
    # Trap: an institution without its dimension listed no valid key.
    with pytest.raises(
        KeyError, match=r"give a dimension, as in 'inst\.effectiveness' \(its outcomes: inst"
    ):
        sensitivity(tornado_kb(), "inst")
    with pytest.raises(KeyError, match="no scenario 'nope'"):
        sensitivity(tornado_kb(), "inst.effectiveness", "nope")


@pytest.mark.parametrize("delta", [0.0, -0.5, math.nan, math.inf])
def test_delta_must_be_a_positive_number(delta: float) -> None:
    with pytest.raises(ValueError, match="delta must be a finite number > 0"):
        sensitivity(tornado_kb(), "inst.effectiveness", delta=delta)


# -- a property: with only positive influences, pushing up never lowers -------

TRENDS = ("t0", "t1", "t2", "t3")


@st.composite
def positive_kbs(draw: st.DrawFn) -> tuple[KnowledgeBase, str, dict[str, float]]:
    pairs = [(TRENDS[i], TRENDS[j]) for i in range(4) for j in range(i + 1, 4)]
    pairs += [(t, "x") for t in TRENDS]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, min_size=1))
    objects: list[Any] = [*map(trend, TRENDS), institution("x")]
    for k, (cause, effect) in enumerate(chosen):
        objects.append(
            influence(
                f"i{k}",
                cause,
                effect,
                draw(st.sampled_from((0.25, 0.5, 0.75, 1.0))),
                dimension="cohesion" if effect == "x" else None,
                confidence=Confidence.HIGH,
            )
        )
    held = draw(st.dictionaries(st.sampled_from(TRENDS), st.floats(-1, 1), max_size=2))
    if held:
        objects.append(scenario("s", held))
    kb = kb_of(*objects)
    keys = [t for t in TRENDS if any(e == t for _, e in chosen)]
    if any(e == "x" for _, e in chosen):
        keys.append("x.cohesion")
    outcome = draw(st.sampled_from(keys or list(TRENDS)))
    return kb, outcome, held


@settings(max_examples=60, deadline=None)
@given(positive_kbs(), st.floats(0.05, 2.0))
def test_with_positive_influences_raising_a_trend_never_lowers_the_outcome(
    case: tuple[KnowledgeBase, str, dict[str, float]], delta: float
) -> None:
    kb, outcome, held = case
    bars = sensitivity(kb, outcome, "s" if held else None, delta=delta)
    assert {s.trend for s in bars} >= set(held)
    for s in bars:
        assert s.when_down <= s.base + 1e-12
        assert s.base <= s.when_up + 1e-12
    magnitudes = [abs(s.swing) for s in bars]
    assert magnitudes == sorted(magnitudes, reverse=True)
    for first, second in itertools.pairwise(bars):
        if abs(first.swing) == abs(second.swing):
            assert first.trend < second.trend


def test_the_docstring_example_runs() -> None:
    failures, attempts = doctest.testmod(SENSITIVITY_MODULE)
    assert attempts > 0
    assert failures == 0


def test_the_fields_say_which_way_the_trend_was_pushed() -> None:
    # Trap: Sensitivity(low=-0.90, high=-0.98) read as the outcome's range,
    # though it meant "the trend held low / high".
    names = [a.name for a in attrs.fields(Sensitivity)]
    assert names == ["trend", "when_down", "when_up", "base"]
    bar = Sensitivity(trend="t", when_down=-0.90, when_up=-0.98, base=-0.95)
    assert bar.swing == pytest.approx(-0.08)
