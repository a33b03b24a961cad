"""The OSCE section of the Clingendael note and its recommendation 7.

The OSCE, its institutions and participating States, the causal claims of
the note's section on the OSCE and the recommendation on it.

Registered under the entry point ``osce`` of the group ``multilat``; the
content is read from ``multilat_osce/data/*.toml``.

A data-only plugin (:class:`multilat.plugins.DataOnlyPlugin`): it has no
hook of its own, and multilat reads ``multilat_osce/data/*.toml`` as its
``multilat_knowledge``. No code of the plugin runs to make its content, so
that content is kept in the knowledge base's snapshot, which later commands
read without importing the plugin.
"""

__all__: list[str] = []
