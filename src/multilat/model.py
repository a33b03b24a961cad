"""The domain model: frozen, slotted, validated ``attrs`` classes.

Every object that can be referred to has an ``id``, a kebab-case slug
(``nato``, ``new-start``, ``us-unilateralism``) unique across the whole
knowledge base. References between objects are by id; the
:class:`~multilat.knowledge.KnowledgeBase` checks that they resolve.

Validators reject bad values as soon as an object is built and raise
:class:`~multilat.errors.InvalidValue` naming the field::

    >>> from multilat.model import Text
    >>> Text(en="")
    Traceback (most recent call last):
    ...
    multilat.errors.InvalidValue: en: must not be empty

Influence weights sit on a signed ordinal scale (:data:`WEIGHT_SCALE`): the
note's judgments are qualitative, and a weight of ``-0.75`` says "strongly
negative", not a measured quantity.
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
import re
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, ClassVar, Final, TypeAlias, TypeVar

import attrs
from attrs import field, frozen

from multilat._validators import (
    _SLUG,
    _as_tuple,
    _coerce,
    _date,
    _instances,
    _iso3,
    _member,
    _member_of,
    _members_of,
    _non_empty,
    _non_empty_text,
    _optional_date,
    _optional_member_of,
    _optional_non_empty_text,
    _optional_slug,
    _positive,
    _positives,
    _slug,
    _slugs,
    _to_date,
    _unique,
)
from multilat.errors import InvalidValue, OutdatedFactWarning

__all__ = [
    "KINDS",
    "REFERS_TO",
    "REGISTRY",
    "WEIGHT_SCALE",
    "Actor",
    "ActorKind",
    "Addressee",
    "Citation",
    "Claim",
    "Confidence",
    "Dimension",
    "EventKind",
    "Evidence",
    "Expectation",
    "Footnote",
    "Fragment",
    "Horizon",
    "Influence",
    "Institution",
    "InstitutionKind",
    "Kind",
    "Membership",
    "Recommendation",
    "Ref",
    "Regime",
    "RegimeDomain",
    "RegimeEvent",
    "RegimeStatus",
    "Resolution",
    "Role",
    "Scenario",
    "ScenarioOrigin",
    "Section",
    "Source",
    "SourceKind",
    "Text",
    "Trend",
    "Verdict",
    "as_date",
    "fold_whitespace",
    "iter_citations",
    "kind_named",
    "kind_of",
    "reference_fields",
    "references",
]

_WHITESPACE = re.compile(r"\s+")

T = TypeVar("T")
E = TypeVar("E", bound=enum.Enum)

#: The signed ordinal scale of influence weights: magnitude -> label.
WEIGHT_SCALE: Mapping[float, str] = {
    0.25: "weak",
    0.5: "moderate",
    0.75: "strong",
    1.0: "very strong",
}


def fold_whitespace(text: str) -> str:
    r"""Collapse every run of white space to one space and strip the ends.

    >>> fold_whitespace("  a\n  b\tc ")
    'a b c'
    """
    return _WHITESPACE.sub(" ", text).strip()


# -- the model's own validators and converters ----------------------------
# The general ones (slugs, dates, vocabularies, lists) are in _validators.


def _own_id(instance: Any, attribute: attrs.Attribute[Any], value: str | None) -> None:
    if value is None:
        return
    _slug(instance, attribute, value)
    # Without an instance (a field checked on its own while reading a file)
    # only the slug can be checked; the object's own check compares the ids.
    if instance is not None and value != instance.id:
        raise InvalidValue(
            attribute.name,
            f"{value!r} is not this object's id {instance.id!r}: a replacement keeps the id"
            " it replaces, so that every reference to it follows",
        )


def _replaces() -> Any:
    # Every kind of object can be replaced; see KnowledgeBase.build for the rule.
    return field(default=None, kw_only=True, validator=_own_id)


def as_date(value: dt.date | str, name: str = "date") -> dt.date:
    """``value`` as a day: a :class:`datetime.date` as it is, an ISO string parsed.

    >>> from multilat.model import as_date
    >>> as_date("2020-07-01")
    datetime.date(2020, 7, 1)

    :raises InvalidValue: naming ``name`` for anything else.
    """
    day = _to_date(value)
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        raise InvalidValue(name, f"expected a date or YYYY-MM-DD, like '2020-07-01', got {value!r}")
    return day


def _fold(value: str) -> str:
    return fold_whitespace(value) if isinstance(value, str) else value


# -- references ---------------------------------------------------------------


@frozen
class Ref:
    """What a field that holds ids refers to: declared once, in the field's metadata.

    The knowledge base's reference checks, the JSON Schema and the docs are
    derived from it (:func:`references`, :func:`reference_fields`).
    """

    #: The kinds its ids may be, by singular name (``"trend"``).
    kinds: tuple[str, ...]
    #: ``(field, kinds)``: where that other field of the object is ``None``,
    #: the ids are of these kinds instead (an influence's effect is a trend
    #: when it has no dimension).
    without: tuple[str, tuple[str, ...]] | None = None
    #: The field holds ``(id, value)`` pairs, not ids (a scenario's levels).
    pairs: bool = False

    def kinds_for(self, obj: object) -> tuple[str, ...]:
        """The kinds the field's ids may be in ``obj``."""
        if self.without is not None and getattr(obj, self.without[0]) is None:
            return self.without[1]
        return self.kinds


#: The key of :class:`Ref` in an attrs field's metadata.
REFERS_TO: Final = "multilat.refers_to"


def _refers_to(
    *kinds: str, without: tuple[str, tuple[str, ...]] | None = None, pairs: bool = False
) -> dict[str, Ref]:
    return {REFERS_TO: Ref(kinds, without, pairs)}


# -- vocabularies -----------------------------------------------------------


class Dimension(enum.StrEnum):
    """An aspect of an institution or regime that an influence moves.

    The note asks about the first three; the others are where it speaks of
    them explicitly (legitimacy of the Security Council, resources of
    peacekeeping, readiness of NATO troops).
    """

    EFFECTIVENESS = "effectiveness"
    COHESION = "cohesion"
    DECISION_MAKING = "decision-making"
    LEGITIMACY = "legitimacy"
    RESOURCES = "resources"
    OPERATIONAL_READINESS = "operational-readiness"


class Horizon(enum.StrEnum):
    """The time frame of a judgment: the note's "korte" and "langere termijn"."""

    SHORT = "short"
    LONG = "long"


