"""Ensembles in bounded memory: exact merging of chunk summaries, and the quantile sketch."""

from __future__ import annotations

import concurrent.futures
import importlib
import tracemalloc
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multilat.assess import EXACT_DRAWS, QUANTILES, SKETCH_WIDTH, ensemble
from multilat.assess._summary import QuantileSketch, Sums, sketch_bins
from tests.test_ensemble import chain_kb, scenario

ENSEMBLE_MODULE = importlib.import_module("multilat.assess._ensemble")

FloatArray = npt.NDArray[np.float64]

# Values of magnitude 2**-52 and more sit on the fixed-point grid: their sums are exact.
on_grid = st.one_of(
    st.just(0.0),
    st.floats(2.0**-52, 2.0),
    st.floats(-2.0, -(2.0**-52)),
)


@st.composite
def columns_of_values(draw: st.DrawFn, elements: st.SearchStrategy[float] = on_grid) -> FloatArray:
    columns = draw(st.integers(1, 3))
    rows = draw(st.integers(1, 40))
    values = draw(st.lists(elements, min_size=rows * columns, max_size=rows * columns))
    return np.array(values, dtype=np.float64).reshape(rows, columns)


def split(values: FloatArray, cuts: list[int]) -> list[FloatArray]:
    points = sorted({c % (values.shape[0] + 1) for c in cuts})
    return np.split(values, points)


def same_sums(a: Sums, b: Sums) -> bool:
    return (a.count, a.totals, a.low, a.high) == (b.count, b.totals, b.low, b.high)


# -- exact sums ----------------------------------------------------------------


@given(columns_of_values(), st.lists(st.integers(0, 50), max_size=5), st.randoms())
def test_merging_sums_is_exact_whatever_the_chunks_and_their_order(
    values: FloatArray, cuts: list[int], random: Any
) -> None:
    whole = Sums.of(values)
    parts = [Sums.of(part) for part in split(values, cuts)]
    random.shuffle(parts)
    merged = Sums.zero(values.shape[1])
    for part in parts:
        merged += part
    assert same_sums(merged, whole)
    assert merged.means() == whole.means()


@given(columns_of_values())
def test_means_are_the_exact_means_correctly_rounded(values: FloatArray) -> None:
    means = Sums.of(values).means()
    for j in range(values.shape[1]):
        exact = sum((Fraction(float(v)) for v in values[:, j]), Fraction(0)) / values.shape[0]
        assert means[j] == float(exact)


@given(st.floats(-2.0, 2.0), st.integers(1, 2000))
def test_the_mean_of_equal_values_is_that_value(value: float, count: int) -> None:
    # Also below the grid (|value| < 2**-52): the mean is clipped to [min, max].
    assert Sums.of(np.full((count, 1), value)).means() == (value,)


def test_sums_refuse_values_outside_their_range() -> None:
    with pytest.raises(ValueError, match=r"values must lie in \[-2, 2\]"):
        Sums.of(np.array([[2.5]]))
    with pytest.raises(ValueError, match=r"values must lie in \[-2, 2\]"):
        Sums.of(np.array([[np.nan]]))
    with pytest.raises(ValueError, match="no values"):
        Sums.zero(2).means()


# -- the quantile sketch -------------------------------------------------------

in_range = st.floats(-1.0, 1.0)
# Ties and values on bin edges: the cases a histogram handles worst.
discrete = st.sampled_from([-1.0, -0.5, 0.0, SKETCH_WIDTH, 0.25, 1.0])


@settings(max_examples=200)
@given(
    columns_of_values(st.one_of(in_range, discrete)),
    st.lists(st.integers(0, 50), max_size=5),
    st.randoms(),
)
def test_sketched_quantiles_are_within_one_bin_of_numpy_whatever_the_chunks(
    values: FloatArray, cuts: list[int], random: Any
) -> None:
    whole = QuantileSketch(values.shape[1], 1.0)
    whole.add_values(values)
    parts = split(values, cuts)
    random.shuffle(parts)
    merged = QuantileSketch(values.shape[1], 1.0)
    for part in parts:
        piece = QuantileSketch(values.shape[1], 1.0)
        piece.add_values(part)
        merged.merge(piece)
    assert np.array_equal(merged.counts, whole.counts)
    qs = (0.0, *QUANTILES, 1.0)
    sketched = merged.quantiles(qs)
    assert np.array_equal(sketched, whole.quantiles(qs))
    exact = np.quantile(values, qs, axis=0)
    assert np.abs(sketched - exact).max() <= SKETCH_WIDTH
    # The extremes are the extremes, exactly.
    assert np.array_equal(sketched[0], values.min(axis=0))
    assert np.array_equal(sketched[-1], values.max(axis=0))


def test_a_constant_column_has_exact_quantiles() -> None:
    sketch = QuantileSketch(2, 2.0)
    sketch.add_values(np.array([[0.0, 0.123456789]] * 7))
    assert np.array_equal(sketch.quantiles(QUANTILES), [[0.0, 0.123456789]] * len(QUANTILES))


