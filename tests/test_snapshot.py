"""The knowledge-base snapshot: it may save a start-up, never change an answer."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import multilat
import multilat._snapshot
import multilat.plugins
from multilat._cache import NO_CACHE_VARIABLE, cache_dir
from multilat.errors import MultilatWarning
from multilat.knowledge import KnowledgeBase
from multilat.plugins import LOAD_PLUGINS_VARIABLE, current_snapshot, get_host
from tests.clirun import Result
from tests.distributions import PLUGINS, Site

TREND = """
    [[trend]]
    id = "{id}"
    name = {{ en = "{name}", nl = "{name}" }}

    [[trend.citations]]
    source = "clingendael-2020"
    section = "introduction"
    paragraph = 1
    quote = "De harde America first benadering"
"""

DATA_ONLY = '"""A data-only plugin: no hook, a data folder."""\n'


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    yield from Site.fixture(tmp_path, monkeypatch)


@pytest.fixture
def data_plugin(site: Site, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data-only plugin ``fake-data`` with one trend, the only one selected; its data folder."""
    site.install(
        "fake-data",
        {
            "fake_data/__init__.py": DATA_ONLY,
            "fake_data/data/trends.toml": TREND.format(id="fake-trend", name="Fake trend"),
        },
    )
    monkeypatch.setenv(LOAD_PLUGINS_VARIABLE, "fake-data")
    return site.path / "fake_data" / "data"


def fresh_load(site: Site | None = None) -> KnowledgeBase:
    """``multilat.load()`` as a new process makes it: no host, no plugin imported yet."""
    if site is not None:
        site.forget()
    multilat.plugins._default_host = None
    return multilat.load()


def snapshots() -> list[Path]:
    folder = cache_dir()
    assert folder is not None
    return sorted(folder.glob("*" + multilat._snapshot.SUFFIX))


def read_from_snapshot(site: Site | None = None) -> KnowledgeBase:
    """A fresh load that must come from the snapshot: no host made, no plugin imported."""
    kb = fresh_load(site)
    assert multilat.plugins._default_host is None, "the knowledge base was loaded in full"
    if site is not None:
        assert site.imported() == []
    return kb


def loaded_in_full(site: Site | None = None) -> KnowledgeBase:
    kb = fresh_load(site)
    assert multilat.plugins._default_host is not None, "the knowledge base came from a snapshot"
    return kb


def rewrite_keeping_size_and_time(path: Path, old: str, new: str) -> None:
    assert len(old.encode()) == len(new.encode())
    info = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert path.stat().st_size == info.st_size


# -- what a snapshot gives ------------------------------------------------------


def test_a_clean_load_is_kept_and_read_back_equal_without_importing_the_plugin(
    site: Site, data_plugin: Path
) -> None:
    full = loaded_in_full(site)
    assert site.imported() == ["fake_data"]
    assert len(snapshots()) == 1

    again = read_from_snapshot(site)

    assert again == full
    assert again is not full
    assert again.origin("fake-trend") == "fake-data"
    assert again["fake-trend"].name.en == "Fake trend"
    assert list(again) == list(full)
    assert again.replacements == full.replacements


def test_current_snapshot_is_none_once_the_process_wide_host_exists(data_plugin: Path) -> None:
    fresh_load()
    assert current_snapshot() is None  # the host that loaded is there
    multilat.plugins._default_host = None
    snapshot = current_snapshot()
    assert snapshot is not None
    assert snapshot.knowledge == multilat.load(host=get_host())
    assert snapshot.builtin_format("json") is not None
    assert snapshot.builtin_format("markdown") is None  # not core's: the full load decides


