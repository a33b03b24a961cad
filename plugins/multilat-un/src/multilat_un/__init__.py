"""The United Nations: the Security Council and UN peacekeeping.

Carries the note's section "De VN-Veiligheidsraad: minder ‘Verenigd’, meer
‘Naties’" (its trends, causal claims and footnotes 13-24), the Security
Council's members from 2018 to 2020, and recommendations 4, 5 and 6.

Registered under the entry point ``un`` of the group ``multilat``; the
content is read from ``multilat_un/data/*.toml``.

A data-only plugin (:class:`multilat.plugins.DataOnlyPlugin`): it has no
hook of its own, and multilat reads ``multilat_un/data/*.toml`` as its
``multilat_knowledge``. No code of the plugin runs to make its content, so
that content is kept in the knowledge base's snapshot, which later commands
read without importing the plugin.
"""

__all__: list[str] = []
