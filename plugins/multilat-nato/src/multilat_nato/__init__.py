"""NATO in the Clingendael note, with the EU as its partner.

Everything the note's section "De NAVO: welke prioriteiten in de nieuwe
geopolitieke realiteit?" says, and its recommendations 2 and 3: NATO and its
Article 3 instruments, the EU, their memberships over time (facts from outside
the note, each naming its source), the trends and influences of the section,
and the works of footnotes 4-12. Read from ``multilat_nato/data/*.toml``.

A data-only plugin (:class:`multilat.plugins.DataOnlyPlugin`): it has no
hook of its own, and multilat reads ``multilat_nato/data/*.toml`` as its
``multilat_knowledge``. No code of the plugin runs to make its content, so
that content is kept in the knowledge base's snapshot, which later commands
read without importing the plugin.
"""

__all__: list[str] = []
