"""The domain model: validators, behaviour, and properties of generated objects."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from multilat.data import converter
from multilat.errors import InvalidValue, MultilatError
from multilat.model import (
    WEIGHT_SCALE,
    Actor,
    ActorKind,
    Addressee,
    Citation,
    Claim,
    Confidence,
    Dimension,
    EventKind,
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
    RegimeStatus,
    Role,
    Scenario,
    Section,
    Source,
    SourceKind,
    Text,
    Trend,
    fold_whitespace,
    iter_citations,
)
from tests.strategies import (
    dates,
    domain_objects,
    fragments,
    lifecycle_regimes,
    membership_bodies,
    reader_strings,
)

D = dt.date
ONE_DAY = dt.timedelta(days=1)
CITE = Citation(source="note", section="intro", paragraph=1, quote="Covid-19")


def trend(trend_id: str = "covid-19", **changes: Any) -> Trend:
    return Trend(**{"id": trend_id, "name": Text(en="Covid-19"), "citations": [CITE], **changes})


def influence(**changes: Any) -> Influence:
    values: dict[str, Any] = {
        "id": "covid-unsc",
        "cause": "covid-19",
        "effect": "unsc",
        "dimension": Dimension.DECISION_MAKING,
        "weight": -0.75,
        "horizon": Horizon.SHORT,
        "confidence": Confidence.HIGH,
        "mechanism": Text(en="Paralyses the Council further."),
        "citations": [CITE],
    }
    return Influence(**{**values, **changes})


def recommendation(**changes: Any) -> Recommendation:
    values: dict[str, Any] = {
        "id": "invest-in-nato",
        "number": 1,
        "title": Text(en="Invest in NATO"),
        "text": Text(en="Keep investing in NATO."),
        "addressees": [Addressee.DIPLOMACY],
        "citations": [CITE],
    }
    return Recommendation(**{**values, **changes})


def institution(*memberships: Membership, **changes: Any) -> Institution:
    values: dict[str, Any] = {
        "id": "unsc",
        "kind": InstitutionKind.ORGAN,
        "name": Text(en="UN Security Council"),
        "memberships": memberships,
    }
    return Institution(**{**values, **changes})


def event(kind: EventKind, day: dt.date, **changes: Any) -> RegimeEvent:
    return RegimeEvent(kind=kind, date=day, **changes)


def regime(*events: RegimeEvent, **changes: Any) -> Regime:
    values: dict[str, Any] = {
        "id": "new-start",
        "name": Text(en="New START"),
        "domain": RegimeDomain.NUCLEAR,
        "verification": True,
        "events": events,
    }
    return Regime(**{**values, **changes})


def invalid(build: Callable[[], object], field: str, message: str) -> InvalidValue:
    """Build, expecting InvalidValue on ``field`` with exactly ``message``."""
    with pytest.raises(InvalidValue) as info:
        build()
    error = info.value
    assert isinstance(error, ValueError)
    assert isinstance(error, MultilatError)
    assert (error.field, error.message) == (field, message)
    assert str(error) == f"{field}: {message}"
    return error


# -- validators -------------------------------------------------------------


@pytest.mark.parametrize(
    "bad", ["NATO", "Nato", "us china", "-nato", "nato-", "", "us--china", "us_china", "nato\n"]
)
def test_ids_must_be_slugs(bad: str) -> None:
    message = f"{bad!r} is not a kebab-case slug (like 'us-china-rivalry')"
    invalid(lambda: trend(bad), "id", message)
    invalid(lambda: influence(id=bad), "id", message)
    invalid(lambda: institution(id=bad), "id", message)


def test_an_id_must_be_a_string() -> None:
    invalid(
        lambda: trend(5),  # type: ignore[arg-type]
        "id",
        "5 is not a kebab-case slug (like 'us-china-rivalry')",
    )


@pytest.mark.parametrize("bad", ["NATO", "", "new start"])
def test_references_must_be_slugs(bad: str) -> None:
    message = f"{bad!r} is not a kebab-case slug (like 'us-china-rivalry')"
    invalid(lambda: influence(cause=bad), "cause", message)
    invalid(lambda: regime(custodian=bad), "custodian", message)
    invalid(
        lambda: recommendation(targets=["nato", bad]),
        "targets[1]",
        f"{bad!r} is not a kebab-case slug",
    )
    invalid(
        lambda: Citation(source="note", section=bad, paragraph=1, quote="q"),
        "section",
        message,
    )


@pytest.mark.parametrize("weight", [1.5, -1.25, 2, -100.0, float("inf"), float("nan")])
def test_weights_outside_the_range(weight: float) -> None:
    invalid(lambda: influence(weight=weight), "weight", f"{weight!r} is outside [-1, 1]")


SCALE = "±0.25 weak, ±0.5 moderate, ±0.75 strong, ±1 very strong"


@pytest.mark.parametrize("weight", [0.3, -0.6, 0.1, 0.9, -0.2500001, 0, 0.0, -0.0])
def test_weights_off_the_ordinal_scale(weight: float) -> None:
    # Zero is in range but no judgment: an influence of no strength is none.
    invalid(
        lambda: influence(weight=weight),
        "weight",
        f"{weight!r} is not on the ordinal scale ({SCALE})",
    )


@pytest.mark.parametrize("weight", [True, "0.5", None])
def test_weights_must_be_numbers(weight: object) -> None:
    invalid(lambda: influence(weight=weight), "weight", f"expected a number, got {weight!r}")


@pytest.mark.parametrize("left", [D(2018, 1, 1), D(2017, 12, 31), D(1900, 1, 1)])
def test_membership_must_end_after_it_begins(left: dt.date) -> None:
    invalid(
        lambda: Membership(member="NLD", joined=D(2018, 1, 1), left=left),
        "left",
        f"{left.isoformat()} is not after joined (2018-01-01)",
    )


@pytest.mark.parametrize("number", [0, -1, True, False, 1.0, "1"])
def test_recommendation_numbers_start_at_one(number: object) -> None:
    invalid(
        lambda: recommendation(number=number),
        "number",
        f"must be a whole number of at least 1, not {number!r}",
    )


def test_footnote_numbers_start_at_one() -> None:
    invalid(
        lambda: Citation(source="note", section="intro", paragraph=1, quote="q", footnotes=[3, 0]),
        "footnotes[1]",
        "must be a whole number of at least 1, not 0",
    )
    invalid(
        lambda: Citation(source="note", section="intro", paragraph=0, quote="q"),
        "paragraph",
        "must be a whole number of at least 1, not 0",
    )


@pytest.mark.parametrize("blank", ["", " ", "\n\t ", "\u00a0", "\u3000"])
def test_reader_text_must_not_be_blank(blank: str) -> None:
    invalid(lambda: Text(en=blank), "en", "must not be empty")
    invalid(lambda: Text(en="NATO", nl=blank), "nl", "must not be empty")
    invalid(lambda: Source(id="s", kind=SourceKind.NOTE, title=blank), "title", "must not be empty")


def test_english_is_required() -> None:
    with pytest.raises(TypeError):
        Text(nl="NAVO")  # type: ignore[call-arg]
    invalid(lambda: Text(en=None), "en", "must not be empty")  # type: ignore[arg-type]


@pytest.mark.parametrize("blank", ["", "   ", "\n", " \t\r\n "])
def test_a_citation_needs_a_quote(blank: str) -> None:
    invalid(
        lambda: Citation(source="note", section="intro", paragraph=1, quote=blank),
        "quote",
        "must not be empty",
    )


@pytest.mark.parametrize("bad", ["nld", "NL", "NLDX", "N1D", "", " NLD", "Nld"])
def test_iso3_codes(bad: str) -> None:
    message = f"{bad!r} is not an ISO 3166-1 alpha-3 code (like 'NLD')"
    invalid(
        lambda: Actor(id="nl", kind=ActorKind.STATE, name=Text(en="NL"), iso3=bad), "iso3", message
    )
    invalid(lambda: Membership(member=bad, joined=D(2000, 1, 1)), "member", message)
    invalid(lambda: institution(host_state=bad), "host_state", message)
    invalid(
        lambda: event(EventKind.WITHDRAWAL_ANNOUNCED, D(2019, 2, 1), party=bad), "party", message
    )


def test_a_state_needs_an_iso3_code() -> None:
    invalid(
        lambda: Actor(id="netherlands", kind=ActorKind.STATE, name=Text(en="Netherlands")),
        "iso3",
        "a state needs its ISO 3166-1 alpha-3 code",
    )


@pytest.mark.parametrize(
    ("kind", "article"),
    [(ActorKind.ORGANISATION, "an"), (ActorKind.PERSON, "a"), (ActorKind.GROUP, "a")],
)
def test_only_states_have_iso3_codes(kind: ActorKind, article: str) -> None:
    invalid(
        lambda: Actor(id="x", kind=kind, name=Text(en="X"), iso3="NLD"),
        "iso3",
        f"only states have an ISO code, this is {article} {kind}",
    )


@pytest.mark.parametrize(
    "spells",
    [
        # Two open-ended spells.
        [(D(1949, 4, 4), None), (D(1966, 1, 1), None)],
        # The second starts before the first ends.
        [(D(1949, 4, 4), D(1966, 7, 1)), (D(1966, 6, 30), None)],
        # Listed out of order, nested.
        [(D(1970, 1, 1), D(1971, 1, 1)), (D(1949, 4, 4), D(2000, 1, 1))],
        # Same first day.
        [(D(1949, 4, 4), D(1950, 1, 1)), (D(1949, 4, 4), D(1949, 4, 5))],
        # The overlap is between the first and the third.
        [(D(1949, 1, 1), D(1960, 1, 1)), (D(1960, 1, 1), D(1961, 1, 1)), (D(1955, 1, 1), None)],
    ],
)
def test_memberships_of_one_member_must_not_overlap(
    spells: list[tuple[dt.date, dt.date | None]],
) -> None:
    members = [Membership(member="FRA", joined=j, left=left) for j, left in spells]
    others = [Membership(member="NLD", joined=D(1949, 4, 4))]
    invalid(
        lambda: institution(*others, *members), "memberships", "FRA has overlapping memberships"
    )


def test_back_to_back_memberships_do_not_overlap() -> None:
    # A spell that ends the day the next begins, in another role.
    first = Membership(member="FRA", joined=D(1949, 4, 4), left=D(1966, 7, 1))
    second = Membership(member="FRA", joined=D(1966, 7, 1), role=Role.PARTNER)
    other = Membership(member="NLD", joined=D(1949, 4, 4))
    unsc = institution(second, other, first)
    assert unsc.members_at(D(1966, 6, 30), Role.MEMBER) == {"FRA", "NLD"}
    assert unsc.members_at(D(1966, 7, 1), Role.MEMBER) == {"NLD"}
    assert unsc.members_at(D(1966, 7, 1), Role.PARTNER) == {"FRA"}


@pytest.mark.parametrize("kind", [EventKind.WITHDRAWAL_ANNOUNCED, EventKind.WITHDRAWAL_EFFECTIVE])
def test_withdrawal_events_need_a_party(kind: EventKind) -> None:
    invalid(
        lambda: event(kind, D(2019, 2, 2)),
        "party",
        f"a {kind.value} event needs the party concerned",
    )


def test_an_extension_ends_later_or_never() -> None:
    day = D(2021, 2, 3)
    assert event(EventKind.EXTENDED, day).until is None  # indefinitely
    for until in (day, day - ONE_DAY):
        invalid(
            lambda: event(EventKind.EXTENDED, day, until=until),  # noqa: B023
            "until",
            "must be after the event's date",
        )


@pytest.mark.parametrize("kind", sorted(set(EventKind) - {EventKind.EXTENDED}))
def test_only_extensions_have_an_end(kind: EventKind) -> None:
    invalid(
        lambda: event(kind, D(2021, 2, 3), party="USA", until=D(2026, 2, 5)),
        "until",
        f"only extended events have an end date, not {kind.value}",
    )


@pytest.mark.parametrize("day", [dt.datetime(2021, 2, 3, 12, 0), "2021-02-30", 20210203, None])
def test_dates_are_days(day: object) -> None:
    invalid(
        lambda: event(EventKind.SIGNED, day),  # type: ignore[arg-type]
        "date",
        f"expected a date (YYYY-MM-DD), got {day!r}",
    )


def test_iso_date_strings_are_accepted() -> None:
    assert Membership(member="NLD", joined="1949-04-04").joined == D(1949, 4, 4)


def test_enum_fields_take_members_or_their_values() -> None:
    assert influence(horizon="long").horizon is Horizon.LONG
    invalid(
        lambda: influence(horizon="medium"), "horizon", "'medium' is not one of 'short', 'long'"
    )
    invalid(
        lambda: influence(horizon=Confidence.LOW),
        "horizon",
        "<Confidence.LOW: 'low'> is not one of 'short', 'long'",
    )
    invalid(
        lambda: recommendation(addressees=["diplomacy", "navy"]),
        "addressees[1]",
        "'navy' is not one of 'diplomacy', 'armed-forces'",
    )


def test_lists_that_must_not_be_empty() -> None:
    invalid(lambda: trend(citations=[]), "citations", "needs at least one entry")
    invalid(lambda: influence(citations=()), "citations", "needs at least one entry")
    invalid(lambda: recommendation(addressees=[]), "addressees", "needs at least one entry")
    invalid(lambda: Claim(text=Text(en="x"), citations=[]), "citations", "needs at least one entry")
    invalid(
        lambda: Section(slug="intro", title="Introduction", incipits=[]),
        "incipits",
        "needs at least one entry",
    )


def test_a_lone_string_is_not_a_list() -> None:
    with pytest.raises(InvalidValue, match=re.escape("expected a list, got the string 'Deen'")):
        Source(id="s", kind=SourceKind.NOTE, title="T", authors="Deen")


def test_lists_hold_the_right_kind() -> None:
    invalid(lambda: trend(citations=[CITE, "note"]), "citations[1]", "expected Citation, got str")
    invalid(lambda: institution(tasks=[CITE]), "tasks[0]", "expected Claim, got Citation")
    invalid(
        lambda: Fragment(trends=(influence(),)),  # type: ignore[arg-type]
        "trends[0]",
        "expected Trend, got Influence",
    )


def test_duplicates_within_an_object() -> None:
    note = Footnote(number=4, text="A work.")
    invalid(
        lambda: Source(id="s", kind=SourceKind.NOTE, title="T", footnotes=[note, note]),
        "footnotes[1]",
        "4 is listed twice",
    )
    intro = Section(slug="intro", title="Intro", incipits=["Begin"])
    invalid(
        lambda: Source(id="s", kind=SourceKind.NOTE, title="T", sections=[intro, intro]),
        "sections[1]",
        "'intro' is listed twice",
    )


def test_a_trend_cannot_influence_itself() -> None:
    invalid(
        lambda: influence(effect="covid-19", dimension=None),
        "effect",
        "a trend cannot influence itself",
    )
    # With a dimension the effect is a target, which may share nothing with the cause.
    assert influence(effect="covid-19").effect_concept == ("covid-19", Dimension.DECISION_MAKING)


@pytest.mark.parametrize(
    ("levels", "field", "message"),
    [
        ({"covid-19": 1.5}, "levels.covid-19", "1.5 is outside [-1, 1]"),
        ({"covid-19": -1.01}, "levels.covid-19", "-1.01 is outside [-1, 1]"),
        ({"covid-19": True}, "levels.covid-19", "True is outside [-1, 1]"),
        ({"covid-19": float("nan")}, "levels.covid-19", "nan is outside [-1, 1]"),
        ({"Covid 19": 0.5}, "levels.Covid 19", "is not a kebab-case slug"),
        ([("covid-19", 0.5), ("covid-19", -0.5)], "levels.covid-19", "is listed twice"),
    ],
)
def test_scenario_levels(levels: Any, field: str, message: str) -> None:
    invalid(
        lambda: Scenario(id="s", name=Text(en="S"), description=Text(en="D"), levels=levels),
        field,
        message,
    )


def test_objects_are_frozen() -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        trend().id = "other"  # type: ignore[misc]


# -- behaviour --------------------------------------------------------------

P5 = ["CHN", "FRA", "GBR", "RUS", "USA"]


def unsc() -> Institution:
    permanent = [Membership(member=c, joined=D(1945, 10, 24), role=Role.PERMANENT) for c in P5]
    elected = [
        Membership(member="NLD", joined=D(2018, 1, 1), left=D(2019, 1, 1), role=Role.ELECTED),
        Membership(member="ITA", joined=D(2017, 1, 1), left=D(2018, 1, 1), role=Role.ELECTED),
        Membership(member="DEU", joined=D(2019, 1, 1), left=D(2021, 1, 1), role=Role.ELECTED),
    ]
    return institution(*elected, *permanent)


def test_members_before_accession() -> None:
    assert unsc().members_at(D(1945, 10, 23)) == frozenset()
    assert unsc().members_at(D(2017, 12, 31), Role.ELECTED) == {"ITA"}


def test_members_from_the_day_of_accession() -> None:
    assert unsc().members_at(D(1945, 10, 24)) == set(P5)
    assert unsc().members_at(D(2018, 1, 1), Role.ELECTED) == {"NLD"}


def test_members_until_the_day_before_they_leave() -> None:
    council = unsc()
    assert "NLD" in council.members_at(D(2018, 12, 31))
    assert "NLD" not in council.members_at(D(2019, 1, 1))
    assert "NLD" not in council.members_at(D(2030, 1, 1))
    assert council.members_at(D(2020, 12, 31), Role.ELECTED) == {"DEU"}
    assert council.members_at(D(2021, 1, 1), Role.ELECTED) == frozenset()


def test_members_by_role() -> None:
    council = unsc()
    day = D(2019, 6, 1)
    assert council.members_at(day) == {*P5, "DEU"}
    assert council.members_at(day, Role.PERMANENT) == set(P5)
    assert council.members_at(day, Role.ELECTED) == {"DEU"}
    assert council.members_at(day, Role.OBSERVER) == frozenset()
    assert isinstance(council.members_at(day), frozenset)


def test_membership_active_on() -> None:
    spell = Membership(member="NLD", joined=D(2018, 1, 1), left=D(2019, 1, 1))
    assert [spell.active_on(d) for d in (D(2017, 12, 31), D(2018, 1, 1), D(2018, 12, 31))] == [
        False,
        True,
        True,
    ]
    assert not spell.active_on(D(2019, 1, 1))
    assert Membership(member="NLD", joined=D(2018, 1, 1)).active_on(D(9999, 12, 31))


def test_regime_lifecycle() -> None:
    treaty = regime(
        # Listed out of order on purpose: the status follows the dates.
        event(EventKind.TERMINATED, D(2030, 1, 1)),
        event(EventKind.SIGNED, D(2010, 4, 8)),
        event(EventKind.SUSPENDED, D(2023, 2, 21)),
        event(EventKind.ENTERED_INTO_FORCE, D(2011, 2, 5)),
        event(EventKind.RESUMED, D(2025, 1, 1)),
    )
    expected = {
        D(2010, 4, 7): RegimeStatus.PENDING,
        D(2010, 4, 8): RegimeStatus.SIGNED,
        D(2011, 2, 4): RegimeStatus.SIGNED,
        D(2011, 2, 5): RegimeStatus.IN_FORCE,
        D(2023, 2, 20): RegimeStatus.IN_FORCE,
        D(2023, 2, 21): RegimeStatus.SUSPENDED,
        D(2024, 12, 31): RegimeStatus.SUSPENDED,
        D(2025, 1, 1): RegimeStatus.IN_FORCE,
        D(2029, 12, 31): RegimeStatus.IN_FORCE,
        D(2030, 1, 1): RegimeStatus.TERMINATED,
        D(2100, 1, 1): RegimeStatus.TERMINATED,
    }
    assert {day: treaty.status_at(day) for day in expected} == expected


def test_a_late_signature_does_not_undo_entry_into_force() -> None:
    treaty = regime(
        event(EventKind.ADOPTED, D(1990, 11, 17)),
        event(EventKind.SIGNED, D(1991, 1, 1)),
    )
    assert treaty.status_at(D(1991, 6, 1)) is RegimeStatus.IN_FORCE


def test_regime_expiry_and_extension() -> None:
    treaty = regime(
        event(EventKind.SIGNED, D(2010, 4, 8)),
        event(EventKind.ENTERED_INTO_FORCE, D(2011, 2, 5)),
        event(EventKind.EXTENDED, D(2021, 2, 3), until=D(2026, 2, 5)),
        expires=D(2021, 2, 5),
    )
    assert treaty.status_at(D(2021, 2, 2)) is RegimeStatus.IN_FORCE
    assert treaty.status_at(D(2021, 2, 5)) is RegimeStatus.IN_FORCE
    assert treaty.status_at(D(2026, 2, 4)) is RegimeStatus.IN_FORCE
    assert treaty.status_at(D(2026, 2, 5)) is RegimeStatus.EXPIRED
    unextended = attrs.evolve(treaty, events=treaty.events[:2])
    assert unextended.status_at(D(2021, 2, 4)) is RegimeStatus.IN_FORCE
    assert unextended.status_at(D(2021, 2, 5)) is RegimeStatus.EXPIRED
    # A treaty that never entered into force does not expire: it stays signed.
    assert attrs.evolve(treaty, events=treaty.events[:1]).status_at(D(2030, 1, 1)) is (
        RegimeStatus.SIGNED
    )


def test_a_suspended_regime_expires_too() -> None:
    treaty = regime(
        event(EventKind.ENTERED_INTO_FORCE, D(2011, 2, 5)),
        event(EventKind.SUSPENDED, D(2023, 2, 21)),
        expires=D(2026, 2, 5),
    )
    assert treaty.status_at(D(2026, 2, 4)) is RegimeStatus.SUSPENDED
    assert treaty.status_at(D(2026, 2, 5)) is RegimeStatus.EXPIRED


def test_party_events_leave_the_regime_status_alone() -> None:
    inf = regime(
        event(EventKind.ENTERED_INTO_FORCE, D(1988, 6, 1)),
        event(EventKind.SUSPENDED, D(2019, 2, 2), party="USA"),
        event(EventKind.WITHDRAWAL_ANNOUNCED, D(2019, 2, 2), party="USA"),
        event(EventKind.SUSPENDED, D(2019, 3, 4), party="RUS"),
        event(EventKind.WITHDRAWAL_EFFECTIVE, D(2019, 8, 2), party="USA"),
        event(EventKind.TERMINATED, D(2019, 8, 2)),
        id="inf",
    )
    assert inf.status_at(D(2019, 3, 4)) is RegimeStatus.IN_FORCE
    assert inf.status_at(D(2019, 8, 1)) is RegimeStatus.IN_FORCE
    assert inf.status_at(D(2019, 8, 2)) is RegimeStatus.TERMINATED
    assert inf.withdrawn_at(D(2019, 8, 1)) == frozenset()
    assert inf.withdrawn_at(D(2019, 8, 2)) == {"USA"}


def test_open_skies_withdrawals() -> None:
    open_skies = regime(
        event(EventKind.ENTERED_INTO_FORCE, D(2002, 1, 1)),
        event(EventKind.WITHDRAWAL_ANNOUNCED, D(2020, 5, 22), party="USA"),
        event(EventKind.WITHDRAWAL_EFFECTIVE, D(2020, 11, 22), party="USA"),
        event(EventKind.WITHDRAWAL_EFFECTIVE, D(2021, 12, 18), party="RUS"),
        id="open-skies",
        domain=RegimeDomain.CONFIDENCE_BUILDING,
    )
    assert open_skies.withdrawn_at(D(2020, 6, 1)) == frozenset()
    assert open_skies.withdrawn_at(D(2020, 11, 22)) == {"USA"}
    assert open_skies.withdrawn_at(D(2022, 1, 1)) == {"USA", "RUS"}
    assert open_skies.status_at(D(2022, 1, 1)) is RegimeStatus.IN_FORCE


def test_text_in_language() -> None:
    nato = Text(en="NATO", nl="NAVO")
    assert (nato.in_language("en"), nato.in_language("nl")) == ("NATO", "NAVO")
    assert Text(en="OSCE").in_language("nl") == "OSCE"
    assert str(nato) == "NATO"
    with pytest.raises(ValueError, match=re.escape("unknown language 'de'; known: en, nl")):
        nato.in_language("de")


@pytest.mark.parametrize(
    ("weight", "label"),
    [
        (0.25, "weak"),
        (-0.25, "weak"),
        (0.5, "moderate"),
        (-0.5, "moderate"),
        (0.75, "strong"),
        (-0.75, "strong"),
        (1.0, "very strong"),
        (-1, "very strong"),
    ],
)
def test_influence_strength(weight: float, label: str) -> None:
    assert influence(weight=weight).strength == label


def test_the_weight_scale_runs_from_weak_to_very_strong() -> None:
    assert list(WEIGHT_SCALE) == [0.25, 0.5, 0.75, 1.0]


def test_scenario_levels_are_sorted_pairs() -> None:
    one = Scenario(
        id="us-re-engagement",
        name=Text(en="US re-engagement"),
        description=Text(en="The US returns."),
        levels={"us-unilateralism": -1.0, "covid-19": 0.5, "chinese-assertiveness": 0},
    )
    assert one.levels == (("chinese-assertiveness", 0), ("covid-19", 0.5), ("us-unilateralism", -1))
    other = attrs.evolve(
        one, levels=[("covid-19", 0.5), ("us-unilateralism", -1.0), ("chinese-assertiveness", 0.0)]
    )
    assert other == one
    assert hash(other) == hash(one)
    assert one.level_of("covid-19") == 0.5
    assert one.level_of("chinese-assertiveness") == 0
    assert one.level_of("hybrid-threats") is None


def test_fragment_of_groups_by_kind_in_order() -> None:
    first, second = trend("a"), trend("b")
    covid = influence()
    council = institution()
    fragment = Fragment.of([second, covid, council, first])
    assert fragment.trends == (second, first)
    assert fragment.influences == (covid,)
    assert fragment.institutions == (council,)
    assert fragment.sources == ()
    assert fragment.scenarios == ()
    assert len(fragment) == 4
    assert list(fragment.objects()) == [
        ("institutions", council),
        ("trends", second),
        ("trends", first),
        ("influences", covid),
    ]


@pytest.mark.parametrize("stray", [Text(en="x"), CITE, "covid-19", None])
def test_fragment_of_rejects_what_is_no_domain_object(stray: object) -> None:
    with pytest.raises(TypeError, match=f"^{type(stray).__name__} is not a domain object$"):
        Fragment.of([trend(), stray])


def test_fragment_locations_are_not_part_of_equality() -> None:
    one = Fragment(trends=(trend(),), locations={"covid-19": ("a.toml", 1)})
    other = Fragment(trends=(trend(),))
    assert one == other
    assert hash(one) == hash(other)


def test_iter_citations_paths() -> None:
    cites = [
        Citation(source="note", section="intro", paragraph=n, quote=f"q{n}") for n in range(1, 8)
    ]
    council = institution(
        Membership(member="NLD", joined=D(2018, 1, 1), left=D(2019, 1, 1)),
        description=Text(en="The Council."),
        tasks=[Claim(text=Text(en="t"), citations=[cites[0], cites[1]])],
        outlook=[Claim(text=Text(en="o"), citations=[cites[2]])],
        citations=[cites[3]],
    )
    assert list(iter_citations(council)) == [
        ("tasks[0].citations[0]", cites[0]),
        ("tasks[0].citations[1]", cites[1]),
        ("outlook[0].citations[0]", cites[2]),
        ("citations[0]", cites[3]),
    ]
    treaty = regime(
        event(EventKind.SIGNED, D(2010, 4, 8)),
        event(EventKind.ENTERED_INTO_FORCE, D(2011, 2, 5), citations=[cites[4], cites[5]]),
        citations=[cites[6]],
    )
    assert [path for path, _ in iter_citations(treaty)] == [
        "events[1].citations[0]",
        "events[1].citations[1]",
        "citations[0]",
    ]
    fragment = Fragment.of([treaty, trend()])
    assert [path for path, _ in iter_citations(fragment)] == [
        "regimes[0].events[1].citations[0]",
        "regimes[0].events[1].citations[1]",
        "regimes[0].citations[0]",
        "trends[0].citations[0]",
    ]
    assert list(iter_citations(cites[0], "here")) == [("here", cites[0])]
    assert list(iter_citations("not attrs")) == []


# -- properties -------------------------------------------------------------


def round_trip(obj: Any) -> Any:
    return converter.structure(converter.unstructure(obj), type(obj))


@given(domain_objects())
def test_generated_objects_are_hashable_and_survive_the_converter(obj: Any) -> None:
    copy = round_trip(obj)
    assert copy == obj
    assert hash(copy) == hash(obj)
    assert {obj, copy} == {obj}


@given(domain_objects())
def test_validators_accept_what_converters_produce(obj: Any) -> None:
    # evolve() runs every converter and validator again on the stored values:
    # converters must be idempotent and agree with the validators.
    assert attrs.evolve(obj) == obj


@given(reader_strings)
def test_quotes_and_footnotes_hold_folded_text(raw: str) -> None:
    folded = fold_whitespace(raw)
    cite = Citation(source="note", section="intro", paragraph=1, quote=raw)
    assert cite.quote == folded
    assert Footnote(number=1, text=raw).text == folded
    assert fold_whitespace(folded) == folded
    assert folded == folded.strip()
    assert "  " not in folded
    assert not any(c.isspace() and c != " " for c in folded)
    assert folded.split() == raw.split()


def resolve(obj: Any, path: str) -> Any:
    for name, index in re.findall(r"\.?([a-z_]+)|\[(\d+)\]", path):
        obj = getattr(obj, name) if name else obj[int(index)]
    return obj


@given(fragments())
def test_iter_citations_paths_lead_to_the_citations(fragment: Fragment) -> None:
    found = list(iter_citations(fragment))
    assert all(resolve(fragment, path) is cite for path, cite in found)
    assert len({path for path, _ in found}) == len(found)
    # Every citation is found: count them another way.
    expected = sum(len(list(iter_citations(obj))) for _, obj in fragment.objects())
    assert len(found) == expected


@given(fragments())
def test_fragment_of_its_own_objects(fragment: Fragment) -> None:
    assert Fragment.of(obj for _, obj in fragment.objects()) == fragment
    assert len(fragment) == len(list(fragment.objects()))


@given(membership_bodies(), dates, dates)
def test_members_leave_only_when_a_spell_ends(
    body: Institution, first: dt.date, second: dt.date
) -> None:
    early, late = sorted((first, second))
    gone = body.members_at(early) - body.members_at(late)
    for member in gone:
        assert any(
            m.member == member and m.left is not None and early < m.left <= late
            for m in body.memberships
        )
    arrived = body.members_at(late) - body.members_at(early)
    for member in arrived:
        assert any(m.member == member and early < m.joined <= late for m in body.memberships)


@given(membership_bodies())
def test_membership_spells_hold_from_joined_to_the_day_before_left(body: Institution) -> None:
    for spell in body.memberships:
        assert spell.member in body.members_at(spell.joined)
        assert spell.member in body.members_at(spell.joined, spell.role)
        if spell.left is None:
            assert spell.member in body.members_at(D(9999, 12, 31))
            continue
        assert spell.member in body.members_at(spell.left - ONE_DAY, spell.role)
        follows_on = any(
            m.member == spell.member and m.joined == spell.left for m in body.memberships
        )
        assert (spell.member in body.members_at(spell.left)) == follows_on
        assert spell.member not in body.members_at(spell.joined - ONE_DAY, spell.role) or any(
            m.member == spell.member and m.role is spell.role and m.left == spell.joined
            for m in body.memberships
        )


@given(membership_bodies(), dates)
def test_members_by_role_partition_the_members(body: Institution, day: dt.date) -> None:
    everyone = body.members_at(day)
    by_role = [body.members_at(day, role) for role in Role]
    assert frozenset().union(*by_role) == everyone
    # Spells of one member do not overlap, so each member has one role a day.
    assert sum(len(group) for group in by_role) == len(everyone)


@given(lifecycle_regimes(), dates)
def test_party_events_never_move_the_status(treaty: Regime, day: dt.date) -> None:
    whole = attrs.evolve(treaty, events=[e for e in treaty.events if e.party is None])
    assert treaty.status_at(day) is whole.status_at(day)
    if not whole.events:
        assert treaty.status_at(day) is RegimeStatus.PENDING


@given(lifecycle_regimes(), dates, dates)
def test_withdrawals_accumulate(treaty: Regime, first: dt.date, second: dt.date) -> None:
    early, late = sorted((first, second))
    assert treaty.withdrawn_at(early) <= treaty.withdrawn_at(late)


@given(lifecycle_regimes())
def test_nothing_happens_before_the_first_event(treaty: Regime) -> None:
    if treaty.events:
        first = min(e.date for e in treaty.events)
        assert treaty.status_at(first - ONE_DAY) is RegimeStatus.PENDING
        assert treaty.withdrawn_at(first - ONE_DAY) == frozenset()


@given(st.dictionaries(st.sampled_from(["a", "b-c", "d9", "zz"]), st.floats(-1, 1)), st.data())
def test_scenario_levels_ignore_the_order_given(
    levels: dict[str, float], data: st.DataObject
) -> None:
    pairs = data.draw(st.permutations(list(levels.items())))
    one = Scenario(id="s", name=Text(en="S"), description=Text(en="D"), levels=levels)
    other = Scenario(id="s", name=Text(en="S"), description=Text(en="D"), levels=pairs)
    assert one == other
    assert [k for k, _ in one.levels] == sorted(levels)
    assert all(one.level_of(k) == v for k, v in levels.items())


def test_an_indefinite_extension_removes_the_end_and_implementation_keeps_the_status() -> None:
    npt = Regime(
        id="npt",
        name=Text(en="NPT"),
        domain=RegimeDomain.NUCLEAR,
        verification=True,
        expires=D(1995, 3, 5),
        events=[
            RegimeEvent(kind=EventKind.ENTERED_INTO_FORCE, date=D(1970, 3, 5)),
            RegimeEvent(kind=EventKind.EXTENDED, date=D(1995, 5, 11)),
            RegimeEvent(kind=EventKind.IMPLEMENTED, date=D(2000, 1, 1)),
        ],
    )
    assert npt.status_at(D(1995, 3, 6)) is RegimeStatus.EXPIRED
    assert npt.status_at(D(1995, 5, 11)) is RegimeStatus.IN_FORCE
    assert npt.status_at(D(2020, 7, 1)) is RegimeStatus.IN_FORCE


# -- traps: what code can pass, and what it is told ------------------------------


def test_a_text_field_takes_a_string_or_languages_and_says_what_is_wrong() -> None:
    # Before: TOML accepted a plain string for a Text and code could not, and a
    # wrong type raised attrs' TypeError instead of InvalidValue.
    from multilat.model import Actor

    actor = Actor(id="x", kind="group", name="Ex")
    assert actor.name == Text(en="Ex")
    assert Actor(id="x", kind="group", name={"en": "Ex", "nl": "Iks"}).name.nl == "Iks"
    with pytest.raises(InvalidValue, match="name: expected a Text, a string or a mapping"):
        Actor(id="x", kind="group", name=3)
    with pytest.raises(InvalidValue, match="fr: is not a language of a Text"):
        Actor(id="x", kind="group", name={"fr": "X"})


def test_members_at_takes_an_iso_date_string() -> None:
    # Before: members_at("2020-07-01") raised "'<=' not supported".
    from multilat.model import Institution, Membership

    club = Institution(
        id="club", kind="alliance", name="Club",
        memberships=[Membership(member="NLD", joined="1949-08-24")],
    )
    assert club.members_at("2020-07-01") == club.members_at(dt.date(2020, 7, 1)) == {"NLD"}
    with pytest.raises(InvalidValue, match="on: expected a date or YYYY-MM-DD"):
        club.members_at("July 2020")


def test_reprs_are_short_enough_to_read_at_a_repl() -> None:
    # Before: repr(kb.get("nato")) was about 10,000 characters, the whole
    # knowledge base's repr everything nested in it.
    import multilat
    from multilat.model import Institution, Membership

    kb = multilat.load()
    assert repr(kb).startswith("<KnowledgeBase ")
    assert len(repr(kb)) < 100
    club = Institution(
        id="club", kind="alliance", name="Club", acronym="CL",
        memberships=[Membership(member=f"A{c}A", joined="1949-08-24") for c in "BCDEFGHIJ"],
    )
    assert repr(club) == (
        "Institution(id='club', kind='alliance', name='Club', acronym='CL', memberships=<9>)"
    )
    assert all(len(repr(kb[i])) < 600 for i in kb)
