"""What every format that presents an assessment to readers shows, decided once.

The ``text`` format (``multilat assess``), ``markdown`` and ``html`` lay an
:class:`~multilat.assess.Assessment` out differently, but they agree on
what to show and in which order: this module is that agreement, so that a
format plugin only chooses markup. It decides

- how numbers read: :func:`signed` levels and changes, :func:`interval` s;
- the order of outcomes (:func:`outcome_table`, :func:`ensemble_table`:
  worst first) and which are the worst (:func:`worst`, :data:`WORST` of
  them get their strongest paths shown);
- which recommendations answer harm (:func:`answering`);
- the "no judgment in this horizon" and "not in force" listings
  (:func:`unjudged_groups`, :func:`not_in_force`, :func:`withdrawn`);
- the method line (:func:`method`).

Column headers and phrases are keys of the label catalogue
(:mod:`multilat.labels`), so every format can word them in English or
Dutch. Cells are plain text: a format escapes them for its markup. Nothing
here imports NumPy; the arguments are results of :mod:`multilat.assess`.

>>> from multilat.presentation import interval, signed
>>> signed(-0.004), interval(-0.5, 0.25)
('+0.00', '[-0.50, +0.25]')
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Final

from attrs import frozen

from multilat.model import Horizon

if TYPE_CHECKING:
    from multilat.assess import (
        Assessment,
        Ensemble,
        EnsembleOutcome,
        Explanation,
        Outcome,
        RankedRecommendation,
        Standing,
    )

__all__ = [
    "INTERVAL",
    "QUOTE_LENGTH",
    "REASONS",
    "WORST",
    "Method",
    "Table",
    "UnjudgedGroup",
    "answering",
    "ensemble_order",
    "ensemble_table",
    "interval",
    "method",
    "not_in_force",
    "outcome_table",
    "shorten",
    "signed",
    "unjudged_groups",
    "withdrawn",
    "worst",
]

#: How many of the worst outcomes get their strongest paths shown: enough to
#: read, not a dump (the json format has everything).
WORST: Final = 5
#: How many reasons a short listing gives per recommendation before "and N more".
REASONS: Final = 3
#: Longest quote a short listing shows before cutting it with an ellipsis.
QUOTE_LENGTH: Final = 160
#: The quantiles an ensemble's interval spans.
INTERVAL: Final = (0.05, 0.95)


def signed(value: float) -> str:
    """A level or change with its sign and two decimals; never ``-0.00``.

    >>> from multilat.presentation import signed
    >>> signed(0.5), signed(-0.25), signed(-0.001)
    ('+0.50', '-0.25', '+0.00')
    """
    text = f"{value:+.2f}"
    return "+0.00" if text == "-0.00" else text


def interval(low: float, high: float) -> str:
    """``[low, high]``, both :func:`signed`."""
    return f"[{signed(low)}, {signed(high)}]"


def shorten(text: str, limit: int = QUOTE_LENGTH) -> str:
    """``text`` cut to at most ``limit`` characters, an ellipsis marking the cut.

    >>> from multilat.presentation import shorten
    >>> shorten("abcdef", 4)
    'abc…'
    """
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


@frozen
class Table:
    """Rows of an outcome table, worst first.

    :attr:`columns` are label keys (see :mod:`multilat.labels`); the first
    cell of each row is an outcome key (data, to be escaped), the others
    are numbers already formatted.
    """

    #: Label keys of the columns, the outcome's first.
    columns: tuple[str, ...]
    #: One row per outcome, worst first: the key, then the numbers.
    rows: tuple[tuple[str, ...], ...]


def outcome_table(assessment: Assessment) -> Table:
    """The judged outcomes worst first: level, and under a scenario baseline and change."""
    ordered = assessment.ordered()
    if assessment.scenario is None:
        return Table(("outcome", "level"), tuple((o.key, signed(o.level)) for o in ordered))
    return Table(
        ("outcome", "level", "baseline-column", "change"),
        tuple((o.key, signed(o.level), signed(o.baseline), signed(o.change)) for o in ordered),
    )


def ensemble_order(ensemble: Ensemble) -> tuple[EnsembleOutcome, ...]:
    """The ensemble's outcomes worst first: by mean change under a scenario, else by mean."""
    if ensemble.scenario is None:
        return tuple(sorted(ensemble.outcomes, key=lambda o: (o.mean, o.key)))
    return tuple(sorted(ensemble.outcomes, key=lambda o: (o.mean_change, o.key)))


