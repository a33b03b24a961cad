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
not with the world. An outcome that no influence of the horizon acts on has
no level at all (:attr:`Outcome.judged` is false), which is not the same as
a judged level of zero.

An assessment is of a moment, :data:`~multilat.assess.NOTE_DATE` unless asked otherwise:
regimes not in force on that day, and institutions without members then,
are reported with their :class:`~multilat.assess.Standing` and left out of the outcomes.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Iterable, Iterator, Mapping
from typing import Protocol, TypeVar

import numpy as np
import numpy.typing as npt
from attrs import field, frozen

from multilat.assess._engine import Rule, Transfer, infer
from multilat.assess._maps import (
    DEFAULT_CALIBRATION,
    CognitiveMap,
    Concept,
    Edge,
    compile_map,
)
from multilat.errors import UnknownName, did_you_mean
from multilat.knowledge import KnowledgeBase
from multilat.model import (
    Citation,
    Dimension,
    Horizon,
    Influence,
    Institution,
    Recommendation,
    Regime,
    RegimeStatus,
    Role,
    Scenario,
)

__all__ = [
    "NOTE_DATE",
    "Answer",
    "Assessment",
    "Explanation",
    "Outcome",
    "Path",
    "RankedRecommendation",
    "Standing",
    "Term",
    "assess",
    "explain",
    "rank_recommendations",
    "resolve_scenario",
    "standing_of",
]

#: The day an assessment is of unless another is given: the note's date
#: (July 2020; the note gives the month, this is its first day).
NOTE_DATE = dt.date(2020, 7, 1)

#: Longest chain of influences a path may have.
MAX_PATH_LENGTH = 6
#: Below this, a level or change is rounding of the float sums, not harm.
NOISE = 1e-9
#: A scenario *moves* a trend it holds at least this far from the trend's
#: baseline level; see :attr:`Assessment.targets`.
MOVED = 0.5


