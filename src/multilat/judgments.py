"""Checks that judgments follow the judgment guide, over a whole knowledge base.

The judgment guide (in the docs, *How the note's words become weights*) maps
the note's modal words to weight and confidence. One rule can be checked
mechanically: a quote that hedges ("zou", "kunnen", "mogelijk",
"wellicht" …) does not carry a judgment of ``high`` confidence. Some quotes
use those words without hedging the judgment: reported speech (the French
accusation that NATO "hersendood zou zijn"), an ability ("bleek ... snel te
kunnen besluiten"), a past fact ("Waar het in 2014 nog mogelijk was"). The
influence then says why in :attr:`~multilat.model.Influence.hedge_exception`,
and the check accepts it::

    >>> from multilat.model import Citation, Influence, Text
    >>> quote = "De kwetsbaarheid kan toenemen"
    >>> hedged_words(quote)
    ('kan',)
    >>> influence = Influence(
    ...     id="x-raises-y", cause="x", effect="y", weight=0.5, horizon="long",
    ...     confidence="high", mechanism=Text(en="m"),
    ...     citations=[Citation(source="note", section="s", paragraph=1, quote=quote)])
    >>> [p.message for p in influence_problems(influence)]  # doctest: +ELLIPSIS
    ['confidence is high, but the quote hedges ("kan"): ...']

:func:`check_judgments` runs this over every influence of a knowledge base,
and checks that a scenario which says it is the note's cites the note.
``multilat check`` reports what it finds as findings (exit status 1), one
located line each. Loading and assessing are not affected: a judgment coded
against the guide is a matter for the content's author, not bad input.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from multilat.errors import Problem
from multilat.model import Confidence, Influence, Scenario, ScenarioOrigin

if TYPE_CHECKING:
    from multilat.knowledge import KnowledgeBase

__all__ = ["HEDGE_WORDS", "check_judgments", "hedged_words", "influence_problems"]

#: Dutch words that hedge a claim: a quote with one of them supports at most
#: ``medium`` confidence, unless the influence says why it does not hedge.
HEDGE_WORDS: tuple[str, ...] = (
    "zou",
    "zouden",
    "kan",
    "kunnen",
    "mogelijk",
    "mogelijke",
    "wellicht",
)

_HEDGE = re.compile(r"(?<!\w)(" + "|".join(HEDGE_WORDS) + r")(?!\w)", re.IGNORECASE)


def hedged_words(quote: str) -> tuple[str, ...]:
    """The hedge words in ``quote``, lower-cased, each once, in order of appearance.

    Whole words only: "onmogelijk" and "kans" do not hedge.

    >>> hedged_words("Dat zou kunnen, maar het is onmogelijk")
    ('zou', 'kunnen')
    """
    seen: dict[str, None] = {}
    for match in _HEDGE.finditer(quote):
        seen.setdefault(match.group(1).lower(), None)
    return tuple(seen)


def influence_problems(
    influence: Influence, *, path: str | None = None, line: int | None = None,
    plugin: str | None = None,
) -> list[Problem]:
    """What is wrong with one influence's confidence against its quotes.

    A ``high`` influence whose quotes hedge needs a
    :attr:`~multilat.model.Influence.hedge_exception`; one reported problem
    names the first hedged quote and every hedge word found. An exception
    that excuses nothing (the confidence is not high, or no quote hedges) is
    reported too, so that it does not outlive the reason it was written for.
    """
    hedged = [
        (index, found)
        for index, citation in enumerate(influence.citations)
        if (found := hedged_words(citation.quote))
    ]
    high = influence.confidence is Confidence.HIGH
    if high and hedged and influence.hedge_exception is None:
        words = ", ".join(f'"{w}"' for w in dict.fromkeys(w for _, ws in hedged for w in ws))
        message = (
            f"confidence is high, but the quote hedges ({words}): lower the confidence,"
            " or say in hedge_exception why these words do not hedge the judgment"
        )
        field = f"citations[{hedged[0][0]}].quote"
    elif influence.hedge_exception is not None and not (high and hedged):
        reason = "the confidence is not high" if not high else "no quote hedges"
        message, field = f"excuses nothing ({reason}): remove it", "hedge_exception"
    else:
        return []
    return [
        Problem(message, path=path, line=line, object_id=influence.id, field=field, plugin=plugin)
    ]


def _scenario_problems(
    scenario: Scenario, path: str | None, line: int | None, plugin: str
) -> Iterator[Problem]:
    if scenario.origin is ScenarioOrigin.NOTE and not scenario.citations:
        yield Problem(
            "a scenario of the note cites the sentence that raises it;"
            ' one the note does not raise says origin = "library"',
            path=path,
            line=line,
            object_id=scenario.id,
            field="citations",
            plugin=plugin,
        )


def check_judgments(kb: KnowledgeBase) -> list[Problem]:
    """Every judgment of ``kb`` that departs from the judgment guide, located.

    Checks each influence with :func:`influence_problems` and each scenario
    for its origin; problems are ordered by place.
    """
    problems: list[Problem] = []
    for plugin, fragment in sorted(kb.fragments.items()):
        for obj in _objects(fragment.influences, fragment.scenarios):
            path, line = fragment.locations.get(obj.id, (None, None))
            if isinstance(obj, Influence):
                problems += influence_problems(obj, path=path, line=line, plugin=plugin)
            else:
                problems += _scenario_problems(obj, path, line, plugin)
    return sorted(problems, key=Problem.sort_key)


def _objects(*kinds: Iterable[Influence | Scenario]) -> Iterator[Influence | Scenario]:
    for kind in kinds:
        yield from kind
