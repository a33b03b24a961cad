"""Sensitivity: which trends move an outcome most (the data of a tornado chart).

:func:`sensitivity` takes one run of the map, the baseline or a scenario,
and pushes each trend that the run holds fixed down and up in turn, all
else as in the run, to see how far one outcome follows.
"""

from __future__ import annotations

import math

import numpy as np
from attrs import frozen

from multilat.assess._assessment import resolve_scenario
from multilat.assess._engine import Rule, Transfer, infer
from multilat.assess._maps import compile_map
from multilat.errors import UnknownName, did_you_mean
from multilat.knowledge import KnowledgeBase
from multilat.model import Horizon, Scenario

__all__ = ["Sensitivity", "sensitivity"]


@frozen
class Sensitivity:
    """One trend's effect on an outcome: its bar in a tornado chart."""

    #: The trend's id.
    trend: str
    #: The outcome's level with the trend pushed down (not the outcome's
    #: lowest level: with a trend that lowers it, pushing the trend down
    #: raises it).
    when_down: float
    #: The outcome's level with the trend pushed up.
    when_up: float
    #: The outcome's level in the run itself.
    base: float

    @property
    def swing(self) -> float:
        """``when_up - when_down``: negative if raising the trend lowers the outcome."""
        return self.when_up - self.when_down


def sensitivity(
    kb: KnowledgeBase,
    outcome: str,
    scenario: Scenario | str | None = None,
    *,
    horizon: Horizon | str = Horizon.LONG,
    delta: float = 0.5,
    rule: Rule = "kosko",
    transfer: Transfer = "tanh",
) -> tuple[Sensitivity, ...]:
    """How far ``outcome`` moves when each held trend is pushed down and up.

    The run is the one :func:`~multilat.assess.assess` makes: the map of
    ``horizon`` from the baseline, with ``scenario``'s trends held at their
    levels if one is given. The trends examined are the map's drivers
    (trends with no cause in the map, held at
    :data:`~multilat.assess._maps.BASELINE_LEVEL` unless the scenario sets
    them) and every trend the scenario holds: the inputs of the run. Each is
    set to its level in the run minus ``delta`` and plus ``delta``
    (clipped to [-1, 1]) and held there, everything else held as in the
    run; ``when_down`` and ``when_up`` are the outcome's levels then, ``base`` its
    level in the run. All runs go through :func:`~multilat.assess.infer`
    as one batch.

    Sorted by the size of the swing, largest first, then by trend id: the
    order of the bars of a tornado chart. Trends with no path to the
    outcome are included, with a swing of zero.

    :param outcome: a concept key: ``"nato.cohesion"``, or a trend id to
        see what moves that trend.
    :param delta: how far to push each trend, greater than 0.
    :raises KeyError: for an unknown outcome (naming the close keys) or
        scenario.
    :raises ValueError: for an unknown horizon, rule or transfer, or a
        ``delta`` that is not a positive number.

    >>> import multilat
    >>> from multilat.assess import sensitivity
    >>> bars = sensitivity(multilat.load(), "economic-crisis")
    >>> top = bars[0]
    >>> top.trend, round(top.when_down, 2), round(top.base, 2), round(top.when_up, 2)
    ('covid-19', 0.0, 0.36, 0.64)
    """
    if not (delta > 0 and math.isfinite(delta)):
        raise ValueError(f"delta must be a finite number > 0, got {delta!r}")
    chosen = resolve_scenario(kb, scenario)
    cmap = compile_map(kb, horizon)
    if outcome not in cmap:
        keys = [c.key for c in cmap.concepts]
        own = [k for k in keys if k.startswith(f"{outcome}.")]
        if own:  # an institution or regime given without its dimension
            raise UnknownName(
                f"no outcome {outcome!r} in the {cmap.horizon} map: give a dimension,"
                f" as in {own[0]!r} (its outcomes: {', '.join(own)})"
            )
        known = ", ".join(k for k in keys if "." in k)
        raise UnknownName(
            f"no outcome {outcome!r} in the {cmap.horizon} map{did_you_mean(outcome, keys)};"
            f" outcomes: {known or 'none'}"
        )
    target = cmap.index(outcome)

    clamps = cmap.scenario_clamps(chosen)
    initial = cmap.baseline_state()
    weights = np.array(cmap.weights)
    for position, level in clamps.items():
        initial[position] = level
    # Without incoming edges a clamped trend becomes a driver, and infer holds
    # drivers at each row's own initial value: so each row can push a
    # different trend, which one `clamped` mapping for the batch could not.
    weights[:, sorted(clamps)] = 0.0
    inputs = sorted(set(cmap.drivers()) | set(clamps), key=lambda i: cmap.concepts[i].key)

    batch = np.tile(initial, (1 + 2 * len(inputs), 1))
    for k, position in enumerate(inputs):
        level = initial[position]
        batch[1 + 2 * k, position] = max(-1.0, level - delta)
        batch[2 + 2 * k, position] = min(1.0, level + delta)
    states = infer(weights, batch, rule=rule, transfer=transfer).states[:, target]

    base = float(states[0])
    bars = [
        Sensitivity(
            trend=cmap.concepts[position].key,
            when_down=float(states[1 + 2 * k]),
            when_up=float(states[2 + 2 * k]),
            base=base,
        )
        for k, position in enumerate(inputs)
    ]
    return tuple(sorted(bars, key=lambda s: (-abs(s.swing), s.trend)))