@frozen
class Path:
    """A chain of influences from a trend held at a level to an outcome.

    :attr:`contribution` is the trend's level times the product of the
    weights along the chain (as the map runs them, after calibration): what
    the chain adds to the outcome before the transfer function, the linear
    reading of the map.
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
    """One dimension of one institution or regime, assessed.

    An outcome that no influence of the assessment's horizon acts on is not
    :attr:`judged`: the note says nothing about it in that horizon, and its
    :attr:`level` and :attr:`baseline` (0.0) mean nothing. :attr:`judged_in`
    says in which horizons the note does judge it.
    """

    target: str
    dimension: Dimension
    #: Level reached under the assessment's scenario (the baseline if none).
    level: float
    #: Level reached in the baseline.
    baseline: float
    #: The strongest paths to it, strongest first.
    paths: tuple[Path, ...] = ()
    #: Whether some influence of the assessment's horizon acts on it.
    judged: bool = True
    #: The horizons in which some influence acts on it, short before long.
    judged_in: tuple[Horizon, ...] = ()

    @property
    def key(self) -> str:
        """``target.dimension``."""
        return Concept.key_of(self.target, self.dimension)

    def __repr__(self) -> str:
        if not self.judged:
            return f"<Outcome {self.key}: no judgment in this horizon>"
        return (
            f"<Outcome {self.key}: level {self.level:+.3f}, baseline {self.baseline:+.3f},"
            f" {len(self.paths)} paths>"
        )

    @property
    def change(self) -> float:
        """Level minus baseline level."""
        return self.level - self.baseline


@frozen
class Standing:
    """How an institution or regime stood on the day of an assessment.

    For a regime :attr:`status` is its :class:`~multilat.model.RegimeStatus`
    on that day (:meth:`~multilat.model.Regime.status_at`), or ``"undated"``
    for one without dated events (assessed, since nothing says otherwise), and
    :attr:`withdrawn` the parties whose withdrawal had taken effect
    (:meth:`~multilat.model.Regime.withdrawn_at`). For an institution it is
    ``"active"`` (also when its memberships are not recorded), or, where
    its memberships are known and none holds that
    day, ``"not-established"`` (before the first) or ``"no-members"``;
    :attr:`withdrawn` are the states whose (ordinary) membership had ended
    and not resumed; an elected seat whose term ended is not a withdrawal.
    """

    target: str
    status: str
    #: Whether it is assessed on that day (a regime in force, an active institution).
    in_force: bool
    withdrawn: tuple[str, ...] = ()


def standing_of(target: Institution | Regime, on: dt.date) -> Standing:
    """The :class:`~multilat.assess.Standing` of ``target`` on day ``on``."""
    if isinstance(target, Regime):
        if not target.events:
            # Nothing known of its life: assessed, as the note assesses it.
            return Standing(target.id, "undated", True)
        status = target.status_at(on)
        return Standing(
            target.id,
            status.value,
            status is RegimeStatus.IN_FORCE,
            tuple(sorted(target.withdrawn_at(on))),
        )
    members = target.members_at(on)
    # An elected seat that ends is a term served, not a state leaving.
    left = {
        m.member
        for m in target.memberships
        if m.left is not None and m.left <= on and m.role is Role.MEMBER
    }
    withdrawn = tuple(sorted(left - members))
    if not target.memberships or members:
        return Standing(target.id, "active", True, withdrawn)
    if on < min(m.joined for m in target.memberships):
        return Standing(target.id, "not-established", False)
    return Standing(target.id, "no-members", False, withdrawn)


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
    rule: Rule
    transfer: Transfer
    knowledge: KnowledgeBase = field(repr=False)
    #: How the influences on a concept combine (see :func:`~multilat.assess.compile_map`).
    calibration: str = DEFAULT_CALIBRATION
    #: The day assessed.
    on: dt.date = NOTE_DATE
    #: Every institution and regime of the map (or the target) on :attr:`on`, by id;
    #: those not in force have no outcomes.
    standings: tuple[Standing, ...] = ()
    #: Keys of the outcomes the scenario targets, sorted: those a trend it
    #: moves (holds at least :data:`~multilat.assess.MOVED` from its baseline level) acts on
    #: directly, where every chain from the moved trends pushes the same way.
    #: Calibration guarantees each of them a change of at least 0.05 (see
    #: :doc:`/explanation/cognitive-maps`). Empty for the baseline.
    targets: tuple[str, ...] = ()
    #: The one institution or regime assessed, or ``None`` for all of them.
    #: One that no influence acts on has no outcomes: nothing to assess.
    target: str | None = None

    def __repr__(self) -> str:
        what = "baseline" if self.scenario is None else f"scenario {self.scenario.id!r}"
        return f"<Assessment {self.horizon} term, {what}, {len(self.outcomes)} outcomes>"

    @property
    def not_in_force(self) -> tuple[Standing, ...]:
        """The institutions and regimes left out because they were not in force."""
        return tuple(s for s in self.standings if not s.in_force)

    @property
    def judged(self) -> tuple[Outcome, ...]:
        """The outcomes some influence of the horizon acts on, by key."""
        return tuple(o for o in self.outcomes if o.judged)

    @property
    def unjudged(self) -> tuple[Outcome, ...]:
        """The outcomes no influence of the horizon acts on, by key."""
        return tuple(o for o in self.outcomes if not o.judged)

    def outcome(self, target: str, dimension: Dimension | str | None = None) -> Outcome:
        """The outcome ``target.dimension``, given as two names or as the dotted key.

        ``outcome("nato", "cohesion")`` and ``outcome("nato.cohesion")`` (the
        key as every listing shows it) are the same outcome.

        :raises ~multilat.errors.UnknownName: naming the close keys.
        """
        return find_outcome(self.outcomes, target, dimension, "this assessment")

    def for_target(self, target: str) -> tuple[Outcome, ...]:
        """The outcomes of one institution or regime."""
        return tuple(o for o in self.outcomes if o.target == target)

    def ordered(self) -> tuple[Outcome, ...]:
        """The judged outcomes worst first: by change under a scenario, else by level."""
        if self.scenario is None:
            return tuple(sorted(self.judged, key=lambda o: (o.level, o.key)))
        return tuple(sorted(self.judged, key=lambda o: (o.change, o.key)))

    def worst(self, n: int = 5) -> tuple[Outcome, ...]:
        """At most ``n`` outcomes that suffer, worst first.

        In the baseline an outcome suffers below level zero; under a scenario
        when the scenario lowers it. Differences below ``NOISE`` (1e-9) are the
        float sums' rounding, not harm.
        """
        by_change = self.scenario is not None
        return tuple(o for o in self.ordered() if (o.change if by_change else o.level) < -NOISE)[:n]


class _Keyed(Protocol):
    @property
    def key(self) -> str: ...


_O = TypeVar("_O", bound=_Keyed)


def find_outcome(
    outcomes: Iterable[_O], target: str, dimension: Dimension | str | None, where: str
) -> _O:
    """The outcome of ``target`` and ``dimension``, or of the dotted key ``target``."""
    key = target if dimension is None else Concept.key_of(target, Dimension(dimension))
    listed = list(outcomes)
    for outcome in listed:
        if outcome.key == key:
            return outcome
    keys = [o.key for o in listed]
    own = [k for k in keys if k.startswith(f"{key}.")]
    if own:  # a target given without its dimension
        raise UnknownName(f"no outcome {key!r} in {where}: give a dimension, as in {own[0]!r}"
                          f" (its outcomes: {', '.join(own)})")
    raise UnknownName(f"no outcome {key!r} in {where}{did_you_mean(key, keys)}")


def has_outcomes(kb: KnowledgeBase, cmap: CognitiveMap, target: str) -> bool:
    """Whether ``target`` has outcomes in ``cmap``.

    ``False`` for an institution or regime that no influence acts on (an
    answer, not bad input).

    :raises ~multilat.errors.UnknownName: for an id that is not an institution or regime.
    """
    targets = sorted({c.target for c in cmap.outcomes})
    if target in targets:
        return True
    if isinstance(kb.get(target), Institution | Regime):
        return False
    raise UnknownName(
        f"no institution or regime {target!r} to assess{did_you_mean(target, targets)}"
    )


def resolve_scenario(kb: KnowledgeBase, scenario: Scenario | str | None) -> Scenario | None:
    """A scenario given by object or id.

    :raises ~multilat.errors.UnknownName: for an unknown id, listing the known scenarios.
    """
    if scenario is None or isinstance(scenario, Scenario):
        return scenario
    found = next((s for s in kb.scenarios if s.id == scenario), None)
    if found is None:
        ids = [s.id for s in kb.scenarios]
        known = ", ".join(ids) or "none"
        raise UnknownName(f"no scenario {scenario!r}{did_you_mean(scenario, ids)}; known: {known}")
    return found


def run(
    cmap: CognitiveMap, scenario: Scenario | None, *, rule: Rule, transfer: Transfer
) -> tuple[npt.NDArray[np.float64], bool]:
    """Settle ``cmap`` from the baseline with ``scenario``'s trends held."""
    clamps = cmap.scenario_clamps(scenario)
    initial = cmap.baseline_state()
    for position, level in clamps.items():
        initial[position] = level
    result = infer(cmap.weights, initial, rule=rule, transfer=transfer, clamped=clamps)
    return np.asarray(result.states, dtype=np.float64), bool(result.converged)


