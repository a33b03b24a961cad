"""Fixtures for every test of the repository, core's and the plugins' alike."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _private_fragment_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Never read or write the user's own cache: each test has its own, empty.

    Set in the environment, so commands a test runs in a subprocess use it too.
    """
    monkeypatch.delenv("MULTILAT_NO_CACHE", raising=False)
    monkeypatch.setenv("MULTILAT_CACHE_DIR", str(tmp_path_factory.mktemp("multilat-cache")))
