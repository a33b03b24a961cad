"""The ``text`` output format: an assessment as ``multilat assess`` prints it.

Plain text for a terminal, in English or Dutch: the scenario and method,
the outcomes worst first (or the ensemble's intervals), the "no judgment"
and "not in force" listings, the strongest path to each of the worst
outcomes and the recommendations that answer the harm. What it shows and
in which order is :mod:`multilat.presentation`'s decision, shared with the
markdown and html formats; its words come from :mod:`multilat.labels`.

:func:`render_explanation` writes ``multilat assess --explain KEY``, and
:func:`render_hindsight` ``multilat hindsight``.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from multilat import presentation as show
from multilat.formats import Document, Format, Report
from multilat.labels import count, label, word
from multilat.model import Citation

if TYPE_CHECKING:
    from multilat.assess import Assessment, Ensemble, Explanation
    from multilat.model import Scenario

__all__ = ["TEXT_FORMAT", "render", "render_explanation", "render_hindsight"]


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    # First column left-aligned (keys), the numbers right-aligned.
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, *rows]:
        rest = [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join([row[0].ljust(widths[0]), *rest]).rstrip())
    return lines


def _table_lines(table: show.Table, lang: str) -> list[str]:
    return _table([label(lang, c) for c in table.columns], table.rows)


def _levels(levels: Sequence[tuple[str, float]]) -> str:
    return ", ".join(f"{trend}={level:g}" for trend, level in levels)


def _what(scenario: Scenario | None, lang: str) -> str:
    if scenario is None:
        return label(lang, "baseline")
    return label(lang, "scenario-named", id=scenario.id, name=scenario.name.in_language(lang))


def _method(run: Assessment | Explanation, lang: str) -> str:
    method = show.method(run)
    how = (
        label(lang, "as-judged")
        if method.cap is None
        else label(lang, "capped", cap=f"{method.cap:g}")
    )
    return label(lang, "method", how=how, **method.fields())


def _quote(citation: Citation) -> str:
    return f"{citation.source} {citation.locator}: \u201c{show.shorten(citation.quote)}\u201d"


def _header(result: Assessment, lang: str) -> list[str]:
    scenario = result.scenario
    horizon = word(lang, result.horizon.value)
    lines = [label(lang, "assessment-title", horizon=horizon, what=_what(scenario, lang))]
    lines.append(f"  {_method(result, lang)}")
    if scenario is not None:
        lines.append(f"  {label(lang, 'holds', levels=_levels(scenario.levels))}")
        if result.targets:
            lines.append(f"  {label(lang, 'targets', targets=', '.join(result.targets))}")
    lines.append(f"  {label(lang, 'levels-note')}")
    if not result.converged:
        lines.append(f"  {label(lang, 'not-converged')}")
    return lines


def _unjudged(result: Assessment, lang: str) -> list[str]:
    groups = show.unjudged_groups(result)
    if not groups:
        return []
    lines = ["", label(lang, "unjudged", horizon=word(lang, result.horizon.value))]
    for group in groups:
        if group.judged_in is None:
            hint = label(lang, "judged-in-none")
        else:
            other = group.judged_in.value
            hint = label(lang, "judged-in", horizon=word(lang, other), value=other)
        lines += textwrap.wrap(
            ", ".join(group.keys), width=100, initial_indent="  ", subsequent_indent="  "
        )
        lines.append(f"    ({hint})")
    return lines


def _standings(result: Assessment, lang: str) -> list[str]:
    lines = []
    day = result.on.isoformat()
    absent = show.not_in_force(result)
    if absent:
        lines += ["", label(lang, "not-in-force", on=day)]
        lines += [f"  {s.target}: {word(lang, s.status)}" for s in absent]
    left = show.withdrawn(result)
    if left:
        lines += ["", label(lang, "withdrawn", on=day)]
        lines += [f"  {s.target}: {', '.join(s.withdrawn)}" for s in left]
    return lines


def _worst(result: Assessment, lang: str) -> list[str]:
    worst = show.worst(result)
    if not worst:
        return []
    lines = ["", label(lang, "worst-paths")]
    for outcome in worst:
        lines.append(f"  {outcome.key} ({show.signed(outcome.level)})")
        if not outcome.paths:
            lines.append(f"    {label(lang, 'no-path')}")
            continue
        path = outcome.paths[0]
        value = show.signed(path.contribution)
        lines.append(f"    {path}  {label(lang, 'contribution', value=value)}")
        if path.citations:
            lines.append(f"    {_quote(path.citations[0])}")
    return lines


def _recommendations(result: Assessment, lang: str) -> list[str]:
    ranked = show.answering(result)
    if not ranked:
        return []
    lines = ["", label(lang, "ranked")]
    for r in ranked:
        rec = r.recommendation
        severity = label(lang, "severity", value=f"{r.severity:.2f}")
        lines.append(f"  {rec.number}. {rec.title.in_language(lang)} ({severity})")
        for answer in r.answers[: show.REASONS]:
            level = f"{answer.level:+.2f}"
            if answer.via:
                via = ", ".join(answer.via)
                reason = label(lang, "answer-via", key=answer.key, level=level, via=via)
            else:
                reason = label(lang, "answer-target", key=answer.key, level=level)
            lines.append(f"     - {reason}")
        if len(r.answers) > show.REASONS:
            lines.append(f"     - {label(lang, 'more', n=len(r.answers) - show.REASONS)}")
    return lines


def _nothing_to_assess(result: Assessment, lang: str) -> list[str] | None:
    """One line for a target with nothing to assess in the horizon, saying why; else None."""
    target = result.target
    if target is None or result.not_in_force or result.judged:
        return None
    others = [
        i for i in result.knowledge.influences
        if i.effect == target and i.dimension is not None and i.horizon is not result.horizon
    ]
    if not others:
        return [label(lang, "no-outcomes-of", target=target)] if not result.outcomes else None
    other = others[0].horizon
    influences = count(lang, "term-influence", len(others), horizon=word(lang, other.value))
    horizon = word(lang, result.horizon.value)
    return [
        label(
            lang, "only-other-horizon", target=target, horizon=horizon,
            influences=influences, other=other.value,
        )
    ]


def _assessment(result: Assessment, spread: Ensemble | None, lang: str) -> list[str]:
    nothing = _nothing_to_assess(result, lang)
    if nothing is not None:
        return nothing
    lines = _header(result, lang)
    standings = _standings(result, lang)
    if not result.outcomes:
        lines.append("")
        if standings:
            return lines + standings[1:]
        return [*lines, label(lang, "no-outcomes")]
    lines.append("")
    table = show.outcome_table(result)
    if not table.rows:
        lines.append(label(lang, "none-judged", horizon=word(lang, result.horizon.value)))
    elif spread is None:
        lines += _table_lines(table, lang)
    else:
        lines.append(label(lang, "ensemble-draws", n=spread.n, seed=spread.seed))
        lines += _table_lines(show.ensemble_table(spread), lang)
    return [
        *lines,
        *_unjudged(result, lang),
        *standings,
        *_worst(result, lang),
        *_recommendations(result, lang),
    ]


def _ensemble_alone(spread: Ensemble, lang: str) -> list[str]:
    horizon = word(lang, spread.horizon.value)
    lines = [label(lang, "assessment-title", horizon=horizon, what=_what(spread.scenario, lang))]
    lines += ["", label(lang, "ensemble-draws", n=spread.n, seed=spread.seed)]
    return lines + _table_lines(show.ensemble_table(spread), lang)


def render(report: Report) -> str:
    """The report's assessment (and ensemble) as plain text, one final newline."""
    if report.assessment is not None:
        lines = _assessment(report.assessment, report.ensemble, report.lang)
    elif report.ensemble is not None:
        lines = _ensemble_alone(report.ensemble, report.lang)
    else:  # Format.render_bytes refuses a knowledge base before calling this
        raise ValueError("the text format renders assessments, not the knowledge base")
    return "\n".join(lines) + "\n"


