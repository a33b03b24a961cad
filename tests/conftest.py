"""Fixtures every test gets: no installed plugin is ever loaded behind a test's back."""

from __future__ import annotations

import pytest

import multilat.plugins


@pytest.fixture(autouse=True)
def _no_plugin_autoload(monkeypatch: pytest.MonkeyPatch) -> None:
    """Load built-in content only, and start each test without a default host.

    Tests that need a plugin register it on ``PluginHost(entry_points=False)``
    or install a fake distribution (``tests/distributions.py``).
    """
    monkeypatch.setenv(multilat.plugins.LOAD_PLUGINS_VARIABLE, "")
    # monkeypatch restores the attribute afterwards: reset before and after.
    monkeypatch.setattr(multilat.plugins, "_default_host", None)
