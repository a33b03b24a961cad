"""The knowledge base's merge and integrity checks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from multilat.data import read_toml
from multilat.knowledge import KnowledgeBase
from multilat.model import (
    Citation,
    Confidence,
    Dimension,
    Footnote,
    Fragment,
    Horizon,
    Influence,
    Institution,
    InstitutionKind,
    Recommendation,
    Regime,
    RegimeDomain,
    Scenario,
    Section,
    Source,
    SourceKind,
    Text,
    Trend,
)

SOURCE = Source(
    id="note",
    kind=SourceKind.NOTE,
    title="A note",
    sections=[Section(slug="intro", title="Intro", incipits=["First words", "Second words"])],
    footnotes=[Footnote(number=1, text="A footnote.")],
)


def cite(paragraph: int = 1, section: str = "intro", source: str = "note", **kw: Any) -> Citation:
    return Citation(source=source, section=section, paragraph=paragraph, quote="words", **kw)


def trend(id: str, **kw: Any) -> Trend:
    kw.setdefault("citations", [cite()])
    return Trend(id=id, name=Text(en=id), **kw)


def influence(id: str, cause: str, effect: str, **kw: Any) -> Influence:
    kw.setdefault("citations", [cite()])
    return Influence(
        id=id,
        cause=cause,
        effect=effect,
        weight=kw.pop("weight", 0.5),
        horizon=Horizon.SHORT,
        confidence=Confidence.MEDIUM,
        mechanism=Text(en="because"),
        **kw,
    )


def institution(id: str, **kw: Any) -> Institution:
    return Institution(id=id, kind=InstitutionKind.ALLIANCE, name=Text(en=id), **kw)


def recommendation(id: str, number: int, **kw: Any) -> Recommendation:
    return Recommendation(
        id=id,
        number=number,
        title=Text(en=id),
        text=Text(en="Do it."),
        addressees=["diplomacy"],
        citations=[cite()],
        **kw,
    )


def problems(kb: KnowledgeBase) -> list[str]:
    return [str(p) for p in kb.problems]


def test_a_consistent_base_has_no_problems_and_answers_look_ups() -> None:
    kb = KnowledgeBase.build(
        {
            "core": Fragment.of([SOURCE, trend("covid-19"), trend("rivalry")]),
            "plugin-a": Fragment.of(
                [
                    institution("nato"),
                    influence("c-r", "covid-19", "rivalry"),
                    influence("c-n", "covid-19", "nato", dimension=Dimension.COHESION),
                ]
            ),
        }
    )
    assert kb.problems == ()
    assert [t.id for t in kb.trends] == ["covid-19", "rivalry"]
    assert [i.id for i in kb.influences] == ["c-n", "c-r"]
    assert kb.get("nato") == institution("nato")
    assert kb.get("natoo") is None
    assert kb["covid-19"].id == "covid-19"
    assert "nato" in kb
    assert "natoo" not in kb
    assert kb.origin("nato") == "plugin-a"
    assert kb.kind_of("c-r") == "influence"
    assert kb.of_kind("institutions") == (institution("nato"),)
    assert len(kb) == 6
    assert list(kb) == sorted(kb)


def test_unknown_id_names_the_close_matches() -> None:
    kb = KnowledgeBase.build({"core": Fragment.of([SOURCE, trend("covid-19")])})
    with pytest.raises(KeyError, match=r"no object with id 'covid-91' \(did you mean covid-19\?\)"):
        kb["covid-91"]
    with pytest.raises(KeyError, match="unknown kind 'trend'"):
        kb.of_kind("trend")


def test_duplicate_id_across_two_unrelated_plugins_keeps_neither() -> None:
    first = trend("covid-19", description=Text(en="first"))
    second = trend("covid-19", description=Text(en="second"))
    fragments = {"plugin-b": Fragment.of([second]), "plugin-a": Fragment.of([SOURCE, first])}
    kb = KnowledgeBase.build(fragments)
    assert problems(kb) == [
        "plugin plugin-a: covid-19: id: duplicate id, also defined by plugin-b,"
        " and neither plugin depends on the other: neither is kept",
        "plugin plugin-b: covid-19: id: duplicate id, also defined by plugin-a,"
        " and neither plugin depends on the other: neither is kept",
    ]
    assert "covid-19" not in kb


def test_duplicate_id_keeps_the_plugin_the_other_depends_on() -> None:
    first = trend("covid-19", description=Text(en="first"))
    second = trend("covid-19", description=Text(en="second"))
    fragments = {"plugin-a": Fragment.of([second]), "plugin-b": Fragment.of([SOURCE, first])}
    kb = KnowledgeBase.build(fragments, requires={"plugin-a": {"plugin-b"}})
    assert problems(kb) == [
        "plugin plugin-a: covid-19: id: duplicate id, also defined by plugin-b, which plugin-a"
        " depends on and which keeps it (to replace it on purpose: replaces = 'covid-19')"
    ]
    assert kb["covid-19"] is first
    assert kb.origin("covid-19") == "plugin-b"


def test_duplicate_id_within_one_plugin() -> None:
    kb = KnowledgeBase.build({"p": Fragment.of([SOURCE, trend("x"), trend("x")])})
    assert problems(kb) == [
        "plugin p: x: id: duplicate id, also defined earlier in the same plugin"
    ]


def test_dangling_references_are_all_reported_at_once() -> None:
    kb = KnowledgeBase.build(
        {
            "core": Fragment.of([SOURCE, trend("covid-19")]),
            "plugin-a": Fragment.of(
                [
                    influence("bad-cause", "covid-91", "covid-19"),
                    influence("bad-effect", "covid-19", "natoo", dimension=Dimension.COHESION),
                    influence("wrong-kind", "covid-19", "covid-19x"),
                    recommendation("r1", 1, targets=["covid-19"], counters=["nothing"]),
                    Regime(
                        id="inf",
                        name=Text(en="INF"),
                        domain=RegimeDomain.NUCLEAR,
                        verification=True,
                        custodian="nobody",
                    ),
                    Scenario(
                        id="s",
                        name=Text(en="s"),
                        description=Text(en="d"),
                        levels={"unknown-trend": 0.5},
                    ),
                ]
            ),
        }
    )
    assert problems(kb) == [
        "plugin plugin-a: bad-cause: cause: unknown trend 'covid-91'",
        "plugin plugin-a: bad-effect: effect: unknown institution or regime 'natoo'",
        "plugin plugin-a: inf: custodian: unknown institution 'nobody'",
        "plugin plugin-a: r1: counters[0]: unknown trend or influence 'nothing'",
        "plugin plugin-a: r1: targets[0]: 'covid-19' is a trend, not an institution or regime",
        "plugin plugin-a: s: levels.unknown-trend: unknown trend 'unknown-trend'",
        "plugin plugin-a: wrong-kind: effect: unknown trend 'covid-19x'",
    ]
    # Objects at fault are left out; the rest stays.
    assert [i.id for i in kb.influences] == []
    assert kb.get("covid-19") is not None
    assert kb.regimes == ()
    assert kb.recommendations == ()
    assert kb.scenarios == ()


def test_an_object_referring_to_a_dropped_one_is_dropped_too() -> None:
    kb = KnowledgeBase.build(
        {
            "p": Fragment.of(
                [
                    SOURCE,
                    trend("a"),
                    trend("b", citations=[cite(paragraph=9)]),
                    influence("a-b", "a", "b"),
                ]
            )
        }
    )
    assert problems(kb) == [
        "plugin p: a-b: effect: trend 'b' was left out for problems of its own",
        "plugin p: b: citations[0].paragraph: intro has 2 paragraphs, not 9",
    ]
    assert [t.id for t in kb.trends] == ["a"]


def test_citation_checks() -> None:
    kb = KnowledgeBase.build(
        {
            "p": Fragment.of(
                [
                    SOURCE,
                    trend("no-source", citations=[cite(source="elsewhere")]),
                    trend("no-section", citations=[cite(section="outro")]),
                    trend("no-footnote", citations=[cite(footnotes=[1, 7])]),
                    trend("fine", citations=[cite(paragraph=2, footnotes=[1])]),
                ]
            )
        }
    )
    assert problems(kb) == [
        "plugin p: no-footnote: citations[0].footnotes[1]: footnote 7 is no source's footnote",
        "plugin p: no-section: citations[0].section: note has no section 'outro' (intro)",
        "plugin p: no-source: citations[0].source: unknown source 'elsewhere'",
    ]
    assert [t.id for t in kb.trends] == ["fine"]


def test_nested_citations_and_membership_sources_are_checked() -> None:
    from multilat.model import Claim, Membership

    nato = institution(
        "nato",
        outlook=[Claim(text=Text(en="stays"), citations=[cite(paragraph=3)])],
        memberships=[Membership(member="NLD", joined="1949-08-24", source="nato-website")],
    )
    kb = KnowledgeBase.build({"p": Fragment.of([SOURCE, nato])})
    assert problems(kb) == [
        "plugin p: nato: memberships[0].source: unknown source 'nato-website'",
        "plugin p: nato: outlook[0].citations[0].paragraph: intro has 2 paragraphs, not 3",
    ]


def test_recommendation_numbers_are_unique() -> None:
    kb = KnowledgeBase.build(
        {"p": Fragment.of([SOURCE, recommendation("r-a", 1), recommendation("r-b", 1)])}
    )
    assert problems(kb) == ["plugin p: r-b: number: number 1 is also recommendation r-a"]
    assert [r.id for r in kb.recommendations] == ["r-a"]


def test_recommendations_are_ordered_by_number() -> None:
    kb = KnowledgeBase.build(
        {"p": Fragment.of([SOURCE, recommendation("z", 1), recommendation("a", 9)])}
    )
    assert [r.number for r in kb.recommendations] == [1, 9]


def test_result_does_not_depend_on_plugin_order() -> None:
    a = Fragment.of([SOURCE, trend("x", description=Text(en="from a"))])
    b = Fragment.of([trend("x", description=Text(en="from b")), trend("y")])
    one = KnowledgeBase.build({"a": a, "b": b})
    two = KnowledgeBase.build({"b": b, "a": a})
    assert one == two
    assert problems(one) == problems(two)


def test_problems_from_files_carry_path_and_line(tmp_path: Path) -> None:
    path = tmp_path / "content.toml"
    path.write_text(
        """\
