"""Assessments: what the knowledge base says happens to each institution.

:func:`assess` runs the map of one horizon from the baseline and, given a
scenario, from the scenario too, and reports per (target, dimension) the
level reached, the change against the baseline (a difference of levels, not
a percentage) and the strongest paths from the trends to it, each edge with
the citations behind it. :func:`rank_recommendations` orders the
recommendations by the harm they answer.

Levels run from -1 to 1 (the ``tanh`` transfer): below zero an institution's
effectiveness, cohesion, … suffers, above zero it gains. They are the map's
reading of ordinal judgments, not measurements: compare them with each other,
not with the world.
"""

from __future__ import annotations

import difflib
import heapq
from collections.abc import Iterator, Mapping

import numpy as np
import numpy.typing as npt
from attrs import field, frozen

from multilat.assess.engine import infer
from multilat.assess.maps import CognitiveMap, Concept, Edge, compile_map
from multilat.knowledge import KnowledgeBase
from multilat.model import (
    Citation,
    Dimension,
    Horizon,
    Influence,
    Institution,
    Recommendation,
    Regime,
    Scenario,
)

__all__ = [
    "Assessment",
    "Outcome",
    "Path",
    "RankedRecommendation",
    "assess",
    "rank_recommendations",
    "resolve_scenario",
]

#: Longest chain of influences a path may have.
MAX_PATH_LENGTH = 6
#: Below this, a level or change is rounding of the float sums, not harm.
NOISE = 1e-9


@frozen
class Path:
    """A chain of influences from a trend held at a level to an outcome.

    :attr:`contribution` is the trend's level times the product of the
    weights along the chain: what the chain adds to the outcome before the
    transfer function, the linear reading of the map.
    """

    #: Concept keys from the trend to the outcome.
    concepts: tuple[str, ...]
    #: The influences along the chain, in order.
    influences: tuple[Influence, ...]
    contribution: float

    @property
    def citations(self) -> tuple[Citation, ...]:
        """Every citation behind the chain's influences, in order."""
        return tuple(c for i in self.influences for c in i.citations)

    def __str__(self) -> str:
        return " -> ".join(self.concepts)


@frozen
class Outcome:
    """One dimension of one institution or regime, assessed."""

    target: str
    dimension: Dimension
    #: Level reached under the assessment's scenario (the baseline if none).
    level: float
    #: Level reached in the baseline.
    baseline: float
    #: The strongest paths to it, strongest first.
    paths: tuple[Path, ...] = ()

    @property
    def key(self) -> str:
        """``target.dimension``."""
        return Concept.key_of(self.target, self.dimension)

    @property
    def change(self) -> float:
        """Level minus baseline level."""
        return self.level - self.baseline


@frozen(eq=False)
class Assessment:
    """The result of :func:`assess`."""

    horizon: Horizon
    #: ``None`` for the baseline.
    scenario: Scenario | None
    #: Sorted by key.
    outcomes: tuple[Outcome, ...]
    #: Level of every trend, by id, under the scenario.
    trend_levels: Mapping[str, float]
    #: Whether both runs (baseline, scenario) settled within the iteration cap.
    converged: bool
    rule: str
    transfer: str
    knowledge: KnowledgeBase = field(repr=False)

    def outcome(self, target: str, dimension: Dimension | str) -> Outcome:
        """The outcome for ``target`` and ``dimension``."""
        key = Concept.key_of(target, Dimension(dimension))
        for outcome in self.outcomes:
            if outcome.key == key:
                return outcome
        raise KeyError(f"no outcome {key!r} in this assessment")

    def for_target(self, target: str) -> tuple[Outcome, ...]:
        """The outcomes of one institution or regime."""
        return tuple(o for o in self.outcomes if o.target == target)

    def ordered(self) -> tuple[Outcome, ...]:
        """The outcomes worst first: by change under a scenario, else by level."""
        if self.scenario is None:
            return tuple(sorted(self.outcomes, key=lambda o: (o.level, o.key)))
        return tuple(sorted(self.outcomes, key=lambda o: (o.change, o.key)))

    def worst(self, n: int = 5) -> tuple[Outcome, ...]:
        """At most ``n`` outcomes that suffer, worst first.

        In the baseline an outcome suffers below level zero; under a scenario
        when the scenario lowers it. Differences below ``NOISE`` (1e-9) are the
        float sums' rounding, not harm.
        """
        by_change = self.scenario is not None
        return tuple(
            o for o in self.ordered() if (o.change if by_change else o.level) < -NOISE
        )[:n]


