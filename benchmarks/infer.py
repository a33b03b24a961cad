"""Speed and fidelity of :func:`multilat.assess.infer`.

Run: ``.venv/bin/python benchmarks/infer.py [--repeats 7] [--no-fcmpy]``.

1. A random 60-concept map with 1,000 initial states as one batch, against a
   plain NumPy loop making the same number of updates (target: within 1.5×).
2. The same against fcmpy 0.0.21's one-scenario-at-a-time loop (target:
   ≥ 1,000× faster), and results compared with fcmpy's to 1e-9 on several
   maps, every rule and every transfer. fcmpy only installs on Python 3.9, so
   the script sets up its own virtualenv under ``build/fcmpy-venv`` the first
   time (a few minutes: it pulls TensorFlow), with the interpreter from
   ``--python39`` (default: pyenv's 3.9.18).
3. Sparse maps of 10², 10³, 10⁴ and 10⁵ concepts (``--sizes``) with about 10
   influences each: time per influence per state update (target: roughly
   flat). ``--only-sparse`` runs this part alone.

The results are written down in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse  # type: ignore[import-untyped]

from multilat.assess import infer

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / "build" / "fcmpy-venv"
PYTHON39 = "/root/.pyenv/versions/3.9.18/bin/python"
# fcmpy 0.0.21 pins pandas 1.3.3 and scipy 1.7.1 (so numpy < 1.23) and wants
# tensorflow >= 2.6; left alone, pip backtracks through TensorFlow releases
# that need a newer numpy. These pins resolve at once.
FULL_INSTALL = ["fcmpy==0.0.21", "tensorflow==2.8.4", "numpy==1.22.4", "protobuf<3.20"]
# If TensorFlow cannot be installed: fcmpy's inference code needs only these.
MINIMAL_INSTALL = ["numpy==1.22.4", "pandas==1.3.3"]

FloatArray = npt.NDArray[np.float64]

RULES = ("kosko", "modified_kosko", "rescaled")
TRANSFERS = ("sigmoid", "tanh", "bivalent", "trivalent")
FCMPY_RULE = {"kosko": "kosko", "modified_kosko": "mKosko", "rescaled": "rescaled"}

# Runs inside the Python 3.9 virtualenv: no multilat, no annotations newer than 3.9.
WORKER = r"""
import contextlib, importlib, io, json, sys, time, types, warnings
import numpy as np
import pandas as pd

def load_simulator():
    try:
        from fcmpy import FcmSimulator
        return FcmSimulator, "full"
    except ImportError:
        pass
    # fcmpy installed with --no-deps: its package __init__ and its method store
    # import TensorFlow, scikit-fuzzy and more. Import the simulator's own
    # modules, with a method store that holds just the inference methods.
    import importlib.util, pathlib
    spec = importlib.util.find_spec("fcmpy")
    root = pathlib.Path(spec.submodule_search_locations[0])
    package = types.ModuleType("fcmpy")
    package.__path__ = [str(root)]
    sys.modules["fcmpy"] = package
    inference = importlib.import_module("fcmpy.simulator.inference")
    transfer = importlib.import_module("fcmpy.simulator.transfer")
    convergence = importlib.import_module("fcmpy.simulator.convergence")

    def store(methods):
        return type("Store", (), {"get": staticmethod(lambda name: methods[name])})

    stores = types.ModuleType("fcmpy.store.methodsStore")
    stores.InferenceStore = store({"kosko": inference.Kosko,
                                   "mKosko": inference.ModifiedKosko,
                                   "rescaled": inference.Rescaled})
    stores.TransferStore = store({"sigmoid": transfer.Sigmoid,
                                  "bivalent": transfer.Bivalent,
                                  "trivalent": transfer.Trivalent,
                                  "tanh": transfer.HyperbolicTangent})
    stores.ConvergenceStore = store({"absDiff": convergence.AbsDifference})
    sys.modules["fcmpy.store"] = types.ModuleType("fcmpy.store")
    sys.modules["fcmpy.store.methodsStore"] = stores
    simulator = importlib.import_module("fcmpy.simulator.simulator")
    return simulator.FcmSimulator, "no-deps"

