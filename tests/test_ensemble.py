"""Uncertainty ensembles: seeding, executors, the draws, the statistics, progress.

The helpers at the top build small knowledge bases by hand; the sensitivity
and metrics tests import them.
"""

from __future__ import annotations

import concurrent.futures
import doctest
import importlib
import io
import math
import multiprocessing
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multilat.assess import (
    HALF_WIDTH,
    QUANTILES,
    Ensemble,
    assess,
    compile_map,
    ensemble,
)
from multilat.assess._ensemble import draw_weights, weight_band
from multilat.errors import UnknownName
from multilat.knowledge import KnowledgeBase
from multilat.model import (
    Citation,
    Confidence,
    Dimension,
    Fragment,
    Horizon,
    Influence,
    Institution,
    InstitutionKind,
    Scenario,
    Section,
    Source,
    SourceKind,
    Text,
    Trend,
)

# The private module behind `multilat.assess.ensemble`, for monkeypatching.
ENSEMBLE_MODULE = importlib.import_module("multilat.assess._ensemble")

FloatArray = npt.NDArray[np.float64]

WEIGHTS = (-1.0, -0.75, -0.5, -0.25, 0.25, 0.5, 0.75, 1.0)
CONFIDENCES = tuple(Confidence)
# The half-widths the brief fixes, written out rather than read from the code.
HALF = {Confidence.HIGH: 0.125, Confidence.MEDIUM: 0.25, Confidence.LOW: 0.375}

# -- hand-built knowledge bases -----------------------------------------------

SOURCE = Source(
    id="note",
    kind=SourceKind.NOTE,
    title="A note",
    sections=[Section(slug="intro", title="Intro", incipits=["First words"])],
)


def cite() -> Citation:
    return Citation(source="note", section="intro", paragraph=1, quote="words")


def trend(id: str) -> Trend:
    return Trend(id=id, name=Text(en=id), citations=[cite()])


def institution(id: str) -> Institution:
    return Institution(id=id, kind=InstitutionKind.ALLIANCE, name=Text(en=id))


def influence(
    id: str,
    cause: str,
    effect: str,
    weight: float,
    *,
    dimension: Dimension | str | None = None,
    confidence: Confidence | str = Confidence.MEDIUM,
    horizon: Horizon | str = Horizon.LONG,
) -> Influence:
    return Influence(
        id=id,
        cause=cause,
        effect=effect,
        weight=weight,
        horizon=horizon,
        confidence=confidence,
        mechanism=Text(en="because"),
        citations=[cite()],
        dimension=dimension,
    )


def scenario(id: str, levels: dict[str, float]) -> Scenario:
    return Scenario(id=id, name=Text(en=id), description=Text(en="what if"), levels=levels)


def kb_of(*objects: Any) -> KnowledgeBase:
    kb = KnowledgeBase.build({"p": Fragment.of([SOURCE, *objects])})
    assert kb.problems == ()
    return kb


def chain_kb(
    w1: float = 0.5,
    w2: float = 0.75,
    w3: float = -0.5,
    confidence: Confidence = Confidence.MEDIUM,
    scenarios: Sequence[Scenario] = (),
) -> KnowledgeBase:
    """a -> b -> inst.effectiveness (w1, w2) and a -> inst.cohesion (w3); a is the driver.

    Influence ids sort as a-b, a-inst, b-inst: the order of ``cmap.edges``.
    """
    return kb_of(
        trend("a"),
        trend("b"),
        institution("inst"),
        influence("a-b", "a", "b", w1, confidence=confidence),
        influence("b-inst", "b", "inst", w2, dimension="effectiveness", confidence=confidence),
        influence("a-inst", "a", "inst", w3, dimension="cohesion", confidence=confidence),
        *scenarios,
    )


def exact(array: FloatArray) -> bytes:
    return array.tobytes()


# -- seeding and executors ----------------------------------------------------


def test_the_same_seed_gives_the_same_arrays_bit_for_bit() -> None:
    kb = chain_kb(scenarios=[scenario("s", {"a": 0.9})])
    one = ensemble(kb, scenario="s", n=300, seed=7, chunk_size=64)
    two = ensemble(kb, scenario="s", n=300, seed=7, chunk_size=64)
    assert exact(one.levels) == exact(two.levels)
    assert exact(one.baseline_levels) == exact(two.baseline_levels)
    assert one.outcomes == two.outcomes
    other = ensemble(kb, scenario="s", n=300, seed=8, chunk_size=64)
    assert not np.array_equal(one.levels, other.levels)
    assert one.outcomes != other.outcomes


