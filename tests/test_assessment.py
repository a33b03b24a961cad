"""``assess``, ``compile_map`` and ``rank_recommendations`` on small hand-built maps.

Every expected level is worked out by hand: with the Kosko rule and the
``tanh`` transfer a concept without a held value settles at ``tanh`` of the
weighted sum of its causes' levels, and a driver stays at its level
(:data:`~multilat.assess.BASELINE_LEVEL` in the baseline).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multilat import presentation
from multilat.assess import (
    BASELINE_LEVEL,
    INCOMING_CAP,
    NOTE_DATE,
    Assessment,
    Standing,
    assess,
    compile_map,
    explain,
    rank_recommendations,
    standing_of,
)
from multilat.errors import MultilatError, UnknownName
from multilat.knowledge import KnowledgeBase
from multilat.model import (
    WEIGHT_SCALE,
    Citation,
    Fragment,
    Horizon,
    Influence,
    Institution,
    Membership,
    Recommendation,
    Regime,
    RegimeEvent,
    Scenario,
    Section,
    Source,
    Text,
    Trend,
)

# A loaded machine can stall any example past Hypothesis's 200 ms deadline.
NO_DEADLINE = settings(deadline=None, max_examples=60)

CITE = Citation(source="paper", section="body", paragraph=1, quote="as the paper says")
PAPER = Source(
    id="paper",
    kind="report",
    title="A paper",
    sections=[Section(slug="body", title="Body", incipits=["As the paper says"])],
)


def trend(trend_id: str) -> Trend:
    return Trend(id=trend_id, name=Text(en=trend_id), citations=[CITE])


def influence(
    cause: str,
    effect: str,
    weight: float,
    *,
    dimension: str | None = None,
    horizon: str = "long",
    confidence: str = "high",
    quote: str | None = None,
) -> Influence:
    where = f"{effect}-{dimension}" if dimension else effect
    cite = (
        CITE
        if quote is None
        else Citation(source="paper", section="body", paragraph=1, quote=quote)
    )
    return Influence(
        id=f"{cause}-to-{where}-{horizon}",
        cause=cause,
        effect=effect,
        dimension=dimension,
        weight=weight,
        horizon=horizon,
        confidence=confidence,
        mechanism=Text(en=f"{cause} moves {where}"),
        citations=[cite],
    )


def scenario(scenario_id: str, **levels: float) -> Scenario:
    return Scenario(
        id=scenario_id,
        name=Text(en=scenario_id),
        description=Text(en=scenario_id),
        levels={k.replace("_", "-"): v for k, v in levels.items()},
    )


def recommendation(
    number: int, *, targets: Sequence[str] = (), counters: Sequence[str] = ()
) -> Recommendation:
    return Recommendation(
        id=f"recommendation-{number}",
        number=number,
        title=Text(en=f"Recommendation {number}"),
        text=Text(en=f"Do thing {number}."),
        addressees=["diplomacy"],
        citations=[CITE],
        targets=targets,
        counters=counters,
    )


def knowledge(objects: Iterable[object]) -> KnowledgeBase:
    kb = KnowledgeBase.build({"test": Fragment.of([PAPER, *objects])})
    assert kb.problems == (), "\n".join(map(str, kb.problems))
    return kb


CLUB = Institution(id="club", kind="organisation", name=Text(en="Club"))
PACT = Regime(id="pact", name=Text(en="Pact"), domain="nuclear", verification=False)

# alpha -> beta -> club.cohesion; alpha -| club.effectiveness <- gamma; in the
# short term only alpha -| club.cohesion (and pact.effectiveness, long).
SMALL = [
    CLUB,
    PACT,
    trend("alpha"),
    trend("beta"),
    trend("gamma"),
    influence("alpha", "beta", 0.5, quote="alpha feeds beta"),
    influence("beta", "club", -0.75, dimension="cohesion", quote="beta splits the club"),
    influence("alpha", "club", -0.5, dimension="effectiveness"),
    influence("gamma", "club", 0.25, dimension="effectiveness"),
    influence("gamma", "pact", -1.0, dimension="effectiveness"),
    influence("alpha", "club", -1.0, dimension="cohesion", horizon="short"),
    scenario("boom", alpha=1.0),
    scenario("hold-beta", beta=0.8),
    scenario("quiet", alpha=0.0, gamma=0.0),
]


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return knowledge(SMALL)


# -- maps -------------------------------------------------------------------------


def test_the_map_has_every_trend_and_every_outcome_in_order(kb: KnowledgeBase) -> None:
    long = compile_map(kb, "long")
    keys = [c.key for c in long.concepts]
    assert keys == [
        "alpha",
        "beta",
        "gamma",
        "club.cohesion",
        "club.effectiveness",
        "pact.effectiveness",
    ]
    assert [c.key for c in long.trends] == ["alpha", "beta", "gamma"]
    assert long.weights[long.index("alpha"), long.index("beta")] == 0.5
    assert long.weights[long.index("beta"), long.index("club.cohesion")] == -0.75
    # The short-term influence is not in the long map.
    assert long.weights[long.index("alpha"), long.index("club.cohesion")] == 0


def test_both_horizons_have_the_same_concepts(kb: KnowledgeBase) -> None:
    short, long = compile_map(kb, "short"), compile_map(kb, "long")
    assert short.concepts == long.concepts
    # ... but their own weights and drivers: beta has a cause only in the long term.
    assert short.weights[short.index("alpha"), short.index("club.cohesion")] == -1.0
    assert [short.concepts[i].key for i in short.drivers()] == ["alpha", "beta", "gamma"]
    assert [long.concepts[i].key for i in long.drivers()] == ["alpha", "gamma"]


def test_baseline_state_holds_drivers_at_the_baseline_level(kb: KnowledgeBase) -> None:
    long = compile_map(kb, "long")
    assert list(long.baseline_state()) == [BASELINE_LEVEL, 0, BASELINE_LEVEL, 0, 0, 0]


# -- levels ---------------------------------------------------------------------------


def test_baseline_levels_by_hand(kb: KnowledgeBase) -> None:
    result = assess(kb)

    beta = math.tanh(0.5 * 0.5)
    assert result.scenario is None
    assert result.converged
    assert result.trend_levels == pytest.approx({"alpha": 0.5, "beta": beta, "gamma": 0.5})
    cohesion = result.outcome("club", "cohesion")
    assert cohesion.level == pytest.approx(math.tanh(-0.75 * beta))  # a chain of two
    effectiveness = result.outcome("club", "effectiveness")
    assert effectiveness.level == pytest.approx(math.tanh(-0.5 * 0.5 + 0.25 * 0.5))
    assert result.outcome("pact", "effectiveness").level == pytest.approx(math.tanh(-0.5))
    # Without a scenario, the level is the baseline.
    assert all(o.change == 0 and o.level == o.baseline for o in result.outcomes)


def test_a_scenario_changes_levels_against_the_baseline(kb: KnowledgeBase) -> None:
    result = assess(kb, scenario="boom")

    assert result.scenario is not None
    assert result.scenario.id == "boom"
    cohesion = result.outcome("club", "cohesion")
    assert cohesion.level == pytest.approx(math.tanh(-0.75 * math.tanh(0.5)))
    assert cohesion.baseline == pytest.approx(math.tanh(-0.75 * math.tanh(0.25)))
    assert cohesion.change == pytest.approx(cohesion.level - cohesion.baseline)
    assert cohesion.change < 0
    effectiveness = result.outcome("club", "effectiveness")
    assert effectiveness.level == pytest.approx(math.tanh(-0.5 + 0.125))
    # gamma is untouched, so what hangs on it alone does not move.
    assert result.outcome("pact", "effectiveness").change == pytest.approx(0)


def test_scenario_given_as_an_object(kb: KnowledgeBase) -> None:
    by_id = assess(kb, scenario="boom")
    by_object = assess(kb, scenario=scenario("boom", alpha=1.0))
    assert [o.level for o in by_id.outcomes] == [o.level for o in by_object.outcomes]


def test_a_scenario_clamps_a_trend_that_has_causes(kb: KnowledgeBase) -> None:
    result = assess(kb, scenario="hold-beta")

    # beta no longer follows alpha: it is held where the scenario puts it.
    assert result.trend_levels["beta"] == 0.8
    assert result.outcome("club", "cohesion").level == pytest.approx(math.tanh(-0.75 * 0.8))


def test_setting_drivers_to_zero_silences_them(kb: KnowledgeBase) -> None:
    result = assess(kb, scenario="quiet")
    assert all(o.level == 0 for o in result.outcomes)
    assert result.trend_levels == {"alpha": 0, "beta": 0, "gamma": 0}


def test_short_horizon_uses_only_short_influences(kb: KnowledgeBase) -> None:
    result = assess(kb, horizon="short")

    assert result.horizon == "short"
    # beta has no cause in the short term: a driver there, at the baseline level.
    assert result.trend_levels["beta"] == BASELINE_LEVEL
    assert result.outcome("club", "cohesion").level == pytest.approx(math.tanh(-0.5))
    assert result.outcome("club", "effectiveness").level == 0


def test_outcomes_are_sorted_by_key(kb: KnowledgeBase) -> None:
    result = assess(kb)
    assert [o.key for o in result.outcomes] == [
        "club.cohesion",
        "club.effectiveness",
        "pact.effectiveness",
    ]
    assert [o.key for o in result.worst(2)] == ["pact.effectiveness", "club.cohesion"]


def test_target_filter(kb: KnowledgeBase) -> None:
    result = assess(kb, target="pact")
    assert [o.key for o in result.outcomes] == ["pact.effectiveness"]
    assert result.for_target("pact") == result.outcomes
    assert result.for_target("club") == ()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"target": "clubb"}, "no institution or regime 'clubb' to assess (did you mean club?)"),
        ({"target": "alpha"}, "no institution or regime 'alpha' to assess"),
        ({"scenario": "bom"}, "no scenario 'bom' (did you mean boom?)"),
    ],
)
def test_unknown_target_or_scenario_is_a_key_error(
    kb: KnowledgeBase, kwargs: dict[str, str], message: str
) -> None:
    with pytest.raises(KeyError) as caught:
        assess(kb, **kwargs)  # type: ignore[arg-type]
    assert caught.value.args[0].startswith(message)


def test_scenario_with_an_unknown_trend_is_a_key_error(kb: KnowledgeBase) -> None:
    with pytest.raises(KeyError, match="no trend 'delta' in the map"):
        assess(kb, scenario=scenario("odd", delta=1.0))


def test_outcome_lookup_of_a_missing_dimension(kb: KnowledgeBase) -> None:
    with pytest.raises(KeyError, match=r"no outcome 'pact\.cohesion'"):
        assess(kb).outcome("pact", "cohesion")


# -- paths ---------------------------------------------------------------------------


def test_paths_of_a_chain(kb: KnowledgeBase) -> None:
    (path,) = assess(kb, scenario="boom").outcome("club", "cohesion").paths

    assert path.concepts == ("alpha", "beta", "club.cohesion")
    assert str(path) == "alpha -> beta -> club.cohesion"
    assert [i.id for i in path.influences] == ["alpha-to-beta-long", "beta-to-club-cohesion-long"]
    # The driver's level times the product of the weights along the chain.
    assert path.contribution == pytest.approx(1.0 * 0.5 * -0.75)
    assert [c.quote for c in path.citations] == ["alpha feeds beta", "beta splits the club"]


def test_paths_are_ordered_by_the_size_of_their_contribution(kb: KnowledgeBase) -> None:
    paths = assess(kb).outcome("club", "effectiveness").paths

    assert [p.concepts for p in paths] == [
        ("alpha", "club.effectiveness"),
        ("gamma", "club.effectiveness"),
    ]
    assert [p.contribution for p in paths] == pytest.approx([0.5 * -0.5, 0.5 * 0.25])


def test_the_number_of_paths_kept(kb: KnowledgeBase) -> None:
    (path,) = assess(kb, paths=1).outcome("club", "effectiveness").paths
    assert path.concepts[0] == "alpha"


def test_no_paths_asked_none_given(kb: KnowledgeBase) -> None:
    assert assess(kb, paths=0).outcome("club", "effectiveness").paths == ()


def test_a_silenced_driver_contributes_no_path(kb: KnowledgeBase) -> None:
    result = assess(kb, scenario="quiet")
    assert all(o.paths == () for o in result.outcomes)


def test_a_clamped_trend_starts_paths(kb: KnowledgeBase) -> None:
    paths = assess(kb, scenario="hold-beta").outcome("club", "cohesion").paths
    assert paths[0].concepts == ("beta", "club.cohesion")
    assert paths[0].contribution == pytest.approx(0.8 * -0.75)


def test_no_path_runs_through_a_clamped_trend(kb: KnowledgeBase) -> None:
    paths = assess(kb, scenario="hold-beta").outcome("club", "cohesion").paths
    assert [p.concepts for p in paths] == [("beta", "club.cohesion")]


# -- monotonicity --------------------------------------------------------------------

_MAGNITUDES = sorted(WEIGHT_SCALE)


@st.composite
def positive_chains(draw: st.DrawFn) -> tuple[KnowledgeBase, float, float]:
    """A map where every path from the driver ``d`` to ``club.cohesion`` is positive.

    ``d`` feeds a DAG of trends ``t0 … tk`` with positive weights, and they
    (and ``d``) feed the outcome positively. Other drivers ``e*`` act on the
    chain and the outcome with any sign: no path from ``d`` runs through them.
    Returns the knowledge base and two levels ``low <= high`` for ``d``.
    """
    k = draw(st.integers(0, 4))
    chain = ["d", *(f"t{i}" for i in range(k))]
    others = [f"e{i}" for i in range(draw(st.integers(0, 2)))]
    weight = st.sampled_from(_MAGNITUDES)
    signed = st.builds(lambda m, s: m * s, weight, st.sampled_from([-1.0, 1.0]))
    objects: list[object] = [CLUB, *(trend(t) for t in chain + others)]
    # Each t_i has at least one cause earlier in the chain: it hangs on d.
    for i, name in enumerate(chain[1:], start=1):
        causes = draw(st.sets(st.sampled_from(chain[:i]), min_size=1))
        objects += [influence(c, name, draw(weight)) for c in sorted(causes)]
    into = draw(st.sets(st.sampled_from(chain), min_size=1))
    objects += [influence(c, "club", draw(weight), dimension="cohesion") for c in sorted(into)]
    for other in others:
        for effect in draw(st.sets(st.sampled_from([*chain[1:], "club"]))):
            dimension = "cohesion" if effect == "club" else None
            objects.append(influence(other, effect, draw(signed), dimension=dimension))
    level = st.floats(-1, 1, allow_nan=False)
    low, high = sorted([draw(level), draw(level)])
    return knowledge(objects), low, high


@NO_DEADLINE
@given(positive_chains())
def test_raising_a_driver_with_only_positive_paths_never_lowers_the_outcome(
    case: tuple[KnowledgeBase, float, float],
) -> None:
    kb, low, high = case

    def level(value: float) -> float:
        result = assess(kb, scenario=scenario("s", d=value))
        assert result.converged
        return result.outcome("club", "cohesion").level

    assert level(high) >= level(low) - 1e-12
    # The baseline holds d at BASELINE_LEVEL: as a scenario it changes nothing.
    assert level(BASELINE_LEVEL) == pytest.approx(assess(kb).outcome("club", "cohesion").level)


# -- recommendations ----------------------------------------------------------------


def ranked(kb: KnowledgeBase, result: Assessment) -> list[tuple[int, float, tuple[str, ...]]]:
    every = rank_recommendations(result, unanswered=True)
    return [(r.recommendation.number, r.severity, r.reasons) for r in every]


def test_recommendations_rank_by_the_harm_they_answer() -> None:
    kb = knowledge(
        [
            *SMALL,
            recommendation(1),  # answers nothing
            recommendation(2, targets=["pact"]),
            recommendation(3, targets=["club"]),
            recommendation(4, counters=["beta"]),
            recommendation(5, counters=["alpha-to-club-effectiveness-long"]),
        ]
    )
    result = assess(kb, scenario="boom")
    cohesion = result.outcome("club", "cohesion")
    effectiveness = result.outcome("club", "effectiveness")
    pact = result.outcome("pact", "effectiveness")

    rows = ranked(kb, result)

    # 3: both club outcomes (0.33 + 0.36); 5: alpha's direct harm (0.5); 2: the pact
    # (0.46); 4: the chain through beta (0.375); 1: nothing.
    assert [number for number, _, _ in rows] == [3, 5, 2, 4, 1]
    by_number = {number: (severity, reasons) for number, severity, reasons in rows}
    # A target: the harm of each of its outcomes below zero counts in full, worst first.
    assert by_number[3][0] == pytest.approx(-cohesion.level - effectiveness.level)
    assert by_number[3][1] == (
        f"club.effectiveness at {effectiveness.level:+.2f} (a target)",
        f"club.cohesion at {cohesion.level:+.2f} (a target)",
    )
    assert by_number[2][0] == pytest.approx(-pact.level)
    assert by_number[2][1] == (f"pact.effectiveness at {pact.level:+.2f} (a target)",)
    # Countering a trend or an influence on a harmful path: that path's contribution counts.
    assert by_number[4][0] == pytest.approx(0.375)
    assert by_number[4][1] == (f"club.cohesion at {cohesion.level:+.2f} via beta",)
    assert by_number[5][0] == pytest.approx(0.5)
    assert by_number[5][1] == (
        f"club.effectiveness at {effectiveness.level:+.2f} via alpha-to-club-effectiveness-long",
    )
    assert by_number[1] == (0, ())


def test_recommendation_ties_go_by_number() -> None:
    kb = knowledge(
        [
            *SMALL,
            recommendation(7, targets=["club"]),
            recommendation(2, targets=["club"]),
            recommendation(5),
            recommendation(3),
        ]
    )
    rows = ranked(kb, assess(kb))
    assert [number for number, _, _ in rows] == [2, 7, 3, 5]
    assert rows[0][1] == rows[1][1] > 0
    assert rows[2][1] == rows[3][1] == 0


def test_no_harm_no_severity() -> None:
    kb = knowledge([*SMALL, recommendation(1, targets=["club", "pact"])])
    ((number, severity, reasons),) = ranked(kb, assess(kb, scenario="quiet"))
    assert (number, severity, reasons) == (1, 0, ())


def test_rank_recommendations_gives_only_those_that_answer_harm() -> None:
    # One rule, in the library: what the text, markdown and html formats list.
    kb = knowledge([*SMALL, recommendation(1), recommendation(2, targets=["club"])])
    result = assess(kb)
    assert [r.recommendation.number for r in rank_recommendations(result)] == [2]
    assert [r.recommendation.number for r in presentation.answering(result)] == [2]
    every = rank_recommendations(result, unanswered=True)
    assert [(r.recommendation.number, r.severity > 0) for r in every] == [(2, True), (1, False)]


def test_an_institution_nothing_acts_on_has_nothing_to_assess() -> None:
    idle = Institution(id="idle", kind="organisation", name=Text(en="Idle"))
    kb = knowledge([*SMALL, idle])
    # An answer, not bad input: an assessment without outcomes.
    result = assess(kb, target="idle")
    assert (result.target, result.outcomes) == ("idle", ())
    with pytest.raises(UnknownName, match="no institution or regime 'nosuch'"):
        assess(kb, target="nosuch")


def test_an_outcome_is_found_by_its_dotted_key(kb: KnowledgeBase) -> None:
    # Trap: keys are shown dotted everywhere, and outcome("club.cohesion") failed.
    result = assess(kb)
    assert result.outcome("club.cohesion") is result.outcome("club", "cohesion")
    with pytest.raises(UnknownName, match=r"give a dimension, as in 'club\.cohesion'"):
        result.outcome("club")
    with pytest.raises(UnknownName, match=r"did you mean club\.cohesion"):
        result.outcome("club.cohesio")


def test_lookups_raise_unknown_name_a_multilat_error_and_a_key_error(kb: KnowledgeBase) -> None:
    for call in (
        lambda: assess(kb, "nosuch"),
        lambda: assess(kb, scenario="nosuch"),
        lambda: kb["nosuch"],
        lambda: assess(kb).outcome("nosuch.cohesion"),
    ):
        with pytest.raises(UnknownName) as caught:
            call()
        assert isinstance(caught.value, KeyError)
        assert isinstance(caught.value, MultilatError)
        assert not str(caught.value).startswith(("'", '"'))


def test_an_unknown_scenario_lists_the_known(kb: KnowledgeBase) -> None:
    with pytest.raises(UnknownName, match=r"no scenario 'nosuch'; known: boom, "):
        assess(kb, scenario="nosuch")


def test_reprs_are_short(kb: KnowledgeBase) -> None:
    result = assess(kb)
    assert repr(result) == f"<Assessment long term, baseline, {len(result.outcomes)} outcomes>"
    assert repr(result.outcome("club.cohesion")).startswith("<Outcome club.cohesion: level ")


def test_worst_is_what_suffers_by_level_or_by_change(kb: KnowledgeBase) -> None:
    baseline = assess(kb)
    # All three sit below zero in the baseline, worst first.
    assert [o.key for o in baseline.ordered()] == [
        "pact.effectiveness",
        "club.cohesion",
        "club.effectiveness",
    ]
    assert baseline.worst() == baseline.ordered()
    assert [o.key for o in baseline.worst(1)] == ["pact.effectiveness"]
    boom = assess(kb, scenario="boom")  # alpha up: harms club, leaves pact alone
    assert [o.key for o in boom.ordered()][-1] == "pact.effectiveness"
    assert boom.outcome("pact", "effectiveness").change == 0
    # Changes: tanh(-0.5 + 0.125) - tanh(-0.125) = -0.234 for effectiveness,
    # tanh(-0.75 tanh(0.5)) - tanh(-0.75 tanh(0.25)) = -0.152 for cohesion.
    assert [o.key for o in boom.worst()] == ["club.effectiveness", "club.cohesion"]


# -- judged or not, standings on a date, targets, explanations ---------------------


def test_an_outcome_nothing_acts_on_in_the_horizon_is_not_judged(kb: KnowledgeBase) -> None:
    short = assess(kb, horizon="short")

    cohesion = short.outcome("club", "cohesion")
    assert cohesion.judged
    assert cohesion.judged_in == (Horizon.SHORT, Horizon.LONG)
    unjudged = short.outcome("club", "effectiveness")
    assert not unjudged.judged
    assert unjudged.judged_in == (Horizon.LONG,)
    assert unjudged.paths == ()
    assert [o.key for o in short.unjudged] == ["club.effectiveness", "pact.effectiveness"]
    assert [o.key for o in short.judged] == ["club.cohesion"]
    # An unjudged outcome is never ranked, and never "suffers".
    assert [o.key for o in short.ordered()] == ["club.cohesion"]
    assert all(o.judged for o in short.worst())
    assert all(o.judged for o in assess(kb, horizon="long").outcomes)


def dated_pact(*events: RegimeEvent) -> Regime:
    return Regime(
        id="pact", name=Text(en="Pact"), domain="nuclear", verification=False, events=events
    )


def test_a_regime_not_in_force_on_the_day_has_a_standing_and_no_outcomes() -> None:
    ended = dated_pact(
        RegimeEvent(kind="entered-into-force", date=dt.date(2000, 1, 1)),
        RegimeEvent(kind="withdrawal-effective", date=dt.date(2010, 6, 1), party="USA"),
        RegimeEvent(kind="terminated", date=dt.date(2019, 8, 2)),
    )
    kb = knowledge([ended if o is PACT else o for o in SMALL])

    now = assess(kb)  # the note's date
    assert now.on == NOTE_DATE == dt.date(2020, 7, 1)
    assert not now.for_target("pact")
    assert [(s.target, s.status, s.in_force) for s in now.not_in_force] == [
        ("pact", "terminated", False)
    ]
    then = assess(kb, on=dt.date(2015, 1, 1))
    assert then.outcome("pact", "effectiveness").level == pytest.approx(math.tanh(-0.5))
    standing = {s.target: s for s in then.standings}["pact"]
    assert (standing.status, standing.in_force, standing.withdrawn) == ("in-force", True, ("USA",))
    # Asked for by name, it is reported, not an error.
    assert assess(kb, target="pact").not_in_force[0].status == "terminated"


def test_a_regime_without_dated_events_is_assessed(kb: KnowledgeBase) -> None:
    standing = {s.target: s for s in assess(kb).standings}["pact"]
    assert (standing.status, standing.in_force) == ("undated", True)


def test_institution_standings_follow_memberships() -> None:
    def club(*spells: Membership) -> Institution:
        return Institution(id="club", kind="organisation", name=Text(en="Club"), memberships=spells)

    members = club(
        Membership(member="NLD", joined="1990-01-01"),
        Membership(member="GBR", joined="1990-01-01", left="2020-01-31"),
    )
    assert standing_of(members, NOTE_DATE) == Standing("club", "active", True, ("GBR",))
    assert standing_of(members, dt.date(1980, 1, 1)) == Standing("club", "not-established", False)
    gone = club(Membership(member="NLD", joined="1990-01-01", left="2000-01-01"))
    assert standing_of(gone, NOTE_DATE) == Standing("club", "no-members", False, ("NLD",))
    assert standing_of(club(), NOTE_DATE) == Standing("club", "active", True)


def test_a_scenario_targets_what_its_moved_trends_act_on_directly(kb: KnowledgeBase) -> None:
    # alpha 0.5 -> 1.0 moves it by 0.5: it acts directly on club.effectiveness
    # (long); club.cohesion it reaches only through beta.
    assert assess(kb, scenario="boom").targets == ("club.effectiveness",)
    assert assess(kb, scenario="boom", horizon="short").targets == ("club.cohesion",)
    assert assess(kb).targets == ()
    # Held 0.3 from its baseline, beta is not moved enough to target anything.
    assert assess(kb, scenario="hold-beta").targets == ("club.cohesion",)
    assert assess(kb, scenario=scenario("nudge", beta=0.5)).targets == ()


def test_opposing_chains_make_no_target() -> None:
    # alpha lowers club.cohesion directly and raises it through beta.
    kb = knowledge(
        [
            CLUB,
            trend("alpha"),
            trend("beta"),
            influence("alpha", "beta", 0.5),
            influence("beta", "club", 0.5, dimension="cohesion"),
            influence("alpha", "club", -0.5, dimension="cohesion"),
            scenario("boom", alpha=1.0),
        ]
    )
    assert assess(kb, scenario="boom").targets == ()


def test_explain_shows_the_terms_and_the_held_trends(kb: KnowledgeBase) -> None:
    why = explain(kb, "club.effectiveness")

    assert why.key == "club.effectiveness"
    assert why.judged
    assert why.scale == 1.0
    assert [(t.influence.cause, t.judged_weight, t.weight) for t in why.terms] == [
        ("alpha", -0.5, -0.5),
        ("gamma", 0.25, 0.25),
    ]
    assert why.terms[0].contribution == pytest.approx(-0.25)
    assert why.level == pytest.approx(math.tanh(why.weighted_sum))
    assert why.held == (("alpha", 0.5, "driver"), ("gamma", 0.5, "driver"))
    assert (why.rule, why.transfer, why.calibration, why.on) == (
        "kosko",
        "tanh",
        "capped",
        NOTE_DATE,
    )
    chain = explain(kb, "club.cohesion", scenario="hold-beta")
    assert chain.held == (("beta", 0.8, "scenario"),)
    assert chain.baseline == pytest.approx(BASE_COHESION_LEVEL)
    held = explain(kb, "beta", scenario="hold-beta")
    assert held.terms == ()
    assert held.held == (("beta", 0.8, "scenario"),)
    with pytest.raises(KeyError, match=r"did you mean club\.cohesion"):
        explain(kb, "club.cohesio")


BASE_COHESION_LEVEL = math.tanh(-0.75 * math.tanh(0.25))


def test_the_capped_calibration_scales_a_crowded_concept(kb: KnowledgeBase) -> None:
    crowded = knowledge(
        [
            CLUB,
            *(trend(name) for name in ("a", "b", "c", "d")),
            *(influence(name, "club", -0.75, dimension="cohesion") for name in "abcd"),
        ]
    )
    capped = compile_map(crowded, "long")
    plain = compile_map(crowded, "long", calibration="none")
    column = capped.index("club.cohesion")
    assert capped.scales[column] == pytest.approx(INCOMING_CAP / 3.0)
    assert np.abs(capped.weights[:, column]).sum() == pytest.approx(INCOMING_CAP)
    assert (capped.judged_weights == plain.weights).all()
    assert (plain.scales == 1.0).all()
    level = assess(crowded).outcome("club", "cohesion").level
    assert level == pytest.approx(math.tanh(-0.5 * INCOMING_CAP))
    assert assess(crowded, calibration="none").outcome("club", "cohesion").level == pytest.approx(
        math.tanh(-1.5)
    )
    # A concept within the cap keeps its judged weights bit for bit.
    small = compile_map(kb, "long")
    assert (small.weights == small.judged_weights).all()
    with pytest.raises(ValueError, match="unknown calibration 'steep'"):
        compile_map(kb, "long", calibration="steep")
