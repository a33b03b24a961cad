"""multilat.sphinxext: references generated from the code cannot drift from it.

Each test builds a small Sphinx project with the extension, in a subprocess
(``python -m sphinx``, as ``make docs`` runs it), so that a model or a parser
changed between two builds is imported afresh. The projects give the
extension their own plugin host: no installed plugin is loaded.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import attrs
import pytest

from multilat.model import Influence

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_SRC = ROOT / "docs" / "examples" / "multilat-example-nato" / "src"
GRAPH_SRC = ROOT / "plugins" / "multilat-graph" / "src"

CONF = """
import sys
sys.path.insert(0, {here!r})
extensions = ["multilat.sphinxext", "sphinx.ext.autodoc"]
multilat_plugin_host = "hostmodule:host"
multilat_parser = "parsermodule:parser"
multilat_check_coverage = False
multilat_public_modules = ["publicmodule"]
nitpicky = True
# The API reference is not part of these projects.
nitpick_ignore_regex = [(r"py:.*", r"multilat[.].*|Fragment")]
{extra}
"""

# Core's content, the how-to's example plugin (an institution with two
# influences) and the graph formats, registered as a test would.
HOST_MODULE = f"""
import sys
sys.path[:0] = [{str(EXAMPLE_SRC)!r}, {str(GRAPH_SRC)!r}]
import multilat_example_nato
import multilat_graph
from multilat.plugins import PluginHost

def host():
    host = PluginHost(entry_points=False)
    host.register(multilat_example_nato, "multilat-example-nato")
    host.register(multilat_graph, "multilat-graph")
    return host
"""

PARSER_V1 = """
import argparse

def parser():
    root = argparse.ArgumentParser(prog="multilat")
    root.add_argument("--strict", action="store_true", help="be strict")
    commands = root.add_subparsers(dest="command")
    check = commands.add_parser("check", help="check files")
    check.add_argument("paths", nargs="*", metavar="PATH", help="data files")
    return root
"""

PARSER_V2 = PARSER_V1.replace(
    "    return root",
    '    check.add_argument("--note", metavar="FILE", help="the text of the note")\n'
    "    return root",
)

WIDGET_V1 = """
from attrs import field, frozen

@frozen
class Widget:
    id: str
    size: int = 3
"""

WIDGET_V2 = """
from attrs import field, frozen
from multilat.model import Horizon

@frozen
class Ref:
    kinds: tuple[str, ...]
    without: object = None
    pairs: bool = False

@frozen
class Widget:
    id: str
    size: float = 0.5
    horizon: Horizon = Horizon.SHORT
    cause: str | None = field(default=None, metadata={"multilat.refers_to": Ref(("trend",))})
"""

PUBLIC_MODULE = '''
__all__ = ["documented", "forgotten"]

def documented():
    """Documented."""

def forgotten():
    """Not in the docs."""
'''

INDEX = """
Test
====

The alliance: :mlt:`nato`; in other words: :mlt:`the alliance <nato>`.
Dimensions: :mlt-values:`Dimension`.

.. mlt:data-table:: widgetmodel.Widget

   ``size``
      How big it is.

.. mlt:data-table:: influence

.. mlt:data-table:: Citation

.. mlt:data-table:: trend

.. mlt:command:: check

   ``PATH``
      TOML data files, in prose.

.. mlt:hook:: multilat_knowledge

.. mlt:influence-graph:: nato
   :caption: The influence map of NATO

.. autofunction:: publicmodule.documented

.. toctree::

   knowledge/index
"""


def _project(tmp_path: Path, index: str = INDEX, extra: str = "") -> Path:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(CONF.format(here=str(src), extra=extra))
    (src / "index.rst").write_text(textwrap.dedent(index))
    (src / "hostmodule.py").write_text(HOST_MODULE)
    (src / "parsermodule.py").write_text(PARSER_V1)
    (src / "widgetmodel.py").write_text(WIDGET_V1)
    (src / "publicmodule.py").write_text(PUBLIC_MODULE)
    return src


def _build(src: Path, out: Path, *, strict: bool = True) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "sphinx", "-q", "-n", "-E", "-b", "html", str(src), str(out)]
    if strict:
        command.insert(3, "-W")
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )


def _text(markup: str) -> str:
    """The visible text of an HTML fragment, white space folded."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def _tables(page: str) -> list[list[list[str]]]:
    """The rows of every data table on ``page``: cells as text."""
    tables = re.findall(r'<table class="[^"]*mlt-data-table.*?</table>', page, flags=re.S)
    return [
        [[_text(cell) for cell in re.findall(r"<t[dh].*?</t[dh]>", row, flags=re.S)]
         for row in re.findall(r"<tr.*?</tr>", table, flags=re.S)]
        for table in tables
    ]


