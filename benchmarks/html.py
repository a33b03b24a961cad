"""Speed and size of the html format (multilat-html) on the full knowledge base.

Run (from the repository root, with every plugin installed)::

    .venv/bin/python benchmarks/html.py [--repeats 5]

Renders, in-process, the knowledge-base page (English and Dutch) and the
pages of ``multilat assess nato --ensemble 1000`` and
``multilat assess --ensemble 1000`` (the ensembles are run once, outside the
timing, and cut to the judged outcomes as the command line does): the median
wall time of ``--repeats`` renders after one warm-up, and the page's size in
bytes. An assessment's render includes assessing the other horizon for the
heatmap. The results are written down in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial

import attrs

import multilat
from multilat.assess import Assessment, Ensemble, assess, ensemble
from multilat.formats import Report
from multilat.plugins import load_formats


def _cut(spread: Ensemble, result: Assessment) -> Ensemble:
    judged = {o.key for o in result.judged}
    kept = [i for i, o in enumerate(spread.outcomes) if o.key in judged]
    return attrs.evolve(
        spread,
        outcomes=tuple(spread.outcomes[i] for i in kept),
        levels=spread.levels[:, kept],
        baseline_levels=spread.baseline_levels[:, kept],
    )


def timed(render: Callable[[], bytes], repeats: int) -> tuple[float, float, float, int]:
    size = len(render())  # warm-up: templates compiled, caches filled
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        render()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), max(times), size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="timed renders (default 5)")
    args = parser.parse_args()
    html = load_formats()["html"]
    kb = multilat.load()
    nato = assess(kb, "nato")
    whole = assess(kb)
    cases = {
        "report --format html": Report(kb),
        "report --format html --lang nl": Report(kb, lang="nl"),
        "assess nato --ensemble 1000": Report(
            kb, assessment=nato, ensemble=_cut(ensemble(kb, n=1000, seed=0), nato)
        ),
        "assess --ensemble 1000": Report(
            kb, assessment=whole, ensemble=_cut(ensemble(kb, n=1000, seed=0), whole)
        ),
    }
    print(f"Python {platform.python_version()}, {len(kb)} objects")
    for name, report in cases.items():
        median, low, high, size = timed(partial(html.render_bytes, report), args.repeats)
        print(
            f"{name:32s} median {median * 1000:7.1f} ms  (min {low * 1000:.1f},"
            f" max {high * 1000:.1f}, n={args.repeats})  {size:>8,d} bytes"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
