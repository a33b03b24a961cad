"""Hostile plugins and files: each test here is a finding of a probe that tried.

Each test reproduces one way a plugin or a data file took multilat over,
crashed it, stalled it or made it lie, and guards the fix: plugins that exit,
print, stall or claim other plugins' ids; files written through planted
links or with lost modes; FIFOs, devices and resource bombs; a quadratic
locator; problems hidden behind other problems. The module grows with every
new finding: add the plugin (a real throwaway distribution, written by
:mod:`tests.distributions`) or the file that does the damage, and assert on
what a user sees.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import multilat
import multilat.files
import multilat.plugins
from multilat._guard import plugin_code
from multilat.data import dumps_json, loads_json
from multilat.errors import DataError, InvalidValue, KnowledgeError, MultilatWarning, PluginError
from multilat.files import read_data, write_output
from multilat.formats import Format
from multilat.hookspecs import hookimpl
from multilat.knowledge import Replacement
from multilat.model import Citation, Fragment, Source, SourceKind, Text, Trend
from multilat.plugins import PluginHost
from tests.clirun import Result
from tests.distributions import ON_GOOD, PLUGINS, Site, make_host

if TYPE_CHECKING:
    from _typeshed import TraceFunction

ERROR = "multilat: error: "


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
    hostile_site.install(
        "fake-eu",
        _trend_plugin("fake_eu", "good-trend", "EU's view", True),
        requires=ON_GOOD,
    )
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
    hostile_site.install(
        "fake-eu",
        _trend_plugin("fake_eu", "good-trend", "EU's view", True),
        requires=ON_GOOD,
    )
    hostile_site.install(
        "fake-au",
        _trend_plugin("fake_au", "good-trend", "AU's view", True),
        requires=ON_GOOD,
    )
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
    hostile_site.install(
        "fake-eu",
        _trend_plugin("fake_eu", "good-trend", "EU's view", True),
        requires=ON_GOOD,
    )
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
    hostile_site.install(
        "fake-eu",
        _trend_plugin("fake_eu", "good-trend", "EU's view", True),
        requires=ON_GOOD,
    )
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


# == hostile files ==================================================================

def _report_json(run: Callable[..., Result]) -> str:
    result = run("report", "--format", "json")
    assert result.code == 0
    return result.out


def _leftovers(folder: Path, *expected: str) -> list[str]:
    """Names in ``folder`` beyond ``expected``: temporary files left behind."""
    return sorted(p.name for p in folder.iterdir() if p.name not in expected)


def _command(*argv: str, **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    """The real ``multilat`` in a subprocess, on core's built-in content."""
    env = {**os.environ, multilat.plugins.LOAD_PLUGINS_VARIABLE: ""}
    command = [sys.executable, "-m", "multilat.cli", *argv]
    result: subprocess.CompletedProcess[bytes] = subprocess.run(
        command, env=env, check=False, **kwargs
    )
    return result


# -- item 4: writing -o FILE ---------------------------------------------------------------


def test_output_never_writes_through_a_link_planted_beside_the_target(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    # The temporary name the command used to write through.
    (tmp_path / ".out.json.partial").symlink_to(victim)

    result = run("report", "--format", "json", "-o", str(tmp_path / "out.json"))

    assert result == Result(0, "", "")
    assert victim.read_text() == "precious\n"
    assert (tmp_path / "out.json").read_text(encoding="utf-8") == _report_json(run)
    assert not (tmp_path / "out.json").is_symlink()


def test_output_never_writes_through_a_link_at_the_temporary_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    planted = bytes.fromhex("0123456789ab")
    (tmp_path / f".out.json.{planted.hex()}.tmp").symlink_to(victim)
    draws = iter([planted, bytes(6)])
    monkeypatch.setattr("multilat.files.os.urandom", lambda _: next(draws))

    write_output(tmp_path / "out.json", b"report\n")

    assert victim.read_text() == "precious\n"
    assert (tmp_path / "out.json").read_bytes() == b"report\n"
    assert _leftovers(tmp_path, "victim.txt", "out.json") == [f".out.json.{planted.hex()}.tmp"]


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o755])
def test_output_keeps_the_mode_of_the_file_it_replaces(
    run: Callable[..., Result], tmp_path: Path, mode: int
) -> None:
    target = tmp_path / "out.json"
    target.write_text("old\n")
    target.chmod(mode)

    assert run("report", "--format", "json", "-o", str(target)).code == 0

    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert target.read_text(encoding="utf-8").startswith("{")