def render_explanation(why: Explanation, lang: str = "en") -> str:
    """How one level was reached (``multilat assess --explain KEY``) as plain text."""
    scenario = why.scenario
    horizon = word(lang, why.horizon.value)
    lines = [label(lang, "explain-title", key=why.key, horizon=horizon, what=_what(scenario, lang))]
    lines.append(f"  {_method(why, lang)}")
    if scenario is not None:
        lines.append(f"  {label(lang, 'holds', levels=_levels(scenario.levels))}")
    lines.append("")
    standing = why.standing
    if standing is not None and not standing.in_force:
        lines.append(
            label(
                lang,
                "explain-not-in-force",
                key=why.key,
                target=standing.target,
                status=word(lang, standing.status),
                on=why.on.isoformat(),
            )
        )
        return "\n".join(lines) + "\n"
    if not why.judged:
        lines.append(label(lang, "explain-unjudged", key=why.key, horizon=horizon))
        other = [h for h in why.judged_in if h is not why.horizon]
        if other:
            lines.append(
                label(
                    lang,
                    "explain-other-horizon",
                    horizon=word(lang, other[0].value),
                    value=other[0].value,
                    key=why.key,
                )
            )
        return "\n".join(lines) + "\n"
    if not why.terms:
        level, reason = {t: (lv, r) for t, lv, r in why.held}[why.key]
        held_by = "held-by-scenario" if reason == "scenario" else "held-as-driver"
        why_held = label(lang, held_by)
        level_text = show.signed(level)
        lines.append(label(lang, "explain-held", key=why.key, level=level_text, why=why_held))
        return "\n".join(lines) + "\n"
    total = show.signed(why.weighted_sum)
    formula = (
        f"{why.transfer}({total})" if why.rule == "kosko" else label(lang, "rule", rule=why.rule)
    )
    baseline = (
        "" if scenario is None else label(lang, "explain-baseline", value=show.signed(why.baseline))
    )
    lines.append(
        label(
            lang,
            "explain-level",
            key=why.key,
            level=show.signed(why.level),
            formula=formula,
            influences=count(lang, "influence", len(why.terms)),
        )
        + baseline
    )
    if why.scale != 1.0:
        judged_total = sum(abs(t.judged_weight) for t in why.terms)
        scale = f"{why.scale:.3f}"
        lines.append(f"  {label(lang, 'explain-scale', total=f'{judged_total:g}', scale=scale)}")
    lines += ["", label(lang, "explain-terms")]
    for t in why.terms:
        influence = t.influence
        judged = (
            ""
            if t.weight == t.judged_weight
            else label(lang, "judged-weight", value=show.signed(t.judged_weight))
        )
        lines.append(f"  {influence.id}")
        term = label(
            lang,
            "explain-term",
            cause=influence.cause,
            level=show.signed(t.cause_level),
            weight=show.signed(t.weight),
            strength=word(lang, influence.strength),
            confidence=word(lang, influence.confidence.value),
            judged=judged,
            contribution=show.signed(t.contribution),
        )
        lines.append(f"    {term}")
        lines += [f"    {_quote(c)}" for c in influence.citations]
    if why.held:
        lines += ["", label(lang, "explain-held-trends")]
        for trend, level, reason in why.held:
            because = label(lang, "set-by-scenario" if reason == "scenario" else "driver")
            lines.append(f"  {trend} {show.signed(level)} ({because})")
    return "\n".join(lines) + "\n"


