"""Hostile plugins and files: each test here is a finding of a probe that tried.

Each test reproduces one way a plugin or a data file took multilat over,
crashed it or stalled it, and guards the fix. The module grows with every new
finding: add the plugin (a real throwaway distribution, written by
:mod:`tests.distributions`) or the file that does the damage, and assert on
what a user sees.
"""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import multilat
import multilat.plugins
from multilat._guard import plugin_code
from multilat.data import dumps_json, loads_json
from multilat.errors import InvalidValue, KnowledgeError, MultilatWarning, PluginError
from multilat.knowledge import Replacement
from multilat.model import Citation, Fragment, Source, SourceKind, Text, Trend
from multilat.plugins import PluginHost
from tests.clirun import Result
from tests.distributions import PLUGINS, Site, make_host


@pytest.fixture
def hostile_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    """A fresh directory of fake-installed distributions on ``sys.path``."""
    yield from Site.fixture(tmp_path, monkeypatch)


def _use_host(monkeypatch: pytest.MonkeyPatch, load: str) -> PluginHost:
    """Make the command line see the installed plugins ``load`` names."""
    host = make_host(load)
    monkeypatch.setattr(multilat.plugins, "_default_host", host)
    return host


def _warnings_of(host: PluginHost) -> tuple[multilat.KnowledgeBase, list[str]]:
    with pytest.warns(MultilatWarning) as record:
        kb = multilat.load(host=host)
    return kb, [str(w.message) for w in record]


# -- sys.exit() and other BaseExceptions from plugin code --------------------------

EXITING_HOOK = {
    "fake_exits.py": """
        import sys

        import multilat

        @multilat.hookimpl
        def multilat_knowledge():
            sys.exit(0)
    """,
}

EXITING_FORMAT = {
    "fake_exiting_format.py": """
        import sys

        import multilat
        from multilat.formats import Format

        def render(report):
            sys.exit(0)

        @multilat.hookimpl
        def multilat_formats():
            return [Format(name="exits", media_type="text/plain", suffix=".txt", render=render)]
    """,
}

INTERRUPTED_HOOK = {
    "fake_interrupted.py": """
        import multilat

        @multilat.hookimpl
        def multilat_knowledge():
            raise KeyboardInterrupt
    """,
}

EXIT_LINE = "plugin fake-exits: multilat_knowledge raised SystemExit: 0"


def test_sys_exit_in_a_hook_is_that_plugins_failure(hostile_site: Site) -> None:
    hostile_site.install("fake-exits", EXITING_HOOK)
    hostile_site.install("fake-good", PLUGINS["fake-good"])
    host = make_host("fake-exits,fake-good")

    kb, lines = _warnings_of(host)

    assert lines == [EXIT_LINE]
    assert kb.origin("good-trend") == "fake-good"
    with pytest.raises(PluginError) as caught:
        multilat.load(strict=True, host=host)
    assert [str(p) for p in caught.value.problems] == [EXIT_LINE]


def test_sys_exit_in_a_hook_does_not_end_the_command(
    hostile_site: Site,
    monkeypatch: pytest.MonkeyPatch,
    run: Callable[..., Result],
    tmp_path: Path,
) -> None:
    hostile_site.install("fake-exits", EXITING_HOOK)
    hostile_site.install("fake-good", PLUGINS["fake-good"])
    _use_host(monkeypatch, "fake-exits,fake-good")

    checked = run("check")
    assert checked.code == 1
    assert checked.out.splitlines() == [EXIT_LINE]

    listed = run("plugins")
    assert listed.code == 0
    assert f"  {EXIT_LINE.removeprefix('plugin ')}" in listed.out.splitlines()
    assert "fake-good 1.0" in listed.out.splitlines()

    target = tmp_path / "out.json"
    written = run("report", "--format", "json", "-o", str(target))
    assert written.code == 0
    assert "good-trend" in target.read_text(encoding="utf-8")
    assert written.err_lines == [f"multilat: warning: {EXIT_LINE}"]

    strict = run("--strict", "report", "--format", "json")
    assert (strict.code, strict.out) == (2, "")
    assert strict.err_lines == [f"multilat: error: {EXIT_LINE}"]


