"""The United Nations: the Security Council and UN peacekeeping.

Carries the note's section "De VN-Veiligheidsraad: minder ‘Verenigd’, meer
‘Naties’" (its trends, causal claims and footnotes 13-24), the Security
Council's members from 2018 to 2020, and recommendations 4, 5 and 6.

Registered under the entry point ``un`` of the group ``multilat``; the
content is read from ``multilat_un/data/*.toml``.
"""

from __future__ import annotations

from multilat.data import load_package_data
from multilat.hookspecs import hookimpl
from multilat.model import Fragment

__all__ = ["multilat_knowledge"]


@hookimpl
def multilat_knowledge() -> Fragment:
    """The UN section of the note, recommendations 4-6 and the Council's members.

    Read from ``multilat_un/data/*.toml``.
    """
    return load_package_data(__name__)
