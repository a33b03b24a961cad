"""The cache of installed data files' fragments: it may save time, never change an answer."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import multilat
import multilat._cache
import multilat.plugins
from multilat._cache import CACHE_DIR_VARIABLE, NO_CACHE_VARIABLE, cache_dir
from multilat.data import load_package_data
from multilat.errors import DataError
from multilat.model import Fragment
from tests.clirun import Result

PACKAGE = "cached_content_pkg"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(folder))
    return folder


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A package holding a copy of core's built-in data files (every kind of object)."""
    site = tmp_path / "site"
    data = site / PACKAGE / "data"
    shutil.copytree(Path(str(resources.files("multilat.builtin").joinpath("data"))), data)
    (site / PACKAGE / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(site))
    yield data
    sys.modules.pop(PACKAGE, None)


def _parsed(package: Path) -> Fragment:
    """The package's fragment read with the cache off."""
    os.environ[NO_CACHE_VARIABLE] = "1"
    try:
        return load_package_data(PACKAGE)
    finally:
        del os.environ[NO_CACHE_VARIABLE]


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(_: str) -> object:
        raise AssertionError("parsed TOML although the cache holds the file")

    monkeypatch.setattr("multilat._toml.loads", refuse)


def _same(a: Fragment, b: Fragment) -> None:
    assert a == b
    assert a.locations == b.locations
    assert all(list(getattr(a, k)) == list(getattr(b, k)) for k, _ in a.objects())  # order too


