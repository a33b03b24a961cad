"""The inference engine: hand-computed maps for every rule and transfer, then properties."""

from __future__ import annotations

import doctest
import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
import scipy.sparse  # type: ignore[import-untyped]
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import multilat.assess._engine
from multilat.assess import Inference, Rule, Transfer, infer

FloatArray = npt.NDArray[np.float64]


def sig(x: float, lam: float = 1.0) -> float:
    return 1.0 / (1.0 + math.exp(-lam * x))


def sign(x: float) -> float:
    return 1.0 if x > 0 else -1.0 if x < 0 else 0.0


def step_fn(x: float) -> float:
    return 1.0 if x > 0 else 0.0


# ---------------------------------------------------------------------------
# Hand-computed maps
#
# A three-concept cycle 0 -> 1 -> 2 -> 0 with weights 0.6, -0.5 and 0.3 and no
# driver, so every concept follows the rule:
#   (W^T a)_0 = 0.3 a2,  (W^T a)_1 = 0.6 a0,  (W^T a)_2 = -0.5 a1.

CYCLE = np.array(
    [
        [0.0, 0.6, 0.0],
        [0.0, 0.0, -0.5],
        [0.3, 0.0, 0.0],
    ]
)
A0 = [0.5, 0.2, 0.8]


def cycle_in(a: Sequence[float]) -> list[float]:
    return [0.3 * a[2], 0.6 * a[0], -0.5 * a[1]]


def kosko(a: Sequence[float]) -> list[float]:
    return cycle_in(a)


def modified_kosko(a: Sequence[float]) -> list[float]:
    return [s + x for s, x in zip(cycle_in(a), a, strict=True)]


def rescaled(a: Sequence[float]) -> list[float]:
    y = [2 * x - 1 for x in a]
    return [s + v for s, v in zip(cycle_in(y), y, strict=True)]


RULE_BY_NAME: dict[str, Callable[[Sequence[float]], list[float]]] = {
    "kosko": kosko,
    "modified_kosko": modified_kosko,
    "rescaled": rescaled,
}
TRANSFER_BY_NAME: dict[str, Callable[[float], float]] = {
    "sigmoid": lambda x: sig(x, 2.0),  # the tests below run with lam=2
    "tanh": math.tanh,  # fcmpy's tanh ignores lam: so does ours
    "bivalent": step_fn,
    "trivalent": sign,
}

# One update from A0, written out: the net inputs are
#   kosko           [0.3*0.8, 0.6*0.5, -0.5*0.2]             = [0.24, 0.3, -0.1]
#   modified_kosko  [0.24+0.5, 0.3+0.2, -0.1+0.8]            = [0.74, 0.5, 0.7]
#   rescaled        y = [0, -0.6, 0.6];  W^T y + y
#                   [0.3*0.6+0, 0.6*0+(-0.6), -0.5*(-0.6)+0.6] = [0.18, -0.6, 0.9]
ONE_STEP: dict[tuple[str, str], list[float]] = {
    ("kosko", "sigmoid"): [sig(0.24, 2), sig(0.3, 2), sig(-0.1, 2)],
    ("kosko", "tanh"): [math.tanh(0.24), math.tanh(0.3), math.tanh(-0.1)],
    ("kosko", "bivalent"): [1.0, 1.0, 0.0],
    ("kosko", "trivalent"): [1.0, 1.0, -1.0],
    ("modified_kosko", "sigmoid"): [sig(0.74, 2), sig(0.5, 2), sig(0.7, 2)],
    ("modified_kosko", "tanh"): [math.tanh(0.74), math.tanh(0.5), math.tanh(0.7)],
    ("modified_kosko", "bivalent"): [1.0, 1.0, 1.0],
    ("modified_kosko", "trivalent"): [1.0, 1.0, 1.0],
    ("rescaled", "sigmoid"): [sig(0.18, 2), sig(-0.6, 2), sig(0.9, 2)],
    ("rescaled", "tanh"): [math.tanh(0.18), math.tanh(-0.6), math.tanh(0.9)],
    ("rescaled", "bivalent"): [1.0, 0.0, 1.0],
    ("rescaled", "trivalent"): [1.0, -1.0, 1.0],
}


