"""Escaping text from the knowledge base for Markdown.

Everything the renderer writes that comes from data (names, quotes, ids,
footnote texts, reasons) passes through :func:`escape`, so that a ``*`` in a
quote or a ``|`` in a name is shown as itself and never becomes emphasis or
a table column. URLs pass through :func:`link` instead: escaped as text, a
URL would not be a link, and GitHub's autolinking of bare URLs would take the
backslashes into the address. The results are valid inside a paragraph, a
heading, a list item, a block quote and a table cell alike.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["ALWAYS_ESCAPED", "escape", "link"]

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

# White space at either end of the text (any, not only spaces and tabs:
# renderers strip form feeds and no-break spaces from a paragraph's ends too)
# is written as a reference: leading spaces after a list marker would start
# an indented code block, and trailing ones would be dropped.

# Control characters other than tab and the line breaks have no Markdown:
# renderers strip them at the ends of a block, and CommonMark renderers
# disagree on their character references (markdown-it shows U+FFFD). They are
# shown as Unicode's control pictures (U+0007 as U+2407), C1 controls as
# U+FFFD: visibly there, the same in every renderer.
_CONTROL_PICTURES: Final = {
    **{chr(code): chr(0x2400 + code) for code in range(0x20) if chr(code) not in "\t\n\r"},
    "\x7f": "\u2421",
    **{chr(code): "\ufffd" for code in range(0x80, 0xA0)},
}

# Text placed at the start of a line could open a list ("- ", "+ ", "1. ",
# "1) ") or a thematic break ("---"); escaping the marker's punctuation at
# the very start of the text prevents both (``*`` is escaped everywhere).
_LIST_MARKER: Final = re.compile(r"[-+]|[0-9]+[.)]")


def escape(text: str) -> str:
    r"""``text`` escaped so that Markdown renders it as itself.

    Special characters get a backslash, line breaks and white space at the
    ends become numeric character references, a list marker at the start is
    defused, and control characters (no Markdown can carry them) are shown
    as Unicode's control pictures. Plain prose passes through unchanged.

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
        char = _CONTROL_PICTURES.get(char, char)
        if char in ALWAYS_ESCAPED or index == defuse:
            out.append("\\" + char)
        elif char in _REFERENCES:
            out.append(_REFERENCES[char])
        elif char.isspace() and index in (0, last):
            out.append(f"&#{ord(char)};")
        else:
            out.append(char)
    return "".join(out)


# A CommonMark autolink is "<", a scheme, ":", and no white space, control
# character, "<" or ">"; its content is taken as it stands (no backslash
# escapes), so a URL need not be escaped in it. Only schemes of the web are
# made links: a data file is untrusted, and "javascript:" is a scheme too.
_SCHEME: Final = re.compile(r"(?:https?|ftp)://", re.IGNORECASE)
# Characters an autolink cannot hold, percent-encoded instead: control
# characters, white space of any kind (renderers trim it from URLs), "<" and
# ">". "|" would end a GFM table cell before the autolink is seen. "%" is
# kept as it is, since it already starts the URL's own percent-encodings.
_NOT_IN_AUTOLINK: Final = re.compile(r"[\x00-\x20\x7f-\x9f<>|]|\s")


def link(url: str) -> str:
    r"""``url`` as a Markdown autolink (``<https://…>``): a link to it, shown as it is.

    Characters an autolink cannot hold (white space, control characters,
    ``<``, ``>``, ``|``) are percent-encoded (UTF-8), which names the same
    resource.
    Text that is not an ``http``, ``https`` or ``ftp`` URL is not made a
    link: it is escaped as text.

    >>> link("https://www.nato.int/cps/en/natohq/topics_49284.htm")
    '<https://www.nato.int/cps/en/natohq/topics_49284.htm>'
    >>> link("https://example.org/a b|c")
    '<https://example.org/a%20b%7Cc>'
    >>> link("www.example.org/a_b")
    'www.example.org/a\\_b'
    >>> link("javascript:alert(1)")
    'javascript:alert(1)'

    :param url: a source's URL from the knowledge base.
    :returns: Markdown inline content, on one line.
    """
    if not _SCHEME.match(url):
        return escape(url)
    encoded = _NOT_IN_AUTOLINK.sub(
        lambda m: "".join(f"%{byte:02X}" for byte in m.group().encode("utf-8")), url
    )
    return f"<{encoded}>"
