"""Uncertainty ensembles: the map run many times with weights drawn from the judgments.

The note states each influence as an ordinal judgment (weak, moderate,
strong, very strong) with a confidence (low, medium, high). A point
assessment reads the judgment as one number; :func:`ensemble` reads it as a
range and runs the map once per draw of the whole weight matrix, so that
each outcome gets a distribution instead of a level: its mean, quantiles and
the probability that it declines.

**The draw.** Every influence keeps its sign; the magnitude of its weight
``w`` is uniform on ``(max(0, |w| - h), min(1, |w| + h)]`` with a half-width
``h`` set by the confidence (:data:`HALF_WIDTH`): 0.125 for ``high`` (half
a step of the ordinal scale, so neighbouring labels do not overlap), 0.25
for ``medium`` (one step either way) and 0.375 for ``low``. The interval is
open at the bottom, so a drawn weight is never zero and the map keeps its
structure. Influences are drawn independently; one draw is one full weight
matrix.

**Bounded memory.** Every chunk of draws is reduced, where it runs, to a
summary (exact sums, counts and, above :data:`EXACT_DRAWS` draws, a
histogram sketch of the levels), and the summaries are merged exactly; the
draws themselves are kept only up to :data:`EXACT_DRAWS` (or on request), so
memory does not grow with the number of draws. See :func:`ensemble`.
"""

from __future__ import annotations

import collections
import concurrent.futures
import math
import operator
import sys
import time
from collections.abc import Callable, Collection, Generator, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import Final, TypeAlias

import numpy as np
import numpy.typing as npt
import scipy.sparse  # type: ignore[import-untyped]  # scipy ships no type information
from attrs import Factory, evolve, field, frozen

from multilat.assess._assessment import find_outcome, has_outcomes, resolve_scenario
from multilat.assess._engine import Rule, Transfer, check_method, infer
from multilat.assess._maps import CognitiveMap, Concept, compile_map
from multilat.assess._summary import SKETCH_WIDTH, QuantileSketch, Sums, sketch_bins
from multilat.knowledge import KnowledgeBase
from multilat.model import Confidence, Dimension, Horizon, Influence, Scenario

__all__ = [
    "EXACT_DRAWS",
    "HALF_WIDTH",
    "QUANTILES",
    "SKETCH_WIDTH",
    "Ensemble",
    "EnsembleOutcome",
    "Progress",
    "draw_weights",
    "ensemble",
    "weight_band",
]

FloatArray: TypeAlias = npt.NDArray[np.float64]
IndexArray: TypeAlias = npt.NDArray[np.intp]

#: Half-width of the band a weight's magnitude is drawn from, by confidence.
HALF_WIDTH: Final[Mapping[Confidence, float]] = MappingProxyType(
    {Confidence.HIGH: 0.125, Confidence.MEDIUM: 0.25, Confidence.LOW: 0.375}
)

#: The quantiles reported for every outcome.
QUANTILES: Final = (0.05, 0.25, 0.5, 0.75, 0.95)

#: Up to this many draws :func:`ensemble` keeps every draw and its quantiles
#: are exact; above it, quantiles come from a histogram sketch within
#: :data:`SKETCH_WIDTH` of the exact ones (``exact=`` overrides the choice).
EXACT_DRAWS: Final = 100_000

# Chunks submitted to an executor and not yet merged, at most: enough to keep
# this many workers busy, and a bound on the memory results wait in.
_IN_FLIGHT = 64

#: ``progress`` argument of :func:`ensemble`: ``None`` (a bar on a terminal
#: when the run is slow), ``False`` (never), ``True`` (always a bar) or a
#: callable ``(done, total)`` counting draws.
Progress: TypeAlias = Callable[[int, int], object] | bool | None

# Seconds a run must have taken before the automatic progress bar appears;
# a module attribute so that tests can use a fake clock.
_BAR_DELAY = 1.0
_clock: Callable[[], float] = time.monotonic


def _readonly(array: FloatArray) -> FloatArray:
    array.setflags(write=False)
    return array


def _no_draws(ensemble: Ensemble) -> FloatArray:
    return np.zeros((0, len(ensemble.outcomes)))


