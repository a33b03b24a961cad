"""The heatmap's geometry and colours: institutions × dimensions, per horizon.

:func:`layout` turns the outcomes of both horizons into positioned
:class:`Cell` objects, a diverging colour per value (:func:`colour`) and a
legend; the template writes them as SVG. Everything here is arithmetic on
numbers and ids, so the same outcomes give the same picture.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Final

from attrs import frozen

from multilat.model import Dimension, Horizon
from multilat.presentation import signed

if TYPE_CHECKING:
    from multilat.assess import EnsembleOutcome, Outcome

__all__ = [
    "DIVERGING",
    "Cell",
    "Column",
    "Heatmap",
    "LegendStep",
    "Row",
    "colour",
    "domain_of",
    "ink",
    "layout",
]

#: ColorBrewer's RdBu, 7 classes: harm red, nothing near white, gain blue.
#: Distinguishable with the common colour-vision deficiencies.
DIVERGING: Final = (
    "#b2182b",
    "#ef8a62",
    "#fddbc7",
    "#f7f7f7",
    "#d1e5f0",
    "#67a9cf",
    "#2166ac",
)

LABEL_WIDTH: Final = 190
CELL_WIDTH: Final = 88
CELL_HEIGHT: Final = 40
GROUP_GAP: Final = 18
GROUP_HEADER: Final = 22
COLUMN_HEADER: Final = 34
LEGEND_HEIGHT: Final = 56
LEGEND_STEPS: Final = 21
MARGIN: Final = 4
#: Characters of a row label before it is cut (its full name is in its <title>).
LABEL_CHARACTERS: Final = 28
#: Characters per line of a column header, which wraps onto two lines.
HEADER_CHARACTERS: Final = 13


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return (int(hex_colour[1:3], 16), int(hex_colour[3:5], 16), int(hex_colour[5:7], 16))


def colour(value: float, domain: float = 1.0) -> str:
    """The diverging colour of ``value`` on the scale ``[-domain, domain]``.

    Values outside are clamped; between the scale's stops the colour is
    interpolated in sRGB and rounded, so the same value gives the same colour.

    >>> colour(-1.0), colour(0.0), colour(1.0)
    ('#b2182b', '#f7f7f7', '#2166ac')
    """
    position = (max(-domain, min(domain, value)) / domain + 1.0) / 2.0 * (len(DIVERGING) - 1)
    low = min(math.floor(position), len(DIVERGING) - 2)
    fraction = position - low
    a, b = _rgb(DIVERGING[low]), _rgb(DIVERGING[low + 1])
    mixed = (round(x + (y - x) * fraction) for x, y in zip(a, b, strict=True))
    return "#" + "".join(f"{c:02x}" for c in mixed)


def ink(background: str) -> str:
    """Black or white, whichever reads better on ``background`` (WCAG luminance)."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _rgb(background))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    # Contrast against white (1.05 / (L + 0.05)) beats contrast against black.
    return "#ffffff" if 1.05 / (luminance + 0.05) > (luminance + 0.05) / 0.05 else "#111111"


def domain_of(values: Sequence[float], by_change: bool) -> float:
    """The half-width of the colour scale.

    Levels live in ``[-1, 1]``; a scenario's changes are usually far smaller,
    so their scale is the largest change rounded up to a quarter (at least
    0.25, at most 2): the colours then tell changes apart, and the legend
    says which scale it is.
    """
    if not by_change:
        return 1.0
    largest = max((abs(v) for v in values), default=0.0)
    return min(2.0, max(0.25, math.ceil(largest * 4 - 1e-9) / 4))