def test_a_changed_model_field_changes_the_data_format_reference(tmp_path: Path) -> None:
    src = _project(tmp_path, extra="multilat_check_public_names = False")
    first = _build(src, tmp_path / "first")
    assert first.returncode == 0, first.stderr
    widget, influence, _, _ = _tables((tmp_path / "first" / "index.html").read_text())
    assert widget == [
        ["Field", "Type", "Required", "Default", "Rules"],
        ["id", "slug", "yes", "", ""],
        ["size", "integer", "no", "3", "How big it is."],
    ]
    # The real model: every field of Influence, in order, and its vocabularies.
    assert [row[0] for row in influence[1:]] == [a.name for a in attrs.fields(Influence)]
    horizon = next(row for row in influence if row[0] == "horizon")
    assert horizon[1:4] == ["vocabulary Horizon : short or long", "yes", ""]

    (src / "widgetmodel.py").write_text(WIDGET_V2)
    second = _build(src, tmp_path / "second")
    assert second.returncode == 0, second.stderr
    widget, _, _, _ = _tables((tmp_path / "second" / "index.html").read_text())
    assert widget[1:] == [
        ["id", "slug", "yes", "", ""],
        ["size", "number", "no", "0.5", "How big it is."],
        ["horizon", "vocabulary Horizon : short or long", "no", "short", ""],
        # What the field refers to, as its metadata declares it.
        ["cause", "slug; refers to [[trend]]", "no", "not set", ""],
    ]


def test_a_changed_parser_changes_the_cli_reference(tmp_path: Path) -> None:
    src = _project(tmp_path, extra="multilat_check_public_names = False")
    assert _build(src, tmp_path / "first").returncode == 0
    first = _text((tmp_path / "first" / "index.html").read_text())
    assert "multilat check [-h] [PATH ...]" in first
    assert "PATH TOML data files, in prose. Any number." in first
    assert "--note" not in first

    (src / "parsermodule.py").write_text(PARSER_V2)
    assert _build(src, tmp_path / "second").returncode == 0
    second = _text((tmp_path / "second" / "index.html").read_text())
    assert "multilat check [-h] [--note FILE] [PATH ...]" in second
    assert "--note FILE The text of the note." in second


def test_the_knowledge_base_has_a_page_per_object(tmp_path: Path) -> None:
    src = _project(tmp_path, extra="multilat_check_public_names = False")
    result = _build(src, tmp_path / "out")
    assert result.returncode == 0, result.stderr

    sys.path.insert(0, str(src))
    try:
        import hostmodule  # type: ignore[import-not-found]

        import multilat

        kb = multilat.load(strict=True, host=hostmodule.host())
    finally:
        sys.path.remove(str(src))
        sys.modules.pop("hostmodule", None)
    out = tmp_path / "out" / "knowledge"
    pages = {p.relative_to(out).as_posix() for p in out.rglob("*.html")}
    expected = {"index.html"} | {
        f"{kind}/{obj.id}.html"
        for kind in ("institutions", "regimes", "trends", "recommendations")
        for obj in kb.of_kind(kind)
    }
    assert pages == expected
    assert "institutions/nato.html" in pages

    nato = (out / "institutions" / "nato.html").read_text()
    text = _text(nato)
    influence = kb["covid-19-hampers-nato-readiness"]
    # Each influence on it with its weight, its mechanism and its quotes.
    assert f"{influence.mechanism.en}" in text
    for citation in influence.citations:
        assert f"“{citation.quote}”" in text
        assert f"{citation.source}, {citation.section}¶{citation.paragraph}" in text
    assert "−0.5 (moderate), short term" in text or "(moderate)" in text
    # Dutch where the data has it: a recommendation's text.
    recommendation = kb.recommendations[0]
    assert recommendation.text.nl is not None
    page = _text((out / "recommendations" / f"{recommendation.id}.html").read_text())
    assert recommendation.text.en in page
    assert f"Nederlands: {recommendation.text.nl}" in page
    # The cause of the influence links to its trend's page.
    assert f'href="../trends/{influence.cause}.html#mlt-{influence.cause}"' in nato
    # The influence graph was drawn by Graphviz on the page.
    drawn = re.search(r'<img src="\.\./\.\./_images/(graphviz-[0-9a-f]+\.png)"', nato)
    assert drawn
    assert (tmp_path / "out" / "_images" / drawn[1]).read_bytes().startswith(b"\x89PNG")

    index = (tmp_path / "out" / "index.html").read_text()
    # The role links by id, showing the object's name or the text given.
    assert re.search(
        r'<a class="reference internal" href="knowledge/institutions/nato.html#mlt-nato"'
        r'[^>]*><span class="mlt mlt-object">North Atlantic Treaty Organization \(NATO\)</span>',
        index,
    )
    assert "the alliance</span></a>" in index
    assert "effectiveness</span></code>, <code" in index
    assert '<span class="caption-text">The influence map of NATO</span>' in index


