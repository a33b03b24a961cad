"""The example plugin that the how-to includes passes its own tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[1] / "docs" / "examples" / "multilat-example-nato"


def test_the_example_content_plugin_passes_its_tests() -> None:
    env = {**os.environ, "PYTHONPATH": str(EXAMPLE / "src")}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(EXAMPLE / "tests")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # Without the note its quote test skips; with it, all three pass.
    expected = "3 passed" if os.environ.get("MULTILAT_NOTE_TEXT") else "2 passed, 1 skipped"
    assert expected in result.stdout
