"""Fixtures every test gets: no installed plugin is ever loaded behind a test's back."""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest
from hypothesis import settings

import multilat.plugins
from multilat.cli import main
from tests.clirun import Result


@pytest.fixture(autouse=True)
def _no_plugin_autoload(monkeypatch: pytest.MonkeyPatch) -> None:
    """Load built-in content only, and start each test without a default host.

    Tests that need a plugin register it on ``PluginHost(entry_points=False)``
    or install a fake distribution (``tests/distributions.py``).
    """
    monkeypatch.setenv(multilat.plugins.LOAD_PLUGINS_VARIABLE, "")
    # monkeypatch restores the attribute afterwards: reset before and after.
    monkeypatch.setattr(multilat.plugins, "_default_host", None)


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """Run ``multilat ARGV...`` in-process; never a traceback in its output."""

    def run(*argv: str) -> Result:
        code = main(list(argv))
        captured = capsys.readouterr()
        for text in (captured.out, captured.err):
            assert "Traceback" not in text
        return Result(code, captured.out, captured.err)

    return run


# Hypothesis: no per-example deadline, since CI machines are slower and busier
# than a laptop; a test's own speed is measured in benchmarks/, never here.
settings.register_profile("multilat", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "multilat"))