@pytest.fixture(scope="module")
def process_pool() -> Iterator[concurrent.futures.ProcessPoolExecutor]:
    # spawn: what macOS and Windows use, and the strictest test of what is
    # sent (everything must pickle and import by name in a fresh interpreter).
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        yield pool


def test_results_do_not_depend_on_the_executor_or_the_number_of_workers(
    process_pool: concurrent.futures.ProcessPoolExecutor,
) -> None:
    kb = chain_kb(scenarios=[scenario("s", {"b": -0.4})])
    reference = ensemble(kb, scenario="s", n=500, seed=3, chunk_size=40)
    with (
        concurrent.futures.ThreadPoolExecutor(max_workers=1) as one_thread,
        concurrent.futures.ThreadPoolExecutor(max_workers=4) as four_threads,
    ):
        runs = [
            ensemble(kb, scenario="s", n=500, seed=3, chunk_size=40, executor=executor)
            for executor in (one_thread, four_threads, process_pool)
        ]
    for run in runs:
        assert exact(run.levels) == exact(reference.levels)
        assert exact(run.baseline_levels) == exact(reference.baseline_levels)
        assert run.outcomes == reference.outcomes


def test_chunk_size_is_part_of_the_seed_stream() -> None:
    # Not promised: another chunk size gives other draws (and says so in the result).
    kb = chain_kb()
    small = ensemble(kb, n=100, seed=1, chunk_size=10)
    large = ensemble(kb, n=100, seed=1, chunk_size=30)
    assert (small.chunk_size, large.chunk_size) == (10, 30)
    assert not np.array_equal(small.levels, large.levels)


def test_a_seed_of_none_draws_entropy_and_records_it() -> None:
    kb = chain_kb()
    first = ensemble(kb, n=50, seed=None)
    again = ensemble(kb, n=50, seed=first.seed)
    assert exact(first.levels) == exact(again.levels)


def test_a_numpy_integer_seed_is_recorded_as_an_int() -> None:
    result = ensemble(chain_kb(), n=10, seed=np.int64(3))  # type: ignore[arg-type]
    assert type(result.seed) is int
    assert exact(result.levels) == exact(ensemble(chain_kb(), n=10, seed=3).levels)


# -- the draws ------------------------------------------------------------------


