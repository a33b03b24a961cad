"""Impact assessment: the knowledge base as a fuzzy cognitive map.

This package needs NumPy and SciPy, so ``import multilat`` never imports it;
import it explicitly::

    from multilat.assess import infer

:func:`infer` is the engine primitive: it iterates a weight matrix from one
initial state or a batch of them (see its docstring for the conventions and
how they relate to fcmpy, Mental Modeler and R's ``fcm``). :func:`compile_map`
turns the knowledge base into a map per horizon, and :func:`assess` runs it
from the baseline and under a scenario.
"""

from __future__ import annotations

from multilat.assess.assessment import (
    Assessment,
    Outcome,
    Path,
    RankedRecommendation,
    assess,
    rank_recommendations,
)
from multilat.assess.engine import Inference, infer
from multilat.assess.ensemble import (
    EXACT_DRAWS,
    HALF_WIDTH,
    QUANTILES,
    SKETCH_WIDTH,
    Ensemble,
    EnsembleOutcome,
    ensemble,
)
from multilat.assess.maps import BASELINE_LEVEL, CognitiveMap, Concept, Edge, compile_map
from multilat.assess.metrics import ConceptMetrics, ConceptRole, MapMetrics, structural_metrics
from multilat.assess.sensitivity import Sensitivity, sensitivity

__all__ = [
    "BASELINE_LEVEL",
    "EXACT_DRAWS",
    "HALF_WIDTH",
    "QUANTILES",
    "SKETCH_WIDTH",
    "Assessment",
    "CognitiveMap",
    "Concept",
    "ConceptMetrics",
    "ConceptRole",
    "Edge",
    "Ensemble",
    "EnsembleOutcome",
    "Inference",
    "MapMetrics",
    "Outcome",
    "Path",
    "RankedRecommendation",
    "Sensitivity",
    "assess",
    "compile_map",
    "ensemble",
    "infer",
    "rank_recommendations",
    "sensitivity",
    "structural_metrics",
]