def _scenario_targets(
    cmap: CognitiveMap, baseline: npt.NDArray[np.float64], scenario: Scenario | None
) -> tuple[int, ...]:
    """Positions of the outcomes ``scenario`` targets in ``cmap`` (see :attr:`Assessment.targets`).

    ``baseline`` is the map's settled baseline state, against which a held
    level counts as a move.
    """
    clamps = cmap.scenario_clamps(scenario)
    displaced = {p: v - baseline[p] for p, v in clamps.items() if abs(v - baseline[p]) > NOISE}
    moved = {p for p, d in displaced.items() if abs(d) >= MOVED}
    if not moved:
        return ()
    held = set(cmap.drivers()) | set(clamps)
    outgoing: dict[int, list[Edge]] = {}
    for edge in cmap.edges:
        outgoing.setdefault(edge.cause, []).append(edge)
    signs: dict[int, set[float]] = {}

    def spread(node: int, sign: float, seen: frozenset[int]) -> None:
        for edge in outgoing.get(node, ()):
            if edge.effect in seen or edge.effect in held:
                continue  # a held trend ignores its causes
            effect_sign = sign * np.sign(edge.influence.weight)
            signs.setdefault(edge.effect, set()).add(effect_sign)
            if len(seen) < MAX_PATH_LENGTH:
                spread(edge.effect, effect_sign, seen | {edge.effect})

    # Every displaced trend counts for the direction, however little it moves.
    for position, displacement in displaced.items():
        spread(position, float(np.sign(displacement)), frozenset({position}))
    direct = {e.effect for e in cmap.edges if e.cause in moved}
    return tuple(
        sorted(p for p in direct if not cmap.concepts[p].is_trend and len(signs.get(p, ())) == 1)
    )


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
                    edge.cause, [*chain, edge], product * cmap.weight(edge), seen | {edge.cause}
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


