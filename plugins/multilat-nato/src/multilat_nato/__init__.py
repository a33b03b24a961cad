"""NATO in the Clingendael note, with the EU as its partner.

Everything the note's section "De NAVO: welke prioriteiten in de nieuwe
geopolitieke realiteit?" says, and its recommendations 2 and 3: NATO and its
Article 3 instruments, the EU, their memberships over time (facts from outside
the note, each naming its source), the trends and influences of the section,
and the works of footnotes 4-12. Read from ``multilat_nato/data/*.toml``.
"""

from __future__ import annotations

from multilat.data import load_package_data
from multilat.hookspecs import hookimpl
from multilat.model import Fragment

__all__ = ["multilat_knowledge"]


@hookimpl
def multilat_knowledge() -> Fragment:
    """NATO's content: institutions, trends, influences, sources, recommendations 2 and 3."""
    return load_package_data(__name__)
