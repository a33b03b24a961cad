"""Data files: TOML loading and its one-line problems, JSON export and import."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from multilat.data import (
    FORMAT_VERSION,
    converter,
    dumps_json,
    fragment_from_dict,
    load_toml,
    loads_json,
    read_toml,
)
from multilat.errors import DataError, Problem
from multilat.knowledge import KnowledgeBase
from multilat.model import (
    KINDS,
    Citation,
    Dimension,
    Fragment,
    Horizon,
    Institution,
    Membership,
    Regime,
    Role,
    Scenario,
    Source,
    Text,
    Trend,
)
from tests.strategies import DOMAIN_TYPES, knowledge_bases, sorted_fragment, strategy_for

TREND = """\
[[trend]]
id = "covid-19"
name = { en = "Covid-19 pandemic", nl = "Covid-19" }

[[trend.citations]]
source = "note"
section = "introduction"
paragraph = 2
quote = "nu Covid-19 de wereld in zijn greep houdt"
"""

INFLUENCE = """\
[[influence]]
id = "covid-unsc"
cause = "covid-19"
effect = "unsc"
dimension = "decision-making"
weight = -0.75
horizon = "short"
confidence = "high"
mechanism = "The pandemic paralyses the Council further."

[[influence.citations]]
source = "note"
section = "un"
paragraph = 3
quote = "De Veiligheidsraad is verder verlamd"
"""


def write(tmp_path: Path, text: str, name: str = "data.toml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    _, problems = read_toml(path)
    assert all(isinstance(p, Problem) for p in problems)
    lines = [str(p) for p in problems]
    assert all("\n" not in line for line in lines)
    return lines


def only_problem(path: Path) -> str:
    fragment, problems = read_toml(path)
    assert len(problems) == 1, [str(p) for p in problems]
    assert len(fragment) == 0
    line = str(problems[0])
    assert "\n" not in line
    return line


# -- what loads -------------------------------------------------------------


def test_a_valid_file(tmp_path: Path) -> None:
    path = write(tmp_path, TREND + "\n" + INFLUENCE)
    fragment, problems = read_toml(path)
    assert problems == []
    assert fragment.trends == (
        Trend(
            id="covid-19",
            name=Text(en="Covid-19 pandemic", nl="Covid-19"),
            citations=[
                Citation(
                    source="note",
                    section="introduction",
                    paragraph=2,
                    quote="nu Covid-19 de wereld in zijn greep houdt",
                )
            ],
        ),
    )
    (influence,) = fragment.influences
    assert influence.dimension is Dimension.DECISION_MAKING
    assert influence.horizon is Horizon.SHORT
    assert influence.weight == -0.75
    assert fragment.locations == {"covid-19": (str(path), 1), "covid-unsc": (str(path), 11)}


def test_text_may_be_a_plain_string(tmp_path: Path) -> None:
    path = write(tmp_path, INFLUENCE)
    (influence,) = read_toml(path)[0].influences
    assert influence.mechanism == Text(en="The pandemic paralyses the Council further.")
    assert influence.mechanism.nl is None


def test_quotes_are_folded(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '''\
        [[trend]]
        id = "covid-19"
        name = "Covid-19"

        [[trend.citations]]
        source = "note"
        section = "introduction"
        paragraph = 2
        quote = """
        nu Covid-19   de wereld
        in zijn greep houdt """
        ''',
    )
    (trend,) = read_toml(path)[0].trends
    assert trend.citations[0].quote == "nu Covid-19 de wereld in zijn greep houdt"


def test_dates_and_vocabularies(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        [[institution]]
        id = "unsc"
        kind = "organ"
        name = { en = "UN Security Council", nl = "VN-Veiligheidsraad" }

        [[institution.memberships]]
        member = "NLD"
        joined = 2018-01-01
        left = 2019-01-01
        role = "elected"
        """,
    )
    (council,) = read_toml(path)[0].institutions
    assert council.memberships == (
        Membership(
            member="NLD", joined=dt.date(2018, 1, 1), left=dt.date(2019, 1, 1), role=Role.ELECTED
        ),
    )
    assert council.members_at(dt.date(2018, 6, 1), Role.ELECTED) == {"NLD"}