class Confidence(enum.StrEnum):
    """How firmly the note states a judgment.

    ``high``: stated as fact or near-certain ("zal", "leidt tot");
    ``medium``: expected ("naar verwachting", "waarschijnlijk");
    ``low``: possible ("kan", "zou kunnen", "wellicht").
    """

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Addressee(enum.StrEnum):
    """Whom a recommendation addresses."""

    DIPLOMACY = "diplomacy"
    ARMED_FORCES = "armed-forces"


class SourceKind(enum.StrEnum):
    """What sort of work a :class:`Source` is."""

    NOTE = "note"
    REPORT = "report"
    ARTICLE = "article"
    COMMENTARY = "commentary"
    NEWS = "news"
    OFFICIAL_DOCUMENT = "official-document"
    LEGAL_TEXT = "legal-text"
    DECLARATION = "declaration"
    REFERENCE = "reference"


class ActorKind(enum.StrEnum):
    """What sort of actor an :class:`Actor` is."""

    STATE = "state"
    ORGANISATION = "organisation"
    PERSON = "person"
    GROUP = "group"


class Role(enum.StrEnum):
    """The capacity in which a state belongs to an institution."""

    MEMBER = "member"
    PERMANENT = "permanent"
    ELECTED = "elected"
    PARTICIPATING_STATE = "participating-state"
    PARTNER = "partner"
    OBSERVER = "observer"


class InstitutionKind(enum.StrEnum):
    """What sort of body an :class:`Institution` is."""

    ALLIANCE = "alliance"
    UNION = "union"
    ORGANISATION = "organisation"
    ORGAN = "organ"
    MISSION = "mission"
    AGENCY = "agency"
    BODY = "body"
    INITIATIVE = "initiative"


class RegimeDomain(enum.StrEnum):
    """The field of arms control a :class:`Regime` belongs to."""

    CONVENTIONAL = "conventional"
    CONFIDENCE_BUILDING = "confidence-building"
    NUCLEAR = "nuclear"
    CHEMICAL = "chemical"
    BIOLOGICAL = "biological"


class EventKind(enum.StrEnum):
    """A dated event in the life of a :class:`Regime`.

    ``withdrawal-*`` events concern one party and need :attr:`RegimeEvent.party`;
    ``suspended`` with a party is that party's suspension, without one the
    regime's. ``extended`` moves the regime's end to :attr:`RegimeEvent.until`,
    or removes it when there is none (an indefinite extension).
    ``implemented`` marks a milestone that leaves the status as it is (the
    JCPOA's Implementation Day); ``milestone`` any other dated event that
    leaves it as it is (a notification, a declared intent, a failed vote).
    """

    SIGNED = "signed"
    ADOPTED = "adopted"
    ENTERED_INTO_FORCE = "entered-into-force"
    SUSPENDED = "suspended"
    RESUMED = "resumed"
    WITHDRAWAL_ANNOUNCED = "withdrawal-announced"
    WITHDRAWAL_EFFECTIVE = "withdrawal-effective"
    EXTENDED = "extended"
    IMPLEMENTED = "implemented"
    MILESTONE = "milestone"
    TERMINATED = "terminated"


class ScenarioOrigin(enum.StrEnum):
    """Whose a :class:`Scenario` is.

    ``note``: the note raises it, and its citations are the sentences that
    do; ``library``: a what-if of the content's authors (multilat's own or a
    plugin's), which the note does not raise, its citations at most where
    the note touches the theme; ``user``: set on the command line.
    """

    NOTE = "note"
    LIBRARY = "library"
    USER = "user"


class RegimeStatus(enum.StrEnum):
    """A regime's standing on a given day, see :meth:`Regime.status_at`."""

    PENDING = "pending"
    SIGNED = "signed"
    IN_FORCE = "in-force"
    SUSPENDED = "suspended"
    EXPIRED = "expired"
    TERMINATED = "terminated"


# Named converters, one per vocabulary: mypy's attrs plugin reads only named functions.


def _to_actor_kind(value: Any) -> Any:
    return _coerce(ActorKind, value)


def _to_confidence(value: Any) -> Any:
    return _coerce(Confidence, value)


def _to_dimension(value: Any) -> Any:
    return _coerce(Dimension, value)


def _to_event_kind(value: Any) -> Any:
    return _coerce(EventKind, value)


def _to_horizon(value: Any) -> Any:
    return _coerce(Horizon, value)


def _to_institution_kind(value: Any) -> Any:
    return _coerce(InstitutionKind, value)


def _to_regime_domain(value: Any) -> Any:
    return _coerce(RegimeDomain, value)


def _to_role(value: Any) -> Any:
    return _coerce(Role, value)


def _to_source_kind(value: Any) -> Any:
    return _coerce(SourceKind, value)


def _to_scenario_origin(value: Any) -> Any:
    return _coerce(ScenarioOrigin, value)


def _to_addressee(value: Any) -> Any:
    return _coerce(Addressee, value)


def _to_addressees(value: Any) -> tuple[Any, ...]:
    return tuple(_to_addressee(a) for a in _as_tuple(value))


# -- text fields --------------------------------------------------------------
# One validator and one converter for every Text field: code may pass a plain
# string (English) or a mapping of languages, as a data file may.


def _to_text(value: Any) -> Any:
    if isinstance(value, str):
        return Text(en=value)
    if isinstance(value, Mapping) and not isinstance(value, Text):
        unknown = sorted(str(k) for k in value if k not in Text.LANGUAGES)
        if unknown:
            known = ", ".join(Text.LANGUAGES)
            raise InvalidValue(unknown[0], f"is not a language of a Text (known: {known})")
        return Text(**value)
    return value


def _to_optional_text(value: Any) -> Any:
    return None if value is None else _to_text(value)


def _is_text(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, Text):
        raise InvalidValue(
            attribute.name,
            f"expected a Text, a string or a mapping of languages, got {type(value).__name__}",
        )


