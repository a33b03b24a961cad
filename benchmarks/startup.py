"""Whole-process wall time of the CLI beside the import of its dependencies.

Run: ``.venv/bin/python benchmarks/startup.py [--runs 5]``. Prints the median
of N runs for each command; results are written down in benchmarks/README.md.
Every plugin installed in the environment loads (MULTILAT_LOAD_PLUGINS unset).
Byte-code caching is on, as for a user (this machine's sandbox sets
PYTHONDONTWRITEBYTECODE, which would make every run compile every module);
``--no-bytecode`` measures that case instead.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent
COMMANDS = {
    "python -c 'import attrs, cattrs, pluggy'": [
        sys.executable,
        "-c",
        "import attrs, cattrs, pluggy",
    ],
    "python -c 'import multilat'": [sys.executable, "-c", "import multilat"],
    "multilat plugins": [str(BIN / "multilat"), "plugins"],
    "multilat report --format json": [str(BIN / "multilat"), "report", "--format", "json"],
}


def time_once(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-bytecode", action="store_true", help="never write .pyc files")
    args = parser.parse_args()
    dropped = {"MULTILAT_LOAD_PLUGINS", "PYTHONDONTWRITEBYTECODE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    if args.no_bytecode:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    for label, argv in COMMANDS.items():
        time_once(argv, env)  # warm the file-system cache
        times = [time_once(argv, env) for _ in range(args.runs)]
        print(
            f"{label:<45} median {statistics.median(times) * 1000:7.1f} ms"
            f"  (min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f}, n={args.runs})"
        )


if __name__ == "__main__":
    main()