def test_scenario_levels_are_a_table(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        [[scenario]]
        id = "us-re-engagement"
        name = "US re-engagement"
        description = "The United States return to multilateralism."
        levels = { us-unilateralism = -1, covid-19 = 0.5 }
        """,
    )
    (scenario,) = read_toml(path)[0].scenarios
    assert scenario.levels == (("covid-19", 0.5), ("us-unilateralism", -1.0))


# -- one-line problems ------------------------------------------------------


def test_malformed_toml(tmp_path: Path) -> None:
    path = write(tmp_path, '[[trend]]\nid = "covid-19"\nname = "Covid\n')
    assert only_problem(path) == f"{path}:3: invalid TOML: Illegal character '\\n'"


def test_malformed_toml_date(tmp_path: Path) -> None:
    path = write(tmp_path, '[[regime]]\nid = "x"\nexpires = 2021-02-30\n')
    assert only_problem(path) == f"{path}:3: invalid TOML: Invalid date or datetime"


def test_unknown_key_with_a_hint(tmp_path: Path) -> None:
    path = write(tmp_path, TREND.replace("name = {", 'descripton = "A pandemic."\nname = {'))
    assert only_problem(path) == (
        f"{path}:3: covid-19: descripton: unknown key (did you mean 'description'?)"
    )


def test_unknown_key_without_a_hint(tmp_path: Path) -> None:
    path = write(tmp_path, TREND.replace("name = {", 'colour = "red"\nname = {'))
    assert only_problem(path) == f"{path}:3: covid-19: colour: unknown key"


def test_unknown_keys_inside_nested_tables(tmp_path: Path) -> None:
    text = TREND.replace("quote =", "qoute =").replace('nl = "Covid-19"', 'fr = "Covid-19"')
    path = write(tmp_path, text)
    assert problems_of(path) == [
        f"{path}:3: covid-19: name.fr: unknown key",
        f"{path}:5: covid-19: citations[0].quote: required but missing",
        f"{path}:9: covid-19: citations[0].qoute: unknown key (did you mean 'quote'?)",
    ]


def test_unknown_table(tmp_path: Path) -> None:
    path = write(tmp_path, TREND.replace("[[trend]]", "[[trends]]").replace("trend.", "trends."))
    assert only_problem(path) == (
        f"{path}:1: unknown table 'trends' (did you mean 'trend'?); known: source, actor,"
        " institution, regime, trend, influence, recommendation, scenario, expectation,"
        " resolution"
    )


def test_a_table_where_an_array_of_tables_belongs(tmp_path: Path) -> None:
    path = write(tmp_path, '[trend]\nid = "covid-19"\n')
    assert only_problem(path) == (
        f"{path}: 'trend' must be an array of tables ([[trend]]), got a table"
    )


@pytest.mark.parametrize(
    ("old", "new", "line", "field", "message"),
    [
        (
            "weight = -0.75",
            'weight = "-0.75"',
            6,
            "weight",
            "expected a number, got a string ('-0.75')",
        ),
        ("weight = -0.75", "weight = true", 6, "weight", "expected a number, got a boolean (True)"),
        ('cause = "covid-19"', "cause = 19", 3, "cause", "expected a string, got an integer (19)"),
        (
            'mechanism = "The pandemic paralyses the Council further."',
            "mechanism = 5",
            9,
            "mechanism",
            "expected a string or a table of languages, got an integer (5)",
        ),
        (
            'mechanism = "The pandemic paralyses the Council further."',
            "mechanism = { nl = 'x' }",
            9,
            "mechanism.en",
            "required but missing",
        ),
        (
            'mechanism = "The pandemic paralyses the Council further."',
            "mechanism = { en = 'x', nl = 3 }",
            9,
            "mechanism.nl",
            "expected a string, got an integer (3)",
        ),
        (
            "paragraph = 3",
            "paragraph = true",
            14,
            "citations[0].paragraph",
            "expected an integer, got a boolean",
        ),
        (
            "paragraph = 3",
            'paragraph = "3"',
            14,
            "citations[0].paragraph",
            "expected an integer, got a string ('3')",
        ),
        (
            "paragraph = 3",
            "paragraph = 3.0",
            14,
            "citations[0].paragraph",
            "expected an integer, got a number (3.0)",
        ),
        (
            'source = "note"',
            'source = ["note"]',
            12,
            "citations[0].source",
            "expected a string, got a list",
        ),
        (
            'horizon = "short"',
            'horizon = "medium"',
            7,
            "horizon",
            "'medium' is not one of 'short', 'long'",
        ),
        (
            'dimension = "decision-making"',
            'dimension = "morale"',
            5,
            "dimension",
            "'morale' is not one of 'effectiveness', 'cohesion', 'decision-making', 'legitimacy',"
            " 'resources', 'operational-readiness'",
        ),
        (
            "weight = -0.75",
            "weight = -0.6",
            6,
            "weight",
            "-0.6 is not on the ordinal scale (±0.25 weak, ±0.5 moderate, ±0.75 strong,"
            " ±1 very strong)",
        ),
        (
            "weight = -0.75",
            "weight = 0",
            6,
            "weight",
            "0.0 is not on the ordinal scale (±0.25 weak, ±0.5 moderate, ±0.75 strong,"
            " ±1 very strong)",
        ),
        (
            'id = "covid-unsc"',
            'id = "Covid UNSC"',
            2,
            "id",
            "'Covid UNSC' is not a kebab-case slug (like 'us-china-rivalry')",
        ),
        ('confidence = "high"\n', "", 1, "confidence", "required but missing"),
    ],
)
def test_wrong_values(
    tmp_path: Path, old: str, new: str, line: int, field: str, message: str
) -> None:
    assert INFLUENCE.count(old) == 1
    path = write(tmp_path, INFLUENCE.replace(old, new))
    object_id = "Covid UNSC" if field == "id" else "covid-unsc"
    assert only_problem(path) == f"{path}:{line}: {object_id}: {field}: {message}"


def test_a_lone_string_is_not_a_list(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        [[source]]
        id = "note"
        kind = "note"
        title = "Covid-19 en het multilaterale veiligheidsbestel"
        authors = "Deen"

        [[recommendation]]
        id = "invest-in-nato"
        number = 1
        title = "Invest in NATO"
        text = "Keep investing."
        addressees = ["diplomacy"]
        targets = "nato"
        citations = [{ source = "note", section = "intro", paragraph = 1, quote = "q" }]
        """,
    )
    assert problems_of(path) == [
        f"{path}:5: note: authors: expected a list, got a string ('Deen')",
        f"{path}:13: invest-in-nato: targets: expected a list, got a string ('nato')",
    ]