@st.composite
def star_kbs(draw: st.DrawFn) -> tuple[KnowledgeBase, Horizon]:
    """A driver "root" with 1-6 influences, each its own weight and confidence."""
    judgments = draw(
        st.lists(
            st.tuples(st.sampled_from(WEIGHTS), st.sampled_from(CONFIDENCES)),
            min_size=1,
            max_size=6,
        )
    )
    horizon = draw(st.sampled_from(tuple(Horizon)))
    objects: list[Any] = [trend("root"), institution("inst")]
    for k, (weight, confidence) in enumerate(judgments):
        if k % 2:
            objects.append(trend(f"t{k}"))
            objects.append(
                influence(f"i{k}", "root", f"t{k}", weight, confidence=confidence, horizon=horizon)
            )
        else:
            objects.append(
                influence(
                    f"i{k}",
                    "root",
                    "inst",
                    weight,
                    dimension=tuple(Dimension)[k // 2],
                    confidence=confidence,
                    horizon=horizon,
                )
            )
    return kb_of(*objects), horizon


@settings(max_examples=60, deadline=None)
@given(star_kbs(), st.integers(0, 2**32 - 1))
def test_drawn_weights_keep_their_sign_and_stay_in_their_confidence_band(
    case: tuple[KnowledgeBase, Horizon], seed: int
) -> None:
    kb, horizon = case
    cmap = compile_map(kb, horizon)
    draws = draw_weights(cmap, np.random.default_rng(seed), 200)
    assert draws.shape == (200, len(cmap.edges))
    for column, edge in enumerate(cmap.edges):
        w, half = edge.influence.weight, HALF[edge.influence.confidence]
        low, high = max(0.0, abs(w) - half), min(1.0, abs(w) + half)
        assert weight_band(edge.influence) == (low, high)
        assert (np.sign(draws[:, column]) == math.copysign(1.0, w)).all()
        magnitude = np.abs(draws[:, column])
        assert (magnitude > low).all()
        assert (magnitude <= high).all()


def test_half_widths_are_the_documented_ones() -> None:
    assert dict(HALF_WIDTH) == HALF


def test_draws_cover_their_band_uniformly() -> None:
    kb = kb_of(trend("a"), trend("b"), influence("a-b", "a", "b", -0.25, confidence="low"))
    draws = draw_weights(compile_map(kb, "long"), np.random.default_rng(0), 20_000)[:, 0]
    # -0.25 at low confidence: magnitude uniform on (0, 0.625], sign negative.
    assert draws.max() < 0
    assert draws.min() >= -0.625
    assert draws.mean() == pytest.approx(-0.3125, abs=0.005)
    assert np.quantile(draws, 0.5) == pytest.approx(-0.3125, abs=0.01)


def test_levels_are_the_hand_computed_levels_of_the_documented_draws() -> None:
    # The scenario holds b, which has a cause: b's column is cut in the
    # scenario's runs only, while the baseline runs keep it.
    kb = chain_kb(scenarios=[scenario("s", {"b": -0.8})])
    n, chunk_size, seed = 250, 100, 11
    result = ensemble(kb, scenario="s", n=n, seed=seed, chunk_size=chunk_size)

    cmap = compile_map(kb, "long")
    assert [e.influence.id for e in cmap.edges] == ["a-b", "a-inst", "b-inst"]
    children = np.random.SeedSequence(seed).spawn(3)
    sizes = (100, 100, 50)
    rngs = [np.random.default_rng(c) for c in children]
    w = np.concatenate([draw_weights(cmap, r, k) for r, k in zip(rngs, sizes, strict=True)])
    a_b, a_inst, b_inst = w[:, 0], w[:, 1], w[:, 2]

    assert [o.key for o in result.outcomes] == ["inst.cohesion", "inst.effectiveness"]
    baseline_cohesion = np.tanh(0.5 * a_inst)
    baseline_effectiveness = np.tanh(b_inst * np.tanh(0.5 * a_b))
    np.testing.assert_allclose(result.baseline_levels[:, 0], baseline_cohesion, atol=1e-14)
    np.testing.assert_allclose(result.baseline_levels[:, 1], baseline_effectiveness, atol=1e-14)
    np.testing.assert_allclose(result.levels[:, 0], baseline_cohesion, atol=1e-14)
    np.testing.assert_allclose(result.levels[:, 1], np.tanh(-0.8 * b_inst), atol=1e-14)

    effectiveness = result.outcome("inst", "effectiveness")
    change = result.levels[:, 1] - result.baseline_levels[:, 1]
    assert effectiveness.mean == pytest.approx(np.tanh(-0.8 * b_inst).mean(), abs=1e-14)
    assert effectiveness.mean_change == pytest.approx(change.mean(), abs=1e-14)
    assert effectiveness.p_decline == 1.0  # b falls from tanh(0.5 w) > 0 to -0.8
    for (q, value), expected in zip(
        effectiveness.change_quantiles, np.quantile(change, QUANTILES), strict=True
    ):
        assert value == pytest.approx(expected, abs=1e-14)
        assert q in QUANTILES
    cohesion = result.outcome("inst", "cohesion")
    assert cohesion.mean_change == 0.0
    assert cohesion.p_decline == 0.0  # unchanged is not a decline


def test_one_weight_hand_computed_distribution() -> None:
    # out = tanh(0.5 w), w uniform on (0.375, 0.625]: mean = 2 ln cosh(0.5 w) / 0.25 over the band.
    kb = kb_of(
        trend("a"),
        institution("inst"),
        influence("a-inst", "a", "inst", 0.5, dimension="cohesion", confidence="high"),
    )
    outcome = ensemble(kb, n=20_000, seed=5).outcomes[0]
    antiderivative = [2 * math.log(math.cosh(0.5 * w)) for w in (0.375, 0.625)]
    mean = (antiderivative[1] - antiderivative[0]) / 0.25
    assert outcome.mean == pytest.approx(mean, abs=0.002)
    # tanh is increasing, so the quantiles of the level are those of w, transformed.
    for q, value in outcome.quantiles:
        assert value == pytest.approx(math.tanh(0.5 * (0.375 + 0.25 * q)), abs=0.002)
    assert outcome.p_decline == 0.0
    assert outcome.change_quantiles == tuple((q, 0.0) for q in QUANTILES)


def test_with_high_confidence_and_many_draws_the_mean_is_near_the_point_assessment() -> None:
    kb = kb_of(
        trend("a"),
        trend("b"),
        trend("c"),
        institution("inst"),
        institution("other"),
        influence("a-b", "a", "b", 0.75, confidence="high"),
        influence("b-c", "b", "c", -0.5, confidence="high"),
        influence("b-inst", "b", "inst", 0.5, dimension="effectiveness", confidence="high"),
        influence("c-inst", "c", "inst", 0.75, dimension="cohesion", confidence="high"),
        influence("a-other", "a", "other", -0.25, dimension="cohesion", confidence="high"),
        influence("c-other", "c", "other", 0.5, dimension="resources", confidence="high"),
        scenario("s", {"a": -0.6}),
    )
    point = assess(kb, scenario="s")
    result = ensemble(kb, scenario="s", n=5_000, seed=2)
    assert [o.key for o in result.outcomes] == [o.key for o in point.outcomes]
    for drawn, fixed in zip(result.outcomes, point.outcomes, strict=True):
        assert drawn.mean == pytest.approx(fixed.level, abs=0.01)
        assert drawn.mean_change == pytest.approx(fixed.change, abs=0.01)
        assert drawn.quantile(0.05) <= fixed.level <= drawn.quantile(0.95)


# -- statistics, as properties ---------------------------------------------------

TRENDS = ("t0", "t1", "t2", "t3")
TARGETS = ("x.cohesion", "x.effectiveness", "y.resources")


@st.composite
def small_kbs(draw: st.DrawFn) -> tuple[KnowledgeBase, Scenario | None]:
    """Up to four trends, two institutions, any influences (cycles too), maybe a scenario."""
    causes_effects = [(c, e) for c in TRENDS for e in (*TRENDS, *TARGETS) if c != e]
    chosen = draw(st.lists(st.sampled_from(causes_effects), unique=True, max_size=10))
    objects: list[Any] = [*map(trend, TRENDS), institution("x"), institution("y")]
    for k, (cause, effect) in enumerate(chosen):
        target, _, dimension = effect.partition(".")
        objects.append(
            influence(
                f"i{k}",
                cause,
                target,
                draw(st.sampled_from(WEIGHTS)),
                dimension=dimension or None,
                confidence=draw(st.sampled_from(CONFIDENCES)),
            )
        )
    held = draw(st.dictionaries(st.sampled_from(TRENDS), st.floats(-1, 1), max_size=3))
    chosen_scenario = scenario("s", held) if held else None
    return kb_of(*objects), chosen_scenario


@settings(max_examples=40, deadline=None)
@given(small_kbs(), st.integers(0, 1000), st.integers(1, 60), st.integers(1, 25))
def test_statistics_are_consistent_with_the_draws(
    case: tuple[KnowledgeBase, Scenario | None], seed: int, n: int, chunk_size: int
) -> None:
    kb, chosen = case
    result = ensemble(kb, scenario=chosen, n=n, seed=seed, chunk_size=chunk_size)
    levels, baseline = result.levels, result.baseline_levels
    assert levels.shape == baseline.shape == (n, len(result.outcomes))
    assert [o.key for o in result.outcomes] == sorted(o.key for o in result.outcomes)
    assert ((levels >= -1) & (levels <= 1)).all()
    for j, outcome in enumerate(result.outcomes):
        assert 0.0 <= outcome.p_decline <= 1.0
        for pairs in (outcome.quantiles, outcome.change_quantiles):
            assert [q for q, _ in pairs] == list(QUANTILES)
            values = [v for _, v in pairs]
            assert values == sorted(values)
        change = levels[:, j] - baseline[:, j]
        decline = change < 0 if chosen is not None else levels[:, j] < 0
        assert outcome.p_decline == decline.mean()
        assert levels[:, j].min() <= outcome.mean <= levels[:, j].max()
        assert outcome.quantile(0.05) >= levels[:, j].min()
        assert outcome.quantile(0.95) <= levels[:, j].max()
        if chosen is None:
            assert outcome.mean_change == 0.0


def test_the_baseline_has_no_change_and_its_decline_is_a_negative_level() -> None:
    kb = chain_kb(w3=-0.25, confidence=Confidence.LOW)
    result = ensemble(kb, n=400, seed=4)
    assert result.scenario is None
    assert result.levels is result.baseline_levels
    cohesion = result.outcome("inst", Dimension.COHESION)
    assert cohesion.p_decline == 1.0  # the sign is kept: always below zero
    assert cohesion.change_quantiles == tuple((q, 0.0) for q in QUANTILES)
    effectiveness = result.outcome("inst", "effectiveness")
    assert effectiveness.p_decline == 0.0
    assert result.for_target("inst") == result.outcomes
    assert result.for_target("nobody") == ()


def test_result_records_how_it_was_made() -> None:
    kb = chain_kb(scenarios=[scenario("s", {"a": 0.1})])
    result = ensemble(
        kb,
        scenario="s",
        n=30,
        seed=9,
        horizon="long",
        rule="modified_kosko",
        transfer="sigmoid",
        chunk_size=7,
    )
    assert isinstance(result, Ensemble)
    assert (result.horizon, result.n, result.seed, result.chunk_size) == (Horizon.LONG, 30, 9, 7)
    assert (result.rule, result.transfer, result.converged) == ("modified_kosko", "sigmoid", True)
    assert result.scenario is not None
    assert result.scenario.id == "s"
    assert not result.levels.flags.writeable
    # Sigmoid levels live in (0, 1).
    assert ((result.levels > 0) & (result.levels < 1)).all()


def test_a_map_without_influences_leaves_every_outcome_at_zero() -> None:
    result = ensemble(chain_kb(), n=20, horizon="short")  # every influence is long-term
    assert [o.key for o in result.outcomes] == ["inst.cohesion", "inst.effectiveness"]
    assert not result.levels.any()


def test_a_base_without_outcomes_gives_none() -> None:
    result = ensemble(kb_of(trend("a"), trend("b"), influence("a-b", "a", "b", 0.5)), n=20)
    assert result.outcomes == ()
    assert result.levels.shape == (20, 0)


def test_lookups_fail_clearly() -> None:
    result = ensemble(chain_kb(), n=20)
    with pytest.raises(KeyError, match=r"no outcome 'inst\.resources'"):
        result.outcome("inst", "resources")
    with pytest.raises(KeyError, match=r"quantile 0\.1 not computed"):
        result.outcomes[0].quantile(0.1)
    assert result.outcomes[0].change_quantile(0.5) == 0.0


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"n": 0}, ValueError, "n must be at least 1, got 0"),
        ({"chunk_size": 0}, ValueError, "chunk_size must be at least 1"),
        ({"seed": -1}, ValueError, "seed must be a non-negative integer or None, got -1"),
        ({"seed": 1.5}, TypeError, "integer"),
        ({"rule": "mKosko"}, ValueError, "unknown rule 'mKosko'"),
        ({"transfer": "relu"}, ValueError, "unknown transfer 'relu'"),
        ({"horizon": "medium"}, ValueError, "medium"),
        ({"scenario": "ss"}, KeyError, r"no scenario 'ss'; known: s"),
        ({"scenario": scenario("t", {"zz": 0.5})}, KeyError, "no trend 'zz'"),
    ],
)
def test_bad_arguments_are_refused(
    kwargs: dict[str, Any], error: type[Exception], message: str
) -> None:
    kb = chain_kb(scenarios=[scenario("s", {"a": 0.1})])
    with pytest.raises(error, match=message):
        ensemble(kb, **kwargs)


