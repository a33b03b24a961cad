"""Finding, loading and calling plugins, each behind its own guard.

Plugins are found through entry points in the group ``multilat``. Unlike
:meth:`pluggy.PluginManager.load_setuptools_entrypoints`, which lets one
plugin that fails to import take every other plugin (and the command line)
down with it, :class:`PluginHost` loads each entry point on its own: a
failure is recorded with the plugin's name and the rest keep working.
Hooks are called plugin by plugin in the same way, so a hook that raises or
returns the wrong type costs only that plugin's contribution.

Loading happens lazily, on first use, and once, also when several threads
ask at the same moment: the others wait until the first has loaded every
plugin. Plugin code (its import, its hooks, a format's renderer) runs with
its writes to ``sys.stdout`` sent to ``sys.stderr``, so that what a command
prints on stdout stays clean, and every exception it raises, ``SystemExit``
included, is that plugin's failure; only ``KeyboardInterrupt`` goes through.
The environment variable ``MULTILAT_LOAD_PLUGINS`` restricts loading:

* unset: every installed plugin;
* empty: none but core's built-in content;
* ``multilat-nato,multilat-un``: only those distributions.

Core's own content is a plugin too (named ``multilat``), registered through
the same hooks; it always loads.
"""

from __future__ import annotations

import os
import re
import threading
import time
import types
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import partial
from typing import Any, TypeVar

import attrs
import pluggy
from attrs import frozen

from multilat import _distributions, _guard, _snapshot, hookspecs
from multilat._guard import notify_slow, plugin_code
from multilat._snapshot import Snapshot
from multilat.errors import (
    DataError,
    KnowledgeError,
    MultilatWarning,
    PluginError,
    Problem,
)
from multilat.formats import Format
from multilat.hookspecs import hookimpl
from multilat.knowledge import BUILTIN_PLUGIN, KnowledgeBase
from multilat.model import KINDS, Fragment, Scenario

__all__ = [
    "ENTRY_POINT_GROUP",
    "LOAD_PLUGINS_VARIABLE",
    "DataOnlyPlugin",
    "PluginHost",
    "PluginInfo",
    "Snapshot",
    "current_snapshot",
    "get_host",
    "load",
    "load_formats",
    "load_in_full",
    "notify_slow",
]

#: The entry-point group plugins declare.
ENTRY_POINT_GROUP = hookspecs.PROJECT_NAME
#: The environment variable that restricts which plugins load.
LOAD_PLUGINS_VARIABLE = "MULTILAT_LOAD_PLUGINS"
#: The name under which core's built-in content is registered.
BUILTIN_NAME = BUILTIN_PLUGIN

