"""The ``multilat`` command: exit codes, one-line errors, plugins, output.

Most tests call :func:`multilat.cli.main` in-process, on a host that holds
only the fake plugins they install (and core's ``json`` format); a few run
the real command in a subprocess with the fake distributions on
``PYTHONPATH``. Those see core's built-in content too, which is written
elsewhere, so they assert only on what the fake plugins cause.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

import multilat
import multilat.plugins
from multilat.cli import main
from multilat.plugins import PluginHost
from tests.clirun import Result
from tests.distributions import Site, broken_message, install_plugins, make_host

ERROR = "multilat: error: "
WARNING = "multilat: warning: "

BAD_TOML = """\
[[trend]]
id = "cites-too-far"
name = "Cites a paragraph that is not there"

[[trend.citations]]
source = "good-source"
section = "intro"
paragraph = 7
quote = "Second paragraph"

[[trend]]
id = "zero-paragraph"
name = "Paragraph zero"

[[trend.citations]]
source = "good-source"
section = "intro"
paragraph = 0
quote = "Second paragraph"
"""
BAD_TOML_LINES = [
    "bad.toml:1: cites-too-far: citations[0].paragraph: intro has 2 paragraphs, not 7",
    "bad.toml:18: zero-paragraph: citations[0].paragraph:"
    " must be a whole number of at least 1, not 0",
]

GOOD_TOML = """\
[[trend]]
id = "file-trend"
name = "A trend from a file"

