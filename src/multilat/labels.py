"""The words multilat itself writes for readers, in English and Dutch: one catalogue.

Names, descriptions and quotes come from the knowledge base in the reader's
language; everything else the command line and the built-in ``text`` format
write — headings, column names, phrases, the names of kinds and fields, the
words of the model's vocabularies — is looked up here, so that ``--lang nl``
changes all of it. Both languages have every key (a test checks), and a
format plugin may use the catalogue for words it shares with core.

>>> from multilat.labels import label, word
>>> label("nl", "severity", value="0.50")
'ernst 0.50'
>>> word("nl", "in-force"), word("en", "in-force")
('van kracht', 'in force')
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from typing import Final

__all__ = [
    "LABELS",
    "WORDS",
    "count",
    "document_labels",
    "enum_word",
    "field_label",
    "kind_label",
    "label",
    "vocabulary_of",
    "word",
]

#: Labels by language and key, with ``{placeholders}`` for :func:`label`.
LABELS: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {
        # -- the assessment, as ``multilat assess`` prints it
        "assessment-title": "Assessment, {horizon} term, {what}",
        "baseline": "baseline (July 2020)",
        "scenario-named": "scenario {id}: {name}",
        "method": "as of {on}; rule {rule}, transfer {transfer}, calibration {calibration}"
        " (incoming weights {how})",
        "capped": "capped at {cap} per concept",
        "as-judged": "as judged",
        "holds": "holds {levels}",
        "targets": "targets {targets}",
        "levels-note": "levels run from -1 to 1, below 0 an institution suffers;"
        " they compare judgments, they do not measure",
        "not-converged": "note: the map did not settle; levels are those after the last step",
        "no-outcomes": "No outcomes: no influence in the knowledge base acts on an institution or"
        " regime (install content plugins such as multilat-nato).",
        "no-outcomes-of": "{target}: nothing to assess: no influence in the knowledge base"
        " acts on it.",
        "only-other-horizon": "{target}: no judgment in the {horizon} term: only"
        " {influences}; try --horizon {other}",
        "term-influence-one": "1 {horizon}-term influence",
        "term-influence-many": "{n} {horizon}-term influences",
        "influence-one": "1 influence",
        "influence-many": "{n} influences",
        "none-judged": "No outcome is judged in the {horizon} term.",
        "ensemble-draws": "Ensemble of {n} draws of the weights (seed {seed}):",
        "outcome": "outcome",
        "level": "level",
        "baseline-column": "baseline",
        "change": "change",
        "mean": "mean",
        "interval": "5%..95%",
        "change-interval": "5%..95%",
        "p-decline": "P(decline)",
        "unjudged": "No judgment in the {horizon} term (nothing in the note acts on these then):",
        "judged-in": "judged in the {horizon} term: --horizon {value}",
        "judged-in-none": "judged in no term",
        "not-in-force": "Not in force on {on}, so not assessed:",
        "withdrawn": "Parties that had left by {on}:",
        "worst-paths": "Strongest path to each of the worst outcomes:",
        "no-path": "(no path from a held trend)",
        "contribution": "contribution {value}",
        "ranked": "Recommendations, by the harm they answer:",
        "severity": "severity {value}",
        "answer-target": "{key} at {level} (a target)",
        "answer-via": "{key} at {level} via {via}",
        "more": "and {n} more",
        # -- an explanation: ``multilat assess --explain KEY``
        "explain-title": "How {key} was reached, {horizon} term, {what}",
        "explain-not-in-force": "{key}: not assessed: {target} is {status} on {on}.",
        "explain-unjudged": "{key}: no judgment in the {horizon} term: no influence acts on it.",
        "explain-other-horizon": "The note judges it in the {horizon} term:"
        " multilat assess --horizon {value} --explain {key}",
        "explain-held": "{key}: held at {level} by {why}.",
        "held-by-scenario": "the scenario",
        "held-as-driver": "its baseline level (a driver: no cause in this map)",
        "explain-level": "{key}: level {level} = {formula}, the sum of {influences}",
        "explain-baseline": " (baseline {value})",
        "explain-scale": "calibration: the judged weights on it add up to {total},"
        " more than the cap; each is scaled by {scale}",
        "explain-terms": "Influences on it, largest contribution first (cause level x weight):",
        "explain-term": "{cause} {level} x {weight} ({strength}, {confidence} confidence{judged})"
        " = {contribution}",
        "judged-weight": ", judged {value}",
        "explain-held-trends": "Held trends the chains into it start from:",
        "set-by-scenario": "set by the scenario",
        "driver": "driver: no cause in this map",
        "rule": "rule {rule}",
        # -- ``multilat hindsight``
        "no-expectations": "No expectations: no loaded plugin gives the note's expectations"
        " (install content plugins such as multilat-nato).",
        "hindsight-title": "The note's expectations in hindsight",
        "expectation-column": "expectation",
        "verdict-column": "verdict",
        "by-column": "by",
        "about": "about: {ids}",
        "expects": "expects: {text}",
        "by": "by {date}",
        "when": "when: {when}",
        "no-resolution": "no resolution loaded (the multilat-hindsight plugin gives them)",
        "happened": "what happened (as of {on}): {summary}",
        "track-record": "Track record: {counts} (of {n})",
        # -- ``multilat show`` and ``multilat list``
        "from": "{kind} {id} (from {plugin})",
        "term": "{horizon} term",
        "confidence": "{confidence} confidence",
        "whose": "[{origin}'s]",
        "footnote": "fn",
        "date-as-given": "{date} (as the work gives it)",
        "can-assess": "assessed in the {horizons} term",
        "cannot-assess": "nothing to assess",
        # -- the knowledge base and its assessment as a document: the words the
        # html and markdown formats share (:func:`document_labels`)
        "document-knowledge-base": "Knowledge base",
        "document-source": "Source",
        "document-situation": "Dates of membership and status are those of {date}, the"
        " date of the note.",
        "document-institutions": "Institutions",
        "document-regimes": "Regimes",
        "document-trends": "Trends",
        "document-recommendations": "Recommendations",
        "document-kind": "Kind",
        "document-part-of": "Part of",
        "document-host-state": "Host state",
        "document-members-on": "Members on {date}",
        "document-tasks": "Tasks",
        "document-outlook": "Outlook",
        "document-cited": "Cited",
        "document-domain": "Domain",
        "document-custodian": "Custodian",
        "document-verification": "Verification",
        "document-yes": "yes",
        "document-no": "no",
        "document-status-on": "Status on {date}",
        "document-expires": "Expires",
        "document-events": "Events",
        "document-until": "until {date}",
        "document-actor": "Actor",
        "document-weight": "Weight",
        "document-horizon": "Horizon",
        "document-confidence": "Confidence",
        "document-addressees": "Addressees",
        "document-targets": "Targets",
        "document-counters": "Answers",
        "document-footnote": "fn",
        "document-footnotes": "Footnotes",
        "document-also-cites": "also cites {sources}",
        "document-assessment": "Assessment",
        "document-scenario": "Scenario",
        "document-term": "{horizon} term",
        "document-levels": "Levels held",
        "document-levels-note": (
            "Levels run from -1 to 1; below 0 an institution suffers."
            " They compare judgments, they do not measure."
        ),
        "document-not-converged": "The map did not settle; levels are those after the last step.",
        "document-no-outcomes": "No influence in the knowledge base acts on an institution"
        " or regime.",
        "document-outcome": "Outcome",
        "document-level": "Level",
        "document-change": "Change",
        "document-mean": "Mean",
        "document-interval": "5–95 %",
        "document-change-interval": "Change 5–95 %",
        "document-p-decline": "P(decline)",
        "document-unjudged-note": "Nothing in the note acts on these in the {horizon} term.",
        "document-judged-in": "judged in the {horizon} term",
        "document-not-in-force": "Not in force on {on}",
        "document-not-in-force-note": "Reported with their status, not assessed.",
        "document-withdrawn": "Parties that had left by {on}",
        "document-ranked": "Recommendations, by the harm they answer",
        "document-severity": "severity {value}",
        "document-no-path": "No path from a held trend.",
        "document-hindsight": "The note's expectations in hindsight",
        "document-hindsight-note": (
            "What the note expected, in its own words, and what became of it: dated,"
            " sourced evidence and a verdict, from facts outside the note."
        ),
        "document-about": "About",
        "document-expects": "Expects",
        "document-by": "By",
        "document-verdict": "Verdict",
        "document-unresolved": "unresolved (no hindsight plugin loaded)",
        "document-what-happened": "What happened (as of {date})",
        "document-track-record": "Track record",
        "document-count": "Count",
    },
    "nl": {
        "assessment-title": "Beoordeling, {horizon} termijn, {what}",
        "baseline": "basislijn (juli 2020)",
        "scenario-named": "scenario {id}: {name}",
        "method": "per {on}; regel {rule}, overdrachtsfunctie {transfer}, kalibratie"
        " {calibration} (inkomende gewichten {how})",
        "capped": "begrensd op {cap} per concept",
        "as-judged": "zoals geoordeeld",
        "holds": "houdt vast: {levels}",
        "targets": "doelen {targets}",
        "levels-note": "niveaus lopen van -1 tot 1, onder 0 lijdt een instelling schade;"
        " ze vergelijken oordelen, ze meten niets",
        "not-converged": "let op: de kaart kwam niet tot rust; de niveaus zijn die na de"
        " laatste stap",
        "no-outcomes": "Geen uitkomsten: geen invloed in de kennisbank werkt op een instelling of"
        " regime (installeer inhoudsplugins zoals multilat-nato).",
        "no-outcomes-of": "{target}: niets te beoordelen: geen invloed in de kennisbank werkt"
        " erop.",
        "only-other-horizon": "{target}: geen oordeel op de {horizon} termijn: alleen"
        " {influences}; probeer --horizon {other}",
        "term-influence-one": "1 invloed op de {horizon} termijn",
        "term-influence-many": "{n} invloeden op de {horizon} termijn",
        "influence-one": "1 invloed",
        "influence-many": "{n} invloeden",
        "none-judged": "Geen uitkomst is beoordeeld op de {horizon} termijn.",
        "ensemble-draws": "Ensemble van {n} trekkingen van de gewichten (seed {seed}):",
        "outcome": "uitkomst",
        "level": "niveau",
        "baseline-column": "basislijn",
        "change": "verandering",
        "mean": "gemiddelde",
        "interval": "5%..95%",
        "change-interval": "5%..95%",
        "p-decline": "P(achteruitgang)",
        "unjudged": "Geen oordeel op de {horizon} termijn (niets in de notitie werkt hier dan"
        " op in):",
        "judged-in": "beoordeeld op de {horizon} termijn: --horizon {value}",
        "judged-in-none": "op geen enkele termijn beoordeeld",
        "not-in-force": "Niet van kracht op {on}, dus niet beoordeeld:",
        "withdrawn": "Partijen die vóór {on} waren vertrokken:",
        "worst-paths": "Sterkste pad naar elk van de slechtste uitkomsten:",
        "no-path": "(geen pad vanaf een vastgehouden trend)",
        "contribution": "bijdrage {value}",
        "ranked": "Aanbevelingen, naar de schade die ze beantwoorden:",
        "severity": "ernst {value}",
        "answer-target": "{key} op {level} (een doel)",
        "answer-via": "{key} op {level} via {via}",
        "more": "en {n} meer",
        "explain-title": "Hoe {key} tot stand kwam, {horizon} termijn, {what}",
        "explain-not-in-force": "{key}: niet beoordeeld: {target} is {status} op {on}.",
        "explain-unjudged": "{key}: geen oordeel op de {horizon} termijn: geen invloed werkt"
        " erop.",
        "explain-other-horizon": "De notitie oordeelt erover op de {horizon} termijn:"
        " multilat assess --horizon {value} --explain {key}",
        "explain-held": "{key}: vastgehouden op {level} door {why}.",
        "held-by-scenario": "het scenario",
        "held-as-driver": "zijn basisniveau (een drijvende kracht: geen oorzaak in deze kaart)",
        "explain-level": "{key}: niveau {level} = {formula}, de som van {influences}",
        "explain-baseline": " (basislijn {value})",
        "explain-scale": "kalibratie: de geoordeelde gewichten erop tellen op tot {total},"
        " meer dan de grens; elk wordt geschaald met {scale}",
        "explain-terms": "Invloeden erop, grootste bijdrage eerst (niveau oorzaak x gewicht):",
        "explain-term": "{cause} {level} x {weight} ({strength}, zekerheid {confidence}{judged})"
        " = {contribution}",
        "judged-weight": ", geoordeeld {value}",
        "explain-held-trends": "Vastgehouden trends waar de ketens ernaartoe beginnen:",
        "set-by-scenario": "gezet door het scenario",
        "driver": "drijvende kracht: geen oorzaak in deze kaart",
        "rule": "regel {rule}",
        "no-expectations": "Geen verwachtingen: geen geladen plugin geeft de verwachtingen van"
        " de notitie (installeer inhoudsplugins zoals multilat-nato).",
        "hindsight-title": "De verwachtingen van de notitie achteraf bezien",
        "expectation-column": "verwachting",
        "verdict-column": "oordeel",
        "by-column": "uiterlijk",
        "about": "betreft: {ids}",
        "expects": "verwacht: {text}",
        "by": "uiterlijk {date}",
        "when": "wanneer: {when}",
        "no-resolution": "geen afloop geladen (de plugin multilat-hindsight geeft die)",
        "happened": "wat er gebeurde (bekend tot {on}): {summary}",
        "track-record": "Trefzekerheid: {counts} (van {n})",
        "from": "{kind} {id} (van {plugin})",
        "term": "{horizon} termijn",
        "confidence": "zekerheid {confidence}",
        "whose": "[van {origin}]",
        "footnote": "vn",
        "date-as-given": "{date} (zoals het werk het geeft)",
        "can-assess": "beoordeeld op de {horizons} termijn",
        "cannot-assess": "niets te beoordelen",
        "document-knowledge-base": "Kennisbank",
        "document-source": "Bron",
        "document-situation": "Lidmaatschappen en status zijn die van {date}, de datum van"
        " de notitie.",
        "document-institutions": "Instellingen",
        "document-regimes": "Regimes",
        "document-trends": "Trends",
        "document-recommendations": "Aanbevelingen",
        "document-kind": "Soort",
        "document-part-of": "Onderdeel van",
        "document-host-state": "Gastland",
        "document-members-on": "Leden op {date}",
        "document-tasks": "Taken",
        "document-outlook": "Vooruitzichten",
        "document-cited": "Geciteerd",
        "document-domain": "Domein",
        "document-custodian": "Beheerder",
        "document-verification": "Verificatie",
        "document-yes": "ja",
        "document-no": "nee",
        "document-status-on": "Status op {date}",
        "document-expires": "Verloopt",
        "document-events": "Gebeurtenissen",
        "document-until": "tot {date}",
        "document-actor": "Actor",
        "document-weight": "Gewicht",
        "document-horizon": "Termijn",
        "document-confidence": "Zekerheid",
        "document-addressees": "Geadresseerden",
        "document-targets": "Betreft",
        "document-counters": "Antwoord op",
        "document-footnote": "vn",
        "document-footnotes": "Voetnoten",
        "document-also-cites": "citeert ook {sources}",
        "document-assessment": "Beoordeling",
        "document-scenario": "Scenario",
        "document-term": "{horizon} termijn",
        "document-levels": "Vastgehouden niveaus",
        "document-levels-note": (
            "Niveaus lopen van -1 tot 1; onder 0 lijdt een instelling schade."
            " Ze vergelijken oordelen, ze meten niets."
        ),
        "document-not-converged": "De kaart kwam niet tot rust; de niveaus zijn die na de"
        " laatste stap.",
        "document-no-outcomes": "Geen invloed in de kennisbank werkt op een instelling of regime.",
        "document-outcome": "Uitkomst",
        "document-level": "Niveau",
        "document-change": "Verandering",
        "document-mean": "Gemiddelde",
        "document-interval": "5–95 %",
        "document-change-interval": "Verandering 5–95 %",
        "document-p-decline": "P(achteruitgang)",
        "document-unjudged-note": "Niets in de notitie werkt hierop in op de {horizon} termijn.",
        "document-judged-in": "beoordeeld op de {horizon} termijn",
        "document-not-in-force": "Niet van kracht op {on}",
        "document-not-in-force-note": "Met hun status vermeld, niet beoordeeld.",
        "document-withdrawn": "Partijen die vóór {on} waren vertrokken",
        "document-ranked": "Aanbevelingen, naar de schade die ze beantwoorden",
        "document-severity": "ernst {value}",
        "document-no-path": "Geen pad vanaf een vastgehouden trend.",
        "document-hindsight": "De verwachtingen van de notitie achteraf bezien",
        "document-hindsight-note": (
            "Wat de notitie verwachtte, in haar eigen woorden, en wat ervan terechtkwam:"
            " gedateerde bronnen en een oordeel, op grond van feiten buiten de notitie."
        ),
        "document-about": "Betreft",
        "document-expects": "Verwacht",
        "document-by": "Uiterlijk",
        "document-verdict": "Oordeel",
        "document-unresolved": "onbeslist (geen hindsight-plugin geladen)",
        "document-what-happened": "Wat er gebeurde (tot {date})",
        "document-track-record": "Trefzekerheid",
        "document-count": "Aantal",
    },
}

#: Words of the model's vocabularies (kinds, fields, enum values, weight
#: labels) by language. English falls back to the value with hyphens as
#: spaces; Dutch has every word the model can produce (a test checks).
WORDS: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {},
    "nl": {
        # kinds of object, singular
        "source": "bron",
        "actor": "actor",
        "institution": "instelling",
        "regime": "regime",
        "trend": "trend",
        "influence": "invloed",
        "recommendation": "aanbeveling",
        "scenario": "scenario",
        "expectation": "verwachting",
        "resolution": "afloop",
        # fields of objects, as ``show`` names them
        "id": "id",
        "slug": "slug",
        "name": "naam",
        "kind": "soort",
        "acronym": "acroniem",
        "parent": "onderdeel van",
        "host-state": "gastland",
        "description": "beschrijving",
        "tasks": "taken",
        "outlook": "vooruitzichten",
        "memberships": "lidmaatschappen",
        "member": "lid",
        "joined": "toegetreden",
        "left": "vertrokken",
        "role": "rol",
        "note": "toelichting",
        "citations": "citaten",
        "sources": "bronnen",
        "replaces": "vervangt",
        "text": "tekst",
        "title": "titel",
        "authors": "auteurs",
        "venue": "verschenen in",
        "date": "datum",
        "url": "url",
        "footnotes": "voetnoten",
        "number": "nummer",
        "sections": "secties",
        "incipits": "beginwoorden",
        "section": "sectie",
        "paragraph": "alinea",
        "quote": "citaat",
        "iso3": "iso3",
        "domain": "domein",
        "verification": "verificatie",
        "custodian": "beheerder",
        "expires": "verloopt",
        "events": "gebeurtenissen",
        "party": "partij",
        "until": "tot",
        "cause": "oorzaak",
        "effect": "gevolg",
        "weight": "gewicht",
        "horizon": "termijn",
        "confidence": "zekerheid",
        "mechanism": "mechanisme",
        "dimension": "dimensie",
        "hedge-exception": "uitzondering op voorbehoud",
        "addressees": "geadresseerden",
        "targets": "doelen",
        "counters": "antwoord op",
        "levels": "niveaus",
        "origin": "herkomst",
        # institution kinds
        "alliance": "bondgenootschap",
        "union": "unie",
        "organisation": "organisatie",
        "organ": "orgaan",
        "mission": "missie",
        "agency": "agentschap",
        "body": "instantie",
        "initiative": "initiatief",
        # actor kinds, roles
        "state": "staat",
        "person": "persoon",
        "group": "groep",
        "permanent": "permanent",
        "elected": "gekozen",
        "participating-state": "deelnemende staat",
        "partner": "partner",
        "observer": "waarnemer",
        # source kinds ("note" is the membership field above, so the kind is
        # qualified by its vocabulary: see word())
        "source-kind:note": "notitie",
        "scenario-origin:note": "notitie",
        "role:member": "lid",
        "report": "rapport",
        "article": "artikel",
        "commentary": "commentaar",
        "news": "nieuws",
        "official-document": "officieel document",
        "legal-text": "juridische tekst",
        "declaration": "verklaring",
        "reference": "naslagwerk",
        # regime domains
        "conventional": "conventioneel",
        "confidence-building": "vertrouwenwekkend",
        "nuclear": "nucleair",
        "chemical": "chemisch",
        "biological": "biologisch",
        # statuses and event kinds
        "pending": "nog niet getekend",
        "signed": "getekend",
        "in-force": "van kracht",
        "suspended": "opgeschort",
        "expired": "verlopen",
        "terminated": "beëindigd",
        "adopted": "aangenomen",
        "entered-into-force": "in werking getreden",
        "resumed": "hervat",
        "withdrawal-announced": "terugtrekking aangekondigd",
        "withdrawal-effective": "terugtrekking van kracht",
        "extended": "verlengd",
        "implemented": "uitgevoerd",
        "undated": "ongedateerd",
        "active": "actief",
        "not-established": "nog niet opgericht",
        "no-members": "zonder leden",
        # dimensions
        "effectiveness": "effectiviteit",
        "cohesion": "cohesie",
        "decision-making": "besluitvorming",
        "legitimacy": "legitimiteit",
        "resources": "middelen",
        "operational-readiness": "operationele gereedheid",
        # horizons, confidence, weights, origins
        "short": "korte",
        "long": "lange",
        "low": "laag",
        "medium": "gemiddeld",
        "high": "hoog",
        "weak": "zwak",
        "moderate": "matig",
        "strong": "sterk",
        "very strong": "zeer sterk",
        "library": "bibliotheek",
        "user": "gebruiker",
        # addressees
        "diplomacy": "diplomatie",
        "armed-forces": "krijgsmacht",
        # expectations and their resolutions
        "about": "betreft",
        "as-of": "bekend tot",
        "by": "uiterlijk",
        "ended": "beëindigd op",
        "evidence": "bewijs",
        "expects": "verwacht",
        "summary": "samenvatting",
        "verdict": "oordeel",
        "borne-out": "uitgekomen",
        "not-borne-out": "niet uitgekomen",
        "mixed": "gemengd",
        "open": "open",
        "milestone": "mijlpaal",
        "unresolved": "onbeslist",
        # booleans
        "yes": "ja",
        "no": "nee",
    },
}


def label(lang: str, key: str, /, **fields: object) -> str:
    """The label ``key`` in ``lang`` (``"en"`` or ``"nl"``), ``fields`` filled in.

    :raises KeyError: for a key the catalogue does not have.
    """
    text = LABELS.get(lang, LABELS["en"])[key]
    return text.format(**fields) if fields else text


def document_labels(lang: str) -> dict[str, str]:
    """The labels the document formats (html, markdown) share, in ``lang``.

    They are the catalogue's ``document-*`` keys without that prefix, so a
    format plugin looks them up by the names it uses itself and adds its
    own labels beside them.

    >>> from multilat.labels import document_labels
    >>> document_labels("nl")["institutions"]
    'Instellingen'
    """
    labels = LABELS.get(lang, LABELS["en"])
    return {
        key.removeprefix(_DOCUMENT): text
        for key, text in labels.items()
        if key.startswith(_DOCUMENT)
    }


_DOCUMENT: Final = "document-"


def word(lang: str, value: str, vocabulary: str | None = None) -> str:
    """A vocabulary value (``"in-force"``) as a word of ``lang`` (``"van kracht"``).

    Where one spelling means two things (the source kind ``note``, a
    *notitie*, and the membership field ``note``, a *toelichting*), the
    entry ``"<vocabulary>:<value>"`` is looked up first: ``vocabulary`` is
    the enum's name in kebab case (:func:`vocabulary_of`).
    """
    words = WORDS.get(lang, {})
    if vocabulary is not None and f"{vocabulary}:{value}" in words:
        return words[f"{vocabulary}:{value}"]
    return words.get(value) or value.replace("-", " ")


def vocabulary_of(member: enum.Enum) -> str:
    """The vocabulary of an enum member, as :func:`word` takes it (``"source-kind"``)."""
    return re.sub(r"(?<!^)(?=[A-Z])", "-", type(member).__name__).lower()


def enum_word(lang: str, member: enum.Enum) -> str:
    """An enum member's value as a word of ``lang``, in its own vocabulary."""
    return word(lang, str(member.value), vocabulary_of(member))


def count(lang: str, key: str, n: int, /, **fields: object) -> str:
    """``n`` things: the label ``key-one`` for one, ``key-many`` otherwise."""
    return label(lang, f"{key}-{'one' if n == 1 else 'many'}", n=n, **fields)


def kind_label(lang: str, kind: str) -> str:
    """The name of a kind of object in the singular (``"trend"``) in ``lang``."""
    return word(lang, kind)


def field_label(lang: str, name: str) -> str:
    """How ``show`` names a model field (``host_state``) in ``lang``.

    English keeps the field's own name, as data files spell it.
    """
    if lang == "en":
        return name
    key = name.replace("_", "-")
    return WORDS.get(lang, {}).get(key) or name
