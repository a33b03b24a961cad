"""Large ensembles: throughput, peak memory, and agreement with the in-memory path.

Run (from the repository root, with the content plugins installed)::

    .venv/bin/python benchmarks/ensemble_scale.py --n 100000000
    .venv/bin/python benchmarks/ensemble_scale.py --n 10000000 --executor process --workers 2
    .venv/bin/python benchmarks/ensemble_scale.py --n 10000000 --executor dask --workers 2
    .venv/bin/python benchmarks/ensemble_scale.py --n 1000000 --compare

One :func:`multilat.assess.ensemble` of the long-term map with ``--n`` draws
(seed 0), the baseline or ``--scenario ID``, run in-process, on a
``ProcessPoolExecutor`` or on a ``distributed.LocalCluster`` of
``--workers`` single-threaded worker processes (``client.get_executor()``).
Reports the wall time of the ensemble call, the draws per second, the peak
resident memory of this process (``ru_maxrss``) and of the largest worker,
and a digest of the outcomes so that runs on different executors can be
compared. Cluster or pool start-up is timed apart.

``--compare`` also runs the same draws with ``exact=True`` (every draw kept)
and prints how far the sketched quantiles are from the exact ones, and
whether the means and probabilities of decline are identical: keep ``--n``
small enough for the in-memory path (about 1 GB per 10⁶ draws).

The results are written down in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import hashlib
import os
import platform
import resource
import sys
import time
from collections.abc import Iterator

import numpy as np

import multilat
from multilat.assess import Ensemble, ensemble


def peak_mb() -> float:
    """Peak resident memory of this process, in MB (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def digest(result: Ensemble) -> str:
    text = repr([(o.key, o.mean, o.mean_change, o.quantiles, o.change_quantiles, o.p_decline)
                 for o in result.outcomes])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@contextlib.contextmanager
def executor_for(kind: str, workers: int) -> Iterator[
    tuple[concurrent.futures.Executor | None, object]
]:
    """The executor, and a handle to ask the workers for their peak memory."""
    if kind == "none":
        yield None, None
    elif kind == "process":
        with concurrent.futures.ProcessPoolExecutor(max_workers=workers) as pool:
            list(pool.map(abs, range(workers)))  # start the workers
            yield pool, pool
    elif kind == "dask":
        from distributed import Client, LocalCluster

        with (
            LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True,
                dashboard_address=None, memory_limit=0,
            ) as cluster,
            Client(cluster) as client,
        ):
            yield client.get_executor(), client
    else:
        raise SystemExit(f"unknown executor {kind!r}")


def worker_peak_mb(handle: object) -> float | None:
    if handle is None:
        return None
    if isinstance(handle, concurrent.futures.ProcessPoolExecutor):
        # Every worker has exited by the time the pool is shut down; the
        # children's figure is the largest of them.
        return None
    from distributed import Client

    assert isinstance(handle, Client)
    peaks = handle.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return float(max(peaks.values()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--chunk-size", type=int, default=1_000)
    parser.add_argument("--scenario", default=None)
    parser.add_argument("--executor", choices=("none", "process", "dask"), default="none")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--compare", action="store_true", help="also run exact=True")
    args = parser.parse_args()

    kb = multilat.load()
    print(
        f"Python {platform.python_version()}, NumPy {np.__version__}, {os.cpu_count()} CPUs, "
        f"load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    where = "in-process" if args.executor == "none" else f"{args.executor} × {args.workers}"
    print(f"{args.n:,} draws, chunks of {args.chunk_size:,}, scenario {args.scenario}, {where}")
    with executor_for(args.executor, args.workers) as (executor, handle):
        start = time.perf_counter()
        result = ensemble(
            kb, scenario=args.scenario, n=args.n, seed=0, chunk_size=args.chunk_size,
            executor=executor, progress=False,
        )
        seconds = time.perf_counter() - start
        workers = worker_peak_mb(handle)
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"wall time {seconds:.1f} s, {args.n / seconds:,.0f} draws/s")
    # getattr: the script also measures the code before ensembles had `exact`
    # (PYTHONPATH=that/src), where every draw was kept.
    print(f"exact quantiles: {getattr(result, 'exact', True)}; converged: {result.converged}")
    print(f"peak memory: this process {peak_mb():.0f} MB", end="")
    if workers is not None:
        print(f", largest worker {workers:.0f} MB")
    elif args.executor == "process":
        print(f", largest worker {children:.0f} MB")
    else:
        print()
    print(f"outcomes digest {digest(result)}")
    if args.compare:
        from multilat.assess import SKETCH_WIDTH

        start = time.perf_counter()
        kept = ensemble(
            kb, scenario=args.scenario, n=args.n, seed=0, chunk_size=args.chunk_size, exact=True,
            progress=False,
        )
        print(f"exact=True: {time.perf_counter() - start:.1f} s, peak now {peak_mb():.0f} MB")
        worst = 0.0
        same = True
        for sketched, exact in zip(result.outcomes, kept.outcomes, strict=True):
            same &= (sketched.mean, sketched.mean_change, sketched.p_decline) == (
                exact.mean, exact.mean_change, exact.p_decline
            )
            pairs = zip(
                sketched.quantiles + sketched.change_quantiles,
                exact.quantiles + exact.change_quantiles,
                strict=True,
            )
            worst = max(worst, *(abs(a - b) for (_, a), (_, b) in pairs))
        print(
            f"means and P(decline) identical to exact=True: {same}; largest quantile "
            f"difference {worst:.3g} (bound {SKETCH_WIDTH:.3g})"
        )
        if not same or worst > SKETCH_WIDTH:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