@pytest.mark.parametrize(("rule", "transfer"), sorted(ONE_STEP))
def test_one_update_by_hand(rule: Rule, transfer: Transfer) -> None:
    result = infer(CYCLE, A0, rule=rule, transfer=transfer, lam=2.0, threshold=0.0, max_iter=1)
    np.testing.assert_allclose(result.states, ONE_STEP[rule, transfer], rtol=0, atol=1e-15)
    assert result.steps == 1
    assert result.converged is False


@pytest.mark.parametrize(("rule", "transfer"), sorted(ONE_STEP))
def test_two_updates_by_hand(rule: Rule, transfer: Transfer) -> None:
    apply_rule, f = RULE_BY_NAME[rule], TRANSFER_BY_NAME[transfer]
    first = [f(x) for x in apply_rule(A0)]
    assert first == pytest.approx(ONE_STEP[rule, transfer], abs=1e-15)
    second = [f(x) for x in apply_rule(first)]
    result = infer(CYCLE, A0, rule=rule, transfer=transfer, lam=2.0, threshold=0.0, max_iter=2)
    np.testing.assert_allclose(result.states, second, rtol=0, atol=1e-15)
    assert result.steps == 2


# A driver: concept 0 has no incoming influence (column 0 is zero).
#   (W^T a)_1 = 0.8 a0 - 0.4 a2,  (W^T a)_2 = 0.5 a1.
CHAIN = np.array(
    [
        [0.0, 0.8, 0.0],
        [0.0, 0.0, 0.5],
        [0.0, -0.4, 0.0],
    ]
)


def test_driver_is_held_at_its_initial_value() -> None:
    result = infer(CHAIN, [1.0, 0.0, 0.0], threshold=0.0, max_iter=2)
    step1 = [1.0, sig(0.8 * 1.0 - 0.4 * 0.0), sig(0.5 * 0.0)]
    step2 = [1.0, sig(0.8 * 1.0 - 0.4 * step1[2]), sig(0.5 * step1[1])]
    np.testing.assert_allclose(result.states, step2, rtol=0, atol=1e-15)


def test_driver_follows_the_rule_when_not_held() -> None:
    result = infer(CHAIN, [1.0, 0.0, 0.0], hold_drivers=False, threshold=0.0, max_iter=2)
    step1 = [sig(0.0), sig(0.8 * 1.0 - 0.4 * 0.0), sig(0.5 * 0.0)]
    step2 = [sig(0.0), sig(0.8 * step1[0] - 0.4 * step1[2]), sig(0.5 * step1[1])]
    np.testing.assert_allclose(result.states, step2, rtol=0, atol=1e-15)


def test_clamp_applies_at_step_zero_and_after_every_step() -> None:
    # Concept 2 starts at 0.9 but is clamped to 0: the first update already sees 0.
    result = infer(CHAIN, [1.0, 0.0, 0.9], clamped={2: 0.0}, threshold=0.0, max_iter=2)
    step1 = [1.0, sig(0.8 * 1.0 - 0.4 * 0.0), 0.0]
    step2 = [1.0, sig(0.8 * 1.0 - 0.4 * 0.0), 0.0]
    np.testing.assert_allclose(result.states, step2, rtol=0, atol=1e-15)
    assert step1 == step2
    # Converges at the first step that changes nothing: step 2.
    assert infer(CHAIN, [1.0, 0.0, 0.9], clamped={2: 0.0}, threshold=0.0).steps == 2


def test_clamp_wins_over_a_held_driver() -> None:
    result = infer(CHAIN, [1.0, 0.0, 0.0], clamped={0: 0.3}, threshold=0.0, max_iter=1)
    np.testing.assert_allclose(result.states, [0.3, sig(0.8 * 0.3), sig(0.0)], rtol=0, atol=1e-15)