def ensemble_table(ensemble: Ensemble) -> Table:
    """Mean and :data:`INTERVAL` of each outcome (and of its change), and P(decline)."""
    low, high = INTERVAL
    columns = ["outcome", "mean", "interval"]
    if ensemble.scenario is not None:
        columns += ["change", "change-interval"]
    rows = []
    for o in ensemble_order(ensemble):
        cells = [o.key, signed(o.mean), interval(o.quantile(low), o.quantile(high))]
        if ensemble.scenario is not None:
            change = interval(o.change_quantile(low), o.change_quantile(high))
            cells += [signed(o.mean_change), change]
        rows.append((*cells, f"{o.p_decline:.0%}"))
    return Table((*columns, "p-decline"), tuple(rows))


def worst(assessment: Assessment) -> tuple[Outcome, ...]:
    """The :data:`WORST` outcomes that suffer most, worst first (see ``Assessment.worst``)."""
    return assessment.worst(WORST)


def answering(assessment: Assessment) -> tuple[RankedRecommendation, ...]:
    """The recommendations that answer some harm of the assessment, most first."""
    from multilat.assess import rank_recommendations

    return rank_recommendations(assessment)


@frozen
class UnjudgedGroup:
    """Outcomes with no judgment in the assessment's horizon that share where they have one."""

    #: The other horizon the note judges them in, or ``None``: judged in no term.
    judged_in: Horizon | None
    #: Their keys, sorted.
    keys: tuple[str, ...]


def unjudged_groups(assessment: Assessment) -> tuple[UnjudgedGroup, ...]:
    """The unjudged outcomes, grouped by the other horizon they are judged in.

    Groups judged in some other horizon come first (short before long),
    those judged in none last.
    """
    groups: dict[Horizon | None, list[str]] = {}
    for outcome in assessment.unjudged:
        other = [h for h in outcome.judged_in if h is not assessment.horizon]
        groups.setdefault(other[0] if other else None, []).append(outcome.key)
    order = [*Horizon, None]
    return tuple(
        UnjudgedGroup(horizon, tuple(sorted(groups[horizon])))
        for horizon in order
        if horizon in groups
    )


def not_in_force(assessment: Assessment) -> tuple[Standing, ...]:
    """The institutions and regimes not in force on the day, so not assessed."""
    return assessment.not_in_force


def withdrawn(assessment: Assessment) -> tuple[Standing, ...]:
    """The assessed institutions and regimes that some party had left by the day."""
    return tuple(s for s in assessment.standings if s.in_force and s.withdrawn)


@frozen
class Method:
    """How an assessment was run, for its method line."""

    on: dt.date
    rule: str
    transfer: str
    calibration: str
    #: The cap on the absolute incoming weights of a concept; ``None`` when
    #: the weights are used as judged.
    cap: float | None

    def fields(self) -> dict[str, str]:
        """The values as the ``method`` label's placeholders take them."""
        return {
            "on": self.on.isoformat(),
            "rule": self.rule,
            "transfer": self.transfer,
            "calibration": self.calibration,
        }


def method(run: Assessment | Explanation) -> Method:
    """The method of an :class:`~multilat.assess.Assessment` or an explanation of one."""
    from multilat.assess import INCOMING_CAP

    capped = run.calibration == "capped"
    return Method(run.on, run.rule, run.transfer, run.calibration, INCOMING_CAP if capped else None)
