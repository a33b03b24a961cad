"""The words the HTML page writes itself, in English and Dutch.

Names, descriptions and quotes come from the knowledge base in the page's
language; the model's vocabulary words come from core's catalogue
(:mod:`multilat.labels`); only the page's own headings and labels live here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from multilat import labels as core_labels

__all__ = ["LABELS", "label", "value"]

#: Labels by language and key. Both languages have every key (a test checks).
LABELS: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {
        "knowledge-base": "Knowledge base",
        "contents": "Contents",
        "source": "Source",
        "situation": "Dates of membership and status are those of {date}, the date of the note.",
        "institutions": "Institutions",
        "regimes": "Regimes",
        "trends": "Trends",
        "recommendations": "Recommendations",
        "bibliography": "Bibliography",
        "kind": "Kind",
        "part-of": "Part of",
        "host-state": "Host state",
        "members-on": "Members on {date}",
        "tasks": "Tasks",
        "outlook": "Outlook",
        "cited": "Cited",
        "domain": "Domain",
        "custodian": "Custodian",
        "verification": "Verification",
        "yes": "yes",
        "no": "no",
        "status-on": "Status on {date}",
        "expires": "Expires",
        "events": "Events",
        "until": "until {date}",
        "actor": "Actor",
        "acting-on": "Trends acting on it",
        "acts-on": "What it acts on",
        "weight": "Weight",
        "horizon": "Horizon",
        "confidence": "Confidence",
        "confidence-of": "{confidence} confidence",
        "addressees": "Addressees",
        "targets": "Targets",
        "counters": "Answers",
        "footnote": "fn",
        "footnotes": "Footnotes",
        "also-cites": "also cites {sources}",
        "assessment": "Assessment",
        "title-baseline": "Assessment, {horizon} term: baseline (July 2020)",
        "title-scenario": "Assessment, {horizon} term: scenario {name}",
        "scenario": "Scenario",
        "term": "{horizon} term",
        "levels": "Levels held",
        "levels-note": (
            "Levels run from -1 to 1; below 0 an institution suffers."
            " They compare judgments, they do not measure."
        ),
        "method": (
            "As of {on}; rule {rule}, transfer {transfer}, calibration {calibration}"
            " (incoming weights {how}); {horizon} term."
        ),
        "draws": "Ensemble: {n} draws of the weights (seed {seed}), {horizon} term.",
        "not-converged": "The map did not settle; levels are those after the last step.",
        "heatmap": "Outcomes by institution and dimension",
        "heatmap-level": (
            "Colour: the level reached (red harm, blue gain). The {other} term is assessed"
            " with the same settings beside the {horizon} term."
        ),
        "heatmap-change": (
            "Colour: the change the scenario makes against the baseline (red harm, blue"
            " gain). The {other} term is assessed with the same settings beside the"
            " {horizon} term."
        ),
        "heatmap-ensemble": "Bars under a value: the ensemble's 5–95 % interval.",
        "legend": "Legend",
        "no-judgment": "no judgment",
        "cell-title": "{target}, {dimension}, {horizon} term: {value}",
        "cell-unjudged": "{target}, {dimension}, {horizon} term: no judgment in this term",
        "outcomes": "Outcomes, worst first",
        "no-outcomes": "No influence in the knowledge base acts on an institution or regime.",
        "none-in-force": "Nothing to assess: not in force on {on} (see below).",
        "outcome": "Outcome",
        "level": "Level",
        "baseline": "Baseline",
        "change": "Change",
        "mean": "Mean",
        "mean-change": "Mean change",
        "interval": "5–95 %",
        "change-interval": "Change 5–95 %",
        "p-decline": "P(decline)",
        "unjudged": "No judgment in the {horizon} term",
        "unjudged-note": "Nothing in the note acts on these in the {horizon} term.",
        "judged-in": "judged in the {horizon} term",
        "not-in-force": "Not in force on {on}",
        "not-in-force-note": "Reported with their status, not assessed.",
        "withdrawn": "Parties that had left by {on}",
        "worst": "The worst outcomes",
        "ranked": "Recommendations, by the harm they answer",
        "severity": "severity {value}",
        "evidence": "Evidence",
        "evidence-note": "The strongest paths from the trends to each outcome, with the quotes.",
        "no-path": "No path from a held trend.",
        "path-contribution": "contribution {value}",
        "sources-cited": "Sources cited",
        "to-evidence": "evidence",
        "hindsight": "The note's expectations in hindsight",
        "hindsight-note": (
            "What the note expected, in its own words, and what became of it: dated,"
            " sourced evidence and a verdict, from facts outside the note."
        ),
        "about": "About",
        "expects": "Expects",
        "by": "By",
        "verdict": "Verdict",
        "unresolved": "unresolved (no hindsight plugin loaded)",
        "what-happened": "What happened (as of {date})",
        "hindsight-evidence": "Evidence",
        "track-record": "Track record",
        "count": "Count",
    },
    "nl": {
        "knowledge-base": "Kennisbank",
        "contents": "Inhoud",
        "source": "Bron",
        "situation": "Lidmaatschappen en status zijn die van {date}, de datum van de notitie.",
        "institutions": "Instellingen",
        "regimes": "Regimes",
        "trends": "Trends",
        "recommendations": "Aanbevelingen",
        "bibliography": "Bibliografie",
        "kind": "Soort",
        "part-of": "Onderdeel van",
        "host-state": "Gastland",
        "members-on": "Leden op {date}",
        "tasks": "Taken",
        "outlook": "Vooruitzichten",
        "cited": "Geciteerd",
        "domain": "Domein",
        "custodian": "Beheerder",
        "verification": "Verificatie",
        "yes": "ja",
        "no": "nee",
        "status-on": "Status op {date}",
        "expires": "Verloopt",
        "events": "Gebeurtenissen",
        "until": "tot {date}",
        "actor": "Actor",
        "acting-on": "Trends die erop inwerken",
        "acts-on": "Waarop het inwerkt",
        "weight": "Gewicht",
        "horizon": "Termijn",
        "confidence": "Zekerheid",
        "confidence-of": "zekerheid {confidence}",
        "addressees": "Geadresseerden",
        "targets": "Betreft",
        "counters": "Antwoord op",
        "footnote": "vn",
        "footnotes": "Voetnoten",
        "also-cites": "citeert ook {sources}",
        "assessment": "Beoordeling",
        "title-baseline": "Beoordeling, {horizon} termijn: basislijn (juli 2020)",
        "title-scenario": "Beoordeling, {horizon} termijn: scenario {name}",
        "scenario": "Scenario",
        "term": "{horizon} termijn",
        "levels": "Vastgehouden niveaus",
        "levels-note": (
            "Niveaus lopen van -1 tot 1; onder 0 lijdt een instelling schade."
            " Ze vergelijken oordelen, ze meten niets."
        ),
        "method": (
            "Per {on}; regel {rule}, overdrachtsfunctie {transfer}, kalibratie {calibration}"
            " (inkomende gewichten {how}); {horizon} termijn."
        ),
        "draws": "Ensemble: {n} trekkingen van de gewichten (seed {seed}), {horizon} termijn.",
        "not-converged": "De kaart kwam niet tot rust; de niveaus zijn die na de laatste stap.",
        "heatmap": "Uitkomsten per instelling en dimensie",
        "heatmap-level": (
            "Kleur: het bereikte niveau (rood schade, blauw winst). De {other} termijn is"
            " met dezelfde instellingen beoordeeld, naast de {horizon} termijn."
        ),
        "heatmap-change": (
            "Kleur: de verandering die het scenario teweegbrengt ten opzichte van de"
            " basislijn (rood schade, blauw winst). De {other} termijn is met dezelfde"
            " instellingen beoordeeld, naast de {horizon} termijn."
        ),
        "heatmap-ensemble": "Balkjes onder een waarde: het 5–95 %-interval van het ensemble.",
        "legend": "Legenda",
        "no-judgment": "geen oordeel",
        "cell-title": "{target}, {dimension}, {horizon} termijn: {value}",
        "cell-unjudged": "{target}, {dimension}, {horizon} termijn: geen oordeel in deze termijn",
        "outcomes": "Uitkomsten, slechtste eerst",
        "no-outcomes": "Geen invloed in de kennisbank werkt op een instelling of regime.",
        "none-in-force": "Niets te beoordelen: niet van kracht op {on} (zie hieronder).",
        "outcome": "Uitkomst",
        "level": "Niveau",
        "baseline": "Basislijn",
        "change": "Verandering",
        "mean": "Gemiddelde",
        "mean-change": "Gemiddelde verandering",
        "interval": "5–95 %",
        "change-interval": "Verandering 5–95 %",
        "p-decline": "P(achteruitgang)",
        "unjudged": "Geen oordeel op de {horizon} termijn",
        "unjudged-note": "Niets in de notitie werkt hierop in op de {horizon} termijn.",
        "judged-in": "beoordeeld op de {horizon} termijn",
        "not-in-force": "Niet van kracht op {on}",
        "not-in-force-note": "Met hun status vermeld, niet beoordeeld.",
        "withdrawn": "Partijen die vóór {on} waren vertrokken",
        "worst": "De slechtste uitkomsten",
        "ranked": "Aanbevelingen, naar de schade die ze beantwoorden",
        "severity": "ernst {value}",
        "evidence": "Onderbouwing",
        "evidence-note": "De sterkste paden van de trends naar elke uitkomst, met de citaten.",
        "no-path": "Geen pad vanaf een vastgehouden trend.",
        "path-contribution": "bijdrage {value}",
        "sources-cited": "Geciteerde bronnen",
        "to-evidence": "onderbouwing",
        "hindsight": "De verwachtingen van de notitie achteraf bezien",
        "hindsight-note": (
            "Wat de notitie verwachtte, in haar eigen woorden, en wat ervan terechtkwam:"
            " gedateerde bronnen en een oordeel, op grond van feiten buiten de notitie."
        ),
        "about": "Betreft",
        "expects": "Verwacht",
        "by": "Uiterlijk",
        "verdict": "Oordeel",
        "unresolved": "onbeslist (geen hindsight-plugin geladen)",
        "what-happened": "Wat er gebeurde (tot {date})",
        "hindsight-evidence": "Bewijs",
        "track-record": "Trefzekerheid",
        "count": "Aantal",
    },
}


def label(lang: str, key: str, **fields: object) -> str:
    """The label ``key`` in ``lang`` (English if unknown), with ``fields`` filled in."""
    text = LABELS.get(lang, LABELS["en"])[key]
    return text.format(**fields) if fields else text


def value(lang: str, word: str) -> str:
    """A vocabulary value (``"in-force"``) as a word of ``lang`` (``"van kracht"``).

    The words are core's (:func:`multilat.labels.word`): every format names
    the model's vocabularies alike.
    """
    return core_labels.word(lang, word)
