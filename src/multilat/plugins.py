"""Finding, loading and calling plugins, each behind its own guard.

Plugins are found through entry points in the group ``multilat``. Unlike
:meth:`pluggy.PluginManager.load_setuptools_entrypoints`, which lets one
plugin that fails to import take every other plugin (and the command line)
down with it, :class:`PluginHost` loads each entry point on its own: a
failure is recorded with the plugin's name and the rest keep working.
Hooks are called plugin by plugin in the same way, so a hook that raises or
returns the wrong type costs only that plugin's contribution.

Loading happens lazily, on first use, and once. The environment variable
``MULTILAT_LOAD_PLUGINS`` restricts it:

* unset: every installed plugin;
* empty: none but core's built-in content;
* ``multilat-nato,multilat-un``: only those distributions.

Core's own content is a plugin too (named ``multilat``), registered through
the same hooks; it always loads.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import attrs
import pluggy
from attrs import frozen

from multilat import hookspecs
from multilat.errors import (
    DataError,
    KnowledgeError,
    MultilatWarning,
    PluginError,
    Problem,
)
from multilat.formats import Format
from multilat.knowledge import KnowledgeBase
from multilat.model import KINDS, Fragment, Scenario

__all__ = [
    "ENTRY_POINT_GROUP",
    "LOAD_PLUGINS_VARIABLE",
    "PluginHost",
    "PluginInfo",
    "get_host",
    "load",
    "load_formats",
]

#: The entry-point group plugins declare.
ENTRY_POINT_GROUP = hookspecs.PROJECT_NAME
#: The environment variable that restricts which plugins load.
LOAD_PLUGINS_VARIABLE = "MULTILAT_LOAD_PLUGINS"
#: The name under which core's built-in content is registered.
BUILTIN_NAME = "multilat"


def _normalise(name: str) -> str:
    # PEP 503: "Multilat_NATO" and "multilat-nato" are one distribution.
    return re.sub(r"[-_.]+", "-", name).lower()


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


@frozen
class PluginInfo:
    """What :meth:`PluginHost.plugins` knows of one plugin."""

    #: Distribution name (``multilat`` for core's built-in plugin).
    name: str
    #: Distribution version, if installed from one.
    version: str | None
    #: The module or object the plugin is (entry-point value).
    module: str
    #: Whether it is core's own content.
    builtin: bool
    #: Hooks it implements, sorted.
    hooks: tuple[str, ...] = ()
    #: Why it failed to load, or ``None``.
    error: str | None = None


class PluginHost:
    """A pluggy plugin manager with guarded loading and guarded hook calls.

    ``PluginHost()`` is what the command line uses: built-in content plus
    the installed plugins that ``environ[MULTILAT_LOAD_PLUGINS]`` admits.
    Tests build ``PluginHost(entry_points=False)`` and :meth:`register`
    exactly the plugins they need.
    """

    def __init__(
        self, *, entry_points: bool = True, environ: Mapping[str, str] | None = None
    ) -> None:
        self.manager = pluggy.PluginManager(hookspecs.PROJECT_NAME)
        self.manager.add_hookspecs(hookspecs)
        self._environ = os.environ if environ is None else environ
        self._infos: dict[str, PluginInfo] = {}
        self._failures: list[Problem] = []
        self._entry_points_pending = entry_points
        # Hook results, per hook, until the set of plugins changes: a hook is
        # called once per plugin however many commands ask for its results.
        self._results: dict[str, tuple[dict[str, Any], list[Problem]]] = {}
        from multilat import builtin

        self.register(builtin, BUILTIN_NAME, version=_version("multilat"), builtin=True)

    # -- registration -------------------------------------------------------

    def register(
        self,
        plugin: object,
        name: str | None = None,
        *,
        version: str | None = None,
        builtin: bool = False,
    ) -> str:
        """Register ``plugin`` (a module, class or instance with hooks).

        Raises :class:`~multilat.errors.PluginError` if pluggy rejects it or
        it implements a hook the contract does not define (a typo such as
        ``multilat_knowlege`` would otherwise be silently ignored).
        """
        name = name or getattr(plugin, "__name__", None) or type(plugin).__name__
        try:
            self.manager.register(plugin, name)
        except Exception as exc:
            raise PluginError([Problem(_one_line(exc), plugin=name)]) from exc
        unknown = sorted(
            caller.name
            for caller in self.manager.get_hookcallers(plugin) or ()
            if not caller.has_spec()
        )
        if unknown:
            self.manager.unregister(plugin)
            known = ", ".join(sorted(self._hook_names()))
            message = f"implements unknown hook {', '.join(unknown)} (known: {known})"
            raise PluginError([Problem(message, plugin=name)])
        hooks = tuple(sorted(c.name for c in self.manager.get_hookcallers(plugin) or ()))
        module = getattr(plugin, "__name__", type(plugin).__name__)
        self._infos[name] = PluginInfo(name, version, module, builtin, hooks)
        self._results.clear()
        return name

    def unregister(self, name: str) -> None:
        """Remove the plugin registered as ``name``."""
        self.manager.unregister(name=name)
        self._infos.pop(name, None)
        self._results.clear()

    def _hook_names(self) -> list[str]:
        return [n for n in dir(hookspecs) if n.startswith("multilat_")]

    def _load_entry_points(self) -> None:
        if not self._entry_points_pending:
            return
        self._entry_points_pending = False
        raw = self._environ.get(LOAD_PLUGINS_VARIABLE)
        wanted = (
            None if raw is None else {_normalise(n.strip()) for n in raw.split(",") if n.strip()}
        )
        # Core's built-in plugin always loads; naming it is not an error.
        found: set[str] = {BUILTIN_NAME}
        entry_points = sorted(
            importlib.metadata.entry_points(group=ENTRY_POINT_GROUP),
            key=lambda ep: (_normalise(ep.dist.name) if ep.dist else "", ep.name),
        )
        for ep in entry_points:
            dist = ep.dist.name if ep.dist else ep.name
            version = ep.dist.version if ep.dist else None
            if wanted is not None and _normalise(dist) not in wanted:
                continue
            found.add(_normalise(dist))
            name = dist if dist not in self._infos else f"{dist}:{ep.name}"
            if name in self._infos or self.manager.is_blocked(name):
                continue
            try:
                plugin = ep.load()
                self.register(plugin, name, version=version)
            except PluginError as exc:
                self._fail(name, version, ep.value, exc.problems[0].message)
            except (Exception, SystemExit) as exc:
                # Whatever a plugin's import raises, even sys.exit(), is that plugin's problem.
                self._fail(name, version, ep.value, f"failed to load: {_one_line(exc)}")
        for missing in sorted((wanted or set()) - found):
            self._failures.append(
                Problem(f"{LOAD_PLUGINS_VARIABLE} names {missing!r}, which is not installed")
            )

    def _fail(self, name: str, version: str | None, module: str, message: str) -> None:
        self._infos[name] = PluginInfo(name, version, module, False, error=message)
        self._failures.append(Problem(message, plugin=name))

    # -- what is there ------------------------------------------------------

    def plugins(self) -> tuple[PluginInfo, ...]:
        """Every plugin, loaded or failed, built-in first, then by name."""
        self._load_entry_points()
        return tuple(sorted(self._infos.values(), key=lambda i: (not i.builtin, i.name)))

    @property
    def failures(self) -> tuple[Problem, ...]:
        """Plugins that failed to load, one problem each."""
        self._load_entry_points()
        return tuple(self._failures)

    # -- calling hooks ------------------------------------------------------

    def _call(
        self, hook: str, accept: Callable[[Any], Any], expected: str
    ) -> tuple[dict[str, Any], list[Problem]]:
        """Call ``hook`` of each plugin on its own.

        ``accept`` turns a result into the contract's type or raises
        :class:`TypeError`.
        """
        self._load_entry_points()
        if hook in self._results:
            cached, found = self._results[hook]
            return dict(cached), list(found)
        results: dict[str, Any] = {}
        problems: list[Problem] = []
        caller = getattr(self.manager.hook, hook)
        for impl in sorted(caller.get_hookimpls(), key=lambda i: i.plugin_name):
            name = impl.plugin_name
            try:
                value = impl.function()
                if isinstance(value, Iterator):
                    # A generator's body runs as it is consumed: inside the guard.
                    value = list(value)
            except DataError as exc:
                # A plugin whose data has bad objects still gives the good ones.
                problems.extend(p if p.plugin else _with_plugin(p, name) for p in exc.problems)
                if exc.partial is not None:
                    results[name] = exc.partial
                continue
            except Exception as exc:
                problems.append(Problem(f"{hook} raised {_one_line(exc)}", plugin=name))
                continue
            if value is None:
                continue
            try:
                results[name] = accept(value)
            except TypeError as exc:
                problems.append(Problem(f"{hook} returned {exc}, expected {expected}", plugin=name))
        self._results[hook] = (results, problems)
        return dict(results), list(problems)

    def knowledge(self) -> tuple[dict[str, Fragment], list[Problem]]:
        """Each plugin's fragment and the problems met while collecting them.

        Scenarios from both hooks are folded into the fragments.
        """
        fragments, problems = self._call(
            "multilat_knowledge", _accept_fragment, "a Fragment or an iterable of domain objects"
        )
        scenarios, more = self._call(
            "multilat_scenarios", _accept_all(Scenario), "an iterable of Scenario"
        )
        for name, extra in scenarios.items():
            base = fragments.get(name, Fragment())
            fragments[name] = attrs.evolve(base, scenarios=(*base.scenarios, *extra))
        return fragments, problems + more

    def formats(self) -> tuple[dict[str, Format], list[Problem]]:
        """Every format by name, and the problems met (duplicates included)."""
        formats, _, problems = self._formats()
        return formats, problems

    def _formats(self) -> tuple[dict[str, Format], dict[str, str], list[Problem]]:
        contributed, problems = self._call(
            "multilat_formats", _accept_all(Format), "an iterable of Format"
        )
        formats: dict[str, Format] = {}
        owners: dict[str, str] = {}
        # Built-in first, then by plugin name: the survivor of a clash is fixed.
        for name in sorted(contributed, key=lambda n: (n != BUILTIN_NAME, n)):
            for fmt in contributed[name]:
                if fmt.name in formats:
                    message = f"format {fmt.name!r} is already provided by {owners[fmt.name]}"
                    problems.append(Problem(message, plugin=name))
                    continue
                formats[fmt.name] = fmt
                owners[fmt.name] = name
        return dict(sorted(formats.items())), owners, problems

    def contributions(self) -> dict[str, dict[str, Any]]:
        """Plugin name -> what it contributes: object counts by kind, format names.

        Plugins that contribute nothing are absent.
        """
        fragments, _ = self.knowledge()
        _, owners, _ = self._formats()
        out: dict[str, dict[str, Any]] = {}
        for name, fragment in fragments.items():
            counts = {kind: len(getattr(fragment, kind)) for kind in KINDS}
            out[name] = {kind: n for kind, n in counts.items() if n}
        for fmt_name, owner in sorted(owners.items()):
            out.setdefault(owner, {}).setdefault("formats", []).append(fmt_name)
        return out


def _with_plugin(problem: Problem, name: str) -> Problem:
    return Problem(
        problem.message,
        path=problem.path,
        line=problem.line,
        object_id=problem.object_id,
        field=problem.field,
        plugin=name,
    )


def _accept_fragment(value: Any) -> Fragment:
    if isinstance(value, Fragment):
        return value
    return Fragment.of(_accept_all(tuple(KINDS.values()))(value))


def _accept_all(kind: type | tuple[type, ...]) -> Callable[[Any], tuple[Any, ...]]:
    def accept(value: Any) -> tuple[Any, ...]:
        if isinstance(value, str | bytes) or not isinstance(value, Iterable):
            raise TypeError(type(value).__name__)
        items = tuple(value)
        for item in items:
            if not isinstance(item, kind):
                raise TypeError(f"an iterable holding {type(item).__name__}")
        return items

    return accept


def _version(distribution: str) -> str | None:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


_default_host: PluginHost | None = None


def get_host() -> PluginHost:
    """The process-wide :class:`PluginHost`, created on first use."""
    global _default_host
    if _default_host is None:
        _default_host = PluginHost()
    return _default_host


def _settle(
    problems: Iterable[Problem], strict: bool, error: type[PluginError | KnowledgeError]
) -> None:
    problems = list(problems)
    if not problems:
        return
    if strict:
        raise error(problems)
    for problem in sorted(problems, key=Problem.sort_key):
        warnings.warn(str(problem), MultilatWarning, stacklevel=3)


def load(*, strict: bool = False, host: PluginHost | None = None) -> KnowledgeBase:
    """Load every installed plugin's content into one checked knowledge base.

    Plugins that fail to load, hooks that raise and content that fails the
    integrity checks are reported as :class:`~multilat.errors.MultilatWarning`
    (one line each) and left out; with ``strict=True`` they raise
    :class:`~multilat.errors.PluginError` or
    :class:`~multilat.errors.KnowledgeError` instead, naming every problem.
    """
    host = host or get_host()
    fragments, problems = host.knowledge()
    _settle([*host.failures, *problems], strict, PluginError)
    kb = KnowledgeBase.build(fragments)
    _settle(kb.problems, strict, KnowledgeError)
    return kb


def load_formats(*, strict: bool = False, host: PluginHost | None = None) -> dict[str, Format]:
    """Every output format the plugins contribute, by name.

    Problems are handled as in :func:`load`.
    """
    host = host or get_host()
    formats, problems = host.formats()
    _settle([*host.failures, *problems], strict, PluginError)
    return formats
