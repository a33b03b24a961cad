"""Facts that say up to when they are known, and the note's expectations in hindsight.

Core's own content has one expectation (recommendation 9's); the tests add
resolutions through a plugin registered on a host of their own, as the
``multilat-hindsight`` distribution does when installed.
"""

from __future__ import annotations

import datetime as dt
import json
import warnings
from collections.abc import Callable
from pathlib import Path

import hypothesis.strategies as st
import jsonschema
import pytest
from hypothesis import given

import multilat
import multilat.plugins
from multilat.data import dumps_json, loads_json, read_toml
from multilat.errors import MultilatWarning, OutdatedFactWarning
from multilat.hindsight import (
    HINDSIGHT_FORMAT_VERSION,
    TRACK_RECORD_KEYS,
    UNRESOLVED,
    track_record,
    track_record_to_dict,
)
from multilat.hookspecs import hookimpl
from multilat.knowledge import KnowledgeBase
from multilat.model import (
    Citation,
    EventKind,
    Evidence,
    Expectation,
    Fragment,
    Institution,
    InstitutionKind,
    Membership,
    Regime,
    RegimeDomain,
    RegimeEvent,
    RegimeStatus,
    Resolution,
    Source,
    SourceKind,
    Text,
    Verdict,
)
from multilat.plugins import PluginHost
from multilat.schema import hindsight_schema, knowledge_schema
from tests.clirun import Result

CORE_EXPECTATION = "us-retreat-outlasts-trump"


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def evidence(on: str = "2025-01-20", source: str = "some-order") -> Evidence:
    return Evidence(date=on, source=source, text=Text(en="Something happened."))


def resolution(**changes: object) -> Resolution:
    fields: dict[str, object] = {
        "id": "retreat-resolved",
        "expectation": CORE_EXPECTATION,
        "verdict": "borne-out",
        "summary": Text(en="It outlasted him.", nl="Het duurde voort."),
        "as_of": "2025-02-04",
        "evidence": [evidence()],
    }
    fields.update(changes)
    return Resolution(**fields)  # type: ignore[arg-type]


ORDER = Source(
    id="some-order",
    kind=SourceKind.LEGAL_TEXT,
    title="An executive order",
    venue="The White House",
    date="20 January 2025",
)


class _Hindsight:
    """A plugin that resolves core's expectation, as multilat-hindsight does."""

    def __init__(self, *objects: object) -> None:
        self.objects = objects or (ORDER, resolution())

    @hookimpl
    def multilat_knowledge(self) -> Fragment:
        return Fragment.of(self.objects)


@pytest.fixture
def with_hindsight(monkeypatch: pytest.MonkeyPatch) -> Callable[..., KnowledgeBase]:
    """Make commands and ``multilat.load()`` see core plus a hindsight plugin."""

    def use(*objects: object) -> KnowledgeBase:
        host = PluginHost(entry_points=False)
        host.register(_Hindsight(*objects), "fake-hindsight")
        monkeypatch.setattr(multilat.plugins, "_default_host", host)
        return multilat.load()

    return use


# -- as_of: facts that say up to when they are known ------------------------------


def body(
    *memberships: Membership, as_of: str | None = None, ended: str | None = None
) -> Institution:
    return Institution(
        id="body",
        kind=InstitutionKind.ORGANISATION,
        name=Text(en="Body"),
        memberships=memberships,
        as_of=as_of,
        ended=ended,
    )


def test_members_at_warns_after_as_of() -> None:
    institution = body(Membership(member="NLD", joined="2000-01-01"), as_of="2020-07-01")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert institution.members_at(day("2020-07-01")) == {"NLD"}  # no warning on the day
    with pytest.warns(OutdatedFactWarning) as caught:
        assert institution.members_at(day("2020-07-02")) == {"NLD"}
    (warning,) = caught
    assert str(warning.message) == (
        "body: memberships are known up to 2020-07-01; 2020-07-02 is later,"
        " so the answer may miss what happened since"
    )
    # It points at the code that asked, not at multilat's internals.
    assert warning.filename == __file__
    assert issubclass(OutdatedFactWarning, MultilatWarning)