@pytest.mark.parametrize(
    "argv",
    [
        ("list", "trends"),
        ("list", "trends", "--lang", "nl"),
        ("show", "fake-trend"),
        ("show", "us-unilateralism", "--lang", "nl"),
        ("report", "--format", "json"),
        ("report", "--format", "json", "--lang", "nl"),
        ("hindsight", "--json"),
        ("hindsight", "--lang", "nl"),
        ("scenarios",),
        ("list", "scenarios"),
    ],
)
def test_commands_say_the_same_bytes_from_a_snapshot(
    argv: tuple[str, ...], data_plugin: Path, run: Callable[..., Result]
) -> None:
    full = run(*argv)
    assert multilat.plugins._default_host is not None
    multilat.plugins._default_host = None

    from_snapshot = run(*argv)

    assert multilat.plugins._default_host is None  # nothing was loaded in full
    assert full.code == from_snapshot.code == 0
    assert from_snapshot.out == full.out
    assert from_snapshot.err == full.err == ""


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        (("report", "--format", "text"), "format 'text' cannot render a knowledge base"),
        (("report", "--format", "jsno"), "unknown format 'jsno' (did you mean json?)"),
        (("show", "no-such-id"), "no object with id, name or acronym 'no-such-id'"),
    ],
)
def test_errors_are_the_same_with_a_snapshot(
    argv: tuple[str, ...], error: str, data_plugin: Path, run: Callable[..., Result]
) -> None:
    fresh_load()
    multilat.plugins._default_host = None

    result = run(*argv)

    assert result.code == 2
    assert error in result.err
    multilat.plugins._default_host = None
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(NO_CACHE_VARIABLE, "1")
        assert run(*argv) == result


def test_a_format_that_is_not_cores_is_found_by_the_full_load(
    site: Site, data_plugin: Path, monkeypatch: pytest.MonkeyPatch, run: Callable[..., Result]
) -> None:
    site.install("fake-csv-one", PLUGINS["fake-csv-one"])
    monkeypatch.setenv(LOAD_PLUGINS_VARIABLE, "fake-data,fake-csv-one")
    fresh_load(site)
    multilat.plugins._default_host = None

    result = run("report", "--format", "csv")

    assert result.code == 0
    assert result.out.startswith("one,")
    assert "fake-trend" in result.out.split(",")


def test_the_snapshot_knows_the_entry_point_group_without_importing_pluggy() -> None:
    assert multilat._snapshot.GROUP == multilat.plugins.ENTRY_POINT_GROUP


def test_load_in_full_never_reads_the_snapshot(data_plugin: Path) -> None:
    kept = fresh_load()
    multilat.plugins._default_host = None
    assert multilat.plugins.load_in_full() == kept
    assert multilat.plugins._default_host is not None


def test_a_file_checked_is_never_part_of_the_snapshot(
    data_plugin: Path, tmp_path: Path, run: Callable[..., Result]
) -> None:
    checked = tmp_path / "extra.toml"
    checked.write_text(textwrap.dedent(TREND.format(id="checked-trend", name="Checked")))

    fresh_load()  # a snapshot is there while the file is checked
    multilat.plugins._default_host = None
    assert run("check", str(checked)).code == 0
    multilat.plugins._default_host = None
    listed = run("list", "trends")

    assert multilat.plugins._default_host is None  # from the snapshot
    assert "fake-trend" in listed.out
    assert "checked-trend" not in listed.out
    assert len(snapshots()) == 1


# -- a changed input is always seen ---------------------------------------------


def test_a_data_file_changed_with_the_same_size_and_time_is_read_afresh(
    site: Site, data_plugin: Path
) -> None:
    loaded_in_full(site)
    rewrite_keeping_size_and_time(data_plugin / "trends.toml", "Fake trend", "Real trend")

    kb = loaded_in_full(site)

    assert kb["fake-trend"].name.en == "Real trend"
    assert read_from_snapshot(site)["fake-trend"].name.en == "Real trend"


