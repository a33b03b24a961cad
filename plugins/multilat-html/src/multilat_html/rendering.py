"""Render a :class:`~multilat.formats.Report` as one self-contained HTML page.

The page is rendered by Jinja2 with autoescaping on for every template:
data reaches it only through ``{{ … }}``, which escapes it, after
:func:`~multilat_html.text.finalize` has made control characters visible.
Its only markup that is not escaped is its own: the stylesheet (a file of
this package) and nothing else. It loads nothing: the stylesheet is inline,
the heatmap is inline SVG, there are no scripts, images, fonts or frames,
and a Content-Security-Policy ``<meta>`` forbids every fetch, with the
stylesheet allowed by its SHA-256 hash.

Without an assessment the page is the knowledge base; with one it is the
assessment, with a heatmap of both horizons (the other horizon assessed
with the same scenario, rule, transfer, calibration and date) whose cells
link to their evidence.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from collections.abc import Iterable, Sequence
from importlib import resources
from typing import TYPE_CHECKING, Final

import jinja2
from markupsafe import Markup

from multilat import labels as core_labels
from multilat import presentation as show
from multilat.formats import Report
from multilat.knowledge import KnowledgeBase
from multilat.model import (
    Citation,
    Horizon,
    Influence,
    Institution,
    Regime,
    RegimeEvent,
    Source,
    SourceKind,
    Text,
)
from multilat_html import heatmap
from multilat_html.labels import label, value
from multilat_html.text import finalize, link_target

if TYPE_CHECKING:
    import datetime as dt

    from multilat.assess import Assessment, Ensemble, EnsembleOutcome, Outcome

__all__ = ["INTERVAL", "TEMPLATE", "content_security_policy", "render", "stylesheet"]

#: The page's template, in this package's ``templates`` folder.
TEMPLATE: Final = "report.html.j2"

#: The quantiles of the ensemble's intervals, as every format gives them.
INTERVAL: Final = show.INTERVAL


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("multilat_html", "templates"),
        # Every template, whatever its name: data is always escaped.
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@functools.cache
def stylesheet() -> str:
    """The page's CSS, as inlined in its ``<style>`` element."""
    return (resources.files("multilat_html") / "templates" / "style.css").read_text("utf-8")


def content_security_policy(css: str) -> str:
    """The policy of the page's ``<meta>``: nothing loads, the one stylesheet applies.

    ``css`` is allowed by its hash rather than by ``'unsafe-inline'``, so a
    ``<style>`` smuggled into the data would not apply even if it got through.
    """
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    return (
        f"default-src 'none'; style-src 'sha256-{digest}'; img-src 'none';"
        " font-src 'none'; script-src 'none'; connect-src 'none'; object-src 'none';"
        " media-src 'none'; frame-src 'none'; base-uri 'none'; form-action 'none'"
    )


class _Page:
    """The helpers the template calls: words, texts and names in one language."""

    def __init__(self, kb: KnowledgeBase, lang: str) -> None:
        self.kb = kb
        self.lang = lang

    def label(self, key: str, **fields: object) -> str:
        """A label of the page (filled-in data is escaped with the rest)."""
        return label(self.lang, key, **fields)

    def word(self, vocabulary_value: str) -> str:
        """A vocabulary value in the page's language."""
        return value(self.lang, vocabulary_value)

    def source_kind(self, kind: SourceKind) -> str:
        """The kind of a source in the page's language."""
        return core_labels.enum_word(self.lang, kind)

    def text(self, text: Text) -> str:
        """A reader-facing text in the page's language (English where it has no Dutch)."""
        return text.in_language(self.lang)

    def lang_of(self, text: Text) -> str:
        """The language :meth:`text` gives: the page's, or English as the fallback."""
        return self.lang if getattr(text, self.lang) is not None else "en"

    def name_of(self, object_id: str) -> str:
        """The name of ``object_id`` (its id if it has none)."""
        name = getattr(self.kb.get(object_id), "name", None)
        return self.text(name) if isinstance(name, Text) else object_id

    def short_name(self, object_id: str) -> str:
        """The acronym of ``object_id`` if it has one, else its name."""
        acronym = getattr(self.kb.get(object_id), "acronym", None)
        return self.text(acronym) if isinstance(acronym, Text) else self.name_of(object_id)

    def signed(self, number: float) -> str:
        """``+0.42``: two decimals, always a sign."""
        return show.signed(number)

    def interval(self, low: float, high: float) -> str:
        """``[-0.40, +0.10]``."""
        return show.interval(low, high)

    def level_interval(self, outcome: EnsembleOutcome) -> str:
        """The ensemble's :data:`INTERVAL` of an outcome's level: ``[-0.61, -0.50]``."""
        low, high = INTERVAL
        return self.interval(outcome.quantile(low), outcome.quantile(high))

    def change_interval(self, outcome: EnsembleOutcome) -> str:
        """The ensemble's :data:`INTERVAL` of an outcome's change."""
        low, high = INTERVAL
        return self.interval(outcome.change_quantile(low), outcome.change_quantile(high))

    def method(self, assessment: Assessment) -> str:
        """The method line: date, rule, transfer, calibration (and its cap), horizon."""
        method = show.method(assessment)
        how = (
            core_labels.label(self.lang, "as-judged")
            if method.cap is None
            else core_labels.label(self.lang, "capped", cap=f"{method.cap:g}")
        )
        horizon = self.word(assessment.horizon.value)
        return self.label("method", how=how, horizon=horizon, **method.fields())

    def percent(self, fraction: float) -> str:
        """``37%``."""
        return f"{fraction:.0%}"

    def link(self, url: str | None) -> str | None:
        """``url`` if it may be followed (http or https), else ``None``."""
        return link_target(url)

    def sign(self, influence: Influence) -> str:
        """``+`` or ``−`` (a minus sign) for the direction of ``influence``."""
        return "+" if influence.weight > 0 else "\u2212"

    def events(self, regime: Regime) -> list[RegimeEvent]:
        """The regime's events in date order (kind and party break ties)."""
        return sorted(regime.events, key=lambda e: (e.date, e.kind.value, e.party or ""))

    def members_on(self, institution: Institution, on: dt.date) -> int:
        """How many members ``institution`` had on day ``on``."""
        return len(institution.members_at(on))

    def status_on(self, regime: Regime, on: dt.date) -> str:
        """The regime's status on day ``on``, in the page's language."""
        return self.word(regime.status_at(on).value)


