"""The Clingendael note's expectations in hindsight.

One :class:`~multilat.model.Resolution` per expectation of the note (the
expectations themselves are content of core and the four content plugins):
what happened, as dated events each naming its source (issuer, title,
date), and a verdict: borne out, not borne out, mixed, or open. Kept in a
distribution of its own so that the note's content stays as the note wrote
it; leave it out with ``MULTILAT_LOAD_PLUGINS``. Read from
``multilat_hindsight/data/*.toml``.
"""

from __future__ import annotations

from multilat.data import load_package_data
from multilat.hookspecs import hookimpl
from multilat.model import Fragment

__all__ = ["multilat_knowledge"]


@hookimpl
def multilat_knowledge() -> Fragment:
    """The resolutions of the note's expectations and the sources of their evidence."""
    return load_package_data(__name__)