@frozen
class EnsembleOutcome:
    """The distribution of one (target, dimension) over the draws.

    ``change`` is the level under the scenario minus the level in the
    baseline *of the same draw*; without a scenario it is zero and
    :attr:`p_decline` is the probability that the level is below zero.
    """

    target: str
    dimension: Dimension
    #: Mean level over the draws.
    mean: float
    #: Mean change against the baseline (0 without a scenario).
    mean_change: float
    #: ``(q, level)`` for each q of :data:`QUANTILES`, in that order.
    quantiles: tuple[tuple[float, float], ...]
    #: ``(q, change)`` for each q of :data:`QUANTILES`, in that order.
    change_quantiles: tuple[tuple[float, float], ...]
    #: P(change < 0) under a scenario; P(level < 0) for the baseline.
    p_decline: float

    @property
    def key(self) -> str:
        """``target.dimension``."""
        return Concept.key_of(self.target, self.dimension)

    def quantile(self, q: float) -> float:
        """The level at quantile ``q`` (one of :data:`QUANTILES`)."""
        return _lookup(self.quantiles, q)

    def change_quantile(self, q: float) -> float:
        """The change at quantile ``q`` (one of :data:`QUANTILES`)."""
        return _lookup(self.change_quantiles, q)


def _lookup(pairs: tuple[tuple[float, float], ...], q: float) -> float:
    for at, value in pairs:
        if at == q:
            return value
    raise KeyError(f"quantile {q!r} not computed; computed: {', '.join(str(p) for p, _ in pairs)}")


@frozen(eq=False)
class Ensemble:
    """The result of :func:`ensemble`.

    :attr:`levels` and :attr:`baseline_levels` hold every draw (one row per
    draw, one column per outcome in the order of :attr:`outcomes`) when
    :attr:`exact` is true; without a scenario they are the same array. They
    are read-only. When the draws were not kept (above :data:`EXACT_DRAWS`
    draws, or ``exact=False``), and in an ensemble built by hand, they are
    empty (no rows).
    """

    horizon: Horizon
    #: ``None`` for the baseline.
    scenario: Scenario | None
    #: Number of draws.
    n: int
    #: The seed (the entropy drawn, if :func:`ensemble` was given ``seed=None``).
    seed: int
    #: Sorted by key.
    outcomes: tuple[EnsembleOutcome, ...]
    rule: Rule = field(default="kosko", kw_only=True)
    transfer: Transfer = field(default="tanh", kw_only=True)
    #: Draws per chunk: part of the seeding, so part of the result's identity.
    chunk_size: int = field(default=1_000, kw_only=True)
    #: Whether every run settled within the iteration cap.
    converged: bool = field(default=True, kw_only=True)
    #: ``(n, len(outcomes))`` levels under the scenario (the baseline if none).
    levels: FloatArray = field(
        default=Factory(_no_draws, takes_self=True), kw_only=True, repr=False, converter=_readonly
    )
    #: ``(n, len(outcomes))`` levels in the baseline, draw by draw.
    baseline_levels: FloatArray = field(
        default=Factory(_no_draws, takes_self=True), kw_only=True, repr=False, converter=_readonly
    )
    #: Whether every draw was kept and the quantiles are exact; if not, they
    #: come from the histogram sketch, within :attr:`quantile_error`.
    exact: bool = field(default=True, kw_only=True)

    @property
    def quantile_error(self) -> float:
        """The largest difference of a reported quantile from the exact one of the same draws.

        0 when :attr:`exact`, else :data:`SKETCH_WIDTH`. Means and
        probabilities of decline are exact either way.
        """
        return 0.0 if self.exact else SKETCH_WIDTH

    def outcome(self, target: str, dimension: Dimension | str | None = None) -> EnsembleOutcome:
        """The outcome ``target.dimension``, given as two names or as the dotted key.

        :raises ~multilat.errors.UnknownName: naming the close keys.
        """
        return find_outcome(self.outcomes, target, dimension, "this ensemble")

    def only(self, keys: Collection[str]) -> Ensemble:
        """The same ensemble with only the outcomes whose key is in ``keys``."""
        kept = [i for i, o in enumerate(self.outcomes) if o.key in keys]
        return evolve(
            self,
            outcomes=tuple(self.outcomes[i] for i in kept),
            levels=self.levels[:, kept],
            baseline_levels=self.baseline_levels[:, kept],
        )

    def __repr__(self) -> str:
        what = "baseline" if self.scenario is None else f"scenario {self.scenario.id!r}"
        return (
            f"<Ensemble {self.horizon} term, {what}, {self.n} draws,"
            f" {len(self.outcomes)} outcomes>"
        )

    def for_target(self, target: str) -> tuple[EnsembleOutcome, ...]:
        """The outcomes of one institution or regime."""
        return tuple(o for o in self.outcomes if o.target == target)