# -- the knowledge base ----------------------------------------------------------


def _note(kb: KnowledgeBase) -> Source | None:
    # The first note in id order: there is one, core's clingendael-2020.
    return next((s for s in kb.sources if s.kind is SourceKind.NOTE), None)


def _knowledge_context(kb: KnowledgeBase) -> dict[str, object]:
    from multilat.assess import NOTE_DATE

    acting_on: dict[str, list[Influence]] = {}
    for influence in kb.influences:  # id order, kept within each list
        acting_on.setdefault(influence.effect, []).append(influence)
    caused_by: dict[str, list[Influence]] = {}
    for influence in kb.influences:
        caused_by.setdefault(influence.cause, []).append(influence)
    cited_by: dict[int, list[str]] = {}
    for source in kb.sources:
        for footnote in source.footnotes:
            cited_by.setdefault(footnote.number, []).append(source.id)
    record = None
    if kb.expectations:
        from multilat.hindsight import track_record

        record = track_record(kb)
    return {
        "record": record,
        "note": _note(kb),
        "on": NOTE_DATE,
        "acting_on": acting_on,
        "caused_by": caused_by,
        "cited_by": cited_by,
    }


# -- an assessment ------------------------------------------------------------------


def _other_horizon(assessment: Assessment) -> Assessment:
    """The same assessment in the other horizon, for the heatmap's second half."""
    from multilat.assess import assess

    other = Horizon.SHORT if assessment.horizon is Horizon.LONG else Horizon.LONG
    return assess(
        assessment.knowledge,
        None,
        assessment.scenario,
        other,
        rule=assessment.rule,
        transfer=assessment.transfer,
        calibration=assessment.calibration,
        on=assessment.on,
    )


def _targets(page: _Page, assessment: Assessment) -> list[tuple[str, str]]:
    """Rows of the heatmap: the assessment's targets, institutions before regimes."""
    kb = page.kb
    assessed = {s.target for s in assessment.standings} | {o.target for o in assessment.outcomes}
    ordered = [i.id for i in kb.institutions] + [r.id for r in kb.regimes]
    return [(t, page.short_name(t)) for t in ordered if t in assessed]


def _cited_sources(kb: KnowledgeBase, citations: Iterable[Citation]) -> list[Source]:
    ids = {c.source for c in citations}
    return [s for s in kb.sources if s.id in ids]


def _assessment_context(
    page: _Page, assessment: Assessment, spread: Ensemble | None
) -> dict[str, object]:
    other = _other_horizon(assessment)
    targets = _targets(page, assessment)
    rows = {t for t, _ in targets}
    by_horizon: dict[Horizon, Sequence[Outcome]] = {
        assessment.horizon: assessment.outcomes,
        other.horizon: tuple(o for o in other.outcomes if o.target in rows),
    }
    by_horizon = {h: by_horizon[h] for h in Horizon}
    spread_by_key: dict[str, EnsembleOutcome] = (
        {} if spread is None else {o.key: o for o in spread.outcomes}
    )
    by_change = assessment.scenario is not None
    figure = heatmap.layout(
        by_horizon,
        targets,
        by_change=by_change,
        spread=spread_by_key if spread is not None else None,
        spread_horizon=spread.horizon if spread is not None else None,
        words=page.word,
        title=page.label,
        interval_quantiles=INTERVAL,
    )
    evidence = [(h, heatmap.anchor_of(h, o.key), o) for h in Horizon for o in by_horizon[h]]
    citations = [c for _, _, o in evidence for p in o.paths for c in p.citations]
    return {
        "assessment": assessment,
        "other": other,
        "heatmap": figure,
        "ordered": assessment.ordered(),
        "worst": show.worst(assessment),
        "ranked": show.answering(assessment),
        "not_in_force": show.not_in_force(assessment),
        "withdrawn": show.withdrawn(assessment),
        "evidence": evidence,
        "anchor_of": heatmap.anchor_of,
        "spread_by_key": spread_by_key,
        "cited_sources": _cited_sources(page.kb, citations),
    }


# -- entry point ----------------------------------------------------------------


def render(report: Report) -> str:
    """The report as one HTML page: its assessment if it has one, else its knowledge base.

    :param report: what to render; ``report.lang`` chooses the language of
        headings, labels and texts (Dutch falls back to English where a text
        has no Dutch, and says so in the element's ``lang``).
    :returns: the page, UTF-8 text with LF line ends; equal reports give
        equal text.
    """
    page = _Page(report.knowledge, report.lang)
    css = stylesheet()
    context: dict[str, object] = {
        "page": page,
        "kb": report.knowledge,
        "lang": report.lang,
        "document": report.document.value,
        "css": Markup(css),
        "csp": content_security_policy(css),
        "ensemble": report.ensemble,
        "ensemble_rows": show.ensemble_order(report.ensemble) if report.ensemble else (),
        "assessment": None,
    }
    context.update(_knowledge_context(report.knowledge))
    if report.assessment is not None:
        context.update(_assessment_context(page, report.assessment, report.ensemble))
    return _environment().get_template(TEMPLATE).render(context)
