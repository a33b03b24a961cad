"""Summaries of an ensemble's outcomes that accumulate chunk by chunk.

An ensemble of 10⁸ draws cannot keep its draws (31 outcomes × 8 bytes × 10⁸
is 25 GB), so each chunk is reduced where it runs to a summary that is
merged into running totals, and every merge is *exact*: sums are integers,
counts are integers, minima and maxima are minima and maxima. Merging is
therefore associative and commutative, bit for bit: the statistics of a set
of draws do not depend on how the draws were split into chunks, in which
order the chunks finished, or which worker ran them.

- **Means** are sums of the values on the grid of :data:`FIXED_STEP`
  (2⁻¹⁰⁴), kept as Python integers and divided once at the end (correctly
  rounded): every value of magnitude 2⁻⁵² or more is on that grid, so the
  mean is the exact mean of the draws up to 1e-31, closer than the float64
  summation of ``numpy.mean`` gets.
- **Probabilities** are counts divided by the number of draws.
- **Quantiles** are exact (``numpy.quantile``'s default, "linear" method) when
  the draws are kept. Otherwise they come from :class:`QuantileSketch`: a
  fixed-bin histogram of each outcome on the bounded range its values live
  in ([-1, 1] for levels, [-2, 2] for changes), with bins :data:`SKETCH_WIDTH`
  (2⁻¹⁵, about 3.05e-5) wide, plus each outcome's smallest and largest value.
  The sketch locates the order statistics the linear method interpolates
  between exactly (which bin holds them) and places each within its bin by
  its rank among the bin's values; so a sketched quantile differs from the
  exact quantile of the same draws by at most one bin width, ``SKETCH_WIDTH``
  (give or take the 1e-16 by which a value on a bin edge may round into
  its neighbour), whatever the number of draws and their distribution. The
  smallest and the largest value (quantiles 0 and 1) are exact. A constant outcome
  (an outcome no influence reaches, or a change of zero) is exact, since
  estimates are clipped to the outcome's smallest and largest value.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Final, TypeAlias

import numpy as np
import numpy.typing as npt
from attrs import frozen

__all__ = ["FIXED_STEP", "SKETCH_WIDTH", "QuantileSketch", "Sums", "sketch_bins"]

FloatArray: TypeAlias = npt.NDArray[np.float64]
CountArray: TypeAlias = npt.NDArray[np.int64]
BinArray: TypeAlias = npt.NDArray[np.uint32]

_LIMB_BITS: Final = 52
_FIXED_BITS: Final = 2 * _LIMB_BITS
#: The grid values are rounded to before they are summed exactly: 2**-104.
FIXED_STEP: Final = 2.0**-_FIXED_BITS
# Rows summed in int64 before the partial sums go to Python integers: a limb
# is at most 2**53 in magnitude for a value of at most 2, and 2**9 of them
# stay below 2**63.
_BLOCK_ROWS: Final = 2**9
_MAX_MAGNITUDE: Final = 2.0

_SKETCH_BITS: Final = 15
#: Width of the sketch's bins, and the bound on a sketched quantile's error.
SKETCH_WIDTH: Final = 2.0**-_SKETCH_BITS


def _column_totals(limbs: FloatArray) -> list[int]:
    rows, columns = limbs.shape
    fixed = limbs.astype(np.int64)
    padding = -rows % _BLOCK_ROWS
    if padding:
        fixed = np.concatenate([fixed, np.zeros((padding, columns), dtype=np.int64)])
    blocks = fixed.reshape(-1, _BLOCK_ROWS, columns).sum(axis=1)
    return [sum(int(x) for x in blocks[:, j]) for j in range(columns)]


@frozen(eq=False)
class Sums:
    """Count, exact sums, minima and maxima of columns of values in [-2, 2].

    A value is split into two 52-bit integer limbs on the grid of
    :data:`FIXED_STEP` (2⁻¹⁰⁴): exact for every value of magnitude at least
    2⁻⁵², rounded by at most 2⁻¹⁰⁵ below that. The limbs are summed as
    Python integers, so ``+`` is exact: associative and commutative, bit for
    bit.
    """

    count: int
    #: Per column, the sum in units of :data:`FIXED_STEP`.
    totals: tuple[int, ...]
    low: tuple[float, ...]
    high: tuple[float, ...]

    @classmethod
    def zero(cls, columns: int) -> Sums:
        """No values yet."""
        return cls(0, (0,) * columns, (math.inf,) * columns, (-math.inf,) * columns)

    @classmethod
    def of(cls, values: FloatArray) -> Sums:
        """The sums of ``values``, rows × columns."""
        if values.ndim != 2:
            raise ValueError(f"values must be rows × columns, got shape {values.shape}")
        rows, columns = values.shape
        if not rows:
            return cls.zero(columns)
        if not (np.abs(values) <= _MAX_MAGNITUDE).all():  # NaN too
            raise ValueError(f"values must lie in [-{_MAX_MAGNITUDE:g}, {_MAX_MAGNITUDE:g}]")
        # Scaling by a power of two, taking the floor and the remainder are
        # exact; only the rounding of the low limb is not.
        scaled = np.ldexp(values, _LIMB_BITS)
        high = np.floor(scaled)
        low = np.rint(np.ldexp(scaled - high, _LIMB_BITS))
        totals = [
            (h << _LIMB_BITS) + lo
            for h, lo in zip(_column_totals(high), _column_totals(low), strict=True)
        ]
        return cls(
            rows,
            tuple(totals),
            tuple(float(x) for x in values.min(axis=0)),
            tuple(float(x) for x in values.max(axis=0)),
        )

    def __add__(self, other: Sums) -> Sums:
        """The sums of both sets of values."""
        if len(self.totals) != len(other.totals):
            return NotImplemented
        return Sums(
            self.count + other.count,
            tuple(a + b for a, b in zip(self.totals, other.totals, strict=True)),
            tuple(map(min, self.low, other.low)),
            tuple(map(max, self.high, other.high)),
        )

    def means(self) -> tuple[float, ...]:
        """Per column, the mean, correctly rounded; within [min, max] of the values."""
        if not self.count:
            raise ValueError("no values")
        scale = self.count << _FIXED_BITS
        # int / int is correctly rounded in Python, however large the integers.
        return tuple(
            min(max(total / scale, low), high)
            for total, low, high in zip(self.totals, self.low, self.high, strict=True)
        )


def sketch_bins(values: FloatArray, bound: float) -> BinArray:
    """The bin of each of ``values`` in a :class:`QuantileSketch` of ``bound``."""
    # bound and the width are powers of two: scaling is exact and only the
    # addition rounds (by at most 2**-52 · bound).
    scaled = np.floor((values + bound) * (1.0 / SKETCH_WIDTH))
    np.clip(scaled, 0, int(2 * bound / SKETCH_WIDTH) - 1, out=scaled)
    return scaled.astype(np.uint32)


class QuantileSketch:
    """Fixed-bin histograms of ``columns`` outcomes whose values lie in ``[-bound, bound]``.

    Bins are :data:`SKETCH_WIDTH` wide; bin ``b`` holds the values in
    ``[-bound + b·w, -bound + (b+1)·w)``, the last one ``bound`` too.
    :meth:`bins` runs where a chunk runs (it needs no state);
    :meth:`add` and :meth:`merge` are exact, so the order of merging never
    matters.
    """

    def __init__(self, columns: int, bound: float) -> None:
        """An empty sketch; ``bound`` must be a power of two (1 or 2)."""
        mantissa, _ = np.frexp(bound)
        if not (bound > 0 and mantissa == 0.5):
            raise ValueError(f"bound must be a positive power of two, got {bound!r}")
        self.bound = float(bound)
        self.bin_count = int(2 * bound / SKETCH_WIDTH)
        self.counts: CountArray = np.zeros((columns, self.bin_count), dtype=np.int64)
        self.low: FloatArray = np.full(columns, np.inf)
        self.high: FloatArray = np.full(columns, -np.inf)

    @property
    def columns(self) -> int:
        """The number of outcomes."""
        return int(self.counts.shape[0])

    @property
    def total(self) -> int:
        """The number of values added to each column."""
        return int(self.counts[0].sum()) if self.columns else 0

    def bins(self, values: FloatArray) -> BinArray:
        """The bin of each of ``values`` (rows × columns)."""
        return sketch_bins(values, self.bound)

    def add(self, bins: BinArray, low: FloatArray, high: FloatArray) -> None:
        """Count the binned values of a chunk (rows × columns) with their column minima/maxima."""
        rows, columns = bins.shape
        if columns != self.columns:
            raise ValueError(f"expected {self.columns} columns, got {columns}")
        if not rows:
            return
        offsets = np.arange(columns, dtype=np.int64) * self.bin_count
        np.add.at(self.counts.reshape(-1), (bins + offsets).ravel(), 1)
        np.minimum(self.low, low, out=self.low)
        np.maximum(self.high, high, out=self.high)

    def add_values(self, values: FloatArray) -> None:
        """Bin and count ``values`` (rows × columns)."""
        if values.shape[0]:
            self.add(self.bins(values), values.min(axis=0), values.max(axis=0))

    def merge(self, other: QuantileSketch) -> None:
        """Add ``other``'s counts to this sketch's."""
        if (other.bound, other.columns) != (self.bound, self.columns):
            raise ValueError("cannot merge sketches of different ranges or widths")
        self.counts += other.counts
        np.minimum(self.low, other.low, out=self.low)
        np.maximum(self.high, other.high, out=self.high)

    def quantiles(self, qs: Sequence[float]) -> FloatArray:
        """The quantiles ``qs`` of every column, ``(len(qs), columns)``, as ``numpy.quantile``.

        Within :data:`SKETCH_WIDTH` of ``numpy.quantile(values, qs, axis=0)``
        of the values added.
        """
        n = self.total
        result = np.empty((len(qs), self.columns))
        if not self.columns:
            return result
        if n == 0:
            raise ValueError("no values in the sketch")
        for j in range(self.columns):
            cumulative = np.cumsum(self.counts[j])
            for i, q in enumerate(qs):
                if not 0.0 <= q <= 1.0:
                    raise ValueError(f"quantiles must lie in [0, 1], got {q!r}")
                # numpy's "linear" method: between order statistics floor(h)
                # and ceil(h) (counted from 0), h = (n - 1) q.
                h = (n - 1) * q
                below = int(np.floor(h))
                above = min(below + 1, n - 1)
                lower = self._order_statistic(j, cumulative, below)
                upper = self._order_statistic(j, cumulative, above)
                result[i, j] = lower + (h - below) * (upper - lower)
        return result

    def _order_statistic(self, column: int, cumulative: CountArray, rank: int) -> float:
        # The smallest and the largest value are known exactly.
        if rank == 0:
            return float(self.low[column])
        if rank == int(cumulative[-1]) - 1:
            return float(self.high[column])
        # The bin that holds the value of this rank, and the rank's place among its values.
        b = int(np.searchsorted(cumulative, rank, side="right"))
        count = int(self.counts[column, b])
        before = int(cumulative[b]) - count
        position = (rank - before + 0.5) / count
        estimate = -self.bound + (b + position) * SKETCH_WIDTH
        return float(min(max(estimate, self.low[column]), self.high[column]))