T = TypeVar("T")


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

    #: Seconds a plugin's import or hook may run before :attr:`on_slow` hears of it.
    slow_after: float = 1.0

    def __init__(
        self,
        *,
        entry_points: bool = True,
        environ: Mapping[str, str] | None = None,
        on_slow: Callable[[str], None] | None = None,
    ) -> None:
        self.manager = pluggy.PluginManager(hookspecs.PROJECT_NAME)
        self.manager.add_hookspecs(hookspecs)
        self._environ = os.environ if environ is None else environ
        self._infos: dict[str, PluginInfo] = {}
        self._failures: list[Problem] = []
        self._entry_points_pending = entry_points
        #: Called with one line (``"loading plugin x: its import has taken
        #: over 1 s"``) when plugin code runs longer than :attr:`slow_after`;
        #: the command line sets it when stderr is a terminal.
        self.on_slow = on_slow
        # One lock for loading and for calling hooks, so that a second thread
        # waits for the first instead of seeing half the plugins. Re-entrant,
        # because plugin code may call back into the host from the thread
        # that holds it; _busy says what that thread is doing, to refuse a
        # call back that could only see a half-finished result.
        self._lock = threading.RLock()
        self._busy: set[str] = set()
        self._seconds: dict[str, float] = {}
        # Plugin name -> the normalised names of the distributions it requires.
        self._requires: dict[str, frozenset[str]] = {}
        # Hook results, per hook, until the set of plugins changes: a hook is
        # called once per plugin however many commands ask for its results.
        self._results: dict[str, tuple[dict[str, Any], list[Problem]]] = {}
        # What the hooks read, for a snapshot of the knowledge base: only the
        # process-wide host records it (get_host), and only until code
        # registers a plugin of its own.
        self._inputs: _snapshot.Inputs | None = None
        self._snapshot_written = False
        from multilat.builtin import hooks

        self.register(hooks, BUILTIN_NAME, version=_version("multilat"), builtin=True)

    # -- registration -------------------------------------------------------

    def register(
        self,
        plugin: object,
        name: str | None = None,
        *,
        version: str | None = None,
        builtin: bool = False,
        requires: Iterable[str] | None = None,
    ) -> str:
        """Register ``plugin`` (a module, class or instance with hooks).

        ``requires`` lists the distributions the plugin depends on, as
        requirement strings (``"multilat-nato>=1"``); they decide who keeps
        an id two plugins define (:meth:`KnowledgeBase.build
        <multilat.knowledge.KnowledgeBase.build>`). By default they are the
        requirements of the installed distribution called ``name``, if any.

        Raises :class:`~multilat.errors.PluginError` if pluggy rejects it or
        it implements a hook the contract does not define (a typo such as
        ``multilat_knowlege`` would otherwise be silently ignored).
        """
        name = name or getattr(plugin, "__name__", None) or type(plugin).__name__
        if requires is None:
            requires = () if builtin else _installed_requirements(name)
        with self._lock:
            if self._inputs is not None:
                self._inputs.unusable = f"plugin {name} registered by code"
            return self._register(plugin, name, version, builtin, requires)

    def _register(
        self,
        plugin: object,
        name: str,
        version: str | None,
        builtin: bool,
        requires: Iterable[str] | None = (),
    ) -> str:
        if _is_data_only(plugin):
            plugin = DataOnlyPlugin(plugin.__name__)  # type: ignore[attr-defined]
        try:
            # pluggy reads the plugin's attributes: plugin code can run.
            with plugin_code():
                self.manager.register(plugin, name)
        except KeyboardInterrupt:
            raise
        except BaseException as exc:
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
        if requires is None:
            # Registered by code, not installed: what it depends on is unknown.
            self._requires.pop(name, None)
        else:
            self._requires[name] = _requirement_names(requires)
        self._results.clear()
        return name

    def unregister(self, name: str) -> None:
        """Remove the plugin registered as ``name``."""
        with self._lock:
            if self._inputs is not None:
                self._inputs.unusable = f"plugin {name} unregistered by code"
            self.manager.unregister(name=name)
            self._infos.pop(name, None)
            self._requires.pop(name, None)
            self._results.clear()

    def _hook_names(self) -> list[str]:
        return [n for n in dir(hookspecs) if n.startswith("multilat_")]

    def _run_plugin(self, name: str, doing: str, code: Callable[[], T]) -> T:
        """Run ``code`` of plugin ``name`` as plugin code, timed and watched.

        ``doing`` names the step for the slow-plugin notice ("its import",
        "multilat_knowledge").
        """
        timer = None
        if self.on_slow is not None:
            message = f"loading plugin {name}: {doing} has taken over {self.slow_after:g} s"
            timer = threading.Timer(self.slow_after, self.on_slow, (message,))
            timer.daemon = True
            timer.start()
        start = time.perf_counter()
        try:
            with plugin_code():
                return code()
        finally:
            self._seconds[name] = self._seconds.get(name, 0.0) + time.perf_counter() - start
            if timer is not None:
                timer.cancel()

    def load_seconds(self, name: str) -> float:
        """Seconds spent so far in the code of plugin ``name``: its import and its hooks."""
        return self._seconds.get(name, 0.0)

    def _load_entry_points(self) -> None:
        # Set to False only once every plugin has loaded: a thread that sees
        # it False sees them all.
        if not self._entry_points_pending:
            return
        with self._lock:
            if not self._entry_points_pending:
                return
            if "loading" in self._busy:
                # Only the loading thread itself gets here (the lock is
                # re-entrant): a plugin that uses multilat while it is imported.
                raise RuntimeError(
                    "plugins are still loading: a plugin cannot use them while it is imported"
                )
            self._busy.add("loading")
            try:
                self._discover()
            finally:
                self._busy.discard("loading")
            self._entry_points_pending = False

    def _discover(self) -> None:
        raw = self._environ.get(LOAD_PLUGINS_VARIABLE)
        wanted = (
            None if raw is None else {_normalise(n.strip()) for n in raw.split(",") if n.strip()}
        )
        # Core's built-in plugin always loads; naming it is not an error.
        found: set[str] = {BUILTIN_NAME}
        if self._inputs is not None:
            # Before the scan: a folder changed while it runs is then seen as changed.
            self._inputs.path_folders = _snapshot.path_folders()
            self._inputs.distributions = _snapshot.distribution_state()
        discovered = _distributions.entry_points(ENTRY_POINT_GROUP)
        if self._inputs is not None:
            self._inputs.entry_points = _snapshot.entry_point_rows(discovered)
        entry_points = sorted(
            discovered, key=lambda ep: (_normalise(ep.dist_name or ""), ep.name)
        )
        for ep in entry_points:
            dist = ep.dist_name or ep.name
            version = ep.version
            if wanted is not None and _normalise(dist) not in wanted:
                continue
            found.add(_normalise(dist))
            name = dist if dist not in self._infos else f"{dist}:{ep.name}"
            if name in self._infos or self.manager.is_blocked(name):
                continue
            try:
                plugin = self._run_plugin(name, "its import", ep.load)
                requires = ep.requires or ()
                self._register(plugin, name, version, False, requires)
            except PluginError as exc:
                self._fail(name, version, ep.value, exc.problems[0].message)
            except KeyboardInterrupt:
                raise
            except BaseException as exc:
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

    def requirements(self) -> dict[str, frozenset[str]]:
        """Plugin name -> the loaded plugins it depends on, directly or through another.

        Only installed plugins are listed: one registered by code has no
        distribution to say what it depends on.

        Core's built-in plugin is left out: every plugin depends on it.
        """
        self._load_entry_points()
        with self._lock:
            by_distribution = {
                _normalise(name.partition(":")[0]): name
                for name, info in self._infos.items()
                if info.error is None and not info.builtin
            }
            direct = {
                name: {by_distribution[r] for r in required if r in by_distribution} - {name}
                for name, required in self._requires.items()
            }
        closure: dict[str, frozenset[str]] = {}
        for name in direct:
            seen: set[str] = set()
            todo = list(direct[name])
            while todo:
                other = todo.pop()
                if other not in seen:
                    seen.add(other)
                    todo.extend(direct.get(other, ()))
            closure[name] = frozenset(seen - {name})
        return closure

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
        with self._lock:
            if hook not in self._results:
                if hook in self._busy:
                    raise RuntimeError(f"{hook} called back into multilat while it runs")
                self._busy.add(hook)
                try:
                    with _snapshot.recording(self._inputs):
                        self._results[hook] = self._call_each(hook, accept, expected)
                finally:
                    self._busy.discard(hook)
            cached, found = self._results[hook]
            return dict(cached), list(found)

    def _call_each(
        self,
        hook: str,
        accept: Callable[[Any], Any],
        expected: str,
        hook_arguments: Mapping[str, Any] | None = None,
    ) -> tuple[dict[str, Any], list[Problem]]:
        hook_arguments = hook_arguments or {}
        results: dict[str, Any] = {}
        problems: list[Problem] = []
        caller = getattr(self.manager.hook, hook)
        for impl in sorted(caller.get_hookimpls(), key=lambda i: i.plugin_name):
            name = impl.plugin_name
            try:
                # Bound by name as pluggy binds them: a hook may gain arguments
                # later, and an implementation takes only those it names.
                arguments = {arg: hook_arguments[arg] for arg in impl.argnames}
                value = self._run_plugin(name, hook, partial(_result_of, impl.function, arguments))
            except DataError as exc:
                # A plugin whose data has bad objects still gives the good ones.
                problems.extend(p if p.plugin else _with_plugin(p, name) for p in exc.problems)
                if exc.partial is not None:
                    results[name] = exc.partial
                continue
            except KeyboardInterrupt:
                raise
            except BaseException as exc:
                # sys.exit() in a hook too: the plugin's failure, not the command's end.
                problems.append(Problem(f"{hook} raised {_one_line(exc)}", plugin=name))
                continue
            if value is None:
                continue
            try:
                # Iterating what the plugin returned runs its code as well.
                results[name] = self._run_plugin(name, hook, partial(accept, value))
            except TypeError as exc:
                problems.append(Problem(f"{hook} returned {exc}, expected {expected}", plugin=name))
            except KeyboardInterrupt:
                raise
            except BaseException as exc:
                problems.append(Problem(f"{hook} raised {_one_line(exc)}", plugin=name))
        return results, problems

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
        # A format name is owned as an id is (KnowledgeBase.build): core keeps
        # its names, a plugin keeps its names over the plugins that depend on
        # it, and between unrelated plugins neither is used. Never by name order.
        claims: dict[str, list[tuple[str, Format]]] = {}
        for name in sorted(contributed):
            given: set[str] = set()
            for fmt in contributed[name]:
                if fmt.name in given:
                    problems.append(Problem(f"format {fmt.name!r} is given twice", plugin=name))
                    continue
                given.add(fmt.name)
                claims.setdefault(fmt.name, []).append((name, fmt))
        requires = self.requirements() if any(len(c) > 1 for c in claims.values()) else {}
        formats: dict[str, Format] = {}
        owners: dict[str, str] = {}
        for fmt_name, claimed in sorted(claims.items()):
            names = [name for name, _ in claimed]
            owner = next((n for n in names if n == BUILTIN_NAME), None) or next(
                (
                    n for n in names
                    if all(n in requires.get(other, ()) for other in names if other != n)
                ),
                None,
            )
            for name in names:
                if name == owner:
                    continue
                if owner is None:
                    others = [n for n in names if n != name]
                    unrelated = (
                        "neither plugin depends on the other: neither"
                        if len(others) == 1
                        else "no one of these plugins is a dependency of all the others: none"
                    )
                    message = (
                        f"format {fmt_name!r} is also provided by {' and '.join(others)},"
                        f" and {unrelated} is used"
                    )
                else:
                    message = f"format {fmt_name!r} is already provided by {owner}"
                problems.append(Problem(message, plugin=name))
            if owner is not None:
                formats[fmt_name] = dict(claimed)[owner]
                owners[fmt_name] = owner
        return formats, owners, problems

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


