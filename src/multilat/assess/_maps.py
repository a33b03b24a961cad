"""Cognitive maps compiled from the knowledge base, one per horizon.

Concepts are every :class:`~multilat.model.Trend` and every (target,
dimension) pair that some :class:`~multilat.model.Influence` acts on; the
same concepts, in the same order, make up the map of either horizon, so that
states of the short and the long map line up. Weights are the influences of
the map's horizon: ``weights[i, j]`` is the influence of concept ``i`` on
concept ``j`` (row → column, as :func:`~multilat.assess.infer` reads them).

The baseline is the situation of July 2020 as the note describes it: every
trend without a cause in the map (a *driver*) stands at
:data:`BASELINE_LEVEL`, "present, as the note finds it"; everything else
starts at zero and follows from the drivers. A scenario moves trends away
from that level and holds them there.

**Calibration.** How the influences on one concept combine is set by the
map's *calibration* (:data:`CALIBRATIONS`). ``"capped"`` (the default)
scales the influences on a concept down, all by the same factor, when their
absolute weights add up to more than :data:`INCOMING_CAP`: a concept with
one or two judgments keeps them as they are, one with nine no longer sits at
the edge of the scale, where no scenario could move it. ``"none"`` runs the
judged weights as they are, as fcmpy and Mental Modeler would.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import numpy.typing as npt
from attrs import field, frozen

from multilat.knowledge import KnowledgeBase
from multilat.model import Dimension, Horizon, Influence, Scenario

__all__ = [
    "BASELINE_LEVEL",
    "CALIBRATIONS",
    "DEFAULT_CALIBRATION",
    "INCOMING_CAP",
    "CognitiveMap",
    "Concept",
    "Edge",
    "calibration_scales",
    "compile_map",
]

#: Level of a driver trend in the baseline: present, as the note finds it in
#: July 2020. Levels run from -1 (reversed) through 0 (absent) to 1 (at its
#: strongest).
BASELINE_LEVEL = 0.5

#: Names accepted by :func:`compile_map`'s ``calibration``: ``"capped"``
#: scales the influences on a concept whose absolute weights add up to more
#: than :data:`INCOMING_CAP` down to that sum; ``"none"`` keeps the judged
#: weights.
CALIBRATIONS = ("capped", "none")
#: The calibration of every assessment unless another is asked for.
DEFAULT_CALIBRATION = "capped"
#: Under the ``"capped"`` calibration, the largest sum of absolute weights on
#: one concept. With levels in [-1, 1] the weighted sum on a concept then
#: stays within ±1.4, and its ``tanh`` within ±0.886: never within 0.1 of the
#: ends of the scale, where changes no longer show.
INCOMING_CAP = 1.4


@frozen
class Concept:
    """A node of the map: a trend, or one dimension of an institution or regime."""

    #: ``"covid-19"`` for a trend, ``"nato.cohesion"`` for an outcome.
    key: str
    #: The trend's id, or the target institution's or regime's id.
    target: str
    #: ``None`` for a trend.
    dimension: Dimension | None = None

    @property
    def is_trend(self) -> bool:
        """Whether the concept is a trend (not an outcome)."""
        return self.dimension is None

    @staticmethod
    def key_of(target: str, dimension: Dimension | None) -> str:
        """The key of a concept: ``target`` or ``target.dimension``."""
        return target if dimension is None else f"{target}.{dimension.value}"


@frozen
class Edge:
    """An influence placed in a map: ``cause`` -> ``effect`` by index."""

    cause: int
    effect: int
    influence: Influence


def _readonly(array: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    array.setflags(write=False)
    return array


@frozen(eq=False)
class CognitiveMap:
    """The knowledge base's causal judgments for one horizon, as a matrix.

    Build it with :func:`compile_map`.
    """

    horizon: Horizon
    concepts: tuple[Concept, ...]
    #: Dense ``(n, n)`` float64, read-only; ``weights[i, j]``: i on j. The
    #: weights the map runs on: the judged weights after :attr:`calibration`.
    weights: npt.NDArray[np.float64] = field(converter=_readonly)
    #: One per influence of the horizon, in influence-id order.
    edges: tuple[Edge, ...]
    _index: Mapping[str, int] = field(alias="_index")
    _incoming: Mapping[int, tuple[Edge, ...]] = field(alias="_incoming")
    #: The judged weights, on the ordinal scale, before calibration (the
    #: same array as :attr:`weights` when the calibration changes nothing).
    judged_weights: npt.NDArray[np.float64] = field(converter=_readonly)
    #: The calibration applied (one of :data:`CALIBRATIONS`).
    calibration: str
    #: Per concept, the factor its incoming judged weights were scaled by
    #: (1.0 where the calibration left them alone), read-only.
    scales: npt.NDArray[np.float64] = field(converter=_readonly)

    def __len__(self) -> int:
        return len(self.concepts)

    def index(self, key: str) -> int:
        """Position of the concept ``key``; :class:`KeyError` if there is none."""
        try:
            return self._index[key]
        except KeyError:
            raise KeyError(f"no concept {key!r} in the map") from None

    def __contains__(self, key: object) -> bool:
        return key in self._index

    @property
    def trends(self) -> tuple[Concept, ...]:
        """The trend concepts, in map order."""
        return tuple(c for c in self.concepts if c.is_trend)

    @property
    def outcomes(self) -> tuple[Concept, ...]:
        """The (target, dimension) concepts, in map order."""
        return tuple(c for c in self.concepts if not c.is_trend)

    def drivers(self) -> tuple[int, ...]:
        """Indices of trends with no incoming influence in this horizon."""
        incoming = np.any(self.weights != 0, axis=0)
        return tuple(i for i, c in enumerate(self.concepts) if c.is_trend and not incoming[i])

    def baseline_state(self) -> npt.NDArray[np.float64]:
        """The initial state of the baseline: drivers at :data:`BASELINE_LEVEL`."""
        state = np.zeros(len(self.concepts))
        state[list(self.drivers())] = BASELINE_LEVEL
        return state

    def clamps(self, levels: Mapping[str, float] | Iterable[tuple[str, float]]) -> dict[int, float]:
        """``{index: level}`` for trend levels given by trend id.

        Raises :class:`KeyError` naming an id that is not a trend of the map.
        """
        pairs = levels.items() if isinstance(levels, Mapping) else levels
        out: dict[int, float] = {}
        for trend, level in pairs:
            position = self._index.get(trend)
            if position is None or not self.concepts[position].is_trend:
                raise KeyError(f"no trend {trend!r} in the map")
            out[position] = float(level)
        return out

    def scenario_clamps(self, scenario: Scenario | None) -> dict[int, float]:
        """The clamps that ``scenario`` sets (none for the baseline)."""
        return {} if scenario is None else self.clamps(scenario.levels)

    def incoming(self, index: int) -> tuple[Edge, ...]:
        """The edges into concept ``index``, in influence-id order."""
        return self._incoming.get(index, ())

    def weight(self, edge: Edge) -> float:
        """The weight ``edge`` runs with: its judged weight after calibration."""
        return float(self.weights[edge.cause, edge.effect])

    def edge_scales(self) -> npt.NDArray[np.float64]:
        """Per edge, in the order of :attr:`edges`, its calibration factor."""
        return np.array([self.scales[e.effect] for e in self.edges], dtype=np.float64)


def calibration_scales(
    judged: npt.NDArray[np.float64], calibration: str
) -> npt.NDArray[np.float64]:
    """Per concept, the factor :func:`compile_map` scales its incoming weights by.

    ``judged`` is an ``(n, n)`` weight matrix (row → column). Under
    ``"capped"`` a column whose absolute weights add up to more than
    :data:`INCOMING_CAP` gets ``INCOMING_CAP / sum``, every other column 1;
    under ``"none"`` every column gets 1.

    >>> import numpy as np
    >>> from multilat.assess import calibration_scales
    >>> calibration_scales(np.array([[0.0, 0.5, 1.0], [0.0, 0.0, 1.0], [0, 0, 0]]), "capped")
    array([1. , 1. , 0.7])
    """
    if calibration not in CALIBRATIONS:
        raise ValueError(
            f"unknown calibration {calibration!r}; known calibrations: {', '.join(CALIBRATIONS)}"
        )
    scales = np.ones(judged.shape[1])
    if calibration == "capped":
        total = np.abs(judged).sum(axis=0)
        over = total > INCOMING_CAP
        scales[over] = INCOMING_CAP / total[over]
    return scales


def compile_map(
    kb: KnowledgeBase, horizon: Horizon | str, *, calibration: str = DEFAULT_CALIBRATION
) -> CognitiveMap:
    """The cognitive map of ``kb`` for ``horizon`` (``"short"`` or ``"long"``).

    ``calibration`` (one of :data:`CALIBRATIONS`) sets how the influences on
    one concept combine; see :func:`calibration_scales`. A
    :class:`ValueError` names an unknown one.

    >>> import multilat
    >>> from multilat.assess import compile_map
    >>> long = compile_map(multilat.load(), "long")
    >>> float(long.weights[long.index("covid-19"), long.index("economic-crisis")])
    0.75
    """
    horizon = Horizon(horizon)
    if calibration not in CALIBRATIONS:
        raise ValueError(
            f"unknown calibration {calibration!r}; known calibrations: {', '.join(CALIBRATIONS)}"
        )
    keys: list[Concept] = [Concept(t.id, t.id) for t in kb.trends]
    outcomes = sorted(
        {(i.effect, i.dimension) for i in kb.influences if i.dimension is not None},
        key=lambda pair: (pair[0], str(pair[1])),
    )
    keys += [Concept(Concept.key_of(t, d), t, d) for t, d in outcomes]
    index = {c.key: i for i, c in enumerate(keys)}
    weights = np.zeros((len(keys), len(keys)))
    edges: list[Edge] = []
    for influence in kb.influences:
        if influence.horizon is not horizon:
            continue
        cause = index[influence.cause]
        effect = index[Concept.key_of(influence.effect, influence.dimension)]
        # The knowledge base admits one influence per edge and horizon.
        weights[cause, effect] = influence.weight
        edges.append(Edge(cause, effect, influence))
    incoming: dict[int, list[Edge]] = {}
    for edge in edges:
        incoming.setdefault(edge.effect, []).append(edge)
    scales = calibration_scales(weights, calibration)
    # A factor of 1.0 keeps a judged weight bit for bit (fcmpy equality).
    calibrated = weights * scales[np.newaxis, :]
    return CognitiveMap(
        horizon,
        tuple(keys),
        calibrated,
        tuple(edges),
        _index=index,
        _incoming={k: tuple(v) for k, v in incoming.items()},
        judged_weights=weights,
        calibration=calibration,
        scales=scales,
    )
