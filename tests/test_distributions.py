"""Entry points read without ``importlib.metadata`` are the ones it finds."""

from __future__ import annotations

import importlib.metadata
import shutil
import sys
import tempfile
from collections.abc import Iterator
from importlib.machinery import PathFinder
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multilat import _distributions
from multilat._distributions import EntryPoint

GROUP = "multilat"


def reference(group: str) -> list[EntryPoint]:
    """What importlib.metadata finds, in the same shape."""
    return _distributions._slow_entry_points(group)


def install(
    folder: Path,
    stem: str,
    name: str,
    *,
    version: str = "1.0",
    requires: tuple[str, ...] = (),
    entry_points: str | None = None,
) -> Path:
    dist_info = folder / f"{stem}.dist-info"
    dist_info.mkdir()
    headers = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}"]
    headers += [f"Requires-Dist: {r}" for r in requires]
    (dist_info / "METADATA").write_text("\n".join(headers) + "\n\nThe description.\n")
    if entry_points is not None:
        (dist_info / "entry_points.txt").write_text(entry_points)
    return dist_info


class OtherFinder:
    """A finder that lists distributions of its own, as the importlib_metadata backport's."""

    @staticmethod
    def find_distributions(*args: object, **kwargs: object) -> Iterator[object]:
        return iter(())


@pytest.fixture(autouse=True)
def standard_finders(monkeypatch: pytest.MonkeyPatch) -> None:
    # Importing the importlib_metadata backport (some test dependencies do)
    # adds its own finder, which rightly sends every call to importlib.metadata.
    # Importing the backport also deletes the path finder's own
    # find_distributions, which is put back for the test.
    kept = [f for f in sys.meta_path if f is PathFinder or not hasattr(f, "find_distributions")]
    monkeypatch.setattr(sys, "meta_path", kept)
    if not hasattr(PathFinder, "find_distributions"):
        monkeypatch.setattr(
            PathFinder,
            "find_distributions",
            staticmethod(_stdlib_find_distributions),
            raising=False,
        )


def _stdlib_find_distributions(*args: Any, **kwargs: Any) -> Any:
    # What _frozen_importlib_external.PathFinder.find_distributions does.
    return importlib.metadata.MetadataPathFinder.find_distributions(*args, **kwargs)


