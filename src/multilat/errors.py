"""Exceptions, warnings and the one-line :class:`Problem` report.

Every error a user can cause (a malformed data file, a dangling reference, a
broken plugin) ends up as one or more :class:`Problem` objects. A problem
renders as one line, ``file:line: object-id: field: what is wrong``, so that
editors and CI logs can jump to it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

__all__ = [
    "DataError",
    "InvalidValue",
    "KnowledgeError",
    "MultilatError",
    "MultilatWarning",
    "OutdatedFactWarning",
    "PluginError",
    "Problem",
    "UnknownName",
    "did_you_mean",
]


class MultilatError(Exception):
    """Base class of every error multilat raises on purpose."""


class InvalidValue(MultilatError, ValueError):
    """A domain object was given a value its validators reject.

    It is a :class:`ValueError`, so code that constructs objects by hand can
    catch it as such; the data loader reads :attr:`field` to say where the
    problem sits.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        #: Name of the offending attribute.
        self.field = field
        #: What is wrong, without the field name.
        self.message = message


class UnknownName(MultilatError, KeyError):
    """A name that is not known: an id, an outcome key, a scenario, a format.

    It is a :class:`KeyError`, as a failed look-up is; its message names the
    close names (see :func:`did_you_mean`), and ``str()`` gives the message
    alone, not a :class:`KeyError`'s quoted repr.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        #: The whole message.
        self.message = message

    def __str__(self) -> str:
        return self.message


def did_you_mean(
    name: str,
    candidates: Iterable[str] | Mapping[str, str],
    n: int = 3,
    *,
    quoted: bool = False,
) -> str:
    """``" (did you mean a, b?)"`` naming the candidates closest to ``name``, or ``""``.

    Case is ignored in the comparison; the candidates keep theirs. Given a
    mapping, its keys are compared and its values named (a name or acronym
    suggests its object's id), each once. ``quoted`` shows them as ``'a'``,
    as data-file keys are.

    >>> from multilat.errors import did_you_mean
    >>> did_you_mean("NATO", ["nato", "osce"])
    ' (did you mean nato?)'
    >>> did_you_mean("zzz", ["nato"])
    ''
    """
    import difflib  # only on the error path: every command imports this module

    shown = candidates if isinstance(candidates, Mapping) else {c: c for c in candidates}
    by_folded: dict[str, str] = {}
    for candidate in sorted(shown):
        by_folded.setdefault(candidate.casefold(), shown[candidate])
    close = difflib.get_close_matches(name.casefold(), by_folded, n=n * 3, cutoff=0.7)
    named = list(dict.fromkeys(by_folded[c] for c in close))[:n]
    listed = [repr(c) for c in named] if quoted else named
    return f" (did you mean {', '.join(listed)}?)" if listed else ""


@attrs.frozen
class Problem:
    """One thing wrong with the input, located as precisely as known.

    ``str(problem)`` is the one-line form users see. Parts that are not known
    are left out rather than filled with placeholders.
    """

    #: What is wrong, in a few words.
    message: str
    #: The file the problem is in, if it came from a file.
    path: str | None = None
    #: 1-based line in :attr:`path`, where it can be told.
    line: int | None = None
    #: The id (or ``kind[index]`` when it has none) of the object concerned.
    object_id: str | None = None
    #: The field of that object, dotted for nested values (``citations[2].quote``).
    field: str | None = None
    #: The plugin that contributed the object.
    plugin: str | None = None

    def __str__(self) -> str:
        parts: list[str] = []
        if self.path is not None:
            parts.append(self.path if self.line is None else f"{self.path}:{self.line}")
        elif self.plugin is not None:
            parts.append(f"plugin {self.plugin}")
        if self.object_id is not None:
            parts.append(self.object_id)
        if self.field is not None:
            parts.append(self.field)
        parts.append(self.message)
        text = ": ".join(parts)
        # Files named on the command line stand for themselves: no "(plugin x)".
        if self.path is not None and self.plugin is not None and self.plugin != self.path:
            text += f" (plugin {self.plugin})"
        return text

    def sort_key(self) -> tuple[str, str, int, str, str, str]:
        """A key that orders problems by place, for deterministic reports."""
        return (
            self.plugin or "",
            self.path or "",
            self.line or 0,
            self.object_id or "",
            self.field or "",
            self.message,
        )


def _summary(problems: tuple[Problem, ...]) -> str:
    if len(problems) == 1:
        return str(problems[0])
    return f"{len(problems)} problems, the first: {problems[0]}"


class _ProblemsError(MultilatError):
    def __init__(self, problems: Iterable[Problem]) -> None:
        ordered = tuple(sorted(problems, key=Problem.sort_key))
        if not ordered:
            raise ValueError("an error needs at least one problem")
        super().__init__(_summary(ordered))
        #: Every problem found, ordered by place.
        self.problems: tuple[Problem, ...] = ordered


class DataError(_ProblemsError):
    """A data file could not be read or turned into domain objects."""

    def __init__(self, problems: Iterable[Problem], *, partial: Any = None) -> None:
        super().__init__(problems)
        #: The :class:`~multilat.model.Fragment` of every object that did
        #: convert, or ``None``; callers keep it so nothing valid is lost.
        self.partial = partial


class KnowledgeError(_ProblemsError):
    """The merged knowledge base fails its integrity checks."""


class PluginError(_ProblemsError):
    """A plugin failed to load or returned something unusable (strict mode)."""


class MultilatWarning(UserWarning):
    """Something was skipped so that the rest could go on (non-strict mode)."""


class OutdatedFactWarning(MultilatWarning):
    """A question about a day later than the facts behind the answer are known.

    Memberships and regime events from outside the note say up to which
    day they are known (``as_of``); asking about a later day still gets the
    answer those facts give, with this warning that something may have
    happened since. The command line prints it as one line.
    """
