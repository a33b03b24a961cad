"""Sphinx configuration of the multilat documentation.

Build (warnings are errors, every reference must resolve)::

    sphinx-build -W -n -b html docs docs/_build/html
    sphinx-build -W -n -b doctest docs docs/_build/doctest
"""

from __future__ import annotations

import inspect
from importlib.metadata import version as _version
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
from sphinx.util.inspect import stringify_signature

if TYPE_CHECKING:
    from docutils.nodes import Element
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

# The example plugin distributions that the how-to pages include and test.
_EXAMPLES = Path(__file__).resolve().parent / "examples"

# -- project ----------------------------------------------------------------

project = "multilat"
author = "The multilat developers"
copyright = "the multilat developers; the Clingendael note is © Clingendael"
release = _version("multilat")
version = ".".join(release.split(".")[:2])

# -- general ----------------------------------------------------------------

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx.ext.viewcode",
    # The data-format, CLI and hook references and the "Knowledge base" part,
    # generated from the code and the installed content at build time.
    "multilat.sphinxext",
]

# The influence graphs, drawn by Graphviz's `dot` at build time.
graphviz_output_format = "svg"

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build", "examples", "Thumbs.db", ".DS_Store"]
language = "en"

# Every reference must resolve, as with `-n`; the exceptions are listed below.
nitpicky = True

# Definition lists for options and terms.
myst_enable_extensions = ["deflist"]

# -- autodoc ----------------------------------------------------------------

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
# Show `tables=TABLES`, not the dict it holds. (attrs classes get their
# signature from `_attrs_class_signature` below.)
autodoc_preserve_defaults = True
# Some modules import types only under TYPE_CHECKING (to keep `import
# multilat` light), so autodoc sees those names in signatures unqualified.
# `_resolve_type_checking_names` below points them at the documented objects.
# (`autodoc_type_aliases` would do it, but Sphinx 9.0 renders an alias inside a
# union as "TypeAliasForwardRef".)
TYPE_CHECKING_NAMES = {
    "Assessment": "multilat.assess.Assessment",
    "Ensemble": "multilat.assess.Ensemble",
    "Format": "multilat.formats.Format",
    "Fragment": "multilat.model.Fragment",
    "KnowledgeBase": "multilat.knowledge.KnowledgeBase",
    "Scenario": "multilat.model.Scenario",
}

# There is no intersphinx (no network for inventories), so references into
# the standard library and third-party packages cannot resolve. Only those are
# ignored; every reference to multilat's own objects must resolve.
nitpick_ignore_regex = [
    # Standard library: field types, signatures, and `enum.StrEnum` in the text.
    (r"py:.*", r"(argparse|datetime|collections\.abc|concurrent\.futures|enum|pathlib)\..+"),
    # Sphinx, in the signatures of multilat.sphinxext (imported there for
    # type checking only, so autodoc sees the names unqualified).
    (r"py:.*", r"(sphinx\..+|Sphinx|BuildEnvironment|ExtensionMetadata)"),
    # pluggy, which multilat.plugins compares itself with.
    (r"py:.*", r"pluggy\..+"),
    # NumPy and SciPy types in the engine's signatures (no intersphinx here);
    # `infer` names scipy.sparse for type checking only (a dense map never
    # imports it), so autodoc shows its annotations as written: `npt.ArrayLike`.
    (r"py:.*", r"(numpy|npt|scipy)\..+"),
    # pytest, in the signatures of multilat.testing's assertion helpers.
    (r"py:.*", r"pytest\..+"),
]

# -- doctest ----------------------------------------------------------------
# `-b doctest` runs the examples in these pages and in the docstrings that
# autodoc pulls in. Docstring examples rely on their module's names, as
# `python -m doctest` would give them; the setup provides the same names.
# Only core's built-in plugin loads, so that examples do not depend on what
# else happens to be installed.