def test_a_fractional_clamp_under_bivalent_transfer() -> None:
    # States stay float: 0.25 is kept, not truncated. Net inputs, from [0.25, 0, 0]:
    #   (W^T a)_1 = 0.8*0.25 - 0.4*a2 = 0.2 - 0.4*a2,  (W^T a)_2 = 0.5*a1
    # step 1: [0.25, (0.2 > 0), (0 > 0)]           = [0.25, 1, 0]
    # step 2: [0.25, (0.2 > 0), (0.5 > 0)]         = [0.25, 1, 1]
    # step 3: [0.25, (0.2 - 0.4 > 0), (0.5 > 0)]   = [0.25, 0, 1]
    # step 4: [0.25, (0.2 - 0.4 > 0), (0 > 0)]     = [0.25, 0, 0]
    # step 5: as step 1: a cycle of length 4, which never converges.
    expected = [[0.25, 1, 0], [0.25, 1, 1], [0.25, 0, 1], [0.25, 0, 0], [0.25, 1, 0]]
    for steps, states in enumerate(expected, start=1):
        result = infer(
            CHAIN, [0.0, 0.0, 0.0], transfer="bivalent", clamped={0: 0.25}, max_iter=steps
        )
        assert result.states.tolist() == states
        assert (result.steps, result.converged) == (steps, False)


def test_bivalent_converges_at_the_first_unchanged_step() -> None:
    # 0 -> 1 with weight 1; the driver is held at 1.
    w = np.array([[0.0, 1.0], [0.0, 0.0]])
    result = infer(w, [1.0, 0.0], transfer="bivalent")
    # Step 1: [1, 1] (change 1); step 2: [1, 1] (change 0 <= 1e-5).
    assert result.states.tolist() == [1.0, 1.0]
    assert (result.steps, result.converged) == (2, True)


SWAP = np.array([[0.0, 1.0], [1.0, 0.0]])  # 0 -> 1 and 1 -> 0


def test_an_oscillating_bivalent_map_does_not_converge() -> None:
    # [1, 0] -> [0, 1] -> [1, 0] -> ...: every step changes by 1.
    result = infer(SWAP, [1.0, 0.0], transfer="bivalent", max_iter=7)
    assert (result.steps, result.converged) == (7, False)
    assert result.states.tolist() == [0.0, 1.0]  # after an odd number of steps


def test_the_threshold_comparison_is_inclusive() -> None:
    # The change is exactly 1 at step 1.
    hit = infer(SWAP, [1.0, 0.0], transfer="bivalent", threshold=1.0)
    assert (hit.steps, hit.converged, hit.states.tolist()) == (1, True, [0.0, 1.0])
    miss = infer(SWAP, [1.0, 0.0], transfer="bivalent", threshold=0.999, max_iter=4)
    assert (miss.steps, miss.converged) == (4, False)


def test_converging_on_the_last_allowed_step_counts() -> None:
    w = np.array([[0.0, 1.0], [0.0, 0.0]])
    result = infer(w, [1.0, 0.0], transfer="bivalent", max_iter=2)
    assert (result.steps, result.converged) == (2, True)
    short = infer(w, [1.0, 0.0], transfer="bivalent", max_iter=1)
    assert (short.steps, short.converged) == (1, False)


def test_trivalent_self_inhibition_oscillates() -> None:
    result = infer(np.array([[-1.0]]), [1.0], transfer="trivalent", max_iter=3)
    # 1 -> -1 -> 1 -> -1
    assert (result.states.tolist(), result.steps, result.converged) == ([-1.0], 3, False)


def test_trivalent_zero_is_positive_zero() -> None:
    # 0 * -0.5 is -0.0 in IEEE arithmetic; the state should still read 0.0.
    result = infer(np.array([[0.0, -0.5], [0.0, 0.0]]), [0.0, 1.0], transfer="trivalent")
    assert math.copysign(1.0, float(result.states[1])) == 1.0


def test_batch_reports_per_row() -> None:
    w = np.array([[0.0, 1.0], [0.0, 0.0]])
    result = infer(w, [[1.0, 0.0], [1.0, 1.0], [0.0, 0.0]], transfer="bivalent")
    assert result.states.tolist() == [[1.0, 1.0], [1.0, 1.0], [0.0, 0.0]]
    # Row 0 changes once, rows 1 and 2 are fixed points from the start.
    assert result.steps.tolist() == [2, 1, 1]  # type: ignore[union-attr]
    assert result.converged.tolist() == [True, True, True]  # type: ignore[union-attr]


def test_result_types() -> None:
    single = infer(CYCLE, A0)
    assert isinstance(single, Inference)
    assert type(single.steps) is int
    assert type(single.converged) is bool
    assert single.states.shape == (3,)
    assert single.states.dtype == np.float64
    batch = infer(CYCLE, [A0, A0])
    assert isinstance(batch.steps, np.ndarray)
    assert batch.steps.dtype == np.int64
    assert isinstance(batch.converged, np.ndarray)
    assert batch.converged.dtype == np.bool_
    assert batch.states.shape == (2, 3)
    with pytest.raises(ValueError, match="read-only"):
        batch.states[0, 0] = 1.0