@frozen(eq=False)
class _Settled:
    """Both runs of one map: what :func:`assess` and :func:`explain` read."""

    cmap: CognitiveMap
    scenario: Scenario | None
    baseline: npt.NDArray[np.float64]
    state: npt.NDArray[np.float64]
    converged: bool


def _settle(
    kb: KnowledgeBase,
    scenario: Scenario | str | None,
    horizon: Horizon | str,
    *,
    rule: Rule,
    transfer: Transfer,
    calibration: str,
) -> _Settled:
    chosen = resolve_scenario(kb, scenario)
    cmap = compile_map(kb, horizon, calibration=calibration)
    baseline, converged = run(cmap, None, rule=rule, transfer=transfer)
    state = baseline
    if chosen is not None:
        state, scenario_converged = run(cmap, chosen, rule=rule, transfer=transfer)
        converged = converged and scenario_converged
    return _Settled(cmap, chosen, baseline, state, converged)


def _judged_in(kb: KnowledgeBase) -> dict[str, tuple[Horizon, ...]]:
    """Per outcome key, the horizons in which some influence acts on it."""
    found: dict[str, set[Horizon]] = {}
    for influence in kb.influences:
        if influence.dimension is not None:
            key = Concept.key_of(influence.effect, influence.dimension)
            found.setdefault(key, set()).add(influence.horizon)
    return {k: tuple(h for h in Horizon if h in v) for k, v in found.items()}


def _standings(kb: KnowledgeBase, targets: set[str], on: dt.date) -> dict[str, Standing]:
    out: dict[str, Standing] = {}
    for target in sorted(targets):
        obj = kb.get(target)
        if isinstance(obj, Institution | Regime):
            out[target] = standing_of(obj, on)
    return out