def _result_of(function: Callable[..., Any], arguments: Mapping[str, Any]) -> Any:
    value = function(**arguments)
    # A generator's body runs as it is consumed: inside the guard.
    return list(value) if isinstance(value, Iterator) else value


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


# The name at the start of a PEP 508 requirement ("multilat-nato[x]>=1; extra == 'y'").
_REQUIREMENT_NAME = re.compile(r"\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)")


def _requirement_names(requirements: Iterable[str]) -> frozenset[str]:
    names = set()
    for requirement in requirements:
        match = _REQUIREMENT_NAME.match(requirement)
        if match:
            names.add(_normalise(match.group(1)))
    return frozenset(names)


class DataOnlyPlugin:
    """A content plugin that is data only: its package's ``data/*.toml``, by convention.

    A package that an entry point names, with no hook of its own and a
    ``data`` folder of TOML files beside its ``__init__.py``, contributes
    those files as its :func:`~multilat.hookspecs.multilat_knowledge`, as
    a plugin that wrote the one-line hook would (datasette finds a plugin's
    ``static/`` folder the same way).
    """

    def __init__(self, package: str) -> None:
        #: The package whose ``data`` folder is read.
        self.package = package
        self.__name__ = package

    @hookimpl
    def multilat_knowledge(self) -> Fragment:
        """Every ``*.toml`` file of the package's ``data`` folder, in name order."""
        from multilat.data import load_package_data

        return load_package_data(self.package)