def test_bool_is_not_a_number(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        [[regime]]
        id = "open-skies"
        name = "Open Skies"
        domain = "confidence-building"
        verification = "yes"
        """,
    )
    assert only_problem(path) == (
        f"{path}:5: open-skies: verification: expected true or false, got a string ('yes')"
    )


def test_missing_required_field(tmp_path: Path) -> None:
    path = write(
        tmp_path, TREND.replace('name = { en = "Covid-19 pandemic", nl = "Covid-19" }\n', "")
    )
    assert only_problem(path) == f"{path}:1: covid-19: name: required but missing"


def test_validator_failure_in_a_nested_citation(tmp_path: Path) -> None:
    second = TREND[TREND.index("[[trend.citations]]") :].replace(
        'quote = "nu Covid-19 de wereld in zijn greep houdt"', 'quote = " \\n\\t "'
    )
    path = write(tmp_path, TREND + "\n" + second)
    assert only_problem(path) == f"{path}:15: covid-19: citations[1].quote: must not be empty"


def test_object_level_validator_failure(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        [[regime]]
        id = "inf"
        name = "INF"
        domain = "nuclear"
        verification = true

        [[regime.events]]
        kind = "entered-into-force"
        date = 1988-06-01

        [[regime.events]]
        kind = "withdrawal-effective"
        date = 2019-08-02
        """,
    )
    assert only_problem(path) == (
        f"{path}:11: inf: events[1].party: a withdrawal-effective event needs the party concerned"
    )


