"""Escaping text from the knowledge base for Markdown.

Everything the renderer writes that comes from data (names, quotes, ids,
footnote texts, reasons) passes through :func:`escape`, so that a ``*`` in a
quote or a ``|`` in a name is shown as itself and never becomes emphasis or
a table column. The result is valid inside a paragraph, a heading, a list
item, a block quote and a table cell alike.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["ALWAYS_ESCAPED", "escape"]

#: Characters backslash-escaped wherever they occur. CommonMark allows a
#: backslash before any ASCII punctuation; these are the ones that can start
#: markup inline: code spans, emphasis, links, raw HTML and autolinks,
#: entities, headings, block quotes, GFM tables and strikethrough, and the
#: backslash itself (a trailing one would be a hard line break).
ALWAYS_ESCAPED: Final = frozenset("\\`*_[]<>#|~&")

# Line breaks become numeric character references rather than escapes: a
# real line break would end a table row or a heading, and a reference keeps
# the exact character (``\r`` and ``\n`` stay distinct) for a reader of the
# source while rendering as white space.
_REFERENCES: Final = {"\n": "&#10;", "\r": "&#13;"}

# White space at either end of the text is written as a reference too:
# leading spaces after a list marker would start an indented code block,
# and trailing ones would be dropped by the renderer.
_EDGE_SPACE: Final = {" ": "&#32;", "\t": "&#9;"}

# Text placed at the start of a line could open a list ("- ", "+ ", "1. ",
# "1) ") or a thematic break ("---"); escaping the marker's punctuation at
# the very start of the text prevents both (``*`` is escaped everywhere).
_LIST_MARKER: Final = re.compile(r"[-+]|[0-9]+[.)]")


def escape(text: str) -> str:
    r"""``text`` escaped so that Markdown renders it as itself.

    Special characters get a backslash, line breaks and white space at the
    ends become numeric character references, and a list marker at the start
    is defused. Plain prose passes through unchanged.

    >>> escape("NATO | *Nieuw* <b>")
    'NATO \\| \\*Nieuw\\* \\<b\\>'
    >>> escape("1. eerst\nen dan")
    '1\\. eerst&#10;en dan'

    :param text: any text from the knowledge base or an assessment.
    :returns: the text as Markdown inline content, on one line.
    """
    marker = _LIST_MARKER.match(text)
    # Index of the marker's punctuation, the last character of the match.
    defuse = marker.end() - 1 if marker else -1
    last = len(text) - 1
    out: list[str] = []
    for index, char in enumerate(text):
        if char in ALWAYS_ESCAPED or index == defuse:
            out.append("\\" + char)
        elif char in _REFERENCES:
            out.append(_REFERENCES[char])
        elif char in _EDGE_SPACE and index in (0, last):
            out.append(_EDGE_SPACE[char])
        else:
            out.append(char)
    return "".join(out)
