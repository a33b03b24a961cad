"""Arms control in the Clingendael note: the regimes, the OPCW and recommendation 8.

Contributes the arms-control regimes the note names (the Vienna Document,
the CFE and Open Skies treaties, INF, New START, the JCPOA, the NPT, the CWC
and the BWC) with their dated events, the OPCW and its Technical
Secretariat, the causal claims of the section "Wapenbeheersing: weinig reden
tot hoop", the works of its footnotes 31-35 and recommendation 8.

Registered under the entry point ``armscontrol`` of the group ``multilat``;
the content is read from ``multilat_armscontrol/data/*.toml``. It refers to
the OSCE (``osce``, custodian of the Vienna Document) of ``multilat-osce``.
"""

from __future__ import annotations

from multilat.data import load_package_data
from multilat.hookspecs import hookimpl
from multilat.model import Fragment

__all__ = ["multilat_knowledge"]


@hookimpl
def multilat_knowledge() -> Fragment:
    """The arms-control section of the note, its regimes and recommendation 8.

    Read from ``multilat_armscontrol/data/*.toml``.
    """
    return load_package_data(__name__)