def test_an_object_without_an_id_is_named_by_place(tmp_path: Path) -> None:
    path = write(tmp_path, TREND + "\n" + TREND.replace('id = "covid-19"\n', ""))
    assert problems_of(path) == [f"{path}:11: trend[1]: id: required but missing"]


@pytest.mark.parametrize(
    ("joined", "message"),
    [
        ('"1949-02-30"', "'1949-02-30' is not a date (YYYY-MM-DD)"),
        ('"4 April 1949"', "'4 April 1949' is not a date (YYYY-MM-DD)"),
        ("1949", "expected a date (YYYY-MM-DD), got an integer (1949)"),
        ("1949-04-04T10:00:00", "expected a date without a time, got 1949-04-04T10:00:00"),
        ("10:00:00", "expected a date (YYYY-MM-DD), got time"),
    ],
)
def test_invalid_dates(tmp_path: Path, joined: str, message: str) -> None:
    path = write(
        tmp_path,
        f"""\
        [[institution]]
        id = "nato"
        kind = "alliance"
        name = "NATO"

        [[institution.memberships]]
        member = "NLD"
        joined = {joined}
        """,
    )
    assert only_problem(path) == f"{path}:8: nato: memberships[0].joined: {message}"


def test_every_problem_of_a_file_at_once(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        INFLUENCE.replace("weight = -0.75", "weight = 2").replace(
            'horizon = "short"', "horizon = 1"
        )
        + "\n[[actr]]\nid = 'x'\n",
    )
    fragment, problems = read_toml(path)
    assert len(fragment) == 0
    assert sorted(str(p) for p in problems) == sorted(
        [
            f"{path}:17: unknown table 'actr' (did you mean 'actor'?); known: source, actor,"
            " institution, regime, trend, influence, recommendation, scenario, expectation,"
            " resolution",
            f"{path}:6: covid-unsc: weight: 2.0 is outside [-1, 1]",
            f"{path}:7: covid-unsc: horizon: 1 is not one of 'short', 'long'",
        ]
    )


# -- nothing already valid is lost ------------------------------------------


def test_load_toml_keeps_the_valid_objects(tmp_path: Path) -> None:
    bad = TREND.replace('id = "covid-19"', 'id = "bad-trend"').replace(
        "paragraph = 2", 'paragraph = "2"'
    )
    good = TREND.replace('id = "covid-19"', 'id = "us-unilateralism"')
    path = write(tmp_path, TREND + "\n" + bad + "\n" + good)
    with pytest.raises(DataError) as info:
        load_toml([path])
    error = info.value
    message = (
        f"{path}:18: bad-trend: citations[0].paragraph: expected an integer, got a string ('2')"
    )
    assert [str(p) for p in error.problems] == [message]
    assert str(error) == message
    assert isinstance(error.partial, Fragment)
    assert [t.id for t in error.partial.trends] == ["covid-19", "us-unilateralism"]
    assert error.partial.locations == {
        "covid-19": (str(path), 1),
        "us-unilateralism": (str(path), 21),
    }


def test_load_toml_over_several_files(tmp_path: Path) -> None:
    first = write(tmp_path, TREND, "a.toml")
    second = write(tmp_path, INFLUENCE.replace("weight = -0.75", "weight = 0.1"), "b.toml")
    third = write(tmp_path, "[[trend]\n", "c.toml")
    with pytest.raises(DataError) as info:
        load_toml([third, second, first], plugin="nato")
    error = info.value
    assert [str(p) for p in error.problems] == [
        f"{second}:6: covid-unsc: weight: 0.1 is not on the ordinal scale (±0.25 weak,"
        " ±0.5 moderate, ±0.75 strong, ±1 very strong) (plugin nato)",
        f"{third}:1: invalid TOML: Expected ']]' at the end of an array declaration (plugin nato)",
    ]
    assert str(error).startswith("2 problems, the first: ")
    assert [t.id for t in error.partial.trends] == ["covid-19"]
    assert all(p.plugin == "nato" for p in error.problems)


