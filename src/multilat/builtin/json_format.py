"""The ``json`` output format: the whole knowledge base, or an assessment.

Without an assessment the document is what :func:`multilat.data.dumps_json`
writes and :func:`multilat.data.loads_json` reads back; its JSON Schema is
:func:`multilat.schema.knowledge_schema`.

A report that carries an :class:`~multilat.assess.Assessment` or an
:class:`~multilat.assess.Ensemble` (``multilat assess --format json``)
renders as a ``multilat-assessment/1`` document instead
(:func:`assessment_to_dict`; schema: :func:`multilat.schema.assessment_schema`).
An assessment names its rule, transfer, calibration and date (``on``); an
outcome with no judgment in the horizon has ``"judged": false`` and null
levels, and a regime not in force on the date appears only in ``standings``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Final

from multilat._json import dumps_json
from multilat.formats import Document, Format, Report
from multilat.schema import ASSESSMENT_FORMAT_VERSION as SCHEMA_ASSESSMENT_VERSION

if TYPE_CHECKING:
    from multilat.assess import Assessment, Ensemble, Path
    from multilat.model import Scenario

__all__ = ["ASSESSMENT_FORMAT_VERSION", "JSON_FORMAT", "assessment_to_dict"]

#: Version tag of an assessment document (:data:`multilat.schema.ASSESSMENT_FORMAT_VERSION`).
ASSESSMENT_FORMAT_VERSION: Final = SCHEMA_ASSESSMENT_VERSION

#: Decimals kept of every level, change, contribution and probability.
DECIMALS: Final = 6


def _number(value: float) -> float:
    # Rounded so that the last bits of a float sum cannot change the bytes;
    # adding 0.0 turns -0.0 (a rounded tiny negative) into 0.0.
    return round(float(value), DECIMALS) + 0.0


def _quantiles(pairs: Iterable[tuple[float, float]]) -> dict[str, float]:
    return {f"{q:g}": _number(v) for q, v in pairs}


def _scenario(scenario: Scenario | None) -> dict[str, Any] | None:
    if scenario is None:
        return None
    return {"id": scenario.id, "levels": {t: _number(v) for t, v in scenario.levels}}


def _path(path: Path) -> dict[str, Any]:
    return {
        "concepts": list(path.concepts),
        "contribution": _number(path.contribution),
        "influences": [i.id for i in path.influences],
        "citations": [
            {"source": c.source, "locator": c.locator, "quote": c.quote} for c in path.citations
        ],
    }


def _judged_number(value: float, judged: bool) -> float | None:
    # An outcome nothing acts on has no level: null, never a judged 0.
    return _number(value) if judged else None


def _assessment(assessment: Assessment) -> dict[str, Any]:
    from multilat.assess import rank_recommendations

    return {
        "horizon": assessment.horizon.value,
        "scenario": _scenario(assessment.scenario),
        "rule": assessment.rule,
        "transfer": assessment.transfer,
        "calibration": assessment.calibration,
        "on": assessment.on.isoformat(),
        "converged": assessment.converged,
        "trend_levels": {k: _number(v) for k, v in sorted(assessment.trend_levels.items())},
        "targets": list(assessment.targets),
        "standings": [
            {
                "target": s.target,
                "status": s.status,
                "in_force": s.in_force,
                "withdrawn": list(s.withdrawn),
            }
            for s in assessment.standings
        ],
        "outcomes": [
            {
                "key": o.key,
                "target": o.target,
                "dimension": o.dimension.value,
                "judged": o.judged,
                "judged_in": [h.value for h in o.judged_in],
                "level": _judged_number(o.level, o.judged),
                "baseline": _judged_number(o.baseline, o.judged),
                "change": _judged_number(o.change, o.judged),
                "paths": [_path(p) for p in o.paths],
            }
            for o in assessment.outcomes
        ],
        "recommendations": [
            {
                "number": r.recommendation.number,
                "id": r.recommendation.id,
                "severity": _number(r.severity),
                "reasons": list(r.reasons),
            }
            for r in rank_recommendations(assessment, unanswered=True)
        ],
    }


def _ensemble(ensemble: Ensemble) -> dict[str, Any]:
    return {
        "horizon": ensemble.horizon.value,
        "scenario": _scenario(ensemble.scenario),
        "n": ensemble.n,
        "seed": ensemble.seed,
        # The draws depend on the chunking too: with n and seed, it replays the run.
        "chunk_size": ensemble.chunk_size,
        "rule": ensemble.rule,
        "transfer": ensemble.transfer,
        "converged": ensemble.converged,
        # How far a reported quantile may be from the exact one of the same
        # draws: 0 when every draw was kept, the sketch's bin width above.
        "exact": ensemble.exact,
        "quantile_error": ensemble.quantile_error,
        "outcomes": [
            {
                "key": o.key,
                "target": o.target,
                "dimension": o.dimension.value,
                "mean": _number(o.mean),
                "mean_change": _number(o.mean_change),
                "quantiles": _quantiles(o.quantiles),
                "change_quantiles": _quantiles(o.change_quantiles),
                "p_decline": _number(o.p_decline),
            }
            for o in ensemble.outcomes
        ],
    }


def assessment_to_dict(
    assessment: Assessment | None = None, ensemble: Ensemble | None = None
) -> dict[str, Any]:
    """Plain data for an assessment and/or an ensemble (``None`` where absent).

    Numbers are rounded to :data:`DECIMALS` decimals; outcomes keep the
    order of their source (sorted by key), recommendations are ranked by
    :func:`~multilat.assess.rank_recommendations`, and quantiles are
    objects keyed by the quantile (``"0.05"``, …, ``"0.95"``).
    """
    return {
        "format": ASSESSMENT_FORMAT_VERSION,
        "assessment": None if assessment is None else _assessment(assessment),
        "ensemble": None if ensemble is None else _ensemble(ensemble),
    }


def render(report: Report) -> str:
    """The report's assessment, if it has one, else its knowledge base, as JSON.

    Either way the text is language-independent and byte-identical for
    equal input (sorted keys, rounded numbers).
    """
    if report.assessment is None and report.ensemble is None:
        return dumps_json(report.knowledge)
    from multilat._jsontext import dumps_indented

    data = assessment_to_dict(report.assessment, report.ensemble)
    return dumps_indented(data) + "\n"


#: The built-in json format.
JSON_FORMAT = Format(
    name="json",
    media_type="application/json",
    suffix=".json",
    render=render,
    documents={Document.KNOWLEDGE, Document.ASSESSMENT, Document.ENSEMBLE},
    description=(
        "The whole knowledge base as JSON (multilat-knowledge/1), or an assessment"
        " (multilat-assessment/1), for other tools."
    ),
)