# -- drawing ------------------------------------------------------------------


def weight_band(influence: Influence) -> tuple[float, float]:
    """The interval ``(low, high]`` the magnitude of ``influence``'s weight is drawn from."""
    magnitude, half = abs(influence.weight), HALF_WIDTH[influence.confidence]
    return max(0.0, magnitude - half), min(1.0, magnitude + half)


def _bands(influences: Sequence[Influence]) -> tuple[FloatArray, FloatArray, FloatArray]:
    bands = [weight_band(i) for i in influences]
    sign = np.array([math.copysign(1.0, i.weight) for i in influences], dtype=np.float64)
    low = np.array([b[0] for b in bands], dtype=np.float64)
    high = np.array([b[1] for b in bands], dtype=np.float64)
    return sign, low, high


def _draw(
    rng: np.random.Generator, sign: FloatArray, low: FloatArray, high: FloatArray, size: int
) -> FloatArray:
    # high - span * u with u in [0, 1) lies in (low, high]: never zero.
    u = rng.random((size, sign.size))
    u *= low - high
    u += high
    u *= sign
    return u


def draw_weights(cmap: CognitiveMap, rng: np.random.Generator, size: int) -> FloatArray:
    """Draw ``size`` weight sets for the edges of ``cmap``, as :func:`ensemble` does.

    Returns an array of shape ``(size, len(cmap.edges))``: row ``d`` holds
    draw ``d``'s weight for each edge, in the order of ``cmap.edges``.
    """
    sign, low, high = _bands([e.influence for e in cmap.edges])
    return _draw(rng, sign, low, high, size)


# -- one chunk, in whatever process the executor picks ------------------------


@frozen(eq=False)
class _Layout:
    """The CSC layout of one map's edges, for stacking copies of it."""

    #: Edge numbers sorted by (effect, cause): the order of the CSC data.
    order: IndexArray
    #: The cause of each edge, in that order (CSC row indices).
    rows: IndexArray
    #: CSC column pointer of one copy, ``(n + 1,)``.
    colptr: IndexArray

    @classmethod
    def of(cls, causes: IndexArray, effects: IndexArray, keep: IndexArray, n: int) -> _Layout:
        order = keep[np.lexsort((causes[keep], effects[keep]))]
        colptr = np.zeros(n + 1, dtype=np.intp)
        np.cumsum(np.bincount(effects[order], minlength=n), out=colptr[1:])
        return cls(order, causes[order], colptr)


@frozen(eq=False)
class _Run:
    """One of the runs every draw makes (the baseline, or the scenario)."""

    initial: FloatArray
    layout: _Layout


@frozen(eq=False)
class _Plan:
    """Everything a chunk needs: small, and picklable for any executor."""

    n: int
    sign: FloatArray
    low: FloatArray
    high: FloatArray
    runs: tuple[_Run, ...]
    #: Positions of the outcomes, in key order.
    columns: IndexArray
    rule: Rule
    transfer: Transfer
    #: Whether chunks send their draws back (exact quantiles) or sketch bins.
    exact: bool


def _block_diagonal(plan: _Plan, weights: FloatArray) -> object:
    """The draws' matrices of every run, as one block-diagonal CSC matrix.

    Blocks are run-major: all draws of the first run, then of the second.
    """
    size = weights.shape[0]
    data, indices, pointers = [], [], []
    block = nnz = 0
    for run in plan.runs:
        layout, edges = run.layout, run.layout.order.size
        copies = np.arange(size)
        data.append(weights[:, layout.order].ravel())
        indices.append((layout.rows + plan.n * (block + copies)[:, None]).ravel())
        pointers.append((layout.colptr[:-1] + (nnz + edges * copies)[:, None]).ravel())
        block += size
        nnz += size * edges
    pointers.append(np.array([nnz]))
    index_type = np.int32 if max(nnz, block * plan.n) < 2**31 else np.int64
    return scipy.sparse.csc_array(
        (
            np.concatenate(data),
            np.concatenate(indices).astype(index_type),
            np.concatenate(pointers).astype(index_type),
        ),
        shape=(block * plan.n, block * plan.n),
    )