# -- progress -------------------------------------------------------------------


def test_a_progress_callable_is_called_per_chunk_with_draws_done() -> None:
    calls: list[tuple[int, int]] = []

    def record(done: int, total: int) -> None:
        calls.append((done, total))

    ensemble(chain_kb(), n=5, chunk_size=2, progress=record)
    assert calls == [(2, 5), (4, 5), (5, 5)]
    calls.clear()
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        ensemble(chain_kb(), n=5, chunk_size=2, executor=pool, progress=record)
    assert [total for _, total in calls] == [5, 5, 5]
    assert sorted(done for done, _ in calls) == [done for done, _ in calls]
    assert calls[-1] == (5, 5)


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class FakeClock:
    """Each reading is ``step`` seconds after the previous one."""

    def __init__(self, step: float) -> None:
        self.now, self.step = 0.0, step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


def test_no_bar_when_stderr_is_not_a_terminal_or_progress_is_false(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ENSEMBLE_MODULE, "_clock", FakeClock(step=10.0))
    plain = io.StringIO()
    monkeypatch.setattr("sys.stderr", plain)
    ensemble(chain_kb(), n=6, chunk_size=2)
    assert plain.getvalue() == ""
    terminal = FakeTerminal()
    monkeypatch.setattr("sys.stderr", terminal)
    ensemble(chain_kb(), n=6, chunk_size=2, progress=False)
    assert terminal.getvalue() == ""