def _is_optional_text(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        _is_text(instance, attribute, value)



# -- text and provenance ----------------------------------------------------


@frozen
class Text:
    """Text meant for readers, in English and, where the note gives it, Dutch.

    >>> Text(en="NATO", nl="NAVO").in_language("nl")
    'NAVO'
    >>> Text(en="NATO").in_language("nl")
    'NATO'
    """

    en: str = field(validator=_non_empty_text)
    nl: str | None = field(default=None, validator=_optional_non_empty_text)

    #: Languages a :class:`Text` can carry, in order of preference for fallback.
    LANGUAGES: ClassVar[tuple[str, ...]] = ("en", "nl")

    def in_language(self, lang: str) -> str:
        """The text in ``lang``, falling back to English where it is missing."""
        if lang not in self.LANGUAGES:
            raise ValueError(f"unknown language {lang!r}; known: {', '.join(self.LANGUAGES)}")
        value: str | None = getattr(self, lang)
        return value if value is not None else self.en

    def __str__(self) -> str:
        return self.en


@frozen
class Footnote:
    """One footnote of the note that cites a :class:`Source`.

    :attr:`text` is the footnote as printed, with markup dropped and white
    space folded, so that it can be checked against the note.
    """

    number: int = field(validator=_positive)
    text: str = field(converter=_fold, validator=_non_empty_text)


@frozen
class Section:
    """A section of a source, for locating citations.

    :attr:`incipits` holds the opening words of each paragraph, in order; a
    citation's paragraph number indexes it (1-based). The incipits make every
    locator checkable against the text.
    """

    slug: str = field(validator=_slug)
    title: str = field(validator=_non_empty_text)
    incipits: tuple[str, ...] = field(
        converter=_as_tuple,
        validator=[_non_empty, attrs.validators.deep_iterable(_non_empty_text)],
    )

    @property
    def paragraphs(self) -> int:
        """Number of paragraphs in the section."""
        return len(self.incipits)


@frozen(repr=False)
class Source:
    """A work: the note itself, a work its footnotes cite, or a reference.

    References back outside facts (a membership date, a treaty event).

    :attr:`date` is kept as the work gives it ("10 April 2020", "mei 2019"),
    since many give no day.
    """

    id: str = field(validator=_slug)
    kind: SourceKind = field(converter=_to_source_kind, validator=_member_of(SourceKind))
    title: str = field(validator=_non_empty_text)
    authors: tuple[str, ...] = field(default=(), converter=_as_tuple)
    venue: str | None = field(default=None, validator=_optional_non_empty_text)
    date: str | None = field(default=None, validator=_optional_non_empty_text)
    url: str | None = field(default=None, validator=_optional_non_empty_text)
    footnotes: tuple[Footnote, ...] = field(
        default=(),
        converter=_as_tuple,
        validator=[_instances(Footnote), _unique(lambda f: f.number)],
    )
    sections: tuple[Section, ...] = field(
        default=(),
        converter=_as_tuple,
        validator=[_instances(Section), _unique(lambda s: s.slug)],
    )
    #: This object's own id, when it replaces another plugin's object of that
    #: id on purpose (see :ref:`choosing-ids`); ``None`` otherwise.
    replaces: str | None = _replaces()

    def section(self, slug: str) -> Section | None:
        """The section called ``slug``, or ``None``."""
        return next((s for s in self.sections if s.slug == slug), None)


@frozen
class Citation:
    """Where a claim comes from: a verbatim quote of a source at a locator.

    :attr:`quote` is the source's own words (for the note: Dutch), with
    emphasis markers and footnote numbers dropped and white space folded;
    the converter folds white space for you. :attr:`footnotes` lists the
    footnote numbers the quoted passage carries.
    """

    source: str = field(validator=_slug, metadata=_refers_to("source"))
    section: str = field(validator=_slug)
    paragraph: int = field(validator=_positive)
    quote: str = field(converter=_fold, validator=_non_empty_text)
    footnotes: tuple[int, ...] = field(default=(), converter=_as_tuple, validator=_positives)

    @property
    def locator(self) -> str:
        """``section¶paragraph``, for display."""
        return f"{self.section}¶{self.paragraph}"


@frozen
class Claim:
    """A statement the knowledge base makes, with the citations behind it."""

    text: Text = field(converter=_to_text, validator=_is_text)
    citations: tuple[Citation, ...] = field(
        converter=_as_tuple, validator=[_non_empty, _instances(Citation)]
    )


# -- actors and institutions ------------------------------------------------


@frozen(repr=False)
class Actor:
    """A state, organisation, person or group the note names."""

    id: str = field(validator=_slug)
    kind: ActorKind = field(converter=_to_actor_kind, validator=_member_of(ActorKind))
    name: Text = field(converter=_to_text, validator=_is_text)
    iso3: str | None = field(default=None, validator=_iso3)
    citations: tuple[Citation, ...] = field(
        default=(), converter=_as_tuple, validator=_instances(Citation)
    )
    #: This object's own id, when it replaces another plugin's object of that
    #: id on purpose (see :ref:`choosing-ids`); ``None`` otherwise.
    replaces: str | None = _replaces()

    def __attrs_post_init__(self) -> None:
        if self.kind is ActorKind.STATE and self.iso3 is None:
            raise InvalidValue("iso3", "a state needs its ISO 3166-1 alpha-3 code")
        if self.kind is not ActorKind.STATE and self.iso3 is not None:
            a = "an" if self.kind[0] in "aeiou" else "a"
            raise InvalidValue("iso3", f"only states have an ISO code, this is {a} {self.kind}")


@frozen
class Membership:
    """A state's membership of an institution.

    It holds from :attr:`joined` until the day before :attr:`left`.

    These are facts from outside the note; :attr:`source` names the
    :class:`Source` they come from, and :attr:`note` says how to read them
    where a date is not simply an accession (a state known to be a member by
    that date; a seat held by a predecessor state).
    """

    member: str = field(validator=_iso3)
    joined: dt.date = field(converter=_to_date, validator=_date)
    left: dt.date | None = field(default=None, converter=_to_date, validator=_optional_date)
    role: Role = field(default=Role.MEMBER, converter=_to_role, validator=_member_of(Role))
    source: str | None = field(
        default=None, validator=_optional_slug,
        metadata=_refers_to("source"),
    )
    note: Text | None = field(
        default=None, converter=_to_optional_text, validator=_is_optional_text
    )

    def __attrs_post_init__(self) -> None:
        if self.left is not None and self.left <= self.joined:
            raise InvalidValue(
                "left", f"{self.left.isoformat()} is not after joined ({self.joined.isoformat()})"
            )

    def active_on(self, on: dt.date) -> bool:
        """Whether the membership holds on day ``on``."""
        return self.joined <= on and (self.left is None or on < self.left)


@frozen(repr=False)
class Institution:
    """An organisation, organ, mission or body of the security order.

    :attr:`sources` names the :class:`Source` objects behind facts about it
    from outside the note (its host state, the end of its mandate, say);
    memberships name their own.

    :attr:`as_of` is the last day for which its memberships are known: a
    question about a later day (:meth:`members_at`) is answered from what is
    known, with an :class:`~multilat.errors.OutdatedFactWarning`. Without it
    the memberships make no claim about when they were last brought up to
    date, and no warning is given. :attr:`ended` is the last day of a body's
    mandate or existence (the OSCE's Special Monitoring Mission: 31 March
    2022), a fact from outside the note.
    """

    id: str = field(validator=_slug)
    kind: InstitutionKind = field(
        converter=_to_institution_kind, validator=_member_of(InstitutionKind)
    )
    name: Text = field(converter=_to_text, validator=_is_text)
    acronym: Text | None = field(
        default=None, converter=_to_optional_text, validator=_is_optional_text
    )
    parent: str | None = field(
        default=None, validator=_optional_slug,
        metadata=_refers_to("institution"),
    )
    host_state: str | None = field(default=None, validator=_iso3)
    description: Text | None = field(
        default=None, converter=_to_optional_text, validator=_is_optional_text
    )
    tasks: tuple[Claim, ...] = field(default=(), converter=_as_tuple, validator=_instances(Claim))
    outlook: tuple[Claim, ...] = field(default=(), converter=_as_tuple, validator=_instances(Claim))
    memberships: tuple[Membership, ...] = field(
        default=(), converter=_as_tuple, validator=_instances(Membership)
    )
    citations: tuple[Citation, ...] = field(
        default=(), converter=_as_tuple, validator=_instances(Citation)
    )
    sources: tuple[str, ...] = field(
        default=(), converter=_as_tuple, validator=_slugs,
        metadata=_refers_to("source"),
    )
    as_of: dt.date | None = field(default=None, converter=_to_date, validator=_optional_date)
    ended: dt.date | None = field(default=None, converter=_to_date, validator=_optional_date)
    #: This object's own id, when it replaces another plugin's object of that
    #: id on purpose (see :ref:`choosing-ids`); ``None`` otherwise.
    replaces: str | None = _replaces()

    def __attrs_post_init__(self) -> None:
        if self.as_of is not None:
            for index, m in enumerate(self.memberships):
                if m.joined > self.as_of:
                    raise InvalidValue(
                        f"memberships[{index}].joined",
                        f"{m.joined.isoformat()} is after as_of ({self.as_of.isoformat()}),"
                        " the last day the memberships are known for",
                    )
            if self.ended is not None and self.ended > self.as_of:
                raise InvalidValue(
                    "ended", f"{self.ended.isoformat()} is after as_of ({self.as_of.isoformat()})"
                )
        by_member: dict[str, list[Membership]] = {}
        for m in self.memberships:
            by_member.setdefault(m.member, []).append(m)
        for member, spells in by_member.items():
            spells.sort(key=lambda m: m.joined)
            for earlier, later in itertools.pairwise(spells):
                if earlier.left is None or earlier.left > later.joined:
                    raise InvalidValue("memberships", f"{member} has overlapping memberships")

    def members_at(self, on: dt.date | str, role: Role | str | None = None) -> frozenset[str]:
        """ISO 3166-1 alpha-3 codes of the members on day ``on``.

        ``on`` is a :class:`datetime.date` or an ISO date string
        (``"2020-07-01"``). ``role`` restricts the answer to members in that
        role (for the Security Council: permanent or elected). A day after
        :attr:`as_of` gets the answer the known memberships give, and an
        :class:`~multilat.errors.OutdatedFactWarning`.

        :raises InvalidValue: for a day that is not a date, or an unknown role.
        """
        on = as_date(on, "on")
        role = None if role is None else _member(Role, role, "role")
        if self.as_of is not None and on > self.as_of:
            _warn_outdated(self.id, "memberships", self.as_of, on)
        return frozenset(
            m.member
            for m in self.memberships
            if m.active_on(on) and (role is None or m.role is role)
        )

    def active_on(self, on: dt.date) -> bool:
        """Whether the body still existed or held its mandate on day ``on``."""
        return self.ended is None or on <= self.ended


def _warn_outdated(
    object_id: str, what: str, as_of: dt.date, on: dt.date, stacklevel: int = 3
) -> None:
    # The warning points at the code that asked (members_at's or status_at's caller).
    warnings.warn(
        OutdatedFactWarning(
            f"{object_id}: {what} are known up to {as_of.isoformat()};"
            f" {on.isoformat()} is later, so the answer may miss what happened since"
        ),
        stacklevel=stacklevel,
    )


# -- regimes ----------------------------------------------------------------


_PARTY_EVENTS = frozenset({EventKind.WITHDRAWAL_ANNOUNCED, EventKind.WITHDRAWAL_EFFECTIVE})


@frozen
class RegimeEvent:
    """A dated event in a regime's life.

    An event the note reports carries :attr:`citations`; an outside fact
    names its :attr:`source`.
    """

    kind: EventKind = field(converter=_to_event_kind, validator=_member_of(EventKind))
    date: dt.date = field(converter=_to_date, validator=_date)
    party: str | None = field(default=None, validator=_iso3)
    until: dt.date | None = field(default=None, converter=_to_date, validator=_optional_date)
    source: str | None = field(
        default=None, validator=_optional_slug,
        metadata=_refers_to("source"),
    )
    description: Text | None = field(
        default=None, converter=_to_optional_text, validator=_is_optional_text
    )
    citations: tuple[Citation, ...] = field(
        default=(), converter=_as_tuple, validator=_instances(Citation)
    )

    def __attrs_post_init__(self) -> None:
        if self.kind in _PARTY_EVENTS and self.party is None:
            raise InvalidValue("party", f"a {self.kind} event needs the party concerned")
        if self.kind is EventKind.EXTENDED:
            if self.until is not None and self.until <= self.date:
                raise InvalidValue("until", "must be after the event's date")
        elif self.until is not None:
            raise InvalidValue("until", f"only extended events have an end date, not {self.kind}")


# Event kinds that set a regime's status when they concern the whole regime.
_STATUS_OF_EVENT: Mapping[EventKind, RegimeStatus] = {
    EventKind.SIGNED: RegimeStatus.SIGNED,
    EventKind.ADOPTED: RegimeStatus.IN_FORCE,
    EventKind.ENTERED_INTO_FORCE: RegimeStatus.IN_FORCE,
    EventKind.SUSPENDED: RegimeStatus.SUSPENDED,
    EventKind.RESUMED: RegimeStatus.IN_FORCE,
    EventKind.EXTENDED: RegimeStatus.IN_FORCE,
    EventKind.TERMINATED: RegimeStatus.TERMINATED,
}


@frozen(repr=False)
class Regime:
    """A treaty or arrangement of arms control or confidence building.

    :attr:`expires` is the end date the regime had when it entered into
    force, if any; an ``extended`` event moves it (or, without ``until``,
    removes it: an indefinite extension). :attr:`sources` names the
    :class:`Source` objects behind facts about it from outside the note
    (whether it has a verification mechanism, its custodian); events name
    their own.

    :attr:`as_of` is the last day for which its events are known: asking
    :meth:`status_at` or :meth:`withdrawn_at` about a later day gives the
    answer the known events give, with an
    :class:`~multilat.errors.OutdatedFactWarning`, unless the regime had
    already ended by then (terminated or expired: nothing can follow).
    """

    id: str = field(validator=_slug)
    name: Text = field(converter=_to_text, validator=_is_text)
    domain: RegimeDomain = field(converter=_to_regime_domain, validator=_member_of(RegimeDomain))
    verification: bool = field(validator=attrs.validators.instance_of(bool))
    acronym: Text | None = field(
        default=None, converter=_to_optional_text, validator=_is_optional_text
    )
    custodian: str | None = field(
        default=None, validator=_optional_slug,
        metadata=_refers_to("institution"),
    )
    description: Text | None = field(
        default=None, converter=_to_optional_text, validator=_is_optional_text
    )
    expires: dt.date | None = field(default=None, converter=_to_date, validator=_optional_date)
    events: tuple[RegimeEvent, ...] = field(
        default=(), converter=_as_tuple, validator=_instances(RegimeEvent)
    )
    citations: tuple[Citation, ...] = field(
        default=(), converter=_as_tuple, validator=_instances(Citation)
    )
    sources: tuple[str, ...] = field(
        default=(), converter=_as_tuple, validator=_slugs,
        metadata=_refers_to("source"),
    )
    as_of: dt.date | None = field(default=None, converter=_to_date, validator=_optional_date)
    #: This object's own id, when it replaces another plugin's object of that
    #: id on purpose (see :ref:`choosing-ids`); ``None`` otherwise.
    replaces: str | None = _replaces()


    def __attrs_post_init__(self) -> None:
        if self.as_of is None:
            return
        for index, event in enumerate(self.events):
            if event.date > self.as_of:
                raise InvalidValue(
                    f"events[{index}].date",
                    f"{event.date.isoformat()} is after as_of ({self.as_of.isoformat()}),"
                    " the last day the events are known for",
                )

    def _warn_if_outdated(self, on: dt.date) -> None:
        if self.as_of is None or on <= self.as_of:
            return
        if self._status(self.as_of) in (RegimeStatus.TERMINATED, RegimeStatus.EXPIRED):
            return
        _warn_outdated(self.id, "events", self.as_of, on, stacklevel=4)

    def _events_until(self, on: dt.date) -> list[RegimeEvent]:
        return sorted((e for e in self.events if e.date <= on), key=lambda e: e.date)

    def status_at(self, on: dt.date | str) -> RegimeStatus:
        """The regime's status on day ``on``.

        Events of the whole regime (no party) move the status in date order;
        a regime in force past its end date (:attr:`expires`, or the latest
        extension's ``until``) has expired. Events of one party do not change
        the regime's status: see :meth:`withdrawn_at`. A day after
        :attr:`as_of` warns (:class:`~multilat.errors.OutdatedFactWarning`).
        ``on`` may be an ISO date string.
        """
        on = as_date(on, "on")
        self._warn_if_outdated(on)
        return self._status(on)

    def _status(self, on: dt.date) -> RegimeStatus:
        status = RegimeStatus.PENDING
        end = self.expires
        for event in self._events_until(on):
            if event.party is not None:
                continue
            if event.kind is EventKind.SIGNED and status is not RegimeStatus.PENDING:
                continue
            status = _STATUS_OF_EVENT.get(event.kind, status)
            if event.kind is EventKind.EXTENDED:
                end = event.until
        if status in (RegimeStatus.IN_FORCE, RegimeStatus.SUSPENDED) and end and on >= end:
            return RegimeStatus.EXPIRED
        return status

    def withdrawn_at(self, on: dt.date | str) -> frozenset[str]:
        """Parties whose withdrawal has taken effect by day ``on``.

        A day after :attr:`as_of` warns as :meth:`status_at` does.
        """
        on = as_date(on, "on")
        self._warn_if_outdated(on)
        return frozenset(
            e.party
            for e in self._events_until(on)
            if e.kind is EventKind.WITHDRAWAL_EFFECTIVE and e.party is not None
        )


# -- the causal layer -------------------------------------------------------


@frozen(repr=False)
class Trend:
    """A driver the note names: a development that moves others."""

    id: str = field(validator=_slug)
    name: Text = field(converter=_to_text, validator=_is_text)
    citations: tuple[Citation, ...] = field(
        converter=_as_tuple, validator=[_non_empty, _instances(Citation)]
    )
    description: Text | None = field(
        default=None, converter=_to_optional_text, validator=_is_optional_text
    )
    actor: str | None = field(default=None, validator=_optional_slug, metadata=_refers_to("actor"))
    #: This object's own id, when it replaces another plugin's object of that
    #: id on purpose (see :ref:`choosing-ids`); ``None`` otherwise.
    replaces: str | None = _replaces()


def _weight(_: object, attribute: attrs.Attribute[Any], value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidValue(attribute.name, f"expected a number, got {value!r}")
    if not -1.0 <= value <= 1.0:
        raise InvalidValue(attribute.name, f"{value!r} is outside [-1, 1]")
    if abs(value) not in WEIGHT_SCALE:
        scale = ", ".join(f"±{m:g} {label}" for m, label in WEIGHT_SCALE.items())
        raise InvalidValue(attribute.name, f"{value!r} is not on the ordinal scale ({scale})")


@frozen(repr=False)
class Influence:
    """A causal judgment of the note: ``cause`` moves ``effect``.

    The cause is a :class:`Trend`. Without a :attr:`dimension` the effect is
    a trend too; with one it is that dimension of an :class:`Institution` or
    :class:`Regime` (the *target*).

    :attr:`weight` is signed and on the ordinal scale :data:`WEIGHT_SCALE`.
    """

    id: str = field(validator=_slug)
    cause: str = field(validator=_slug, metadata=_refers_to("trend"))
    effect: str = field(
        validator=_slug,
        metadata=_refers_to("institution", "regime", without=("dimension", ("trend",))),
    )
    weight: float = field(validator=_weight)
    horizon: Horizon = field(converter=_to_horizon, validator=_member_of(Horizon))
    confidence: Confidence = field(converter=_to_confidence, validator=_member_of(Confidence))
    mechanism: Text = field(converter=_to_text, validator=_is_text)
    citations: tuple[Citation, ...] = field(
        converter=_as_tuple, validator=[_non_empty, _instances(Citation)]
    )
    dimension: Dimension | None = field(
        default=None,
        converter=_to_dimension,
        validator=_optional_member_of(Dimension),
    )
    #: Why a quote's hedge word ("zou", "kunnen", …) does not hedge this
    #: judgment, so that ``high`` confidence stands: reported speech, an
    #: ability, a past fact. :func:`multilat.judgments.check_judgments`
    #: flags a hedged quote coded ``high`` without one, and one that excuses
    #: nothing.
    hedge_exception: str | None = field(default=None, validator=_optional_non_empty_text)
    #: This object's own id, when it replaces another plugin's object of that
    #: id on purpose (see :ref:`choosing-ids`); ``None`` otherwise.
    replaces: str | None = _replaces()

    def __attrs_post_init__(self) -> None:
        if self.dimension is None and self.cause == self.effect:
            raise InvalidValue("effect", "a trend cannot influence itself")

    @property
    def strength(self) -> str:
        """The ordinal label of the weight's magnitude (``"strong"``)."""
        return WEIGHT_SCALE[abs(self.weight)]

    @property
    def effect_concept(self) -> tuple[str, Dimension | None]:
        """The effect as a concept of the cognitive map: ``(id, dimension)``."""
        return (self.effect, self.dimension)


@frozen(repr=False)
class Recommendation:
    """One of the note's recommendations for Dutch diplomacy and armed forces.

    :attr:`targets` are the institutions and regimes it concerns;
    :attr:`counters` the trends or influences it answers.
    """

    id: str = field(validator=_slug)
    number: int = field(validator=_positive)
    title: Text = field(converter=_to_text, validator=_is_text)
    text: Text = field(converter=_to_text, validator=_is_text)
    addressees: tuple[Addressee, ...] = field(
        converter=_to_addressees,
        validator=[_non_empty, _members_of(Addressee)],
    )
    citations: tuple[Citation, ...] = field(
        converter=_as_tuple, validator=[_non_empty, _instances(Citation)]
    )
    targets: tuple[str, ...] = field(
        default=(), converter=_as_tuple, validator=_slugs,
        metadata=_refers_to("institution", "regime"),
    )
    counters: tuple[str, ...] = field(
        default=(), converter=_as_tuple, validator=_slugs,
        metadata=_refers_to("trend", "influence"),
    )
    #: This object's own id, when it replaces another plugin's object of that
    #: id on purpose (see :ref:`choosing-ids`); ``None`` otherwise.
    replaces: str | None = _replaces()


def _levels(
    value: Mapping[str, float] | Iterable[tuple[str, float]],
) -> tuple[tuple[str, float], ...]:
    pairs = value.items() if isinstance(value, Mapping) else value
    # Sorted, so that two scenarios with the same levels are equal and render alike.
    return tuple(sorted((str(k), v) for k, v in pairs))


def _level_values(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    seen: set[str] = set()
    for trend, level in value:
        if not _SLUG.fullmatch(trend):
            raise InvalidValue(f"{attribute.name}.{trend}", "is not a kebab-case slug")
        if trend in seen:
            # Given as pairs, a trend could come twice; the mapping would keep one.
            raise InvalidValue(f"{attribute.name}.{trend}", "is listed twice")
        seen.add(trend)
        if isinstance(level, bool) or not isinstance(level, int | float) or not -1 <= level <= 1:
            raise InvalidValue(f"{attribute.name}.{trend}", f"{level!r} is outside [-1, 1]")


@frozen(repr=False)
class Scenario:
    """A named what-if: trends set to levels, for an assessment.

    :attr:`levels` maps trend ids to a level in [-1, 1]; it is stored as
    sorted ``(trend, level)`` pairs so that scenarios compare and render
    deterministically. :attr:`origin` says whose the scenario is (see
    :class:`ScenarioOrigin`): the note's unless said otherwise.
    """

    id: str = field(validator=_slug)
    name: Text = field(converter=_to_text, validator=_is_text)
    description: Text = field(converter=_to_text, validator=_is_text)
    levels: tuple[tuple[str, float], ...] = field(
        converter=_levels, validator=_level_values, metadata=_refers_to("trend", pairs=True)
    )
    horizon: Horizon | None = field(
        default=None,
        converter=_to_horizon,
        validator=_optional_member_of(Horizon),
    )
    citations: tuple[Citation, ...] = field(
        default=(), converter=_as_tuple, validator=_instances(Citation)
    )
    origin: ScenarioOrigin = field(
        default=ScenarioOrigin.NOTE,
        converter=_to_scenario_origin,
        validator=_member_of(ScenarioOrigin),
    )
    #: This object's own id, when it replaces another plugin's object of that
    #: id on purpose (see :ref:`choosing-ids`); ``None`` otherwise.
    replaces: str | None = _replaces()

    def level_of(self, trend: str) -> float | None:
        """The level the scenario sets for ``trend``, or ``None``."""
        return dict(self.levels).get(trend)


# -- hindsight --------------------------------------------------------------


class Verdict(enum.StrEnum):
    """How an :class:`Expectation` of the note has fared (:class:`Resolution`).

    ``borne-out``: what happened is what the note expected; ``not-borne-out``:
    the opposite happened, or what it expected did not by the time it named;
    ``mixed``: part of it did; ``open``: it cannot be told yet (the time it
    names has not come, or what happened does not settle it).
    """

    BORNE_OUT = "borne-out"
    NOT_BORNE_OUT = "not-borne-out"
    MIXED = "mixed"
    OPEN = "open"


def _to_verdict(value: Any) -> Any:
    return _coerce(Verdict, value)


@frozen(repr=False)
class Expectation:
    """Something the note expects to happen (or not), in its own words.

    :attr:`citations` hold the verbatim quote and its locator; :attr:`about`
    names the objects it concerns (institutions, regimes, trends,
    recommendations, influences); :attr:`expects` says in plain words what
    would bear it out. :attr:`by` is the day by which the note expects it,
    only where the note names a time ("begin 2021"); :attr:`horizon` where
    it says short or long term. An expectation is content of the note: what
    became of it is a :class:`Resolution`, kept apart.
    """

    id: str = field(validator=_slug)
    about: tuple[str, ...] = field(
        converter=_as_tuple, validator=[_non_empty, _slugs],
        metadata=_refers_to("institution", "regime", "trend", "recommendation", "influence"),
    )
    expects: Text = field(converter=_to_text, validator=_is_text)
    citations: tuple[Citation, ...] = field(
        converter=_as_tuple, validator=[_non_empty, _instances(Citation)]
    )
    by: dt.date | None = field(default=None, converter=_to_date, validator=_optional_date)
    horizon: Horizon | None = field(
        default=None, converter=_to_horizon, validator=_optional_member_of(Horizon)
    )
    #: This object's own id, when it replaces another plugin's object of that
    #: id on purpose (see :ref:`choosing-ids`); ``None`` otherwise.
    replaces: str | None = _replaces()


@frozen
class Evidence:
    """A dated event that bears on an :class:`Expectation`, with its source.

    :attr:`source` is the id of a :class:`Source` (issuer, title, date);
    :attr:`text` says what happened.
    """

    date: dt.date = field(converter=_to_date, validator=_date)
    source: str = field(validator=_slug, metadata=_refers_to("source"))
    text: Text = field(converter=_to_text, validator=_is_text)


@frozen(repr=False)
class Resolution:
    """What became of an :class:`Expectation`: the evidence and a verdict.

    :attr:`as_of` is the last day the evidence was gathered for; no
    evidence may be later. A verdict other than ``open`` needs evidence.
    Resolutions are facts from outside the note and live in their own
    plugin (``multilat-hindsight``), so that the note's content stays as the
    note wrote it.
    """

    id: str = field(validator=_slug)
    expectation: str = field(validator=_slug, metadata=_refers_to("expectation"))
    verdict: Verdict = field(converter=_to_verdict, validator=_member_of(Verdict))
    summary: Text = field(converter=_to_text, validator=_is_text)
    as_of: dt.date = field(converter=_to_date, validator=_date)
    evidence: tuple[Evidence, ...] = field(
        default=(), converter=_as_tuple, validator=_instances(Evidence)
    )
    #: This object's own id, when it replaces another plugin's object of that
    #: id on purpose (see :ref:`choosing-ids`); ``None`` otherwise.
    replaces: str | None = _replaces()

    def __attrs_post_init__(self) -> None:
        if self.verdict is not Verdict.OPEN and not self.evidence:
            raise InvalidValue("evidence", f"a {self.verdict} verdict needs evidence")
        for index, item in enumerate(self.evidence):
            if item.date > self.as_of:
                raise InvalidValue(
                    f"evidence[{index}].date",
                    f"{item.date.isoformat()} is after as_of ({self.as_of.isoformat()})",
                )


# -- fragments --------------------------------------------------------------


# -- short reprs -----------------------------------------------------------------
# An object's generated repr holds everything nested in it (an institution's
# is some 10,000 characters): at a REPL a person wants to know which object
# it is. Scalars are shown, names in English, nested objects counted.

_REPR_TEXTS = ("name", "title", "acronym")
_REPR_LONGEST = 60


def _repr_value(value: object) -> str | None:
    if isinstance(value, Text):
        value = value.en
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, str):
        shown = value if len(value) <= _REPR_LONGEST else value[: _REPR_LONGEST - 1] + "\u2026"
        return repr(shown)
    if isinstance(value, bool | int | float):
        return repr(value)
    if isinstance(value, dt.date):
        return repr(value.isoformat())
    return None


def _short_repr(self: object) -> str:
    parts = []
    cls = type(self)
    assert attrs.has(cls)  # set on attrs classes only
    for attribute in attrs.fields(cls):
        value = getattr(self, attribute.name)
        if value is None or value == ():
            continue
        if isinstance(value, Text) and attribute.name not in _REPR_TEXTS:
            continue
        if isinstance(value, tuple):
            parts.append(f"{attribute.name}=<{len(value)}>")
            continue
        shown = _repr_value(value)
        if shown is not None:
            parts.append(f"{attribute.name}={shown}")
    return f"{type(self).__name__}({', '.join(parts)})"


# -- the registry of kinds -------------------------------------------------------


@frozen
class Kind:
    """One kind of domain object and the words for it, declared once.

    :attr:`name` is the singular: messages (``"unknown trend 'x'"``), the
    tables of a data file (``[[trend]]``), ``multilat show``. :attr:`plural`
    is the :class:`Fragment` field, the :class:`~multilat.knowledge.KnowledgeBase`
    listing and ``multilat list trends``.
    """

    cls: type
    name: str
    plural: str


#: Every kind of domain object, in the order a :class:`Fragment` lists them.
REGISTRY: tuple[Kind, ...] = (
    Kind(Source, "source", "sources"),
    Kind(Actor, "actor", "actors"),
    Kind(Institution, "institution", "institutions"),
    Kind(Regime, "regime", "regimes"),
    Kind(Trend, "trend", "trends"),
    Kind(Influence, "influence", "influences"),
    Kind(Recommendation, "recommendation", "recommendations"),
    Kind(Scenario, "scenario", "scenarios"),
    Kind(Expectation, "expectation", "expectations"),
    Kind(Resolution, "resolution", "resolutions"),
)

#: The kinds of domain object a :class:`Fragment` groups: field -> class.
KINDS: Mapping[str, type] = {kind.plural: kind.cls for kind in REGISTRY}

_BY_CLASS: Mapping[type, Kind] = {kind.cls: kind for kind in REGISTRY}
_BY_WORD: Mapping[str, Kind] = {
    **{kind.name: kind for kind in REGISTRY},
    **{kind.plural: kind for kind in REGISTRY},
}


def kind_of(obj: object) -> Kind:
    """The :class:`Kind` of a domain object or class.

    :raises TypeError: for anything else.
    """
    cls = obj if isinstance(obj, type) else type(obj)
    try:
        return _BY_CLASS[cls]
    except KeyError:
        raise TypeError(f"{cls.__name__} is not a kind of domain object") from None


def kind_named(word: str) -> Kind | None:
    """The :class:`Kind` called ``word``, singular or plural, in any case; or ``None``."""
    return _BY_WORD.get(word.casefold())


def references(obj: object, path: str = "") -> Iterator[tuple[str, str, tuple[str, ...]]]:
    """Every id ``obj`` refers to: ``(field path, id, kinds it may be)``.

    Read from the :class:`Ref` in each field's metadata, through nested
    objects (a membership's source, a citation's source), in field order.

    >>> from multilat.model import Citation, Trend, references
    >>> trend = Trend(id="b", name="B", actor="x", citations=[
    ...     Citation(source="note", section="intro", paragraph=1, quote="x")])
    >>> list(references(trend))
    [('actor', 'x', ('actor',)), ('citations[0].source', 'note', ('source',))]
    """
    for where, inner in _walk(obj, path):
        for field_name, ref in _shape(type(inner))[0]:
            value = getattr(inner, field_name)
            if value is None:
                continue
            name = f"{where}.{field_name}" if where else field_name
            kinds = ref.kinds_for(inner)
            if isinstance(value, str):
                yield name, value, kinds
            elif ref.pairs:
                yield from ((f"{name}.{key}", key, kinds) for key, _ in value)
            else:
                yield from ((f"{name}[{i}]", item, kinds) for i, item in enumerate(value))


_Shape: TypeAlias = tuple[tuple[tuple[str, Ref], ...], tuple[str, ...]]
_SHAPES: dict[type, _Shape] = {}


def _shape(cls: type) -> _Shape:
    """The fields of attrs class ``cls`` that refer to ids, and the others, by name."""
    shape = _SHAPES.get(cls)
    if shape is None:
        assert attrs.has(cls)
        fields = attrs.fields(cls)
        refs = tuple((a.name, a.metadata[REFERS_TO]) for a in fields if REFERS_TO in a.metadata)
        others = tuple(a.name for a in fields if REFERS_TO not in a.metadata)
        shape = _SHAPES[cls] = (refs, others)
    return shape


# Values that hold no attrs object: not worth a look inside (a Text is shown
# by name, never walked into).
_LEAVES = (str, int, float, dt.date, enum.Enum)


def _walk(obj: object, path: str = "") -> Iterator[tuple[str, Any]]:
    """``obj`` and every attrs object inside it, each with its field path, outer first."""
    cls = type(obj)
    if cls is Text or not attrs.has(cls):
        return
    yield path, obj
    for field_name in _shape(cls)[1]:
        value = getattr(obj, field_name)
        if value is None or isinstance(value, _LEAVES):
            continue
        name = f"{path}.{field_name}" if path else field_name
        if isinstance(value, tuple):
            for index, item in enumerate(value):
                yield from _walk(item, f"{name}[{index}]")
        else:
            yield from _walk(value, name)


def reference_fields(cls: type) -> dict[str, Ref]:
    """The fields of ``cls`` that refer to other objects, with what they refer to."""
    return {
        a.name: a.metadata[REFERS_TO] for a in attrs.fields(cls) if REFERS_TO in a.metadata
    }


for _kind in REGISTRY:
    # The kinds are declared with repr=False: attrs would compile a repr
    # that this one replaces, at every start.
    setattr(_kind.cls, "__repr__", _short_repr)  # noqa: B010 - a class attribute, not a field


def _objects_of(cls: type) -> Any:
    return field(default=(), converter=_as_tuple, validator=_instances(cls))


@frozen
class Fragment:
    """What one plugin contributes: domain objects, grouped by kind.

    >>> Fragment.of([Trend(id="covid-19", name=Text(en="Covid-19"), citations=[
    ...     Citation(source="note", section="intro", paragraph=1, quote="Covid-19")])])
    ... # doctest: +ELLIPSIS
    Fragment(sources=(), ..., trends=(Trend(id='covid-19', ...),), ...)
    """

    sources: tuple[Source, ...] = _objects_of(Source)
    actors: tuple[Actor, ...] = _objects_of(Actor)
    institutions: tuple[Institution, ...] = _objects_of(Institution)
    regimes: tuple[Regime, ...] = _objects_of(Regime)
    trends: tuple[Trend, ...] = _objects_of(Trend)
    influences: tuple[Influence, ...] = _objects_of(Influence)
    recommendations: tuple[Recommendation, ...] = _objects_of(Recommendation)
    scenarios: tuple[Scenario, ...] = _objects_of(Scenario)
    expectations: tuple[Expectation, ...] = _objects_of(Expectation)
    resolutions: tuple[Resolution, ...] = _objects_of(Resolution)
    #: Where each object was read from: id -> (file, line). Not part of
    #: equality; the knowledge base uses it to locate problems.
    locations: Mapping[str, tuple[str, int | None]] = field(
        factory=dict, eq=False, repr=False, kw_only=True
    )

    @classmethod
    def of(cls, objects: Iterable[object]) -> Fragment:
        """Group loose domain objects into a fragment.

        Raises :class:`TypeError` for an object that is not one of the kinds.
        """
        by_kind: dict[str, list[object]] = {name: [] for name in KINDS}
        for obj in objects:
            for name, kind in KINDS.items():
                if isinstance(obj, kind):
                    by_kind[name].append(obj)
                    break
            else:
                raise TypeError(f"{type(obj).__name__} is not a domain object")
        return cls(**by_kind)  # type: ignore[arg-type]

    def keep(self, predicate: Callable[[Any], bool]) -> Fragment:
        """A fragment of the objects for which ``predicate`` is true."""
        kept: dict[str, Any] = {
            kind: [o for o in getattr(self, kind) if predicate(o)] for kind in KINDS
        }
        return Fragment(**kept, locations=self.locations)

    def sorted(self) -> Fragment:
        """The same fragment with each kind's objects sorted by id."""
        ordered: dict[str, Any] = {
            kind: sorted(getattr(self, kind), key=lambda o: o.id) for kind in KINDS
        }
        return Fragment(**ordered, locations=self.locations)

    def objects(self) -> Iterable[tuple[str, Any]]:
        """Every object with the name of its kind (``"trends"``, …)."""
        for name in KINDS:
            for obj in getattr(self, name):
                yield name, obj

    def __len__(self) -> int:
        return sum(len(getattr(self, name)) for name in KINDS)


def iter_citations(obj: object, path: str = "") -> Iterable[tuple[str, Citation]]:
    """Every :class:`Citation` inside ``obj``, with its field path.

    >>> claim = Claim(text=Text(en="x"), citations=[
    ...     Citation(source="note", section="intro", paragraph=1, quote="x")])
    >>> [p for p, _ in iter_citations(claim)]
    ['citations[0]']
    """
    for where, inner in _walk(obj, path):
        if isinstance(inner, Citation):
            yield where, inner
