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
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import multilat
import multilat.plugins
from multilat.errors import MultilatWarning, PluginError
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
    import threading

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
    import threading

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
    import threading

    from multilat._guard import plugin_code

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
