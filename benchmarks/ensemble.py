"""Speed of :func:`multilat.assess.ensemble` on the full knowledge base.

Run (from the repository root, with the content plugins installed)::

    .venv/bin/python benchmarks/ensemble.py [--n 10000] [--repeats 5] [--scenario ID]
    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/ensemble.py

Measures a 10,000-draw ensemble of the long-term map (target: under 1 s on
a 2-core machine), for the baseline and for one scenario, in-process and
with a ``ProcessPoolExecutor(2)``: the median wall time of ``--repeats`` runs
after one warm-up run. The pool is started once and reused; its start-up is
reported separately. Also checks that the pool gives bit-for-bit the same
arrays as the in-process run.

The default scenario is ``us-re-engagement`` (it holds a trend that has
causes in the map, the general case); without it in the knowledge base the
script uses a scenario with the same levels. The results are written down
in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial

import numpy as np

import multilat
from multilat.assess import Ensemble, compile_map, ensemble
from multilat.model import Scenario, Text

DEFAULT_SCENARIO = "us-re-engagement"
FALLBACK_LEVELS = {"us-unilateralism": 0.0, "waning-us-leadership": 0.25}


def timed(run: Callable[[], Ensemble], repeats: int) -> tuple[float, list[float], Ensemble]:
    result = run()  # warm-up: imports, caches, the pool's workers
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="draws (default 10,000)")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs (default 5)")
    parser.add_argument("--chunk-size", type=int, default=1_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--scenario", default=DEFAULT_SCENARIO)
    args = parser.parse_args()

    kb = multilat.load()
    if len(kb.influences) < 50:
        print("warning: few influences: are the content plugins installed?", file=sys.stderr)
    scenario = next((s for s in kb.scenarios if s.id == args.scenario), None)
    if scenario is None:
        scenario = Scenario(
            id=args.scenario,
            name=Text(en=args.scenario),
            description=Text(en="benchmark stand-in"),
            levels=FALLBACK_LEVELS,
        )
    cmap = compile_map(kb, "long")
    print(
        f"Python {platform.python_version()}, NumPy {np.__version__}, {os.cpu_count()} CPUs, "
        f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', '(unset)')}"
    )
    print(
        f"long-term map: {len(cmap)} concepts, {len(cmap.edges)} influences, "
        f"{len(cmap.outcomes)} outcomes; scenario {scenario.id}: {dict(scenario.levels)}"
    )
    print(f"{args.n:,} draws, chunks of {args.chunk_size:,}, median of {args.repeats} runs\n")

    def run(chosen: Scenario | None, executor: concurrent.futures.Executor | None) -> Ensemble:
        return ensemble(
            kb, scenario=chosen, n=args.n, seed=0, chunk_size=args.chunk_size, executor=executor,
            progress=False,
        )

    rows = []
    results = {}
    for label, chosen in (("baseline", None), (f"scenario {scenario.id}", scenario)):
        median, times, result = timed(partial(run, chosen, None), args.repeats)
        rows.append((label, "in-process", median, times))
        results[label, "in-process"] = result

    start = time.perf_counter()
    with concurrent.futures.ProcessPoolExecutor(max_workers=args.workers) as pool:
        list(pool.map(abs, range(args.workers)))
        pool_start = time.perf_counter() - start
        for label, chosen in (("baseline", None), (f"scenario {scenario.id}", scenario)):
            median, times, result = timed(partial(run, chosen, pool), args.repeats)
            rows.append((label, f"ProcessPoolExecutor({args.workers})", median, times))
            results[label, "pool"] = result

    print("| run | where | median | all runs |")
    print("|---|---|---|---|")
    for label, where, median, times in rows:
        every = ", ".join(f"{t * 1000:.0f}" for t in times)
        print(f"| {label} | {where} | {median * 1000:.0f} ms | {every} ms |")
    print(f"\npool start-up ({args.workers} workers, first task done): {pool_start * 1000:.0f} ms")

    for label in ("baseline", f"scenario {scenario.id}"):
        here, there = results[label, "in-process"], results[label, "pool"]
        same = (
            here.levels.tobytes() == there.levels.tobytes()
            and here.baseline_levels.tobytes() == there.baseline_levels.tobytes()
        )
        print(f"{label}: pool result identical to in-process: {same}; converged: {here.converged}")
        if not same:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