@pytest.fixture
def path(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    # A fresh folder each time: importlib.metadata keeps a folder's listing
    # while its mtime is unchanged, which a test can beat.
    folder = Path(tempfile.mkdtemp())
    monkeypatch.setattr(sys, "path", [str(folder)])
    yield folder
    shutil.rmtree(folder)


def test_the_installed_plugins_are_found_as_importlib_metadata_finds_them() -> None:
    fast = _distributions._fast_entry_points(GROUP)
    assert fast == reference(GROUP)
    assert {ep.dist_name for ep in fast} >= {"multilat-nato", "multilat-un"}
    for name in ("multilat", "multilat-nato", "attrs", "no-such-distribution"):
        try:
            slow_version: str | None = importlib.metadata.version(name)
            slow_requires = importlib.metadata.distribution(name).requires or []
        except importlib.metadata.PackageNotFoundError:
            slow_version, slow_requires = None, None
        assert _distributions.version(name) == slow_version
        assert _distributions.requires(name) == slow_requires


def test_a_plugin_installed_or_removed_is_seen_by_the_next_call(path: Path) -> None:
    assert _distributions.entry_points(GROUP) == []
    dist_info = install(
        path,
        "multilat_extra-2.0",
        "multilat-extra",
        version="2.0",
        requires=("multilat-nato>=1",),
        entry_points=f"[{GROUP}]\nextra = multilat_extra\n",
    )
    assert _distributions.entry_points(GROUP) == [
        EntryPoint("extra", "multilat_extra", "multilat-extra", "2.0", ("multilat-nato>=1",))
    ]
    assert _distributions.version("Multilat.Extra") == "2.0"
    assert _distributions.requires("multilat_extra") == ["multilat-nato>=1"]
    shutil.rmtree(dist_info)
    assert _distributions.entry_points(GROUP) == []
    assert _distributions.version("multilat-extra") is None
    assert _distributions.requires("multilat-extra") is None


def test_the_first_distribution_of_a_name_on_the_path_wins(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    later = Path(tempfile.mkdtemp(dir=path))
    install(path, "Extra-1.0", "Extra", entry_points=f"[{GROUP}]\na = first\n")
    install(later, "extra-2.0", "extra", version="2.0", entry_points=f"[{GROUP}]\nb = second\n")
    monkeypatch.setattr(sys, "path", [str(path), str(later)])
    assert _distributions._fast_entry_points(GROUP) == reference(GROUP)
    assert [ep.value for ep in _distributions.entry_points(GROUP)] == ["first"]


@pytest.mark.parametrize(
    "unusual",
    [
        "an egg's requires.txt",
        "two folders of one name",
        "a folded header",
        "a line without '='",
        "an upper-case suffix",
        "another finder of distributions",
        "a path finder that lists none",
    ],
)
def test_what_this_reader_does_not_handle_goes_to_importlib_metadata(
    path: Path, unusual: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    install(path, "plain-1.0", "plain", entry_points=f"[{GROUP}]\nplain = plain\n")
    if unusual == "an egg's requires.txt":
        egg = path / "old-1.0.egg-info"
        egg.mkdir()
        (egg / "PKG-INFO").write_text("Name: old\nVersion: 1.0\n")
        (egg / "entry_points.txt").write_text(f"[{GROUP}]\nold = old\n")
        (egg / "requires.txt").write_text("attrs\n\n[extra]\ncattrs\n")
    elif unusual == "two folders of one name":
        install(path, "Plain-2.0", "Plain", entry_points=f"[{GROUP}]\nother = other\n")
    elif unusual == "a folded header":
        folded = install(path, "folded-1.0", "folded", entry_points=f"[{GROUP}]\nf = f\n")
        (folded / "METADATA").write_text("Name: folded\nSummary: one\n  two\nVersion: 1\n")
    elif unusual == "a line without '='":
        install(path, "bad-1.0", "bad", entry_points=f"[{GROUP}]\nbad\n")
    elif unusual == "another finder of distributions":
        monkeypatch.setattr(sys, "meta_path", [*sys.meta_path, OtherFinder])
    elif unusual == "a path finder that lists none":
        monkeypatch.delattr(PathFinder, "find_distributions")
    else:
        upper = install(path, "upper-1.0", "upper", entry_points=f"[{GROUP}]\nu = u\n")
        upper.rename(path / "upper-1.0.DIST-INFO")
    with pytest.raises(_distributions._Unsure):
        _distributions._fast_entry_points(GROUP)
    try:
        expected: object = reference(GROUP)
    except (TypeError, ValueError) as exc:
        expected = type(exc)
    try:
        got: object = _distributions.entry_points(GROUP)
    except (TypeError, ValueError) as exc:
        got = type(exc)
    assert got == expected


_names = st.sampled_from(["alpha", "Alpha", "al_pha", "al.pha", "beta", "Beta-Plugin", "gamma"])
_lines = st.lists(
    st.one_of(
        st.sampled_from(["", "# a comment", "  ", f"[{GROUP}]", "[other]", "[]", "[ multilat ]"]),
        st.builds(
            "{} ={}= {}".format,
            st.sampled_from(["a", "b", " c "]),
            st.sampled_from(["", " "]),
            st.sampled_from(["m", "m:f", "m.n:f.g [x]"]),
        ),
    ),
    max_size=8,
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 1),
            _names,
            _names,
            st.sampled_from(["1.0", "2.0rc1"]),
            st.lists(st.sampled_from(["multilat", "x>=1", "y; extra == 'z'"]), max_size=2),
            st.one_of(st.none(), _lines),
        ),
        max_size=6,
    )
)
def test_any_layout_of_dist_info_folders_reads_as_importlib_metadata_reads_it(
    dists: list[tuple[int, str, str, str, list[str], list[str] | None]],
) -> None:
    with tempfile.TemporaryDirectory() as top:
        folders = [Path(top, "first"), Path(top, "second")]
        for folder in folders:
            folder.mkdir()
        for where, stem, name, version, requires, lines in dists:
            target = folders[where] / f"{stem}-{version}.dist-info"
            if target.exists():
                continue
            install(
                folders[where],
                f"{stem}-{version}",
                name,
                version=version,
                requires=tuple(requires),
                entry_points=None if lines is None else "\n".join(lines) + "\n",
            )
        saved = sys.path
        sys.path = [str(f) for f in folders]
        try:
            try:
                expected: object = reference(GROUP)
            except (TypeError, ValueError) as exc:
                expected = type(exc)
            try:
                got: object = _distributions.entry_points(GROUP)
            except (TypeError, ValueError) as exc:
                got = type(exc)
            assert got == expected
            for stem in {d[1] for d in dists}:
                try:
                    want: object = importlib.metadata.version(stem)
                except importlib.metadata.PackageNotFoundError:
                    want = None
                assert _distributions.version(stem) == want
        finally:
            sys.path = saved
