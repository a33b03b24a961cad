"""Hostile files: what ``-o`` writes, what ``check`` reads, and what it says.

Each test here reproduces a finding of the hostile-file probe (issue 8) that
multilat got wrong: a planted link, a lost file mode, a FIFO, resource bombs,
a quadratic locator, problems hidden behind other problems.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
import tomllib
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

import pytest

import multilat.files
import multilat.plugins
from multilat.files import write_output
from multilat.formats import Format
from multilat.hookspecs import hookimpl
from multilat.plugins import PluginHost
from tests.clirun import Result

if TYPE_CHECKING:
    from _typeshed import TraceFunction

ERROR = "multilat: error: "


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

    monkeypatch.setattr("tomllib.loads", exhausted)

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
    note = tmp_path / "empty-note.txt"
    note.write_text("## Inleiding\n\nNiets van de notitie.\n")

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
        " [[regime]], [[trend]], [[influence]], [[recommendation]], [[scenario]]\n"
    )
