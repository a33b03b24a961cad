"""Output formats: what ``multilat report --format NAME`` can write.

Formats come from plugins through the
:func:`~multilat.hookspecs.multilat_formats` hook; core contributes
``json``. A format renders a :class:`Report` to text (or bytes, for a binary
format) and must be deterministic: the same report gives the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import attrs
from attrs import field, frozen

from multilat.errors import InvalidValue

if TYPE_CHECKING:
    from multilat.assess import Assessment, Ensemble
    from multilat.knowledge import KnowledgeBase

__all__ = ["Format", "Report"]

_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_MEDIA_TYPE = re.compile(r"[a-z]+/[A-Za-z0-9.+-]+(?:;.*)?")


def _name(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not _NAME.fullmatch(value):
        raise InvalidValue(attribute.name, f"{value!r} is not a kebab-case name")


def _media_type(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not _MEDIA_TYPE.fullmatch(value):
        raise InvalidValue(attribute.name, f"{value!r} is not a media type like 'text/html'")


def _optional_assessment(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    # Imported only when there is one to check: an assessment means NumPy is
    # loaded already, and ``import multilat`` must not load it.
    if value is None:
        return
    from multilat.assess import Assessment, Ensemble

    expected = Assessment if attribute.name == "assessment" else Ensemble
    if not isinstance(value, expected):
        raise InvalidValue(
            attribute.name, f"expected {expected.__name__} or None, got {type(value).__name__}"
        )


def _suffix(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not re.fullmatch(r"\.[A-Za-z0-9.]+", value):
        raise InvalidValue(attribute.name, f"{value!r} is not a file suffix like '.html'")


@frozen
class Report:
    """What a format renders: the knowledge base, in a language.

    ``multilat assess --format NAME`` adds the :attr:`assessment` it ran
    (and the :attr:`ensemble`, with ``--ensemble N``); ``multilat report``
    leaves both ``None``. A format that knows nothing of assessments
    renders the knowledge base as before. New fields arrive with defaults,
    so renderers written today keep working.
    """

    knowledge: KnowledgeBase
    #: Language of reader-facing text: ``"en"`` or ``"nl"``.
    lang: str = field(default="en", validator=attrs.validators.in_(("en", "nl")))
    #: An :class:`~multilat.assess.Assessment` of ``knowledge``, or ``None``.
    assessment: Assessment | None = field(
        default=None, kw_only=True, validator=_optional_assessment
    )
    #: An :class:`~multilat.assess.Ensemble` of ``knowledge``, or ``None``.
    ensemble: Ensemble | None = field(default=None, kw_only=True, validator=_optional_assessment)


@frozen
class Format:
    """An output format a plugin contributes.

    ``render`` takes a :class:`Report` and returns ``str`` (written as UTF-8)
    or ``bytes``.
    """

    name: str = field(validator=_name)
    media_type: str = field(validator=_media_type)
    suffix: str = field(validator=_suffix)
    render: Callable[[Report], str | bytes] = field(validator=attrs.validators.is_callable())
    description: str = ""

    def render_bytes(self, report: Report) -> bytes:
        """Render ``report`` and encode text as UTF-8.

        The renderer is plugin code: what it prints goes to stderr.
        """
        from multilat._guard import plugin_code

        with plugin_code():
            out = self.render(report)
        if isinstance(out, str):
            return out.encode("utf-8")
        if isinstance(out, bytes):
            return out
        raise TypeError(f"format {self.name} rendered {type(out).__name__}, not str or bytes")
