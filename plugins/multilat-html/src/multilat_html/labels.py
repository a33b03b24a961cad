"""The words the HTML page writes itself, in English and Dutch.

Names, descriptions and quotes come from the knowledge base in the page's
language; the model's vocabulary words come from core's catalogue
(:mod:`multilat.labels`); only the page's own headings and labels live here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from multilat import labels as core_labels
from multilat.labels import document_labels as core_document_labels

__all__ = ["LABELS", "label", "value"]

#: This format's own labels, by language and key.
_OWN: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {
        "contents": "Contents",
        "bibliography": "Bibliography",
        "acting-on": "Trends acting on it",
        "acts-on": "What it acts on",
        "confidence-of": "{confidence} confidence",
        "title-baseline": "Assessment, {horizon} term: baseline (July 2020)",
        "title-scenario": "Assessment, {horizon} term: scenario {name}",
        "method": (
            "As of {on}; rule {rule}, transfer {transfer}, calibration {calibration}"
            " (incoming weights {how}); {horizon} term."
        ),
        "draws": "Ensemble: {n} draws of the weights (seed {seed}), {horizon} term.",
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
        "none-in-force": "Nothing to assess: not in force on {on} (see below).",
        "baseline": "Baseline",
        "mean-change": "Mean change",
        "unjudged": "No judgment in the {horizon} term",
        "worst": "The worst outcomes",
        "evidence": "Evidence",
        "evidence-note": "The strongest paths from the trends to each outcome, with the quotes.",
        "path-contribution": "contribution {value}",
        "sources-cited": "Sources cited",
        "to-evidence": "evidence",
        "hindsight-evidence": "Evidence",
    },
    "nl": {
        "contents": "Inhoud",
        "bibliography": "Bibliografie",
        "acting-on": "Trends die erop inwerken",
        "acts-on": "Waarop het inwerkt",
        "confidence-of": "zekerheid {confidence}",
        "title-baseline": "Beoordeling, {horizon} termijn: basislijn (juli 2020)",
        "title-scenario": "Beoordeling, {horizon} termijn: scenario {name}",
        "method": (
            "Per {on}; regel {rule}, overdrachtsfunctie {transfer}, kalibratie {calibration}"
            " (inkomende gewichten {how}); {horizon} termijn."
        ),
        "draws": "Ensemble: {n} trekkingen van de gewichten (seed {seed}), {horizon} termijn.",
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
        "none-in-force": "Niets te beoordelen: niet van kracht op {on} (zie hieronder).",
        "baseline": "Basislijn",
        "mean-change": "Gemiddelde verandering",
        "unjudged": "Geen oordeel op de {horizon} termijn",
        "worst": "De slechtste uitkomsten",
        "evidence": "Onderbouwing",
        "evidence-note": "De sterkste paden van de trends naar elke uitkomst, met de citaten.",
        "path-contribution": "bijdrage {value}",
        "sources-cited": "Geciteerde bronnen",
        "to-evidence": "onderbouwing",
        "hindsight-evidence": "Bewijs",
    },
}

#: Labels by language and key: the words every document format shares
#: (:func:`multilat.labels.document_labels`) and this format's own. Both
#: languages have every key (a test checks).
LABELS: Final[Mapping[str, Mapping[str, str]]] = {
    lang: {**core_document_labels(lang), **own} for lang, own in _OWN.items()
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
