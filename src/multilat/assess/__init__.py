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
    MOVED,
    NOTE_DATE,
    Assessment,
    Explanation,
    Outcome,
    Path,
    RankedRecommendation,
    Standing,
    Term,
    assess,
    explain,
    rank_recommendations,
    standing_of,
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
from multilat.assess.maps import (
    BASELINE_LEVEL,
    CALIBRATIONS,
    DEFAULT_CALIBRATION,
    INCOMING_CAP,
    CognitiveMap,
    Concept,
    Edge,
    calibration_scales,
    compile_map,
)
from multilat.assess.metrics import ConceptMetrics, ConceptRole, MapMetrics, structural_metrics
from multilat.assess.sensitivity import Sensitivity, sensitivity

__all__ = [
    "BASELINE_LEVEL",
    "CALIBRATIONS",
    "DEFAULT_CALIBRATION",
    "EXACT_DRAWS",
    "HALF_WIDTH",
    "INCOMING_CAP",
    "MOVED",
    "NOTE_DATE",
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
    "Explanation",
    "Inference",
    "MapMetrics",
    "Outcome",
    "Path",
    "RankedRecommendation",
    "Sensitivity",
    "Standing",
    "Term",
    "assess",
    "calibration_scales",
    "compile_map",
    "ensemble",
    "explain",
    "infer",
    "rank_recommendations",
    "sensitivity",
    "standing_of",
    "structural_metrics",
]
