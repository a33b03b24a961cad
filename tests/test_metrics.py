"""Structural metrics: a hand-built map computed by hand, edge cases, properties."""

from __future__ import annotations

import doctest
import importlib

import pytest
from hypothesis import given, settings

from multilat.assess import ConceptRole, MapMetrics, compile_map, structural_metrics
from multilat.knowledge import KnowledgeBase
from multilat.model import Horizon, Scenario
from tests.test_ensemble import influence, institution, kb_of, small_kbs, trend

METRICS_MODULE = importlib.import_module("multilat.assess._metrics")


def hand_kb() -> KnowledgeBase:
    """Long: a -> b 0.5, a -> x.cohesion -0.75, b -> x.cohesion 0.25, c -> b -1.0.

    Short: a -> b -0.25, d -> x.effectiveness 0.5. Concepts, in map order:
    a, b, c, d, x.cohesion, x.effectiveness.
    """
    return kb_of(
        *map(trend, "abcd"),
        institution("x"),
        influence("a-b", "a", "b", 0.5),
        influence("a-x", "a", "x", -0.75, dimension="cohesion"),
        influence("b-x", "b", "x", 0.25, dimension="cohesion"),
        influence("c-b", "c", "b", -1.0),
        influence("a-b-short", "a", "b", -0.25, horizon="short"),
        influence("d-x-short", "d", "x", 0.5, dimension="effectiveness", horizon="short"),
    )


def table(metrics: MapMetrics) -> list[tuple[str, float, float, float, str]]:
    return [(c.key, c.indegree, c.outdegree, c.centrality, c.role) for c in metrics.concepts]


def test_long_map_by_hand() -> None:
    metrics = structural_metrics(compile_map(hand_kb(), "long"))
    assert metrics.horizon is Horizon.LONG
    assert table(metrics) == [
        # key, in, out, centrality, role
        ("a", 0.0, 1.25, 1.25, "driver"),
        ("b", 1.5, 0.25, 1.75, "ordinary"),
        ("c", 0.0, 1.0, 1.0, "driver"),
        ("d", 0.0, 0.0, 0.0, "isolated"),
        ("x.cohesion", 1.0, 0.0, 1.0, "receiver"),
        ("x.effectiveness", 0.0, 0.0, 0.0, "isolated"),
    ]
    assert metrics.n_concepts == 6
    assert metrics.edges == 4
    assert metrics.density == pytest.approx(4 / 30)
    assert metrics.edges_per_concept == pytest.approx(4 / 6)
    assert (metrics.n_drivers, metrics.n_receivers, metrics.n_ordinary, metrics.n_isolated) == (
        2,
        1,
        1,
        2,
    )
    assert metrics.complexity == pytest.approx(1 / 2)
    assert [c.key for c in metrics.with_role("driver")] == ["a", "c"]
    assert metrics.count(ConceptRole.ISOLATED) == 2
    # c and x.cohesion tie at 1.0: by key.
    assert [c.key for c in metrics.most_central(4)] == ["b", "a", "c", "x.cohesion"]
    assert metrics.concept("b").role is ConceptRole.ORDINARY


def test_short_map_by_hand() -> None:
    metrics = structural_metrics(compile_map(hand_kb(), "short"))
    assert table(metrics) == [
        ("a", 0.0, 0.25, 0.25, "driver"),
        ("b", 0.25, 0.0, 0.25, "receiver"),
        ("c", 0.0, 0.0, 0.0, "isolated"),
        ("d", 0.0, 0.5, 0.5, "driver"),
        ("x.cohesion", 0.0, 0.0, 0.0, "isolated"),
        ("x.effectiveness", 0.5, 0.0, 0.5, "receiver"),
    ]
    assert metrics.edges == 2
    assert metrics.density == pytest.approx(2 / 30)
    assert metrics.complexity == 1.0


def test_a_cycle_has_no_driver_so_no_complexity() -> None:
    kb = kb_of(
        trend("a"), trend("b"), influence("a-b", "a", "b", 0.5), influence("b-a", "b", "a", -0.75)
    )
    metrics = structural_metrics(compile_map(kb, "long"))
    assert [c.role for c in metrics.concepts] == ["ordinary", "ordinary"]
    assert metrics.complexity is None
    assert metrics.density == 1.0


def test_a_single_concept_has_density_zero() -> None:
    metrics = structural_metrics(compile_map(kb_of(trend("a")), "long"))
    assert metrics.density == 0.0
    assert metrics.complexity is None
    assert metrics.concepts[0].role is ConceptRole.ISOLATED


def test_an_unknown_concept_is_a_key_error() -> None:
    metrics = structural_metrics(compile_map(hand_kb(), "long"))
    with pytest.raises(KeyError, match="no concept 'e'"):
        metrics.concept("e")
    with pytest.raises(ValueError, match="'sink' is not a valid ConceptRole"):
        metrics.count("sink")


@settings(max_examples=60, deadline=None)
@given(small_kbs())
def test_degrees_roles_and_counts_agree_with_the_influences(
    case: tuple[KnowledgeBase, Scenario | None],
) -> None:
    kb, _ = case
    for horizon in Horizon:
        cmap = compile_map(kb, horizon)
        metrics = structural_metrics(cmap)
        n = len(cmap)
        indegree, outdegree = [0.0] * n, [0.0] * n
        for edge in cmap.edges:
            indegree[edge.effect] += abs(edge.influence.weight)
            outdegree[edge.cause] += abs(edge.influence.weight)
        assert [c.key for c in metrics.concepts] == [c.key for c in cmap.concepts]
        for k, concept in enumerate(metrics.concepts):
            assert concept.indegree == pytest.approx(indegree[k])
            assert concept.outdegree == pytest.approx(outdegree[k])
            assert concept.centrality == concept.indegree + concept.outdegree
            expected = {
                (True, False): "driver",
                (False, True): "receiver",
                (True, True): "ordinary",
                (False, False): "isolated",
            }[(outdegree[k] > 0, indegree[k] > 0)]
            assert concept.role == expected
        # The roles partition the concepts.
        groups = [metrics.with_role(role) for role in ConceptRole]
        assert sorted(c.key for g in groups for c in g) == sorted(c.key for c in cmap.concepts)
        assert sum(len(g) for g in groups) == n
        assert metrics.edges == len(cmap.edges)
        assert metrics.density == pytest.approx(len(cmap.edges) / (n * (n - 1)))
        assert 0.0 <= metrics.density <= 1.0
        if metrics.n_drivers:
            assert metrics.complexity == metrics.n_receivers / metrics.n_drivers
        else:
            assert metrics.complexity is None


def test_the_docstring_example_runs() -> None:
    failures, attempts = doctest.testmod(METRICS_MODULE)
    assert attempts > 0
    assert failures == 0