def test_without_as_of_there_is_no_claim_and_no_warning() -> None:
    institution = body(Membership(member="NLD", joined="2000-01-01"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert institution.members_at(day("2100-01-01")) == {"NLD"}


def test_as_of_cannot_precede_a_known_fact() -> None:
    joined = r"^memberships\[0\]\.joined: 2021-01-01 is after"
    with pytest.raises(multilat.InvalidValue, match=joined):
        body(Membership(member="NLD", joined="2021-01-01"), as_of="2020-07-01")
    with pytest.raises(multilat.InvalidValue, match=r"^ended: 2022-03-31 is after as_of"):
        body(as_of="2020-07-01", ended="2022-03-31")
    regime_events = [RegimeEvent(kind="entered-into-force", date="2021-01-01")]
    with pytest.raises(multilat.InvalidValue, match=r"^events\[0\]\.date: 2021-01-01 is after"):
        Regime(
            id="r", name=Text(en="R"), domain=RegimeDomain.NUCLEAR, verification=True,
            events=regime_events, as_of="2020-07-01",
        )


def test_a_body_that_ended() -> None:
    smm = body(ended="2022-03-31")
    assert smm.active_on(day("2022-03-31"))
    assert not smm.active_on(day("2022-04-01"))
    assert body().active_on(day("2100-01-01"))


def regime(*events: RegimeEvent, as_of: str = "2020-07-01", expires: str | None = None) -> Regime:
    return Regime(
        id="treaty",
        name=Text(en="Treaty"),
        domain=RegimeDomain.NUCLEAR,
        verification=True,
        events=events,
        as_of=as_of,
        expires=expires,
    )


def test_status_at_and_withdrawn_at_warn_after_as_of() -> None:
    treaty = regime(RegimeEvent(kind="entered-into-force", date="2000-01-01"))
    with pytest.warns(OutdatedFactWarning, match=r"^treaty: events are known up to 2020-07-01;"):
        assert treaty.status_at(day("2021-01-01")) is RegimeStatus.IN_FORCE
    with pytest.warns(OutdatedFactWarning, match="treaty"):
        assert treaty.withdrawn_at(day("2021-01-01")) == frozenset()


@pytest.mark.parametrize(
    ("events", "expires"),
    [
        ([RegimeEvent(kind=EventKind.TERMINATED, date="2019-08-02")], None),
        ([RegimeEvent(kind=EventKind.ENTERED_INTO_FORCE, date="2011-02-05")], "2020-02-05"),
    ],
)
def test_an_ended_regime_does_not_warn(events: list[RegimeEvent], expires: str | None) -> None:
    treaty = regime(*events, expires=expires)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert treaty.status_at(day("2030-01-01")) in (
            RegimeStatus.TERMINATED,
            RegimeStatus.EXPIRED,
        )


@given(
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)),
)
def test_the_warning_never_changes_the_answer(as_of: dt.date, on: dt.date) -> None:
    known = body(Membership(member="NLD", joined="1990-01-01"), as_of=as_of.isoformat())
    unknown = body(Membership(member="NLD", joined="1990-01-01"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert known.members_at(on) == unknown.members_at(on)
    assert bool(caught) == (on > as_of)


def test_the_cli_prints_the_warning_as_one_line(
    run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A command that asks about a day past as_of: the warning is one line on stderr.
    from multilat import cli

    def ask(args: object, out: object) -> int:
        regime(RegimeEvent(kind="entered-into-force", date="2000-01-01")).status_at(
            day("2026-11-28")
        )
        return 0

    monkeypatch.setitem(cli._COMMANDS, "plugins", ask)
    result = run("plugins")
    assert result.code == 0
    assert result.err_lines == [
        "multilat: warning: treaty: events are known up to 2020-07-01; 2026-11-28 is later,"
        " so the answer may miss what happened since"
    ]


# -- Expectation and Resolution ----------------------------------------------------


CITE = Citation(source="clingendael-2020", section="recommendations", paragraph=10, quote="x")


def test_an_expectation_needs_a_quote_and_something_it_is_about() -> None:
    with pytest.raises(multilat.InvalidValue, match=r"^citations: needs at least one entry"):
        Expectation(id="e", about=["nato"], expects=Text(en="x"), citations=[])
    with pytest.raises(multilat.InvalidValue, match=r"^about: needs at least one entry"):
        Expectation(id="e", about=[], expects=Text(en="x"), citations=[CITE])
    with pytest.raises(multilat.InvalidValue, match=r"^about\[0\]: 'NATO' is not a kebab-case"):
        Expectation(id="e", about=["NATO"], expects=Text(en="x"), citations=[CITE])
    found = Expectation(
        id="e", about=["nato"], expects=Text(en="x"), citations=[CITE], by="2021-02-05"
    )
    assert found.by == day("2021-02-05")


def test_a_verdict_needs_evidence_unless_open() -> None:
    needs = r"^evidence: a borne-out verdict needs evidence"
    with pytest.raises(multilat.InvalidValue, match=needs):
        resolution(evidence=[])
    assert resolution(verdict="open", evidence=[]).verdict is Verdict.OPEN
    with pytest.raises(multilat.InvalidValue, match="'maybe' is not one of 'borne-out'"):
        resolution(verdict="maybe")


def test_evidence_cannot_be_later_than_as_of() -> None:
    later = r"^evidence\[0\]\.date: 2025-03-01 is after as_of \(2025-02-04\)"
    with pytest.raises(multilat.InvalidValue, match=later):
        resolution(evidence=[evidence("2025-03-01")])


def test_data_file_errors_are_located(tmp_path: Path) -> None:
    path = tmp_path / "resolutions.toml"
    path.write_text(
        '[[resolution]]\nid = "r"\nexpectation = "e"\nverdict = "borne-out"\n'
        'summary = "s"\nas_of = 2025-01-01\n\n[[resolution.evidence]]\n'
        'date = 2025-01-01\nsource = "s"\ntext = "t"\nissuer = "x"\n',
        encoding="utf-8",
    )
    _, problems = read_toml(path)
    assert [str(p) for p in problems] == [f"{path}:12: r: evidence[0].issuer: unknown key"]


# -- the knowledge base's checks -------------------------------------------------------


def test_dangling_references_are_reported(with_hindsight: Callable[..., KnowledgeBase]) -> None:
    with pytest.warns(MultilatWarning):  # load() reports and leaves them out
        kb = with_hindsight(
            ORDER,
            resolution(id="of-nothing", expectation="no-such-expectation"),
            resolution(id="unsourced", evidence=[evidence(source="no-such-source")]),
            Expectation(
                id="about-nothing", about=["no-such-body"], expects=Text(en="x"), citations=[CITE]
            ),
        )
    assert sorted((p.object_id, p.field, p.message) for p in kb.problems) == [
        ("about-nothing", "about[0]", "unknown institution or regime or trend or recommendation"
         " or influence 'no-such-body'"),
        ("of-nothing", "expectation", "unknown expectation 'no-such-expectation'"),
        ("unsourced", "evidence[0].source", "unknown source 'no-such-source'"),
    ]
    assert {r.id for r in kb.resolutions} == set()


def test_one_verdict_per_expectation(with_hindsight: Callable[..., KnowledgeBase]) -> None:
    with pytest.warns(MultilatWarning, match="already resolved by first"):
        kb = with_hindsight(
            ORDER, resolution(id="first"), resolution(id="second", verdict="mixed")
        )
    assert [(p.object_id, p.message) for p in kb.problems] == [
        ("second", f"expectation {CORE_EXPECTATION!r} is already resolved by first")
    ]
    assert kb.resolution_of(CORE_EXPECTATION) == resolution(id="first")


# -- the API: track_record -------------------------------------------------------------


def test_without_hindsight_every_expectation_is_unresolved() -> None:
    kb = multilat.load()
    record = track_record(kb)
    assert [e.expectation.id for e in record.entries] == [CORE_EXPECTATION]
    assert record.counts() == {**dict.fromkeys(TRACK_RECORD_KEYS, 0), UNRESOLVED: 1}
    assert list(record.counts()) == list(TRACK_RECORD_KEYS)


def test_with_hindsight_the_verdict_counts(with_hindsight: Callable[..., KnowledgeBase]) -> None:
    kb = with_hindsight()
    (entry,) = track_record(kb).entries
    assert entry.verdict == "borne-out"
    assert track_record(kb).counts()["borne-out"] == 1
    data = track_record_to_dict(kb, "nl")
    assert data["format"] == HINDSIGHT_FORMAT_VERSION
    (item,) = data["expectations"]
    assert item["resolution"]["summary"] == "Het duurde voort."
    assert item["resolution"]["evidence"] == [
        {
            "date": "2025-01-20",
            "text": "Something happened.",
            "source": {
                "id": "some-order",
                "issuer": "The White House",
                "title": "An executive order",
                "date": "20 January 2025",
                "url": None,
            },
        }
    ]
    assert item["citations"][0]["locator"] == "recommendations¶10"


@given(st.lists(st.sampled_from(list(Verdict)), max_size=6))
def test_counts_add_up(verdicts: list[Verdict]) -> None:
    cite = Citation(source="src", section="s", paragraph=1, quote="q")
    source = Source(id="src", kind=SourceKind.REFERENCE, title="T")
    found = [Evidence(date="2024-01-01", source="src", text=Text(en="t"))]
    objects: list[object] = [source, body()]
    for i, verdict in enumerate(verdicts):
        objects.append(
            Expectation(id=f"e{i}", about=["body"], expects=Text(en="x"), citations=[cite])
        )
        if i % 2 == 0:
            objects.append(
                Resolution(
                    id=f"r{i}",
                    expectation=f"e{i}",
                    verdict=verdict,
                    summary=Text(en="s"),
                    as_of="2025-01-01",
                    evidence=found,
                )
            )
    kb = KnowledgeBase.build({"p": Fragment.of(objects)})
    assert kb.problems == ()
    counts = track_record(kb).counts()
    assert sum(counts.values()) == len(verdicts)
    assert counts[UNRESOLVED] == len(verdicts) // 2
    for verdict in Verdict:
        assert counts[verdict.value] == sum(
            1 for i, v in enumerate(verdicts) if i % 2 == 0 and v is verdict
        )


def test_json_round_trip_and_schema(with_hindsight: Callable[..., KnowledgeBase]) -> None:
    kb = with_hindsight()
    text = dumps_json(kb)
    document = json.loads(text)
    jsonschema.validate(document, knowledge_schema())
    assert document["track_record"]["borne-out"] == 1
    again = loads_json(text)
    assert again.resolutions == kb.resolutions
    assert again.expectations == kb.expectations
    assert dumps_json(again) == text


# -- the command -------------------------------------------------------------------------


def test_hindsight_command_without_resolutions(run: Callable[..., Result]) -> None:
    result = run("hindsight")
    assert result.code == 0
    assert f"{CORE_EXPECTATION}: unresolved" in result.out
    assert "no resolution loaded (the multilat-hindsight plugin gives them)" in result.out
    assert result.out.endswith(
        "Track record: borne out 0, not borne out 0, mixed 0, open 0, unresolved 1 (of 1)\n"
    )


def test_hindsight_command_shows_the_verdict_and_evidence(
    run: Callable[..., Result], with_hindsight: Callable[..., KnowledgeBase]
) -> None:
    with_hindsight()
    result = run("hindsight")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert f"{CORE_EXPECTATION}: borne out" in lines
    assert "  what happened (as of 2025-02-04): It outlasted him." in lines
    assert (
        "  - 2025-01-20 Something happened. [some-order: The White House, An executive order,"
        " 20 January 2025]"
    ) in lines
    assert lines[-1] == "Track record: borne out 1, not borne out 0, mixed 0, open 0 (of 1)"
    dutch = run("hindsight", "--lang", "nl")
    # Labels in Dutch too, from the one catalogue.
    assert "  wat er gebeurde (bekend tot 2025-02-04): Het duurde voort." in dutch.out.splitlines()
    assert dutch.out.splitlines()[-1] == (
        "Trefzekerheid: uitgekomen 1, niet uitgekomen 0, gemengd 0, open 0 (van 1)"
    )


def test_hindsight_command_json(
    run: Callable[..., Result], with_hindsight: Callable[..., KnowledgeBase]
) -> None:
    kb = with_hindsight()
    result = run("hindsight", "--json")
    assert result.code == 0
    assert json.loads(result.out) == json.loads(
        json.dumps(track_record_to_dict(kb, "en"), ensure_ascii=False)
    )
    assert run("hindsight", "--json").out == result.out  # same bytes
    jsonschema.Draft202012Validator.check_schema(hindsight_schema())
    jsonschema.validate(json.loads(result.out), hindsight_schema())
    # Without hindsight too: unresolved entries have a null resolution.
    core, _ = PluginHost(entry_points=False).knowledge()
    bare = track_record_to_dict(KnowledgeBase.build(core))
    assert [e["resolution"] for e in bare["expectations"]] == [None]
    jsonschema.validate(bare, hindsight_schema())


def test_hindsight_command_bad_usage(run: Callable[..., Result]) -> None:
    result = run("hindsight", "--lang", "fr")
    assert result.code == 2
    assert len(result.err_lines) == 1
    assert "invalid choice: 'fr'" in result.err