@frozen(eq=False)
class _ChunkSummary:
    """What one chunk of draws sends back: small, whatever the chunk's size.

    Changes are absent without a scenario (they are zero). The draws
    themselves come back only when the ensemble keeps them (``exact``);
    otherwise their sketch bins do.
    """

    converged: bool
    levels: Sums
    changes: Sums | None
    #: Draws that declined, per outcome: change < 0 under a scenario, level < 0 without.
    declines: tuple[int, ...]
    #: ``(size, outcomes)`` levels under the scenario and in the baseline, if kept.
    kept: tuple[FloatArray, FloatArray] | None = None
    #: Sketch bins of the levels and of the changes (if any), if not kept.
    level_bins: npt.NDArray[np.uint32] | None = None
    change_bins: npt.NDArray[np.uint32] | None = None


def _run_chunk(plan: _Plan, seed: np.random.SeedSequence, size: int) -> _ChunkSummary:
    """Draw ``size`` weight matrices, settle every run of each and summarise them.

    Module-level, so that process pools and clusters can pickle it.
    """
    weights = _draw(np.random.default_rng(seed), plan.sign, plan.low, plan.high, size)
    matrix = _block_diagonal(plan, weights)
    initial = np.concatenate([np.tile(run.initial, size) for run in plan.runs])
    # One state over all blocks: a single sparse product per step for the
    # whole chunk. Held drivers and clamps are the zero columns of the
    # matrix, so infer holds them per block at their initial value.
    result = infer(matrix, initial, rule=plan.rule, transfer=plan.transfer)
    states = result.states.reshape(len(plan.runs), size, plan.n)[:, :, plan.columns]
    baseline = np.ascontiguousarray(states[0])
    levels = baseline if len(plan.runs) == 1 else np.ascontiguousarray(states[1])
    change = None if len(plan.runs) == 1 else levels - baseline
    declines = np.count_nonzero((levels if change is None else change) < 0, axis=0)
    return _ChunkSummary(
        converged=bool(result.converged),
        levels=Sums.of(levels),
        changes=None if change is None else Sums.of(change),
        declines=tuple(int(d) for d in declines),
        kept=(levels, baseline) if plan.exact else None,
        level_bins=None if plan.exact else sketch_bins(levels, 1.0),
        change_bins=None if plan.exact or change is None else sketch_bins(change, 2.0),
    )


class _Totals:
    """The merged summaries of the chunks so far; every merge is exact."""

    def __init__(self, columns: int, scenario: bool, exact: bool) -> None:
        self.converged = True
        self.levels = Sums.zero(columns)
        self.changes = Sums.zero(columns)
        self.declines = [0] * columns
        self.kept: list[tuple[FloatArray, FloatArray]] = []
        self.level_sketch = None if exact else QuantileSketch(columns, 1.0)
        self.change_sketch = None if exact or not scenario else QuantileSketch(columns, 2.0)

    def add(self, chunk: _ChunkSummary) -> None:
        self.converged &= chunk.converged
        self.levels += chunk.levels
        if chunk.changes is not None:
            self.changes += chunk.changes
        self.declines = [a + b for a, b in zip(self.declines, chunk.declines, strict=True)]
        if chunk.kept is not None:
            self.kept.append(chunk.kept)
        if self.level_sketch is not None and chunk.level_bins is not None:
            self.level_sketch.add(
                chunk.level_bins, np.array(chunk.levels.low), np.array(chunk.levels.high)
            )
        if (
            self.change_sketch is not None
            and chunk.change_bins is not None
            and chunk.changes is not None
        ):
            self.change_sketch.add(
                chunk.change_bins, np.array(chunk.changes.low), np.array(chunk.changes.high)
            )


# -- putting it together --------------------------------------------------------