def assess(
    kb: KnowledgeBase,
    target: str | None = None,
    scenario: Scenario | str | None = None,
    horizon: Horizon | str = Horizon.LONG,
    *,
    rule: Rule = "kosko",
    transfer: Transfer = "tanh",
    calibration: str = DEFAULT_CALIBRATION,
    on: dt.date | None = None,
    paths: int = 3,
) -> Assessment:
    """Assess every institution and regime (or ``target``) under ``scenario``.

    The map of ``horizon`` runs from the baseline (drivers at
    :data:`~multilat.assess._maps.BASELINE_LEVEL`) and, if a scenario is
    given, again with the scenario's trends held at their levels. ``rule``
    and ``transfer`` are passed to :func:`~multilat.assess.infer`; ``tanh``
    keeps the sign of a judgment (harm below zero). ``calibration`` is
    passed to :func:`~multilat.assess.compile_map`. ``paths`` strongest
    paths are kept per outcome.

    The assessment is of day ``on`` (default :data:`~multilat.assess.NOTE_DATE`): a regime
    not in force that day, or an institution without members, has a
    :class:`~multilat.assess.Standing` in :attr:`Assessment.standings` and no outcomes.

    A ``target`` that no influence acts on, in any horizon, has an
    assessment without outcomes: nothing to assess.

    Raises :class:`~multilat.errors.UnknownName` (a :class:`KeyError`) for
    an unknown target or scenario, or a
    scenario that names a trend the knowledge base does not have, and
    :class:`ValueError` for an unknown rule, transfer or calibration.

    >>> import multilat
    >>> from multilat.assess import assess
    >>> kb = multilat.load()
    >>> result = assess(kb, horizon="long")
    >>> round(result.trend_levels["erosion-of-multilateral-order"], 2)
    0.55
    >>> result.calibration, result.on.isoformat()
    ('capped', '2020-07-01')
    """
    on = NOTE_DATE if on is None else on
    settled = _settle(kb, scenario, horizon, rule=rule, transfer=transfer, calibration=calibration)
    cmap, state, baseline = settled.cmap, settled.state, settled.baseline
    if target is not None and not has_outcomes(kb, cmap, target):
        # Nothing acts on it in any horizon: an assessment with no outcomes.
        return Assessment(
            horizon=cmap.horizon, scenario=settled.scenario, outcomes=(), trend_levels={},
            converged=settled.converged, rule=rule, transfer=transfer, knowledge=kb,
            calibration=calibration, on=on, target=target,
        )
    sources = _exogenous(cmap, settled.scenario)
    judged_in = _judged_in(kb)
    standings = _standings(
        kb, {c.target for c in cmap.outcomes if target is None or c.target == target}, on
    )
    outcomes = []
    for position, concept in enumerate(cmap.concepts):
        if concept.dimension is None or (target is not None and concept.target != target):
            continue
        standing = standings.get(concept.target)
        if standing is not None and not standing.in_force:
            continue
        judged = bool(cmap.incoming(position))
        outcomes.append(
            Outcome(
                target=concept.target,
                dimension=concept.dimension,
                level=float(state[position]),
                baseline=float(baseline[position]),
                paths=strongest_paths(cmap, state, sources, position, paths) if judged else (),
                judged=judged,
                judged_in=judged_in.get(concept.key, ()),
            )
        )
    trend_levels = {c.key: float(state[i]) for i, c in enumerate(cmap.concepts) if c.is_trend}
    assessed = {o.key for o in outcomes}
    targets = tuple(
        sorted(
            key
            for key in (
                cmap.concepts[p].key for p in _scenario_targets(cmap, baseline, settled.scenario)
            )
            if key in assessed
        )
    )
    return Assessment(
        horizon=cmap.horizon,
        scenario=settled.scenario,
        outcomes=tuple(sorted(outcomes, key=lambda o: o.key)),
        trend_levels=trend_levels,
        converged=settled.converged,
        rule=rule,
        transfer=transfer,
        knowledge=kb,
        calibration=calibration,
        on=on,
        standings=tuple(standings.values()),
        targets=targets,
        target=target,
    )


@frozen
class Term:
    """One influence on a concept, as :func:`explain` shows it."""

    influence: Influence
    #: The cause's level under the scenario.
    cause_level: float
    #: The judged weight (on the ordinal scale).
    judged_weight: float
    #: The weight the map runs with: the judged weight after calibration.
    weight: float

    @property
    def contribution(self) -> float:
        """What the term adds to the concept's weighted sum: level times weight."""
        return self.cause_level * self.weight


