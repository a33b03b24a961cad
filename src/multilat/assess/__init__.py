"""Impact assessment: the knowledge base as a fuzzy cognitive map.

Every public name is here, at the package; the modules behind them are
private (``_engine``, ``_ensemble``, …), so a function such as
:func:`ensemble` never hides a module of the same name.

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

import importlib
from typing import TYPE_CHECKING

from multilat.assess._assessment import (
    MOVED,
    NOTE_DATE,
    Answer,
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
    resolve_scenario,
    standing_of,
)
from multilat.assess._engine import Inference, Rule, Transfer, infer
from multilat.assess._maps import (
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

# What every assessment needs is imported with the package; ensembles,
# sensitivity and structural metrics (a few ms of class building that
# ``multilat assess`` without --ensemble never uses) with their first name.
if TYPE_CHECKING:
    from multilat.assess._ensemble import (
        EXACT_DRAWS,
        HALF_WIDTH,
        QUANTILES,
        SKETCH_WIDTH,
        Ensemble,
        EnsembleOutcome,
        draw_weights,
        ensemble,
        weight_band,
    )
    from multilat.assess._metrics import (
        ConceptMetrics,
        ConceptRole,
        MapMetrics,
        structural_metrics,
    )
    from multilat.assess._sensitivity import Sensitivity, sensitivity

#: Name -> the private module that defines it, imported on first use.
_ON_FIRST_USE = {
    **dict.fromkeys(
        [
            "EXACT_DRAWS",
            "HALF_WIDTH",
            "QUANTILES",
            "SKETCH_WIDTH",
            "Ensemble",
            "EnsembleOutcome",
            "draw_weights",
            "ensemble",
            "weight_band",
        ],
        "_ensemble",
    ),
    **dict.fromkeys(
        ["ConceptMetrics", "ConceptRole", "MapMetrics", "structural_metrics"], "_metrics"
    ),
    **dict.fromkeys(["Sensitivity", "sensitivity"], "_sensitivity"),
}

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
    "Answer",
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
    "Rule",
    "Sensitivity",
    "Standing",
    "Term",
    "Transfer",
    "assess",
    "calibration_scales",
    "compile_map",
    "draw_weights",
    "ensemble",
    "explain",
    "infer",
    "rank_recommendations",
    "resolve_scenario",
    "sensitivity",
    "standing_of",
    "structural_metrics",
    "weight_band",
]


def __getattr__(name: str) -> object:
    module = _ON_FIRST_USE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # found directly from now on
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_ON_FIRST_USE})
