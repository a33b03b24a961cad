"""Render a :class:`~multilat.formats.Report` as Markdown.

Without an assessment the document is the whole knowledge base: the note,
institutions, regimes, trends, influences (as a table), recommendations, the
note's expectations in hindsight (each with its verdict and evidence, and
the track record) and sources with their footnotes. With one it is the assessment: the scenario,
the outcomes, the strongest paths to the worst of them and the
recommendations ranked by the harm they answer, plus the ensemble's spread
if the report has one.

Every piece of text from the data goes through
:func:`~multilat_markdown.escaping.escape`; only the renderer's own markup
(headings, list markers, table pipes, ``**`` around labels) is written raw.
Order comes from the knowledge base's sorted listings or an explicit sort,
so the same report gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Final

from multilat import presentation as show
from multilat.formats import Report
from multilat.knowledge import KnowledgeBase
from multilat.model import (
    Citation,
    Claim,
    Influence,
    Institution,
    Recommendation,
    Regime,
    RegimeEvent,
    Source,
    SourceKind,
    Text,
    Trend,
)
from multilat_markdown.escaping import escape, link
from multilat_markdown.labels import label, value

if TYPE_CHECKING:
    from multilat.assess import Assessment, Ensemble, Path

__all__ = ["NOTE_DATE", "render"]

#: The note's date: memberships and regime statuses are shown as of this day.
NOTE_DATE: Final = dt.date(2020, 7, 1)

class _Writer:
    """Lines of a Markdown document in one language, with helpers for its blocks."""

    def __init__(self, kb: KnowledgeBase, lang: str) -> None:
        self.kb = kb
        self.lang = lang
        self.lines: list[str] = []

    # -- words -------------------------------------------------------------

    def label(self, key: str, **fields: object) -> str:
        """A label of the renderer (not data: never escaped)."""
        return label(self.lang, key, **fields)

    def word(self, vocabulary_value: str) -> str:
        """A vocabulary value in the report's language, escaped."""
        return escape(value(self.lang, vocabulary_value))

    def text(self, text: Text) -> str:
        """A reader-facing :class:`~multilat.model.Text`, escaped."""
        return escape(text.in_language(self.lang))

    def name_of(self, object_id: str) -> str:
        """The name of the object ``object_id`` in the report's language, escaped."""
        obj = self.kb.get(object_id)
        name = getattr(obj, "name", None)
        return self.text(name) if isinstance(name, Text) else escape(object_id)

    # -- blocks ------------------------------------------------------------

    def blank(self) -> None:
        """End the current block with one blank line (never two in a row)."""
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def heading(self, level: int, text: str) -> None:
        """An ATX heading; ``text`` is Markdown already (escaped where it is data)."""
        self.blank()
        self.lines.append(f"{'#' * level} {text}")
        self.blank()

    def paragraph(self, text: str) -> None:
        """A paragraph on one line; ``text`` is Markdown already."""
        self.blank()
        self.lines.append(text)
        self.blank()

    def field(self, key: str, text: str, **fields: object) -> None:
        """A ``- **Label:** value`` list item; ``text`` is Markdown already."""
        self.lines.append(f"- **{self.label(key, **fields)}:** {text}")

    def citation(self, citation: Citation, indent: str = "") -> None:
        """``> “quote”`` and ``> — source, locator, fn N``, as its own block.

        ``indent`` nests the quote inside a list item.
        """
        where = [escape(citation.source), escape(citation.locator)]
        if citation.footnotes:
            numbers = ", ".join(str(n) for n in citation.footnotes)
            where.append(f"{self.label('footnote')} {numbers}")
        self.blank()
        self.lines.append(f"{indent}> \u201c{escape(citation.quote)}\u201d")
        self.lines.append(f"{indent}>")
        self.lines.append(f"{indent}> \u2014 {', '.join(where)}")
        self.blank()

    def citations(self, citations: Iterable[Citation], indent: str = "") -> None:
        """Every citation in order, each as a block quote."""
        for citation in citations:
            self.citation(citation, indent)

    def claims(self, key: str, claims: Sequence[Claim]) -> None:
        """A sub-heading and one list item per claim, its citations nested under it."""
        if not claims:
            return
        self.heading(4, self.label(key))
        for claim in claims:
            self.lines.append(f"- {self.text(claim.text)}")
            self.citations(claim.citations, indent="  ")

    def table(self, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
        """A GFM table; every cell is Markdown already (escaped where it is data)."""
        self.blank()
        self.lines.append(_row(header))
        self.lines.append(_row(["---"] * len(header)))
        self.lines.extend(_row(row) for row in rows)
        self.blank()

    def document(self) -> str:
        """The lines as one text: LF line ends, one final newline."""
        while self.lines and self.lines[-1] == "":
            self.lines.pop()
        return "\n".join(self.lines) + "\n"


def _row(cells: Sequence[str]) -> str:
    # Cells are escaped by their callers, so a '|' or a line break in the
    # data is already "\|" or "&#10;" and cannot split the row.
    return "| " + " | ".join(cells) + " |"


# -- the knowledge base ---------------------------------------------------------


def _note(kb: KnowledgeBase) -> Source | None:
    # The first note in id order: there is one, core's clingendael-2020.
    return next((s for s in kb.sources if s.kind is SourceKind.NOTE), None)


def _reference(source: Source) -> str:
    """Authors, *title*, venue, date, escaped; the URL as a link."""
    parts = [escape(", ".join(source.authors))] if source.authors else []
    parts.append(f"*{escape(source.title)}*")
    parts += [escape(part) for part in (source.venue, source.date) if part]
    if source.url:
        parts.append(link(source.url))
    return ", ".join(parts)


def _title(w: _Writer) -> None:
    note = _note(w.kb)
    if note is None:
        w.heading(1, w.label("knowledge-base"))
    else:
        w.heading(1, escape(note.title))
        w.paragraph(f"**{w.label('source')}:** {_reference(note)} ({escape(note.id)})")
    w.paragraph(w.label("situation", date=NOTE_DATE.isoformat()))


def _named(w: _Writer, name: Text, acronym: Text | None) -> str:
    shown = w.text(name)
    if acronym is not None and acronym.in_language(w.lang) != name.in_language(w.lang):
        shown += f" ({w.text(acronym)})"
    return shown


def _institution(w: _Writer, institution: Institution) -> None:
    w.heading(3, _named(w, institution.name, institution.acronym))
    w.field("kind", w.word(institution.kind.value))
    if institution.parent is not None:
        w.field("part-of", w.name_of(institution.parent))
    if institution.host_state is not None:
        w.field("host-state", escape(institution.host_state))
    if institution.memberships:
        count = len(institution.members_at(NOTE_DATE))
        w.field("members-on", str(count), date=NOTE_DATE.isoformat())
    if institution.description is not None:
        w.paragraph(w.text(institution.description))
    w.claims("tasks", institution.tasks)
    w.claims("outlook", institution.outlook)
    if institution.citations:
        w.heading(4, w.label("cited"))
        w.citations(institution.citations)


def _event_sort_key(event: RegimeEvent) -> tuple[dt.date, str, str]:
    # Date order; kind and party break ties so equal dates stay in one order.
    return (event.date, event.kind.value, event.party or "")


def _event(w: _Writer, event: RegimeEvent) -> None:
    line = f"- {event.date.isoformat()}: {w.word(event.kind.value)}"
    if event.party is not None:
        line += f" ({escape(event.party)})"
    if event.until is not None:
        line += f", {w.label('until', date=event.until.isoformat())}"
    if event.description is not None:
        line += f". {w.text(event.description)}"
    if event.source is not None:
        line += f" ({w.label('event-source', source=escape(event.source))})"
    w.lines.append(line)
    w.citations(event.citations, indent="  ")


def _regime(w: _Writer, regime: Regime) -> None:
    w.heading(3, _named(w, regime.name, regime.acronym))
    w.field("domain", w.word(regime.domain.value))
    if regime.custodian is not None:
        w.field("custodian", w.name_of(regime.custodian))
    w.field("verification", w.label("yes" if regime.verification else "no"))
    w.field("status-on", w.word(regime.status_at(NOTE_DATE).value), date=NOTE_DATE.isoformat())
    if regime.expires is not None:
        w.field("expires", regime.expires.isoformat())
    if regime.description is not None:
        w.paragraph(w.text(regime.description))
    if regime.events:
        w.heading(4, w.label("events"))
        for event in sorted(regime.events, key=_event_sort_key):
            _event(w, event)
    if regime.citations:
        w.heading(4, w.label("cited"))
        w.citations(regime.citations)


def _trend(w: _Writer, trend: Trend) -> None:
    w.heading(3, w.text(trend.name))
    if trend.actor is not None:
        w.field("actor", w.name_of(trend.actor))
    if trend.description is not None:
        w.paragraph(w.text(trend.description))
    w.citations(trend.citations)


def _influence_row(w: _Writer, influence: Influence) -> list[str]:
    effect = influence.effect
    if influence.dimension is not None:
        effect += f".{influence.dimension.value}"
    sign = "+" if influence.weight > 0 else "\u2212"
    return [
        escape(influence.id),
        f"{escape(influence.cause)} \u2192 {escape(effect)}",
        f"{sign} {w.word(influence.strength)}",
        w.word(influence.horizon.value),
        w.word(influence.confidence.value),
    ]


def _recommendation(w: _Writer, rec: Recommendation) -> None:
    w.heading(3, f"{rec.number}\\. {w.text(rec.title)}")
    w.field("addressees", ", ".join(w.word(a.value) for a in rec.addressees))
    if rec.targets:
        w.field("targets", ", ".join(w.name_of(t) for t in rec.targets))
    if rec.counters:
        w.field("counters", ", ".join(escape(c) for c in rec.counters))
    w.paragraph(w.text(rec.text))
    w.citations(rec.citations)


def _sources(w: _Writer) -> None:
    # Which works each footnote cites: a footnote may cite two.
    cited_by: dict[int, list[str]] = {}
    for source in w.kb.sources:
        for note in source.footnotes:
            cited_by.setdefault(note.number, []).append(source.id)
    for source in w.kb.sources:
        w.heading(3, escape(source.id))
        w.paragraph(f"{_reference(source)} ({w.word(source.kind.value)})")
        for note in sorted(source.footnotes, key=lambda n: n.number):
            line = f"- {w.label('footnote')} {note.number}: {escape(note.text)}"
            others = [escape(s) for s in cited_by[note.number] if s != source.id]
            if others:
                line += f" ({w.label('also-cites', sources=', '.join(others))})"
            w.lines.append(line)


def _knowledge(w: _Writer) -> None:
    kb = w.kb
    _title(w)
    if kb.institutions:
        w.heading(2, w.label("institutions"))
        for institution in kb.institutions:
            _institution(w, institution)
    if kb.regimes:
        w.heading(2, w.label("regimes"))
        for regime in kb.regimes:
            _regime(w, regime)
    if kb.trends:
        w.heading(2, w.label("trends"))
        for trend in kb.trends:
            _trend(w, trend)
    if kb.influences:
        w.heading(2, w.label("influences"))
        header = ["Id", *(w.label(k) for k in ("cause-effect", "weight", "horizon", "confidence"))]
        w.table(header, (_influence_row(w, i) for i in kb.influences))
    if kb.recommendations:
        w.heading(2, w.label("recommendations"))
        for rec in kb.recommendations:  # by number
            _recommendation(w, rec)
    if kb.expectations:
        _hindsight(w)
    if kb.sources:
        w.heading(2, w.label("sources"))
        _sources(w)


def _hindsight(w: _Writer) -> None:
    from multilat.hindsight import UNRESOLVED, track_record

    record = track_record(w.kb)
    w.heading(2, w.label("hindsight"))
    w.paragraph(w.label("hindsight-note"))
    for entry in record.entries:
        expectation = entry.expectation
        w.heading(3, escape(expectation.id))
        w.field("about", ", ".join(w.name_of(a) for a in expectation.about))
        w.field("expects", w.text(expectation.expects))
        if expectation.by is not None:
            w.field("by", expectation.by.isoformat())
        if expectation.horizon is not None:
            w.field("horizon", w.label("term", horizon=w.word(expectation.horizon.value)))
        verdict = entry.verdict
        shown = w.label("unresolved") if verdict == UNRESOLVED else w.word(verdict)
        w.field("verdict", f"**{shown}**")
        w.citations(expectation.citations)
        resolution = entry.resolution
        if resolution is None:
            continue
        w.paragraph(
            f"**{w.label('what-happened', date=resolution.as_of.isoformat())}:**"
            f" {w.text(resolution.summary)}"
        )
        w.heading(4, w.label("evidence"))
        for item in sorted(resolution.evidence, key=lambda e: (e.date, e.source)):
            source = w.kb.get(item.source)
            cited = _reference(source) if isinstance(source, Source) else escape(item.source)
            w.lines.append(f"- {item.date.isoformat()}: {w.text(item.text)} ({cited})")
    w.heading(3, w.label("track-record"))
    counts = record.counts()
    rows = [
        [w.label("unresolved") if key == UNRESOLVED else w.word(key), str(n)]
        for key, n in counts.items()
        if n or key != UNRESOLVED
    ]
    w.table([w.label("verdict"), w.label("count")], rows)


# -- an assessment --------------------------------------------------------------


def _scenario_block(w: _Writer, assessment: Assessment | None, ensemble: Ensemble | None) -> None:
    source = assessment if assessment is not None else ensemble
    assert source is not None  # render() only calls this with one of them
    scenario = source.scenario
    what = w.label("baseline") if scenario is None else w.text(scenario.name)
    w.heading(1, f"{w.label('assessment')}: {what}")
    w.field("horizon", w.label("term", horizon=w.word(source.horizon.value)))
    if scenario is not None:
        w.field("scenario", escape(scenario.id))
        w.paragraph(w.text(scenario.description))
        w.heading(2, w.label("levels"))
        for trend, level in scenario.levels:  # sorted by trend id
            w.lines.append(f"- {escape(trend)}: {show.signed(level)}")
    if assessment is not None:
        w.paragraph(
            w.label(
                "method",
                on=assessment.on.isoformat(),
                rule=escape(assessment.rule),
                transfer=escape(assessment.transfer),
                calibration=escape(assessment.calibration),
            )
        )
        if assessment.targets:
            w.field("targets-field", ", ".join(escape(t) for t in assessment.targets))
    w.paragraph(w.label("levels-note"))
    if not source.converged:
        w.paragraph(w.label("not-converged"))


def _path(w: _Writer, path: Path) -> None:
    chain = " \u2192 ".join(escape(c) for c in path.concepts)
    w.lines.append(f"- {chain} ({w.label('contribution', value=show.signed(path.contribution))})")
    w.citations(path.citations, indent="  ")


def _assessment(w: _Writer, assessment: Assessment) -> None:
    w.heading(2, w.label("outcomes"))
    if not assessment.outcomes:
        w.paragraph(w.label("no-outcomes"))
        _standings(w, assessment)
        return
    _table(w, show.outcome_table(assessment))
    _unjudged(w, assessment)
    _standings(w, assessment)
    worst = show.worst(assessment)
    if worst:
        w.heading(2, w.label("worst-paths"))
        for outcome in worst:
            w.heading(3, f"{escape(outcome.key)} ({show.signed(outcome.level)})")
            if not outcome.paths:
                w.paragraph(w.label("no-path"))
            for path in outcome.paths:  # strongest first
                _path(w, path)
    ranked = show.answering(assessment)
    if ranked:
        w.heading(2, w.label("ranked"))
        for r in ranked:
            rec = r.recommendation
            severity = w.label("severity", value=f"{r.severity:.2f}")
            w.heading(3, f"{rec.number}\\. {w.text(rec.title)} ({severity})")
            w.lines.extend(f"- {escape(reason)}" for reason in r.reasons)


def _unjudged(w: _Writer, assessment: Assessment) -> None:
    if not assessment.unjudged:
        return
    w.heading(2, w.label("unjudged"))
    w.paragraph(w.label("unjudged-note", horizon=w.word(assessment.horizon.value)))
    for group in show.unjudged_groups(assessment):
        other = group.judged_in
        hint = f" ({w.label('judged-in', horizon=w.word(other.value))})" if other else ""
        w.lines.extend(f"- {escape(key)}{hint}" for key in group.keys)


def _standings(w: _Writer, assessment: Assessment) -> None:
    on = assessment.on.isoformat()
    if show.not_in_force(assessment):
        w.heading(2, w.label("not-in-force", on=on))
        w.paragraph(w.label("not-in-force-note"))
        for standing in show.not_in_force(assessment):
            w.lines.append(f"- {escape(standing.target)}: {w.word(standing.status)}")
    withdrawn = show.withdrawn(assessment)
    if withdrawn:
        w.heading(2, w.label("withdrawn", on=on))
        for standing in withdrawn:
            w.lines.append(f"- {escape(standing.target)}: {', '.join(standing.withdrawn)}")


def _ensemble(w: _Writer, ensemble: Ensemble) -> None:
    w.heading(2, w.label("ensemble"))
    w.paragraph(w.label("draws", n=ensemble.n, seed=ensemble.seed))
    _table(w, show.ensemble_table(ensemble))


def _table(w: _Writer, table: show.Table) -> None:
    """An outcome table of :mod:`multilat.presentation`, its keys and intervals escaped.

    Brackets of intervals are Markdown link syntax, escaped like any other
    text; a plain signed number needs no escaping.
    """
    rows = [
        [escape(key), *(escape(c) if "[" in c else c for c in rest)] for key, *rest in table.rows
    ]
    if rows:
        w.table([w.label(c) for c in table.columns], rows)


# -- entry point ----------------------------------------------------------------


def render(report: Report) -> str:
    """The report as Markdown: its assessment if it has one, else its knowledge base.

    :param report: what to render; ``report.lang`` chooses the language of
        headings, labels and texts (Dutch falls back to English where a
        text has no Dutch).
    :returns: the document, LF line ends and one final newline; equal
        reports give equal text.
    """
    w = _Writer(report.knowledge, report.lang)
    if report.assessment is None and report.ensemble is None:
        _knowledge(w)
    else:
        _scenario_block(w, report.assessment, report.ensemble)
        if report.assessment is not None:
            _assessment(w, report.assessment)
        if report.ensemble is not None:
            _ensemble(w, report.ensemble)
    return w.document()