def test_a_cached_fragment_equals_the_parsed_one_and_skips_parsing(
    cache: Path, package: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed = _parsed(package)
    first = load_package_data(PACKAGE)
    entries = sorted(cache.glob("*.json"))
    assert len(entries) == len(list(package.glob("*.toml")))
    _no_parsing(monkeypatch)

    again = load_package_data(PACKAGE)

    _same(first, parsed)
    _same(again, parsed)
    assert again.locations[next(iter(again.locations))][1] is not None  # lines survive


def test_the_built_in_content_reads_the_same_through_the_cache(cache: Path) -> None:
    import multilat

    os.environ[NO_CACHE_VARIABLE] = "1"
    try:
        uncached = multilat.load()
    finally:
        del os.environ[NO_CACHE_VARIABLE]
    multilat.load()  # fills the cache
    multilat.plugins._default_host = None

    cached = multilat.load()

    assert any(cache.iterdir())
    assert cached.fragments == uncached.fragments
    assert [f.locations for f in cached.fragments.values()] == [
        f.locations for f in uncached.fragments.values()
    ]


def test_a_changed_file_is_read_afresh(cache: Path, package: Path) -> None:
    load_package_data(PACKAGE)
    trends = package / "trends.toml"
    trends.write_text(trends.read_text().replace("[[trend]]", "[[trend]]\n# moved", 1))
    text = trends.read_text()
    first_name = text.index('name = { en = "') + len('name = { en = "')
    trends.write_text(text[:first_name] + "Renamed " + text[first_name:])

    again = load_package_data(PACKAGE)

    _same(again, _parsed(package))
    assert any(t.name.en.startswith("Renamed ") for t in again.trends)


def test_any_changed_or_added_module_changes_the_fingerprint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "multilat"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    model = package / "sub" / "model.py"
    model.write_text("A = 1\n")
    monkeypatch.setattr(multilat, "__file__", str(package / "__init__.py"))

    def fingerprint() -> bytes:
        multilat._cache._fingerprint.cache_clear()
        return multilat._cache._fingerprint()

    try:
        first = fingerprint()
        assert fingerprint() == first
        model.write_text("A = 12\n")
        edited = fingerprint()
        (package / "converter.py").write_text("")
        moved = fingerprint()
        assert len({first, edited, moved}) == 3
    finally:
        multilat._cache._fingerprint.cache_clear()


def test_entries_of_another_version_of_the_model_are_not_used(
    cache: Path, package: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_package_data(PACKAGE)
    before = {p.name for p in cache.glob("*.json")}
    monkeypatch.setattr(multilat._cache, "_fingerprint", lambda: b"another model")
    parsed: list[str] = []
    original = multilat._toml.loads

    def counting(text: str) -> dict[str, object]:
        parsed.append(text)
        return original(text)

    monkeypatch.setattr("multilat._toml.loads", counting)

    again = load_package_data(PACKAGE)

    assert len(parsed) == len(before)
    assert len({p.name for p in cache.glob("*.json")} - before) == len(before)
    _same(again, _parsed(package))


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(damage=st.data())
def test_a_damaged_entry_never_changes_the_answer(
    cache: Path, package: Path, damage: st.DataObject
) -> None:
    shutil.rmtree(cache, ignore_errors=True)
    expected = load_package_data(PACKAGE)
    for entry in sorted(cache.glob("*.json")):
        data = bytearray(entry.read_bytes())
        how = damage.draw(st.sampled_from(["flip", "truncate", "replace", "append"]))
        at = damage.draw(st.integers(0, len(data) - 1))
        if how == "flip":
            data[at] ^= 1 << damage.draw(st.integers(0, 7))
        elif how == "truncate":
            del data[at:]
        elif how == "replace":
            data[at : at + 1] = damage.draw(st.binary(min_size=1, max_size=8))
        else:
            data += damage.draw(st.binary(min_size=1, max_size=8))
        entry.write_bytes(bytes(data))

    again = load_package_data(PACKAGE)

    _same(again, expected)
    # ... and damaged entries were replaced by good ones.
    _same(load_package_data(PACKAGE), expected)


def _rewrite(entry: Path, change: tuple[bytes, bytes]) -> None:
    """Change an entry's payload and give it a matching digest, as an attacker could."""
    import hashlib

    header, _, payload = entry.read_bytes().partition(b"\n")
    assert change[0] in payload
    payload = payload.replace(*change)
    tag = header.split(b" ")[0]
    entry.write_bytes(tag + b" " + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)


def test_an_entry_with_a_valid_digest_but_invalid_objects_is_ignored(
    cache: Path, package: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = load_package_data(PACKAGE)
    entry = next(e for e in cache.glob("*.json") if b'"weight":' in e.read_bytes())
    start = entry.read_bytes().index(b'"weight":') + len(b'"weight":')
    number = entry.read_bytes()[start:].split(b",")[0]
    _rewrite(entry, (b'"weight":' + number, b'"weight":7.5'))

    _same(load_package_data(PACKAGE), expected)


def test_an_entry_moved_under_another_key_is_ignored(cache: Path, package: Path) -> None:
    expected = load_package_data(PACKAGE)
    entries = sorted(cache.glob("*.json"), key=lambda e: e.stat().st_size)
    small, large = entries[0], entries[-1]
    large_bytes = large.read_bytes()
    large.write_bytes(small.read_bytes())
    small.write_bytes(large_bytes)

    _same(load_package_data(PACKAGE), expected)


def test_files_with_problems_are_never_cached(
    cache: Path, package: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (package / "zz-broken.toml").write_text('[[trend]]\nid = "Not A Slug"\n')

    for _ in range(2):
        with pytest.raises(DataError) as caught:
            load_package_data(PACKAGE)
        assert any("zz-broken.toml" in str(p) for p in caught.value.problems)
    assert len(list(cache.glob("*.json"))) == len(list(package.glob("*.toml"))) - 1


@pytest.mark.parametrize(("name", "value"), [(NO_CACHE_VARIABLE, "1"), (CACHE_DIR_VARIABLE, "")])
def test_the_cache_can_be_turned_off(
    cache: Path, package: Path, monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)

    load_package_data(PACKAGE)

    assert not cache.exists()


def test_the_folder_follows_the_xdg_rule(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(CACHE_DIR_VARIABLE)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "multilat"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/is/ignored")
    assert cache_dir() == tmp_path / "home" / ".cache" / "multilat"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache_dir() == tmp_path / "home" / ".cache" / "multilat"
    monkeypatch.setenv(NO_CACHE_VARIABLE, "0")
    assert cache_dir() == tmp_path / "home" / ".cache" / "multilat"
    monkeypatch.setenv(NO_CACHE_VARIABLE, "yes")
    assert cache_dir() is None


def test_a_folder_others_may_write_to_is_not_used(cache: Path, package: Path) -> None:
    cache.mkdir()
    cache.chmod(0o777)

    load_package_data(PACKAGE)

    assert list(cache.iterdir()) == []


def test_a_link_planted_as_an_entry_is_replaced_not_followed(
    cache: Path, package: Path, tmp_path: Path
) -> None:
    load_package_data(PACKAGE)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    entries = sorted(cache.glob("*.json"))
    for entry in entries:
        entry.unlink()
        entry.symlink_to(victim)

    again = load_package_data(PACKAGE)

    _same(again, _parsed(package))
    assert victim.read_text() == "precious"
    assert all(e.is_file() and not e.is_symlink() for e in entries)


def test_the_folder_is_kept_within_its_bounds(
    cache: Path, package: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(multilat._cache, "MAX_ENTRIES", 2)
    monkeypatch.setattr(multilat._cache, "_pruned", set())
    stale = cache / ".abandoned.json.0123.tmp"
    cache.mkdir()
    stale.write_text("{")
    os.utime(stale, (0, 0))

    load_package_data(PACKAGE)
    assert not stale.exists()
    assert len(list(cache.glob("*.json"))) > 2  # pruned at the first write of the process
    monkeypatch.setattr(multilat._cache, "_pruned", set())
    (package / "trends.toml").write_text((package / "trends.toml").read_text() + "\n")

    load_package_data(PACKAGE)  # another process, one changed file

    assert len(list(cache.glob("*.json"))) == 2


def test_tests_never_use_the_users_cache() -> None:
    # The root conftest.py gives every test its own folder.
    assert cache_dir() is not None
    assert not cache_dir().is_relative_to(Path.home() / ".cache")  # type: ignore[union-attr]


def test_the_json_report_is_the_same_bytes_with_and_without_the_cache(
    run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(NO_CACHE_VARIABLE, "1")
    uncached = run("report", "--format", "json")
    monkeypatch.delenv(NO_CACHE_VARIABLE)
    filling = run("report", "--format", "json")
    multilat.plugins._default_host = None
    cached = run("report", "--format", "json")

    assert uncached.code == filling.code == cached.code == 0
    assert uncached.out == filling.out == cached.out
    assert any(cache_dir().iterdir())  # type: ignore[union-attr]


def test_threads_filling_the_cache_together_read_the_same(cache: Path, package: Path) -> None:
    expected = _parsed(package)
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: load_package_data(PACKAGE), range(16)))

    for result in results:
        _same(result, expected)
    assert len(list(cache.glob("*.json"))) == len(list(package.glob("*.toml")))
    assert not list(cache.glob(".*.tmp"))