def test_a_data_file_added_or_removed_is_seen(site: Site, data_plugin: Path) -> None:
    loaded_in_full(site)
    (data_plugin / "more.toml").write_text(
        textwrap.dedent(TREND.format(id="more-trend", name="More")), encoding="utf-8"
    )
    assert "more-trend" in loaded_in_full(site)

    (data_plugin / "more.toml").unlink()
    assert "more-trend" not in loaded_in_full(site)
    assert "more-trend" not in read_from_snapshot(site)


def test_a_change_to_a_plugins_code_is_seen(site: Site, data_plugin: Path) -> None:
    loaded_in_full(site)
    init = data_plugin.parent / "__init__.py"
    init.write_text(
        DATA_ONLY
        + textwrap.dedent(
            """
            import multilat
            from multilat.model import Citation, Text, Trend


            @multilat.hookimpl
            def multilat_knowledge():
                return [Trend(
                    id="coded-trend",
                    name=Text(en="From code"),
                    citations=[Citation(source="clingendael-2020", section="introduction",
                                        paragraph=1, quote="De harde")],
                )]
            """
        ),
        encoding="utf-8",
    )

    kb = loaded_in_full(site)

    assert "coded-trend" in kb
    assert "fake-trend" not in kb  # a plugin with a hook of its own is no data-only plugin


