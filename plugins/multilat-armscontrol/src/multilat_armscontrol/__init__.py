"""Arms control in the Clingendael note: the regimes, the OPCW and recommendation 8.

Contributes the arms-control regimes the note names (the Vienna Document,
the CFE and Open Skies treaties, INF, New START, the JCPOA, the NPT, the CWC
and the BWC) with their dated events, the OPCW and its Technical
Secretariat, the causal claims of the section "Wapenbeheersing: weinig reden
tot hoop", the works of its footnotes 31-35 and recommendation 8.

Registered under the entry point ``armscontrol`` of the group ``multilat``;
the content is read from ``multilat_armscontrol/data/*.toml``. It refers to
the OSCE (``osce``, custodian of the Vienna Document) of ``multilat-osce``.

A data-only plugin (:class:`multilat.plugins.DataOnlyPlugin`): it has no
hook of its own, and multilat reads ``multilat_armscontrol/data/*.toml`` as its
``multilat_knowledge``. No code of the plugin runs to make its content, so
that content is kept in the knowledge base's snapshot, which later commands
read without importing the plugin.
"""

__all__: list[str] = []
