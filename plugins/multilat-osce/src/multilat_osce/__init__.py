"""The OSCE section of the Clingendael note and its recommendation 7.

The OSCE, its institutions and participating States, the causal claims of
the note's section on the OSCE and the recommendation on it.

Registered under the entry point ``osce`` of the group ``multilat``; the
content is read from ``multilat_osce/data/*.toml``.
"""

from __future__ import annotations

from multilat.data import load_package_data
from multilat.hookspecs import hookimpl
from multilat.model import Fragment

__all__ = ["multilat_knowledge"]


@hookimpl
def multilat_knowledge() -> Fragment:
    """The OSCE section of the note, recommendation 7 and the OSCE's participating states.

    Read from ``multilat_osce/data/*.toml``.
    """
    return load_package_data(__name__)