# -- hindsight ----------------------------------------------------------------


def render_hindsight(data: Mapping[str, Any], lang: str = "en") -> str:
    """The note's expectations in hindsight (``multilat hindsight``) as plain text.

    ``data`` is :func:`multilat.hindsight.track_record_to_dict`'s document,
    its texts already in ``lang``; the labels here follow it.
    """
    entries: list[dict[str, Any]] = data["expectations"]
    if not entries:
        return label(lang, "no-expectations") + "\n"
    lines = [label(lang, "hindsight-title"), ""]
    rows = [[e["id"], word(lang, e["verdict"]), e["by"] or ""] for e in entries]
    header = [label(lang, k) for k in ("expectation-column", "verdict-column", "by-column")]
    lines += _table(header, rows)
    for e in entries:
        lines += ["", f"{e['id']}: {word(lang, e['verdict'])}"]
        lines.append(f"  {label(lang, 'about', ids=', '.join(e['about']))}")
        lines.append(f"  {label(lang, 'expects', text=e['expects'])}")
        when = [label(lang, "by", date=e["by"])] if e["by"] else []
        when += [label(lang, "term", horizon=word(lang, e["horizon"]))] if e["horizon"] else []
        if when:
            lines.append(f"  {label(lang, 'when', when=', '.join(when))}")
        for cite in e["citations"]:
            lines.append(f"  {cite['source']} {cite['locator']}: \u201c{cite['quote']}\u201d")
        resolution = e["resolution"]
        if resolution is None:
            lines.append(f"  {label(lang, 'no-resolution')}")
            continue
        happened = label(lang, "happened", on=resolution["as_of"], summary=resolution["summary"])
        lines.append(f"  {happened}")
        for item in resolution["evidence"]:
            src = item["source"]
            cited = ", ".join(
                str(part) for part in (src.get("issuer"), src.get("title"), src.get("date"))
                if part
            )
            lines.append(f"  - {item['date']} {item['text']} [{src['id']}: {cited}]")
    counts: dict[str, int] = data["track_record"]
    # "unresolved" only when hindsight is missing for some expectation.
    shown = ", ".join(
        f"{word(lang, k)} {n}" for k, n in counts.items() if n or k != "unresolved"
    )
    lines += ["", label(lang, "track-record", counts=shown, n=len(entries))]
    return "\n".join(lines) + "\n"


#: The ``text`` format: what ``multilat assess`` prints without ``--format``.
TEXT_FORMAT = Format(
    name="text",
    media_type="text/plain",
    suffix=".txt",
    render=render,
    description="An assessment as the terminal shows it (English or Dutch).",
    documents={Document.ASSESSMENT, Document.ENSEMBLE},
)