doctest_global_setup = f"""
import os
os.environ["MULTILAT_LOAD_PLUGINS"] = ""

from pathlib import Path
EXAMPLES = Path({str(_EXAMPLES)!r})

import multilat
from multilat.model import *
from multilat.notetext import NoteText, Paragraph, verify
from multilat.judgments import HEDGE_WORDS, check_judgments, hedged_words, influence_problems
"""

# -- HTML -------------------------------------------------------------------

html_theme = "furo"
html_title = f"multilat {release}"
html_static_path: list[str] = []
html_theme_options = {
    "navigation_with_keys": True,
}


# -- set-up -----------------------------------------------------------------


# multilat.assess documents its API under the package (multilat.assess.assess),
# while signatures and docstrings name the submodules that define it
# (multilat.assess._maps.CognitiveMap); `_resolve_assess_names` maps them back.
ASSESS_PACKAGE = "multilat.assess"
ASSESS_MODULES: tuple[str, ...] = ()


def _resolve_type_checking_names(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: Element
) -> Element | None:
    """Resolve an unqualified name from TYPE_CHECKING to its documented object."""
    target = TYPE_CHECKING_NAMES.get(node.get("reftarget", ""))
    if node.get("refdomain") != "py" or target is None:
        return _resolve_assess_names(app, env, node, contnode)
    domain = env.domains["py"]
    return domain.resolve_xref(
        env, node["refdoc"], app.builder, node["reftype"], target, node, contnode
    )


def _resolve_assess_names(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: Element
) -> Element | None:
    """Resolve a name of a multilat.assess submodule to the package's documented object."""
    target = node.get("reftarget", "")
    inside = (node.get("py:module") or "").startswith(ASSESS_PACKAGE)
    if node.get("refdomain") != "py" or not (target.startswith(ASSESS_PACKAGE) or inside):
        return None
    name = target.rsplit(".", 1)[-1]
    domain = env.domains["py"]
    candidates = [f"{ASSESS_PACKAGE}.{name}"]
    candidates += [f"{ASSESS_PACKAGE}.{module}.{name}" for module in ASSESS_MODULES]
    for candidate in candidates:
        if candidate == target:
            continue
        found = domain.resolve_xref(
            env, node["refdoc"], app.builder, node["reftype"], candidate, node, contnode
        )
        if found is not None:
            return found
    return None


class _Factory:
    """Stands for an attrs default computed by a factory, in signatures."""

    def __repr__(self) -> str:
        return "<factory>"


def _attrs_class_signature(
    app: Sphinx,
    what: str,
    name: str,
    obj: Any,
    options: Any,
    signature: str | None,
    return_annotation: str | None,
) -> tuple[str, None] | None:
    """Give attrs classes a signature of names and defaults only.

    The ``__init__`` that attrs generates is annotated with what its converters
    accept (``Iterable[Any]``, ``Any``), which reads worse than the field types
    documented under each class; the real defaults are shown instead of the
    expressions in the generated source.
    """
    if what not in ("class", "exception") or not attrs.has(obj) or signature is None:
        return None
    defaults = {a.alias: a.default for a in attrs.fields(obj) if a.init}
    parameters = []
    for parameter in inspect.signature(obj).parameters.values():
        if parameter.name.startswith("_"):
            continue  # private fields (KnowledgeBase's indexes) are not API
        default = defaults.get(parameter.name, attrs.NOTHING)
        if isinstance(default, attrs.Factory):
            default = _Factory()
        elif default is attrs.NOTHING:
            default = inspect.Parameter.empty
        parameters.append(parameter.replace(annotation=inspect.Parameter.empty, default=default))
    bare = inspect.Signature(parameters)
    return stringify_signature(bare, show_annotation=False, show_return_annotation=False), None


def setup(app: Sphinx) -> None:
    app.connect("missing-reference", _resolve_type_checking_names)
    app.connect("autodoc-process-signature", _attrs_class_signature)