def test_drift_and_gaps_fail_the_build(tmp_path: Path) -> None:
    index = INDEX.replace(
        "      How big it is.",
        "      How big it is.\n\n   ``colour``\n      A field the model does not have.",
    ).replace(
        "      TOML data files, in prose.",
        "      TOML data files, in prose.\n\n   ``--nosuch``\n      An option it does not have.",
    ).replace(":mlt:`nato`", ":mlt:`nato` and :mlt:`natto`")
    src = _project(tmp_path, index, extra="multilat_check_coverage = True")
    assert _build(src, tmp_path / "strict").returncode != 0
    result = _build(src, tmp_path / "lenient", strict=False)
    warnings = result.stderr
    assert "Widget has no field 'colour' (its fields: id, size)" in warnings
    assert "multilat check has no argument '--nosuch'" in warnings
    assert "no object of the knowledge base with the id 'natto'" in warnings
    assert "the public name publicmodule.forgotten is not documented" in warnings
    assert "publicmodule.documented" not in warnings
    # Coverage: the tables, commands and hooks that no directive documents.
    assert "the data-file table Section has no mlt:data-table" in warnings
    assert "the data-file table Influence has no" not in warnings
    assert "the command 'multilat' has no mlt:command" in warnings
    assert "the command 'check' has no" not in warnings
    assert "the hook multilat_formats has no mlt:hook" in warnings
    assert "the hook multilat_knowledge has no" not in warnings


def test_knowledge_pages_follow_the_knowledge_base(tmp_path: Path) -> None:
    from multilat.sphinxext import write_knowledge_pages
    from multilat.testing import load_plugins

    kb = load_plugins({})
    folder = tmp_path / "knowledge"
    written = write_knowledge_pages(kb, folder, graphs=False)
    trends = sorted(p.stem for p in (folder / "trends").glob("*.rst"))
    assert trends == [t.id for t in kb.trends]
    assert {p.name for p in written} >= {"index.rst", f"{kb.trends[0].id}.rst"}
    page = folder / "trends" / f"{kb.trends[0].id}.rst"
    assert page.read_text() == (
        ".. This page is written by multilat.sphinxext at each build.\n\n"
        f".. mlt:object:: {kb.trends[0].id}\n"
    )

    # An object that is gone takes its page with it; the others stay as they were.
    kept = folder / "trends" / f"{kb.trends[1].id}.rst"
    before = kept.stat().st_mtime_ns
    smaller = kb.build({"multilat": kb.merged().keep(lambda o: o.id != kb.trends[0].id)})
    write_knowledge_pages(smaller, folder, graphs=False)
    assert not page.exists()
    assert kept.stat().st_mtime_ns == before

    # A folder that the extension did not write is never cleaned.
    own = tmp_path / "own"
    own.mkdir()
    (own / "notes.rst").write_text("Mine.\n")
    with pytest.raises(ValueError, match=r"was not written by multilat\.sphinxext"):
        write_knowledge_pages(kb, own, graphs=False)
    assert (own / "notes.rst").read_text() == "Mine.\n"


def test_a_constant_a_package_reexports_keeps_its_own_comment(tmp_path: Path) -> None:
    # autodoc alone shows float's docstring for it: the comment is in another module.
    src = _project(
        tmp_path,
        index="""
        Constants
        =========

        .. autodata:: reexporting.LIMIT
        .. autodata:: reexporting.OWN

        .. toctree::

           knowledge/index
        """,
        extra="multilat_check_public_names = False",
    )
    package = src / "reexporting"
    package.mkdir()
    (package / "__init__.py").write_text(
        "from reexporting._private import LIMIT\n\n#: Documented where it is exported.\nOWN = 2.5\n"
    )
    (package / "_private.py").write_text(
        "#: The most a concept takes, as the private module says.\nLIMIT = 1.5\n"
    )

    done = _build(src, tmp_path / "out")

    assert done.returncode == 0, done.stderr
    page = _text((tmp_path / "out" / "index.html").read_text())
    assert "The most a concept takes, as the private module says." in page
    assert "Documented where it is exported." in page
    assert "Convert a string or number" not in page
