"""Time and peak memory of ``multilat check FILE`` on large data files.

Run: ``.venv/bin/python benchmarks/check.py [--sizes 1000 10000 16000] [--runs 3] [--src DIR]``.

For each size N it writes one TOML file of N trends (each with two
citations of the note, as content plugins write them: 16 lines per object)
and runs ``multilat check FILE`` in a fresh process on core's built-in
content only (``MULTILAT_LOAD_PLUGINS=""``). It prints the wall time of the
command inside that process (``multilat.cli.main``, interpreter start-up left
out; the fastest of ``--runs`` processes, as the machine is shared) and
its CPU time (``time.process_time``, less disturbed by other jobs), the
process's peak resident memory (``ru_maxrss``) and the file's size.
``--src DIR`` puts another checkout's ``src`` first on ``PYTHONPATH``, to
measure an older version (``git archive REV src | tar -x -C DIR``).
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

OBJECT = """\
[[trend]]
id = "bench-trend-{n}"
name = "Benchmark trend {n}"

[[trend.citations]]
source = "clingendael-2020"
section = "introduction"
paragraph = 1
quote = "De harde America first benadering van de VS onder president Trump"

[[trend.citations]]
source = "clingendael-2020"
section = "introduction"
paragraph = 1
quote = "dat zich steeds vaker terugtrekt uit multilaterale samenwerkingsverbanden"

"""

# Runs in the child: check the file, then report time and peak memory as JSON.
HARNESS = """
import io, json, resource, sys, time
from contextlib import redirect_stderr, redirect_stdout
from multilat.cli import main
start, cpu = time.perf_counter(), time.process_time()
with redirect_stdout(io.StringIO()) as out, redirect_stderr(io.StringIO()) as err:
    code = main(["check", sys.argv[1]])
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB
print(json.dumps({"code": code, "seconds": seconds, "cpu": cpu, "peak": peak,
                  "problems": out.getvalue().count("\\n"), "summary": err.getvalue().strip()}))
"""


def measure(size: int, folder: Path, src: str | None) -> dict[str, object]:
    path = folder / f"bench-{size}.toml"
    path.write_text("".join(OBJECT.format(n=n) for n in range(size)), encoding="utf-8")
    env = {**os.environ, "MULTILAT_LOAD_PLUGINS": "", "MULTILAT_MAX_DATA_SIZE": "1G"}
    if src is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [src, env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-c", HARNESS, str(path)],
        env=env, check=True, capture_output=True, text=True,
    )
    result: dict[str, object] = json.loads(done.stdout)
    result["bytes"] = path.stat().st_size
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 16_000])
    parser.add_argument("--runs", type=int, default=3, help="processes per size")
    parser.add_argument("--src", help="a checkout's src folder to measure instead")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            runs = [measure(size, Path(folder), args.src) for _ in range(args.runs)]
            r = min(runs, key=lambda run: float(run["seconds"]))  # type: ignore[arg-type]
            print(
                f"{size:>7,} objects  {int(r['bytes']) / 1e6:6.2f} MB"  # type: ignore[call-overload]
                f"  {float(r['seconds']):6.2f} s wall"  # type: ignore[arg-type]
                f"  {float(r['cpu']):6.2f} s CPU"  # type: ignore[arg-type]
                f"  peak {int(r['peak']) / 2**20:7.1f} MiB"  # type: ignore[call-overload]
                f"  exit {r['code']}  {r['summary']}",
                flush=True,
            )


if __name__ == "__main__":
    main()
