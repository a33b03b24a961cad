"""The Clingendael note's expectations in hindsight.

One :class:`~multilat.model.Resolution` per expectation of the note (the
expectations themselves are content of core and the four content plugins):
what happened, as dated events each naming its source (issuer, title,
date), and a verdict: borne out, not borne out, mixed, or open. Kept in a
distribution of its own so that the note's content stays as the note wrote
it; leave it out with ``MULTILAT_LOAD_PLUGINS``. Read from
``multilat_hindsight/data/*.toml``.

A data-only plugin (:class:`multilat.plugins.DataOnlyPlugin`): it has no
hook of its own, and multilat reads ``multilat_hindsight/data/*.toml`` as its
``multilat_knowledge``. No code of the plugin runs to make its content, so
that content is kept in the knowledge base's snapshot, which later commands
read without importing the plugin.
"""

__all__: list[str] = []