@frozen
class Explanation:
    """How a concept's level was reached: the result of :func:`explain`.

    Under the ``kosko`` rule the level is the transfer of the sum of the
    :attr:`terms`' contributions; :attr:`held` lists the trends held at a
    level (drivers, and the scenario's trends) from which every chain into
    the concept starts.
    """

    key: str
    horizon: Horizon
    scenario: Scenario | None
    #: The level under the scenario (the baseline if none).
    level: float
    baseline: float
    #: Whether some influence of the horizon acts on it (a trend held at a
    #: level counts as judged: its level is given).
    judged: bool
    #: The horizons in which some influence acts on it.
    judged_in: tuple[Horizon, ...]
    #: The factor the calibration scaled its incoming weights by.
    scale: float
    #: Its incoming influences, by size of contribution, largest first.
    terms: tuple[Term, ...]
    #: ``(trend, level, why)`` for every held trend upstream of it (itself
    #: included if held), by trend id; ``why`` is ``"driver"`` (no cause in
    #: the horizon's map) or ``"scenario"``.
    held: tuple[tuple[str, float, str], ...]
    rule: Rule
    transfer: Transfer
    calibration: str
    on: dt.date
    #: The standing of its institution or regime on :attr:`on` (``None`` for a trend).
    standing: Standing | None

    @property
    def weighted_sum(self) -> float:
        """The sum of the terms' contributions: the concept's input before the transfer."""
        return sum(t.contribution for t in self.terms)


def explain(
    kb: KnowledgeBase,
    key: str,
    scenario: Scenario | str | None = None,
    horizon: Horizon | str = Horizon.LONG,
    *,
    rule: Rule = "kosko",
    transfer: Transfer = "tanh",
    calibration: str = DEFAULT_CALIBRATION,
    on: dt.date | None = None,
) -> Explanation:
    """How the level of concept ``key`` (``"nato.cohesion"``, ``"covid-19"``) was reached.

    Runs the map as :func:`assess` does and returns the concept's incoming
    influences with their judged and calibrated weights, their causes'
    levels and citations, and the held trends the chains start from.
    :class:`KeyError` names close keys for an unknown one.

    >>> import multilat
    >>> from multilat.assess import explain
    >>> why = explain(multilat.load(), "erosion-of-multilateral-order")
    >>> len(why.terms), round(why.scale, 3), round(why.level, 2)
    (8, 0.267, 0.55)
    >>> why.terms[0].influence.cause, why.held[0]
    ('chinese-assertiveness', ('chinese-assertiveness', 0.5, 'driver'))
    """
    on = NOTE_DATE if on is None else on
    settled = _settle(kb, scenario, horizon, rule=rule, transfer=transfer, calibration=calibration)
    cmap = settled.cmap
    if key not in cmap:
        keys = [c.key for c in cmap.concepts]
        raise UnknownName(f"no concept {key!r} in the map{did_you_mean(key, keys)}")
    position = cmap.index(key)
    concept = cmap.concepts[position]
    clamps = cmap.scenario_clamps(settled.scenario)
    drivers = set(cmap.drivers())
    terms = (
        ()
        if position in clamps
        else tuple(
            sorted(
                (
                    Term(
                        influence=e.influence,
                        cause_level=float(settled.state[e.cause]),
                        judged_weight=e.influence.weight,
                        weight=cmap.weight(e),
                    )
                    for e in cmap.incoming(position)
                ),
                key=lambda t: (-abs(t.contribution), t.influence.id),
            )
        )
    )
    held: dict[str, tuple[float, str]] = {}
    todo, seen = [position], {position}
    while todo:
        node = todo.pop()
        if node in clamps or node in drivers:
            if cmap.concepts[node].is_trend:
                why = "scenario" if node in clamps else "driver"
                held[cmap.concepts[node].key] = (float(settled.state[node]), why)
            continue
        for edge in cmap.incoming(node):
            if edge.cause not in seen:
                seen.add(edge.cause)
                todo.append(edge.cause)
    standing = None
    if not concept.is_trend:
        obj = kb.get(concept.target)
        if isinstance(obj, Institution | Regime):
            standing = standing_of(obj, on)
    held_here = position in drivers or position in clamps
    judged = bool(cmap.incoming(position)) or (concept.is_trend and held_here)
    return Explanation(
        key=key,
        horizon=cmap.horizon,
        scenario=settled.scenario,
        level=float(settled.state[position]),
        baseline=float(settled.baseline[position]),
        judged=judged,
        judged_in=_judged_in(kb).get(key, ()) if not concept.is_trend else tuple(Horizon),
        scale=float(cmap.scales[position]),
        terms=terms,
        held=tuple((t, level, why) for t, (level, why) in sorted(held.items())),
        rule=rule,
        transfer=transfer,
        calibration=calibration,
        on=on,
        standing=standing,
    )


