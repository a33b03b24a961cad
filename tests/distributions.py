"""Write real installed distributions for tests of plugin discovery.

:func:`install` writes ``<site>/<name>-<version>.dist-info/`` (``METADATA``
and ``entry_points.txt``) beside the plugin's source files, exactly as pip
lays out an installed wheel. With ``<site>`` on :data:`sys.path` (in-process:
``monkeypatch.syspath_prepend``; in a subprocess: ``PYTHONPATH``),
``importlib.metadata.entry_points(group="multilat")`` finds the plugin.

:class:`Site` adds what in-process tests need around it: the directory goes
on :data:`sys.path`, and every module imported from it is dropped from
:data:`sys.modules` afterwards, so that the next test imports its own
plugins afresh.
"""

from __future__ import annotations

import importlib
import re
import sys
import textwrap
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import pytest

from multilat.formats import Format
from multilat.hookspecs import hookimpl
from multilat.plugins import BUILTIN_NAME, LOAD_PLUGINS_VARIABLE, PluginHost

__all__ = [
    "BROKEN",
    "PLUGINS",
    "CoreFormatsOnly",
    "Site",
    "broken_message",
    "install",
    "install_plugins",
    "make_host",
    "plugin_module",
]

GROUP = "multilat"


def _dist_info_name(name: str, version: str) -> str:
    # Wheel spec: the name normalised with runs of -_. replaced by one "_".
    return f"{re.sub(r'[-_.]+', '_', name)}-{version}.dist-info"


def plugin_module(name: str) -> str:
    """The module name conventionally used for distribution ``name``."""
    return re.sub(r"[-.]+", "_", name)


def install(
    site: Path,
    name: str,
    files: Mapping[str, str],
    *,
    version: str = "1.0",
    entry_points: Mapping[str, str] | None = None,
    requires: tuple[str, ...] = ("multilat",),
) -> Path:
    """Install distribution ``name`` into the directory ``site``.

    :param site: a directory that is (or will be) on :data:`sys.path`.
    :param name: the distribution name, as in ``METADATA``.
    :param files: path relative to ``site`` -> source text (dedented), e.g.
        ``{"fake_good.py": "..."}`` or ``{"pkg/__init__.py": "...",
        "pkg/data/x.toml": "..."}``.
    :param version: the distribution version.
    :param entry_points: entry-point name -> object reference in the group
        ``multilat``; by default one entry point named after the module
        :func:`plugin_module` gives for ``name``.
    :param requires: the ``Requires-Dist`` lines.
    :return: the ``.dist-info`` directory written.
    """
    site.mkdir(parents=True, exist_ok=True)
    for relative, text in files.items():
        target = site / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    if entry_points is None:
        entry_points = {plugin_module(name): plugin_module(name)}
    dist_info = site / _dist_info_name(name, version)
    dist_info.mkdir()
    metadata = [
        "Metadata-Version: 2.1",
        f"Name: {name}",
        f"Version: {version}",
        *(f"Requires-Dist: {r}" for r in requires),
    ]
    (dist_info / "METADATA").write_text("\n".join(metadata) + "\n", encoding="utf-8")
    lines = [f"[{GROUP}]", *(f"{ep} = {ref}" for ep, ref in entry_points.items())]
    (dist_info / "entry_points.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (dist_info / "top_level.txt").write_text(
        "".join(f"{Path(p).parts[0].removesuffix('.py')}\n" for p in sorted(files)),
        encoding="utf-8",
    )
    # The path finders cache directory listings; a new file must be seen.
    importlib.invalidate_caches()
    return dist_info


