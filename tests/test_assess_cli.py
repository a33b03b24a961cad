"""``multilat assess`` and ``multilat scenarios``, in-process on a small hand-built map.

The command sees a host with one registered fake plugin (the map of
``tests/test_assessment.py`` plus scenarios and recommendations) and core's
``json`` format, but not core's content; a few tests run on core's content
alone (``MULTILAT_LOAD_PLUGINS=""``), which has scenarios but no outcomes.
"""

from __future__ import annotations

import gc
import json
import math
from collections.abc import Callable, Iterable
from typing import Any

import jsonschema
import pytest

import multilat.plugins
from multilat.errors import InvalidValue
from multilat.formats import Format, Report
from multilat.hookspecs import hookimpl
from multilat.model import (
    Fragment,
    Institution,
    Regime,
    RegimeEvent,
    Scenario,
    ScenarioOrigin,
    Text,
)
from multilat.plugins import PluginHost
from multilat.schema import assessment_schema
from tests.clirun import Result
from tests.distributions import make_host
from tests.test_assessment import PAPER, SMALL, recommendation, scenario

ERROR = "multilat: error: "
METHOD = (
    "  as of 2020-07-01; rule kosko, transfer tanh,"
    " calibration capped (incoming weights capped at 1.4 per concept)"
)

IDLE = Institution(id="idle", kind="body", name=Text(en="Idle body"))
SHORT = Scenario(
    id="short-shock",
    name=Text(en="A short shock", nl="Een korte schok"),
    description=Text(en="Alpha at its strongest, in the short term."),
    levels={"alpha": 1.0},
    horizon="short",
)


class SmallMap:
    """A content plugin with the small map, two recommendations and scenarios."""

    __name__ = "small_map"

    @hookimpl
    def multilat_knowledge(self) -> Fragment:
        return Fragment.of(
            [
                PAPER,
                *SMALL,
                IDLE,
                recommendation(1, targets=["club"]),
                recommendation(2, counters=["gamma"]),
            ]
        )

    @hookimpl
    def multilat_scenarios(self) -> Iterable[Scenario]:
        return [SHORT]


class CountFormat:
    """A format written before assessments existed: it renders the knowledge base."""

    __name__ = "count_format"

    @hookimpl
    def multilat_formats(self) -> list[Format]:
        def render(report: Report) -> str:
            return f"{len(report.knowledge)} objects\n"

        return [Format(name="count", media_type="text/plain", suffix=".txt", render=render)]


class LevelsFormat:
    """A format of assessments alone: one line per outcome."""

    __name__ = "levels_format"

    @hookimpl
    def multilat_formats(self) -> list[Format]:
        def render(report: Report) -> str:
            assert report.assessment is not None
            return "".join(f"{o.key} {o.level:+.3f}\n" for o in report.assessment.outcomes)

        return [
            Format(
                name="levels",
                media_type="text/plain",
                suffix=".txt",
                render=render,
                documents=["assessment"],
            )
        ]


@pytest.fixture
def host(monkeypatch: pytest.MonkeyPatch) -> PluginHost:
    host = make_host(entry_points=False)
    host.register(SmallMap(), "small-map")
    host.register(CountFormat(), "count-format")
    host.register(LevelsFormat(), "levels-format")
    monkeypatch.setattr(multilat.plugins, "_default_host", host)
    return host


