"""Sparse products taken a few state rows at a time give the results of one product."""

from __future__ import annotations

import importlib

import numpy as np
import pytest
import scipy.sparse  # type: ignore[import-untyped]

from multilat.assess import Rule, infer

ENGINE = importlib.import_module("multilat.assess._engine")


@pytest.mark.parametrize("fmt", ["csr", "csc", "coo"])
@pytest.mark.parametrize("rule", ["kosko", "modified_kosko", "rescaled"])
def test_a_batch_in_blocks_of_rows_equals_the_dense_batch(
    monkeypatch: pytest.MonkeyPatch, fmt: str, rule: Rule
) -> None:
    rng = np.random.default_rng(12)
    n, m = 40, 7
    weights = rng.uniform(-1, 1, (n, n)) * (rng.random((n, n)) < 0.15)
    weights[:, :3] = 0.0  # three drivers
    states = rng.uniform(0, 1, (m, n))
    dense = infer(weights, states, rule=rule, clamped={5: 0.25})
    # Two rows per block: the 7 states go through the product in 4 pieces.
    monkeypatch.setattr(ENGINE, "_CACHED_STATE_VALUES", 2 * n)
    blocked = infer(
        scipy.sparse.coo_array(weights).asformat(fmt), states, rule=rule, clamped={5: 0.25}
    )
    np.testing.assert_allclose(blocked.states, dense.states, rtol=0, atol=1e-12)
    assert np.array_equal(blocked.steps, dense.steps)
    assert np.array_equal(blocked.converged, dense.converged)