def _check_target(kb: KnowledgeBase, cmap: CognitiveMap, target: str) -> None:
    targets = sorted({c.target for c in cmap.outcomes})
    if target in targets:
        return
    if isinstance(kb.get(target), Institution | Regime):
        raise KeyError(f"no influence acts on {target!r}: it has nothing to assess")
    close = difflib.get_close_matches(target, targets, n=3)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    raise KeyError(f"no institution or regime {target!r} to assess{hint}")


def resolve_scenario(kb: KnowledgeBase, scenario: Scenario | str | None) -> Scenario | None:
    """A scenario given by object or id; :class:`KeyError` naming close ids."""
    if scenario is None or isinstance(scenario, Scenario):
        return scenario
    found = next((s for s in kb.scenarios if s.id == scenario), None)
    if found is None:
        close = difflib.get_close_matches(scenario, [s.id for s in kb.scenarios], n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise KeyError(f"no scenario {scenario!r}{hint}")
    return found


def run(
    cmap: CognitiveMap, scenario: Scenario | None, *, rule: str, transfer: str
) -> tuple[npt.NDArray[np.float64], bool]:
    """Settle ``cmap`` from the baseline with ``scenario``'s trends held."""
    clamps = cmap.scenario_clamps(scenario)
    initial = cmap.baseline_state()
    for position, level in clamps.items():
        initial[position] = level
    result = infer(cmap.weights, initial, rule=rule, transfer=transfer, clamped=clamps)
    return np.asarray(result.states, dtype=np.float64), bool(result.converged)


def _exogenous(cmap: CognitiveMap, scenario: Scenario | None) -> set[int]:
    return set(cmap.drivers()) | set(cmap.scenario_clamps(scenario))


def strongest_paths(
    cmap: CognitiveMap, state: npt.NDArray[np.float64], sources: set[int], outcome: int, k: int
) -> tuple[Path, ...]:
    """The ``k`` chains from a held trend to ``outcome`` that contribute most."""
    if k <= 0:
        return ()
    best: list[tuple[float, int, Path]] = []

    def walk(node: int, chain: list[Edge], product: float, seen: set[int]) -> Iterator[Path]:
        if node in sources and chain:
            # A held trend ignores its causes: paths start here, never pass through.
            if state[node] != 0:
                ordered = list(reversed(chain))
                yield Path(
                    concepts=(
                        cmap.concepts[node].key,
                        *(cmap.concepts[e.effect].key for e in ordered),
                    ),
                    influences=tuple(e.influence for e in ordered),
                    contribution=float(state[node] * product),
                )
            return
        if len(chain) >= MAX_PATH_LENGTH:
            return
        for edge in cmap.incoming(node):
            if edge.cause not in seen:
                yield from walk(
                    edge.cause, [*chain, edge], product * edge.influence.weight, seen | {edge.cause}
                )

    # The running number breaks ties in the order paths are found (influence-id order).
    for found, path in enumerate(walk(outcome, [], 1.0, {outcome})):
        item = (abs(path.contribution), -found, path)
        if len(best) < k:
            heapq.heappush(best, item)
        elif item[0] > best[0][0]:
            heapq.heapreplace(best, item)
    ranked = sorted(best, key=lambda t: (-t[0], t[2].concepts))
    return tuple(p for _, _, p in ranked)


def assess(
    kb: KnowledgeBase,
    target: str | None = None,
    scenario: Scenario | str | None = None,
    horizon: Horizon | str = Horizon.LONG,
    *,
    rule: str = "kosko",
    transfer: str = "tanh",
    paths: int = 3,
) -> Assessment:
    """Assess every institution and regime (or ``target``) under ``scenario``.

    The map of ``horizon`` runs from the baseline (drivers at
    :data:`~multilat.assess.maps.BASELINE_LEVEL`) and, if a scenario is
    given, again with the scenario's trends held at their levels. ``rule``
    and ``transfer`` are passed to :func:`~multilat.assess.infer`; ``tanh``
    keeps the sign of a judgment (harm below zero). ``paths`` strongest
    paths are kept per outcome.

    Raises :class:`KeyError` for an unknown target or scenario, or a
    scenario that names a trend the knowledge base does not have.

    >>> import multilat
    >>> from multilat.assess import assess
    >>> kb = multilat.load()
    >>> result = assess(kb, horizon="long")
    >>> round(result.trend_levels["erosion-of-multilateral-order"], 2)
    0.98
    """
    chosen = resolve_scenario(kb, scenario)
    cmap = compile_map(kb, horizon)
    if target is not None:
        _check_target(kb, cmap, target)
    baseline, baseline_converged = run(cmap, None, rule=rule, transfer=transfer)
    if chosen is None:
        state, converged = baseline, baseline_converged
    else:
        state, converged = run(cmap, chosen, rule=rule, transfer=transfer)
        converged = converged and baseline_converged
    sources = _exogenous(cmap, chosen)
    outcomes = []
    for position, concept in enumerate(cmap.concepts):
        if concept.dimension is None or (target is not None and concept.target != target):
            continue
        outcomes.append(
            Outcome(
                target=concept.target,
                dimension=concept.dimension,
                level=float(state[position]),
                baseline=float(baseline[position]),
                paths=strongest_paths(cmap, state, sources, position, paths),
            )
        )
    trend_levels = {c.key: float(state[i]) for i, c in enumerate(cmap.concepts) if c.is_trend}
    return Assessment(
        horizon=cmap.horizon,
        scenario=chosen,
        outcomes=tuple(sorted(outcomes, key=lambda o: o.key)),
        trend_levels=trend_levels,
        converged=converged,
        rule=rule,
        transfer=transfer,
        knowledge=kb,
    )


@frozen
class RankedRecommendation:
    """A recommendation with the harm it answers in an assessment."""

    recommendation: Recommendation
    #: Sum of the harm answered (see :func:`rank_recommendations`).
    severity: float
    #: One line per outcome it answers, worst first.
    reasons: tuple[str, ...]


def rank_recommendations(assessment: Assessment) -> tuple[RankedRecommendation, ...]:
    """Order the recommendations by the severity of the harm they answer.

    A recommendation answers an outcome whose level is below zero if the
    outcome's institution or regime is one of its targets (the harm counts
    in full), or if one of the outcome's strongest harmful paths runs
    through a trend or influence it counters (that path's contribution
    counts). Severity sums what it answers; ties go by number.
    """
    ranked = []
    for rec in assessment.knowledge.recommendations:
        countered = set(rec.counters)
        answered: list[tuple[float, str]] = []
        for outcome in assessment.outcomes:
            if outcome.level >= 0:
                continue
            if outcome.target in rec.targets:
                answered.append(
                    (-outcome.level, f"{outcome.key} at {outcome.level:+.2f} (a target)")
                )
                continue
            via = [
                p for p in outcome.paths
                if p.contribution < 0
                and (countered & set(p.concepts) or countered & {i.id for i in p.influences})
            ]
            if via:
                harm = sum(-p.contribution for p in via)
                names = sorted(countered & ({*via[0].concepts} | {i.id for i in via[0].influences}))
                answered.append(
                    (harm, f"{outcome.key} at {outcome.level:+.2f} via {', '.join(names)}")
                )
        answered.sort(key=lambda a: (-a[0], a[1]))
        ranked.append(
            RankedRecommendation(
                recommendation=rec,
                severity=sum(h for h, _ in answered),
                reasons=tuple(r for _, r in answered),
            )
        )
    return tuple(sorted(ranked, key=lambda r: (-r.severity, r.recommendation.number)))