def test_inputs_are_not_modified() -> None:
    w = CYCLE.copy()
    a = np.array([A0, A0])
    infer(w, a, clamped={0: 0.0})
    assert np.array_equal(w, CYCLE)
    assert np.array_equal(a, [A0, A0])


def test_array_likes_and_integer_weights() -> None:
    result = infer([[0, 1], [0, 0]], [1, 0], transfer="bivalent")
    assert result.states.tolist() == [1.0, 1.0]


def test_empty_batch() -> None:
    result = infer(CYCLE, np.empty((0, 3)))
    assert result.states.shape == (0, 3)
    assert result.steps.shape == (0,)  # type: ignore[union-attr]


def test_large_sparse_map_stays_sparse() -> None:
    # Densifying this map would take 8e10 bytes; the sparse path needs kilobytes.
    n = 100_000
    w = scipy.sparse.diags_array([np.full(n - 1, 0.5)], offsets=[1], format="coo")
    a = np.zeros(n)
    a[0] = 1.0
    result = infer(w, a, max_iter=3, threshold=0.0)
    assert result.states[0] == 1.0  # concept 0 is the one driver
    assert result.states[1] == pytest.approx(sig(0.5))
    assert result.steps == 3


def test_the_docstring_example_runs() -> None:
    failures, attempts = doctest.testmod(multilat.assess._engine)
    assert attempts > 0
    assert failures == 0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"weights": np.zeros((2, 3))}, r"square \(n, n\) matrix, got shape \(2, 3\)"),
        ({"weights": np.zeros((0, 0))}, "non-empty square"),
        ({"weights": np.zeros(3)}, "square"),
        ({"weights": scipy.sparse.csr_array((2, 3))}, "square"),
        ({"initial": [0.0, 0.0]}, r"initial must have shape \(3,\) or \(m, 3\)"),
        ({"initial": np.zeros((2, 2, 3))}, "initial must have shape"),
        ({"rule": "mKosko"}, "unknown rule 'mKosko'; known rules: kosko, modified_kosko, rescaled"),
        ({"transfer": "relu"}, "unknown transfer 'relu'; known transfers: sigmoid, tanh, biv"),
        ({"clamped": {3: 0.0}}, "clamped concept index 3 is out of range for 3 concepts"),
        ({"clamped": {-1: 0.0}}, "clamped concept index -1 is out of range"),
        ({"clamped": {"a": 0.0}}, "clamped keys must be concept indices"),
        ({"clamped": {0: math.nan}}, "clamped value for concept 0 must be finite"),
        ({"weights": np.full((3, 3), math.nan)}, "weights contain NaN"),
        (
            {"weights": scipy.sparse.csr_array(np.diag([math.nan, 0.0, 0.0]))},
            "weights contain NaN",
        ),
        ({"initial": [0.0, math.nan, 0.0]}, "initial contains NaN"),
        ({"initial": [0.0, math.inf, 0.0]}, "initial contains NaN or infinite"),
        ({"threshold": -1e-9}, "threshold must be >= 0"),
        ({"threshold": math.nan}, "threshold must be >= 0"),
        ({"max_iter": 0}, "max_iter must be >= 1, got 0"),
        ({"lam": 0.0}, "lam must be a finite number > 0"),
        ({"lam": math.nan}, "lam must be a finite number > 0"),
    ],
)
def test_invalid_input_is_one_clear_value_error(kwargs: dict[str, Any], message: str) -> None:
    call: dict[str, Any] = {"weights": CYCLE, "initial": A0} | kwargs
    with pytest.raises(ValueError, match=message) as info:
        infer(call.pop("weights"), call.pop("initial"), **call)
    assert "\n" not in str(info.value)


# ---------------------------------------------------------------------------
# Properties

RULES = ("kosko", "modified_kosko", "rescaled")
TRANSFERS = ("sigmoid", "tanh", "bivalent", "trivalent")
RANGE = {
    "sigmoid": (0.0, 1.0),
    "tanh": (-1.0, 1.0),
    "bivalent": (0.0, 1.0),
    "trivalent": (-1.0, 1.0),
}
SPARSE_FORMATS = ("csr", "csc", "coo", "lil", "dok", "bsr", "dia")

