"""The content-plugin how-to, end to end, as a plugin author follows it.

The distribution is made in a temporary folder from the files the how-to
shows, installed with core into a fresh virtual environment (no system site
packages: nothing of this checkout's environment is visible there), and the
commands of the how-to run in it: ``plugins``, ``check --note``, ``show``
and ``assess``. pip fetches core's dependencies (pinned by
``requirements/constraints.txt``) from its index or its cache.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from multilat.data import read_toml
from multilat.judgments import check_judgments
from multilat.knowledge import KnowledgeBase
from multilat.plugins import PluginHost
from multilat.testing import note_text, quote_problems

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "docs" / "examples" / "multilat-example-nato"
HOWTO = ROOT / "docs" / "howto" / "write-a-content-plugin.md"


def _run(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def test_the_content_plugin_walkthrough_runs_end_to_end(tmp_path: Path) -> None:
    note_text()  # the note's text, for check --note (skips, saying so, without it)
    note = os.environ["MULTILAT_NOTE_TEXT"]

    # The distribution, from the files the how-to includes.
    plugin = tmp_path / "multilat-example-nato"
    shutil.copytree(EXAMPLE, plugin, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    howto = HOWTO.read_text(encoding="utf-8")
    for name in ("pyproject.toml", "__init__.py", "nato.toml"):
        assert name in howto

    # A fresh virtual environment; only what it installs is importable there.
    venv = tmp_path / "venv"
    made = subprocess.run(
        [sys.executable, "-m", "venv", str(venv)], capture_output=True, text=True, check=False
    )
    assert made.returncode == 0, made.stderr
    python, multilat = venv / "bin" / "python", venv / "bin" / "multilat"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONPATH", "VIRTUAL_ENV", "MULTILAT_LOAD_PLUGINS")
    }
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    install = _run(
        [
            str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
            "-c", str(ROOT / "requirements" / "constraints.txt"),
            str(ROOT), str(plugin),
        ],
        tmp_path,
        env,
    )
    assert install.returncode == 0, install.stdout + install.stderr

    where = _run(
        [str(python), "-c", "import multilat, multilat_example_nato as p; "
         "print(multilat.__file__); print(p.__file__)"],
        tmp_path,
        env,
    )
    assert where.returncode == 0, where.stderr
    for line in where.stdout.splitlines():
        # Installed into the environment, not imported from the checkout.
        assert Path(line).is_relative_to(venv), line

    plugins = _run([str(multilat), "plugins"], tmp_path, env)
    assert plugins.returncode == 0, plugins.stderr
    assert "multilat-example-nato 0.1.0" in plugins.stdout
    assert "contributes: 1 source; 1 institution; 2 influences" in plugins.stdout

    data = plugin / "src" / "multilat_example_nato" / "data" / "nato.toml"
    check = _run([str(multilat), "check", str(data), "--note", note], plugin, env)
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout == ""
    assert "no problems" in check.stderr

    show = _run([str(multilat), "--strict", "show", "nato"], tmp_path, env)
    assert show.returncode == 0, show.stderr
    assert show.stdout.startswith("institution nato (from multilat-example-nato)")

    assess = _run([str(multilat), "--strict", "assess", "nato", "--horizon", "short"],
                  tmp_path, env)
    assert assess.returncode == 0, assess.stdout + assess.stderr
    assert "nato.operational-readiness" in assess.stdout


def test_the_howto_trend_example_is_valid_content() -> None:
    """The ``[[trend]]`` example of the how-to loads, resolves and quotes verbatim."""
    example = ROOT / "docs" / "examples" / "trend-example.toml"
    assert "../examples/trend-example.toml" in HOWTO.read_text(encoding="utf-8")
    fragment, problems = read_toml(example)
    assert problems == []
    assert [t.id for t in fragment.trends] == ["burden-sharing-tensions"]
    core, _ = PluginHost(entry_points=False).knowledge()
    kb = KnowledgeBase.build({**core, "example": fragment})
    assert kb.problems == ()
    assert check_judgments(kb) == []
    assert quote_problems(kb, note_text()) == []
