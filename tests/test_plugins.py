"""Plugin discovery, fault isolation and determinism, with real installed plugins.

The plugins are fake distributions written by :mod:`tests.distributions`:
a ``.dist-info`` directory with ``entry_points.txt`` beside the module, on
``sys.path``, so that discovery goes through :mod:`importlib.metadata` as
for any plugin installed with pip.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import multilat
from multilat import hookspecs
from multilat.data import dumps_json
from multilat.errors import DataError, KnowledgeError, MultilatWarning, PluginError, Problem
from multilat.formats import Format, Report
from multilat.model import Citation, Fragment, Scenario, Text, Trend
from multilat.plugins import BUILTIN_NAME, PluginHost, PluginInfo, get_host, load_formats
from tests.distributions import (
    BROKEN,
    ON_GOOD,
    PLUGINS,
    Site,
    broken_message,
    install_plugins,
    make_host,
)

ALL = ",".join(PLUGINS)
#: What two unrelated plugins that define the same id cause.
DUPLICATE = [
    "plugin fake-dup-alpha: shared-trend: id: duplicate id, also defined by fake-dup-zeta,"
        " and neither plugin depends on the other: neither is kept",
    "plugin fake-dup-zeta: shared-trend: id: duplicate id, also defined by fake-dup-alpha,"
        " and neither plugin depends on the other: neither is kept",
]


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    yield from Site.fixture(tmp_path, monkeypatch)


def _load(host: PluginHost) -> tuple[multilat.KnowledgeBase, list[str]]:
    """Load non-strictly; the knowledge base and the warning lines, in order."""
    with pytest.warns(MultilatWarning) as record:
        kb = multilat.load(host=host)
    return kb, [str(w.message) for w in record]


def _load_clean(host: PluginHost) -> multilat.KnowledgeBase:
    # filterwarnings = error: any warning fails the test.
    return multilat.load(host=host)


def _module(name: str) -> Any:
    return importlib.import_module(name)


# -- fault isolation ------------------------------------------------------------


def test_each_broken_plugin_is_one_warning_and_the_rest_loads(site: Site) -> None:
    install_plugins(site.path)
    host = make_host(ALL)

    kb, lines = _load(host)

    for name in BROKEN:
        assert [line for line in lines if name in line] == [broken_message(name, site.path)]
    assert sorted(lines) == sorted([*(broken_message(n, site.path) for n in BROKEN), *DUPLICATE])
    assert kb["good-trend"].name == Text(en="Good trend", nl="Goede trend")
    assert kb.origin("good-trend") == "fake-good"
    assert kb.origin("good-source") == "fake-good"
    # The junk plugin's valid trend is not smuggled in under its name.
    assert "fake-returns-junk" not in kb.fragments


def test_failed_plugins_are_listed_with_their_error(site: Site) -> None:
    install_plugins(site.path)
    host = make_host(ALL)

    infos = {info.name: info for info in host.plugins()}

    for name in ("fake-import-error", "fake-syntax-error", "fake-unknown-hook"):
        message = broken_message(name, site.path).removeprefix(f"plugin {name}: ")
        assert infos[name].error == message
        assert infos[name].hooks == ()
    # A hook that raises or returns junk is a problem of the call, not of loading.
    for name in ("fake-hook-raises", "fake-returns-int", "fake-returns-junk"):
        assert infos[name].error is None
        assert infos[name].hooks == ("multilat_knowledge",)
    assert sorted(p.plugin or "" for p in host.failures) == [
        "fake-import-error",
        "fake-syntax-error",
        "fake-unknown-hook",
    ]


def test_strict_load_raises_one_error_naming_every_problem(site: Site) -> None:
    install_plugins(site.path, *BROKEN, "fake-good")
    host = make_host(",".join([*BROKEN, "fake-good"]))

    with pytest.raises(PluginError) as caught:
        multilat.load(strict=True, host=host)

    assert sorted(str(p) for p in caught.value.problems) == sorted(
        broken_message(n, site.path) for n in BROKEN
    )
    assert str(caught.value).startswith(f"{len(BROKEN)} problems, the first: plugin fake-")


def test_strict_load_raises_knowledge_error_for_content_problems(site: Site) -> None:
    install_plugins(site.path, "fake-good", "fake-dup-alpha", "fake-dup-zeta")
    host = make_host("fake-good,fake-dup-alpha,fake-dup-zeta")

    with pytest.raises(KnowledgeError) as caught:
        multilat.load(strict=True, host=host)

    assert [str(p) for p in caught.value.problems] == DUPLICATE


def test_a_generator_hook_that_raises_midway_is_isolated(site: Site) -> None:
    site.install(
        "fake-generator",
        {
            "fake_generator.py": """
        import multilat
        from fake_good import TREND

        @multilat.hookimpl
        def multilat_knowledge():
            yield TREND
            raise RuntimeError("the generator broke")
    """
        },
    )
    install_plugins(site.path, "fake-good")
    host = make_host("fake-generator,fake-good")

    kb, lines = _load(host)

    assert lines == [
        "plugin fake-generator: multilat_knowledge raised RuntimeError: the generator broke"
    ]
    assert kb.origin("good-trend") == "fake-good"


def test_a_plugin_whose_hook_takes_arguments_fails_to_load(site: Site) -> None:
    site.install(
        "fake-arguments",
        {
            "fake_arguments.py": """
        import multilat

        @multilat.hookimpl
        def multilat_knowledge(kb):
            return []
    """
        },
    )
    host = make_host("fake-arguments")

    (failure,) = host.failures

    assert failure.plugin == "fake-arguments"
    assert failure.message.startswith("PluginValidationError: ")
    assert "{'kb'}" in failure.message
    assert "\n" not in failure.message


def test_data_error_with_partial_keeps_the_valid_objects(site: Site) -> None:
    site.install(
        "fake-partial",
        {
            "fake_partial/__init__.py": """
            import multilat
            from multilat.data import load_package_data

            @multilat.hookimpl
            def multilat_knowledge():
                return load_package_data(__name__)
        """,
            "fake_partial/data/trends.toml": """
            [[trend]]
            id = "partial-good-trend"
            name = "A trend that loads"

            [[trend.citations]]
            source = "good-source"
            section = "intro"
            paragraph = 2
            quote = "Second paragraph"

            [[trend]]
            id = "partial-bad-trend"
            name = "A trend without citations"
        """,
        },
        requires=ON_GOOD,
    )
    install_plugins(site.path, "fake-good")
    host = make_host("fake-partial,fake-good")

    kb, lines = _load(host)

    assert lines == [
        "fake_partial/data/trends.toml:11: partial-bad-trend: citations: required but missing"
        " (plugin fake-partial)"
    ]
    assert kb.origin("partial-good-trend") == "fake-partial"
    assert "partial-bad-trend" not in kb


def test_data_error_without_partial_keeps_nothing_of_that_plugin() -> None:
    class NoData:
        @multilat.hookimpl
        def multilat_knowledge(self) -> Fragment:
            raise DataError([Problem("the data directory is missing")])

    host = make_host(entry_points=False)
    host.register(NoData(), "no-data")

    kb, lines = _load(host)

    assert lines == ["plugin no-data: the data directory is missing"]
    assert "no-data" not in kb.fragments


def test_register_rejects_an_unknown_hook_and_leaves_nothing_behind() -> None:
    class Typo:
        @multilat.hookimpl
        def multilat_knowlege(self) -> list[object]:
            return []

    host = make_host(entry_points=False)

    with pytest.raises(PluginError) as caught:
        host.register(Typo(), "typo")

    assert [str(p) for p in caught.value.problems] == [
        "plugin typo: implements unknown hook multilat_knowlege"
        " (known: multilat_formats, multilat_knowledge, multilat_scenarios)"
    ]
    assert [info.name for info in host.plugins()] == [BUILTIN_NAME]
    assert host.manager.get_plugin("typo") is None


# -- MULTILAT_LOAD_PLUGINS ----------------------------------------------------------


def test_unset_loads_every_installed_plugin(site: Site) -> None:
    install_plugins(site.path)
    host = make_host(None)

    names = {info.name for info in host.plugins()}

    assert set(PLUGINS) <= names
    assert not [p for p in host.failures if p.plugin is None]


def test_empty_loads_only_the_builtin_plugin(site: Site) -> None:
    install_plugins(site.path)
    host = PluginHost(environ={"MULTILAT_LOAD_PLUGINS": ""})

    assert host.plugins() == (
        PluginInfo(
            BUILTIN_NAME,
            importlib.metadata.version("multilat"),
            "multilat.builtin.hooks",
            True,
            ("multilat_formats", "multilat_knowledge"),
        ),
    )
    assert host.failures == ()
    assert site.imported() == []


def test_tests_never_autoload(site: Site) -> None:
    # conftest.py sets MULTILAT_LOAD_PLUGINS="": the default host sees only core.
    install_plugins(site.path)

    assert [info.name for info in get_host().plugins()] == [BUILTIN_NAME]
    assert site.imported() == []


def test_a_list_loads_only_those_distributions(site: Site) -> None:
    install_plugins(site.path)
    # Names compare as PEP 503 normalised; spaces around commas are allowed.
    host = make_host("fake-good, Fake_CSV.One ,")

    assert [info.name for info in host.plugins()] == [BUILTIN_NAME, "fake-csv-one", "fake-good"]
    assert host.failures == ()
    assert site.imported() == ["fake_csv_one", "fake_good"]


def test_a_listed_name_that_is_not_installed_is_reported(site: Site) -> None:
    install_plugins(site.path, "fake-good")
    host = make_host("fake-good,fake-nosuch,multilat")

    kb, lines = _load(host)

    assert lines == ["MULTILAT_LOAD_PLUGINS names 'fake-nosuch', which is not installed"]
    assert host.failures == (
        Problem("MULTILAT_LOAD_PLUGINS names 'fake-nosuch', which is not installed"),
    )
    assert kb.origin("good-trend") == "fake-good"


def test_plugin_info_comes_from_the_distribution(site: Site) -> None:
    site.install("fake-good", PLUGINS["fake-good"], version="2.5.1")
    host = make_host("fake-good")

    assert host.plugins()[1] == PluginInfo(
        "fake-good", "2.5.1", "fake_good", False, ("multilat_knowledge",)
    )


# -- lazily and once ----------------------------------------------------------------

LAZY = {
    "fake_import_log.py": "IMPORTS = []\n",
    "fake_lazy.py": """
        import multilat
        import fake_import_log

        fake_import_log.IMPORTS.append(__name__)

        @multilat.hookimpl
        def multilat_knowledge():
            return []
    """,
}


def test_entry_points_load_lazily_and_once(site: Site) -> None:
    site.install("fake-lazy", LAZY, entry_points={"lazy": "fake_lazy"})

    host = make_host("fake-lazy")
    assert "fake_lazy" not in sys.modules

    _load_clean(host)
    log = _module("fake_import_log").IMPORTS
    assert log == ["fake_lazy"]

    # Were the entry point loaded again, the module would run again.
    del sys.modules["fake_lazy"]
    _load_clean(host)
    host.plugins()
    assert log == ["fake_lazy"]

    # A new host does load it: the log does record imports.
    _load_clean(make_host("fake-lazy"))
    assert log == ["fake_lazy", "fake_lazy"]


def test_failures_are_recorded_once(site: Site) -> None:
    install_plugins(site.path, "fake-import-error")
    host = make_host("fake-import-error")

    _, first = _load(host)
    _, second = _load(host)

    assert first == second == [broken_message("fake-import-error", site.path)]
    assert len(host.failures) == 1


# -- order independence -------------------------------------------------------------

ORDERED = ("fake-csv-one", "fake-csv-two", "fake-dup-alpha", "fake-dup-zeta", "fake-good")


def _registered(order: tuple[str, ...]) -> PluginHost:
    host = make_host(entry_points=False)
    for name in order:
        host.register(_module(name.replace("-", "_")), name)
    return host


def test_results_do_not_depend_on_registration_order(site: Site) -> None:
    install_plugins(site.path, *ORDERED)
    forward, backward = _registered(ORDERED), _registered(ORDERED[::-1])

    kb_forward, lines_forward = _load(forward)
    kb_backward, lines_backward = _load(backward)

    assert kb_forward == kb_backward
    assert lines_forward == lines_backward
    assert dumps_json(kb_forward) == dumps_json(kb_backward)
    assert "shared-trend" not in kb_forward

    with pytest.warns(MultilatWarning):
        formats_forward = load_formats(host=forward)
    with pytest.warns(MultilatWarning):
        formats_backward = load_formats(host=backward)
    assert formats_forward == formats_backward
    json_format = formats_forward["json"]
    assert json_format.render_bytes(Report(kb_forward)) == json_format.render_bytes(
        Report(kb_backward)
    )
    assert forward.contributions() == backward.contributions()


def test_a_duplicate_id_between_unrelated_plugins_keeps_neither(site: Site) -> None:
    install_plugins(site.path, "fake-good", "fake-dup-alpha", "fake-dup-zeta")
    # Neither the names nor the order decide: neither plugin keeps the id.
    host = _registered(("fake-dup-zeta", "fake-good", "fake-dup-alpha"))

    kb, lines = _load(host)

    assert lines == DUPLICATE
    assert "shared-trend" not in kb
    assert kb.fragments["fake-dup-alpha"].trends == ()
    assert kb.fragments["fake-dup-zeta"].trends == ()


# -- the hooks --------------------------------------------------------------------


def test_every_hook_has_a_test() -> None:
    marker = f"{hookspecs.PROJECT_NAME}_spec"
    hooks = {name for name, value in vars(hookspecs).items() if hasattr(value, marker)}
    tested = {n.removeprefix("test_hook_") for n in globals() if n.startswith("test_hook_")}

    assert hooks, "no hookspecs found"
    assert sorted(hooks - tested) == []
    # And every registered hook is a spec: the guard cannot go stale.
    host = PluginHost(entry_points=False, environ={})
    assert set(vars(host.manager.hook)) == hooks


def test_hook_multilat_knowledge(site: Site) -> None:
    install_plugins(site.path, "fake-good")

    class AsFragment:
        @multilat.hookimpl
        def multilat_knowledge(self) -> Fragment:
            trend = Trend(
                id="fragment-trend",
                name=Text(en="From a fragment"),
                citations=[
                    Citation(
                        source="good-source", section="intro", paragraph=2, quote="Second paragraph"
                    )
                ],
            )
            return Fragment(trends=(trend,))

    class Nothing:
        @multilat.hookimpl
        def multilat_knowledge(self) -> None:
            return None

    host = make_host("fake-good")
    host.register(AsFragment(), "as-fragment")
    host.register(Nothing(), "nothing")

    kb = _load_clean(host)

    assert [t.id for t in kb.trends] == ["fragment-trend", "good-trend"]
    assert [s.id for s in kb.sources] == ["good-source"]
    assert kb.origin("fragment-trend") == "as-fragment"
    assert kb.origin("good-trend") == "fake-good"
    assert sorted(kb.fragments) == ["as-fragment", "fake-good"]
    assert host.contributions() == {
        "as-fragment": {"trends": 1},
        "fake-good": {"sources": 1, "trends": 1},
        BUILTIN_NAME: {"formats": ["json", "text"]},
    }


def test_hook_multilat_formats(site: Site) -> None:
    install_plugins(site.path, "fake-good", "fake-csv-one")

    class BadFormats:
        @multilat.hookimpl
        def multilat_formats(self) -> list[int]:
            return [42]

    host = make_host("fake-good,fake-csv-one")
    host.register(BadFormats(), "bad-formats")

    with pytest.warns(MultilatWarning) as record:
        formats = load_formats(host=host)

    assert [str(w.message) for w in record] == [
        "plugin bad-formats: multilat_formats returned an iterable holding int,"
        " expected an iterable of Format"
    ]
    assert list(formats) == ["csv", "json", "text"]
    csv = formats["csv"]
    assert (csv.media_type, csv.suffix, csv.description) == ("text/csv", ".csv", "Trend ids (one)")
    kb = _load_clean(host)
    assert csv.render_bytes(Report(kb)) == b"one,good-trend\n"


@pytest.mark.parametrize(
    "order", [("fake-csv-one", "fake-csv-two"), ("fake-csv-two", "fake-csv-one")]
)
def test_two_plugins_with_one_format_name(site: Site, order: tuple[str, str]) -> None:
    install_plugins(site.path, *order)
    host = _registered(order)

    with pytest.warns(MultilatWarning) as record:
        formats = load_formats(host=host)

    # Unrelated plugins: neither takes the name, whichever sorts or loads first.
    assert [str(w.message) for w in record] == [
        "plugin fake-csv-one: format 'csv' is also provided by fake-csv-two,"
        " and neither plugin depends on the other: neither is used",
        "plugin fake-csv-two: format 'csv' is also provided by fake-csv-one,"
        " and neither plugin depends on the other: neither is used",
    ]
    assert "csv" not in formats
    assert "fake-csv-one" not in host.contributions()
    assert "fake-csv-two" not in host.contributions()
    with pytest.raises(PluginError):
        load_formats(strict=True, host=host)


def test_a_plugin_format_cannot_replace_the_builtin_one() -> None:
    class Json:
        @multilat.hookimpl
        def multilat_formats(self) -> list[Format]:
            return [
                Format(
                    name="json",
                    media_type="application/json",
                    suffix=".json",
                    render=lambda report: "{}",
                )
            ]

    host = make_host(entry_points=False)
    host.register(Json(), "aaa-json")

    with pytest.warns(MultilatWarning) as record:
        formats = load_formats(host=host)

    assert [str(w.message) for w in record] == [
        "plugin aaa-json: format 'json' is already provided by multilat"
    ]
    assert formats["json"].description.startswith("The whole knowledge base as JSON")


def test_hook_multilat_scenarios(site: Site) -> None:
    site.install(
        "fake-scenarios",
        {
            "fake_scenarios.py": """
        import multilat
        from multilat.model import Scenario, Text

        @multilat.hookimpl
        def multilat_scenarios():
            return (Scenario(
                id="good-trend-surges",
                name=Text(en="The good trend surges"),
                description=Text(en="Everything goes the good trend's way."),
                levels={"good-trend": 1.0},
            ),)
    """
        },
        requires=ON_GOOD,
    )
    install_plugins(site.path, "fake-good")

    class WrongScenarios:
        @multilat.hookimpl
        def multilat_scenarios(self) -> int:
            return 5

    host = make_host("fake-scenarios,fake-good")
    host.register(WrongScenarios(), "wrong-scenarios")

    kb, lines = _load(host)

    assert lines == [
        "plugin wrong-scenarios: multilat_scenarios returned int, expected an iterable of Scenario"
    ]
    (scenario,) = kb.scenarios
    assert isinstance(scenario, Scenario)
    assert scenario.id == "good-trend-surges"
    assert scenario.level_of("good-trend") == 1.0
    assert kb.origin("good-trend-surges") == "fake-scenarios"
    assert host.contributions()["fake-scenarios"] == {"scenarios": 1}


class _CountingPlugin:
    """Counts how often its knowledge hook runs."""

    def __init__(self) -> None:
        self.calls = 0

    @multilat.hookimpl
    def multilat_knowledge(self) -> list[object]:
        self.calls += 1
        return []


def test_each_hook_runs_once_per_plugin_until_the_plugins_change() -> None:
    host = make_host(entry_points=False)
    counting = _CountingPlugin()
    host.register(counting, "counting")
    host.knowledge()
    host.knowledge()
    host.contributions()
    assert counting.calls == 1
    host.register(_CountingPlugin(), "another")
    host.knowledge()
    assert counting.calls == 2


def test_hook_arguments_are_bound_by_name_as_pluggy_binds_them() -> None:
    # Before: impl.function() was called bare, so an argument added to a hook
    # later would break every plugin; now only the names an impl takes are passed.
    from multilat.plugins import _result_of

    def takes_nothing() -> list[int]:
        return [1]

    def takes_lang(lang: str) -> list[str]:
        return [lang]

    assert _result_of(takes_nothing, {}) == [1]
    assert _result_of(takes_lang, {"lang": "nl"}) == ["nl"]


def test_a_content_plugin_may_be_data_only(site: Site) -> None:
    # Its data folder is found by convention: no hook to write.
    site.install("fake-good", PLUGINS["fake-good"])
    site.install(
        "fake-data-only",
        {
            "fake_data_only/__init__.py": '"""Data only: see data/."""\n',
            "fake_data_only/data/trends.toml": """
            [[trend]]
            id = "data-only-trend"
            name = "A trend from data alone"

            [[trend.citations]]
            source = "good-source"
            section = "intro"
            paragraph = 2
            quote = "Second paragraph"
        """,
        },
        requires=ON_GOOD,
    )
    host = make_host("fake-good,fake-data-only")
    kb = multilat.load(host=host)

    assert kb.origin("data-only-trend") == "fake-data-only"
    (info,) = [i for i in host.plugins() if i.name == "fake-data-only"]
    assert info.hooks == ("multilat_knowledge",)