def _is_data_only(plugin: object) -> bool:
    """Whether ``plugin`` is a package with no hook of its own but a data folder."""
    if not isinstance(plugin, types.ModuleType) or not hasattr(plugin, "__path__"):
        return False
    if any(name.startswith("multilat_") for name in vars(plugin)):
        return False
    from importlib import resources

    try:
        folder = resources.files(plugin.__name__).joinpath("data")
        return folder.is_dir() and any(e.name.endswith(".toml") for e in folder.iterdir())
    except (ModuleNotFoundError, OSError, TypeError):
        return False


def _installed_requirements(distribution: str) -> list[str] | None:
    """The requirements of an installed distribution; ``None`` for none installed."""
    return _distributions.requires(distribution)


def _version(distribution: str) -> str | None:
    return _distributions.version(distribution)


_default_host: PluginHost | None = None
_default_host_lock = threading.Lock()


def get_host() -> PluginHost:
    """The process-wide :class:`PluginHost`, created on first use (once, whatever the threads)."""
    global _default_host
    if _default_host is None:
        with _default_host_lock:
            if _default_host is None:
                host = PluginHost()
                if _guard.slow_notice is not None:
                    host.on_slow = _guard.slow_notice
                host._inputs = _snapshot.Inputs()
                _default_host = host
    return _default_host