def _cut(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "\u2026"


def _wrap(text: str, size: int) -> tuple[str, ...]:
    """At most two lines of about ``size`` characters, split at spaces."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= size:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > 2:
        lines = [lines[0], _cut(" ".join(lines[1:]), size)]
    return tuple(lines) or ("",)


@frozen
class Row:
    """A row: one institution or regime."""

    target: str
    label: str
    #: The full name, for the row's ``<title>``.
    name: str
    y: float


@frozen
class Column:
    """A column: one dimension in one horizon."""

    horizon: Horizon
    dimension: Dimension
    lines: tuple[str, ...]
    x: float


@frozen
class Cell:
    """One outcome of one horizon, placed and coloured."""

    horizon: Horizon
    target: str
    dimension: Dimension
    key: str
    x: float
    y: float
    judged: bool
    fill: str
    ink: str
    #: What the cell shows: the signed value, or a dash without a judgment.
    text: str
    #: What the cell's ``<title>`` and ``aria-label`` say.
    title: str
    #: The id of its evidence on the page.
    anchor: str
    #: The ensemble's 5–95 % interval as x positions, if it has one.
    interval: tuple[float, float] | None = None


@frozen
class LegendStep:
    """One swatch of the legend's colour ramp."""

    x: float
    width: float
    fill: str


@frozen
class Heatmap:
    """Everything the template needs to draw the heatmap."""

    width: float
    height: float
    rows: tuple[Row, ...]
    columns: tuple[Column, ...]
    #: Horizon headers: ``(horizon, x of the group's middle, label)``.
    groups: tuple[tuple[Horizon, float, str], ...]
    cells: tuple[Cell, ...]
    domain: float
    by_change: bool
    legend_y: float
    legend: tuple[LegendStep, ...]
    #: Tick marks of the legend: ``(x, label)``.
    ticks: tuple[tuple[float, str], ...]
    legend_x: float
    legend_width: float
    #: Where row labels end (they are right-aligned against the grid).
    label_x: float = LABEL_WIDTH + MARGIN - 4
    cell_width: float = CELL_WIDTH
    cell_height: float = CELL_HEIGHT


def anchor_of(horizon: Horizon | str, key: str) -> str:
    """The id of an outcome's evidence: ``evidence-long-nato-cohesion``."""
    return f"evidence-{Horizon(horizon).value}-{key.replace('.', '-')}"


def layout(
    outcomes: Mapping[Horizon, Sequence[Outcome]],
    targets: Sequence[tuple[str, str]],
    *,
    by_change: bool,
    spread: Mapping[str, EnsembleOutcome] | None = None,
    spread_horizon: Horizon | None = None,
    words: Callable[[str], str],
    title: Callable[..., str],
    interval_quantiles: tuple[float, float] = (0.05, 0.95),
) -> Heatmap:
    """Place every outcome of every horizon in the grid.

    :param outcomes: the outcomes of each horizon shown, short before long.
    :param targets: ``(id, name)`` of each row, in the order shown.
    :param by_change: colour by the scenario's change rather than the level.
    :param spread: the ensemble's outcomes by key, drawn as an interval in
        the cells of ``spread_horizon``.
    :param interval_quantiles: the quantiles the drawn interval spans.
    :param words: a vocabulary value in the page's language.
    :param title: the label function for cell titles (``cell-title`` and
        ``cell-unjudged``).
    """
    horizons = [h for h in Horizon if h in outcomes]
    shown = {o.target for h in horizons for o in outcomes[h]}
    rows_in = [(t, n) for t, n in targets if t in shown]
    dimensions = [
        d for d in Dimension if any(o.dimension is d for h in horizons for o in outcomes[h])
    ]
    values = [
        (o.change if by_change else o.level) for h in horizons for o in outcomes[h] if o.judged
    ]
    domain = domain_of(values, by_change)
    top = MARGIN + GROUP_HEADER + COLUMN_HEADER

    columns, groups = [], []
    x: float = MARGIN + LABEL_WIDTH
    for horizon in horizons:
        start = x
        for dimension in dimensions:
            lines = _wrap(words(dimension.value), HEADER_CHARACTERS)
            columns.append(Column(horizon, dimension, lines, x))
            x += CELL_WIDTH
        groups.append((horizon, (start + x) / 2, words(horizon.value)))
        x += GROUP_GAP
    grid_right = x - GROUP_GAP

    rows = tuple(
        Row(target, _cut(name, LABEL_CHARACTERS), name, top + i * CELL_HEIGHT)
        for i, (target, name) in enumerate(rows_in)
    )
    row_y = {r.target: r.y for r in rows}
    names = dict(rows_in)
    column_x = {(c.horizon, c.dimension): c.x for c in columns}

    def interval_of(key: str, x: float) -> tuple[float, float] | None:
        if spread is None or key not in spread:
            return None
        o = spread[key]
        at_low, at_high = interval_quantiles
        low, high = (
            (o.change_quantile(at_low), o.change_quantile(at_high))
            if by_change
            else (o.quantile(at_low), o.quantile(at_high))
        )
        span = CELL_WIDTH - 16

        def at(v: float) -> float:
            return round(x + 8 + (max(-domain, min(domain, v)) / domain + 1) / 2 * span, 1)

        return (at(low), at(high))

    cells = []
    for horizon in horizons:
        for o in outcomes[horizon]:
            if o.target not in row_y:
                continue
            x, y = column_x[(horizon, o.dimension)], row_y[o.target]
            fields = {
                "target": names[o.target],
                "dimension": words(o.dimension.value),
                "horizon": words(horizon.value),
            }
            if o.judged:
                value = o.change if by_change else o.level
                fill = colour(value, domain)
                text = signed(value)
                described = title("cell-title", value=text, **fields)
            else:
                fill, text = "url(#unjudged)", "\u2014"
                described = title("cell-unjudged", **fields)
            cells.append(
                Cell(
                    horizon=horizon,
                    target=o.target,
                    dimension=o.dimension,
                    key=o.key,
                    x=x,
                    y=y,
                    judged=o.judged,
                    fill=fill,
                    ink=ink(fill) if o.judged else "#333333",
                    text=text,
                    title=described,
                    anchor=anchor_of(horizon, o.key),
                    interval=interval_of(o.key, x)
                    if o.judged and horizon is spread_horizon
                    else None,
                )
            )

    legend_y = top + len(rows) * CELL_HEIGHT + 14
    legend_x = MARGIN + LABEL_WIDTH
    legend_width = min(360.0, max(200.0, grid_right - legend_x - 140))
    step = legend_width / LEGEND_STEPS
    legend = tuple(
        LegendStep(
            round(legend_x + i * step, 2),
            round(step + 0.5, 2),  # overlap a hair: no seams between swatches
            colour(-domain + (i + 0.5) * 2 * domain / LEGEND_STEPS, domain),
        )
        for i in range(LEGEND_STEPS)
    )
    ticks = tuple(
        (round(legend_x + f * legend_width, 2), signed(-domain + f * 2 * domain))
        for f in (0.0, 0.25, 0.5, 0.75, 1.0)
    )
    return Heatmap(
        width=max(grid_right, legend_x + legend_width + 140) + MARGIN,
        height=legend_y + LEGEND_HEIGHT,
        rows=rows,
        columns=tuple(columns),
        groups=tuple(groups),
        cells=tuple(sorted(cells, key=lambda c: (c.horizon is Horizon.LONG, c.y, c.x))),
        domain=domain,
        by_change=by_change,
        legend_y=legend_y,
        legend=legend,
        ticks=ticks,
        legend_x=legend_x,
        legend_width=legend_width,
    )
