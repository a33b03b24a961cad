"""The hindsight plugin: every expectation of the note resolved, each verdict
sourced, the note's own content unchanged with or without it."""

from __future__ import annotations

import datetime as dt

import multilat_armscontrol
import multilat_hindsight
import multilat_nato
import multilat_osce
import multilat_un
import pytest

from multilat.data import load_package_data
from multilat.hindsight import UNRESOLVED, track_record
from multilat.knowledge import KnowledgeBase
from multilat.model import Fragment, Source, SourceKind, Verdict
from multilat.testing import load_plugins

CONTENT = {
    "multilat-armscontrol": multilat_armscontrol,
    "multilat-nato": multilat_nato,
    "multilat-osce": multilat_osce,
    "multilat-un": multilat_un,
}

#: The verdicts, as the closing note of issue 9 lists them.
VERDICTS = {
    "us-retreat-outlasts-trump": Verdict.BORNE_OUT,
    "defence-budgets-fall-after-the-crisis": Verdict.NOT_BORNE_OUT,
    "two-percent-path-slips": Verdict.NOT_BORNE_OUT,
    "transatlantic-bond-under-more-strain": Verdict.MIXED,
    "eu-nato-new-division-of-roles": Verdict.MIXED,
    "security-council-paralysis-deepens": Verdict.BORNE_OUT,
    "no-ceasefire-resolution": Verdict.NOT_BORNE_OUT,
    "security-council-reform-unlikely": Verdict.BORNE_OUT,
    "general-assembly-coalitions": Verdict.BORNE_OUT,
    "peacekeeping-demand-rises": Verdict.NOT_BORNE_OUT,
    "peacekeeping-funding-mismatch": Verdict.OPEN,
    "osce-no-new-impulse-for-dialogue": Verdict.BORNE_OUT,
    "osce-no-bold-action": Verdict.BORNE_OUT,
    "new-start-unlikely-to-be-extended": Verdict.NOT_BORNE_OUT,
    "us-leaves-open-skies": Verdict.BORNE_OUT,
    "open-skies-without-the-us": Verdict.NOT_BORNE_OUT,
    "china-stays-out-of-us-russian-treaties": Verdict.BORNE_OUT,
    "bwc-verification-stays-blocked": Verdict.BORNE_OUT,
    "jcpoa-keeps-faltering": Verdict.BORNE_OUT,
    "npt-in-heavy-weather": Verdict.BORNE_OUT,
    "cwc-in-heavy-weather": Verdict.MIXED,
    "cfe-languishes": Verdict.BORNE_OUT,
}

#: The day this hindsight was written: no evidence may be later.
WRITTEN = dt.date(2026, 11, 28)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_plugins({**CONTENT, "multilat-hindsight": multilat_hindsight})


@pytest.fixture(scope="module")
def without() -> KnowledgeBase:
    return load_plugins(CONTENT)


@pytest.fixture(scope="module")
def ours() -> Fragment:
    return load_package_data("multilat_hindsight")


def test_loads_strictly_with_the_content_plugins(kb: KnowledgeBase) -> None:
    assert kb.problems == ()


def test_every_expectation_has_its_verdict(kb: KnowledgeBase) -> None:
    assert {e.id for e in kb.expectations} == set(VERDICTS)
    record = track_record(kb)
    assert {e.expectation.id: e.verdict for e in record.entries} == {
        k: v.value for k, v in VERDICTS.items()
    }
    counts = record.counts()
    assert counts[UNRESOLVED] == 0
    assert (counts["borne-out"], counts["not-borne-out"], counts["mixed"], counts["open"]) == (
        12,
        6,
        3,
        1,
    )


def test_it_contributes_only_resolutions_and_their_sources(ours: Fragment) -> None:
    kinds = {kind for kind, _ in ours.objects()}
    assert kinds == {"resolutions", "sources"}


def test_evidence_is_dated_and_sourced(kb: KnowledgeBase, ours: Fragment) -> None:
    for resolution in ours.resolutions:
        assert resolution.as_of <= WRITTEN, resolution.id
        assert resolution.evidence, resolution.id
        for item in resolution.evidence:
            source = kb[item.source]
            assert isinstance(source, Source)
            assert source.title, source.id
            # Evidence after the note comes from an official document or a
            # declaration with its issuer and date, or a reference page.
            if source.kind is not SourceKind.REFERENCE:
                assert source.venue, source.id
                assert source.date, source.id
                assert source.kind in (
                    SourceKind.OFFICIAL_DOCUMENT,
                    SourceKind.LEGAL_TEXT,
                    SourceKind.DECLARATION,
                ), source.id
    # A title in square brackets is supplied, never half-bracketed.
    for source in ours.sources:
        assert source.title.startswith("[") == source.title.endswith("]"), source.id


def test_hindsight_leaves_the_notes_content_as_it_is(
    kb: KnowledgeBase, without: KnowledgeBase
) -> None:
    for plugin, fragment in without.fragments.items():
        assert kb.fragments[plugin] == fragment, plugin
    assert without.resolutions == ()
    assert track_record(without).counts()[UNRESOLVED] == len(VERDICTS)


def test_evidence_agrees_with_the_regime_events(kb: KnowledgeBase) -> None:
    # Evidence citing a source that a regime event cites too has that event's date.
    dated = {(e.source, e.date) for r in kb.regimes for e in r.events if e.source}
    sources = {source for source, _ in dated}
    checked = 0
    for resolution in kb.resolutions:
        for item in resolution.evidence:
            if item.source in sources:
                assert (item.source, item.date) in dated, (resolution.id, item.source)
                checked += 1
    assert checked >= 10


def test_the_smm_ended_when_the_evidence_says(kb: KnowledgeBase) -> None:
    smm = kb["osce-smm"]
    assert smm.ended == dt.date(2022, 3, 31)
    resolution = kb.resolution_of("osce-no-new-impulse-for-dialogue")
    assert resolution is not None
    assert (smm.ended, "osce-2022-smm-mandate-expired") in {
        (e.date, e.source) for e in resolution.evidence
    }


def test_a_forecast_with_a_date_is_judged_on_the_day_it_named(kb: KnowledgeBase) -> None:
    # New START: extended two days before the "begin 2021" expiry the note named.
    new_start = kb.resolution_of("new-start-unlikely-to-be-extended")
    assert new_start is not None
    assert (dt.date(2021, 2, 3), "blinken-2021-new-start-extension") in {
        (e.date, e.source) for e in new_start.evidence
    }
    # The ceasefire resolution came on 1 July 2020, the month of the note.
    ceasefire = kb.resolution_of("no-ceasefire-resolution")
    assert ceasefire is not None
    assert [(e.date, e.source) for e in ceasefire.evidence] == [
        (dt.date(2020, 7, 1), "unsc-resolution-2532")
    ]


def test_the_whole_knowledge_base_round_trips_through_json(kb: KnowledgeBase) -> None:
    import json

    import jsonschema

    from multilat.data import dumps_json, loads_json
    from multilat.schema import knowledge_schema

    text = dumps_json(kb)
    document = json.loads(text)
    jsonschema.validate(document, knowledge_schema())
    assert document["track_record"] == dict(track_record(kb).counts())
    again = loads_json(text)
    assert again == kb
    assert dumps_json(again) == text
