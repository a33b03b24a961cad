"""``import multilat`` stays light: plugins import it, the CLI starts with it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


def modules_after(statement: str) -> set[str]:
    code = f"{statement}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    return set(json.loads(out))


def test_import_multilat_loads_neither_numpy_nor_the_data_layer() -> None:
    loaded = modules_after("import multilat")
    assert "numpy" not in loaded
    assert "multilat.assess" not in loaded
    # The converter (cattrs) and the plugin host are for load(), not import.
    assert "cattrs" not in loaded
    assert "multilat.plugins" not in loaded
    # multilat.hookimpl, which plugin modules use, imports pluggy when asked for.
    assert "pluggy" not in loaded
    assert "multilat.hookspecs" not in loaded
    assert "difflib" not in loaded  # for "did you mean", on the error path only


def test_hookimpl_is_the_hookspecs_marker() -> None:
    import multilat
    import multilat.hookspecs

    assert multilat.hookimpl is multilat.hookspecs.hookimpl


def test_loading_the_knowledge_base_does_not_load_numpy() -> None:
    loaded = modules_after(
        "import os; os.environ['MULTILAT_LOAD_PLUGINS'] = ''\n"
        "import warnings; warnings.simplefilter('ignore')\n"
        "import multilat; multilat.load()"
    )
    assert "numpy" not in loaded
    assert "multilat.data" in loaded
    # Entry points are read from the dist-info folders (multilat._distributions).
    assert "importlib.metadata" not in loaded


def test_public_names_resolve() -> None:
    import multilat

    for name in multilat.__all__:
        assert getattr(multilat, name) is not None
    assert multilat.load.__module__ == "multilat.plugins"


def test_loading_from_a_filled_cache_imports_no_toml_parser() -> None:
    load = (
        "import os; os.environ['MULTILAT_LOAD_PLUGINS'] = ''\n"
        "import warnings; warnings.simplefilter('ignore')\n"
        "import multilat; multilat.load()"
    )
    first = modules_after(load)  # fills the cache (the test's own, from conftest.py)
    assert "tomli" in first or "tomllib" in first

    again = modules_after(load)

    assert "tomli" not in again
    assert "tomllib" not in again


def test_the_converter_writes_no_unstructure_function_until_one_is_needed() -> None:
    # A command that writes no data (list, show, assess) does not pay for them.
    code = (
        "import cattrs.gen, json\n"
        "made = []\n"
        "real = cattrs.gen.make_dict_unstructure_fn\n"
        "def counting(kind, *args, **kwargs):\n"
        "    made.append(kind.__name__)\n"
        "    return real(kind, *args, **kwargs)\n"
        "cattrs.gen.make_dict_unstructure_fn = counting\n"
        "from multilat.data import converter\n"
        "from multilat.model import Scenario\n"
        "at_import = list(made)\n"
        "scenario = Scenario(id='s-x', name='x', description='y', levels={'a': 0.5})\n"
        "data = converter.unstructure(scenario)\n"
        "print(json.dumps([at_import, made, data]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    at_import, made, data = json.loads(out)
    assert at_import == []
    assert made == ["Scenario"]
    assert data["levels"] == {"a": 0.5}
    assert "replaces" not in data


# What a warm command imports: its knowledge base read from the snapshot
# (multilat._snapshot) that the run before it kept, as in every later run.

#: Never imported by list, show and report --format json once a snapshot is there.
_HEAVY = (
    "pluggy",
    "cattrs",
    "numpy",
    "tomllib",
    "tomli",
    "difflib",
    "shutil",  # argparse's own help formatter imports it for the terminal's width
    "pathlib",
    "json",  # the json format writes with json's C string encoder alone
    "multilat.data",
    "multilat.hookspecs",
    "multilat.plugins",
    "multilat.assess",
)

_COMMAND = """
import sys
import multilat.cli
code = multilat.cli.main(sys.argv[1:])
imported = sorted(sys.modules)
import json
print(json.dumps({"code": code, "all": imported}), file=sys.stderr)
"""


def _command_modules(tmp_path: Path, *argv: str) -> set[str]:
    """Every module a warm ``multilat ARGV`` imports (a run before it keeps the snapshot)."""
    runs = [
        subprocess.run(
            [sys.executable, "-c", _COMMAND, *argv],
            capture_output=True, text=True, check=False, cwd=tmp_path,
        )
        for _ in range(2)
    ]
    reports = [json.loads(done.stderr.splitlines()[-1]) for done in runs]
    assert [r["code"] for r in reports] == [0, 0], runs[1].stderr
    assert runs[0].stdout == runs[1].stdout != ""
    assert "multilat.plugins" in reports[0]["all"]  # the first run loaded in full
    return set(reports[1]["all"])


@pytest.mark.parametrize(
    "argv", [["list", "trends"], ["show", "covid-19"], ["report", "--format", "json"]]
)
def test_the_commonest_commands_import_nothing_heavy_themselves(
    tmp_path: Path, argv: list[str]
) -> None:
    imported = _command_modules(tmp_path, *argv)
    assert not imported & set(_HEAVY)
    assert not {m for m in imported if m.startswith(("multilat.assess", "multilat_"))}


def test_the_json_format_writes_the_knowledge_base_without_the_converter(
    tmp_path: Path,
) -> None:
    # Not even through the format's own import: cattrs is for reading data.
    imported = _command_modules(tmp_path, "report", "--format", "json")
    assert "cattrs" not in imported
    assert "multilat.data" not in imported


def test_an_assessment_imports_neither_scipy_nor_the_ensemble_machinery() -> None:
    # scipy.sparse costs about 100 ms and scipy.special 30-40; a dense tanh map needs neither.
    loaded = modules_after(
        "import numpy as np\n"
        "import multilat.assess as a\n"
        "w = np.array([[0.0, 0.8], [0.0, 0.0]])\n"
        "a.infer(w, [1.0, 0.0], transfer='tanh', clamped={1: 0.5})\n"
        "a.Assessment, a.compile_map, a.explain"
    )
    assert "scipy.special" not in loaded
    assert "scipy.sparse" not in loaded  # a dense map: about 100 ms of imports saved
    assert "numpy.ma" not in loaded  # np.unique's first run imports it
    assert "multilat.assess._ensemble" not in loaded
    assert "multilat.assess._sensitivity" not in loaded
    assert "multilat.assess._metrics" not in loaded


def test_the_lazily_imported_names_of_multilat_assess_resolve() -> None:
    loaded = modules_after(
        "import multilat.assess as a\n"
        "assert a.infer([[0.0, 0.8], [0.0, 0.0]], [1.0, 0.0]).states[1] > 0.5  # sigmoid\n"
        "from multilat.assess import Ensemble, sensitivity, structural_metrics\n"
        "names = set(dir(a))\n"
        "assert all(name in names and getattr(a, name) is not None for name in a.__all__)"
    )
    assert {"scipy.special", "multilat.assess._ensemble", "multilat.assess._metrics"} <= loaded

    import multilat.assess

    with pytest.raises(AttributeError, match="has no attribute 'ensembl'"):
        multilat.assess.ensembl  # noqa: B018  # the lookup is the test


def test_a_sparse_matrix_made_after_the_engine_was_imported_runs_sparse() -> None:
    # The engine looks for scipy.sparse only once it is given weights.
    loaded = modules_after(
        "import numpy as np\n"
        "from multilat.assess import infer\n"
        "import scipy.sparse\n"
        "dense = np.array([[0.0, 0.8], [0.0, 0.0]])\n"
        "sparse = infer(scipy.sparse.csr_array(dense), [1.0, 0.0], transfer='tanh')\n"
        "assert (sparse.states == infer(dense, [1.0, 0.0], transfer='tanh').states).all()"
    )
    assert "scipy.sparse" in loaded