def _plan(
    cmap: CognitiveMap,
    scenario: Scenario | None,
    columns: IndexArray,
    rule: Rule,
    transfer: Transfer,
    exact: bool,
) -> _Plan:
    n = len(cmap)
    causes = np.array([e.cause for e in cmap.edges], dtype=np.intp)
    effects = np.array([e.effect for e in cmap.edges], dtype=np.intp)
    every = np.arange(len(cmap.edges), dtype=np.intp)
    runs = [_Run(cmap.baseline_state(), _Layout.of(causes, effects, every, n))]
    if scenario is not None:
        clamps = cmap.scenario_clamps(scenario)
        initial = cmap.baseline_state()
        for position, level in clamps.items():
            initial[position] = level
        # A clamped concept with its incoming edges removed is a driver, and
        # infer holds drivers at their step-0 value: exactly a clamp, but one
        # that applies to the scenario's blocks only.
        clamped = np.array(sorted(clamps), dtype=np.intp)
        keep = every[~np.isin(effects, clamped)]
        runs.append(_Run(initial, _Layout.of(causes, effects, keep, n)))
    sign, low, high = _bands([e.influence for e in cmap.edges])
    # Draws vary the judged magnitudes; the map's calibration scales them as it
    # scales the point judgments.
    sign *= cmap.edge_scales()
    return _Plan(n, sign, low, high, tuple(runs), columns, rule, transfer, exact)


class _Reporter:
    """Reports progress as :func:`ensemble`'s ``progress`` argument asks."""

    def __init__(self, progress: Progress, total: int) -> None:
        self._progress = progress
        self._total = total
        self._start = _clock()
        self._shown = False

    def __call__(self, done: int) -> None:
        if callable(self._progress):
            self._progress(done, self._total)
            return
        if self._progress is False:
            return
        stream = sys.stderr
        if stream is None:
            return
        waiting = self._progress is None and not self._shown
        if waiting and not (stream.isatty() and _clock() - self._start > _BAR_DELAY):
            return
        width = 30
        filled = width * done // self._total
        stream.write(
            f"\rensemble [{'#' * filled}{'.' * (width - filled)}] {done:,}/{self._total:,} draws"
        )
        stream.flush()
        self._shown = True

    def close(self) -> None:
        if self._shown and sys.stderr is not None:
            sys.stderr.write("\n")
            sys.stderr.flush()


def _chunks(
    root: np.random.SeedSequence, n: int, chunk_size: int
) -> Iterator[tuple[np.random.SeedSequence, int]]:
    """Each chunk's seed and size, made as they are needed.

    Chunk ``i``'s seed is ``root.spawn(c)[i]``, built directly so that 10⁵
    chunks do not mean 10⁵ seed objects at once.
    """
    for start in range(0, n, chunk_size):
        index = start // chunk_size
        seed = np.random.SeedSequence(root.entropy, spawn_key=(*root.spawn_key, index))
        yield seed, min(chunk_size, n - start)


def _run_chunks(
    plan: _Plan,
    chunks: Iterator[tuple[np.random.SeedSequence, int]],
    executor: concurrent.futures.Executor | None,
    report: _Reporter,
) -> Generator[_ChunkSummary, None, None]:
    """Run the chunks and yield their summaries in chunk order.

    With an executor, at most :data:`_IN_FLIGHT` chunks are submitted and not
    yet merged, so waiting results take bounded memory however many chunks
    there are. A worker's error is raised as soon as its chunk finishes.
    """
    done = 0
    if executor is None:
        for seed, size in chunks:
            summary = _run_chunk(plan, seed, size)
            done += size
            report(done)
            yield summary
        return
    pending: collections.deque[concurrent.futures.Future[_ChunkSummary]] = collections.deque()
    size_of: dict[concurrent.futures.Future[_ChunkSummary], int] = {}
    counted: set[concurrent.futures.Future[_ChunkSummary]] = set()
    try:
        while True:
            while len(pending) < _IN_FLIGHT and (chunk := next(chunks, None)) is not None:
                future = executor.submit(_run_chunk, plan, *chunk)
                pending.append(future)
                size_of[future] = chunk[1]
            if not pending:
                return
            waiting = [f for f in pending if f not in counted]
            if waiting:
                finished, _ = concurrent.futures.wait(
                    waiting, return_when=concurrent.futures.FIRST_COMPLETED
                )
                for future in finished:
                    future.result()  # raise a worker's error now, not after the rest
                    counted.add(future)
                    done += size_of[future]
                    report(done)
            # Merged in chunk order, whatever order they finished in.
            while pending and pending[0] in counted:
                future = pending.popleft()
                counted.discard(future)
                del size_of[future]
                yield future.result()
    finally:
        for future in pending:
            future.cancel()


