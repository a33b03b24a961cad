"""Headings, labels and vocabulary words of the Markdown report, in English and Dutch.

Only the words the renderer itself writes live here; names, descriptions
and quotes come from the knowledge base in the report's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from multilat.labels import WORDS
from multilat.labels import document_labels as core_document_labels
from multilat.labels import word as core_word

__all__ = ["LABELS", "VALUES", "label", "value"]

#: This format's own labels, by language and key.
_OWN: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {
        "influences": "Influences",
        "sources": "Sources",
        "event-source": "source: {source}",
        "influence": "Influence",
        "cause-effect": "Cause → effect",
        "none": "none",
        "baseline": "baseline (July 2020)",
        "baseline-column": "Baseline",
        "outcomes": "Outcomes",
        "ensemble": "Ensemble",
        "draws": "{n} draws of the weights (seed {seed}).",
        "worst-paths": "Strongest paths to the worst outcomes",
        "contribution": "contribution {value}",
        "evidence": "Evidence",
        "method": ("As of {on}; rule {rule}, transfer {transfer}, calibration {calibration}."),
        "targets-field": "Targets",
        "unjudged": "No judgment in this horizon",
    },
    "nl": {
        "influences": "Invloeden",
        "sources": "Bronnen",
        "event-source": "bron: {source}",
        "influence": "Invloed",
        "cause-effect": "Oorzaak → gevolg",
        "none": "geen",
        "baseline": "basislijn (juli 2020)",
        "baseline-column": "Basislijn",
        "outcomes": "Uitkomsten",
        "ensemble": "Ensemble",
        "draws": "{n} trekkingen van de gewichten (seed {seed}).",
        "worst-paths": "Sterkste paden naar de slechtste uitkomsten",
        "contribution": "bijdrage {value}",
        "evidence": "Bewijs",
        "method": (
            "Per {on}; regel {rule}, overdrachtsfunctie {transfer}, kalibratie {calibration}."
        ),
        "targets-field": "Doelen",
        "unjudged": "Geen oordeel in deze termijn",
    },
}

#: Labels by language and key: the words every document format shares
#: (:func:`multilat.labels.document_labels`) and this format's own. Both
#: languages have every key (a test checks).
LABELS: Final[Mapping[str, Mapping[str, str]]] = {
    lang: {**core_document_labels(lang), **own} for lang, own in _OWN.items()
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
