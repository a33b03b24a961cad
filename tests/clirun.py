"""Running the ``multilat`` command in-process, for the CLI tests."""

from __future__ import annotations

from typing import NamedTuple


class Result(NamedTuple):
    """Exit code and captured output of one command."""

    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()