[[trend]]
id = "good"
name = "Good"

[[trend.citations]]
source = "note"
section = "intro"
paragraph = 1
quote = "words"

[[influence]]
id = "bad"
cause = "good"
effect = "missing"
weight = 0.5
horizon = "short"
confidence = "low"
mechanism = "because"

[[influence.citations]]
source = "note"
section = "intro"
paragraph = 1
quote = "words"
""",
        encoding="utf-8",
    )
    fragment, found = read_toml(path)
    assert found == []
    kb = KnowledgeBase.build({"core": Fragment.of([SOURCE]), str(path): fragment})
    assert problems(kb) == [f"{path}:11: bad: effect: unknown trend 'missing'"]


def test_earlier_problems_are_carried_and_sorted() -> None:
    from multilat.errors import Problem

    earlier = (Problem("failed to load", plugin="zzz"), Problem("also", plugin="aaa"))
    kb = KnowledgeBase.build({"p": Fragment.of([SOURCE])}, earlier)
    assert problems(kb) == ["plugin aaa: also", "plugin zzz: failed to load"]


def test_merged_holds_every_kept_object() -> None:
    kb = KnowledgeBase.build(
        {"a": Fragment.of([SOURCE, trend("x")]), "b": Fragment.of([trend("y")])}
    )
    merged = kb.merged()
    assert [t.id for t in merged.trends] == ["x", "y"]
    assert merged.sources == (SOURCE,)


def test_two_influences_on_one_edge_are_a_problem() -> None:
    kb = KnowledgeBase.build(
        {
            "p": Fragment.of(
                [
                    SOURCE,
                    trend("a"),
                    trend("b"),
                    influence("a-b-1", "a", "b"),
                    influence("a-b-2", "a", "b", weight=-0.25),
                ]
            )
        }
    )
    assert problems(kb) == [
        "plugin p: a-b-2: effect: same cause, effect and horizon as influence a-b-1"
    ]
    assert [i.id for i in kb.influences] == ["a-b-1"]


def test_a_loop_of_parents_is_a_problem() -> None:
    kb = KnowledgeBase.build(
        {
            "p": Fragment.of(
                [
                    SOURCE,
                    institution("a", parent="b"),
                    institution("b", parent="a"),
                    institution("c", parent="c"),
                    institution("d", parent="a"),
                ]
            )
        }
    )
    assert problems(kb) == [
        "plugin p: a: parent: the chain of parents from 'b' leads back here",
        "plugin p: b: parent: the chain of parents from 'a' leads back here",
        "plugin p: c: parent: the chain of parents from 'c' leads back here",
        "plugin p: d: parent: institution 'a' was left out for problems of its own",
    ]


def test_equal_content_in_any_order_is_an_equal_knowledge_base() -> None:
    objects = [SOURCE, trend("b"), trend("a"), institution("z"), institution("y")]
    one = KnowledgeBase.build({"p": Fragment.of(objects)})
    two = KnowledgeBase.build({"p": Fragment.of(reversed(objects))})
    assert one == two
    assert [t.id for t in one.fragments["p"].trends] == ["a", "b"]


def test_sources_of_outside_facts_must_resolve() -> None:
    kb = KnowledgeBase.build(
        {
            "p": Fragment.of(
                [
                    SOURCE,
                    institution("opcw", sources=["opcw-website"]),
                    Regime(
                        id="cwc",
                        name=Text(en="CWC"),
                        domain=RegimeDomain.CHEMICAL,
                        verification=True,
                        sources=["note", "unoda"],
                    ),
                ]
            )
        }
    )
    assert problems(kb) == [
        "plugin p: cwc: sources[1]: unknown source 'unoda'",
        "plugin p: opcw: sources[0]: unknown source 'opcw-website'",
    ]


# -- one registry of kinds and references ----------------------------------------


def test_a_plugin_refers_only_to_objects_of_what_it_depends_on() -> None:
    # The documented rule, enforced in core (before, only the OSCE plugin's own test).
    fragments = {"plugin-a": Fragment.of([trend("covid-19")]), "plugin-b": Fragment.of([SOURCE])}
    unrelated = KnowledgeBase.build(fragments, requires={"plugin-a": set(), "plugin-b": set()})
    assert problems(unrelated) == [
        "plugin plugin-a: covid-19: citations[0].source: source 'note' is plugin-b's, and"
        " plugin-a does not depend on plugin-b: list it among plugin-a's requirements"
    ]
    assert "covid-19" not in unrelated
    requires = {"plugin-a": {"plugin-b"}, "plugin-b": set()}
    declared = KnowledgeBase.build(fragments, requires=requires)
    assert problems(declared) == []
    # A plugin registered by code (not in requires) has no distribution to declare it.
    assert problems(KnowledgeBase.build(fragments, requires={"plugin-b": set()})) == []


def test_every_reference_field_is_declared_on_the_model_and_checked() -> None:
    from multilat import model
    from multilat.model import REGISTRY, kind_named, reference_fields

    declared = {
        (cls.__name__, name): ref.kinds
        for cls in [k.cls for k in REGISTRY]
        + [model.Citation, model.Membership, model.RegimeEvent, model.Evidence]
        for name, ref in reference_fields(cls).items()
    }
    assert declared[("Influence", "effect")] == ("institution", "regime")
    assert declared[("Recommendation", "counters")] == ("trend", "influence")
    assert declared[("Citation", "source")] == ("source",)
    # Every kind a reference names is a kind of the registry.
    assert all(kind_named(k) is not None for kinds in declared.values() for k in kinds)
    # The words come from the registry: singular and plural, in any case.
    kind = kind_named("Trends")
    assert kind is not None
    assert (kind.name, kind.plural, kind.cls) == ("trend", "trends", model.Trend)


def test_find_takes_an_id_name_or_acronym_in_any_case() -> None:
    # Before: `show NATO` and `show un` suggested nothing.
    from multilat.errors import UnknownName
    from multilat.model import Institution

    club = Institution(
        id="north-club", kind="alliance", name=Text(en="North Club", nl="Noordclub"),
        acronym=Text(en="NC", nl="NK"),
    )
    kb = KnowledgeBase.build({"p": Fragment.of([club])})
    for name in ("north-club", "NORTH-CLUB", "north club", "Noordclub", "nc", "NK"):
        assert kb.find(name) is club, name
    with pytest.raises(UnknownName, match=r"'NCC' \(did you mean north-club\?\)"):
        kb.find("NCC")
