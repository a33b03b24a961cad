"""Whole-process start-up of the CLI as a ratio to the import of its dependencies.

Run: ``.venv/bin/python benchmarks/startup.py [--rounds 10] [--src DIR]``.

Each command is paired with a baseline process that only imports the
command's own dependencies (the targets of issue 12: ``list``, ``show`` and
``report --format json`` within 1.5 times ``import attrs, cattrs, pluggy,
tomllib``; ``assess`` within 1.3 times that plus NumPy). The issue measured
``assess`` against that plus ``scipy.sparse`` too, which an assessment no
longer imports (only ensembles and sparse maps do): its ratio to that
baseline is printed as well, for comparison with the figures before, but
the target is held to the baseline of what the command imports.

The machine is shared, so the processes run interleaved: each round runs
every baseline and every command once, in a shuffled order, and a
command's ratio in that round is its time over its baseline's in the same
round. The import of multilat's own modules that a full load needs runs
beside them, as a floor of a cold start. Printed: the median time of each
process and the median of the per-round ratios (with their range).

Whether a command read its knowledge base from its snapshot depends on the
content: a run whose plugins include one that contributes content through
its own code loads in full every time (see "The knowledge-base snapshot"
in the CLI reference).

Every plugin installed in the environment loads (``MULTILAT_LOAD_PLUGINS``
unset). Byte-code caching is on, as for a user. The fragment cache lives in
a temporary folder: ``--cache cold`` turns it off (``MULTILAT_NO_CACHE=1``,
every data file parsed, as on first use or after an upgrade), ``--cache
warm`` (the default) fills it with one run first, as for every later run.
``--src DIR`` puts another checkout's ``src`` first on ``PYTHONPATH``, to
measure an older version (``git archive REV src | tar -x -C DIR``). Results
are written down in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CORE = "import attrs, cattrs, pluggy, tomllib"
NUMERIC = CORE + ", numpy"
WITH_SPARSE = NUMERIC + ", scipy.sparse"
MULTILAT = [str(Path(sys.executable).parent / "multilat")]

#: label -> (argv, baseline label)
COMMANDS: dict[str, tuple[list[str], str]] = {
    "multilat list trends": ([*MULTILAT, "list", "trends"], CORE),
    "multilat show nato": ([*MULTILAT, "show", "nato"], CORE),
    "multilat report --format json": ([*MULTILAT, "report", "--format", "json"], CORE),
    "multilat assess nato": ([*MULTILAT, "assess", "nato"], NUMERIC),
    # What the commands import before they do anything: a floor for the ratios.
    "python -c 'import multilat.cli, multilat.data, multilat.plugins'": (
        [sys.executable, "-c", "import multilat.cli, multilat.data, multilat.plugins"],
        CORE,
    ),
}
TARGETS = {CORE: 1.5, NUMERIC: 1.3}
#: Baselines a command's ratio is printed against too, without a target.
ALSO = {"multilat assess nato": WITH_SPARSE}


def time_once(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--cache", choices=["warm", "cold"], default="warm")
    parser.add_argument("--src", help="a checkout's src folder to measure instead")
    parser.add_argument("--seed", type=int, default=0, help="of the shuffled order")
    args = parser.parse_args()
    dropped = {"MULTILAT_LOAD_PLUGINS", "PYTHONDONTWRITEBYTECODE", "MULTILAT_NO_CACHE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    if args.src:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [args.src, env.get("PYTHONPATH")]))
    with tempfile.TemporaryDirectory() as cache:
        env["MULTILAT_CACHE_DIR"] = cache
        if args.cache == "cold":
            env["MULTILAT_NO_CACHE"] = "1"
        processes = {base: [sys.executable, "-c", base] for base in [*TARGETS, *ALSO.values()]}
        processes |= {label: argv for label, (argv, _) in COMMANDS.items()}
        for argv in processes.values():
            time_once(argv, env)  # warm the file-system cache (and the fragment cache)
        order = random.Random(args.seed)
        times: dict[str, list[float]] = {label: [] for label in processes}
        ratios: dict[str, list[float]] = {label: [] for label in COMMANDS}
        also: dict[str, list[float]] = {label: [] for label in ALSO}
        for _ in range(args.rounds):
            labels = list(processes)
            order.shuffle(labels)
            this_round = {label: time_once(processes[label], env) for label in labels}
            for label, taken in this_round.items():
                times[label].append(taken)
            for label, (_, base) in COMMANDS.items():
                ratios[label].append(this_round[label] / this_round[base])
            for label, base in ALSO.items():
                also[label].append(this_round[label] / this_round[base])
    load = os.getloadavg()[0]
    print(f"{args.rounds} rounds, cache {args.cache}, load average {load:.1f}")
    for label, seconds in times.items():
        shown = label if label in COMMANDS else f"python -c '{label}'"
        line = f"{shown:<62} median {statistics.median(seconds) * 1000:6.0f} ms"
        if label in ratios:
            r = ratios[label]
            target = TARGETS[COMMANDS[label][1]]
            line += (
                f"  ratio {statistics.median(r):.2f} (range {min(r):.2f}-{max(r):.2f};"
                f" target {target})"
            )
        if label in also:
            r = also[label]
            line += f"; with scipy.sparse {statistics.median(r):.2f}"
        print(line, flush=True)


if __name__ == "__main__":
    main()