# A loaded CI machine can stall any example past Hypothesis's 200 ms deadline.
NO_DEADLINE = settings(deadline=None)

unit = st.floats(-1.0, 1.0, allow_subnormal=False)
weight = st.one_of(st.just(0.0), unit)


@st.composite
def maps(draw: st.DrawFn, max_n: int = 6) -> FloatArray:
    n = draw(st.integers(1, max_n))
    return draw(hnp.arrays(np.float64, (n, n), elements=weight))


@st.composite
def runs(draw: st.DrawFn, max_rows: int = 5) -> dict[str, Any]:
    """A map, a batch of initial states inside the transfer's range, and options."""
    w = draw(maps())
    n = w.shape[0]
    transfer = draw(st.sampled_from(TRANSFERS))
    low, high = RANGE[transfer]
    rows = draw(st.integers(1, max_rows))
    initial = draw(
        hnp.arrays(np.float64, (rows, n), elements=st.floats(low, high, allow_subnormal=False))
    )
    return {
        "weights": w,
        "initial": initial,
        "rule": draw(st.sampled_from(RULES)),
        "transfer": transfer,
        "lam": draw(st.sampled_from([0.5, 1.0, 5.0])),
        "hold_drivers": draw(st.booleans()),
        "max_iter": draw(st.integers(1, 30)),
    }


def clamps_for(n: int, low: float, high: float) -> st.SearchStrategy[dict[int, float]]:
    return st.dictionaries(
        st.integers(0, n - 1), st.floats(low, high, allow_subnormal=False), max_size=n
    )


def run(case: dict[str, Any], **overrides: Any) -> Inference:
    call = case | overrides
    return infer(call.pop("weights"), call.pop("initial"), **call)


def assert_same(a: Inference, b: Inference) -> None:
    np.testing.assert_allclose(a.states, b.states, rtol=0, atol=1e-12)
    assert np.array_equal(a.steps, b.steps)
    assert np.array_equal(a.converged, b.converged)


@given(runs())
@NO_DEADLINE
def test_states_stay_within_the_transfer_range(case: dict[str, Any]) -> None:
    result = run(case, hold_drivers=False)
    low, high = RANGE[case["transfer"]]
    assert np.all((low <= result.states) & (result.states <= high))
    if case["transfer"] in ("bivalent", "trivalent"):
        assert set(np.unique(result.states)) <= {-1.0, 0.0, 1.0}


@given(runs(), st.data())
@NO_DEADLINE
def test_clamped_concepts_keep_their_value(case: dict[str, Any], data: st.DataObject) -> None:
    n = case["weights"].shape[0]
    clamped = data.draw(clamps_for(n, -2.0, 2.0))
    result = run(case, clamped=clamped)
    for index, value in clamped.items():
        assert np.all(result.states[:, index] == value)


@given(runs())
@NO_DEADLINE
def test_held_drivers_keep_their_initial_value(case: dict[str, Any]) -> None:
    drivers = ~case["weights"].any(axis=0)
    result = run(case, hold_drivers=True)
    assert np.array_equal(result.states[:, drivers], case["initial"][:, drivers])


@given(runs())
@NO_DEADLINE
def test_a_batch_equals_its_rows_run_alone(case: dict[str, Any]) -> None:
    batch = run(case)
    for row, initial in enumerate(case["initial"]):
        alone = run(case, initial=initial)
        assert isinstance(batch.steps, np.ndarray)
        assert isinstance(batch.converged, np.ndarray)
        np.testing.assert_allclose(batch.states[row], alone.states, rtol=0, atol=1e-12)
        assert batch.steps[row] == alone.steps
        assert batch.converged[row] == alone.converged