[[trend.citations]]
source = "good-source"
section = "intro"
paragraph = 2
quote = "Second paragraph"
"""


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    yield from Site.fixture(tmp_path, monkeypatch)


@pytest.fixture
def use(site: Site, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], PluginHost]:
    """Install every fake plugin; ``use("a,b")`` makes the command see a and b."""
    install_plugins(site.path)

    def use(load: str) -> PluginHost:
        host = make_host(load)
        monkeypatch.setattr(multilat.plugins, "_default_host", host)
        return host

    return use


# -- bad usage ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "a command is needed (see 'multilat --help')"),
        (["--nosuch"], "unrecognized arguments: --nosuch (see 'multilat --help')"),
        (["plugins", "--bogus"], "unrecognized arguments: --bogus (see 'multilat --help')"),
        (
            ["list", "trends", "--nosuch"],
            "unrecognized arguments: --nosuch (see 'multilat --help')",
        ),
        (
            ["report"],
            "the following arguments are required: --format (see 'multilat report --help')",
        ),
        (["list"], "the following arguments are required: KIND (see 'multilat list --help')"),
        (["show"], "the following arguments are required: ID (see 'multilat show --help')"),
        (["frobnicate"], None),
        (["list", "trends", "--lang", "fr"], None),
        (["report", "--format"], None),
    ],
)
def test_bad_arguments_are_one_line_and_exit_2(
    run: Callable[..., Result], argv: list[str], message: str | None
) -> None:
    result = run(*argv)

    assert result.code == 2
    assert result.out == ""
    (line,) = result.err_lines
    assert line.startswith(ERROR)
    if message is not None:
        assert line == ERROR + message
    else:
        assert line.endswith("--help')")


def test_help_and_version(run: Callable[..., Result]) -> None:
    helped = run("--help")
    assert helped.code == 0
    assert helped.out.startswith("usage: multilat ")
    for command in ("plugins", "list", "show", "check", "report"):
        assert command in helped.out

    version = run("--version")
    assert version == Result(0, f"multilat {importlib.metadata.version('multilat')}\n", "")


def _helps(parser: argparse.ArgumentParser) -> list[str]:
    """The help of ``parser`` and of each of its commands."""
    return [p.format_help() for p in [parser, *_subparsers(parser)]]


@given(st.none() | st.integers(-3, 250).map(str) | st.text(" +-0123456789x", max_size=4))
def test_help_is_laid_out_as_argparse_lays_it_out(columns: str | None) -> None:
    # multilat's formatter finds the terminal's width without shutil.
    from multilat.cli import _parser

    environ = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    if columns is not None:
        environ["COLUMNS"] = columns
    with mock.patch.dict(os.environ, environ, clear=True):
        ours = _parser()
        theirs = _parser()
        for parser in [theirs, *_subparsers(theirs)]:
            parser.formatter_class = argparse.HelpFormatter
        assert _helps(ours) == _helps(theirs)


def _subparsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return list(action.choices.values())
    return []


# -- plugins ------------------------------------------------------------------------


def test_plugins_lists_what_loaded_and_what_failed(
    use: Callable[[str], PluginHost], run: Callable[..., Result]
) -> None:
    use("fake-good,fake-csv-one,fake-import-error,fake-hook-raises")

    result = run("plugins")

    assert result.code == 0
    assert result.err == ""
    import_error = broken_message("fake-import-error", Path()).removeprefix("plugin ")
    hook_raises = broken_message("fake-hook-raises", Path()).removeprefix("plugin ")
    lines = result.out.splitlines()
    # Each plugin's load time is measured, so it varies: its presence is checked.
    times = [line for line in lines if line.startswith("  load time: ")]
    assert len(times) == 4
    assert all(line.endswith(" s") for line in times)
    assert [line for line in lines if line not in times] == [
        "multilat (built-in)",
        "  hooks: multilat_formats",
        "  contributes: formats: json, text",
        "fake-csv-one 1.0",
        "  hooks: multilat_formats",
        "  contributes: formats: csv",
        "fake-good 1.0",
        "  hooks: multilat_knowledge",
        "  contributes: 1 source; 1 trend",
        "fake-hook-raises 1.0",
        "  hooks: multilat_knowledge",
        "  contributes: nothing",
        "failed:",
        f"  {import_error}",
        f"  {hook_raises}",
    ]


def test_plugins_json(use: Callable[[str], PluginHost], run: Callable[..., Result]) -> None:
    use("fake-good,fake-import-error,fake-hook-raises,fake-nosuch")

    result = run("plugins", "--json")

    assert (result.code, result.err) == (0, "")
    data = json.loads(result.out)
    assert data["failed"] == [
        {
            "name": "fake-import-error",
            "version": "1.0",
            "module": "fake_import_error",
            "error": "failed to load: ImportError: "
            "fake_import_error needs spam, which is not installed",
        },
        {
            "name": "fake-hook-raises",
            "version": "1.0",
            "module": "fake_hook_raises",
            "error": "multilat_knowledge raised RuntimeError: boom in the hook",
        },
        {
            "name": None,
            "version": None,
            "module": None,
            "error": "MULTILAT_LOAD_PLUGINS names 'fake-nosuch', which is not installed",
        },
    ]
    by_name = {p["name"]: p for p in data["plugins"]}
    assert sorted(by_name) == ["fake-good", "fake-hook-raises", "multilat"]
    assert all(p.pop("load_seconds") >= 0 for p in by_name.values())
    assert all(p.pop("replaces") == [] for p in by_name.values())
    assert by_name["fake-good"] == {
        "name": "fake-good",
        "version": "1.0",
        "module": "fake_good",
        "builtin": False,
        "hooks": ["multilat_knowledge"],
        "contributes": {"sources": 1, "trends": 1},
    }
    assert by_name["multilat"]["builtin"] is True


# -- list ---------------------------------------------------------------------------


def test_list_takes_a_kind_in_the_singular_or_the_plural(
    use: Callable[[str], PluginHost], run: Callable[..., Result]
) -> None:
    use("fake-good,fake-csv-one")

    plural, singular = run("list", "trends"), run("list", "Trend")

    assert plural == singular == Result(0, "good-trend  Good trend\n", "")
    assert run("list", "trend", "--lang", "nl") == Result(0, "good-trend  Goede trend\n", "")
    assert run("list", "source") == Result(0, "good-source  A good source\n", "")
    assert run("list", "regimes") == Result(0, "", "")
    formats = run("list", "format")
    assert formats.code == 0
    # Aligned columns: name, media type, suffix, the documents it renders, description.
    assert formats.out.splitlines() == [
        "csv   text/csv          .csv   knowledge                      Trend ids (one)",
        "json  application/json  .json  knowledge,assessment,ensemble  The whole knowledge base"
        " as JSON (multilat-knowledge/1), or an assessment (multilat-assessment/1), for other"
        " tools.",
        "text  text/plain        .txt   assessment,ensemble            An assessment as the"
        " terminal shows it (English or Dutch).",
    ]


def test_list_an_unknown_kind(use: Callable[[str], PluginHost], run: Callable[..., Result]) -> None:
    use("fake-good")

    result = run("list", "trnds")

    assert (result.code, result.out) == (2, "")
    assert result.err_lines == [
        ERROR + "unknown kind 'trnds' (did you mean trends?); known: sources, actors,"
        " institutions, regimes, trends, influences, recommendations, scenarios, expectations,"
        " resolutions, formats"
    ]


# -- show ---------------------------------------------------------------------------


def test_show_an_object_with_its_citations(
    use: Callable[[str], PluginHost], run: Callable[..., Result]
) -> None:
    use("fake-good")

    result = run("show", "good-trend", "--lang", "nl")

    assert (result.code, result.err) == (0, "")
    lines = result.out.splitlines()
    # Every label in Dutch too: before, the header and field names stayed English.
    assert lines[0] == "trend good-trend (van fake-good)"
    assert "  naam: Goede trend" in lines
    assert any("good-source" in line and "“First words of it”" in line for line in lines)


def test_show_an_unknown_id(use: Callable[[str], PluginHost], run: Callable[..., Result]) -> None:
    use("fake-good")

    result = run("show", "good-trnd")

    assert (result.code, result.out) == (2, "")
    assert result.err_lines == [
        ERROR + "no object with id, name or acronym 'good-trnd' (did you mean good-trend?)"
    ]


# -- check --------------------------------------------------------------------------


def test_check_clean_content(
    use: Callable[[str], PluginHost],
    run: Callable[..., Result],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    use("fake-good")
    monkeypatch.chdir(tmp_path)
    Path("good.toml").write_text(GOOD_TOML, encoding="utf-8")

    assert run("check") == Result(0, "", "multilat check: 2 objects, no problems\n")
    assert run("check", "good.toml") == Result(0, "", "multilat check: 3 objects, no problems\n")


def test_check_a_file_with_problems(
    use: Callable[[str], PluginHost],
    run: Callable[..., Result],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    use("fake-good")
    monkeypatch.chdir(tmp_path)
    Path("bad.toml").write_text(BAD_TOML, encoding="utf-8")

    result = run("check", "bad.toml")

    assert result.code == 1
    assert result.out.splitlines() == BAD_TOML_LINES
    assert result.err_lines == ["multilat check: 2 objects, 2 problems"]


def test_check_reports_a_broken_plugin_as_a_finding(
    use: Callable[[str], PluginHost], run: Callable[..., Result]
) -> None:
    use("fake-good,fake-hook-raises")

    result = run("check")

    assert result.code == 1
    assert result.out.splitlines() == [broken_message("fake-hook-raises", Path())]


def test_check_a_missing_file(
    use: Callable[[str], PluginHost],
    run: Callable[..., Result],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    use("fake-good")
    monkeypatch.chdir(tmp_path)

    result = run("check", "nosuch.toml")

    assert (result.code, result.out) == (2, "")
    assert result.err_lines == [ERROR + "nosuch.toml: cannot read: No such file or directory"]


# -- report -------------------------------------------------------------------------


def test_report_json_to_stdout_and_to_a_file(
    use: Callable[[str], PluginHost], run: Callable[..., Result], tmp_path: Path
) -> None:
    use("fake-good")

    to_stdout = run("report", "--format", "json")
    target = tmp_path / "kb.json"
    to_file = run("report", "--format", "json", "-o", str(target))

    assert (to_stdout.code, to_stdout.err) == (0, "")
    data = json.loads(to_stdout.out)
    assert data["format"] == "multilat-knowledge/1"
    assert sorted(data["plugins"]) == ["fake-good"]
    assert [t["id"] for t in data["plugins"]["fake-good"]["trends"]] == ["good-trend"]
    assert to_file == Result(0, "", "")
    assert target.read_text(encoding="utf-8") == to_stdout.out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kb.json", "site"]


def test_report_in_a_plugin_format(
    use: Callable[[str], PluginHost], run: Callable[..., Result]
) -> None:
    use("fake-good,fake-csv-one")

    assert run("report", "--format", "csv") == Result(0, "one,good-trend\n", "")


def test_report_an_unknown_format(
    use: Callable[[str], PluginHost], run: Callable[..., Result]
) -> None:
    use("fake-good,fake-csv-one")

    result = run("report", "--format", "jsn")

    assert (result.code, result.out) == (2, "")
    assert result.err_lines == [
        ERROR + "unknown format 'jsn' (did you mean json?);"
        " formats that render a knowledge base: csv, json"
    ]


@pytest.mark.parametrize(
    ("where", "reason"),
    [
        ("missing-dir/kb.json", "No such file or directory"),
        ("a-dir", "Is a directory"),
        (".", "Is a directory"),
    ],
)
def test_report_to_an_unwritable_path(
    use: Callable[[str], PluginHost],
    run: Callable[..., Result],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    where: str,
    reason: str,
) -> None:
    use("fake-good")
    work = tmp_path / "work"
    (work / "a-dir").mkdir(parents=True)
    monkeypatch.chdir(work)

    result = run("report", "--format", "json", "-o", where)

    assert (result.code, result.out) == (2, "")
    assert result.err_lines == [ERROR + f"{where}: cannot write: {reason}"]
    # No half-written file is left behind.
    assert sorted(p.name for p in work.iterdir()) == ["a-dir"]
    assert list((work / "a-dir").iterdir()) == []


# -- broken plugins, with and without --strict ---------------------------------------


def test_a_broken_plugin_is_one_warning_line(
    use: Callable[[str], PluginHost], run: Callable[..., Result]
) -> None:
    use("fake-good,fake-import-error")
    warning = WARNING + broken_message("fake-import-error", Path())

    listed = run("list", "trends")
    # report loads formats and content: the failure is still told once.
    reported = run("report", "--format", "json")

    assert (listed.code, listed.out) == (0, "good-trend  Good trend\n")
    assert listed.err_lines == [warning]
    assert reported.code == 0
    assert json.loads(reported.out)["plugins"].keys() == {"fake-good"}
    assert reported.err_lines == [warning]


def test_strict_makes_broken_plugins_an_error_one_line_each(
    use: Callable[[str], PluginHost], run: Callable[..., Result]
) -> None:
    use("fake-good,fake-import-error,fake-hook-raises,fake-returns-int")

    for argv in (["list", "trends"], ["show", "good-trend"], ["report", "--format", "json"]):
        result = run("--strict", *argv)

        assert (result.code, result.out) == (2, "")
        # report loads formats and content: every problem of both, each once.
        assert result.err_lines == [
            ERROR + broken_message(name, Path())
            for name in ("fake-hook-raises", "fake-import-error", "fake-returns-int")
        ]


def test_strict_without_problems_succeeds(
    use: Callable[[str], PluginHost], run: Callable[..., Result]
) -> None:
    use("fake-good")

    assert run("--strict", "list", "trends") == Result(0, "good-trend  Good trend\n", "")


def test_strict_content_problems_exit_2(
    use: Callable[[str], PluginHost], run: Callable[..., Result]
) -> None:
    use("fake-good,fake-dup-alpha,fake-dup-zeta")
    lines = [
        "plugin fake-dup-alpha: shared-trend: id: duplicate id, also defined by fake-dup-zeta,"
        " and neither plugin depends on the other: neither is kept",
        "plugin fake-dup-zeta: shared-trend: id: duplicate id, also defined by fake-dup-alpha,"
        " and neither plugin depends on the other: neither is kept",
    ]

    assert run("--strict", "list", "trends") == Result(
        2, "", "".join(f"{ERROR}{line}\n" for line in lines)
    )
    relaxed = run("list", "trends")
    assert relaxed.code == 0
    assert relaxed.out.splitlines() == ["good-trend  Good trend"]
    assert relaxed.err_lines == [WARNING + line for line in lines]


# -- the real command, in a subprocess ----------------------------------------------


def _command(
    site: Path, load: str, *argv: str, cwd: Path, script: bool = False
) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MULTILAT_")}
    env["PYTHONPATH"] = str(site)
    env["MULTILAT_LOAD_PLUGINS"] = load
    if script:
        command = [str(Path(sys.executable).with_name("multilat"))]
    else:
        command = [sys.executable, "-m", "multilat.cli"]
    done = subprocess.run([*command, *argv], capture_output=True, env=env, cwd=cwd, check=False)
    for stream in (done.stdout, done.stderr):
        assert b"Traceback" not in stream
    return done


def _lines(stream: bytes) -> list[str]:
    return stream.decode("utf-8").splitlines()


@pytest.fixture
def installed(tmp_path: Path) -> Path:
    """A site directory with every fake plugin, for subprocesses only."""
    site = tmp_path / "installed"
    install_plugins(site)
    return site


def test_command_plugins_json(installed: Path, tmp_path: Path) -> None:
    done = _command(installed, "fake-good,fake-import-error", "plugins", "--json", cwd=tmp_path)

    assert (done.returncode, done.stderr) == (0, b"")
    data: dict[str, Any] = json.loads(done.stdout)
    mine = [f for f in data["failed"] if f["name"] != "multilat"]
    assert mine == [
        {
            "name": "fake-import-error",
            "version": "1.0",
            "module": "fake_import_error",
            "error": broken_message("fake-import-error", installed).removeprefix(
                "plugin fake-import-error: "
            ),
        }
    ]
    good = [p for p in data["plugins"] if p["name"] == "fake-good"]
    assert good[0].pop("load_seconds") >= 0
    assert good[0].pop("replaces") == []
    assert good == [
        {
            "name": "fake-good",
            "version": "1.0",
            "module": "fake_good",
            "builtin": False,
            "hooks": ["multilat_knowledge"],
            "contributes": {"sources": 1, "trends": 1},
        }
    ]


def test_command_strict_and_not(installed: Path, tmp_path: Path) -> None:
    load = "fake-csv-one,fake-import-error"
    line = broken_message("fake-import-error", installed)

    strict = _command(installed, load, "--strict", "list", "formats", cwd=tmp_path)
    relaxed = _command(installed, load, "list", "formats", cwd=tmp_path)

    assert (strict.returncode, strict.stdout, _lines(strict.stderr)) == (2, b"", [ERROR + line])
    assert relaxed.returncode == 0
    assert _lines(relaxed.stderr) == [WARNING + line]
    assert {row.split()[0] for row in _lines(relaxed.stdout)} == {"csv", "json", "text"}


def test_command_report_json_is_byte_identical(installed: Path, tmp_path: Path) -> None:
    load = "fake-good,fake-csv-one,fake-dup-zeta,fake-dup-alpha"

    first = _command(installed, load, "report", "--format", "json", cwd=tmp_path)
    second = _command(installed, load, "report", "--format", "json", cwd=tmp_path)
    to_file = _command(
        installed, load, "report", "--format", "json", "-o", "kb.json", cwd=tmp_path, script=True
    )

    assert first.returncode == second.returncode == to_file.returncode == 0
    assert first.stdout == second.stdout
    assert (tmp_path / "kb.json").read_bytes() == first.stdout
    assert to_file.stdout == b""
    data = json.loads(first.stdout)
    assert [t["id"] for t in data["plugins"]["fake-good"]["trends"]] == ["good-trend"]
    # Two unrelated plugins define shared-trend: neither keeps it.
    assert data["plugins"]["fake-dup-alpha"]["trends"] == []
    assert data["plugins"]["fake-dup-zeta"]["trends"] == []


def test_command_show_and_check(installed: Path, tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text(BAD_TOML, encoding="utf-8")

    shown = _command(installed, "fake-good", "show", "good-trend", cwd=tmp_path, script=True)
    unknown = _command(installed, "fake-good", "show", "good-trnd", cwd=tmp_path)
    checked = _command(installed, "fake-good", "check", "bad.toml", cwd=tmp_path)
    missing = _command(installed, "fake-good", "check", "nosuch.toml", cwd=tmp_path)

    assert shown.returncode == 0
    assert _lines(shown.stdout)[0] == "trend good-trend (from fake-good)"
    assert unknown.returncode == 2
    # Core's built-in content may add warnings; the error is the last line.
    assert _lines(unknown.stderr)[-1] == (
        ERROR + "no object with id, name or acronym 'good-trnd' (did you mean good-trend?)"
    )
    assert all(line.startswith("multilat: ") for line in _lines(unknown.stderr))
    assert checked.returncode == 1
    assert set(BAD_TOML_LINES) <= set(_lines(checked.stdout))
    assert (missing.returncode, missing.stdout) == (2, b"")
    assert _lines(missing.stderr) == [ERROR + "nosuch.toml: cannot read: No such file or directory"]


def test_command_bad_arguments(installed: Path, tmp_path: Path) -> None:
    done = _command(installed, "", "frobnicate", cwd=tmp_path, script=True)

    assert (done.returncode, done.stdout) == (2, b"")
    (line,) = _lines(done.stderr)
    assert line.startswith(ERROR + "argument COMMAND: invalid choice: 'frobnicate'")


def test_check_files_take_the_place_of_installed_objects(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A built-in trend, edited in a file: checked as the new version, not a duplicate.
    from multilat.data import converter
    from multilat.plugins import PluginHost

    kb = multilat.load(host=PluginHost(entry_points=False))
    covid = converter.unstructure(kb["covid-19"])
    citation = covid["citations"][0]
    path = tmp_path / "covid.toml"
    path.write_text(
        "[[trend]]\n"
        'id = "covid-19"\n'
        'name = "Covid-19, edited"\n\n'
        "[[trend.citations]]\n"
        f'source = "{citation["source"]}"\n'
        f'section = "{citation["section"]}"\n'
        f"paragraph = {citation['paragraph']}\n"
        f'quote = "{citation["quote"]}"\n',
        encoding="utf-8",
    )
    assert main(["check", str(path)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "no problems" in captured.err


def test_check_note_verifies_every_quote(run: Callable[..., Result], tmp_path: Path) -> None:
    from multilat.testing import note_text

    note_text()  # skips, saying why, without MULTILAT_NOTE_TEXT
    note = os.environ["MULTILAT_NOTE_TEXT"]
    assert run("check", "--note", note).code == 0
    misquote = tmp_path / "misquote.toml"
    misquote.write_text(
        "[[trend]]\n"
        'id = "misquoted"\n'
        'name = "Misquoted"\n\n'
        "[[trend.citations]]\n"
        'source = "clingendael-2020"\n'
        'section = "osce"\n'
        "paragraph = 1\n"
        'quote = "Net als de NAVO was de OVSE"\n',
        encoding="utf-8",
    )
    result = run("check", str(misquote), "--note", note)
    assert result.code == 1
    assert result.out == (
        f"{misquote}:9: misquoted: citations[0].quote:"
        " quote is in the note but not in osce¶1 (it is in osce¶2)\n"
    )


def test_check_note_bad_input_is_one_line(run: Callable[..., Result], tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    result = run("check", "--note", str(missing))
    assert result.code == 2
    assert result.err_lines == [
        f"multilat: error: {missing}: cannot read: No such file or directory"
    ]
    note = tmp_path / "note.txt"
    note.write_text("Het bestel.\n", encoding="utf-8")
    result = run("check", "--note", str(note), "--source", "clingendael-2002")
    assert result.code == 2
    assert result.err_lines == [
        "multilat: error: no source with id 'clingendael-2002' (did you mean clingendael-2020?)"
    ]


class _FailingFormat:
    """A format plugin whose renderer breaks."""

    @multilat.hookimpl
    def multilat_formats(self) -> list[Any]:
        from multilat.formats import Format, Report

        def render(report: Report) -> str:
            raise ValueError("no template\nfound")

        return [Format(name="broken", media_type="text/plain", suffix=".txt", render=render)]


def test_a_format_that_fails_is_one_line_and_exit_2(
    run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    host = PluginHost(entry_points=False)
    host.register(_FailingFormat(), "failing-format")
    monkeypatch.setattr(multilat.plugins, "_default_host", host)
    result = run("report", "--format", "broken")
    assert result.code == 2
    assert result.err_lines == [
        "multilat: error: format 'broken' failed: ValueError: no template found"
    ]


def test_a_format_that_fails_writes_no_file(
    run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    host = PluginHost(entry_points=False)
    host.register(_FailingFormat(), "failing-format")
    monkeypatch.setattr(multilat.plugins, "_default_host", host)
    kept = tmp_path / "kept.txt"
    kept.write_text("an earlier report\n")

    for target in (tmp_path / "new.txt", kept):
        result = run("report", "--format", "broken", "-o", str(target))
        assert (result.code, result.out) == (2, "")
        assert result.err_lines == [
            "multilat: error: format 'broken' failed: ValueError: no template found"
        ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.txt"]
    assert kept.read_text() == "an earlier report\n"


def test_show_finds_ids_names_and_acronyms_in_any_case(
    use: Callable[[str], PluginHost], run: Callable[..., Result]
) -> None:
    # Before: "show GOOD-TREND" and "show 'good trend'" suggested nothing.
    use("fake-good")
    for name in ("GOOD-TREND", "Good trend", "goede TREND"):
        assert run("show", name).out.splitlines()[0] == "trend good-trend (from fake-good)", name
    missed = run("show", "goed trend")
    assert missed.err == ERROR + (
        "no object with id, name or acronym 'goed trend' (did you mean good-trend?)\n"
    )


def test_strict_is_accepted_after_the_command_too(
    use: Callable[[str], PluginHost], run: Callable[..., Result]
) -> None:
    # Before: "check --strict" was "unrecognized arguments".
    use("fake-good")
    before, after = run("--strict", "list", "trends"), run("list", "trends", "--strict")
    assert before == after
    assert after.code == 0


def test_check_note_with_the_wrong_file_is_one_line(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    # Before: one problem per quote (460 of them).
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("A shopping list.\n\nBread, milk.\n", encoding="utf-8")
    result = run("check", "--note", str(wrong))
    assert result.code == 2
    assert result.err.splitlines() == [
        f"multilat: error: {wrong}: does not look like the text of clingendael-2020: none of"
        " the opening words of its paragraphs is in it"
    ]
