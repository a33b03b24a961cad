"""Time and peak memory of ``multilat report --format json`` with a plugin of N trends.

Run: ``.venv/bin/python benchmarks/large_content.py [--sizes 1000 10000 100000] [--runs 3]
[--src DIR]``.

For each size N it installs, in a temporary folder put on ``PYTHONPATH``, a
plugin distribution (``multilat-bench``, an entry point and a
``.dist-info``, as pip lays out a wheel) whose data are N trends, each with
two citations of the note (16 lines, about 400 bytes per object), in files
of at most 10,000 trends, and runs ``multilat report --format json`` in a
fresh process with that plugin and core's built-in content
(``MULTILAT_LOAD_PLUGINS=multilat-bench``). Printed: the time of
``multilat.cli.main`` inside the process (wall and CPU, the fastest of
``--runs`` processes), the peak resident memory of the process
(``ru_maxrss``, the interpreter included) and the size of the output. Each
size runs with the fragment cache off (``cold``: every file parsed) and
with it filled by a first run (``warm``). ``--src DIR`` puts another
checkout's ``src`` first on ``PYTHONPATH``, to measure an older version.
Results are written down in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

# The trend benchmarks/check.py checks, so that the two measure alike (run as
# a script, benchmarks/ is on sys.path).
from check import OBJECT

PER_FILE = 10_000

PLUGIN = """\
import multilat
from multilat.data import load_package_data


@multilat.hookimpl
def multilat_knowledge():
    return load_package_data(__name__)
"""

HARNESS = """
import io, json, resource, sys, time
from contextlib import redirect_stdout
from multilat.cli import main
start, cpu = time.perf_counter(), time.process_time()
with redirect_stdout(io.StringIO()) as out:
    code = main(["report", "--format", "json"])
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB
print(json.dumps({"code": code, "seconds": seconds, "cpu": cpu, "peak": peak,
                  "output": len(out.getvalue().encode())}))
"""


def install(site: Path, size: int) -> None:
    package = site / "multilat_bench"
    data = package / "data"
    data.mkdir(parents=True)
    (package / "__init__.py").write_text(PLUGIN, encoding="utf-8")
    for first in range(0, size, PER_FILE):
        last = min(size, first + PER_FILE)
        text = "".join(OBJECT.format(n=n) for n in range(first, last))
        (data / f"trends-{first:06d}.toml").write_text(text, encoding="utf-8")
    info = site / "multilat_bench-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: multilat-bench\nVersion: 1.0\nRequires-Dist: multilat\n"
    )
    (info / "entry_points.txt").write_text("[multilat]\nmultilat_bench = multilat_bench\n")


def measure(site: Path, cache: Path, warm: bool, src: str | None) -> dict[str, float]:
    env = {
        **os.environ,
        "MULTILAT_LOAD_PLUGINS": "multilat-bench",
        "MULTILAT_CACHE_DIR": str(cache),
        "PYTHONPATH": os.pathsep.join(filter(None, [src, str(site)])),
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if not warm:
        env["MULTILAT_NO_CACHE"] = "1"
    done = subprocess.run(
        [sys.executable, "-c", HARNESS], env=env, check=True, capture_output=True, text=True
    )
    result: dict[str, float] = json.loads(done.stdout)
    if result["code"] != 0:
        raise SystemExit(f"report exited with {result['code']}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--runs", type=int, default=3, help="processes per size and cache state")
    parser.add_argument("--src", help="a checkout's src folder to measure instead")
    parser.add_argument("--cold-only", action="store_true", help="the cache off only")
    args = parser.parse_args()
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            site, cache = Path(folder) / "site", Path(folder) / "cache"
            install(site, size)
            for warm in (False,) if args.cold_only else (False, True):
                if warm:
                    measure(site, cache, True, args.src)  # fills the cache
                runs = [measure(site, cache, warm, args.src) for _ in range(args.runs)]
                r = min(runs, key=lambda run: run["seconds"])
                print(
                    f"{size:>7,} trends  cache {'warm' if warm else 'cold'}"
                    f"  {r['seconds']:6.2f} s wall  {r['cpu']:6.2f} s CPU"
                    f"  peak {r['peak'] / 2**20:7.1f} MiB  output {r['output'] / 1e6:6.1f} MB",
                    flush=True,
                )


if __name__ == "__main__":
    main()
