"""The capped calibration keeps the full knowledge base's map discriminating.

Two conditions (issue 14, documented in ``docs/explanation/cognitive-maps.md``):
no baseline outcome lies within 0.1 of ±1, and every scenario moves each
outcome it targets (:attr:`~multilat.assess.Assessment.targets`) by at least
0.05. Both are checked on the named scenarios and, as properties, over random
scenarios; the first also over random maps, where it holds by construction.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from multilat.assess import INCOMING_CAP, assess, calibration_scales, compile_map, ensemble
from multilat.model import WEIGHT_SCALE, Scenario, Text
from tests.test_conclusions import knowledge

#: No outcome may come closer than this to -1 or 1.
EDGE = 0.1
#: The least change a scenario must make in each outcome it targets.
MOVES = 0.05
HORIZONS = ("short", "long")


@pytest.mark.parametrize("horizon", HORIZONS)
def test_no_baseline_outcome_lies_within_a_tenth_of_the_ends(horizon: str) -> None:
    result = assess(knowledge(), horizon=horizon, paths=0)
    assert result.judged
    assert max(abs(o.level) for o in result.judged) <= 1 - EDGE


def test_without_calibration_the_baseline_saturates() -> None:
    # What the calibration is for: nine harmful judgments on NATO's cohesion.
    plain = assess(knowledge(), horizon="long", calibration="none", paths=0)
    assert plain.outcome("nato", "cohesion").level < -(1 - EDGE)


@pytest.mark.parametrize("horizon", HORIZONS)
def test_every_named_scenario_moves_each_outcome_it_targets(horizon: str) -> None:
    kb = knowledge()
    targeted = 0
    for named in kb.scenarios:
        result = assess(kb, scenario=named, horizon=horizon, paths=0)
        for key in result.targets:
            change = result.outcome(*key.split(".", 1)).change
            assert abs(change) >= MOVES, (named.id, key, change)
        targeted += len(result.targets)
    assert targeted  # the property is not vacuous


def test_deep_defence_cuts_target_nato_cohesion_and_move_it() -> None:
    result = assess(knowledge(), scenario="deep-defence-cuts", horizon="long", paths=0)
    assert {"nato.cohesion", "nato.effectiveness"} <= set(result.targets)
    assert result.outcome("nato", "cohesion").change <= -MOVES


@st.composite
def random_scenarios(draw: st.DrawFn) -> Scenario:
    trends = sorted(t.id for t in knowledge().trends)
    chosen = draw(st.lists(st.sampled_from(trends), min_size=1, max_size=3, unique=True))
    levels = {
        t: draw(st.floats(-1.0, 1.0, allow_nan=False) | st.sampled_from([-1.0, 0.0, 1.0]))
        for t in chosen
    }
    return Scenario(
        id="random", name=Text(en="Random"), description=Text(en="Drawn."), levels=levels
    )


@settings(max_examples=150)
@given(scenario=random_scenarios(), horizon=st.sampled_from(HORIZONS))
def test_random_scenarios_never_saturate_and_move_their_targets(
    scenario: Scenario, horizon: str
) -> None:
    result = assess(knowledge(), scenario=scenario, horizon=horizon, paths=0)
    for outcome in result.judged:
        assert abs(outcome.level) <= 1 - EDGE, outcome.key
    for key in result.targets:
        assert abs(result.outcome(*key.split(".", 1)).change) >= MOVES, key


@given(
    weights=hnp.arrays(
        np.float64,
        st.tuples(st.integers(1, 8), st.integers(1, 8)).map(lambda s: (s[0], s[0])),
        elements=st.sampled_from([0.0, *WEIGHT_SCALE, *(-w for w in WEIGHT_SCALE)]),
    ),
    data=st.data(),
)
def test_capped_sums_stay_within_the_cap_for_any_map_and_state(
    weights: npt.NDArray[np.float64], data: st.DataObject
) -> None:
    n = weights.shape[0]
    state = np.array(data.draw(st.lists(st.floats(-1, 1), min_size=n, max_size=n)))
    calibrated = weights * calibration_scales(weights, "capped")[np.newaxis, :]
    sums = state @ calibrated
    assert np.all(np.abs(sums) <= INCOMING_CAP + 1e-12)
    assert np.all(np.abs(np.tanh(sums)) <= 1 - EDGE)
    # Columns within the cap are left exactly as judged.
    within = np.abs(weights).sum(axis=0) <= INCOMING_CAP
    assert (calibrated[:, within] == weights[:, within]).all()


def test_the_cap_keeps_tanh_a_tenth_from_the_ends() -> None:
    assert math.tanh(INCOMING_CAP) <= 1 - EDGE


def test_plain_calibration_leaves_the_judged_weights() -> None:
    for horizon in HORIZONS:
        cmap = compile_map(knowledge(), horizon, calibration="none")
        assert (cmap.weights == cmap.judged_weights).all()


def test_ensembles_run_the_calibrated_map() -> None:
    capped = ensemble(knowledge(), n=200, seed=0, horizon="long")
    plain_level = assess(knowledge(), horizon="long", calibration="none", paths=0)
    cohesion = capped.outcome("nato", "cohesion")
    # The draws scatter around the calibrated level, far from the saturated one.
    assert cohesion.mean == pytest.approx(
        assess(knowledge(), horizon="long", paths=0).outcome("nato", "cohesion").level, abs=0.05
    )
    assert cohesion.quantile(0.05) > plain_level.outcome("nato", "cohesion").level