def table(out: str) -> list[list[str]]:
    """The rows of the first table of ``out`` (from its header to a blank line)."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(("outcome ", "uitkomst ")))
    end = next((i for i in range(start, len(lines)) if not lines[i].strip()), len(lines))
    return [line.split() for line in lines[start:end]]


def signed(value: float) -> str:
    return f"{value:+.2f}"


# Levels of the small map, worked out in tests/test_assessment.py.
BETA = math.tanh(0.25)
BASE_COHESION = math.tanh(-0.75 * BETA)
BASE_EFFECTIVENESS = math.tanh(-0.125)
PACT = math.tanh(-0.5)
BOOM_COHESION = math.tanh(-0.75 * math.tanh(0.5))
BOOM_EFFECTIVENESS = math.tanh(-0.375)


# -- the text report --------------------------------------------------------------


def test_baseline_table_sorted_by_level(host: PluginHost, run: Callable[..., Result]) -> None:
    result = run("assess")

    assert (result.code, result.err) == (0, "")
    assert result.out.splitlines()[0] == "Assessment, long term, baseline (July 2020)"
    assert table(result.out) == [
        ["outcome", "level"],
        ["pact.effectiveness", signed(PACT)],
        ["club.cohesion", signed(BASE_COHESION)],
        ["club.effectiveness", signed(BASE_EFFECTIVENESS)],
    ]


def test_scenario_table_sorted_by_change_with_paths_and_recommendations(
    host: PluginHost, run: Callable[..., Result]
) -> None:
    result = run("assess", "--scenario", "boom")

    assert (result.code, result.err) == (0, "")
    lines = result.out.splitlines()
    assert lines[:4] == [
        "Assessment, long term, scenario boom: boom",
        METHOD,
        "  holds alpha=1",
        "  targets club.effectiveness",
    ]
    assert table(result.out) == [
        ["outcome", "level", "baseline", "change"],
        [
            "club.effectiveness",
            signed(BOOM_EFFECTIVENESS),
            signed(BASE_EFFECTIVENESS),
            signed(BOOM_EFFECTIVENESS - BASE_EFFECTIVENESS),
        ],
        [
            "club.cohesion",
            signed(BOOM_COHESION),
            signed(BASE_COHESION),
            signed(BOOM_COHESION - BASE_COHESION),
        ],
        ["pact.effectiveness", signed(PACT), signed(PACT), "+0.00"],
    ]
    why = lines[lines.index("Strongest path to each of the worst outcomes:") :]
    assert why[1:7] == [
        f"  club.effectiveness ({signed(BOOM_EFFECTIVENESS)})",
        "    alpha -> club.effectiveness  contribution -0.50",
        "    paper body¶1: \u201cas the paper says\u201d",
        f"  club.cohesion ({signed(BOOM_COHESION)})",
        "    alpha -> beta -> club.cohesion  contribution -0.38",
        "    paper body¶1: \u201calpha feeds beta\u201d",
    ]
    # pact.effectiveness is harmed but does not change: it is not among the worst.
    assert "  pact.effectiveness" not in "\n".join(why[:8])
    recs = lines[lines.index("Recommendations, by the harm they answer:") :]
    harm = -BOOM_COHESION - BOOM_EFFECTIVENESS
    assert recs[1:4] == [
        f"  1. Recommendation 1 (severity {harm:.2f})",
        f"     - club.effectiveness at {signed(BOOM_EFFECTIVENESS)} (a target)",
        f"     - club.cohesion at {signed(BOOM_COHESION)} (a target)",
    ]
    # gamma feeds pact.effectiveness: recommendation 2 counters that path.
    assert recs[4:6] == [
        "  2. Recommendation 2 (severity 0.50)",
        f"     - pact.effectiveness at {signed(PACT)} via gamma",
    ]


def test_set_builds_a_custom_scenario(host: PluginHost, run: Callable[..., Result]) -> None:
    named = run("assess", "--scenario", "boom")
    custom = run("assess", "--set", "alpha=1")

    assert custom.code == 0
    assert custom.out.splitlines()[:3] == [
        "Assessment, long term, scenario custom: Custom scenario",
        METHOD,
        "  holds alpha=1",
    ]
    assert table(custom.out) == table(named.out)


def test_set_overrides_the_scenario(host: PluginHost, run: Callable[..., Result]) -> None:
    result = run("assess", "--scenario", "hold-beta", "--set", "alpha=1", "--set", "beta=0.5")

    assert result.code == 0
    assert result.out.splitlines()[:3] == [
        "Assessment, long term, scenario custom: hold-beta (modified)",
        METHOD,
        "  holds alpha=1, beta=0.5",
    ]
    rows = {row[0]: row[1:] for row in table(result.out)[1:]}
    assert rows["club.cohesion"][0] == signed(math.tanh(-0.75 * 0.5))


def test_later_set_of_the_same_trend_wins(host: PluginHost, run: Callable[..., Result]) -> None:
    result = run("assess", "--set", "alpha=0.2", "--set", "alpha=1")
    assert result.out.splitlines()[2] == "  holds alpha=1"


def test_target_keeps_its_outcomes(host: PluginHost, run: Callable[..., Result]) -> None:
    result = run("assess", "club", "--scenario", "boom")
    assert [row[0] for row in table(result.out)[1:]] == ["club.effectiveness", "club.cohesion"]


def test_horizon_defaults_to_the_scenarios(host: PluginHost, run: Callable[..., Result]) -> None:
    own = run("assess", "--scenario", "short-shock", "--lang", "nl")
    overridden = run("assess", "--scenario", "short-shock", "--horizon", "long")

    first = own.out.splitlines()[0]
    assert first == "Beoordeling, korte termijn, scenario short-shock: Een korte schok"
    rows = {row[0]: row[1:] for row in table(own.out)[1:]}
    # In the short term alpha acts on club.cohesion directly, at full weight.
    level, baseline = math.tanh(-1.0), math.tanh(-0.5)
    assert rows["club.cohesion"] == [signed(level), signed(baseline), signed(level - baseline)]
    assert overridden.out.splitlines()[0].startswith("Assessment, long term, ")


def test_ensemble_table(host: PluginHost, run: Callable[..., Result]) -> None:
    result = run("assess", "--scenario", "boom", "--ensemble", "200", "--seed", "7")

    assert (result.code, result.err) == (0, "")
    assert "Ensemble of 200 draws of the weights (seed 7):" in result.out
    header, *rows = table(result.out)
    assert header == ["outcome", "mean", "5%..95%", "change", "5%..95%", "P(decline)"]
    # Sorted by mean change; pact.effectiveness never moves under boom.
    assert [row[0] for row in rows][-1] == "pact.effectiveness"
    assert rows[-1][-1] == "0%"
    assert all(row[-1] == "100%" for row in rows[:-1])
    # The evidence still comes from the judged weights.
    assert "Strongest path to each of the worst outcomes:" in result.out


def test_ensemble_of_the_baseline(host: PluginHost, run: Callable[..., Result]) -> None:
    result = run("assess", "--ensemble", "50")
    header, *rows = table(result.out)
    assert header == ["outcome", "mean", "5%..95%", "P(decline)"]
    assert "(seed 0)" in result.out
    assert rows[0][0] == "pact.effectiveness"


def test_core_content_alone_has_no_outcomes(run: Callable[..., Result]) -> None:
    result = run("assess", "--scenario", "second-wave")

    assert (result.code, result.err) == (0, "")
    assert "No outcomes: no influence in the knowledge base acts on an institution or" in (
        result.out
    )


# -- errors -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["clubb"], "no institution or regime 'clubb' to assess (did you mean club?)"),
        (["alpha"], "no institution or regime 'alpha' to assess"),
        (
            ["--scenario", "bom"],
            "no scenario 'bom' (did you mean boom?); known: boom, hold-beta, quiet, short-shock",
        ),
        (["--set", "alpah=1"], "no trend with id 'alpah' (did you mean alpha?)"),
        (["--set", "club=1"], "no trend with id 'club'"),
        (["--set", "alpha"], "--set 'alpha': expected TREND=LEVEL, like covid-19=1"),
        (["--set", "=1"], "--set '=1': expected TREND=LEVEL, like covid-19=1"),
        (["--set", "alpha=high"], "--set 'alpha=high': level 'high' is not a number"),
        (["--set", "alpha="], "--set 'alpha=': level '' is not a number"),
        (["--set", "alpha=1.5"], "--set 'alpha=1.5': level 1.5 is outside [-1, 1]"),
        (["--set", "alpha=-2"], "--set 'alpha=-2': level -2 is outside [-1, 1]"),
        (["--set", "alpha=nan"], "--set 'alpha=nan': level nan is outside [-1, 1]"),
        (["--seed", "3"], "--seed needs --ensemble N (see 'multilat assess --help')"),
        (
            ["--ensemble", "0"],
            "argument --ensemble: '0' is not at least 1 (see 'multilat assess --help')",
        ),
        (
            ["--ensemble", "many"],
            "argument --ensemble: 'many' is not a whole number (see 'multilat assess --help')",
        ),
        (
            ["--horizon", "medium"],
            "argument --horizon: invalid choice: 'medium' (choose from 'short', 'long')"
            " (see 'multilat assess --help')",
        ),
        (
            ["--format", "jsno"],
            "unknown format 'jsno' (did you mean json?);"
            " formats that render an assessment: json, levels, text",
        ),
        (
            ["--format", "count"],
            "format 'count' cannot render an assessment; formats that can: json, levels, text",
        ),
        (
            ["--ensemble", "10", "--format", "levels"],
            "format 'levels' cannot render an ensemble; formats that can: json, text",
        ),
        (
            ["--ensemble", "10", "--format", "levls"],
            "unknown format 'levls'; formats that render an ensemble: json, text",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    host: PluginHost, run: Callable[..., Result], argv: list[str], message: str
) -> None:
    result = run("assess", *argv)
    assert result == Result(2, "", f"{ERROR}{message}\n")


def test_malformed_level_is_reported_before_an_unknown_scenario(
    host: PluginHost, run: Callable[..., Result]
) -> None:
    result = run("assess", "--scenario", "nosuch", "--set", "alpha")
    assert result.err == f"{ERROR}--set 'alpha': expected TREND=LEVEL, like covid-19=1\n"


# -- formats ------------------------------------------------------------------------


def test_json_is_deterministic_and_valid(host: PluginHost, run: Callable[..., Result]) -> None:
    argv = ("assess", "--scenario", "boom", "--ensemble", "100", "--seed", "3", "--format", "json")
    first, second = run(*argv), run(*argv)

    assert (first.code, first.err) == (0, "")
    assert first.out == second.out
    data = json.loads(first.out)
    jsonschema.validate(data, assessment_schema())
    assert list(first.out.splitlines()[1:3]) == [
        '  "assessment": {',
        '    "calibration": "capped",',
    ]


def test_json_assessment(host: PluginHost, run: Callable[..., Result]) -> None:
    data = json.loads(run("assess", "--scenario", "boom", "--format", "json").out)

    assert data["format"] == "multilat-assessment/1"
    assert data["ensemble"] is None
    assessment = data["assessment"]
    assert {k: assessment[k] for k in ("horizon", "scenario", "rule", "transfer", "converged")} == {
        "horizon": "long",
        "scenario": {"id": "boom", "levels": {"alpha": 1.0}},
        "rule": "kosko",
        "transfer": "tanh",
        "converged": True,
    }
    cohesion = next(o for o in assessment["outcomes"] if o["key"] == "club.cohesion")
    assert cohesion["level"] == round(BOOM_COHESION, 6)
    assert cohesion["baseline"] == round(BASE_COHESION, 6)
    assert cohesion["change"] == round(BOOM_COHESION - BASE_COHESION, 6)
    assert cohesion["paths"] == [
        {
            "concepts": ["alpha", "beta", "club.cohesion"],
            "contribution": -0.375,
            "influences": ["alpha-to-beta-long", "beta-to-club-cohesion-long"],
            "citations": [
                {"source": "paper", "locator": "body¶1", "quote": "alpha feeds beta"},
                {"source": "paper", "locator": "body¶1", "quote": "beta splits the club"},
            ],
        }
    ]
    assert [(r["number"], r["id"]) for r in assessment["recommendations"]] == [
        (1, "recommendation-1"),
        (2, "recommendation-2"),
    ]
    assert assessment["recommendations"][1]["reasons"] == ["pact.effectiveness at -0.46 via gamma"]


def test_json_ensemble_keeps_only_the_target(host: PluginHost, run: Callable[..., Result]) -> None:
    data = json.loads(run("assess", "pact", "--ensemble", "20", "--format", "json").out)

    ensemble = data["ensemble"]
    assert {k: v for k, v in ensemble.items() if k != "outcomes"} == {
        "horizon": "long",
        "scenario": None,
        "n": 20,
        "seed": 0,
        "chunk_size": 1000,
        "rule": "kosko",
        "transfer": "tanh",
        "converged": True,
        "exact": True,
        "quantile_error": 0.0,
    }
    (outcome,) = ensemble["outcomes"]
    assert outcome["key"] == "pact.effectiveness"
    assert sorted(outcome["quantiles"]) == ["0.05", "0.25", "0.5", "0.75", "0.95"]
    assert outcome["p_decline"] == 1.0
    assert [o["key"] for o in data["assessment"]["outcomes"]] == ["pact.effectiveness"]


def test_a_format_that_declares_no_documents_still_renders_the_knowledge_base(
    host: PluginHost, run: Callable[..., Result]
) -> None:
    # Written before formats declared documents: knowledge only, by default,
    # so ``assess --format count`` is refused (test_bad_input_is_one_line_and_exit_2).
    objects = len(multilat.plugins.load(host=host))
    assert run("report", "--format", "count") == Result(0, f"{objects} objects\n", "")


def test_a_format_that_renders_assessments_only(
    host: PluginHost, run: Callable[..., Result]
) -> None:
    assert run("assess", "pact", "--format", "levels") == Result(
        0, f"pact.effectiveness {PACT:+.3f}\n", ""
    )
    refused = run("report", "--format", "levels")
    assert refused == Result(
        2,
        "",
        f"{ERROR}format 'levels' cannot render a knowledge base; formats that can: count, json\n",
    )


def test_report_json_is_still_the_knowledge_base(
    host: PluginHost, run: Callable[..., Result]
) -> None:
    assert json.loads(run("report", "--format", "json").out)["format"] == "multilat-knowledge/1"


def test_report_checks_what_it_carries() -> None:
    kb = multilat.load()
    assert Report(kb).assessment is None
    assert Report(kb).ensemble is None
    with pytest.raises(InvalidValue, match="assessment: expected Assessment or None, got str"):
        Report(kb, assessment="x")  # type: ignore[arg-type]
    with pytest.raises(InvalidValue, match="ensemble: expected Ensemble or None, got int"):
        Report(kb, ensemble=3)  # type: ignore[arg-type]


# -- scenarios ----------------------------------------------------------------------


def test_scenarios_lists_every_scenario(host: PluginHost, run: Callable[..., Result]) -> None:
    result = run("scenarios")

    assert (result.code, result.err) == (0, "")
    assert result.out.splitlines() == [
        "boom         boom",
        "             alpha=1",
        "hold-beta    hold-beta",
        "             beta=0.8",
        "quiet        quiet",
        "             alpha=0, gamma=0",
        "short-shock  A short shock (short term)",
        "             alpha=1",
    ]
    dutch = run("scenarios", "--lang", "nl").out.splitlines()
    assert dutch[6] == "short-shock  Een korte schok (korte termijn)"


def test_scenarios_json(host: PluginHost, run: Callable[..., Result]) -> None:
    result = run("scenarios", "--json")

    data: dict[str, Any] = json.loads(result.out)
    assert [s["id"] for s in data["scenarios"]] == ["boom", "hold-beta", "quiet", "short-shock"]
    assert data["scenarios"][3] == {
        "id": "short-shock",
        "name": {"en": "A short shock", "nl": "Een korte schok"},
        "description": {"en": "Alpha at its strongest, in the short term."},
        "levels": {"alpha": 1.0},
        "horizon": "short",
        "citations": [],
        "origin": "note",
    }
    assert run("scenarios", "--json").out == result.out


def test_scenarios_of_core(run: Callable[..., Result]) -> None:
    ids = [s["id"] for s in json.loads(run("scenarios", "--json").out)["scenarios"]]
    assert {"us-re-engagement", "second-wave"} <= set(ids)


def test_scenarios_say_whose_they_are(run: Callable[..., Result]) -> None:
    # The note raises no second wave: that scenario is the library's, and
    # the listing says so; the note's own scenarios go unmarked.
    lines = run("scenarios").out.splitlines()
    second_wave = next(line for line in lines if line.startswith("second-wave "))
    assert second_wave.endswith("[library's]")
    us = next(line for line in lines if line.startswith("us-re-engagement "))
    assert "[" not in us
    data = json.loads(run("scenarios", "--json").out)["scenarios"]
    origins = {s["id"]: s["origin"] for s in data}
    assert origins["second-wave"] == "library"
    assert origins["us-re-engagement"] == "note"


@pytest.mark.parametrize("base", [None, "second-wave"])
def test_a_command_line_scenario_is_the_users(base: str | None) -> None:
    import argparse

    from multilat.cli import _choose_scenario
    from multilat.testing import load_plugins

    kb = load_plugins({})
    args = argparse.Namespace(scenario=base, levels=["covid-19=0.75"])
    chosen = _choose_scenario(kb, args)
    assert chosen is not None
    assert chosen.origin is ScenarioOrigin.USER


def test_help_names_the_new_commands(run: Callable[..., Result]) -> None:
    out = run("--help").out
    assert "assess" in out
    assert "scenarios" in out
    assessed = run("assess", "--help")
    assert assessed.code == 0
    assert "--set TREND=LEVEL" in assessed.out


def test_scenario_helper_matches_the_model() -> None:
    # The helper the map's scenarios are built with gives ordinary scenarios.
    assert scenario("x", alpha=1.0).levels == (("alpha", 1.0),)


def test_show_a_scenario_writes_its_levels_as_in_toml(
    host: PluginHost, run: Callable[..., Result]
) -> None:
    result = run("show", "quiet")
    assert result.code == 0
    assert "  levels:\n    - alpha = 0\n    - gamma = 0\n" in result.out


# -- no judgment, dates, explanations ------------------------------------------------


def test_unjudged_outcomes_are_named_never_given_a_level(
    host: PluginHost, run: Callable[..., Result]
) -> None:
    result = run("assess", "--horizon", "short")

    assert result.code == 0
    assert table(result.out) == [["outcome", "level"], ["club.cohesion", signed(SHORT_COHESION)]]
    assert "+0.00" not in result.out
    lines = result.out.splitlines()
    start = lines.index("No judgment in the short term (nothing in the note acts on these then):")
    assert lines[start + 1 : start + 3] == [
        "  club.effectiveness, pact.effectiveness",
        "    (judged in the long term: --horizon long)",
    ]


SHORT_COHESION = math.tanh(-1.0 * 0.5)
ENDED_PACT = Regime(
    id="pact",
    name=Text(en="Pact"),
    domain="nuclear",
    verification=False,
    events=[
        RegimeEvent(kind="entered-into-force", date="2000-01-01"),
        RegimeEvent(kind="withdrawal-effective", date="2010-06-01", party="USA"),
        RegimeEvent(kind="terminated", date="2019-08-02"),
    ],
)


class DatedMap(SmallMap):
    """The small map with a pact that ended in 2019."""

    @hookimpl
    def multilat_knowledge(self) -> Fragment:
        objects = [ENDED_PACT if o is PACT_REGIME else o for o in SMALL]
        return Fragment.of([PAPER, *objects])


PACT_REGIME = next(o for o in SMALL if isinstance(o, Regime))


@pytest.fixture
def dated(monkeypatch: pytest.MonkeyPatch) -> PluginHost:
    host = make_host(entry_points=False)
    host.register(DatedMap(), "dated-map")
    monkeypatch.setattr(multilat.plugins, "_default_host", host)
    return host


def test_a_regime_not_in_force_on_the_date_is_reported_not_assessed(
    dated: PluginHost, run: Callable[..., Result]
) -> None:
    now = run("assess")

    assert now.code == 0
    assert [row[0] for row in table(now.out)[1:]] == ["club.cohesion", "club.effectiveness"]
    lines = now.out.splitlines()
    start = lines.index("Not in force on 2020-07-01, so not assessed:")
    assert lines[start + 1] == "  pact: terminated"

    then = run("assess", "--on", "2015-01-01")
    assert then.out.splitlines()[1].startswith("  as of 2015-01-01; ")
    assert "pact.effectiveness" in [row[0] for row in table(then.out)[1:]]
    assert "Parties that had left by 2015-01-01:\n  pact: USA\n" in then.out

    alone = run("assess", "pact")
    assert alone.code == 0
    assert "outcome " not in alone.out
    assert "  pact: terminated" in alone.out.splitlines()

    data = json.loads(run("assess", "--format", "json").out)["assessment"]
    jsonschema.validate(
        {"format": "multilat-assessment/1", "assessment": data, "ensemble": None},
        assessment_schema(),
    )
    assert data["on"] == "2020-07-01"
    assert data["calibration"] == "capped"
    assert [s for s in data["standings"] if s["target"] == "pact"] == [
        {"target": "pact", "status": "terminated", "in_force": False, "withdrawn": ["USA"]}
    ]
    assert "pact.effectiveness" not in {o["key"] for o in data["outcomes"]}


def test_ensemble_keeps_only_the_assessed_outcomes(
    dated: PluginHost, run: Callable[..., Result]
) -> None:
    data = json.loads(run("assess", "--ensemble", "20", "--format", "json").out)
    assert [o["key"] for o in data["ensemble"]["outcomes"]] == [
        "club.cohesion",
        "club.effectiveness",
    ]


def test_json_outcome_without_judgment_has_null_levels(
    host: PluginHost, run: Callable[..., Result]
) -> None:
    data = json.loads(run("assess", "--horizon", "short", "--format", "json").out)
    jsonschema.validate(data, assessment_schema())
    outcome = next(o for o in data["assessment"]["outcomes"] if o["key"] == "pact.effectiveness")
    assert outcome == {
        "key": "pact.effectiveness",
        "target": "pact",
        "dimension": "effectiveness",
        "judged": False,
        "judged_in": ["long"],
        "level": None,
        "baseline": None,
        "change": None,
        "paths": [],
    }


@pytest.mark.parametrize("value", ["2020-13-01", "July 2020", ""])
def test_a_bad_date_is_one_line_and_exit_2(
    host: PluginHost, run: Callable[..., Result], value: str
) -> None:
    result = run("assess", "--on", value)
    assert result.code == 2
    assert result.err.startswith(f"{ERROR}argument --on: {value!r} is not a date;")
    assert len(result.err.splitlines()) == 1


def test_calibration_none_runs_the_judged_weights(
    host: PluginHost, run: Callable[..., Result]
) -> None:
    result = run("assess", "--calibration", "none")
    assert "calibration none (incoming weights as judged)" in result.out.splitlines()[1]


def test_explain_shows_influences_quotes_and_held_trends(
    host: PluginHost, run: Callable[..., Result]
) -> None:
    result = run("assess", "--explain", "club.effectiveness")

    assert (result.code, result.err) == (0, "")
    assert result.out.splitlines() == [
        "How club.effectiveness was reached, long term, baseline (July 2020)",
        METHOD,
        "",
        f"club.effectiveness: level {signed(BASE_EFFECTIVENESS)} = tanh(-0.12),"
        " the sum of 2 influences",
        "",
        "Influences on it, largest contribution first (cause level x weight):",
        "  alpha-to-club-effectiveness-long",
        "    alpha +0.50 x -0.50 (moderate, high confidence) = -0.25",
        "    paper body¶1: \u201cas the paper says\u201d",
        "  gamma-to-club-effectiveness-long",
        "    gamma +0.50 x +0.25 (weak, high confidence) = +0.12",
        "    paper body¶1: \u201cas the paper says\u201d",
        "",
        "Held trends the chains into it start from:",
        "  alpha +0.50 (driver: no cause in this map)",
        "  gamma +0.50 (driver: no cause in this map)",
    ]


def test_explain_an_unjudged_outcome_points_to_the_other_horizon(
    host: PluginHost, run: Callable[..., Result]
) -> None:
    result = run("assess", "--horizon", "short", "--explain", "club.effectiveness")
    assert result.out.splitlines()[-2:] == [
        "club.effectiveness: no judgment in the short term: no influence acts on it.",
        "The note judges it in the long term:"
        " multilat assess --horizon long --explain club.effectiveness",
    ]


def test_explain_a_held_trend_and_a_scenario(host: PluginHost, run: Callable[..., Result]) -> None:
    held = run("assess", "--scenario", "hold-beta", "--explain", "beta")
    assert held.out.splitlines()[-1] == "beta: held at +0.80 by the scenario."
    chain = run("assess", "--scenario", "hold-beta", "--explain", "club.cohesion")
    assert "  beta +0.80 (set by the scenario)" in chain.out.splitlines()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--explain", "club.cohesio"), "no concept 'club.cohesio' in the map (did you mean"),
        (("--explain", "alpha", "--format", "json"), "--explain prints text"),
        (("--explain", "alpha", "--ensemble", "5"), "--explain prints text"),
    ],
)
def test_explain_errors_are_one_line_and_exit_2(
    host: PluginHost, run: Callable[..., Result], argv: tuple[str, ...], message: str
) -> None:
    result = run("assess", *argv)
    assert result.code == 2
    assert result.err.startswith(ERROR + message)
    assert len(result.err.splitlines()) == 1


def test_a_target_nothing_acts_on_is_an_answer_in_one_line(
    host: PluginHost, run: Callable[..., Result]
) -> None:
    # Before: "no influence acts on 'idle': it has nothing to assess", exit 2.
    assert run("assess", "idle") == Result(
        0, "idle: nothing to assess: no influence in the knowledge base acts on it.\n", ""
    )
    assert run("assess", "idle", "--lang", "nl").out == (
        "idle: niets te beoordelen: geen invloed in de kennisbank werkt erop.\n"
    )


def test_an_unknown_scenario_lists_the_known_scenarios(
    host: PluginHost, run: Callable[..., Result]
) -> None:
    result = run("assess", "--scenario", "nosuch")
    assert result.code == 2
    assert result.err == (
        "multilat: error: no scenario 'nosuch'; known: boom, hold-beta, quiet, short-shock\n"
    )


def test_an_internal_key_error_is_a_bug_not_bad_input(
    host: PluginHost, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    import multilat.assess

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("internal")

    monkeypatch.setattr(multilat.assess, "assess", broken)
    result = run("assess")
    assert result.code == 70
    assert "internal error: KeyError" in result.err


def test_list_institutions_says_which_can_be_assessed(
    host: PluginHost, run: Callable[..., Result]
) -> None:
    rows = {line.split()[0]: line for line in run("list", "institutions").out.splitlines()}
    assert rows["club"].endswith("assessed in the short, long term")
    assert rows["idle"].endswith("nothing to assess")
    dutch = run("list", "institutions", "--lang", "nl").out
    assert "niets te beoordelen" in dutch


def test_a_target_judged_only_in_the_other_horizon_says_which(
    host: PluginHost, run: Callable[..., Result]
) -> None:
    # Before (`assess new-start`): "+0.00" with no path and no word why.
    assert run("assess", "pact", "--horizon", "short") == Result(
        0,
        "pact: no judgment in the short term: only 1 long-term influence; try --horizon long\n",
        "",
    )


# -- the garbage collector ------------------------------------------------------------


def test_the_loaded_knowledge_base_is_frozen_while_the_assessment_runs(
    host: PluginHost, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A full collection would walk NumPy's objects and the knowledge base's.
    import multilat.assess

    frozen_during: list[int] = []
    collecting_during: list[bool] = []
    real = multilat.assess.assess

    def spy(*args: Any, **kwargs: Any) -> Any:
        frozen_during.append(gc.get_freeze_count())
        collecting_during.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(multilat.assess, "assess", spy)
    assert gc.get_freeze_count() == 0

    result = run("assess")

    assert result.code == 0
    assert frozen_during[0] > 0
    assert collecting_during == [True]  # off while the modules are imported, then on
    assert gc.get_freeze_count() == 0  # a caller in the same process collects as before
    assert gc.isenabled()


def test_the_collector_is_back_on_after_a_failed_assessment(
    host: PluginHost, run: Callable[..., Result]
) -> None:
    result = run("assess", "--scenario", "no-such-scenario")

    assert result.code == 2
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_a_caller_s_frozen_objects_and_disabled_collector_are_left_alone(
    host: PluginHost, run: Callable[..., Result]
) -> None:
    gc.freeze()
    try:
        assert run("assess").code == 0
        assert gc.get_freeze_count() > 0  # not unfrozen by the command
    finally:
        gc.unfreeze()
    gc.disable()
    try:
        assert run("assess").code == 0
        assert not gc.isenabled()
        assert gc.get_freeze_count() == 0
    finally:
        gc.enable()
