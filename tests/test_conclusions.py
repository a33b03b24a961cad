"""The note's own conclusions, as ordinal assertions on the full knowledge base.

This is the model's face validity: what the note says, the model must say.
Each :class:`Conclusion` quotes the sentence it rests on (verbatim, checked
against the note) and asserts the direction or the order the sentence
states, on core's content and the four content plugins, assessed as
:func:`multilat.assess.assess` does by default (Kosko's rule, ``tanh``, the
capped calibration, on the note's date). Where the map cannot reproduce a
conclusion, the content or the calibration is wrong, not the assertion.

``docs/explanation/face-validity.md`` lists the same conclusions; a test
keeps the two in step.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from pathlib import Path

import multilat_armscontrol
import multilat_nato
import multilat_osce
import multilat_un
import pytest
from attrs import frozen

from multilat.assess import Assessment, assess
from multilat.knowledge import KnowledgeBase
from multilat.model import Citation, Scenario, Text
from multilat.testing import load_plugins, note_source, note_text

DOCS_PAGE = Path(__file__).parents[1] / "docs" / "explanation" / "face-validity.md"
#: The smallest change a scenario must make to count as moving an outcome.
MOVES = 0.05


@functools.cache
def knowledge() -> KnowledgeBase:
    return load_plugins(
        {
            "multilat-nato": multilat_nato,
            "multilat-un": multilat_un,
            "multilat-osce": multilat_osce,
            "multilat-armscontrol": multilat_armscontrol,
        }
    )


def hold(**levels: float) -> Scenario:
    """A scenario holding trends (given with underscores) at levels."""
    named = {trend.replace("_", "-"): level for trend, level in levels.items()}
    return Scenario(
        id="conclusion", name=Text(en="Conclusion"), description=Text(en="Test."), levels=named
    )


@functools.cache
def _run(horizon: str, scenario: Scenario | None) -> Assessment:
    return assess(knowledge(), scenario=scenario, horizon=horizon, paths=0)


class Model:
    """What the conclusions ask of the assessment."""

    def run(self, horizon: str, scenario: Scenario | None = None) -> Assessment:
        return _run(horizon, scenario)

    def level(self, key: str, horizon: str) -> float:
        target, dimension = key.split(".", 1)
        outcome = self.run(horizon).outcome(target, dimension)
        assert outcome.judged, f"{key} has no judgment in the {horizon} term"
        return outcome.level

    def trend(self, trend: str, horizon: str) -> float:
        return self.run(horizon).trend_levels[trend]

    def change(self, key: str, horizon: str, scenario: Scenario) -> float:
        target, dimension = key.split(".", 1)
        outcome = self.run(horizon, scenario).outcome(target, dimension)
        assert outcome.judged, f"{key} has no judgment in the {horizon} term"
        return outcome.change

    def levels_of(self, prefixes: Iterable[str], horizon: str) -> dict[str, float]:
        wanted = tuple(f"{p}." for p in prefixes)
        return {o.key: o.level for o in self.run(horizon).judged if o.key.startswith(wanted)}


@frozen
class Conclusion:
    """One conclusion of the note and what the model must say to match it."""

    id: str
    #: What the model must say, in a sentence.
    claim: str
    citations: tuple[Citation, ...]
    check: Callable[[Model], None]


def cite(section: str, paragraph: int, quote: str) -> Citation:
    return Citation(source="clingendael-2020", section=section, paragraph=paragraph, quote=quote)


UN = ("un-security-council", "united-nations", "un-peacekeeping")
NATO = ("nato",)
OSCE = ("osce", "osce-smm")


def _lowest_of(model: Model, key: str, prefixes: tuple[str, ...], horizon: str) -> None:
    levels = model.levels_of(prefixes, horizon)
    lower = {k: v for k, v in levels.items() if v < levels[key] - 1e-9}
    assert not lower, f"{horizon} term: {key} at {levels[key]:+.3f}, but lower: {lower}"


def _unsc_most_paralysed(model: Model) -> None:
    for horizon in ("short", "long"):
        _lowest_of(model, "un-security-council.decision-making", UN, horizon)
    short = model.levels_of(UN, "short")
    key = "un-security-council.decision-making"
    assert all(v > short[key] for k, v in short.items() if k != key)


def _covid_deepens_unsc_paralysis(model: Model) -> None:
    change = model.change("un-security-council.decision-making", "short", hold(covid_19=1.0))
    assert change <= -MOVES


def _unsc_fails_mandate(model: Model) -> None:
    for horizon in ("short", "long"):
        assert model.level("un-security-council.effectiveness", horizon) < 0


def _un_worse_than_nato(model: Model) -> None:
    for horizon in ("short", "long"):
        worst_un = min(model.levels_of(UN, horizon).values())
        worst_nato = min(model.levels_of(NATO, horizon).values())
        assert worst_un < worst_nato, horizon


def _peacekeepers_kept_from_task(model: Model) -> None:
    assert model.level("un-peacekeeping.effectiveness", "short") < 0
    assert model.level("un-peacekeeping.legitimacy", "short") < 0


def _recession_squeezes_peacekeeping(model: Model) -> None:
    assert model.level("un-peacekeeping.resources", "long") < 0
    change = model.change("un-peacekeeping.resources", "long", hold(economic_crisis=1.0))
    assert change <= -MOVES


def _nato_readiness_suffers_short(model: Model) -> None:
    assert model.level("nato.operational-readiness", "short") < 0


def _nato_decides_quickly(model: Model) -> None:
    assert model.level("nato.decision-making", "short") > 0


def _nato_support_short_lived(model: Model) -> None:
    short, long = (model.level("nato.effectiveness", h) for h in ("short", "long"))
    assert short > 0
    assert long < short


def _nato_harmful_combination(model: Model) -> None:
    assert model.level("nato.effectiveness", "long") < 0


def _nato_heavy_weather(model: Model) -> None:
    assert model.level("nato.cohesion", "long") < 0
    _lowest_of(model, "nato.cohesion", NATO, "long")


def _deep_cuts_weaken_nato(model: Model) -> None:
    cuts = hold(defence_budget_cuts=1.0)
    assert model.change("nato.effectiveness", "long", cuts) <= -MOVES
    assert model.change("nato.cohesion", "long", cuts) <= -MOVES


def _eu_nato_cooperation_gains(model: Model) -> None:
    assert model.trend("eu-nato-cooperation", "long") > 0
    assert model.level("eu.effectiveness", "long") > 0


def _osce_paralysed_like_the_un(model: Model) -> None:
    assert model.level("osce.decision-making", "long") < 0


def _smm_hampered(model: Model) -> None:
    assert model.level("osce-smm.operational-readiness", "short") < 0
    levels = model.levels_of(OSCE, "short")
    key = "osce-smm.operational-readiness"
    assert all(v > levels[key] for k, v in levels.items() if k != key), levels


def _osce_two_sided(model: Model) -> None:
    effectiveness = model.level("osce.effectiveness", "long")
    assert effectiveness > 0 > model.level("osce.cohesion", "long")
    assert effectiveness > model.level("osce.effectiveness", "short")


def _new_start_little_chance(model: Model) -> None:
    for horizon in ("short", "long"):
        assert model.level("new-start.effectiveness", horizon) < 0, horizon


def _open_skies_worse_off(model: Model) -> None:
    assert model.level("open-skies-treaty.cohesion", "long") < 0


def _inf_treaty_ended(model: Model) -> None:
    for horizon in ("short", "long"):
        result = model.run(horizon)
        assert not result.for_target("inf-treaty")
        standing = {s.target: s for s in result.standings}["inf-treaty"]
        assert (standing.status, standing.in_force) == ("terminated", False)
        assert "inf-treaty" in {s.target for s in result.not_in_force}


def _arms_control_heavy_weather(model: Model) -> None:
    for key in (
        "cfe-treaty.effectiveness",
        "jcpoa.effectiveness",
        "npt.effectiveness",
        "cwc.cohesion",
        "vienna-document.decision-making",
    ):
        assert model.level(key, "long") < 0, key


def _bwc_verification_blocked(model: Model) -> None:
    assert model.level("bwc.decision-making", "short") < 0


def _recession_upside_for_arms_control(model: Model) -> None:
    assert model.change("npt.effectiveness", "long", hold(economic_crisis=1.0)) > 0


def _worse_than_before(model: Model) -> None:
    worse = hold(geopolitical_tensions=1.0, waning_interest_in_multilateral_solutions=1.0)
    assert model.change("un-security-council.decision-making", "short", worse) <= -MOVES
    assert model.change("osce.decision-making", "long", worse) <= -MOVES


CONCLUSIONS: tuple[Conclusion, ...] = (
    Conclusion(
        "unsc-decision-making-most-paralysed",
        "The Security Council's decision-making is the most paralysed of the UN outcomes,"
        " in both horizons (strictly the lowest in the short term).",
        (
            cite(
                "un",
                2,
                "De VN-Veiligheidsraad (VNVR), de hoeksteen van het wereldwijde multilaterale"
                " veiligheidsbestel, lijkt net zoals tijdens de Koude Oorlog volledig verlamd"
                " te zijn.",
            ),
        ),
        _unsc_most_paralysed,
    ),
    Conclusion(
        "covid-deepens-security-council-paralysis",
        "Covid-19 at its strongest lowers the Security Council's decision-making in the"
        " short term.",
        (
            cite(
                "un",
                3,
                "De door de Covid-19 crisis toegenomen spanningen zullen tot verdere verlamming"
                " van de besluitvorming in de VNVR leiden.",
            ),
        ),
        _covid_deepens_unsc_paralysis,
    ),
    Conclusion(
        "security-council-fails-its-mandate",
        "The Security Council's effectiveness is below zero in both horizons.",
        (
            cite(
                "un",
                3,
                "Dit laat nogmaals zien dat de VNVR, door de onoverbrugbare verschillen tussen"
                " een aantal permanente leden, niet in staat is om in tijden van crisis haar"
                " mandaat uit het VN-Handvest als hoeder van de internationale vrede en"
                " veiligheid effectief te vervullen.",
            ),
        ),
        _unsc_fails_mandate,
    ),
    Conclusion(
        "un-worse-than-nato",
        "In each horizon the worst UN outcome is below the worst NATO outcome.",
        (
            cite(
                "un",
                1,
                "Terwijl de NAVO worstelt met interne verdeeldheid, zijn de Verenigde Naties een"
                " nog zorgwekkender voorbeeld van de afbrokkelende naoorlogse wereldorde.",
            ),
        ),
        _un_worse_than_nato,
    ),
    Conclusion(
        "peacekeepers-kept-from-their-task",
        "UN peacekeeping's effectiveness and legitimacy suffer in the short term.",
        (
            cite(
                "un",
                5,
                "waardoor ze als bedreiging voor de publieke gezondheid worden gezien en niet"
                " langer hun taak als hoeder van de internationale vrede en veiligheid kunnen"
                " uitoefenen.",
            ),
            cite(
                "un",
                5,
                "Zeker in tijden van een pandemie doet dit het imago van VN-vredesmissies, die al"
                " voor Covid-19 aan discussie onderhevig was, geen goed.",
            ),
        ),
        _peacekeepers_kept_from_task,
    ),
    Conclusion(
        "recession-squeezes-peacekeeping-funding",
        "Peacekeeping's resources are below zero in the long term, and a deeper economic"
        " crisis lowers them further.",
        (
            cite(
                "un",
                5,
                "De verwachte economische recessie en aanverwante bezuinigingen zetten de"
                " financiering van vredesoperaties op losse schroeven, wat ertoe leidt dat er een"
                " mismatch ontstaat tussen vraag en aanbod.",
            ),
        ),
        _recession_squeezes_peacekeeping,
    ),
    Conclusion(
        "nato-readiness-suffers-in-the-short-term",
        "NATO's operational readiness is below zero in the short term.",
        (
            cite(
                "nato",
                1,
                "Covid-19 had aanvankelijk vooral een negatieve impact op de operationele"
                " inzetbaarheid van NAVO-troepen",
            ),
        ),
        _nato_readiness_suffers_short,
    ),
    Conclusion(
        "nato-decides-quickly",
        "NATO's decision-making is above zero in the short term.",
        (cite("nato", 1, "De alliantie bleek onder druk wel vrij snel te kunnen besluiten"),),
        _nato_decides_quickly,
    ),
    Conclusion(
        "nato-support-role-is-short-lived",
        "NATO's effectiveness gains in the short term and stands lower in the long term.",
        (cite("nato", 1, "Maar hier is toch vooral sprake van een korte termijn effect"),),
        _nato_support_short_lived,
    ),
    Conclusion(
        "nato-harmful-combination",
        "NATO's effectiveness is below zero in the long term.",
        (
            cite(
                "nato",
                7,
                "Er doemt dan ook een schadelijke combinatie op van wegvallend Amerikaans"
                " leiderschap, een nieuwe Europese bezuinigingsronde en onhaalbare verwachtingen"
                " over nieuwe pandemiegerelateerde verantwoordelijkheden voor de NAVO.",
            ),
        ),
        _nato_harmful_combination,
    ),
    Conclusion(
        "nato-in-political-heavy-weather",
        "NATO's cohesion is below zero, and the lowest of NATO's outcomes, in the long term.",
        (
            cite(
                "nato",
                3,
                "Geruzie over defensiebegrotingen en burden sharing, Turkse unilaterale acties,"
                " Russische pogingen om het bondgenootschap uit elkaar te spelen en de Franse"
                " beschuldiging dat de NAVO 'hersendood' zou zijn, hebben de alliantie in"
                " politiek zwaar weer gebracht.",
            ),
        ),
        _nato_heavy_weather,
    ),
    Conclusion(
        "deep-defence-cuts-weaken-nato",
        "Defence cuts at their strongest lower NATO's effectiveness and its cohesion in the"
        " long term, each by at least 0.05.",
        (
            cite(
                "nato",
                7,
                "De alom gevoelde en door Secretaris-Generaal Stoltenberg verwoorde vrees is dat"
                " de economische crisis zich net als na de crisis van 2008 zal vertalen in dalende"
                " defensiebudgetten, wat de slagkracht van het bondgenootschap verzwakt en de"
                " moeizame onderlinge verhoudingen over ‘burden sharing’ verder op scherp zet.",
            ),
        ),
        _deep_cuts_weaken_nato,
    ),
    Conclusion(
        "eu-nato-cooperation-is-the-gain",
        "EU-NATO cooperation rises in the long term, and the EU's effectiveness with it.",
        (
            cite(
                "nato",
                6,
                "biedt kansen om de contouren van een nieuwe rolverdeling en samenwerkingsrelatie"
                " vast te stellen en te zoeken naar complementariteit.",
            ),
        ),
        _eu_nato_cooperation_gains,
    ),
    Conclusion(
        "osce-paralysed-like-the-un",
        "The OSCE's decision-making is below zero in the long term.",
        (
            cite(
                "osce",
                1,
                "Dezelfde geopolitieke tegenstellingen die de VN verlammen, laten zich ook op"
                " regionaal niveau al lang voelen binnen de Organisatie voor Veiligheid en"
                " Samenwerking in Europa (OVSE)",
            ),
        ),
        _osce_paralysed_like_the_un,
    ),
    Conclusion(
        "smm-seriously-hampered",
        "The OSCE monitoring mission's operational readiness is the lowest OSCE outcome in"
        " the short term.",
        (
            cite(
                "osce",
                2,
                "Zo worden bijvoorbeeld de werkzaamheden van de grootste monitoringmissie, de"
                " Special Monitoring Mission (SMM) in Oekraïne, ernstig belemmerd.",
            ),
        ),
        _smm_hampered,
    ),
    Conclusion(
        "osce-two-sided-in-the-long-term",
        "In the long term the OSCE's effectiveness is above zero (and above its short-term"
        " level) while its cohesion is below zero.",
        (
            cite(
                "osce",
                3,
                "Op de langere termijn heeft Covid-19 naar verwachting een tweeledige uitwerking"
                " op de OVSE.",
            ),
            cite(
                "osce",
                3,
                "Waar deze pandemie aanleiding geeft tot kritiek over de wijze waarop landen de"
                " crisis bestrijden, informatie achterhouden of desinformatie verspreiden, zal dit"
                " wellicht zelfs bijdragen aan de toch al gespannen verhoudingen binnen de OVSE.",
            ),
            cite(
                "osce",
                4,
                "Anderzijds biedt deze crisis wel mogelijkheden om één van de OVSE's kerntaken,"
                " 'early warning and early action', uit te voeren.",
            ),
        ),
        _osce_two_sided,
    ),
    Conclusion(
        "new-start-little-chance-of-extension",
        "New START's effectiveness is below zero in both horizons.",
        (
            cite(
                "arms-control",
                2,
                "Het New START Verdrag loopt begin 2021 af en lijkt weinig kans te maken op"
                " verlenging.",
            ),
        ),
        _new_start_little_chance,
    ),
    Conclusion(
        "open-skies-worse-off",
        "Open Skies' cohesion is below zero in the long term.",
        (
            cite(
                "arms-control",
                1,
                "De recente aankondiging dat de VS zich binnen zes maanden zal terugtrekken uit"
                " het Open Skies verdrag, tot onvrede van de Europese NAVO-bondgenoten, past"
                " binnen een bredere en zorgwekkende trend",
            ),
        ),
        _open_skies_worse_off,
    ),
    Conclusion(
        "inf-treaty-ended",
        "On the note's date the INF Treaty is reported as terminated and has no level.",
        (
            cite(
                "arms-control",
                2,
                "Het Intermediate-Range Nuclear Forces (INF) Verdrag werd in 2019 opgezegd door de"
                " Verenigde Staten, gevolgd door Rusland, nadat ze elkaar beschuldigden van"
                " valsspelen.",
            ),
        ),
        _inf_treaty_ended,
    ),
    Conclusion(
        "arms-control-in-heavy-weather",
        "In the long term the CFE Treaty, the JCPOA, the NPT, the CWC's cohesion and the"
        " Vienna Document's decision-making are all below zero.",
        (
            cite(
                "arms-control",
                1,
                "Het aan de OVSE gelieerde verdrag inzake conventionele strijdkrachten in Europa"
                " (CSE) leidt sinds de Russische 'opschorting' in 2007 een zieltogend bestaan.",
            ),
            cite(
                "arms-control",
                1,
                "De modernisering van het Weens Document – de verzameling vertrouwenwekkende en"
                " veiligheidsbevorderende maatregelen van de OVSE – ligt al geruime tijd stil,"
                " mede vanwege Russische obstructie.",
            ),
            cite(
                "arms-control",
                2,
                "Ook de nucleaire deal met Iran, het Joint Comprehensive Plan of Action, wankelt"
                " sinds de VS zich daaruit terugtrok in 2018.",
            ),
            cite(
                "arms-control",
                2,
                "Zelfs het belangrijkste kernwapenverdrag, het Non-Proliferatie Verdrag (NPV),"
                " verkeert in zwaar weer.",
            ),
            cite(
                "arms-control",
                4,
                "Wat betreft chemische wapens verkeert het voornaamste wapenbeheersingsverdrag, de"
                " Chemische Wapen Conventie (CWC), al enkele jaren in zwaar weer door sterke"
                " polarisatie tussen met name Rusland en het Westen.",
            ),
        ),
        _arms_control_heavy_weather,
    ),
    Conclusion(
        "bwc-verification-blocked",
        "The BWC's decision-making is below zero in the short term.",
        (
            cite(
                "arms-control",
                4,
                "Niettemin lijkt het traditionele verzet daartegen door vooral de grootmachten"
                " voorlopig een blokkade te blijven.",
            ),
        ),
        _bwc_verification_blocked,
    ),
    Conclusion(
        "recession-could-help-arms-control",
        "A deeper economic crisis raises the NPT's effectiveness in the long term"
        " (less money for modernisation).",
        (
            cite(
                "arms-control",
                3,
                "Anderzijds zouden diezelfde nationale problemen indirect ook een positief effect"
                " kunnen hebben",
            ),
        ),
        _recession_upside_for_arms_control,
    ),
    Conclusion(
        "worse-than-before",
        "Rising geopolitical tensions and waning interest in multilateral solutions lower the"
        " decision-making of the Security Council (short term) and of the OSCE (long term).",
        (
            cite(
                "outlook",
                1,
                "Toenemende geopolitieke spanningen en tanende belangstelling voor multilaterale"
                " oplossingen leiden ertoe dat de organisaties die juist zijn opgericht om"
                " conflicten te voorkomen en instabiliteit in te dammen worden verlamd op het"
                " moment dat diezelfde instabiliteit toeneemt.",
            ),
        ),
        _worse_than_before,
    ),
)


@pytest.mark.parametrize("conclusion", CONCLUSIONS, ids=lambda c: c.id)
def test_the_model_says_what_the_note_says(conclusion: Conclusion) -> None:
    conclusion.check(Model())


def test_conclusion_ids_are_unique() -> None:
    ids = [c.id for c in CONCLUSIONS]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("conclusion", CONCLUSIONS, ids=lambda c: c.id)
def test_each_conclusion_quotes_the_note_verbatim_where_it_says(conclusion: Conclusion) -> None:
    note = note_text()
    source = note_source(knowledge())
    for citation in conclusion.citations:
        paragraph = note.paragraph(source, citation.section, citation.paragraph)
        assert paragraph is not None, citation.locator
        assert citation.quote in paragraph.text, citation.locator


def _docs_entries() -> dict[str, str]:
    """``{conclusion id: its block}`` of the docs page's list."""
    text = DOCS_PAGE.read_text(encoding="utf-8")
    blocks = re.split(r"^### ", text, flags=re.MULTILINE)[1:]
    return {block.split("\n", 1)[0].strip("` "): block for block in blocks}


def test_the_docs_list_every_conclusion_with_its_claim_and_quotes() -> None:
    entries = _docs_entries()
    assert list(entries) == [c.id for c in CONCLUSIONS]
    for conclusion in CONCLUSIONS:
        block = " ".join(entries[conclusion.id].split())
        assert conclusion.claim in block, conclusion.id
        for citation in conclusion.citations:
            assert citation.quote in block, (conclusion.id, citation.locator)
            assert citation.locator in block, (conclusion.id, citation.locator)