def test_load_toml_without_problems(tmp_path: Path) -> None:
    fragment = load_toml([write(tmp_path, TREND, "a.toml"), write(tmp_path, INFLUENCE, "b.toml")])
    assert [obj.id for _, obj in fragment.objects()] == ["covid-19", "covid-unsc"]


def test_fragment_from_dict_with_plural_tables() -> None:
    fragment, problems = fragment_from_dict(
        {"trends": [{"id": "covid-19", "name": "Covid-19", "citations": []}], "trend": []},
        tables={name: name for name in KINDS},
    )
    assert [str(p) for p in problems] == [
        "unknown table 'trend' (did you mean 'trends'?); known: sources, actors,"
        " institutions, regimes, trends, influences, recommendations, scenarios, expectations,"
        " resolutions",
        "covid-19: citations: needs at least one entry",
    ]
    assert len(fragment) == 0


# -- JSON -------------------------------------------------------------------

KB_SETTINGS = settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])


def build(fragments: dict[str, Fragment]) -> KnowledgeBase:
    kb = KnowledgeBase.build(fragments)
    assert kb.problems == (), [str(p) for p in kb.problems]
    return kb


@KB_SETTINGS
@given(knowledge_bases())
def test_json_round_trip(fragments: dict[str, Fragment]) -> None:
    kb = build({name: sorted_fragment(f) for name, f in fragments.items()})
    text = dumps_json(kb)
    again = loads_json(text)
    assert again == kb
    assert again.problems == ()
    assert list(again) == list(kb)
    assert dumps_json(again) == text


@KB_SETTINGS
@given(knowledge_bases(), st.data())
def test_json_does_not_depend_on_order(fragments: dict[str, Fragment], data: st.DataObject) -> None:
    kb = build(fragments)
    shuffled = {
        name: Fragment.of(data.draw(st.permutations([obj for _, obj in f.objects()])))
        for name, f in reversed(fragments.items())
    }
    other = build(shuffled)
    assert dumps_json(other) == dumps_json(kb)
    assert loads_json(dumps_json(kb)).merged() == kb.merged()


def _converted_json(kb: KnowledgeBase) -> str:
    """The JSON document of ``kb`` made the plain way: the converter, then json.dumps."""
    from multilat.data import fragment_to_dict
    from multilat.hindsight import track_record

    document = {
        "format": FORMAT_VERSION,
        "plugins": {name: fragment_to_dict(f) for name, f in kb.fragments.items()},
        "track_record": dict(track_record(kb).counts()),
    }
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


@KB_SETTINGS
@given(knowledge_bases())
def test_json_is_the_converters_data_as_json_dumps_writes_it(
    fragments: dict[str, Fragment],
) -> None:
    # dumps_json writes straight from the objects; the converter says what they are.
    kb = build(fragments)
    assert dumps_json(kb) == _converted_json(kb)


@given(st.one_of(*(strategy_for(kind) for kind in DOMAIN_TYPES if kind is not Fragment)))
def test_every_domain_object_is_written_as_the_converter_unstructures_it(obj: Any) -> None:
    from multilat._json import _written_fields
    from multilat._jsontext import dumps_converted

    # No fallback here: a class without a rule raises Unconverted.
    expected = json.dumps(converter.unstructure(obj), ensure_ascii=False, indent=2, sort_keys=True)
    assert dumps_converted(obj, _written_fields) == expected


def test_json_of_an_object_beyond_the_rules_is_the_converters() -> None:
    @attrs.frozen(repr=False)
    class Local(Source):
        """A subclass: the converter writes it by cattrs' defaults, replaces included."""

    kb = build({"core": Fragment(sources=(Local(id="s", kind="note", title="S"),))})
    text = dumps_json(kb)
    assert text == _converted_json(kb)
    assert '"replaces": null' in text


def test_json_of_the_first_party_content_is_the_converters() -> None:
    import multilat_armscontrol
    import multilat_hindsight
    import multilat_nato
    import multilat_osce
    import multilat_un

    from multilat.testing import load_plugins

    kb = load_plugins(
        {
            "multilat-armscontrol": multilat_armscontrol,
            "multilat-hindsight": multilat_hindsight,
            "multilat-nato": multilat_nato,
            "multilat-osce": multilat_osce,
            "multilat-un": multilat_un,
        }
    )
    assert len(kb.fragments) == 6
    assert dumps_json(kb) == _converted_json(kb)