def test_bins_are_the_documented_ones() -> None:
    values = np.array([[-1.0, -1.0 + SKETCH_WIDTH, 0.0, 1.0 - SKETCH_WIDTH / 2, 1.0]])
    assert sketch_bins(values, 1.0).tolist() == [[0, 1, 2**15, 2**16 - 1, 2**16 - 1]]
    assert QuantileSketch(1, 2.0).bin_count == 2**17


def test_a_sketch_needs_a_power_of_two_bound_and_values() -> None:
    with pytest.raises(ValueError, match="power of two"):
        QuantileSketch(1, 1.5)
    with pytest.raises(ValueError, match="no values"):
        QuantileSketch(1, 1.0).quantiles([0.5])
    with pytest.raises(ValueError, match="cannot merge"):
        QuantileSketch(1, 1.0).merge(QuantileSketch(1, 2.0))


# -- ensembles: the sketched path against the in-memory path --------------------


@pytest.mark.parametrize("chosen", [None, "s"])
def test_sketched_ensemble_agrees_with_the_in_memory_one(chosen: str | None) -> None:
    kb = chain_kb(scenarios=[scenario("s", {"b": -0.4})])
    kept = ensemble(kb, scenario=chosen, n=3_000, seed=5, chunk_size=128, exact=True)
    sketched = ensemble(kb, scenario=chosen, n=3_000, seed=5, chunk_size=128, exact=False)
    assert (kept.exact, sketched.exact) == (True, False)
    assert (kept.quantile_error, sketched.quantile_error) == (0.0, SKETCH_WIDTH)
    assert kept.levels.shape == (3_000, len(kept.outcomes))
    assert sketched.levels.shape == sketched.baseline_levels.shape == (0, len(kept.outcomes))
    for a, b in zip(kept.outcomes, sketched.outcomes, strict=True):
        assert (a.mean, a.mean_change, a.p_decline) == (b.mean, b.mean_change, b.p_decline)
        for (q, x), (r, y) in zip(
            a.quantiles + a.change_quantiles, b.quantiles + b.change_quantiles, strict=True
        ):
            assert q == r
            assert abs(x - y) <= SKETCH_WIDTH
    # The means are the draws' means, to the last bits.
    for j, outcome in enumerate(kept.outcomes):
        assert outcome.mean == pytest.approx(kept.levels[:, j].mean(), abs=1e-15)


def test_draws_are_kept_up_to_the_documented_number(monkeypatch: pytest.MonkeyPatch) -> None:
    assert EXACT_DRAWS == 100_000
    monkeypatch.setattr(ENSEMBLE_MODULE, "EXACT_DRAWS", 50)
    kb = chain_kb()
    assert ensemble(kb, n=50, seed=1).exact
    above = ensemble(kb, n=51, seed=1)
    assert not above.exact
    assert above.levels.shape[0] == 0
    assert ensemble(kb, n=51, seed=1, exact=True).levels.shape[0] == 51


def test_sketched_results_do_not_depend_on_the_executor() -> None:
    kb = chain_kb(scenarios=[scenario("s", {"a": 0.1})])
    reference = ensemble(kb, scenario="s", n=2_000, seed=9, chunk_size=50, exact=False)
    with concurrent.futures.ThreadPoolExecutor(max_workers=3) as pool:
        threaded = ensemble(
            kb, scenario="s", n=2_000, seed=9, chunk_size=50, exact=False, executor=pool
        )
    assert threaded.outcomes == reference.outcomes


class CountingPool(concurrent.futures.ThreadPoolExecutor):
    def __init__(self) -> None:
        super().__init__(max_workers=2)
        self.submitted = 0

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> concurrent.futures.Future[Any]:
        self.submitted += 1
        return super().submit(fn, *args, **kwargs)


def test_an_executor_never_holds_more_than_a_window_of_chunks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ENSEMBLE_MODULE, "_IN_FLIGHT", 3)
    ahead: list[int] = []
    with CountingPool() as pool:

        def record(done: int, total: int) -> None:
            ahead.append(pool.submitted - done // 10)

        ensemble(chain_kb(), n=200, chunk_size=10, executor=pool, progress=record)
        assert pool.submitted == 20
    # Chunks submitted beyond those finished: never more than the window.
    assert max(ahead) <= 3


def test_memory_does_not_grow_with_the_number_of_draws() -> None:
    kb = chain_kb(scenarios=[scenario("s", {"b": -0.4})])

    def peak(n: int) -> int:
        tracemalloc.start()
        try:
            ensemble(kb, scenario="s", n=n, seed=0, chunk_size=500, exact=False)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    small, large = peak(5_000), peak(100_000)
    # The sketches (a few MB) dominate both; 20 times the draws kept would be 20 times the memory.
    assert large < 1.25 * small