def test_sys_exit_in_a_format_renderer_is_one_line_and_exit_2(
    hostile_site: Site, monkeypatch: pytest.MonkeyPatch, run: Callable[..., Result]
) -> None:
    hostile_site.install("fake-exiting-format", EXITING_FORMAT)
    _use_host(monkeypatch, "fake-exiting-format")

    result = run("report", "--format", "exits")

    assert (result.code, result.out) == (2, "")
    assert result.err_lines == ["multilat: error: format 'exits' failed: SystemExit: 0"]


def test_keyboard_interrupt_in_a_hook_still_interrupts(hostile_site: Site) -> None:
    hostile_site.install("fake-interrupted", INTERRUPTED_HOOK)
    host = make_host("fake-interrupted")

    with pytest.raises(KeyboardInterrupt):
        multilat.load(host=host)


# -- first load from several threads ------------------------------------------------

SLOW_IMPORT = {
    "fake_slow_import.py": """
        import time

        import multilat
        from fake_good import SOURCE, TREND

        time.sleep(0.5)

        @multilat.hookimpl
        def multilat_knowledge():
            return [SOURCE, TREND]
    """,
}


def test_threads_that_load_at_once_all_see_every_plugin(hostile_site: Site) -> None:
    hostile_site.install("fake-good", PLUGINS["fake-good"], entry_points={})
    hostile_site.install("fake-slow-import", SLOW_IMPORT)
    host = PluginHost(environ={multilat.plugins.LOAD_PLUGINS_VARIABLE: "fake-slow-import"})
    expected = len(multilat.load(host=PluginHost(entry_points=False))) + 2
    start = threading.Barrier(16)
    seen: list[int] = []

    def first_use() -> None:
        start.wait()
        seen.append(len(multilat.load(strict=True, host=host)))

    threads = [threading.Thread(target=first_use) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert seen == [expected] * 16


def test_threads_that_create_the_default_host_share_one(monkeypatch: pytest.MonkeyPatch) -> None:
    created: list[int] = []
    real = multilat.plugins.PluginHost

    class CountingHost(real):  # type: ignore[misc,valid-type]
        def __init__(self) -> None:
            created.append(1)
            super().__init__(entry_points=False)

    monkeypatch.setattr(multilat.plugins, "PluginHost", CountingHost)
    start = threading.Barrier(8)
    hosts: list[PluginHost] = []

    def first_use() -> None:
        start.wait()
        hosts.append(multilat.plugins.get_host())

    threads = [threading.Thread(target=first_use) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(created) == 1
    assert all(h is hosts[0] for h in hosts)


CALLS_BACK_ON_IMPORT = {
    "fake_calls_back.py": """
        import multilat

        KB = multilat.load()
    """,
}

CALLS_BACK_IN_HOOK = {
    "fake_hook_calls_back.py": """
        import multilat

        @multilat.hookimpl
        def multilat_knowledge():
            return list(multilat.load().trends)
    """,
}


def test_a_plugin_that_uses_multilat_while_it_loads_fails_alone(
    hostile_site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    hostile_site.install("fake-calls-back", CALLS_BACK_ON_IMPORT)
    hostile_site.install("fake-hook-calls-back", CALLS_BACK_IN_HOOK)
    hostile_site.install("fake-good", PLUGINS["fake-good"])
    host = _use_host(monkeypatch, "fake-calls-back,fake-hook-calls-back,fake-good")

    kb, lines = _warnings_of(host)

    assert sorted(lines) == [
        "plugin fake-calls-back: failed to load: RuntimeError:"
        " plugins are still loading: a plugin cannot use them while it is imported",
        "plugin fake-hook-calls-back: multilat_knowledge raised RuntimeError:"
        " multilat_knowledge called back into multilat while it runs",
    ]
    assert kb.origin("good-trend") == "fake-good"


# -- plugin output on stdout ------------------------------------------------------

PRINTS = {
    "fake_prints.py": """
        print("imported fake_prints")

        import multilat
        from multilat.formats import Format

        def render(report):
            print("rendering")
            return "rendered\\n"

        @multilat.hookimpl
        def multilat_knowledge():
            print("in the knowledge hook")
            return []

        @multilat.hookimpl
        def multilat_formats():
            print("in the formats hook")
            return [Format(name="noisy", media_type="text/plain", suffix=".txt", render=render)]
    """,
}


def test_plugin_output_never_reaches_stdout(
    hostile_site: Site, monkeypatch: pytest.MonkeyPatch, run: Callable[..., Result]
) -> None:
    hostile_site.install("fake-prints", PRINTS)
    _use_host(monkeypatch, "fake-prints")

    listed = run("plugins", "--json")
    assert listed.code == 0
    assert [p["name"] for p in json.loads(listed.out)["plugins"]] == ["multilat", "fake-prints"]
    assert listed.err_lines == [
        "imported fake_prints",
        "in the knowledge hook",
        "in the formats hook",
    ]

    reported = run("report", "--format", "json")
    assert reported.code == 0
    json.loads(reported.out)

    rendered = run("report", "--format", "noisy")
    assert (rendered.code, rendered.out, rendered.err) == (0, "rendered\n", "rendering\n")


def test_other_threads_keep_their_stdout_while_a_plugin_runs(
    capsys: pytest.CaptureFixture[str],
) -> None:
    inside = threading.Event()
    printed = threading.Event()

    def other_thread() -> None:
        inside.wait()
        print("from the application")
        printed.set()

    thread = threading.Thread(target=other_thread)
    thread.start()
    with plugin_code():
        print("from the plugin")
        inside.set()
        printed.wait()
    thread.join()
    print("after")

    captured = capsys.readouterr()
    assert captured.out == "from the application\nafter\n"
    assert captured.err == "from the plugin\n"


# -- slow plugins ------------------------------------------------------------------

SLOW_HOOK = {
    "fake_slow_hook.py": """
        import time

        import multilat

        @multilat.hookimpl
        def multilat_knowledge():
            time.sleep(0.3)
            return []
    """,
}


class _Terminal:
    """A stderr that says it is a terminal and keeps what is written."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._text = ""

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self._text += text
        *done, self._text = self._text.split("\n")
        self.lines += done
        return len(text)

    def flush(self) -> None:
        pass


def test_a_slow_plugin_is_named_on_a_terminal_and_its_time_is_listed(
    hostile_site: Site, monkeypatch: pytest.MonkeyPatch, run: Callable[..., Result]
) -> None:
    hostile_site.install("fake-slow-hook", SLOW_HOOK)
    _use_host(monkeypatch, "fake-slow-hook")
    monkeypatch.setattr(PluginHost, "slow_after", 0.1)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)

    listed = run("plugins", "--json")

    assert listed.code == 0
    assert terminal.lines == [
        "multilat: loading plugin fake-slow-hook: multilat_knowledge has taken over 0.1 s"
    ]
    by_name = {p["name"]: p for p in json.loads(listed.out)["plugins"]}
    assert by_name["fake-slow-hook"]["load_seconds"] >= 0.3
    assert 0 <= by_name["multilat"]["load_seconds"] < 0.3

    monkeypatch.setattr(multilat.plugins, "_default_host", None)
    _use_host(monkeypatch, "fake-slow-hook")
    text = run("plugins")
    lines = text.out.splitlines()
    plugin = lines.index("fake-slow-hook 1.0")
    assert lines[plugin + 3].startswith("  load time: 0.3")
    assert lines[plugin + 3].endswith(" s")


def test_a_slow_plugin_says_nothing_when_stderr_is_no_terminal(
    hostile_site: Site, monkeypatch: pytest.MonkeyPatch, run: Callable[..., Result]
) -> None:
    hostile_site.install("fake-slow-hook", SLOW_HOOK)
    _use_host(monkeypatch, "fake-slow-hook")
    monkeypatch.setattr(PluginHost, "slow_after", 0.1)

    listed = run("plugins", "--json")

    assert (listed.code, listed.err) == (0, "")


# -- who owns an id ---------------------------------------------------------------


def _trend_plugin(module: str, trend_id: str, view: str, replaces: bool = False) -> dict[str, str]:
    """A plugin whose one trend ``trend_id`` cites fake-good's source."""
    declared = f", replaces={trend_id!r}" if replaces else ""
    return {
        f"{module}.py": f"""
            import multilat
            from multilat.model import Citation, Text, Trend

            @multilat.hookimpl
            def multilat_knowledge():
                return [Trend(
                    id={trend_id!r},
                    name=Text(en={view!r}),
                    citations=[Citation(source="good-source", section="intro", paragraph=2,
                                        quote="Second paragraph")]{declared},
                )]
        """,
    }


def test_a_plugin_cannot_take_over_cores_ids(hostile_site: Site) -> None:
    # First in sort order, as the probe's aaa-evil was: the name decides nothing.
    hostile_site.install("aaa-evil", _trend_plugin("aaa_evil", "covid-19", "Impostor"))
    hostile_site.install(
        "aaa-evil-declared", _trend_plugin("aaa_evil_declared", "covid-19", "Impostor", True)
    )
    host = PluginHost(
        environ={multilat.plugins.LOAD_PLUGINS_VARIABLE: "aaa-evil,aaa-evil-declared"}
    )
    core = multilat.load(host=PluginHost(entry_points=False))["covid-19"]

    kb, lines = _warnings_of(host)

    assert kb["covid-19"] == core
    assert kb.origin("covid-19") == "multilat"
    assert lines == [
        "plugin aaa-evil: covid-19: id: defines core's built-in 'covid-19',"
        " which no plugin may replace",
        "plugin aaa-evil-declared: covid-19: replaces: replaces core's built-in 'covid-19',"
        " which no plugin may replace",
    ]
    with pytest.raises(KnowledgeError):
        multilat.load(strict=True, host=host)


def test_a_plugin_keeps_its_ids_over_plugins_that_depend_on_it(hostile_site: Site) -> None:
    hostile_site.install("fake-good", PLUGINS["fake-good"])
    hostile_site.install(
        "aaa-builds-on-good",
        _trend_plugin("aaa_builds_on_good", "good-trend", "Builder's view"),
        requires=("multilat", "fake-good>=1.0"),
    )
    host = make_host("fake-good,aaa-builds-on-good")

    kb, lines = _warnings_of(host)

    assert kb.origin("good-trend") == "fake-good"
    assert kb["good-trend"].name.en == "Good trend"
    # The line names the plugin that brought the duplicate, not the owner.
    assert lines == [
        "plugin aaa-builds-on-good: good-trend: id: duplicate id, also defined by fake-good,"
        " which aaa-builds-on-good depends on and which keeps it"
        " (to replace it on purpose: replaces = 'good-trend')"
    ]


def test_a_duplicate_between_unrelated_plugins_keeps_neither_and_names_both(
    hostile_site: Site, monkeypatch: pytest.MonkeyPatch, run: Callable[..., Result]
) -> None:
    hostile_site.install("fake-good", PLUGINS["fake-good"])
    hostile_site.install("aaa-evil", _trend_plugin("aaa_evil", "good-trend", "Impostor"))
    lines = [
        "plugin aaa-evil: good-trend: id: duplicate id, also defined by fake-good,"
        " and neither plugin depends on the other: neither is kept",
        "plugin fake-good: good-trend: id: duplicate id, also defined by aaa-evil,"
        " and neither plugin depends on the other: neither is kept",
    ]
    for order in ("fake-good,aaa-evil", "aaa-evil,fake-good"):
        monkeypatch.setattr(multilat.plugins, "_default_host", None)
        _use_host(monkeypatch, order)

        relaxed = run("list", "trends")
        assert (relaxed.code, relaxed.out) == (0, "")
        assert relaxed.err_lines == [f"multilat: warning: {line}" for line in lines]

        strict = run("--strict", "list", "trends")
        assert (strict.code, strict.out) == (2, "")
        assert strict.err_lines == [f"multilat: error: {line}" for line in lines]


def test_a_declared_replacement_replaces_and_is_listed(
    hostile_site: Site, monkeypatch: pytest.MonkeyPatch, run: Callable[..., Result]
) -> None:
    hostile_site.install("fake-good", PLUGINS["fake-good"])
    hostile_site.install("fake-eu", _trend_plugin("fake_eu", "good-trend", "EU's view", True))
    host = _use_host(monkeypatch, "fake-good,fake-eu")

    kb = multilat.load(strict=True, host=host)

    assert kb.origin("good-trend") == "fake-eu"
    assert kb["good-trend"].name.en == "EU's view"
    assert kb.replacements == (Replacement("good-trend", "fake-eu", ("fake-good",)),)
    assert kb.fragments["fake-good"].trends == ()
    listed = run("plugins")
    lines = listed.out.splitlines()
    assert lines[lines.index("fake-eu 1.0") + 3] == "  replaces: good-trend from fake-good"
    as_json = run("plugins", "--json")
    by_name = {p["name"]: p for p in json.loads(as_json.out)["plugins"]}
    assert by_name["fake-eu"]["replaces"] == [{"id": "good-trend", "from": ["fake-good"]}]
    assert by_name["fake-good"]["replaces"] == []


def test_two_unrelated_replacements_of_one_id_make_none(hostile_site: Site) -> None:
    hostile_site.install("fake-good", PLUGINS["fake-good"])
    hostile_site.install("fake-eu", _trend_plugin("fake_eu", "good-trend", "EU's view", True))
    hostile_site.install("fake-au", _trend_plugin("fake_au", "good-trend", "AU's view", True))
    host = make_host("fake-good,fake-eu,fake-au")

    kb, lines = _warnings_of(host)

    assert kb.origin("good-trend") == "fake-good"
    assert kb.replacements == ()
    assert lines == [
        "plugin fake-au: good-trend: replaces: fake-eu replaces it too, and neither plugin"
        " depends on the other: no replacement is made",
        "plugin fake-eu: good-trend: replaces: fake-au replaces it too, and neither plugin"
        " depends on the other: no replacement is made",
    ]


def test_a_replacement_that_builds_on_another_wins(hostile_site: Site) -> None:
    hostile_site.install("fake-good", PLUGINS["fake-good"])
    hostile_site.install("fake-eu", _trend_plugin("fake_eu", "good-trend", "EU's view", True))
    hostile_site.install(
        "fake-eu-2021",
        _trend_plugin("fake_eu_2021", "good-trend", "EU's later view", True),
        requires=("multilat", "fake-eu"),
    )
    host = make_host("fake-good,fake-eu,fake-eu-2021")

    kb = multilat.load(strict=True, host=host)

    assert kb["good-trend"].name.en == "EU's later view"
    assert kb.replacements == (
        Replacement("good-trend", "fake-eu-2021", ("fake-eu", "fake-good")),
    )


def test_replaces_names_the_objects_own_id(tmp_path: Path, run: Callable[..., Result]) -> None:
    citation = Citation(source="clingendael-2020", section="inleiding", paragraph=1, quote="x")
    with pytest.raises(InvalidValue, match=r"^replaces: 'eu' is not this object's id 'nato'"):
        Trend(id="nato", name=Text(en="x"), citations=[citation], replaces="eu")

    path = tmp_path / "wrong.toml"
    path.write_text(
        '[[trend]]\nid = "nato-trend"\nreplaces = "eu"\nname = "x"\n\n'
        '[[trend.citations]]\nsource = "clingendael-2020"\nsection = "inleiding"\n'
        'paragraph = 1\nquote = "x"\n',
        encoding="utf-8",
    )
    result = run("check", str(path))
    assert result.code == 1
    (line,) = result.out.splitlines()
    assert line.startswith(f"{path}:")
    assert ": nato-trend: replaces: 'eu' is not this object's id 'nato-trend'" in line


GOOD_TREND_TOML = """\
[[trend]]
id = "good-trend"
name = "Good trend, from a file"
{replaces}
[[trend.citations]]
source = "good-source"
section = "intro"
paragraph = 1
quote = "First words of it"
"""


def test_check_says_what_a_file_not_installed_would_replace(
    hostile_site: Site,
    monkeypatch: pytest.MonkeyPatch,
    run: Callable[..., Result],
    tmp_path: Path,
) -> None:
    hostile_site.install("fake-good", PLUGINS["fake-good"])
    _use_host(monkeypatch, "fake-good")
    declared = tmp_path / "eu.toml"
    declared.write_text(GOOD_TREND_TOML.format(replaces='replaces = "good-trend"\n'), "utf-8")
    plain = tmp_path / "plain.toml"
    plain.write_text(GOOD_TREND_TOML.format(replaces=""), "utf-8")

    said = run("check", str(declared))
    assert (said.code, said.out) == (0, "")
    assert said.err_lines[0] == f"{declared}:1: good-trend: would replace good-trend from fake-good"

    warned = run("check", str(plain))
    assert (warned.code, warned.out) == (0, "")
    assert warned.err_lines[0] == (
        f"{plain}:1: good-trend: would replace good-trend from fake-good"
        " (installed beside it: a duplicate, unless it says replaces = 'good-trend')"
    )


def test_check_of_an_installed_plugins_own_file_says_nothing_of_replacing(
    hostile_site: Site, monkeypatch: pytest.MonkeyPatch, run: Callable[..., Result]
) -> None:
    hostile_site.install("fake-packaged", {
        "fake_packaged/__init__.py": """
            import attrs
            import multilat
            from multilat.data import load_package_data
            from fake_good import SOURCE

            @multilat.hookimpl
            def multilat_knowledge():
                return attrs.evolve(load_package_data(__name__), sources=[SOURCE])
        """,
        "fake_packaged/data/trends.toml": GOOD_TREND_TOML.format(replaces=""),
    }, entry_points={"packaged": "fake_packaged"})
    hostile_site.install("fake-good-module", PLUGINS["fake-good"], entry_points={})
    _use_host(monkeypatch, "fake-packaged")

    result = run("check", str(hostile_site.path / "fake_packaged" / "data" / "trends.toml"))

    assert (result.code, result.out) == (0, "")
    assert result.err_lines == ["multilat check: 2 objects, no problems"]


def _csv_format_plugin(module: str, tag: str) -> dict[str, str]:
    return {
        f"{module}.py": f"""
            import multilat
            from multilat.formats import Format

            @multilat.hookimpl
            def multilat_formats():
                return [Format(name="csv", media_type="text/csv", suffix=".csv",
                               render=lambda report: {tag!r}, description={tag!r})]
        """,
    }


def test_a_plugin_cannot_take_over_another_plugins_format_name(hostile_site: Site) -> None:
    hostile_site.install("fake-csv", _csv_format_plugin("fake_csv", "the real csv"))
    hostile_site.install("aaa-evil-csv", _csv_format_plugin("aaa_evil_csv", "impostor"))
    hostile_site.install(
        "aaa-builds-on-csv",
        _csv_format_plugin("aaa_builds_on_csv", "dependent"),
        requires=("multilat", "fake-csv"),
    )

    with pytest.warns(MultilatWarning) as record:
        formats = multilat.plugins.load_formats(host=make_host("fake-csv,aaa-evil-csv"))
    assert "csv" not in formats
    assert [str(w.message) for w in record] == [
        "plugin aaa-evil-csv: format 'csv' is also provided by fake-csv,"
        " and neither plugin depends on the other: neither is used",
        "plugin fake-csv: format 'csv' is also provided by aaa-evil-csv,"
        " and neither plugin depends on the other: neither is used",
    ]

    with pytest.warns(MultilatWarning) as record:
        formats = multilat.plugins.load_formats(host=make_host("fake-csv,aaa-builds-on-csv"))
    assert formats["csv"].description == "the real csv"
    assert [str(w.message) for w in record] == [
        "plugin aaa-builds-on-csv: format 'csv' is already provided by fake-csv"
    ]


def test_a_knowledge_base_with_a_replacement_round_trips_through_json(
    hostile_site: Site,
) -> None:
    hostile_site.install("fake-good", PLUGINS["fake-good"])
    hostile_site.install("fake-eu", _trend_plugin("fake_eu", "good-trend", "EU's view", True))
    kb = multilat.load(strict=True, host=make_host("fake-good,fake-eu"))

    again = loads_json(dumps_json(kb))

    assert again == kb
    assert again.problems == ()
    assert again["good-trend"].replaces == "good-trend"
    assert '"replaces": "good-trend"' in dumps_json(kb)
    assert dumps_json(kb).count('"replaces"') == 1


_PLUGIN_NAMES = ("multilat", "aaa-evil", "multilat-nato", "multilat-eu", "zzz-late")


@st.composite
def _claims(
    draw: st.DrawFn,
) -> tuple[dict[str, dict[str, bool]], dict[str, set[str]]]:
    """Plugins, the ids each defines (id -> says replaces), and who depends on whom."""
    names = draw(st.permutations(_PLUGIN_NAMES))
    defined = {
        name: draw(st.dictionaries(st.sampled_from(("eu", "nato", "covid-19")), st.booleans()))
        for name in names
    }
    # Dependencies only on plugins earlier in a random order: no cycles.
    requires = {
        name: {other for other in names[:i] if draw(st.booleans())}
        for i, name in enumerate(names)
    }
    return defined, requires


def _build(
    defined: dict[str, dict[str, bool]], requires: dict[str, set[str]], rename: dict[str, str]
) -> multilat.KnowledgeBase:
    fragments = {
        rename[name]: Fragment.of(
            Source(id=obj_id, kind=SourceKind.REPORT, title=name,
                   replaces=obj_id if replaces else None)
            for obj_id, replaces in ids.items()
        )
        for name, ids in defined.items()
    }
    renamed = {rename[n]: {rename[o] for o in others} for n, others in requires.items()}
    return multilat.KnowledgeBase.build(fragments, requires=renamed)


@given(_claims())
def test_who_keeps_an_id_never_depends_on_plugin_names(
    claims: tuple[dict[str, dict[str, bool]], dict[str, set[str]]],
) -> None:
    defined, requires = claims
    same = {name: name for name in defined}
    # Another name for every plugin but core, in the reverse sort order.
    others = sorted(n for n in defined if n != "multilat")
    renamed = {"multilat": "multilat", **dict(zip(others, reversed(others), strict=True))}

    kb = _build(defined, requires, same)
    kb_renamed = _build(defined, requires, renamed)

    for obj_id in ("eu", "nato", "covid-19"):
        owners = [name for name, ids in defined.items() if obj_id in ids]
        if obj_id in kb:
            # The same plugin keeps it under either name.
            assert kb_renamed.origin(obj_id) == renamed[kb.origin(obj_id)]
            assert kb[obj_id].title == kb_renamed[obj_id].title
        else:
            assert obj_id not in kb_renamed
            assert len(owners) != 1
        if "multilat" in owners:
            assert kb.origin(obj_id) == "multilat"
        if len(owners) == 1:
            assert kb.origin(obj_id) == owners[0]
    assert len(kb.problems) == len(kb_renamed.problems)
    # A problem names the plugin it is about; every one that lost an id is named.
    losers = {
        name for name, ids in defined.items() for obj_id in ids
        if obj_id not in kb or kb.origin(obj_id) != name
    }
    replaced = {p for r in kb.replacements for p in r.replaced}
    assert {p.plugin for p in kb.problems} | replaced >= losers