def test_content_made_by_a_plugins_code_is_never_kept(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Its hook may read anything (here the environment): it runs every time.
    site.install(
        "fake-coded",
        {
            "fake_coded.py": """
                import os
                import multilat
                from multilat.model import Citation, Text, Trend


                @multilat.hookimpl
                def multilat_knowledge():
                    return [Trend(
                        id="coded-trend",
                        name=Text(en=os.environ["FAKE_TREND_NAME"]),
                        citations=[Citation(source="clingendael-2020", section="introduction",
                                            paragraph=1, quote="De harde")],
                    )]
            """
        },
    )
    monkeypatch.setenv(LOAD_PLUGINS_VARIABLE, "fake-coded")
    names = []
    for name in ("First", "Second"):
        monkeypatch.setenv("FAKE_TREND_NAME", name)
        names.append(loaded_in_full(site)["coded-trend"].name.en)

    assert names == ["First", "Second"]
    assert snapshots() == []


def test_a_new_version_of_a_plugin_is_seen(site: Site, data_plugin: Path) -> None:
    loaded_in_full(site)
    for dist_info in site.path.glob("fake_data-*.dist-info"):
        for file in dist_info.iterdir():
            file.unlink()
        dist_info.rmdir()
    site.install(
        "fake-data",
        {"fake_data/data/trends.toml": TREND.format(id="fake-trend", name="Fake trend")},
        version="2.0",
    )
    kb = loaded_in_full(site)
    assert kb == read_from_snapshot(site)


def test_an_entry_point_added_in_place_is_seen(site: Site, data_plugin: Path) -> None:
    (site.path / "fake_more" / "data").mkdir(parents=True)
    (site.path / "fake_more" / "__init__.py").write_text(DATA_ONLY, encoding="utf-8")
    (site.path / "fake_more" / "data" / "trends.toml").write_text(
        textwrap.dedent(TREND.format(id="more-trend", name="More")), encoding="utf-8"
    )
    loaded_in_full(site)
    folders = multilat._snapshot.path_folders()
    (dist_info,) = site.path.glob("fake_data-*.dist-info")
    with (dist_info / "entry_points.txt").open("a", encoding="utf-8") as file:
        file.write("more = fake_more\n")
    assert multilat._snapshot.path_folders() == folders  # only the file tells

    kb = loaded_in_full(site)

    assert kb.origin("more-trend") == "fake-data:more"
    assert read_from_snapshot(site) == kb


def test_the_plugins_selected_are_part_of_the_snapshot(
    site: Site, data_plugin: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_plugin = loaded_in_full(site)
    monkeypatch.setenv(LOAD_PLUGINS_VARIABLE, "")
    without = loaded_in_full(site)
    assert "fake-trend" in with_plugin
    assert "fake-trend" not in without

    assert read_from_snapshot(site) == without
    monkeypatch.setenv(LOAD_PLUGINS_VARIABLE, "fake-data")
    assert read_from_snapshot(site) == with_plugin


def test_a_load_with_problems_is_never_kept_and_warns_every_time(
    site: Site, data_plugin: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.install("fake-hook-raises", PLUGINS["fake-hook-raises"])
    monkeypatch.setenv(LOAD_PLUGINS_VARIABLE, "fake-data,fake-hook-raises")
    for _ in range(2):
        with pytest.warns(MultilatWarning, match="boom in the hook"):
            kb = fresh_load(site)
        assert "fake-trend" in kb
    assert snapshots() == []


def test_a_plugin_registered_by_code_is_never_hidden_nor_kept(data_plugin: Path) -> None:
    kept = fresh_load()

    class Extra:
        __name__ = "extra"

        @multilat.hookimpl
        def multilat_knowledge(self) -> list[object]:
            return []

    multilat.plugins._default_host = None
    get_host().register(Extra(), "extra")
    multilat.load()
    assert "extra" in {info.name for info in get_host().plugins()}

    assert read_from_snapshot() == kept


def test_the_cache_turned_off_writes_no_snapshot(
    data_plugin: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(NO_CACHE_VARIABLE, "1")
    fresh_load()
    fresh_load()
    assert multilat.plugins._default_host is not None
    monkeypatch.delenv(NO_CACHE_VARIABLE)
    assert snapshots() == []


def test_a_snapshot_larger_than_the_data_size_limit_is_not_written(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Three files of 150 trends, each within a limit of 100 KiB; together
    # they make a snapshot of several pickle frames (64 KiB each) past it.
    files = {"fake_many/__init__.py": DATA_ONLY}
    for part in range(3):
        trends = (TREND.format(id=f"trend-{part}-{n}", name=f"Trend {n}") for n in range(150))
        files[f"fake_many/data/part{part}.toml"] = "\n".join(trends)
    site.install("fake-many", files)
    monkeypatch.setenv(LOAD_PLUGINS_VARIABLE, "fake-many")
    written: list[int] = []
    limits: set[int] = set()
    real = multilat._snapshot._Bounded.write

    def counting(self: multilat._snapshot._Bounded, data: bytes) -> int:
        written.append(len(data))
        limits.add(self.limit)
        return real(self, data)

    monkeypatch.setattr(multilat._snapshot._Bounded, "write", counting)
    monkeypatch.setenv("MULTILAT_MAX_DATA_SIZE", "100K")
    expected = loaded_in_full(site)

    assert "trend-2-149" in expected
    assert snapshots() == []
    # The pickler stopped at the write that crossed the limit (what the
    # manifest leaves of 100 KiB).
    (limit,) = limits
    assert limit < 100 * 1024
    assert sum(written) > limit >= sum(written[:-1])
    monkeypatch.setenv("MULTILAT_MAX_DATA_SIZE", "32M")
    assert loaded_in_full(site) == expected
    assert len(snapshots()) == 1
    assert read_from_snapshot(site) == expected


# -- damage and forgery ------------------------------------------------------------


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(where=st.floats(min_value=0, max_value=1, exclude_max=True), flip=st.booleans())
def test_a_damaged_snapshot_is_ignored_and_replaced(
    data_plugin: Path, where: float, flip: bool
) -> None:
    if not snapshots():
        fresh_load()
    expected = fresh_load()  # from the snapshot or not, it is the answer
    (path,) = snapshots()
    good = path.read_bytes()
    at = int(where * len(good))
    damaged = good[:at] + bytes([good[at] ^ 0x20]) + good[at + 1 :] if flip else good[:at]
    path.write_bytes(damaged)

    assert loaded_in_full() == expected
    assert read_from_snapshot() == expected


def _forge(path: Path, key: bytes, marker: Path) -> None:
    """Replace the snapshot by one whose manifest runs code when unpickled."""

    class Payload:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.mkdir, (str(marker),))

    manifest = pickle.dumps(Payload())
    body = len(manifest).to_bytes(8, "big") + manifest + pickle.dumps(None)
    path.write_bytes(b"multilat-snapshot/1 " + multilat._snapshot._digest(key, body) + b"\n" + body)


def test_a_snapshot_not_signed_with_the_users_key_is_never_unpickled(
    data_plugin: Path, tmp_path: Path
) -> None:
    expected = fresh_load()
    (path,) = snapshots()
    marker = tmp_path / "code-ran"

    _forge(path, os.urandom(32), marker)
    assert loaded_in_full() == expected
    assert not marker.exists()

    # The same forgery signed with the user's key would run: the key is what guards.
    folder = cache_dir()
    assert folder is not None
    _forge(path, (folder / "snapshot.key").read_bytes(), marker)
    loaded_in_full()
    assert marker.exists()


def test_a_key_others_may_read_is_replaced_and_disowns_every_snapshot(data_plugin: Path) -> None:
    expected = fresh_load()
    folder = cache_dir()
    assert folder is not None
    key = folder / "snapshot.key"
    old = key.read_bytes()
    key.chmod(0o644)

    assert loaded_in_full() == expected

    assert key.read_bytes() != old
    assert key.stat().st_mode & 0o777 == 0o600
    assert read_from_snapshot() == expected


def test_a_key_planted_as_a_link_is_replaced_not_followed(
    data_plugin: Path, tmp_path: Path
) -> None:
    folder = cache_dir()
    assert folder is not None
    folder.mkdir(parents=True, exist_ok=True)
    elsewhere = tmp_path / "their-key"
    elsewhere.write_bytes(b"k" * 32)
    elsewhere.chmod(0o600)
    (folder / "snapshot.key").symlink_to(elsewhere)

    expected = fresh_load()

    assert elsewhere.read_bytes() == b"k" * 32
    assert not (folder / "snapshot.key").is_symlink()
    assert read_from_snapshot() == expected


def test_a_folder_others_may_write_to_holds_no_snapshot(data_plugin: Path) -> None:
    folder = cache_dir()
    assert folder is not None
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o777)
    fresh_load()
    fresh_load()
    assert multilat.plugins._default_host is not None
    assert snapshots() == []


# -- a new process ---------------------------------------------------------------


@pytest.mark.parametrize("program", ["-c", "-", "file"])
def test_a_warm_process_imports_no_plugin_nor_the_data_loader(
    site: Site, data_plugin: Path, tmp_path: Path, program: str
) -> None:
    # Whatever the program that loads (its own module is no input of the content).
    script = textwrap.dedent(
        """
        import contextlib, io, json, sys
        import multilat.cli
        with contextlib.redirect_stdout(io.StringIO()) as out:
            code = multilat.cli.main(["list", "trends"])
        loaded = sorted(m for m in sys.modules
                        if m.split(".")[0] in ("fake_data", "cattrs", "tomli", "tomllib")
                        or m == "multilat.data")
        print(json.dumps([code, "fake-trend" in out.getvalue(), loaded]))
        """
    )
    env = {**os.environ, "PYTHONPATH": str(site.path)}
    (tmp_path / "program.py").write_text(script, encoding="utf-8")
    argv, given = {
        "-c": ([sys.executable, "-c", script], None),
        "-": ([sys.executable, "-"], script),
        "file": ([sys.executable, str(tmp_path / "program.py")], None),
    }[program]
    runs = [
        subprocess.run(
            argv, input=given, env=env, cwd=tmp_path, capture_output=True, text=True, check=True
        )
        for _ in range(2)
    ]
    first, second = (json.loads(r.stdout) for r in runs)
    assert first[:2] == second[:2] == [0, True]
    assert "fake_data" in first[2]
    assert second[2] == []
    assert runs[1].stderr == ""
