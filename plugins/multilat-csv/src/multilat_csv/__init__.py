"""A CSV output format for multilat: ``--format csv``.

RFC 4180: comma-separated, CRLF line ends, a header row, and a field quoted
(with inner quotes doubled) whenever it holds a comma, a quote or a line
break. The knowledge base gives one row per influence
(:data:`INFLUENCE_COLUMNS`); an assessment gives one row per outcome
(:data:`OUTCOME_COLUMNS`, and :data:`ENSEMBLE_COLUMNS` beside them with
``--ensemble N``). Registered under the entry point ``csv`` of the group
``multilat``.

Every cell is an id, a vocabulary value, a number or a quote. Quotes are
content, and content is untrusted input: a cell that begins with ``=``,
``+``, ``-`` or ``@`` is a formula to a spreadsheet that opens the file
(CSV injection), so a quote cell that begins with one of those, with a tab
or carriage return, or with an apostrophe, is written with an apostrophe
before it (:func:`text_cell`), which spreadsheets show as text; dropping
one leading apostrophe gives the quote back exactly (:func:`quote_of`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Final

from multilat.formats import Document, Format, Report
from multilat.hookspecs import hookimpl

if TYPE_CHECKING:
    from multilat.assess import Assessment, Ensemble, EnsembleOutcome
    from multilat.knowledge import KnowledgeBase

__all__ = [
    "CSV_FORMAT",
    "ENSEMBLE_COLUMNS",
    "INFLUENCE_COLUMNS",
    "OUTCOME_COLUMNS",
    "influence_rows",
    "multilat_formats",
    "outcome_rows",
    "quote_of",
    "render",
    "text_cell",
    "write_rows",
]

#: Columns of the knowledge base's table, one row per influence.
#: ``source``, ``section``, ``paragraph`` and ``quote`` hold one line per
#: citation of the influence, in the same order (see :func:`influence_rows`).
INFLUENCE_COLUMNS: Final = (
    "id",
    "cause",
    "effect",
    "dimension",
    "horizon",
    "weight",
    "confidence",
    "source",
    "section",
    "paragraph",
    "quote",
)

#: Columns of an assessment's table, one row per outcome.
OUTCOME_COLUMNS: Final = ("key", "target", "dimension", "level", "baseline", "change")

#: Columns added with an ensemble: its mean, the 5–95 % interval of the level
#: and of the change, and the probability of decline.
ENSEMBLE_COLUMNS: Final = (
    "mean",
    "level_p05",
    "level_p95",
    "mean_change",
    "change_p05",
    "change_p95",
    "p_decline",
)

#: Decimals written of every level, change and probability (as in the json format).
DECIMALS: Final = 6

# Several citations of one influence share its row: their parts are joined by
# a line break, which RFC 4180 allows inside a quoted field. Quotes never hold
# one (Citation folds white space), so splitting a cell recovers them.
_CITATION_SEPARATOR: Final = "\n"


#: What makes a spreadsheet read a cell as a formula (or hide what follows),
#: and the apostrophe that marks a cell :func:`text_cell` protected.
_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r", "'")


def text_cell(text: str) -> str:
    """``text`` as a cell no spreadsheet evaluates: an apostrophe first where it could.

    Only a cell's first character decides, so a cell of several lines is
    protected as a whole. The apostrophe also goes before text that begins
    with one, so that :func:`quote_of` can always take exactly one away.
    """
    return "'" + text if text.startswith(_FORMULA_START) else text


def quote_of(cell: str) -> str:
    """The text of a cell :func:`text_cell` wrote: one leading apostrophe dropped."""
    return cell.removeprefix("'")


def _number(value: float) -> str:
    # Adding 0.0 turns a rounded -0.0 into 0.0: the same bytes for "no change".
    return f"{round(float(value), DECIMALS) + 0.0:.{DECIMALS}f}"


def write_rows(rows: Iterable[Sequence[str]]) -> str:
    """``rows`` as RFC 4180 CSV text: CRLF line ends, minimal quoting."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, dialect="excel", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerows(rows)
    return buffer.getvalue()


def influence_rows(kb: KnowledgeBase) -> list[list[str]]:
    """The header and one row per influence, in id order."""
    rows = [list(INFLUENCE_COLUMNS)]
    for influence in kb.influences:
        cites = influence.citations
        rows.append([
            influence.id,
            influence.cause,
            influence.effect,
            influence.dimension.value if influence.dimension is not None else "",
            influence.horizon.value,
            f"{influence.weight:g}",
            influence.confidence.value,
            _CITATION_SEPARATOR.join(c.source for c in cites),
            _CITATION_SEPARATOR.join(c.section for c in cites),
            _CITATION_SEPARATOR.join(str(c.paragraph) for c in cites),
            text_cell(_CITATION_SEPARATOR.join(c.quote for c in cites)),
        ])
    return rows


def _ensemble_cells(outcome: EnsembleOutcome | None) -> list[str]:
    if outcome is None:
        return [""] * len(ENSEMBLE_COLUMNS)
    return [
        _number(outcome.mean),
        _number(outcome.quantile(0.05)),
        _number(outcome.quantile(0.95)),
        _number(outcome.mean_change),
        _number(outcome.change_quantile(0.05)),
        _number(outcome.change_quantile(0.95)),
        _number(outcome.p_decline),
    ]


def outcome_rows(
    assessment: Assessment | None, ensemble: Ensemble | None = None
) -> list[list[str]]:
    """The header and one row per outcome, in key order.

    The :data:`OUTCOME_COLUMNS` come from ``assessment``; with an
    ``ensemble`` the :data:`ENSEMBLE_COLUMNS` follow, from the ensemble's
    outcome of the same key. A cell with nothing to show is empty: the
    ensemble's of an outcome it lacks, the assessment's when there is only an
    ensemble.
    """
    header = list(OUTCOME_COLUMNS)
    levels = {} if assessment is None else {o.key: o for o in assessment.outcomes}
    spread: dict[str, EnsembleOutcome] = {}
    if ensemble is not None:
        header += ENSEMBLE_COLUMNS
        spread = {o.key: o for o in ensemble.outcomes}
    rows = [header]
    for key in sorted(levels.keys() | spread.keys()):
        outcome = levels.get(key)
        if outcome is not None:
            target, dimension = outcome.target, outcome.dimension.value
            numbers = [_number(v) for v in (outcome.level, outcome.baseline, outcome.change)]
        else:
            target, dimension = spread[key].target, spread[key].dimension.value
            numbers = ["", "", ""]
        row = [key, target, dimension, *numbers]
        if ensemble is not None:
            row += _ensemble_cells(spread.get(key))
        rows.append(row)
    return rows


def render(report: Report) -> str:
    """The report as CSV: its outcomes if it is an assessment, else the influences.

    Language-independent: every cell is an id, a number or a verbatim quote.
    """
    if report.assessment is not None or report.ensemble is not None:
        return write_rows(outcome_rows(report.assessment, report.ensemble))
    return write_rows(influence_rows(report.knowledge))


#: The csv format.
CSV_FORMAT = Format(
    name="csv",
    media_type="text/csv; charset=utf-8; header=present",
    suffix=".csv",
    render=render,
    documents={Document.KNOWLEDGE, Document.ASSESSMENT, Document.ENSEMBLE},
    description=(
        "RFC 4180 CSV: one row per influence with its citations, or one row per"
        " assessment outcome with the ensemble's interval."
    ),
)


@hookimpl
def multilat_formats() -> list[Format]:
    """The csv format."""
    return [CSV_FORMAT]