def current_snapshot() -> Snapshot | None:
    """The snapshot of the installed content's knowledge base, if it is current.

    ``None`` unless the process-wide host is yet to be created (a plugin
    registered by code is not in any snapshot), the cache folder is usable,
    and the snapshot written by an earlier :func:`load` without problems is
    there and made from exactly the inputs there are now: the same Python
    and ``sys.path``, the same plugins selected, the same code of every
    module outside the standard library, and data files of the same bytes.
    See :ref:`the fragment cache <fragment-cache>` for what is stored and
    why it is trusted.
    """
    return _snapshot.current()


def _store_snapshot(host: PluginHost, kb: KnowledgeBase, problems: list[Problem]) -> None:
    """Write the snapshot of ``kb`` if it came from the process-wide host, whole and clean."""
    inputs = host._inputs
    if inputs is None or inputs.unusable is not None or host._snapshot_written:
        return
    if problems or host.failures or kb.problems:
        return  # reported by every command, never stored
    with host._lock:
        for name, info in host._infos.items():
            if not _snapshot.CONTENT_HOOKS.intersection(info.hooks) or info.builtin:
                continue
            if type(host.manager.get_plugin(name)) is not DataOnlyPlugin:
                return  # content made by a plugin's code may depend on anything
        _, owners, format_problems = host._formats()
        if format_problems:
            return
        host._snapshot_written = True
    _snapshot.write(kb, owners, inputs)


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

    Without ``host``, a knowledge base loaded without any problem is kept as
    a snapshot in the cache folder, and a later call (in this process or
    another) whose inputs are all unchanged returns it without importing a
    plugin (:func:`~multilat.plugins.current_snapshot`). A plugin that contributes content
    through its own code (rather than as a data-only plugin) keeps every
    load from being kept, as does any problem.
    """
    if host is None:
        snapshot = current_snapshot()
        if snapshot is not None:
            return snapshot.knowledge
    return load_in_full(strict=strict, host=host)


def load_in_full(*, strict: bool = False, host: PluginHost | None = None) -> KnowledgeBase:
    """:func:`load`, never from a snapshot: every plugin loaded, every file read and checked.

    Without ``host``, a knowledge base loaded without any problem is still
    kept as the snapshot for later loads.
    """
    host = host or get_host()
    fragments, problems = host.knowledge()
    _settle([*host.failures, *problems], strict, PluginError)
    kb = KnowledgeBase.build(fragments, requires=host.requirements())
    _store_snapshot(host, kb, problems)
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