def ensemble(
    kb: KnowledgeBase,
    target: str | None = None,
    scenario: Scenario | str | None = None,
    horizon: Horizon | str = Horizon.LONG,
    *,
    n: int = 10_000,
    seed: int | None = 0,
    executor: concurrent.futures.Executor | None = None,
    chunk_size: int = 1_000,
    rule: Rule = "kosko",
    transfer: Transfer = "tanh",
    progress: Progress = None,
    exact: bool | None = None,
) -> Ensemble:
    """Run the map of ``horizon`` ``n`` times with weights drawn from the judgments.

    Each draw is one full weight matrix (see the module documentation and
    :data:`HALF_WIDTH` for how a weight is drawn). Every draw runs the
    baseline and, given a ``scenario`` (an object or an id), the scenario,
    both with the same weights, exactly as :func:`~multilat.assess.assess`
    runs them; the change of a draw is its scenario level minus its
    baseline level. Per (target, dimension) the result gives the mean
    level, the mean change, the :data:`QUANTILES` of both and the
    probability of decline: P(change < 0) under a scenario, P(level < 0)
    for the baseline.

    **Reproducible.** Draws are made in chunks of ``chunk_size``; chunk
    ``i`` draws from ``numpy.random.default_rng(SeedSequence(seed).spawn(c)[i])``
    with ``c`` the number of chunks, in the order of
    :func:`draw_weights`. The same ``seed``, ``n`` and ``chunk_size`` give
    the same arrays, bit for bit, whatever the executor and its number of
    workers; another ``chunk_size`` gives other (equally valid) draws.
    ``seed=None`` draws fresh entropy and records it in
    :attr:`Ensemble.seed`.

    **Fast.** A chunk is one :func:`~multilat.assess.infer` call on a
    block-diagonal sparse matrix of all its draws, baseline and scenario
    blocks side by side, from one state vector. Draws of a chunk therefore
    iterate together until the last of them settles; on an acyclic map (as
    the knowledge base's maps are) that changes nothing, on a cyclic one a
    draw may differ from running it alone by about the convergence
    threshold (1e-5).

    **Bounded memory.** Each chunk is summarised where it runs and the
    summaries are merged exactly (integer sums on a 2⁻⁵² grid, integer
    counts, histograms), so means and probabilities of decline are exact
    and do not depend on which worker ran what or in which order chunks
    finished. Up to :data:`EXACT_DRAWS` draws (or with ``exact=True``) the
    draws are kept in :attr:`Ensemble.levels` and the quantiles are
    ``numpy.quantile``'s, exactly; above it (or with ``exact=False``) the
    draws are dropped and the quantiles come from a fixed-bin histogram of
    every outcome, within :data:`SKETCH_WIDTH` (about 3e-5) of the exact
    quantiles of the same draws (:attr:`Ensemble.quantile_error`). Memory
    then stays flat in ``n``: about 50 MB for the sketches of the knowledge
    base's 31 outcomes, plus at most 64 chunks in flight with an executor.

    **Scaling out.** ``executor`` may be any :class:`concurrent.futures.Executor`;
    chunks are sent to it as a module-level function with small picklable
    arguments, and collected in chunk order. A
    :class:`~concurrent.futures.ProcessPoolExecutor` uses the cores of one
    machine; for a cluster, pass Dask's ``client.get_executor()``
    (``from dask.distributed import Client; client = Client(address)``), or
    any other implementation of the interface, such as Ray's or
    ``mpi4py.futures``. Chunks are the unit of parallel work: ``n`` must
    span several chunks for workers to share it. On the knowledge base's
    map, 10,000 draws take about a quarter to half a second in-process and
    half that with a two-process pool (``benchmarks/README.md``).

    :param kb: the knowledge base.
    :param target: one institution or regime whose outcomes to keep, or
        ``None`` for all; the leading arguments are those of
        :func:`~multilat.assess.assess`. The draws are the same either way.
    :param scenario: a :class:`~multilat.model.Scenario`, a scenario id or
        ``None`` for the baseline alone.
    :param n: number of draws, at least 1.
    :param seed: a non-negative integer, or ``None`` for fresh entropy.
    :param horizon: ``"short"`` or ``"long"``.
    :param executor: where to run the chunks; ``None`` runs them in this
        process, one after the other.
    :param chunk_size: draws per chunk (and per ``infer`` call), at least 1.
    :param rule: passed to :func:`~multilat.assess.infer`.
    :param transfer: passed to :func:`~multilat.assess.infer`.
    :param progress: ``None``: a progress bar on stderr if stderr is a
        terminal and the run has taken more than a second; ``False``: none;
        ``True``: always a bar; a callable: called as ``progress(done,
        total)`` with the number of draws done and ``n`` after each chunk.
    :param exact: ``None``: keep the draws and give exact quantiles up to
        :data:`EXACT_DRAWS` draws, sketch them above; ``True``: always keep
        them (memory grows with ``n``); ``False``: never keep them.
    :raises ~multilat.errors.UnknownName: (a :class:`KeyError`) for an unknown target or
        scenario, or a scenario that sets a trend the knowledge base does not have.
    :raises ValueError: for ``n`` or ``chunk_size`` below 1, a negative
        seed, an unknown horizon, rule or transfer.

    >>> import multilat
    >>> from multilat.assess import ensemble
    >>> result = ensemble(multilat.load(), n=500, seed=1, progress=False)
    >>> result.n, result.seed, result.levels.shape == (500, len(result.outcomes))
    (500, 1, True)
    >>> all(0.0 <= o.p_decline <= 1.0 for o in result.outcomes)
    True
    """
    n = operator.index(n)
    chunk_size = operator.index(chunk_size)
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, got {chunk_size}")
    check_method(rule, transfer)
    if seed is not None:
        seed = operator.index(seed)
        if seed < 0:
            raise ValueError(f"seed must be a non-negative integer or None, got {seed}")
    chosen = resolve_scenario(kb, scenario)
    cmap = compile_map(kb, horizon)
    root = np.random.SeedSequence(seed)
    entropy = root.entropy
    assert isinstance(entropy, int)  # SeedSequence(int | None) keeps or draws an int

    keep = target is None or has_outcomes(kb, cmap, target)
    outcomes = sorted(
        (c.key, i)
        for i, c in enumerate(cmap.concepts)
        if not c.is_trend and keep and (target is None or c.target == target)
    )
    columns = np.array([i for _, i in outcomes], dtype=np.intp)
    keep = n <= EXACT_DRAWS if exact is None else bool(exact)
    totals = _Totals(columns.size, chosen is not None, keep)
    if columns.size:
        plan = _plan(cmap, chosen, columns, rule, transfer, keep)
        report = _Reporter(progress, n)
        summaries = _run_chunks(plan, _chunks(root, n, chunk_size), executor, report)
        try:
            for summary in summaries:
                totals.add(summary)
        finally:
            summaries.close()
            report.close()

    if keep:
        baseline = (
            np.concatenate([b for _, b in totals.kept]) if totals.kept else np.zeros((n, 0))
        )
        levels = (
            baseline
            if chosen is None or not totals.kept
            else np.concatenate([x for x, _ in totals.kept])
        )
        level_q = np.quantile(levels, QUANTILES, axis=0)
        change_q = np.quantile(levels - baseline, QUANTILES, axis=0)
    else:
        baseline = levels = np.zeros((0, columns.size))
        zeros = np.zeros((len(QUANTILES), columns.size))
        level_q = zeros if totals.level_sketch is None else totals.level_sketch.quantiles(QUANTILES)
        change_q = (
            zeros if totals.change_sketch is None else totals.change_sketch.quantiles(QUANTILES)
        )
    means = totals.levels.means() if columns.size else ()
    mean_changes = totals.changes.means() if totals.changes.count else (0.0,) * columns.size
    results_by_outcome = []
    for j, position in enumerate(columns):
        concept = cmap.concepts[position]
        assert concept.dimension is not None  # columns are outcomes
        results_by_outcome.append(
            EnsembleOutcome(
                target=concept.target,
                dimension=concept.dimension,
                mean=means[j],
                mean_change=mean_changes[j],
                quantiles=tuple(
                    (q, float(v)) for q, v in zip(QUANTILES, level_q[:, j], strict=True)
                ),
                change_quantiles=tuple(
                    (q, float(v)) for q, v in zip(QUANTILES, change_q[:, j], strict=True)
                ),
                p_decline=totals.declines[j] / n,
            )
        )
    return Ensemble(
        horizon=cmap.horizon,
        scenario=chosen,
        n=n,
        seed=entropy,
        outcomes=tuple(results_by_outcome),
        rule=rule,
        transfer=transfer,
        chunk_size=chunk_size,
        converged=totals.converged,
        levels=levels,
        baseline_levels=baseline,
        exact=keep,
    )