@frozen
class Answer:
    """One outcome's harm that a recommendation answers."""

    #: The outcome's key (``nato.cohesion``).
    key: str
    #: Its level in the assessment (below zero).
    level: float
    #: How much of the harm counts: all of it (``-level``) for a target,
    #: else the harmful paths' contributions through what it counters.
    harm: float
    #: The trends and influences it counters on the strongest harmful path,
    #: sorted; empty when the outcome's institution or regime is one of its targets.
    via: tuple[str, ...] = ()

    def __str__(self) -> str:
        how = f"via {', '.join(self.via)}" if self.via else "(a target)"
        return f"{self.key} at {self.level:+.2f} {how}"


@frozen
class RankedRecommendation:
    """A recommendation with the harm it answers in an assessment."""

    recommendation: Recommendation
    #: Sum of the harm answered (see :func:`rank_recommendations`).
    severity: float
    #: The outcomes it answers, worst first.
    answers: tuple[Answer, ...] = ()

    @property
    def reasons(self) -> tuple[str, ...]:
        """One line per outcome it answers, worst first (English)."""
        return tuple(str(a) for a in self.answers)


def rank_recommendations(
    assessment: Assessment, *, unanswered: bool = False
) -> tuple[RankedRecommendation, ...]:
    """Order the recommendations by the severity of the harm they answer.

    A recommendation answers an outcome whose level is below zero if the
    outcome's institution or regime is one of its targets (the harm counts
    in full), or if one of the outcome's strongest harmful paths runs
    through a trend or influence it counters (that path's contribution
    counts). Severity sums what it answers; ties go by number.

    Only the recommendations that answer some harm are returned, unless
    ``unanswered`` is true: then every recommendation is, those that answer
    nothing last with severity 0.
    """
    ranked = []
    for rec in assessment.knowledge.recommendations:
        countered = set(rec.counters)
        answered: list[Answer] = []
        for outcome in assessment.outcomes:
            if outcome.level >= 0:
                continue
            if outcome.target in rec.targets:
                answered.append(Answer(outcome.key, outcome.level, -outcome.level))
                continue
            via = [
                p
                for p in outcome.paths
                if p.contribution < 0
                and (countered & set(p.concepts) or countered & {i.id for i in p.influences})
            ]
            if via:
                harm = sum(-p.contribution for p in via)
                names = sorted(countered & ({*via[0].concepts} | {i.id for i in via[0].influences}))
                answered.append(Answer(outcome.key, outcome.level, harm, tuple(names)))
        answered.sort(key=lambda a: (-a.harm, str(a)))
        severity = sum(a.harm for a in answered)
        if severity > 0 or unanswered:
            ranked.append(RankedRecommendation(rec, severity, tuple(answered)))
    return tuple(sorted(ranked, key=lambda r: (-r.severity, r.recommendation.number)))
