"""Structural metrics of a cognitive map, as Mental Modeler reports them.

Per concept: indegree (the sum of the absolute weights of its column, the
influence it receives), outdegree (the same over its row, the influence it
exerts), centrality (their sum) and a role: a *driver* only exerts
influence, a *receiver* only receives it, an *ordinary* concept does both,
an *isolated* one neither. Per map: the counts, the density (edges over the
``n (n - 1)`` possible ones) and the complexity (receivers per driver: a map
with many receivers per driver traces many outcomes back to few causes).

A driver here is a structural notion and covers outcomes too;
:meth:`~multilat.assess.CognitiveMap.drivers` means the trends without a
cause, which the baseline sets (isolated trends included).
"""

from __future__ import annotations

import enum

import numpy as np
from attrs import frozen

from multilat.assess._maps import CognitiveMap
from multilat.model import Horizon

__all__ = ["ConceptMetrics", "ConceptRole", "MapMetrics", "structural_metrics"]


class ConceptRole(enum.StrEnum):
    """The place of a concept in the map's structure."""

    #: Outdegree > 0, indegree 0.
    DRIVER = "driver"
    #: Indegree > 0, outdegree 0.
    RECEIVER = "receiver"
    #: Both > 0.
    ORDINARY = "ordinary"
    #: Both 0: no influence in this horizon.
    ISOLATED = "isolated"


@frozen
class ConceptMetrics:
    """The degree and role of one concept."""

    #: The concept's key (``"covid-19"``, ``"nato.cohesion"``).
    key: str
    #: Sum of the absolute weights of the influences on it.
    indegree: float
    #: Sum of the absolute weights of its influences.
    outdegree: float
    role: ConceptRole

    @property
    def centrality(self) -> float:
        """``indegree + outdegree``: how much the concept is connected."""
        return self.indegree + self.outdegree


@frozen
class MapMetrics:
    """The structure of one map, as :func:`structural_metrics` finds it."""

    horizon: Horizon
    #: One per concept, in map order.
    concepts: tuple[ConceptMetrics, ...]
    #: Number of edges (non-zero weights).
    edges: int
    #: ``edges / (n (n - 1))``; 0 for a map of fewer than two concepts.
    density: float
    #: Receivers per driver; ``None`` when there is no driver.
    complexity: float | None

    @property
    def n_concepts(self) -> int:
        """Number of concepts (Mental Modeler's components)."""
        return len(self.concepts)

    @property
    def edges_per_concept(self) -> float:
        """Edges per concept (Mental Modeler's connections per component); 0 if empty."""
        return self.edges / len(self.concepts) if self.concepts else 0.0

    def count(self, role: ConceptRole | str) -> int:
        """Number of concepts with ``role``."""
        wanted = ConceptRole(role)
        return sum(1 for c in self.concepts if c.role is wanted)

    @property
    def n_drivers(self) -> int:
        """Number of driver concepts."""
        return self.count(ConceptRole.DRIVER)

    @property
    def n_receivers(self) -> int:
        """Number of receiver concepts."""
        return self.count(ConceptRole.RECEIVER)

    @property
    def n_ordinary(self) -> int:
        """Number of ordinary concepts."""
        return self.count(ConceptRole.ORDINARY)

    @property
    def n_isolated(self) -> int:
        """Number of isolated concepts."""
        return self.count(ConceptRole.ISOLATED)

    def concept(self, key: str) -> ConceptMetrics:
        """The metrics of the concept ``key``."""
        for concept in self.concepts:
            if concept.key == key:
                return concept
        raise KeyError(f"no concept {key!r} in the map")

    def with_role(self, role: ConceptRole | str) -> tuple[ConceptMetrics, ...]:
        """The concepts with ``role``, in map order."""
        wanted = ConceptRole(role)
        return tuple(c for c in self.concepts if c.role is wanted)

    def most_central(self, n: int = 10) -> tuple[ConceptMetrics, ...]:
        """The ``n`` concepts of highest centrality, ties by key."""
        return tuple(sorted(self.concepts, key=lambda c: (-c.centrality, c.key))[:n])


def _role(indegree: float, outdegree: float) -> ConceptRole:
    if outdegree > 0:
        return ConceptRole.ORDINARY if indegree > 0 else ConceptRole.DRIVER
    return ConceptRole.RECEIVER if indegree > 0 else ConceptRole.ISOLATED


def structural_metrics(cmap: CognitiveMap) -> MapMetrics:
    """Degrees, roles, density and complexity of ``cmap``, as Mental Modeler gives them.

    >>> import multilat
    >>> from multilat.assess import ConceptRole, compile_map, structural_metrics
    >>> metrics = structural_metrics(compile_map(multilat.load(), "long"))
    >>> metrics.concept("covid-19").role
    <ConceptRole.DRIVER: 'driver'>
    >>> sum(metrics.count(role) for role in ConceptRole) == metrics.n_concepts
    True
    """
    magnitude = np.abs(cmap.judged_weights)
    indegree = magnitude.sum(axis=0)
    outdegree = magnitude.sum(axis=1)
    concepts = tuple(
        ConceptMetrics(
            key=c.key,
            indegree=float(indegree[i]),
            outdegree=float(outdegree[i]),
            role=_role(float(indegree[i]), float(outdegree[i])),
        )
        for i, c in enumerate(cmap.concepts)
    )
    n = len(concepts)
    edges = int(np.count_nonzero(cmap.judged_weights))
    drivers = sum(1 for c in concepts if c.role is ConceptRole.DRIVER)
    receivers = sum(1 for c in concepts if c.role is ConceptRole.RECEIVER)
    return MapMetrics(
        horizon=cmap.horizon,
        concepts=concepts,
        edges=edges,
        density=edges / (n * (n - 1)) if n > 1 else 0.0,
        complexity=receivers / drivers if drivers else None,
    )
