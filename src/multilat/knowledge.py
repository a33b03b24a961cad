"""The knowledge base: every plugin's fragment, merged and checked together.

:meth:`KnowledgeBase.build` merges fragments and runs the integrity checks
that no single plugin can run alone: duplicate ids across plugins, references
that do not resolve (an influence's cause or effect, a recommendation's
targets, a citation's source and locator, a custodian, a membership's
source), recommendation numbers used twice, two influences on the same edge
(cause, effect and horizon), an expectation's objects, a resolution's
expectation and evidence sources, two resolutions of one expectation. Every problem is found in one
pass and reported together, each naming its plugin; the objects at fault are
left out so that what remains is consistent.

Who keeps an id that more than one plugin defines is one rule, in
:meth:`KnowledgeBase.build`; the content how-to explains it to plugin
authors ("Choosing ids").
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from typing import Any, Final, TypeVar

import attrs

from multilat.errors import Problem, UnknownName, did_you_mean
from multilat.model import (
    KINDS,
    REGISTRY,
    Actor,
    Citation,
    Expectation,
    Fragment,
    Horizon,
    Influence,
    Institution,
    Recommendation,
    Regime,
    Resolution,
    Scenario,
    Source,
    Text,
    Trend,
    iter_citations,
    references,
)

__all__ = ["BUILTIN_PLUGIN", "KnowledgeBase", "Replacement"]

T = TypeVar("T")

#: The name of core's built-in content among the fragments: its ids are never replaced.
BUILTIN_PLUGIN: Final = "multilat"

# Singular names of the kinds, for messages ("unknown trend 'x'").
_KIND_NAMES: Mapping[type, str] = {kind.cls: kind.name for kind in REGISTRY}
_KINDS_BY_NAME: Mapping[str, type] = {kind.name: kind.cls for kind in REGISTRY}


def _a(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def _names(names: Iterable[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    ordered = sorted(names)
    return ordered[0] if len(ordered) == 1 else f"{', '.join(ordered[:-1])} and {ordered[-1]}"


def _unrelated(others: list[str]) -> str:
    if len(others) == 1:
        return "neither plugin depends on the other"
    return "no one of these plugins is a dependency of all the others"


def _names_of(obj: object, *, fold: bool = True) -> set[str]:
    """The names and acronyms of ``obj`` in every language, casefolded unless ``fold`` is false."""
    found = set()
    for attribute in ("name", "acronym"):
        text = getattr(obj, attribute, None)
        if isinstance(text, Text):
            for lang in Text.LANGUAGES:
                value = getattr(text, lang)
                if value:
                    found.add(value.casefold() if fold else value)
    return found


def _sorted_by_id(objects: Any) -> tuple[Any, ...]:
    return tuple(sorted(objects, key=lambda o: o.id))


@attrs.frozen
class Replacement:
    """An object that replaces other plugins' objects of its id, as its data says.

    Its plugin declared it with ``replaces = "<its id>"`` (see
    :ref:`choosing-ids`).
    """

    #: The id replaced (the object's own).
    object_id: str
    #: The plugin whose object replaces the others.
    plugin: str
    #: The plugins whose objects of that id it replaced, sorted; empty when
    #: no other plugin loaded defines the id.
    replaced: tuple[str, ...] = ()


@attrs.frozen
class KnowledgeBase:
    """Checked, merged content of every loaded plugin.

    Build one with :meth:`build` (or :func:`multilat.load` for the installed
    plugins). Objects are looked up by id with :meth:`get` or ``kb[id]``,
    and listed by kind (:attr:`trends`, :attr:`institutions`, …), always
    sorted by id, whatever order the plugins came in.
    """

    #: Plugin name -> the objects it contributed that passed the checks.
    fragments: Mapping[str, Fragment]
    #: Every problem found, ordered by place.
    problems: tuple[Problem, ...] = ()
    #: Every replacement a plugin declared, by plugin and id. Not part of
    #: equality: it is how the content was merged, which the JSON export
    #: does not keep.
    replacements: tuple[Replacement, ...] = attrs.field(default=(), eq=False)
    _index: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False, alias="_index")
    _origins: Mapping[str, str] = attrs.field(factory=dict, eq=False, repr=False, alias="_origins")

    # -- construction -------------------------------------------------------

    @classmethod
    def build(
        cls,
        fragments: Mapping[str, Fragment],
        problems: tuple[Problem, ...] = (),
        *,
        requires: Mapping[str, Collection[str]] | None = None,
    ) -> KnowledgeBase:
        """Merge ``fragments`` (plugin name -> fragment) and check them.

        ``problems`` found earlier (a plugin that failed to load, say) are
        carried along. The result never raises for bad content: its
        :attr:`problems` say what was left out and why.

        ``requires`` maps a plugin to the plugins it depends on, directly or
        not (its distribution's requirements); it decides who keeps an id
        that several plugins define:

        1. Core's built-in content (the fragment named :data:`BUILTIN_PLUGIN`)
           always keeps its ids; another plugin's object of the same id is
           left out, with a problem naming that plugin.
        2. An object that says ``replaces = "<its id>"`` replaces the other
           plugins' objects of that id, and is listed in
           :attr:`replacements`. Two plugins that both replace an id agree
           only if one depends on the other (the dependent one wins);
           otherwise neither replacement is made and each is a problem.
        3. Otherwise a plugin keeps its ids over the plugins that depend on
           it: the dependent's object is left out, with a problem naming it.
        4. Between plugins where neither depends on the other, neither keeps
           the id: each object is left out with a problem naming the others.

        No rule looks at plugin names or the order of ``fragments``, so the
        outcome is the same whatever order the plugins load in.
        """
        return _Builder(fragments, requires or {}).build(problems)

    # -- look-ups -----------------------------------------------------------

    def get(self, object_id: str) -> Any | None:
        """The object with ``object_id``, of whatever kind, or ``None``."""
        return self._index.get(object_id)

    def __getitem__(self, object_id: str) -> Any:
        try:
            return self._index[object_id]
        except KeyError:
            raise UnknownName(self.unknown_id_message(object_id)) from None

    def find(self, name: str) -> Any:
        """The object that ``name`` names: its id, or its name or acronym, in any case.

        ``find("NATO")``, ``find("nato")`` and ``find("Noord-Atlantische
        Verdragsorganisatie")`` are the same institution. An id wins over a
        name; a name that two objects share finds neither.

        :raises ~multilat.errors.UnknownName: naming the close ids, names and acronyms.
        """
        if name in self._index:
            return self._index[name]
        folded = name.casefold().strip()
        by_id = [o for i, o in self._index.items() if i.casefold() == folded]
        if len(by_id) == 1:
            return by_id[0]
        named = {id(o): o for o in self._index.values() if folded in _names_of(o)}
        if len(named) == 1:
            return next(iter(named.values()))
        if len(named) > 1:
            ids = ", ".join(sorted(o.id for o in named.values()))
            raise UnknownName(f"{name!r} names more than one object: {ids}")
        words = {i: i for i in self._index}
        for object_id, obj in sorted(self._index.items()):
            for word in _names_of(obj, fold=False):
                words.setdefault(word, object_id)
        hint = did_you_mean(name, words)
        raise UnknownName(f"no object with id, name or acronym {name!r}{hint}")

    def __contains__(self, object_id: object) -> bool:
        return object_id in self._index

    def __len__(self) -> int:
        return len(self._index)

    def __repr__(self) -> str:
        # Not every object nested in every other: which knowledge base it is.
        count = len(self.problems)
        return (
            f"<KnowledgeBase {len(self)} objects from {len(self.fragments)} plugins,"
            f" {count} problem{'' if count == 1 else 's'}>"
        )

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._index))

    def origin(self, object_id: str) -> str:
        """Name of the plugin that contributed ``object_id``."""
        return self._origins[object_id]

    def kind_of(self, object_id: str) -> str:
        """The kind of ``object_id`` in the singular (``"trend"``)."""
        return _KIND_NAMES[type(self[object_id])]

    def unknown_id_message(self, object_id: str, kind: type | None = None) -> str:
        """``"no X with id 'y'"`` and the closest known ids, for error messages."""
        candidates = [i for i, o in self._index.items() if kind is None or isinstance(o, kind)]
        what = _KIND_NAMES.get(kind, "object") if kind is not None else "object"
        return f"no {what} with id {object_id!r}{did_you_mean(object_id, candidates)}"

    def _all(self, kind: str) -> tuple[Any, ...]:
        return _sorted_by_id(obj for f in self.fragments.values() for obj in getattr(f, kind))

    @property
    def sources(self) -> tuple[Source, ...]:
        """Every :class:`~multilat.model.Source`, sorted by id."""
        return self._all("sources")

    @property
    def actors(self) -> tuple[Actor, ...]:
        """Every :class:`~multilat.model.Actor`, sorted by id."""
        return self._all("actors")

    @property
    def institutions(self) -> tuple[Institution, ...]:
        """Every :class:`~multilat.model.Institution`, sorted by id."""
        return self._all("institutions")

    @property
    def regimes(self) -> tuple[Regime, ...]:
        """Every :class:`~multilat.model.Regime`, sorted by id."""
        return self._all("regimes")

    @property
    def trends(self) -> tuple[Trend, ...]:
        """Every :class:`~multilat.model.Trend`, sorted by id."""
        return self._all("trends")

    @property
    def influences(self) -> tuple[Influence, ...]:
        """Every :class:`~multilat.model.Influence`, sorted by id."""
        return self._all("influences")

    @property
    def recommendations(self) -> tuple[Recommendation, ...]:
        """Every :class:`~multilat.model.Recommendation`, by number."""
        return tuple(sorted(self._all("recommendations"), key=lambda r: (r.number, r.id)))

    @property
    def scenarios(self) -> tuple[Scenario, ...]:
        """Every :class:`~multilat.model.Scenario`, sorted by id."""
        return self._all("scenarios")

    @property
    def expectations(self) -> tuple[Expectation, ...]:
        """Every :class:`~multilat.model.Expectation` of the note, sorted by id."""
        return self._all("expectations")

    @property
    def resolutions(self) -> tuple[Resolution, ...]:
        """Every :class:`~multilat.model.Resolution`, sorted by id."""
        return self._all("resolutions")

    def resolution_of(self, expectation_id: str) -> Resolution | None:
        """The resolution of the expectation ``expectation_id``, or ``None``.

        There is at most one: the checks drop a second.
        """
        return next((r for r in self.resolutions if r.expectation == expectation_id), None)

    def judged_in(self, target: str) -> tuple[Horizon, ...]:
        """The horizons in which some influence acts on institution or regime ``target``.

        Empty for one that no influence acts on: it has nothing to assess.
        """
        acting = {
            i.horizon for i in self.influences if i.dimension is not None and i.effect == target
        }
        return tuple(h for h in Horizon if h in acting)

    def of_kind(self, kind: str) -> tuple[Any, ...]:
        """Objects of ``kind``, a fragment field name (``"trends"``)."""
        if kind not in KINDS:
            raise KeyError(f"unknown kind {kind!r}; known: {', '.join(KINDS)}")
        return tuple(getattr(self, kind))

    def merged(self) -> Fragment:
        """All objects as one :class:`~multilat.model.Fragment`."""
        return Fragment(**{kind: getattr(self, kind) for kind in KINDS})


class _Builder:
    """One integrity pass over the fragments of all plugins."""

    def __init__(
        self, fragments: Mapping[str, Fragment], requires: Mapping[str, Collection[str]]
    ) -> None:
        # Plugins in name order, so that problems come in the same order
        # whatever order the plugins were registered in.
        self.fragments = dict(sorted(fragments.items()))
        self.requires = requires
        self.problems: list[Problem] = []
        self.replacements: list[Replacement] = []
        self.dropped: dict[str, Any] = {}

    def depends(self, plugin: str, on: str) -> bool:
        return on in self.requires.get(plugin, ())

    def undeclared(self, plugin: str, owner: str) -> bool:
        """Whether ``plugin`` refers to ``owner``'s objects without depending on it.

        Only installed plugins (those ``requires`` knows) are held to it;
        core's objects are everyone's, and a file being checked may refer to
        anything installed.
        """
        return (
            owner not in (plugin, BUILTIN_PLUGIN)
            and plugin in self.requires
            and owner in self.requires
            and owner not in self.requires[plugin]
        )

    def problem(self, plugin: str, obj_id: str | None, field: str | None, message: str) -> None:
        location = self.fragments[plugin].locations.get(obj_id or "")
        path, line = location if location else (None, None)
        self.problems.append(
            Problem(message, path=path, line=line, object_id=obj_id, field=field, plugin=plugin)
        )

    # -- who keeps an id ----------------------------------------------------

    def settle(self, obj_id: str, claims: list[tuple[str, Any]]) -> tuple[str, Any] | None:
        """The (plugin, object) that keeps ``obj_id``; problems for the others."""
        if len(claims) == 1:
            plugin, obj = claims[0]
            if obj.replaces is not None:
                self.replacements.append(Replacement(obj_id, plugin))
            return claims[0]
        core = next((c for c in claims if c[0] == BUILTIN_PLUGIN), None)
        if core is not None:
            for plugin, obj in claims:
                if plugin != BUILTIN_PLUGIN:
                    field, how = ("replaces", "replaces") if obj.replaces else ("id", "defines")
                    self.problem(plugin, obj_id, field,
                                 f"{how} core's built-in {obj_id!r}, which no plugin may replace")
            return core
        replacing = [c for c in claims if c[1].replaces is not None]
        plain = [c for c in claims if c[1].replaces is None]
        if replacing:
            winner = self.the_one(replacing, lambda c, d: self.depends(c, d))
            if winner is not None:
                replaced = tuple(sorted(p for p, _ in claims if p != winner[0]))
                self.replacements.append(Replacement(obj_id, winner[0], replaced))
                return winner
            for plugin, _ in replacing:
                others = [p for p, _ in replacing if p != plugin]
                self.problem(plugin, obj_id, "replaces",
                             f"{_names(others)} {'replaces' if len(others) == 1 else 'replace'}"
                             f" it too, and {_unrelated(others)}: no replacement is made")
            if not plain:
                self.dropped[obj_id] = replacing[0][1]
                return None
        owner = self.the_one(plain, lambda c, d: self.depends(d, c))
        if owner is not None:
            for plugin, _ in plain:
                if plugin != owner[0]:
                    self.problem(plugin, obj_id, "id",
                                 f"duplicate id, also defined by {owner[0]}, which {plugin}"
                                 f" depends on and which keeps it (to replace it on purpose:"
                                 f" replaces = {obj_id!r})")
            return owner
        for plugin, _ in plain:
            others = [p for p, _ in plain if p != plugin]
            self.problem(plugin, obj_id, "id",
                         f"duplicate id, also defined by {_names(others)}, and"
                         f" {_unrelated(others)}: {'neither' if len(others) == 1 else 'none'}"
                         " is kept")
        self.dropped[obj_id] = plain[0][1]
        return None

    @staticmethod
    def the_one(
        claims: list[tuple[str, Any]], over: Callable[[str, str], bool]
    ) -> tuple[str, Any] | None:
        """The claim whose plugin stands ``over`` every other claim's, if one does."""
        for claim in claims:
            if all(over(claim[0], other[0]) for other in claims if other is not claim):
                return claim
        return None

    def build(self, earlier: tuple[Problem, ...]) -> KnowledgeBase:
        claims: dict[str, list[tuple[str, Any]]] = {}
        for plugin, fragment in self.fragments.items():
            own: set[str] = set()
            for _, obj in fragment.objects():
                if obj.id in own:
                    self.problem(plugin, obj.id, "id",
                                 "duplicate id, also defined earlier in the same plugin")
                    continue
                own.add(obj.id)
                claims.setdefault(obj.id, []).append((plugin, obj))
        index: dict[str, Any] = {}
        origins: dict[str, str] = {}
        for obj_id in sorted(claims):
            keeper = self.settle(obj_id, claims[obj_id])
            if keeper is not None:
                origins[obj_id], index[obj_id] = keeper
        self.index = index
        self.origins = origins
        self.footnotes = {
            note.number
            for obj in index.values()
            if isinstance(obj, Source)
            for note in obj.footnotes
        }

        # Drop objects with broken references until none are left: dropping
        # one may break another's reference to it.
        reported: set[str] = set()
        numbers: dict[int, str] = {}
        for obj in sorted(
            (o for o in index.values() if isinstance(o, Recommendation)), key=lambda r: r.id
        ):
            if obj.number in numbers:
                reported.add(obj.id)
                self.problem(
                    origins[obj.id],
                    obj.id,
                    "number",
                    f"number {obj.number} is also recommendation {numbers[obj.number]}",
                )
            else:
                numbers[obj.number] = obj.id
        # One edge per (cause, effect, horizon) in the cognitive map: a second
        # influence on the same edge would count the same judgment twice.
        edges: dict[tuple[str, str, Any, Any], str] = {}
        for obj in sorted(
            (o for o in index.values() if isinstance(o, Influence)), key=lambda i: i.id
        ):
            edge = (obj.cause, obj.effect, obj.dimension, obj.horizon)
            if edge in edges:
                reported.add(obj.id)
                self.problem(
                    origins[obj.id],
                    obj.id,
                    "effect",
                    f"same cause, effect and horizon as influence {edges[edge]}",
                )
            else:
                edges[edge] = obj.id
        # One verdict per expectation: two would make the track record count it twice.
        resolved: dict[str, str] = {}
        for obj in sorted(
            (o for o in index.values() if isinstance(o, Resolution)), key=lambda r: r.id
        ):
            if obj.expectation in resolved:
                reported.add(obj.id)
                self.problem(origins[obj.id], obj.id, "expectation",
                             f"expectation {obj.expectation!r} is already resolved by"
                             f" {resolved[obj.expectation]}")
            else:
                resolved[obj.expectation] = obj.id
        for obj_id in reported:
            self.dropped[obj_id] = index.pop(obj_id)
        changed = True
        while changed:
            changed = False
            for obj_id in sorted(index):
                obj = index[obj_id]
                found = list(self.check(obj))
                if not found:
                    continue
                if obj_id not in reported:
                    for field, message in found:
                        self.problem(origins[obj_id], obj_id, field, message)
                    reported.add(obj_id)
                self.dropped[obj_id] = index.pop(obj_id)
                changed = True

        # Sorted within each kind too, so that equal content is an equal
        # knowledge base whatever order a plugin listed its objects in.
        kept = {
            plugin: f.keep(lambda obj: index.get(obj.id) is obj).sorted()
            for plugin, f in self.fragments.items()
        }
        problems = tuple(sorted([*earlier, *self.problems], key=Problem.sort_key))
        replacements = tuple(
            sorted((r for r in self.replacements if r.object_id in index),
                   key=lambda r: (r.plugin, r.object_id))
        )
        return KnowledgeBase(
            kept, problems, replacements, _index=index, _origins={k: origins[k] for k in index}
        )

    # -- reference checks ---------------------------------------------------

    def ref(
        self, field: str, target: str, kinds: tuple[type, ...], plugin: str
    ) -> Iterator[tuple[str, str]]:
        obj = self.index.get(target)
        wanted = " or ".join(_KIND_NAMES[k] for k in kinds)
        if obj is not None and isinstance(obj, kinds):
            owner = self.origins[target]
            if self.undeclared(plugin, owner):
                yield field, (
                    f"{wanted} {target!r} is {owner}'s, and {plugin} does not depend on"
                    f" {owner}: list it among {plugin}'s requirements"
                )
            return
        if target in self.dropped and isinstance(self.dropped[target], kinds):
            yield field, f"{wanted} {target!r} was left out for problems of its own"
        elif obj is not None:
            yield field, f"{target!r} is {_a(_KIND_NAMES[type(obj)])}, not {_a(wanted)}"
        else:
            yield field, f"unknown {wanted} {target!r}"

    def check(self, obj: Any) -> Iterator[tuple[str, str]]:
        """Every reference of ``obj`` (as its fields declare them), and its citations."""
        plugin = self.origins[obj.id]
        if isinstance(obj, Institution) and obj.parent is not None and self.parent_loops(obj):
            yield "parent", f"the chain of parents from {obj.parent!r} leads back here"
            return
        for field, target, kinds in references(obj):
            yield from self.ref(field, target, tuple(_KINDS_BY_NAME[k] for k in kinds), plugin)
        for path, citation in iter_citations(obj):
            yield from self.check_citation(path, citation)

    def parent_loops(self, institution: Institution) -> bool:
        seen = {institution.id}
        parent = institution.parent
        while parent is not None:
            if parent in seen:
                return parent == institution.id
            seen.add(parent)
            obj = self.index.get(parent) or self.dropped.get(parent)
            parent = obj.parent if isinstance(obj, Institution) else None
        return False

    def check_citation(self, path: str, citation: Citation) -> Iterator[tuple[str, str]]:
        source = self.index.get(citation.source)
        if not isinstance(source, Source):
            return  # a reference of its own, reported with the others
        if source.sections:
            section = source.section(citation.section)
            if section is None:
                known = ", ".join(s.slug for s in source.sections)
                message = f"{source.id} has no section {citation.section!r} ({known})"
                yield f"{path}.section", message
            elif citation.paragraph > section.paragraphs:
                message = (
                    f"{citation.section} has {section.paragraphs} paragraphs,"
                    f" not {citation.paragraph}"
                )
                yield f"{path}.paragraph", message
        for i, number in enumerate(citation.footnotes):
            if number not in self.footnotes:
                yield f"{path}.footnotes[{i}]", f"footnote {number} is no source's footnote"
