"""Headings, labels and vocabulary words of the Markdown report, in English and Dutch.

Only the words the renderer itself writes live here; names, descriptions
and quotes come from the knowledge base in the report's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from multilat.labels import WORDS
from multilat.labels import word as core_word

__all__ = ["LABELS", "VALUES", "label", "value"]

#: Labels by language and key. Both languages have every key (a test checks).
LABELS: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {
        "knowledge-base": "Knowledge base",
        "source": "Source",
        "situation": "Dates of membership and status are those of {date}, the date of the note.",
        "institutions": "Institutions",
        "regimes": "Regimes",
        "trends": "Trends",
        "influences": "Influences",
        "recommendations": "Recommendations",
        "sources": "Sources",
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
        "event-source": "source: {source}",
        "actor": "Actor",
        "influence": "Influence",
        "cause-effect": "Cause → effect",
        "weight": "Weight",
        "horizon": "Horizon",
        "confidence": "Confidence",
        "addressees": "Addressees",
        "targets": "Targets",
        "counters": "Answers",
        "footnote": "fn",
        "footnotes": "Footnotes",
        "also-cites": "also cites {sources}",
        "none": "none",
        "assessment": "Assessment",
        "baseline": "baseline (July 2020)",
        "baseline-column": "Baseline",
        "scenario": "Scenario",
        "term": "{horizon} term",
        "levels": "Levels held",
        "levels-note": (
            "Levels run from -1 to 1; below 0 an institution suffers."
            " They compare judgments, they do not measure."
        ),
        "not-converged": "The map did not settle; levels are those after the last step.",
        "outcomes": "Outcomes",
        "no-outcomes": "No influence in the knowledge base acts on an institution or regime.",
        "outcome": "Outcome",
        "level": "Level",
        "change": "Change",
        "ensemble": "Ensemble",
        "draws": "{n} draws of the weights (seed {seed}).",
        "mean": "Mean",
        "interval": "5–95 %",
        "change-interval": "Change 5–95 %",
        "p-decline": "P(decline)",
        "worst-paths": "Strongest paths to the worst outcomes",
        "no-path": "No path from a held trend.",
        "contribution": "contribution {value}",
        "ranked": "Recommendations, by the harm they answer",
        "severity": "severity {value}",
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
        "evidence": "Evidence",
        "track-record": "Track record",
        "count": "Count",
        "method": ("As of {on}; rule {rule}, transfer {transfer}, calibration {calibration}."),
        "targets-field": "Targets",
        "unjudged": "No judgment in this horizon",
        "unjudged-note": "Nothing in the note acts on these in the {horizon} term.",
        "judged-in": "judged in the {horizon} term",
        "not-in-force": "Not in force on {on}",
        "not-in-force-note": "Reported with their status, not assessed.",
        "withdrawn": "Parties that had left by {on}",
    },
    "nl": {
        "knowledge-base": "Kennisbank",
        "source": "Bron",
        "situation": "Lidmaatschappen en status zijn die van {date}, de datum van de notitie.",
        "institutions": "Instellingen",
        "regimes": "Regimes",
        "trends": "Trends",
        "influences": "Invloeden",
        "recommendations": "Aanbevelingen",
        "sources": "Bronnen",
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
        "event-source": "bron: {source}",
        "actor": "Actor",
        "influence": "Invloed",
        "cause-effect": "Oorzaak → gevolg",
        "weight": "Gewicht",
        "horizon": "Termijn",
        "confidence": "Zekerheid",
        "addressees": "Geadresseerden",
        "targets": "Betreft",
        "counters": "Antwoord op",
        "footnote": "vn",
        "footnotes": "Voetnoten",
        "also-cites": "citeert ook {sources}",
        "none": "geen",
        "assessment": "Beoordeling",
        "baseline": "basislijn (juli 2020)",
        "baseline-column": "Basislijn",
        "scenario": "Scenario",
        "term": "{horizon} termijn",
        "levels": "Vastgehouden niveaus",
        "levels-note": (
            "Niveaus lopen van -1 tot 1; onder 0 lijdt een instelling schade."
            " Ze vergelijken oordelen, ze meten niets."
        ),
        "not-converged": "De kaart kwam niet tot rust; de niveaus zijn die na de laatste stap.",
        "outcomes": "Uitkomsten",
        "no-outcomes": "Geen invloed in de kennisbank werkt op een instelling of regime.",
        "outcome": "Uitkomst",
        "level": "Niveau",
        "change": "Verandering",
        "ensemble": "Ensemble",
        "draws": "{n} trekkingen van de gewichten (seed {seed}).",
        "mean": "Gemiddelde",
        "interval": "5–95 %",
        "change-interval": "Verandering 5–95 %",
        "p-decline": "P(achteruitgang)",
        "worst-paths": "Sterkste paden naar de slechtste uitkomsten",
        "no-path": "Geen pad vanaf een vastgehouden trend.",
        "contribution": "bijdrage {value}",
        "ranked": "Aanbevelingen, naar de schade die ze beantwoorden",
        "severity": "ernst {value}",
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
        "evidence": "Bewijs",
        "track-record": "Trefzekerheid",
        "count": "Aantal",
        "method": (
            "Per {on}; regel {rule}, overdrachtsfunctie {transfer}, kalibratie {calibration}."
        ),
        "targets-field": "Doelen",
        "unjudged": "Geen oordeel in deze termijn",
        "unjudged-note": "Niets in de notitie werkt hierop in op de {horizon} termijn.",
        "judged-in": "beoordeeld op de {horizon} termijn",
        "not-in-force": "Niet van kracht op {on}",
        "not-in-force-note": "Met hun status vermeld, niet beoordeeld.",
        "withdrawn": "Partijen die vóór {on} waren vertrokken",
    },
}

#: Words for the values of the model's vocabularies, by language: core's
#: catalogue (:data:`multilat.labels.WORDS`), shared with the text format.
VALUES: Final[Mapping[str, Mapping[str, str]]] = WORDS


def label(lang: str, key: str, **fields: object) -> str:
    """The label ``key`` in ``lang``, with ``fields`` filled in.

    :param lang: ``"en"`` or ``"nl"``; anything else falls back to English.
    :param key: a key of :data:`LABELS`.
    :param fields: values for the label's ``{placeholders}``.
    """
    text = LABELS.get(lang, LABELS["en"])[key]
    return text.format(**fields) if fields else text


def value(lang: str, word: str) -> str:
    """A vocabulary value (``"in-force"``) as a word of ``lang`` (``"van kracht"``).

    :param lang: ``"en"`` or ``"nl"``.
    :param word: the value of a model enum, or a weight's strength label.
    """
    return core_word(lang, word)