def test_no_bar_on_a_terminal_when_the_run_is_quick(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ENSEMBLE_MODULE, "_clock", FakeClock(step=0.1))
    terminal = FakeTerminal()
    monkeypatch.setattr("sys.stderr", terminal)
    ensemble(chain_kb(), n=6, chunk_size=2)
    assert terminal.getvalue() == ""


def test_a_bar_on_a_terminal_once_the_run_has_taken_a_second(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Readings at 0.6 (start), 1.2 (after chunk 1: too early), 1.8 (after chunk 2: shown).
    monkeypatch.setattr(ENSEMBLE_MODULE, "_clock", FakeClock(step=0.6))
    terminal = FakeTerminal()
    monkeypatch.setattr("sys.stderr", terminal)
    ensemble(chain_kb(), n=6, chunk_size=2)
    bar = "." * 30
    assert terminal.getvalue() == (
        f"\rensemble [{'#' * 20}{bar[:10]}] 4/6 draws\rensemble [{'#' * 30}] 6/6 draws\n"
    )


def test_progress_true_always_draws_the_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    plain = io.StringIO()
    monkeypatch.setattr("sys.stderr", plain)
    ensemble(chain_kb(), n=3, chunk_size=3, progress=True)
    assert plain.getvalue() == f"\rensemble [{'#' * 30}] 3/3 draws\n"


def test_the_docstring_example_runs() -> None:
    failures, attempts = doctest.testmod(ENSEMBLE_MODULE)
    assert attempts > 0
    assert failures == 0


def test_public_names_are_reachable_and_no_function_hides_a_module() -> None:
    # Before: multilat.assess.ensemble was the function, so the documented
    # multilat.assess.ensemble.draw_weights raised AttributeError.
    import multilat.assess as package

    assert package.draw_weights is ENSEMBLE_MODULE.draw_weights
    assert package.weight_band is ENSEMBLE_MODULE.weight_band
    for name in package.__all__:
        assert not isinstance(getattr(package, name), type(package)), name


def test_ensemble_takes_the_leading_arguments_of_assess() -> None:
    # Trap: ensemble(kb, "nato", scenario=...) raised TypeError, its second
    # positional argument being the scenario; assess takes a target there.
    import inspect

    from multilat.assess import assess, sensitivity

    leading = ["kb", "target", "scenario", "horizon"]
    assert list(inspect.signature(assess).parameters)[:4] == leading
    assert list(inspect.signature(ensemble).parameters)[:4] == leading
    assert list(inspect.signature(sensitivity).parameters)[:3] == ["kb", "outcome", "scenario"]
    kb = chain_kb(scenarios=[scenario("s", {"a": 0.1})])
    one = ensemble(kb, "inst", scenario="s", n=20, seed=1)
    assert {o.target for o in one.outcomes} == {"inst"}
    whole = ensemble(kb, None, "s", "long", n=20, seed=1)
    assert one.outcomes == whole.only({o.key for o in one.outcomes}).outcomes
    with pytest.raises(UnknownName, match="no institution or regime 'nosuch' to assess"):
        ensemble(kb, "nosuch", n=20)