def test_a_new_output_file_gets_the_umask_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_output(tmp_path / "new.json", b"{}\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o640


def test_output_through_a_symlink_replaces_the_file_it_points_to(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    (tmp_path / "build").mkdir()
    real = tmp_path / "build" / "report-2020.json"
    real.write_text("old\n")
    real.chmod(0o600)
    link = tmp_path / "latest.json"
    link.symlink_to(Path("build") / "report-2020.json")

    result = run("report", "--format", "json", "-o", str(link))

    assert result == Result(0, "", "")
    assert link.is_symlink()
    assert os.readlink(link) == str(Path("build") / "report-2020.json")
    assert real.read_text(encoding="utf-8") == _report_json(run)
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    assert _leftovers(tmp_path / "build", "report-2020.json") == []


def test_output_to_a_fifo_is_written_straight_through(tmp_path: Path) -> None:
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    try:
        writer = _command("report", "--format", "json", "-o", str(fifo), capture_output=True,
                          timeout=60)
        received, _ = reader.communicate(timeout=30)
    finally:
        if reader.poll() is None:
            reader.kill()
            reader.wait()
    assert (writer.returncode, writer.stderr) == (0, b"")
    assert json.loads(received)["format"] == "multilat-knowledge/1"
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


@pytest.mark.parametrize("redirect", ["pipe", "file"])
def test_output_to_dev_stdout(tmp_path: Path, redirect: str) -> None:
    if redirect == "pipe":
        result = _command("report", "--format", "json", "-o", "/dev/stdout", capture_output=True)
        written = result.stdout
    else:
        captured = tmp_path / "captured.json"
        with captured.open("wb") as stdout:
            result = _command("report", "--format", "json", "-o", "/dev/stdout",
                              stdout=stdout, stderr=subprocess.PIPE)
        written = captured.read_bytes()
    assert (result.returncode, result.stderr) == (0, b"")
    assert json.loads(written)["format"] == "multilat-knowledge/1"
    assert os.path.exists("/dev/stdout")


def test_output_dash_is_stdout(
    run: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)

    result = run("report", "--format", "json", "-o", "-")

    assert result == Result(0, _report_json(run), "")
    assert list(tmp_path.iterdir()) == []


def test_concurrent_writers_to_one_target_never_fail(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    payloads = [f"writer {n}\n".encode() * 1000 for n in range(8)]
    failures: list[BaseException] = []
    start = threading.Barrier(len(payloads))

    def write(data: bytes) -> None:
        start.wait()
        try:
            for _ in range(20):
                write_output(target, data)
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=write, args=(p,)) for p in payloads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert target.read_bytes() in payloads
    assert _leftovers(tmp_path, "out.json") == []


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_a_failed_write_leaves_the_old_file_and_nothing_else(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException
) -> None:
    target = tmp_path / "out.json"
    target.write_text("old\n")
    real_write = os.write
    calls = iter(range(10))

    def failing_write(fd: int, data: bytes | memoryview) -> int:
        if next(calls):  # the first chunk goes through, then the disk is full
            raise failure
        return real_write(fd, bytes(data)[:10])

    monkeypatch.setattr("multilat.files.os.write", failing_write)

    with pytest.raises(type(failure)):
        write_output(target, b"new content\n" * 100)

    assert target.read_text() == "old\n"
    assert _leftovers(tmp_path, "out.json") == []


def test_output_gives_the_new_file_the_owner_of_the_old_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.json"
    target.write_text("old\n")
    owner = (target.stat().st_uid, target.stat().st_gid)
    given: list[tuple[int, int]] = []
    # As if another user ran the command (root, who may hand a file back).
    monkeypatch.setattr("multilat.files.os.geteuid", lambda: owner[0] + 1)
    monkeypatch.setattr("multilat.files.os.fchown", lambda _, uid, gid: given.append((uid, gid)))

    write_output(target, b"new\n")

    assert given == [owner]
    assert target.read_bytes() == b"new\n"


class _FailingFormat:
    """A format plugin whose renderer raises."""

    __name__ = "failing-format"

    @hookimpl
    def multilat_formats(self) -> list[Format]:
        def render(_: object) -> str:
            raise RuntimeError("renderer broke")

        return [Format("broken", "text/plain", ".txt", render)]


def test_a_failing_renderer_leaves_the_target_alone(
    run: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    host = PluginHost(environ={multilat.plugins.LOAD_PLUGINS_VARIABLE: ""})
    host.register(_FailingFormat(), "failing-format")
    monkeypatch.setattr(multilat.plugins, "_default_host", host)
    target = tmp_path / "out.txt"
    target.write_text("old\n")

    result = run("report", "--format", "broken", "-o", str(target))

    assert (result.code, result.out) == (2, "")
    assert result.err_lines == [
        ERROR + "format 'broken' failed: RuntimeError: renderer broke"
    ]
    assert target.read_text() == "old\n"
    assert _leftovers(tmp_path, "out.txt") == []


# -- item 5: resource bombs ----------------------------------------------------------------

TREND_TOML = """\
[[trend]]
id = "file-trend"
name = "A trend from a file"

[[trend.citations]]
source = "clingendael-2020"
section = "introduction"
paragraph = 1
quote = "De harde America first benadering van de VS onder president Trump"
"""

DEPTH = 100_000


def test_check_refuses_a_fifo_instead_of_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "some.fifo"
    os.mkfifo(fifo)

    result = _command("check", str(fifo), capture_output=True, timeout=60)

    assert (result.returncode, result.stdout) == (2, b"")
    assert result.stderr.decode().splitlines() == [
        ERROR + f"{fifo}: not a regular file (a FIFO)"
    ]


def test_check_refuses_dev_zero(run: Callable[..., Result]) -> None:
    result = run("check", "/dev/zero")

    assert (result.code, result.out) == (2, "")
    assert result.err_lines == [ERROR + "/dev/zero: not a regular file (a character device)"]


def test_check_refuses_a_directory(run: Callable[..., Result], tmp_path: Path) -> None:
    result = run("check", str(tmp_path))

    assert (result.code, result.out) == (2, "")
    assert len(result.err_lines) == 1
    assert result.err_lines[0].startswith(ERROR + f"{tmp_path}: ")


@pytest.mark.parametrize(
    "text",
    [
        "deep = " + "[" * DEPTH + "]" * DEPTH + "\n",
        "deep = " + "{ a = " * DEPTH + "1" + " }" * DEPTH + "\n",
    ],
    ids=["arrays", "inline-tables"],
)
def test_check_a_toml_bomb_nested_100000_deep(
    run: Callable[..., Result], tmp_path: Path, text: str
) -> None:
    bomb = tmp_path / "deep.toml"
    bomb.write_text(text)

    result = run("check", str(bomb))

    assert (result.code, result.out) == (2, "")
    assert result.err_lines == [
        ERROR + f"{bomb}: nested too deeply to read (beyond Python's recursion limit)"
    ]


def test_a_json_bomb_nested_100000_deep_is_a_data_error() -> None:
    from multilat.data import loads_json
    from multilat.errors import DataError

    with pytest.raises(DataError) as caught:
        loads_json("[" * DEPTH + "]" * DEPTH, path="deep.json")

    assert [str(p) for p in caught.value.problems] == [
        "deep.json: nested too deeply to read (beyond Python's recursion limit)"
    ]


def test_running_out_of_memory_while_parsing_is_a_problem_of_the_file(
    run: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "big.toml"
    data.write_text(TREND_TOML)

    def exhausted(_: str) -> object:
        raise MemoryError

    monkeypatch.setattr("multilat._toml.loads", exhausted)

    result = run("check", str(data))

    assert (result.code, result.out) == (2, "")
    assert result.err_lines == [ERROR + f"{data}: too large to read in the memory available"]


def test_a_data_file_over_the_size_limit_is_refused_until_the_limit_is_raised(
    run: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "big.toml"
    data.write_text(TREND_TOML + "# padding\n" * 200)
    monkeypatch.setenv("MULTILAT_MAX_DATA_SIZE", "1K")

    refused = run("check", str(data))
    monkeypatch.setenv("MULTILAT_MAX_DATA_SIZE", "1M")
    monkeypatch.setattr(multilat.plugins, "_default_host", None)  # read the content again
    accepted = run("check", str(data))

    assert (refused.code, refused.out) == (2, "")
    assert refused.err_lines == [
        ERROR + f"{data}: larger than the limit of 1 KiB for a data file"
        " (set MULTILAT_MAX_DATA_SIZE to raise it)"
    ]
    assert accepted.code == 0


@pytest.mark.parametrize(("limit", "refused"), [("1M", False), ("1K", True)])
def test_a_file_that_grows_while_it_is_read_is_read_within_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: str, refused: bool
) -> None:
    # fstat says 10 bytes, as it would just before the file grew to 2,000.
    data = tmp_path / "growing.toml"
    data.write_bytes(b"x" * 2000)
    real_fstat = os.fstat

    def stale_fstat(fd: int) -> os.stat_result:
        info = real_fstat(fd)
        return os.stat_result((info.st_mode, *tuple(info)[1:6], 10, *tuple(info)[7:]))

    monkeypatch.setattr("multilat.files.os.fstat", stale_fstat)
    monkeypatch.setenv("MULTILAT_MAX_DATA_SIZE", limit)

    if refused:
        with pytest.raises(DataError, match="larger than the limit of 1 KiB for a data file"):
            read_data(data)
    else:
        assert read_data(data) == b"x" * 2000


@pytest.mark.parametrize("value", ["lots", "-5", "1.5M", "12X"])
def test_a_malformed_size_limit_is_bad_usage(
    run: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    data = tmp_path / "trend.toml"
    data.write_text(TREND_TOML)
    monkeypatch.setenv("MULTILAT_MAX_DATA_SIZE", value)

    result = run("check", str(data))

    assert (result.code, result.out) == (2, "")
    assert result.err_lines == [
        ERROR + f"MULTILAT_MAX_DATA_SIZE={value!r} is not a size in bytes (like 50000000 or 64M)"
    ]


def test_the_default_size_limit_holds_without_the_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("MULTILAT_MAX_DATA_SIZE", raising=False)
    assert multilat.files.max_data_size() == multilat.files.DEFAULT_MAX_DATA_SIZE == 32 * 1024**2
    monkeypatch.setenv("MULTILAT_MAX_DATA_SIZE", "3g")
    assert multilat.files.max_data_size() == 3 * 1024**3


def test_check_note_refuses_a_device(run: Callable[..., Result]) -> None:
    result = run("check", "--note", "/dev/zero")

    assert (result.code, result.out) == (2, "")
    assert result.err_lines == [ERROR + "/dev/zero: not a regular file (a character device)"]


def test_plugin_data_is_read_within_the_same_limits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from multilat.data import load_package_data
    from multilat.errors import DataError

    package = tmp_path / "hostile_data_pkg"
    (package / "data").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "data" / "a-good.toml").write_text(TREND_TOML)
    (package / "data" / "b-deep.toml").write_text("deep = " + "[" * DEPTH + "]" * DEPTH)
    os.mkfifo(package / "data" / "c-fifo.toml")
    monkeypatch.syspath_prepend(str(tmp_path))

    with pytest.raises(DataError) as caught:
        load_package_data("hostile_data_pkg")

    assert [str(p) for p in caught.value.problems] == [
        "hostile_data_pkg/data/b-deep.toml: nested too deeply to read"
        " (beyond Python's recursion limit)",
        "hostile_data_pkg/data/c-fifo.toml: not a regular file (a FIFO)",
    ]
    assert [t.id for t in caught.value.partial.trends] == ["file-trend"]


# -- item 6: locating objects is linear ----------------------------------------------------

LOCATED_OBJECT = """\
[[trend]]
id = "trend-{n}"
name = "Trend {n}"

[[trend.citations]]
source = "clingendael-2020"
section = "introduction"
paragraph = {paragraph}
quote = "De harde America first benadering"

"""


def _locator_steps(count: int) -> int:
    """Lines the locator executes to place ``count`` objects and one bad field each.

    A count of executed lines (a loop's every turn is one), not a time: it
    does not depend on the machine.
    """
    from multilat import data

    text = "".join(LOCATED_OBJECT.format(n=n, paragraph=0) for n in range(count))
    document = tomllib.loads(text)
    steps = 0
    locator_code = {
        f.__code__ for f in vars(data._Locator).values() if callable(f)
    }

    def trace(frame: FrameType, event: str, _: object) -> TraceFunction | None:
        nonlocal steps
        code = frame.f_code
        # Comprehensions run in their own code objects, nested in the methods'.
        if code in locator_code or code.co_qualname.startswith("_Locator."):
            if event == "line":
                steps += 1
            return trace
        return None

    sys.settrace(trace)
    try:
        _, problems = data.fragment_from_dict(document, path="f.toml", text=text)
    finally:
        sys.settrace(None)
    assert len(problems) == count  # every object located, and its bad paragraph too
    assert problems[-1].line == 10 * count - 2
    return steps


def test_locating_objects_takes_linear_steps() -> None:
    small, large = _locator_steps(200), _locator_steps(800)

    # Four times the objects: four times the steps, where a rescan of every
    # header per object made it sixteen.
    assert large < 4.5 * small


# -- item 9: complete, located check output -----------------------------------------------

TWO_BAD_OBJECTS = """\
[[trend]]
id = "Bad Id"
name = "A trend"

[[influence]]
id = "two-problems"
cause = "covid-19"
effect = "us-unilateralism"
weight = 7.5
horizon = "short"
confidence = "sure"
mechanism = "because"

[[influence.citations]]
source = "clingendael-2020"
section = "introduction"
paragraph = 0
quote = "   "
"""


def test_check_reports_every_problem_of_an_object_at_once(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    data = tmp_path / "bad.toml"
    data.write_text(TWO_BAD_OBJECTS)

    result = run("check", str(data))

    assert result.code == 1
    assert result.out.splitlines() == [
        f"{data}:1: Bad Id: citations: required but missing",
        f"{data}:2: Bad Id: id: 'Bad Id' is not a kebab-case slug (like 'us-china-rivalry')",
        f"{data}:9: two-problems: weight: 7.5 is outside [-1, 1]",
        f"{data}:11: two-problems: confidence: 'sure' is not one of 'low', 'medium', 'high'",
        f"{data}:17: two-problems: citations[0].paragraph:"
        " must be a whole number of at least 1, not 0",
        f"{data}:18: two-problems: citations[0].quote: must not be empty",
    ]


def test_checks_across_fields_still_run_once_every_field_is_valid(tmp_path: Path) -> None:
    from multilat.data import read_toml

    data = tmp_path / "self.toml"
    data.write_text(
        TWO_BAD_OBJECTS.split("[[influence]]")[1]
        .replace("weight = 7.5", "weight = 0.5")
        .replace('"sure"', '"high"')
        .replace('effect = "us-unilateralism"', 'effect = "covid-19"')
        .replace("paragraph = 0", "paragraph = 1")
        .replace('quote = "   "', 'quote = "De harde America first benadering"')
        .join(["[[influence]]", ""])
    )

    _, problems = read_toml(data)

    assert [str(p) for p in problems] == [
        f"{data}:4: two-problems: effect: a trend cannot influence itself"
    ]


class _BrokenFormatAndContent:
    """A plugin whose format hook returns junk and whose content dangles."""

    __name__ = "broken-format-and-content"

    @hookimpl
    def multilat_formats(self) -> list[object]:
        return ["not a format"]

    @hookimpl
    def multilat_knowledge(self) -> list[object]:
        from multilat.model import Citation, Text, Trend

        citation = Citation(source="no-such-source", section="intro", paragraph=1, quote="x")
        return [Trend(id="dangling-trend", name=Text(en="Dangling"), citations=[citation])]


def test_strict_report_reports_format_and_knowledge_problems_both(
    run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    host = PluginHost(environ={multilat.plugins.LOAD_PLUGINS_VARIABLE: ""})
    host.register(_BrokenFormatAndContent(), "broken-format-and-content")
    monkeypatch.setattr(multilat.plugins, "_default_host", host)

    result = run("--strict", "report", "--format", "json")

    assert (result.code, result.out) == (2, "")
    assert len(result.err_lines) == 2
    format_line, knowledge_line = sorted(result.err_lines, key=lambda line: "formats" not in line)
    assert format_line.startswith(ERROR + "plugin broken-format-and-content: multilat_formats")
    assert knowledge_line.startswith(ERROR + "plugin broken-format-and-content: dangling-trend:")
    assert "no-such-source" in knowledge_line


def test_a_utf8_byte_order_mark_is_accepted(run: Callable[..., Result], tmp_path: Path) -> None:
    data = tmp_path / "bom.toml"
    bad = TREND_TOML.replace("paragraph = 1", "paragraph = 0")
    data.write_bytes(b"\xef\xbb\xbf" + bad.encode())

    result = run("check", str(data))

    # Read, and located as if the mark were not there: paragraph is line 8.
    assert result.out.splitlines() == [
        f"{data}:8: file-trend: citations[0].paragraph: must be a whole number of at least 1, not 0"
    ]


def test_a_byte_order_mark_before_json_is_accepted() -> None:
    from multilat.data import FORMAT_VERSION, loads_json

    kb = loads_json("\ufeff" + json.dumps({"format": FORMAT_VERSION, "plugins": {}}))

    assert len(kb) == 0


OTHER_NOTE_TOML = """\
[[source]]
id = "other-note"
kind = "note"
title = "Another note"

[[source.sections]]
slug = "intro"
title = "Intro"
incipits = ["Het bestel staat onder druk."]

[[trend]]
id = "other-trend"
name = "Other trend"

[[trend.citations]]
source = "other-note"
section = "intro"
paragraph = 1
quote = "Dit staat er niet"
"""


def test_check_note_findings_carry_file_and_line_and_only_that_notes_footnotes(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    data = tmp_path / "other.toml"
    data.write_text(OTHER_NOTE_TOML)
    note = tmp_path / "other.txt"
    note.write_text("## Intro\n\nHet bestel staat onder druk. Dat is niet nieuw.\n")

    result = run("check", str(data), "--note", str(note), "--source", "other-note")

    # Core's works carry the footnotes of the Clingendael note, not of this
    # one: they are not reported missing from it.
    assert result.code == 1
    assert result.out.splitlines() == [
        f"{data}:19: other-trend: citations[0].quote: quote is not in the note"
    ]


def test_check_note_on_installed_content_names_the_plugin_file_and_line(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    # One paragraph's opening words, so that it is taken for the note (a text
    # with none is the wrong file: one line, see test_cli), and nothing more.
    import multilat

    source = multilat.load()["clingendael-2020"]
    note = tmp_path / "empty-note.txt"
    note.write_text(f"## Inleiding\n\n{source.sections[0].incipits[0]} en verder niets.\n")

    result = run("check", "--note", str(note))

    assert result.code == 1
    lines = result.out.splitlines()
    assert lines
    # Every finding about an object starts with its data file and line.
    for line in lines:
        assert line.startswith("multilat/builtin/data/"), line
        path, number, _ = line.split(":", 2)
        assert path.endswith(".toml"), line
        assert number.isdigit(), line
        assert line.endswith("(plugin multilat)"), line


@pytest.mark.parametrize("text", ["", "# only a comment\n", "\ufeff\n"])
def test_check_a_file_that_adds_nothing_says_so(
    run: Callable[..., Result], tmp_path: Path, text: str
) -> None:
    data = tmp_path / "nothing.toml"
    data.write_text(text, encoding="utf-8")

    result = run("check", str(data))

    assert result.code == 1
    assert result.out == (
        f"{data}: adds nothing: no object in [[source]], [[actor]], [[institution]],"
        " [[regime]], [[trend]], [[influence]], [[recommendation]], [[scenario]],"
        " [[expectation]], [[resolution]]\n"
    )