def main(cases_path, arrays_path, out_path):
    FcmSimulator, mode = load_simulator()
    cases = json.load(open(cases_path))
    arrays = np.load(arrays_path)
    out = {}
    timings = []
    warnings.simplefilter("ignore")
    for i, case in enumerate(cases):
        w = arrays["w%d" % i]
        x = arrays["x%d" % i]
        names = ["c%d" % j for j in range(w.shape[0])]
        frame = pd.DataFrame(w, index=names, columns=names)
        states, steps = [], []
        start = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):  # it prints on convergence
            for row in x:
                result = FcmSimulator.simulate(
                    initial_state=dict(zip(names, row.tolist())), weight_matrix=frame,
                    transfer=case["transfer"], inference=case["rule"],
                    thresh=float(case["threshold"]), iterations=int(case["max_iter"]),
                    l=case["lam"])
                states.append(result.iloc[-1].to_numpy(dtype=float))
                steps.append(len(result) - 1)
        timings.append(time.perf_counter() - start)
        out["states%d" % i] = np.array(states).reshape(x.shape)
        out["steps%d" % i] = np.array(steps)
    np.savez(out_path, timings=np.array(timings), **out)
    print(mode)

main(*sys.argv[1:])
"""


def best_time(fn: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def random_map(rng: np.random.Generator, n: int, density: float, drivers: int = 0) -> FloatArray:
    w = rng.uniform(-1.0, 1.0, (n, n)) * (rng.random((n, n)) < density)
    np.fill_diagonal(w, 0.0)
    w[:, :drivers] = 0.0  # the first `drivers` concepts have no incoming influence
    return w


def random_states(rng: np.random.Generator, m: int, n: int, transfer: str) -> FloatArray:
    if transfer == "bivalent":
        return rng.integers(0, 2, (m, n)).astype(np.float64)
    if transfer == "trivalent":
        return rng.integers(-1, 2, (m, n)).astype(np.float64)
    if transfer == "tanh":
        return rng.uniform(-1.0, 1.0, (m, n))
    return rng.uniform(0.0, 1.0, (m, n))


# --- 1. batch against a plain NumPy loop --------------------------------------------


def bench_batch(repeats: int) -> dict[str, Any]:
    rng = np.random.default_rng(60)
    w = random_map(rng, 60, 0.2)
    x = random_states(rng, 1000, 60, "sigmoid")
    result = infer(w, x)
    assert isinstance(result.steps, np.ndarray)
    updates = int(result.steps.max())

    def plain_loop() -> FloatArray:
        # Every row for as many updates as the slowest row needs: no
        # convergence test, no holding, no clamping.
        a = x
        for _ in range(updates):
            a = 1.0 / (1.0 + np.exp(-(a @ w)))
        return a

    t_infer = best_time(lambda: infer(w, x), repeats)
    t_plain = best_time(plain_loop, repeats)
    return {
        "updates (slowest row)": updates,
        "mean updates per row": float(result.steps.mean()),
        "infer [ms]": 1e3 * t_infer,
        "plain NumPy loop [ms]": 1e3 * t_plain,
        "ratio infer/plain": t_infer / t_plain,
    }


# --- 2. fcmpy ------------------------------------------------------------------------


def venv_python() -> Path:
    return VENV / "bin" / "python"


def ensure_fcmpy(python39: str) -> str:
    """Create build/fcmpy-venv with fcmpy 0.0.21 unless it is there; return how."""
    marker = VENV / "multilat-install-mode"
    if marker.exists():
        return marker.read_text().strip()
    print(f"setting up {VENV} (once) ...", file=sys.stderr)
    subprocess.run([python39, "-m", "venv", "--clear", str(VENV)], check=True)
    pip = [str(venv_python()), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    try:
        subprocess.run([*pip, *FULL_INSTALL], check=True)
        mode = "full"
    except subprocess.CalledProcessError:
        print("full install failed; installing fcmpy --no-deps", file=sys.stderr)
        subprocess.run([*pip, "--no-deps", "fcmpy==0.0.21"], check=True)
        subprocess.run([*pip, *MINIMAL_INSTALL], check=True)
        mode = "no-deps"
    marker.write_text(mode + "\n")
    return mode


def fcmpy_cases() -> list[tuple[dict[str, Any], FloatArray, FloatArray]]:
    rng = np.random.default_rng(2020)
    maps = {
        "random n=8, 2 drivers": random_map(rng, 8, 0.4, drivers=2),
        "random n=20": random_map(rng, 20, 0.3),
        "random n=60, 3 drivers": random_map(rng, 60, 0.2, drivers=3),
    }
    cases = []
    for name, w in maps.items():
        for rule in RULES:
            for transfer in TRANSFERS:
                for lam, threshold, max_iter in ((1.0, 1e-5, 100), (2.5, 1e-3, 50)):
                    case = {
                        "map": name,
                        "rule": rule,
                        "transfer": transfer,
                        "lam": lam,
                        "threshold": threshold,
                        "max_iter": max_iter,
                    }
                    cases.append((case, w, random_states(rng, 20, w.shape[0], transfer)))
    # The speed case: the batch of part 1.
    rng = np.random.default_rng(60)
    w = random_map(rng, 60, 0.2)
    speed: dict[str, Any] = {"map": "speed: random n=60, 1000 states", "rule": "kosko"}
    speed |= {"transfer": "sigmoid", "lam": 1.0, "threshold": 1e-5, "max_iter": 100}
    cases.append((speed, w, random_states(rng, 1000, 60, "sigmoid")))
    return cases


def run_fcmpy(
    cases: list[tuple[dict[str, Any], FloatArray, FloatArray]],
) -> tuple[str, list[tuple[FloatArray, npt.NDArray[np.int64], float]]]:
    with tempfile.TemporaryDirectory() as tmp:
        paths = [Path(tmp) / name for name in ("worker.py", "cases.json", "in.npz", "out.npz")]
        paths[0].write_text(WORKER)
        meta = [{**case, "rule": FCMPY_RULE[case["rule"]]} for case, _, _ in cases]
        paths[1].write_text(json.dumps(meta))
        arrays = {f"w{i}": w for i, (_, w, _) in enumerate(cases)}
        arrays |= {f"x{i}": x for i, (_, _, x) in enumerate(cases)}
        np.savez(paths[2], **arrays)  # type: ignore[arg-type]
        env = os.environ | {"TF_CPP_MIN_LOG_LEVEL": "3"}
        done = subprocess.run(
            [str(venv_python()), *map(str, paths)],
            check=True,
            capture_output=True,
            text=True,
            env=env,
        )
        out = np.load(paths[3])
        results = [
            (out[f"states{i}"], out[f"steps{i}"], float(out["timings"][i]))
            for i in range(len(cases))
        ]
    return done.stdout.strip().splitlines()[-1], results


def bench_fcmpy(python39: str, repeats: int) -> dict[str, Any]:
    install = ensure_fcmpy(python39)
    cases = fcmpy_cases()
    mode, theirs = run_fcmpy(cases)
    # Rows that never settle (oscillating or chaotic maps) carry rounding
    # differences (summation order, e**x against exp(x)) through every update;
    # they are reported apart from the rows that converge.
    worst = {True: 0.0, False: 0.0}
    step_mismatches = 0
    rows = 0
    for (case, w, x), (states, steps, _) in zip(cases, theirs, strict=True):
        options = {k: case[k] for k in ("rule", "transfer", "lam", "threshold", "max_iter")}
        ours = infer(w, x, **options)
        assert isinstance(ours.converged, np.ndarray)
        difference = np.abs(ours.states - states).max(axis=1)
        for flag in (True, False):
            picked = difference[ours.converged == flag]
            worst[flag] = max(worst[flag], float(picked.max(initial=0.0)))
        step_mismatches += int(np.count_nonzero(ours.steps != steps))
        rows += x.shape[0]
    speed_case, w, x = cases[-1]
    options = {k: speed_case[k] for k in ("rule", "transfer", "lam", "threshold", "max_iter")}
    t_ours = best_time(lambda: infer(w, x, **options), repeats)
    t_fcmpy = theirs[-1][2]
    return {
        "fcmpy install": install,
        "fcmpy loaded": mode,
        "cases (map x rule x transfer x settings)": len(cases),
        "initial states compared": rows,
        "largest |difference| of states, converged rows": worst[True],
        "largest |difference| of states, rows not converged": worst[False],
        "rows whose step count differs": step_mismatches,
        "fcmpy, 1000 states one by one [s]": t_fcmpy,
        "infer, same 1000 states as one batch [ms]": 1e3 * t_ours,
        "speed ratio fcmpy/infer": t_fcmpy / t_ours,
    }


# --- 3. sparse scaling ---------------------------------------------------------------


def bench_sparse(repeats: int, sizes: tuple[int, ...]) -> list[dict[str, Any]]:
    rng = np.random.default_rng(10)
    rows = []
    for n in sizes:
        per_concept = 10
        sources = np.repeat(np.arange(n), per_concept)
        targets = rng.integers(0, n, sources.size)
        weights = rng.uniform(-1.0, 1.0, sources.size)
        w = scipy.sparse.csr_array((weights, (sources, targets)), shape=(n, n))
        for m in (1, 100):
            x = rng.uniform(0.0, 1.0, (m, n))
            result = infer(w, x, threshold=0.0, max_iter=50)
            updates = int(np.sum(result.steps))
            # The largest maps take seconds per call: fewer repeats there.
            times = repeats if n * m <= 10**6 else max(1, min(repeats, 3))
            t = best_time(partial(infer, w, x, threshold=0.0, max_iter=50), times)
            rows.append(
                {
                    "concepts": n,
                    "influences": int(w.nnz),
                    "states": m,
                    "state updates": updates,
                    "time [ms]": 1e3 * t,
                    "ns per influence per state update": 1e9 * t / (w.nnz * updates),
                }
            )
    return rows


def show(title: str, table: dict[str, Any] | list[dict[str, Any]]) -> None:
    print(f"\n## {title}\n")
    if isinstance(table, dict):
        for key, value in table.items():
            print(f"- {key}: {value:.4g}" if isinstance(value, float) else f"- {key}: {value}")
        return
    keys = list(table[0])
    print("| " + " | ".join(keys) + " |")
    print("|" + "---|" * len(keys))
    for row in table:
        cells = [f"{v:.3g}" if isinstance(v, float) else str(v) for v in row.values()]
        print("| " + " | ".join(cells) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=7, help="best of N timings")
    parser.add_argument("--no-fcmpy", action="store_true", help="skip part 2")
    parser.add_argument("--python39", default=PYTHON39, help="interpreter for fcmpy's venv")
    parser.add_argument(
        "--sizes",
        default="100,1000,10000,100000",
        help="concepts of the sparse maps of part 3, comma-separated",
    )
    parser.add_argument("--only-sparse", action="store_true", help="run part 3 only")
    args = parser.parse_args()
    sizes = tuple(int(size) for size in args.sizes.split(","))
    threads = os.environ.get("OPENBLAS_NUM_THREADS", "unset")
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"OPENBLAS_NUM_THREADS={threads}; load average before: {load}")
    if not args.only_sparse:
        batch = bench_batch(args.repeats)
        show("1. batch of 1000 states, n=60, against a plain NumPy loop", batch)
    if not (args.no_fcmpy or args.only_sparse):
        show("2. against fcmpy 0.0.21", bench_fcmpy(args.python39, args.repeats))
    show(
        "3. sparse maps, ~10 influences per concept, 50 updates",
        bench_sparse(args.repeats, sizes),
    )


if __name__ == "__main__":
    main()
