"""What may reach the page from the data: visible characters and safe links.

Jinja2's autoescaping turns ``<``, ``>``, ``&``, ``"`` and ``'`` into
entities wherever data is written. Two things it leaves alone are handled
here: control characters, which HTML forbids (the parser turns NUL into
U+FFFD and the rest are parse errors), are shown as their Unicode control
pictures so that the reader sees they are there; and a URL from the data
becomes a link only if it is a plain ``http`` or ``https`` address, so a
``javascript:``, ``data:`` or relative URL is shown as text and never
followed.
"""

from __future__ import annotations

import re
from typing import Final

from markupsafe import Markup

__all__ = ["finalize", "link_target", "printable"]

# C0 controls but tab, line feed and carriage return; DEL and the C1
# controls; lone surrogates (which UTF-8 cannot encode); the noncharacters
# of the Basic Multilingual Plane.
_UNPRINTABLE: Final = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)
_CONTROL_PICTURES: Final = 0x2400  # U+2400 SYMBOL FOR NULL, then one per C0 control
_DELETE_PICTURE: Final = "\u2421"
_REPLACEMENT: Final = "\ufffd"

# Scheme, host and the characters RFC 3986 allows in the rest; no white space,
# quotes, angle brackets or backslashes, which browsers repair in ways that
# differ from how Python reads the address.
_WEB_ADDRESS: Final = re.compile(
    r"https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:[/?#][A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*)?"
)


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(_CONTROL_PICTURES + code)
    if code == 0x7F:
        return _DELETE_PICTURE
    return _REPLACEMENT


def printable(text: str) -> str:
    r"""``text`` with every character HTML cannot carry made visible.

    C0 controls become their control pictures (``"\x07"`` -> ``"␇"``), DEL
    becomes ``"␡"``, C1 controls, lone surrogates and noncharacters become
    U+FFFD; everything else is kept.

    >>> printable("bell\x07, null\x00")
    'bell␇, null␀'
    """
    return _UNPRINTABLE.sub(_picture, text)


def link_target(url: str | None) -> str | None:
    """``url`` if it may be a link's ``href``: an absolute http(s) address.

    Anything else (``javascript:``, ``data:``, relative paths, addresses with
    white space or control characters) gives ``None``: the page shows it as
    text.

    >>> link_target("https://www.clingendael.org/")
    'https://www.clingendael.org/'
    >>> link_target("javascript:alert(1)") is None
    True
    """
    if url is None or not _WEB_ADDRESS.fullmatch(url):
        return None
    return url


def finalize(value: object) -> object:
    """Jinja2's ``finalize``: every data string printable before it is escaped.

    Markup (the page's own, already escaped) passes through; so do numbers.
    """
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return printable(value)
    return value
