"""Output formats: what ``multilat report`` and ``multilat assess`` can write.

Formats come from plugins through the
:func:`~multilat.hookspecs.multilat_formats` hook; core contributes
``json``. A format renders a :class:`Report` to text (or bytes, for a binary
format) and must be deterministic: the same report gives the same bytes.

Each format declares the :class:`Document` kinds it renders
(:attr:`Format.documents`); ``multilat assess --format NAME`` refuses a
format that cannot render an assessment instead of writing something else.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import attrs
from attrs import field, frozen

from multilat._validators import _SLUG
from multilat.errors import InvalidValue

if TYPE_CHECKING:
    from multilat.assess import Assessment, Ensemble
    from multilat.knowledge import KnowledgeBase

__all__ = ["DEFAULT_DOCUMENTS", "Document", "Format", "Report"]

_MEDIA_TYPE = re.compile(r"[a-z]+/[A-Za-z0-9.+-]+(?:;.*)?")


def _name(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not _SLUG.fullmatch(value):
        raise InvalidValue(attribute.name, f"{value!r} is not a kebab-case name")


def _media_type(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not _MEDIA_TYPE.fullmatch(value):
        raise InvalidValue(attribute.name, f"{value!r} is not a media type like 'text/html'")


def _optional_assessment(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    # Imported only when there is one to check: an assessment means NumPy is
    # loaded already, and ``import multilat`` must not load it.
    if value is None:
        return
    import multilat.assess

    # Attribute by attribute: the ensemble's module loads only with an ensemble.
    expected: type = (
        multilat.assess.Assessment if attribute.name == "assessment" else multilat.assess.Ensemble
    )
    if not isinstance(value, expected):
        raise InvalidValue(
            attribute.name, f"expected {expected.__name__} or None, got {type(value).__name__}"
        )


class Document(enum.StrEnum):
    """A kind of document a :class:`Format` can render.

    A :class:`Report` is one of these (:attr:`Report.document`); the
    vocabulary grows as multilat learns to produce new documents.
    """

    #: The knowledge base itself: ``multilat report``.
    KNOWLEDGE = "knowledge"
    #: An :class:`~multilat.assess.Assessment`: ``multilat assess``.
    ASSESSMENT = "assessment"
    #: An :class:`~multilat.assess.Ensemble` beside its assessment:
    #: ``multilat assess --ensemble N``.
    ENSEMBLE = "ensemble"

    @property
    def phrase(self) -> str:
        """How a message names a document of this kind: ``"an assessment"``."""
        return _PHRASES[self]


_PHRASES = {
    Document.KNOWLEDGE: "a knowledge base",
    Document.ASSESSMENT: "an assessment",
    Document.ENSEMBLE: "an ensemble",
}

#: What a format renders when it does not say: the knowledge base only,
#: which is all that formats written before :attr:`Format.documents` existed
#: were ever sure to render.
DEFAULT_DOCUMENTS: frozenset[Document] = frozenset({Document.KNOWLEDGE})


def _to_documents(value: Iterable[Document | str]) -> frozenset[Document]:
    if isinstance(value, str):
        value = (value,)  # one kind alone, not its characters
    if not isinstance(value, Iterable):
        raise InvalidValue("documents", f"expected document kinds, got {type(value).__name__}")
    kinds = set()
    for item in value:
        try:
            kinds.add(Document(item))
        except ValueError:
            known = ", ".join(d.value for d in Document)
            raise InvalidValue(
                "documents", f"{item!r} is not a document kind; known: {known}"
            ) from None
    if not kinds:
        raise InvalidValue("documents", "a format renders at least one kind of document")
    return frozenset(kinds)


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

    @property
    def document(self) -> Document:
        """What this report is: an ensemble, else an assessment, else the knowledge base."""
        if self.ensemble is not None:
            return Document.ENSEMBLE
        if self.assessment is not None:
            return Document.ASSESSMENT
        return Document.KNOWLEDGE


@frozen
class Format:
    """An output format a plugin contributes.

    ``render`` takes a :class:`Report` and returns ``str`` (written as UTF-8)
    or ``bytes``. :attr:`documents` says which kinds of :class:`Report` it
    renders; a format that does not say renders the knowledge base only
    (:data:`DEFAULT_DOCUMENTS`), since that is what every format written
    before the field existed did, so ``multilat assess`` turns it down rather
    than write the knowledge base where an assessment was asked for.
    """

    name: str = field(validator=_name)
    media_type: str = field(validator=_media_type)
    suffix: str = field(validator=_suffix)
    render: Callable[[Report], str | bytes] = field(validator=attrs.validators.is_callable())
    description: str = ""
    #: The kinds of document it renders, e.g. ``{"knowledge", "assessment"}``
    #: (strings are converted to :class:`Document`).
    documents: frozenset[Document] = field(
        default=DEFAULT_DOCUMENTS, converter=_to_documents, kw_only=True
    )

    def renders(self, document: Document | str) -> bool:
        """Whether this format renders a ``document`` (a :class:`Document` or its value)."""
        return Document(document) in self.documents

    def render_bytes(self, report: Report) -> bytes:
        """Render ``report`` and encode text as UTF-8.

        The renderer is plugin code: what it prints goes to stderr.

        :raises InvalidValue: if the format does not render the report's
            :attr:`~Report.document` kind.
        """
        if report.document not in self.documents:
            raise InvalidValue(
                "documents",
                f"format {self.name} cannot render {report.document.phrase}",
            )
        from multilat._guard import plugin_code

        with plugin_code():
            out = self.render(report)
        if isinstance(out, str):
            return out.encode("utf-8")
        if isinstance(out, bytes):
            return out
        raise TypeError(f"format {self.name} rendered {type(out).__name__}, not str or bytes")