def test_json_text() -> None:
    note = Source(id="note", kind="note", title='Covid-19 "en" het \\ bestel\nvan €')
    kb = build({"core": Fragment(sources=(note,))})
    text = dumps_json(kb)
    assert text.endswith("}\n")
    data = json.loads(text)
    assert data["format"] == FORMAT_VERSION
    assert data["plugins"]["core"]["sources"][0]["title"] == note.title
    assert data["plugins"]["core"]["trends"] == []
    assert "€" in text  # not escaped
    assert loads_json(text) == kb


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "kb.json:1: invalid JSON: Expecting property name enclosed in double quotes"),
        ('{\n  "format":\n}', "kb.json:3: invalid JSON: Expecting value"),
        ("", "kb.json:1: invalid JSON: Expecting value"),
        ("[]", f"kb.json: not a {FORMAT_VERSION} document"),
        (
            '{"format": "multilat-knowledge/0", "plugins": {}}',
            f"kb.json: not a {FORMAT_VERSION} document",
        ),
        ('{"plugins": {}}', f"kb.json: not a {FORMAT_VERSION} document"),
        (f'{{"format": "{FORMAT_VERSION}"}}', "kb.json: 'plugins' must be an object"),
        (
            f'{{"format": "{FORMAT_VERSION}", "plugins": []}}',
            "kb.json: 'plugins' must be an object",
        ),
    ],
)
def test_bad_json(text: str, message: str) -> None:
    with pytest.raises(DataError) as info:
        loads_json(text, path="kb.json")
    assert [str(p) for p in info.value.problems] == [message]
    assert str(info.value) == message


def test_json_objects_that_do_not_convert() -> None:
    document: dict[str, Any] = {
        "format": FORMAT_VERSION,
        "plugins": {
            "nato": {"trends": [{"id": "x", "name": "X", "citations": []}]},
            "core": 3,
            "un": {"trend": []},
        },
    }
    with pytest.raises(DataError) as info:
        loads_json(json.dumps(document))
    assert [str(p) for p in info.value.problems] == [
        "<json>: expected an object (plugin core)",
        "<json>: x: citations: needs at least one entry (plugin nato)",
        "<json>: unknown table 'trend' (did you mean 'trends'?); known: sources, actors,"
        " institutions, regimes, trends, influences, recommendations, scenarios, expectations,"
        " resolutions (plugin un)",
    ]


# -- the converter ----------------------------------------------------------


@pytest.mark.parametrize("kind", list(DOMAIN_TYPES), ids=lambda kind: kind.__name__)
def test_converter_round_trip(kind: type) -> None:
    @settings(max_examples=25)
    @given(strategy_for(kind))
    def round_trip(obj: Any) -> None:
        assert type(obj) is kind
        plain = converter.unstructure(obj)
        assert converter.structure(plain, kind) == obj
        # Through JSON text as well: what unstructure gives is plain data.
        assert converter.structure(json.loads(json.dumps(plain)), kind) == obj

    round_trip()


def test_unstructured_text_leaves_out_missing_languages() -> None:
    assert converter.unstructure(Text(en="NATO")) == {"en": "NATO"}
    assert converter.unstructure(Text(en="NATO", nl="NAVO")) == {"en": "NATO", "nl": "NAVO"}


def test_unstructured_dates_and_levels() -> None:
    treaty = Regime(
        id="new-start",
        name=Text(en="New START"),
        domain="nuclear",
        verification=True,
        expires=dt.date(2026, 2, 5),
    )
    assert converter.unstructure(treaty)["expires"] == "2026-02-05"
    scenario = Scenario(
        id="s", name=Text(en="S"), description=Text(en="D"), levels={"b": 0.5, "a": -1.0}
    )
    assert converter.unstructure(scenario)["levels"] == {"a": -1.0, "b": 0.5}
    institution = Institution(id="nato", kind="alliance", name=Text(en="NATO"))
    assert converter.unstructure(institution)["kind"] == "alliance"
