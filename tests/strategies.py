"""Hypothesis strategies for the domain objects of :mod:`multilat.model`.

Every strategy generates valid objects only. Two families:

* one strategy per domain type (:func:`texts`, :func:`citations`, …,
  :func:`fragments`) whose references need not resolve;
* :func:`consistent_fragments` and :func:`knowledge_bases`, whose objects
  reference each other correctly, so that
  ``KnowledgeBase.build(...)`` finds no problem.

Text meant for readers includes non-ASCII letters, quotes, backslashes and
newlines. Fields the model folds (:attr:`Citation.quote`,
:attr:`Footnote.text`) are drawn from the same raw text; the model folds them
on construction, so generated objects hold folded text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from hypothesis import strategies as st

from multilat.model import (
    KINDS,
    Actor,
    ActorKind,
    Addressee,
    Citation,
    Claim,
    Confidence,
    Dimension,
    EventKind,
    Evidence,
    Expectation,
    Footnote,
    Fragment,
    Horizon,
    Influence,
    Institution,
    InstitutionKind,
    Membership,
    Recommendation,
    Regime,
    RegimeDomain,
    RegimeEvent,
    Resolution,
    Role,
    Scenario,
    ScenarioOrigin,
    Section,
    Source,
    SourceKind,
    Text,
    Trend,
    Verdict,
)

__all__ = [
    "DOMAIN_TYPES",
    "WEIGHTS",
    "actors",
    "citations",
    "claims",
    "consistent_fragments",
    "dates",
    "domain_objects",
    "evidences",
    "expectations",
    "footnotes",
    "fragments",
    "influences",
    "institutions",
    "iso3_codes",
    "knowledge_bases",
    "lifecycle_regimes",
    "membership_bodies",
    "memberships",
    "optional_texts",
    "reader_strings",
    "recommendations",
    "regime_events",
    "regimes",
    "resolutions",
    "scenarios",
    "sections",
    "slugs",
    "sorted_fragment",
    "sources",
    "strategy_for",
    "texts",
    "trends",
]

T = TypeVar("T")

#: Every weight the ordinal scale allows.
WEIGHTS: tuple[float, ...] = (-1.0, -0.75, -0.5, -0.25, 0.25, 0.5, 0.75, 1.0)

_SLUG_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789"
_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# Characters that tend to break serialisers: quotes, backslashes, line breaks,
# TOML and JSON specials, non-ASCII letters, combining marks, emoji.
_TRICKY = "\"'\\\n\r\t #=[]{}.,:éëïöüĳßçøåÆŒ€—–…“”‘’«»\u0301\u00a0😀中文"

# -- scalars ----------------------------------------------------------------

#: Kebab-case slugs: ``a``, ``us-china-rivalry``, ``x9-2``.
slugs: st.SearchStrategy[str] = st.lists(
    st.text(_SLUG_CHARS, min_size=1, max_size=6), min_size=1, max_size=3
).map("-".join)

#: ISO 3166-1 alpha-3 shaped codes (three capital letters).
iso3_codes: st.SearchStrategy[str] = st.text(_UPPER, min_size=3, max_size=3)

#: Days, far enough from the ends of the calendar to add a day safely.
dates: st.SearchStrategy[dt.date] = st.dates(
    min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)
)

#: Non-empty reader text, rich in quotes, backslashes, line breaks and non-ASCII.
reader_strings: st.SearchStrategy[str] = st.text(
    st.sampled_from(_TRICKY) | st.characters(codec="utf-8"), min_size=1, max_size=12
).filter(str.strip)


def _positive_ints(maximum: int = 60) -> st.SearchStrategy[int]:
    return st.integers(min_value=1, max_value=maximum)


_TEXTS = st.builds(Text, en=reader_strings, nl=st.none() | reader_strings)
_OPTIONAL_TEXTS = st.none() | _TEXTS


def texts() -> st.SearchStrategy[Text]:
    """:class:`Text` with English and, half the time, Dutch."""
    return _TEXTS


def optional_texts() -> st.SearchStrategy[Text | None]:
    return _OPTIONAL_TEXTS


def footnotes(number: st.SearchStrategy[int] | None = None) -> st.SearchStrategy[Footnote]:
    return st.builds(
        Footnote, number=_positive_ints() if number is None else number, text=reader_strings
    )


def sections() -> st.SearchStrategy[Section]:
    return st.builds(
        Section,
        slug=slugs,
        title=reader_strings,
        incipits=st.lists(reader_strings, min_size=1, max_size=3).map(tuple),
    )


def _unique_by(
    elements: st.SearchStrategy[T], key: Callable[[T], object], max_size: int = 2
) -> st.SearchStrategy[tuple[T, ...]]:
    return st.lists(elements, unique_by=key, max_size=max_size).map(tuple)


def sources(
    ids: st.SearchStrategy[str] = slugs, numbers: st.SearchStrategy[int] | None = None
) -> st.SearchStrategy[Source]:
    return st.builds(
        Source,
        id=ids,
        kind=st.sampled_from(SourceKind),
        title=reader_strings,
        authors=st.lists(reader_strings, max_size=2).map(tuple),
        venue=st.none() | reader_strings,
        date=st.none() | reader_strings,
        url=st.none() | reader_strings,
        footnotes=_unique_by(footnotes(numbers), lambda f: f.number),
        sections=_unique_by(sections(), lambda s: s.slug),
    )


_CITATIONS = st.builds(
    Citation,
    source=slugs,
    section=slugs,
    paragraph=_positive_ints(),
    quote=reader_strings,
    footnotes=st.lists(_positive_ints(), max_size=3).map(tuple),
)


def citations() -> st.SearchStrategy[Citation]:
    """Citations whose source and locator need not exist."""
    return _CITATIONS


def _or_any(cites: st.SearchStrategy[Citation] | None) -> st.SearchStrategy[Citation]:
    return citations() if cites is None else cites


def _citation_lists(
    cites: st.SearchStrategy[Citation], min_size: int = 0
) -> st.SearchStrategy[tuple[Citation, ...]]:
    return st.lists(cites, min_size=min_size, max_size=2).map(tuple)


def claims(cites: st.SearchStrategy[Citation] | None = None) -> st.SearchStrategy[Claim]:
    return st.builds(Claim, text=texts(), citations=_citation_lists(_or_any(cites), 1))


@st.composite
def actors(
    draw: st.DrawFn,
    ids: st.SearchStrategy[str] = slugs,
    cites: st.SearchStrategy[Citation] | None = None,
) -> Actor:
    kind = draw(st.sampled_from(ActorKind))
    return Actor(
        id=draw(ids),
        kind=kind,
        name=draw(texts()),
        iso3=draw(iso3_codes) if kind is ActorKind.STATE else None,
        citations=draw(_citation_lists(_or_any(cites))),
    )


def memberships(
    source_ids: st.SearchStrategy[str | None] | None = None,
) -> st.SearchStrategy[Membership]:
    """One membership: ``left`` (if any) after ``joined``."""

    @st.composite
    def build(draw: st.DrawFn) -> Membership:
        joined = draw(dates)
        left = draw(st.none() | st.dates(min_value=joined + dt.timedelta(days=1)))
        return Membership(
            member=draw(iso3_codes),
            joined=joined,
            left=left,
            role=draw(st.sampled_from(Role)),
            source=draw(source_ids if source_ids is not None else st.none() | slugs),
        )

    return build()


@st.composite
def _spells(
    draw: st.DrawFn, member: str, source_ids: st.SearchStrategy[str | None]
) -> list[Membership]:
    """Non-overlapping memberships of one member, some back to back."""
    count = draw(st.integers(min_value=1, max_value=3))
    days = sorted(draw(st.lists(dates, min_size=2 * count, max_size=2 * count, unique=True)))
    spells: list[Membership] = []
    for i in range(count):
        joined, left = days[2 * i], days[2 * i + 1]
        back_to_back: bool = draw(st.booleans())
        if spells and back_to_back:
            # Back to back: the next spell starts the day the previous one ends.
            previous = spells[-1].left
            assert previous is not None
            joined = previous
        open_ended = i == count - 1 and draw(st.booleans())
        spells.append(
            Membership(
                member=member,
                joined=joined,
                left=None if open_ended else left,
                role=draw(st.sampled_from(Role)),
                source=draw(source_ids),
            )
        )
    return spells


@st.composite
def _membership_lists(
    draw: st.DrawFn, source_ids: st.SearchStrategy[str | None]
) -> tuple[Membership, ...]:
    members = draw(st.lists(iso3_codes, unique=True, max_size=3))
    spells = [m for member in members for m in draw(_spells(member, source_ids))]
    return tuple(draw(st.permutations(spells)))


def institutions(
    ids: st.SearchStrategy[str] = slugs,
    parents: st.SearchStrategy[str | None] | None = None,
    cites: st.SearchStrategy[Citation] | None = None,
    source_ids: st.SearchStrategy[str | None] | None = None,
) -> st.SearchStrategy[Institution]:
    cites = _or_any(cites)
    return st.builds(
        Institution,
        id=ids,
        kind=st.sampled_from(InstitutionKind),
        name=texts(),
        acronym=optional_texts(),
        parent=parents if parents is not None else st.none() | slugs,
        host_state=st.none() | iso3_codes,
        description=optional_texts(),
        tasks=st.lists(claims(cites), max_size=1).map(tuple),
        outlook=st.lists(claims(cites), max_size=1).map(tuple),
        memberships=_membership_lists(source_ids if source_ids is not None else st.none() | slugs),
        citations=_citation_lists(cites),
    )


def membership_bodies() -> st.SearchStrategy[Institution]:
    """Institutions with memberships and little else, for membership properties."""
    return st.builds(
        Institution,
        id=slugs,
        kind=st.sampled_from(InstitutionKind),
        name=st.just(Text(en="Body")),
        memberships=_membership_lists(st.none()),
    )


_PARTY_KINDS = frozenset({EventKind.WITHDRAWAL_ANNOUNCED, EventKind.WITHDRAWAL_EFFECTIVE})


@st.composite
def regime_events(
    draw: st.DrawFn,
    source_ids: st.SearchStrategy[str | None] | None = None,
    cites: st.SearchStrategy[Citation] | None = None,
) -> RegimeEvent:
    """An event: withdrawals name a party, extensions an end after the date."""
    kind = draw(st.sampled_from(EventKind))
    day = draw(dates)
    if kind in _PARTY_KINDS:
        party: str | None = draw(iso3_codes)
    else:
        party = draw(st.none() | iso3_codes)
    until = (
        draw(st.dates(min_value=day + dt.timedelta(days=1))) if kind is EventKind.EXTENDED else None
    )
    return RegimeEvent(
        kind=kind,
        date=day,
        party=party,
        until=until,
        source=draw(source_ids if source_ids is not None else st.none() | slugs),
        description=draw(optional_texts()),
        citations=draw(_citation_lists(_or_any(cites))),
    )


def regimes(
    ids: st.SearchStrategy[str] = slugs,
    custodians: st.SearchStrategy[str | None] | None = None,
    cites: st.SearchStrategy[Citation] | None = None,
    source_ids: st.SearchStrategy[str | None] | None = None,
) -> st.SearchStrategy[Regime]:
    return st.builds(
        Regime,
        id=ids,
        name=texts(),
        domain=st.sampled_from(RegimeDomain),
        verification=st.booleans(),
        acronym=optional_texts(),
        custodian=custodians if custodians is not None else st.none() | slugs,
        description=optional_texts(),
        expires=st.none() | dates,
        events=st.lists(regime_events(source_ids, cites), max_size=3).map(tuple),
        citations=_citation_lists(_or_any(cites)),
    )


@st.composite
def _lifecycle_events(draw: st.DrawFn, days: st.SearchStrategy[dt.date]) -> RegimeEvent:
    kind = draw(st.sampled_from(EventKind))
    day = draw(days)
    parties = st.sampled_from(["GBR", "RUS", "USA"])
    party = draw(parties if kind in _PARTY_KINDS else st.none() | parties)
    # An extension ends after its own day, or never (an indefinite extension).
    later = st.dates(min_value=day + dt.timedelta(days=1), max_value=dt.date(2031, 12, 31))
    until = draw(st.none() | later) if kind is EventKind.EXTENDED else None
    return RegimeEvent(kind=kind, date=day, party=party, until=until)


def lifecycle_regimes() -> st.SearchStrategy[Regime]:
    """Regimes with events and an end date and little else, for status properties.

    Days come from a few decades, so that events, extensions and the end
    date often fall close together or on the same day.
    """
    days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 30))
    return st.builds(
        Regime,
        id=slugs,
        name=st.just(Text(en="Regime")),
        domain=st.sampled_from(RegimeDomain),
        verification=st.booleans(),
        expires=st.none() | days,
        events=st.lists(_lifecycle_events(days), max_size=6).map(tuple),
    )


def trends(
    ids: st.SearchStrategy[str] = slugs,
    actor_ids: st.SearchStrategy[str | None] | None = None,
    cites: st.SearchStrategy[Citation] | None = None,
) -> st.SearchStrategy[Trend]:
    return st.builds(
        Trend,
        id=ids,
        name=texts(),
        citations=_citation_lists(_or_any(cites), 1),
        description=optional_texts(),
        actor=actor_ids if actor_ids is not None else st.none() | slugs,
    )


@st.composite
def influences(
    draw: st.DrawFn,
    ids: st.SearchStrategy[str] = slugs,
    trend_ids: Sequence[str] = (),
    target_ids: Sequence[str] = (),
    cites: st.SearchStrategy[Citation] | None = None,
) -> Influence:
    """An influence; with ``trend_ids`` (and ``target_ids``) its ends exist.

    Without a dimension the effect is a trend other than the cause; with
    one it is a target (any slug when no ``target_ids`` are given, or none
    exist).
    """
    if not trend_ids:
        cause = draw(slugs)
        if draw(st.booleans()):
            effect, dimension = draw(slugs.filter(lambda s: s != cause)), None
        else:
            effect, dimension = draw(slugs), draw(st.sampled_from(Dimension))
    else:
        cause = draw(st.sampled_from(trend_ids))
        others = [t for t in trend_ids if t != cause]
        ends: list[str] = (["trend"] if others else []) + (["target"] if target_ids else [])
        if draw(st.sampled_from(ends or ["target"])) == "trend":
            effect, dimension = draw(st.sampled_from(others)), None
        else:
            # With no target to point at, the effect dangles: callers filter it out.
            effect = draw(st.sampled_from(target_ids) if target_ids else slugs)
            dimension = draw(st.sampled_from(Dimension))
    return Influence(
        id=draw(ids),
        cause=cause,
        effect=effect,
        weight=draw(st.sampled_from(WEIGHTS)),
        horizon=draw(st.sampled_from(Horizon)),
        confidence=draw(st.sampled_from(Confidence)),
        mechanism=draw(texts()),
        citations=draw(_citation_lists(_or_any(cites), 1)),
        dimension=dimension,
        hedge_exception=draw(st.none() | reader_strings),
    )


def recommendations(
    ids: st.SearchStrategy[str] = slugs,
    numbers: st.SearchStrategy[int] | None = None,
    targets: st.SearchStrategy[str] | None = slugs,
    counters: st.SearchStrategy[str] = slugs,
    cites: st.SearchStrategy[Citation] | None = None,
) -> st.SearchStrategy[Recommendation]:
    """A recommendation; ``targets=None`` gives it none."""
    return st.builds(
        Recommendation,
        id=ids,
        number=st.integers(min_value=1, max_value=20) if numbers is None else numbers,
        title=texts(),
        text=texts(),
        addressees=st.lists(st.sampled_from(Addressee), min_size=1, max_size=2, unique=True).map(
            tuple
        ),
        citations=_citation_lists(_or_any(cites), 1),
        targets=st.lists(targets, max_size=2, unique=True).map(tuple)
        if targets is not None
        else st.just(()),
        counters=st.lists(counters, max_size=2, unique=True).map(tuple),
    )


#: Scenario levels: any number in [-1, 1], including the ends and zero.
levels: st.SearchStrategy[float] = st.floats(min_value=-1.0, max_value=1.0, allow_nan=False)


def scenarios(
    ids: st.SearchStrategy[str] = slugs,
    trend_ids: st.SearchStrategy[str] = slugs,
    cites: st.SearchStrategy[Citation] | None = None,
) -> st.SearchStrategy[Scenario]:
    return st.builds(
        Scenario,
        id=ids,
        name=texts(),
        description=texts(),
        levels=st.dictionaries(trend_ids, levels, max_size=4),
        horizon=st.none() | st.sampled_from(Horizon),
        citations=_citation_lists(_or_any(cites)),
        origin=st.sampled_from(ScenarioOrigin),
    )


def expectations(
    ids: st.SearchStrategy[str] = slugs,
    about: st.SearchStrategy[str] = slugs,
    cites: st.SearchStrategy[Citation] | None = None,
) -> st.SearchStrategy[Expectation]:
    return st.builds(
        Expectation,
        id=ids,
        about=st.lists(about, min_size=1, max_size=3, unique=True).map(tuple),
        expects=texts(),
        citations=_citation_lists(_or_any(cites), 1),
        by=st.none() | dates,
        horizon=st.none() | st.sampled_from(Horizon),
    )


def evidences(source_ids: st.SearchStrategy[str] = slugs) -> st.SearchStrategy[Evidence]:
    return st.builds(Evidence, date=dates, source=source_ids, text=texts())


@st.composite
def resolutions(
    draw: st.DrawFn,
    ids: st.SearchStrategy[str] = slugs,
    expectation_ids: st.SearchStrategy[str] = slugs,
    source_ids: st.SearchStrategy[str] = slugs,
) -> Resolution:
    """A resolution: evidence unless open, none later than its as_of."""
    verdict = draw(st.sampled_from(Verdict))
    found = draw(
        st.lists(evidences(source_ids), min_size=0 if verdict is Verdict.OPEN else 1, max_size=3)
    )
    latest = max((e.date for e in found), default=draw(dates))
    as_of = draw(st.dates(min_value=latest, max_value=max(latest, dt.date(2099, 12, 31))))
    return Resolution(
        id=draw(ids),
        expectation=draw(expectation_ids),
        verdict=verdict,
        summary=draw(texts()),
        as_of=as_of,
        evidence=tuple(found),
    )


def fragments() -> st.SearchStrategy[Fragment]:
    """A fragment of a few valid objects whose references need not resolve."""
    kinds = st.one_of(
        sources(),
        actors(),
        institutions(),
        regimes(),
        trends(),
        influences(),
        recommendations(),
        scenarios(),
        expectations(),
        resolutions(),
    )
    return st.lists(kinds, max_size=4).map(Fragment.of)


#: Every domain type, with a strategy for it.
DOMAIN_TYPES: Mapping[type, Callable[[], st.SearchStrategy[Any]]] = {
    Text: texts,
    Footnote: footnotes,
    Section: sections,
    Source: sources,
    Citation: citations,
    Claim: claims,
    Actor: actors,
    Membership: memberships,
    Institution: institutions,
    RegimeEvent: regime_events,
    Regime: regimes,
    Trend: trends,
    Influence: influences,
    Recommendation: recommendations,
    Scenario: scenarios,
    Expectation: expectations,
    Evidence: evidences,
    Resolution: resolutions,
    Fragment: fragments,
}


def strategy_for(kind: type) -> st.SearchStrategy[Any]:
    """The strategy for one domain type (a key of :data:`DOMAIN_TYPES`)."""
    return DOMAIN_TYPES[kind]()


def domain_objects() -> st.SearchStrategy[Any]:
    """Any domain object, of any of :data:`DOMAIN_TYPES`."""
    return st.one_of(*(make() for make in DOMAIN_TYPES.values()))


# -- referentially consistent content ---------------------------------------


@st.composite
def _consistent_citations(draw: st.DrawFn, pool: Sequence[Source]) -> Citation:
    """A citation that resolves against ``pool`` (which is not empty)."""
    source = draw(st.sampled_from(pool))
    if source.sections:
        section = draw(st.sampled_from(source.sections))
        slug = section.slug
        paragraph = draw(st.integers(min_value=1, max_value=section.paragraphs))
    else:
        slug = draw(slugs)
        paragraph = draw(_positive_ints())
    numbers = sorted({note.number for s in pool for note in s.footnotes})
    notes = draw(st.lists(st.sampled_from(numbers), max_size=2)) if numbers else []
    return Citation(
        source=source.id,
        section=slug,
        paragraph=paragraph,
        quote=draw(reader_strings),
        footnotes=tuple(notes),
    )


def _optional_ref(ids: Sequence[str]) -> st.SearchStrategy[str | None]:
    return (st.none() | st.sampled_from(ids)) if ids else st.none()


@st.composite
def consistent_fragments(draw: st.DrawFn) -> Fragment:
    """A fragment whose references all resolve within itself.

    Ids are unique across kinds, citations point into existing sources'
    sections and paragraphs and carry existing footnote numbers, influences
    join existing trends and targets (no two on the same edge), recommendation
    numbers are unique and scenarios set existing trends. Objects come in no
    particular order.
    """
    counts = {
        "sources": draw(st.integers(1, 2)),
        "actors": draw(st.integers(0, 2)),
        "institutions": draw(st.integers(0, 2)),
        "regimes": draw(st.integers(0, 2)),
        "trends": draw(st.integers(1, 3)),
        "influences": draw(st.integers(0, 3)),
        "recommendations": draw(st.integers(0, 2)),
        "scenarios": draw(st.integers(0, 2)),
        "expectations": draw(st.integers(0, 2)),
        "resolutions": draw(st.integers(0, 2)),
    }
    all_ids = draw(
        st.lists(slugs, min_size=sum(counts.values()), max_size=sum(counts.values()), unique=True)
    )
    ids: dict[str, list[str]] = {}
    start = 0
    for kind, count in counts.items():
        ids[kind] = all_ids[start : start + count]
        start += count

    source_list = [draw(sources(ids=st.just(i))) for i in ids["sources"]]
    cites = _consistent_citations(source_list)
    source_refs = _optional_ref(ids["sources"])
    actor_list = [draw(actors(ids=st.just(i), cites=cites)) for i in ids["actors"]]
    institution_list = [
        draw(
            institutions(
                ids=st.just(i),
                # Parents sort before their children: a forest, never a loop.
                parents=_optional_ref([p for p in ids["institutions"] if p < i]),
                cites=cites,
                source_ids=source_refs,
            )
        )
        for i in ids["institutions"]
    ]
    regime_list = [
        draw(
            regimes(
                ids=st.just(i),
                custodians=_optional_ref(ids["institutions"]),
                cites=cites,
                source_ids=source_refs,
            )
        )
        for i in ids["regimes"]
    ]
    trend_list = [
        draw(trends(ids=st.just(i), actor_ids=_optional_ref(ids["actors"]), cites=cites))
        for i in ids["trends"]
    ]
    target_ids = ids["institutions"] + ids["regimes"]
    influence_list = [
        draw(
            influences(ids=st.just(i), trend_ids=ids["trends"], target_ids=target_ids, cites=cites)
        )
        for i in ids["influences"]
    ]
    # Keep influences whose effect exists (a dimension needs a target), one
    # per edge of the cognitive map: (cause, effect, dimension, horizon).
    edges: set[tuple[str, str, Dimension | None, Horizon]] = set()
    kept: list[Influence] = []
    for inf in influence_list:
        edge = (inf.cause, inf.effect, inf.dimension, inf.horizon)
        if (inf.dimension is None or inf.effect in target_ids) and edge not in edges:
            edges.add(edge)
            kept.append(inf)
    influence_list = kept
    numbers = draw(
        st.lists(
            st.integers(1, 20),
            min_size=counts["recommendations"],
            max_size=counts["recommendations"],
            unique=True,
        )
    )
    countered = ids["trends"] + [inf.id for inf in influence_list]
    recommendation_list = [
        draw(
            recommendations(
                ids=st.just(i),
                numbers=st.just(n),
                targets=st.sampled_from(target_ids) if target_ids else None,
                counters=st.sampled_from(countered),
                cites=cites,
            )
        )
        for i, n in zip(ids["recommendations"], numbers, strict=True)
    ]
    scenario_list = [
        draw(scenarios(ids=st.just(i), trend_ids=st.sampled_from(ids["trends"]), cites=cites))
        for i in ids["scenarios"]
    ]
    about = target_ids + ids["trends"] + [r.id for r in recommendation_list]
    expectation_list = [
        draw(expectations(ids=st.just(i), about=st.sampled_from(about), cites=cites))
        for i in ids["expectations"]
    ]
    # One resolution per expectation: a second would be a problem of the checks.
    resolved = draw(st.permutations(ids["expectations"]))
    resolution_list = [
        draw(
            resolutions(
                ids=st.just(i),
                expectation_ids=st.just(e),
                source_ids=st.sampled_from(ids["sources"]),
            )
        )
        for i, e in zip(ids["resolutions"], resolved, strict=False)
    ]
    objects: list[object] = [
        *expectation_list,
        *resolution_list,
        *source_list,
        *actor_list,
        *institution_list,
        *regime_list,
        *trend_list,
        *influence_list,
        *recommendation_list,
        *scenario_list,
    ]
    return Fragment.of(draw(st.permutations(objects)))


def sorted_fragment(fragment: Fragment) -> Fragment:
    """``fragment`` with each kind's objects in id order, as JSON holds them."""
    return Fragment.of(
        obj for kind in KINDS for obj in sorted(getattr(fragment, kind), key=lambda o: o.id)
    )


@st.composite
def knowledge_bases(draw: st.DrawFn) -> dict[str, Fragment]:
    """A consistent fragment split between one to three plugins.

    The result is the mapping to give :meth:`KnowledgeBase.build`; references
    may cross plugins, as they may between installed plugins.
    """
    fragment = draw(consistent_fragments())
    names = draw(st.lists(slugs, min_size=1, max_size=3, unique=True))
    shares: dict[str, list[object]] = {name: [] for name in names}
    for _, obj in fragment.objects():
        shares[draw(st.sampled_from(names))].append(obj)
    return {name: Fragment.of(objs) for name, objs in shares.items()}