@given(runs(), st.data())
@NO_DEADLINE
def test_relabelling_concepts_permutes_the_result(
    case: dict[str, Any], data: st.DataObject
) -> None:
    n = case["weights"].shape[0]
    perm = np.array(data.draw(st.permutations(range(n))))
    clamped = data.draw(clamps_for(n, -1.0, 1.0))
    if case["transfer"] in ("bivalent", "trivalent"):
        # Relabelling sums a concept's inputs in another order, and floating
        # point sums in another order may round differently: -1 + 1 - 9e-305
        # is -9e-305 one way and 0 the other, and these transfers jump at 0.
        # On a dyadic grid every sum is exact, whatever its order.
        case = case | {
            "weights": np.round(case["weights"] * 64) / 64,
            "initial": np.round(case["initial"] * 64) / 64,
        }
        clamped = {i: round(v * 64) / 64 for i, v in clamped.items()}
    # New concept k is old concept perm[k].
    new_index = {int(old): new for new, old in enumerate(perm)}
    original = run(case, clamped=clamped)
    relabelled = run(
        case,
        weights=case["weights"][np.ix_(perm, perm)],
        initial=case["initial"][:, perm],
        clamped={new_index[i]: v for i, v in clamped.items()},
    )
    np.testing.assert_allclose(relabelled.states, original.states[:, perm], rtol=0, atol=1e-12)
    assert np.array_equal(relabelled.steps, original.steps)


@st.composite
def positive_from_driver(draw: st.DrawFn) -> FloatArray:
    """A map in which concept 0 is a driver and every path leaving it is positive."""
    w = draw(maps(max_n=7))
    w[:, 0] = 0.0
    reached = {0}
    frontier = [0]
    while frontier:
        source = frontier.pop()
        for target in np.flatnonzero(w[source]).tolist():
            if target not in reached:
                reached.add(target)
                frontier.append(target)
    # Influences of concepts the driver cannot reach may stay negative: they
    # do not lie on a path from it.
    rows = sorted(reached)
    w[rows] = np.abs(w[rows])
    return w


@given(
    positive_from_driver(),
    st.data(),
    st.floats(0.0, 1.0),
    st.floats(0.0, 1.0),
    st.integers(1, 40),
)
@NO_DEADLINE
def test_raising_a_driver_on_positive_paths_never_lowers_any_concept(
    w: FloatArray, data: st.DataObject, low: float, high: float, max_iter: int
) -> None:
    low, high = sorted((low, high))
    n = w.shape[0]
    rest = data.draw(hnp.arrays(np.float64, (n,), elements=st.floats(0.0, 1.0)))
    a_low, a_high = rest.copy(), rest.copy()
    a_low[0], a_high[0] = low, high
    # threshold 0: both runs go to max_iter or stop at an exact fixed point,
    # which is the state max_iter would have reached too.
    options: dict[str, Any] = {"threshold": 0.0, "max_iter": max_iter, "hold_drivers": True}
    lower = infer(w, a_low, rule="kosko", transfer="sigmoid", **options)
    higher = infer(w, a_high, rule="kosko", transfer="sigmoid", **options)
    assert np.all(higher.states >= lower.states - 1e-12)


@given(runs(), st.sampled_from(SPARSE_FORMATS), st.data())
@NO_DEADLINE
def test_dense_and_sparse_weights_agree(
    case: dict[str, Any], fmt: str, data: st.DataObject
) -> None:
    n = case["weights"].shape[0]
    clamped = data.draw(clamps_for(n, -1.0, 1.0))
    sparse = scipy.sparse.coo_array(case["weights"]).asformat(fmt)
    assert_same(run(case, clamped=clamped), run(case, weights=sparse, clamped=clamped))
    matrix = scipy.sparse.csr_matrix(case["weights"])  # the old spmatrix interface
    assert_same(run(case, clamped=clamped), run(case, weights=matrix, clamped=clamped))


@given(runs())
@settings(max_examples=50, deadline=None)
def test_steps_count_the_updates_up_to_the_first_small_change(case: dict[str, Any]) -> None:
    case = case | {"initial": case["initial"][0]}
    result = run(case)
    assert isinstance(result.steps, int)
    assert 1 <= result.steps <= case["max_iter"]
    if not result.converged:
        assert result.steps == case["max_iter"]
        return
    # Cut off exactly there, it still converges with the same state ...
    same = run(case, max_iter=result.steps)
    assert (same.steps, same.converged) == (result.steps, True)
    np.testing.assert_array_equal(same.states, result.states)
    # ... and one update earlier it had not converged yet.
    if result.steps > 1:
        earlier = run(case, max_iter=result.steps - 1)
        assert (earlier.steps, earlier.converged) == (result.steps - 1, False)