class Site:
    """A directory of fake-installed distributions, on ``sys.path`` in-process."""

    def __init__(self, path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        monkeypatch.syspath_prepend(str(path))
        importlib.invalidate_caches()

    def install(
        self,
        name: str,
        files: Mapping[str, str],
        *,
        version: str = "1.0",
        entry_points: Mapping[str, str] | None = None,
        requires: tuple[str, ...] = ("multilat",),
    ) -> Path:
        """Install distribution ``name`` here; see :func:`install`."""
        return install(
            self.path, name, files, version=version, entry_points=entry_points, requires=requires
        )

    def imported(self) -> list[str]:
        """Names of the modules in :data:`sys.modules` loaded from this site."""
        return sorted(name for name, _ in self._own_modules())

    def _own_modules(self) -> Iterator[tuple[str, object]]:
        root = str(self.path)
        for name, module in list(sys.modules.items()):
            file = getattr(module, "__file__", None)
            if isinstance(file, str) and file.startswith(root):
                yield name, module

    def forget(self) -> None:
        """Drop every module imported from this site from :data:`sys.modules`."""
        for name, _ in list(self._own_modules()):
            del sys.modules[name]
        importlib.invalidate_caches()

    @classmethod
    def fixture(cls, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
        """Body of a ``site`` fixture: a fresh site, forgotten afterwards."""
        site = cls(tmp_path / "site", monkeypatch)
        try:
            yield site
        finally:
            site.forget()


# -- the fake plugins the plugin and CLI tests install ------------------------

#: A good content plugin: its own source, and a trend citing it.
GOOD = """
    import multilat
    from multilat.model import Citation, Section, Source, SourceKind, Text, Trend

    SOURCE = Source(
        id="good-source",
        kind=SourceKind.REPORT,
        title="A good source",
        sections=[
            Section(slug="intro", title="Introduction",
                    incipits=["First words of it", "Second paragraph"]),
        ],
    )
    TREND = Trend(
        id="good-trend",
        name=Text(en="Good trend", nl="Goede trend"),
        citations=[
            Citation(source="good-source", section="intro", paragraph=1,
                     quote="First words   of it"),
        ],
    )


    @multilat.hookimpl
    def multilat_knowledge():
        return [SOURCE, TREND]
"""


def _format_plugin(tag: str) -> str:
    return f'''
    import multilat
    from multilat.formats import Format


    def render(report):
        ids = [trend.id for trend in report.knowledge.trends]
        return "{tag}," + ",".join(ids) + "\\n"


    @multilat.hookimpl
    def multilat_formats():
        return [Format(name="csv", media_type="text/csv", suffix=".csv", render=render,
                       description="Trend ids ({tag})")]
    '''


def _duplicate_plugin(view: str) -> str:
    return f'''
    import multilat
    from multilat.model import Citation, Fragment, Text, Trend


    @multilat.hookimpl
    def multilat_knowledge():
        return Fragment(trends=[Trend(
            id="shared-trend",
            name=Text(en="{view}"),
            citations=[Citation(source="good-source", section="intro", paragraph=2,
                                quote="Second paragraph")],
        )])
    '''


#: Distribution name -> files, for :func:`install_plugins`.
PLUGINS: dict[str, dict[str, str]] = {
    "fake-good": {"fake_good.py": GOOD},
    "fake-csv-one": {"fake_csv_one.py": _format_plugin("one")},
    "fake-csv-two": {"fake_csv_two.py": _format_plugin("two")},
    "fake-dup-alpha": {"fake_dup_alpha.py": _duplicate_plugin("Alpha's view")},
    "fake-dup-zeta": {"fake_dup_zeta.py": _duplicate_plugin("Zeta's view")},
    "fake-import-error": {
        "fake_import_error.py": """
            import multilat

            raise ImportError("fake_import_error needs spam, which is not installed")
        """,
    },
    "fake-syntax-error": {
        "fake_syntax_error.py": """
            import multilat

            @multilat.hookimpl
            def multilat_knowledge(:
                return []
        """,
    },
    "fake-hook-raises": {
        "fake_hook_raises.py": """
            import multilat

            @multilat.hookimpl
            def multilat_knowledge():
                raise RuntimeError("boom in the hook")
        """,
    },
    "fake-returns-int": {
        "fake_returns_int.py": """
            import multilat

            @multilat.hookimpl
            def multilat_knowledge():
                return 42
        """,
    },
    "fake-returns-junk": {
        "fake_returns_junk.py": """
            import multilat
            from fake_good import TREND

            @multilat.hookimpl
            def multilat_knowledge():
                return [TREND, {"id": "not-a-domain-object"}]
        """,
    },
    "fake-unknown-hook": {
        "fake_unknown_hook.py": """
            import multilat

            @multilat.hookimpl
            def multilat_knowlege():
                return []
        """,
    },
}

#: The plugins above that are broken, and nothing else.
BROKEN = (
    "fake-hook-raises",
    "fake-import-error",
    "fake-returns-int",
    "fake-returns-junk",
    "fake-syntax-error",
    "fake-unknown-hook",
)


#: What the fake plugins that cite fake-good's objects depend on: a plugin
#: refers only to objects of the distributions it depends on.
ON_GOOD: tuple[str, ...] = ("multilat", "fake-good")


def install_plugins(site: Path, *names: str) -> None:
    """Install the fake plugins ``names`` (default: all of :data:`PLUGINS`)."""
    for name in names or tuple(PLUGINS):
        install(site, name, PLUGINS[name], requires=ON_GOOD if "dup" in name else ("multilat",))


def broken_message(name: str, site: Path) -> str:
    """The one line that reports the broken plugin ``name`` installed in ``site``."""
    if name == "fake-syntax-error":
        # The wording of a SyntaxError differs between Python versions.
        path = site / "fake_syntax_error.py"
        try:
            compile(path.read_text(encoding="utf-8"), str(path), "exec")
        except SyntaxError as exc:
            return f"plugin {name}: failed to load: SyntaxError: {exc}"
        raise AssertionError(f"{path} compiles")
    expected = "a Fragment or an iterable of domain objects"
    return {
        "fake-import-error": (
            "plugin fake-import-error: failed to load: ImportError: "
            "fake_import_error needs spam, which is not installed"
        ),
        "fake-hook-raises": (
            "plugin fake-hook-raises: multilat_knowledge raised RuntimeError: boom in the hook"
        ),
        "fake-returns-int": (
            f"plugin fake-returns-int: multilat_knowledge returned int, expected {expected}"
        ),
        "fake-returns-junk": (
            "plugin fake-returns-junk: multilat_knowledge returned an iterable holding dict,"
            f" expected {expected}"
        ),
        "fake-unknown-hook": (
            "plugin fake-unknown-hook: implements unknown hook multilat_knowlege"
            " (known: multilat_formats, multilat_knowledge, multilat_scenarios)"
        ),
    }[name]


# -- hosts ----------------------------------------------------------------------


class CoreFormatsOnly:
    """Core's built-in plugin without its content.

    The built-in content is written and tested elsewhere; these tests use
    only what they install, plus core's formats.
    """

    __name__ = "multilat.builtin (formats only)"

    @hookimpl
    def multilat_formats(self) -> Iterable[Format]:
        from multilat import builtin

        return builtin.multilat_formats()


def make_host(load: str | None = None, *, entry_points: bool = True) -> PluginHost:
    """A host for the installed plugins ``load`` admits, without core's content.

    :param load: the value of ``MULTILAT_LOAD_PLUGINS`` (``None``: unset).
    :param entry_points: whether to discover installed plugins at all.
    """
    environ = {} if load is None else {LOAD_PLUGINS_VARIABLE: load}
    host = PluginHost(entry_points=entry_points, environ=environ)
    host.unregister(BUILTIN_NAME)
    host.register(CoreFormatsOnly(), BUILTIN_NAME, builtin=True)
    return host
