"""A Sphinx extension: references generated from the code, the knowledge base as pages.

What the code and the data define is rendered from them at build time, so
that the documentation cannot drift from them. Enable it in ``conf.py``::

    extensions = ["multilat.sphinxext"]

Directives (write them in reStructuredText, or inside ``{eval-rst}`` in a
MyST page):

``.. mlt:data-table:: TABLE``
    The fields of a data-file table (``influence``) or of a nested table
    (``Citation``): for each field its type, allowed values, whether it is
    required and its default, read from the ``attrs`` fields, their type
    hints, the enumerations and the JSON Schema. The directive's content is a
    definition list of field names with the rules in prose; a field there
    that the model does not have is an error.
``.. mlt:command:: [COMMAND]``
    The synopsis and the arguments of one ``multilat`` command (the global
    options without an argument), read from the argument parser. The content
    is a definition list of arguments (``--scenario NAME``) with prose that
    takes the place of the parser's help; an argument there that the parser
    does not have is an error.
``.. mlt:hook:: NAME``
    One hook of :mod:`multilat.hookspecs`: its signature, its docstring and
    how its results are collected.
``.. mlt:object:: ID``
    The page of one object of the knowledge base, with its influences, their
    quotes and sources, in both languages where the data has them. The
    pages of the "Knowledge base" part are written with it (see
    ``multilat_knowledge_dir``).
``.. mlt:influence-graph:: ID``
    The influence map of one institution or regime, drawn by Graphviz from
    the installed ``dot`` format at build time.

Roles: ``:mlt:`nato``` links to the page of an object by its id (and
``:mlt:`text <nato>``` with a text of your own); ``:mlt-values:`Dimension```
lists the values of a vocabulary of :mod:`multilat.model`.

Configuration values:

``multilat_plugin_host``
    ``"module:function"`` returning the :class:`~multilat.plugins.PluginHost`
    whose content and formats are rendered; empty (the default) for every
    installed plugin. The content is loaded strictly: a plugin that fails
    fails the build.
``multilat_parser``
    ``"module:function"`` returning the command's
    :class:`argparse.ArgumentParser` (default ``"multilat.cli:_parser"``).
``multilat_knowledge_dir``
    The folder, under the source folder, where the pages of the knowledge
    base are written at the start of each build (default ``"knowledge"``;
    empty: none). Pages of objects that are gone are removed.
``multilat_check_coverage``
    When true (the default), every table of the data format, every command
    and every hook must be documented by the directives above somewhere in
    the project: one that is not is a warning (an error under ``-W``).
``multilat_check_public_names``
    When true (the default), every name in the ``__all__`` of the public
    modules must be documented as a Python object (by autodoc, say): see
    :func:`undocumented_names`.
``multilat_public_modules``
    The modules whose ``__all__`` is checked; empty (the default) for
    :func:`public_modules`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import enum
import importlib
import inspect
import re
import sys
import typing
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, ClassVar

import attrs
from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode, nested_parse_with_titles

import multilat
from multilat.model import (
    KINDS,
    Citation,
    Claim,
    Influence,
    Institution,
    Recommendation,
    Regime,
    Text,
    Trend,
)

if typing.TYPE_CHECKING:
    from docutils.nodes import Element, Node, system_message
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

    from multilat.knowledge import KnowledgeBase
    from multilat.plugins import PluginHost

__all__ = [
    "PAGE_KINDS",
    "page_title",
    "public_modules",
    "setup",
    "undocumented_names",
    "write_knowledge_pages",
]

logger = logging.getLogger(__name__)

#: The kinds that get a page of their own in the knowledge base, in the order
#: of its index.
PAGE_KINDS: tuple[str, ...] = ("institutions", "regimes", "trends", "recommendations")

_KIND_TITLES = {
    "institutions": "Institutions",
    "regimes": "Regimes",
    "trends": "Trends",
    "recommendations": "Recommendations",
}
# Written into the generated folder, so that only a folder this extension
# made is ever cleaned.
_MARKER = ".multilat-generated"
_NOTE_DATE = dt.date(2020, 7, 1)


# -- loading what is rendered ------------------------------------------------


def _import_callable(spec: str, what: str) -> Callable[[], Any]:
    module_name, _, name = spec.partition(":")
    try:
        function = getattr(importlib.import_module(module_name), name)
    except (ImportError, AttributeError) as exc:
        raise ValueError(f"{what} {spec!r} cannot be imported: {exc}") from exc
    if not callable(function):
        raise ValueError(f"{what} {spec!r} is not callable")
    return typing.cast("Callable[[], Any]", function)


def _host(env: BuildEnvironment) -> PluginHost:
    """The plugin host of the build: its own, or the one ``multilat_plugin_host`` gives.

    Never the process-wide default host, which the pages' doctests use under
    their own ``MULTILAT_LOAD_PLUGINS``.
    """
    from multilat.plugins import PluginHost

    spec = env.config.multilat_plugin_host
    host = _HOSTS.get(spec)
    if host is None:
        host = _import_callable(spec, "multilat_plugin_host")() if spec else PluginHost()
        if not isinstance(host, PluginHost):
            raise ValueError(f"multilat_plugin_host {spec!r} gave no PluginHost")
        _HOSTS[spec] = host
    return host


def _knowledge(env: BuildEnvironment) -> KnowledgeBase:
    """The knowledge base of the build, loaded strictly, once per process and host."""
    spec = env.config.multilat_plugin_host
    kb = _KNOWLEDGE.get(spec)
    if kb is None:
        kb = _KNOWLEDGE[spec] = multilat.load(strict=True, host=_host(env))
    return kb


_HOSTS: dict[str, PluginHost] = {}
_KNOWLEDGE: dict[str, KnowledgeBase] = {}


def _parser(env: BuildEnvironment) -> argparse.ArgumentParser:
    parser = _import_callable(env.config.multilat_parser, "multilat_parser")()
    if not isinstance(parser, argparse.ArgumentParser):
        raise ValueError(f"multilat_parser {env.config.multilat_parser!r} gave no ArgumentParser")
    return parser


# -- the domain: objects of the knowledge base, tables, commands, hooks ------


class MultilatDomain(Domain):
    """Targets for the ``mlt`` role and the record of what is documented."""

    name = "mlt"
    label = "multilat"
    object_types: ClassVar[dict[str, ObjType]] = {
        "object": ObjType("object", "obj"),
        "table": ObjType("data table", "table"),
        "command": ObjType("command", "command"),
    }
    roles: ClassVar[dict[str, Any]] = {
        "obj": XRefRole(),
        "table": XRefRole(),
        "command": XRefRole(),
    }
    directives: ClassVar[dict[str, Any]] = {}  # filled below, once the classes exist
    initial_data: ClassVar[dict[str, Any]] = {
        # (type, name) -> (docname, anchor, title)
        "objects": {},
        # hooks documented: name -> docname
        "hooks": {},
        # documents rendered from the knowledge base: docname -> True
        "knowledge_docs": {},
        # what the knowledge base was when they were read
        "fingerprint": "",
    }

    @property
    def entries(self) -> dict[tuple[str, str], tuple[str, str, str]]:
        return typing.cast("dict[tuple[str, str], tuple[str, str, str]]", self.data["objects"])

    @property
    def hooks(self) -> dict[str, str]:
        return typing.cast("dict[str, str]", self.data["hooks"])

    def note(self, objtype: str, name: str, anchor: str, title: str, location: Any) -> None:
        """Record ``name`` of ``objtype`` at ``anchor`` in the current document."""
        key = (objtype, name)
        if key in self.entries and self.entries[key][0] != self.env.docname:
            other = self.entries[key][0]
            logger.warning(
                "multilat %s %r is documented in %s too", objtype, name, other, location=location
            )
        self.entries[key] = (self.env.docname, anchor, title)

    def clear_doc(self, docname: str) -> None:
        for key, (doc, _, _) in list(self.entries.items()):
            if doc == docname:
                del self.entries[key]
        for hook, doc in list(self.hooks.items()):
            if doc == docname:
                del self.hooks[hook]
        self.data["knowledge_docs"].pop(docname, None)

    def merge_domaindata(self, docnames: Any, otherdata: dict[str, Any]) -> None:
        for key, entry in otherdata["objects"].items():
            if entry[0] in docnames:
                self.entries[key] = entry
        for hook, doc in otherdata["hooks"].items():
            if doc in docnames:
                self.hooks[hook] = doc
        for doc in otherdata["knowledge_docs"]:
            if doc in docnames:
                self.data["knowledge_docs"][doc] = True

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> nodes.reference | None:
        objtype = "object" if typ == "obj" else typ
        entry = self.entries.get((objtype, target))
        if entry is None:
            return None
        docname, anchor, title = entry
        if node.get("mlt_default_text") and isinstance(contnode, nodes.TextElement):
            contnode = nodes.inline(title, title, classes=["mlt", f"mlt-{objtype}"])
        return make_refnode(builder, fromdocname, docname, anchor, contnode, title)

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> list[tuple[str, nodes.reference]]:
        found = []
        for objtype in self.object_types:
            ref = self.resolve_xref(env, fromdocname, builder, objtype, target, node, contnode)
            if ref is not None:
                found.append((f"mlt:{objtype}", ref))
        return found

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for (objtype, name), (docname, anchor, title) in sorted(self.entries.items()):
            yield name, title, objtype, docname, anchor, 1


class ObjectRole(XRefRole):
    """``:mlt:`nato```: a link to an object's page, showing its name."""

    def process_link(
        self,
        env: BuildEnvironment,
        refnode: Element,
        has_explicit_title: bool,
        title: str,
        target: str,
    ) -> tuple[str, str]:
        refnode["refdomain"] = "mlt"
        refnode["reftype"] = "obj"
        refnode["refwarn"] = True
        refnode["mlt_default_text"] = not has_explicit_title
        return title, target


def _domain(env: BuildEnvironment) -> MultilatDomain:
    return typing.cast("MultilatDomain", env.domains["mlt"])


def _xref(objtype: str, target: str, text: str) -> addnodes.pending_xref:
    """A link to an ``mlt`` target that shows ``text``; unresolved, a warning."""
    ref = addnodes.pending_xref(
        "",
        refdomain="mlt",
        reftype=objtype,
        reftarget=target,
        refwarn=True,
        refexplicit=True,
    )
    ref.append(nodes.literal(text, text) if objtype != "obj" else nodes.inline(text, text))
    return ref


def _py_xref(objtype: str, target: str, text: str) -> addnodes.pending_xref:
    ref = addnodes.pending_xref(
        "",
        refdomain="py",
        reftype=objtype,
        reftarget=target,
        refexplicit=True,
        refwarn=True,
    )
    ref.append(nodes.literal(text, text))
    return ref


def _missing_mlt_reference(app: Sphinx, domain: Domain, node: pending_xref) -> str | None:
    if domain.name != "mlt":
        return None
    kind = "object of the knowledge base" if node["reftype"] == "obj" else node["reftype"]
    return f"multilat: no {kind} with the id {node['reftarget']!r} has a page in these docs"


# -- the data format -----------------------------------------------------------


def _depend_on(directive: SphinxDirective, obj: Any) -> None:
    """Read the directive's page again when the source of ``obj`` changes."""
    try:
        path = inspect.getsourcefile(obj)
    except TypeError:
        return
    if path:
        directive.env.note_dependency(path)
        if attrs.has(obj):
            # The types come through the JSON Schema's derivation too.
            from multilat import schema

            directive.env.note_dependency(inspect.getsourcefile(schema) or path)


def _table_class(name: str) -> tuple[type, str]:
    """The class of table ``name`` and the name shown: ``influence`` -> ``[[influence]]``."""
    from multilat.data import TABLES
    from multilat.model import __all__ as model_names

    if name in TABLES:
        return KINDS[TABLES[name]], f"[[{name}]]"
    if "." in name:
        module_name, _, class_name = name.rpartition(".")
        cls = getattr(importlib.import_module(module_name), class_name, None)
    elif name in model_names:
        cls = getattr(importlib.import_module("multilat.model"), name)
    else:
        cls = None
    if not (isinstance(cls, type) and attrs.has(cls)):
        known = ", ".join(sorted(TABLES))
        raise ValueError(f"{name!r} is neither a table ({known}) nor an attrs class of the model")
    return cls, cls.__name__


def _property_schemas(cls: type) -> dict[str, Any]:
    """The JSON Schema of each field of ``cls``: the same derivation the export publishes."""
    from multilat import schema

    defs = schema.knowledge_schema()["$defs"]
    if cls.__name__ not in defs or cls.__module__ != "multilat.model":
        defs = {}
        schema._class_schema(cls, defs)
    return typing.cast("dict[str, Any]", defs[cls.__name__]["properties"])


def _words(prop: dict[str, Any], hint: Any, plural: bool = False) -> list[Node]:
    """The type of one JSON Schema property, in the words of the data-format page."""
    if "anyOf" in prop:
        options = [p for p in prop["anyOf"] if p.get("type") != "null"]
        inner = typing.get_args(hint)
        inner_hint = next((h for h in inner if h is not type(None)), hint)
        if len(options) == 1:
            return _words(options[0], inner_hint, plural)
    if "enum" in prop:
        enum_type = hint if isinstance(hint, type) and issubclass(hint, enum.Enum) else None
        if enum_type is None and typing.get_origin(hint) is tuple:
            enum_type = typing.get_args(hint)[0]
        out: list[Node] = [nodes.Text("vocabularies " if plural else "vocabulary ")]
        if enum_type is not None:
            target = f"{enum_type.__module__}.{enum_type.__qualname__}"
            out.append(_py_xref("class", target, enum_type.__name__))
        out.append(nodes.Text(": "))
        out.extend(_literal_list([str(v) for v in prop["enum"]], "or"))
        return out
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[-1]
        if name == "Text":
            return [nodes.Text("Text")]
        return [_xref("table", name, name)]
    kind = prop.get("type")
    if kind == "array":
        item_hint = typing.get_args(hint)[0] if typing.get_args(hint) else Any
        return [nodes.Text("list of "), *_words(prop["items"], item_hint, plural=True)]
    if kind == "object" and "propertyNames" in prop:
        key = _words(prop["propertyNames"], Any)
        value = _words(prop.get("additionalProperties", {}), Any)
        return [nodes.Text("table of "), *key, nodes.Text(" = "), *value]
    pattern = prop.get("pattern", "")
    if kind == "string" and pattern == "^[A-Z]{3}$":
        word = "ISO3"
    elif kind == "string" and pattern:
        word = "slugs" if plural else "slug"
    elif kind == "string" and prop.get("format") == "date":
        word = "dates" if plural else "date"
    else:
        singular = {
            "string": "string",
            "integer": "integer",
            "number": "number",
            "boolean": "boolean",
        }.get(str(kind), str(kind))
        word = f"{singular}s" if plural else singular
    if "minimum" in prop and "maximum" in prop:
        word += f" in [{prop['minimum']:g}, {prop['maximum']:g}]"
    return [nodes.Text(word)]


#: The key under which a field's metadata says which kinds its ids refer to.
REFERS_TO = "multilat.refers_to"


def _kind_links(kinds: Sequence[str]) -> list[Node]:
    out: list[Node] = []
    for index, kind in enumerate(kinds):
        if index:
            out.append(nodes.Text(" or " if index == len(kinds) - 1 else ", "))
        # A link where the table is documented; plain text in a project without
        # it (the coverage check reports missing tables where they belong).
        link = _xref("table", kind, f"[[{kind}]]")
        link["mlt_soft"] = True
        out.append(link)
    return out


def _refers_to(attribute: attrs.Attribute[Any]) -> list[Node]:
    """What a field's ids refer to, as its metadata declares it (``kinds``, ``without``)."""
    ref = attribute.metadata.get(REFERS_TO)
    kinds = tuple(getattr(ref, "kinds", ()) or ())
    if not kinds:
        return []
    out: list[Node] = [
        nodes.Text("; keys refer to " if getattr(ref, "pairs", False) else "; refers to ")
    ]
    out += _kind_links(kinds)
    without = getattr(ref, "without", None)
    if without:
        field_name, other = without
        out += [
            nodes.Text(" (without "),
            nodes.literal(field_name, field_name),
            nodes.Text(": "),
            *_kind_links(tuple(other)),
            nodes.Text(")"),
        ]
    return out


def _literal_list(values: Sequence[str], conjunction: str) -> list[Node]:
    out: list[Node] = []
    for index, value in enumerate(values):
        if index:
            last = index == len(values) - 1
            out.append(nodes.Text(f" {conjunction} " if last else ", "))
        out.append(nodes.literal(value, value))
    return out


def _default_text(attribute: attrs.Attribute[Any]) -> list[Node]:
    default = attribute.default
    if default is attrs.NOTHING:
        return [nodes.Text("required")]
    # attrs.Factory is typed as a function, so it is known by its attributes.
    factory = getattr(default, "factory", None)
    if callable(factory):
        default = None if getattr(default, "takes_self", False) else factory()
    if default is None:
        return [nodes.Text("not set")]
    if isinstance(default, tuple | list | dict) and not default:
        return [nodes.Text("empty")]
    if isinstance(default, enum.Enum):
        return [nodes.literal(str(default.value), str(default.value))]
    if isinstance(default, bool):
        text = "true" if default else "false"
        return [nodes.literal(text, text)]
    return [nodes.literal(repr(default), repr(default))]


def _definitions(
    directive: SphinxDirective,
) -> dict[str, tuple[list[Node], int]]:
    """The directive's content: a definition list of name -> (prose, line)."""
    if not directive.content:
        return {}
    holder = nodes.container()
    directive.state.nested_parse(directive.content, directive.content_offset, holder)
    found: dict[str, tuple[list[Node], int]] = {}
    for child in holder.children:
        if not isinstance(child, nodes.definition_list):
            raise directive.error(
                f"{directive.name}: the content must be a definition list of names and prose"
            )
        for item in child.findall(nodes.definition_list_item):
            term = item.next_node(nodes.term)
            definition = item.next_node(nodes.definition)
            if term is None or definition is None:
                continue
            found[term.astext().strip()] = (list(definition.children), item.line or 0)
    return found


class DataTableDirective(SphinxDirective):
    """``.. mlt:data-table:: influence``: the fields of one table, from the model."""

    required_arguments = 1
    has_content = True

    def run(self) -> list[Node]:
        try:
            cls, shown = _table_class(self.arguments[0])
        except ValueError as exc:
            raise self.error(str(exc)) from None
        _depend_on(self, cls)
        rules = _definitions(self)
        hints = typing.get_type_hints(cls)
        properties = _property_schemas(cls)
        fields = [a for a in attrs.fields(cls) if a.init and not a.name.startswith("_")]
        names = {a.name for a in fields}
        for name, (_, line) in rules.items():
            field_name = name.strip("`")
            if field_name not in names:
                logger.warning(
                    "%s has no field %r (its fields: %s)",
                    shown,
                    field_name,
                    ", ".join(sorted(names)),
                    location=(self.env.docname, line or self.lineno),
                )
        rules = {name.strip("`"): prose for name, prose in rules.items()}

        anchor = f"mlt-table-{cls.__name__.lower()}"
        _domain(self.env).note("table", cls.__name__, anchor, shown, self.get_location())
        if shown.startswith("[["):
            _domain(self.env).note("table", self.arguments[0], anchor, shown, None)
        target = nodes.target("", "", ids=[anchor])
        self.state.document.note_explicit_target(target)

        table = nodes.table(classes=["mlt-data-table"])
        group = nodes.tgroup(cols=5)
        table += group
        for width in (14, 22, 10, 10, 44):
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        group += head
        head += _row([[nodes.Text(t)] for t in ("Field", "Type", "Required", "Default", "Rules")])
        body = nodes.tbody()
        group += body
        for attribute in fields:
            required = attribute.default is attrs.NOTHING
            prose, _ = rules.get(attribute.name, ([], 0))
            body += _row(
                [
                    [nodes.literal(attribute.name, attribute.name)],
                    _words(properties[attribute.name], hints[attribute.name])
                    + _refers_to(attribute),
                    [nodes.Text("yes" if required else "no")],
                    [] if required else _default_text(attribute),
                    [node.deepcopy() for node in prose],
                ]
            )
        return [target, table]


def _row(cells: Iterable[Sequence[Node]]) -> nodes.row:
    row = nodes.row()
    for content in cells:
        entry = nodes.entry()
        if content and all(isinstance(c, nodes.Body) for c in content):
            entry.extend(content)
        elif content:
            entry += nodes.paragraph("", "", *content)
        row += entry
    return row


def _documented_tables() -> dict[str, type]:
    """Every class a data file writes a table of: the kinds and what they nest."""
    found: dict[str, type] = {}
    todo: list[type] = list(KINDS.values())
    while todo:
        cls = todo.pop()
        if cls.__name__ in found or cls is Text:
            continue
        found[cls.__name__] = cls
        for hint in typing.get_type_hints(cls).values():
            for candidate in (hint, *typing.get_args(hint)):
                if isinstance(candidate, type) and attrs.has(candidate):
                    todo.append(candidate)
    return found


# -- the command line ----------------------------------------------------------


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _command_help(parser: argparse.ArgumentParser, command: str) -> str:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                if choice.dest == command:
                    return choice.help or ""
    return ""


def _usage(parser: argparse.ArgumentParser) -> str:
    # The terminal's width must not change the page: a fixed one.
    parser.formatter_class = lambda prog: argparse.HelpFormatter(prog, width=78)
    prefix = "usage: "
    lines = parser.format_usage().removeprefix(prefix).rstrip().splitlines()
    rest = [line.removeprefix(" " * len(prefix)) for line in lines[1:]]
    return "\n".join([lines[0], *rest])


_OPTION = re.compile(r"(?<![\w-])(--?[a-z][a-z-]*)")


def _prose(text: str) -> list[Node]:
    """``text`` with option names as literals (so that ``--set`` keeps its two hyphens)."""
    out: list[Node] = []
    for index, part in enumerate(_OPTION.split(text)):
        if index % 2:
            out.append(nodes.literal(part, part))
        elif part:
            out.append(nodes.Text(part))
    return out


def _argument_term(action: argparse.Action) -> str:
    if not action.option_strings:
        return str(action.metavar or action.dest)
    if action.nargs == 0:
        return ", ".join(action.option_strings)
    if action.metavar is not None:
        metavar = str(action.metavar)
    elif action.choices is not None:
        metavar = "{" + ",".join(str(c) for c in action.choices) + "}"
    else:
        metavar = action.dest.upper()
    return ", ".join(f"{option} {metavar}" for option in action.option_strings)


def _argument_facts(action: argparse.Action) -> list[Node]:
    facts: list[Node] = []
    if action.choices is not None:
        facts += [nodes.Text("Choices: "), *_literal_list([str(c) for c in action.choices], "or")]
        facts.append(nodes.Text(". "))
    default = action.default
    if action.nargs != 0 and default not in (None, [], argparse.SUPPRESS):
        facts += [
            nodes.Text("Default: "),
            nodes.literal(str(default), str(default)),
            nodes.Text(". "),
        ]
    if action.option_strings and action.required:
        facts.append(nodes.Text("Required. "))
    if isinstance(action, argparse._AppendAction):
        facts.append(nodes.Text("Repeatable. "))
    if action.nargs in ("*", "+"):
        facts.append(nodes.Text("Any number. " if action.nargs == "*" else "One or more. "))
    if not action.option_strings and action.nargs == "?":
        facts.append(nodes.Text("Optional. "))
    return facts


def _matches(term: str, action: argparse.Action) -> bool:
    first = term.strip("`").split()[0].rstrip(",") if term.strip("`").split() else ""
    names = set(action.option_strings) or {str(action.metavar or action.dest)}
    return first in names


class CommandDirective(SphinxDirective):
    """``.. mlt:command:: assess``: synopsis and arguments from the parser."""

    optional_arguments = 1
    has_content = True

    def run(self) -> list[Node]:
        try:
            root = _parser(self.env)
        except ValueError as exc:
            raise self.error(str(exc)) from None
        _depend_on(self, _import_callable(self.env.config.multilat_parser, "multilat_parser"))
        command = self.arguments[0] if self.arguments else ""
        commands = _subparsers(root)
        if command and command not in commands:
            raise self.error(
                f"the parser has no command {command!r} (its commands: {', '.join(commands)})"
            )
        parser = commands[command] if command else root
        prose = _definitions(self)
        actions = [
            a
            for a in parser._actions
            if not isinstance(a, argparse._SubParsersAction)
            # Every command has -h; the global options say so once.
            and not (command and isinstance(a, argparse._HelpAction))
        ]
        for term, (_, line) in prose.items():
            if not any(_matches(term, a) for a in actions):
                logger.warning(
                    "%s has no argument %r",
                    parser.prog,
                    term,
                    location=(self.env.docname, line or self.lineno),
                )

        anchor = f"mlt-command-{command or 'multilat'}"
        _domain(self.env).note(
            "command", command or parser.prog, anchor, parser.prog, self.get_location()
        )
        target = nodes.target("", "", ids=[anchor])
        self.state.document.note_explicit_target(target)
        out: list[Node] = [target]
        usage = _usage(parser)
        out.append(nodes.literal_block(usage, usage, language="text"))
        summary = parser.description or _command_help(root, command)
        if summary:
            out.append(nodes.paragraph("", "", *_prose(summary), classes=["mlt-command-summary"]))
        if actions:
            listing = nodes.definition_list(classes=["mlt-arguments"])
            for action in actions:
                term_text = _argument_term(action)
                item = nodes.definition_list_item()
                item += nodes.term("", "", nodes.literal(term_text, term_text))
                definition = nodes.definition()
                written = next((p for t, (p, _) in prose.items() if _matches(t, action)), None)
                if written is not None:
                    definition.extend(n.deepcopy() for n in written)
                elif action.help:
                    text = action.help[0].upper() + action.help[1:] + "."
                    definition += nodes.paragraph("", "", *_prose(text))
                facts = _argument_facts(action)
                if facts:
                    definition += nodes.paragraph("", "", *facts, classes=["mlt-argument-facts"])
                item += definition
                listing += item
            out.append(listing)
        return out


# -- hooks -------------------------------------------------------------------


def _hookspecs() -> dict[str, Callable[..., Any]]:
    from multilat import hookspecs

    marker = f"{hookspecs.PROJECT_NAME}_spec"
    return {
        name: function
        for name, function in inspect.getmembers(hookspecs, inspect.isfunction)
        if hasattr(function, marker)
    }


class HookDirective(SphinxDirective):
    """``.. mlt:hook:: multilat_knowledge``: one hook, from :mod:`multilat.hookspecs`."""

    required_arguments = 1
    has_content = True

    def run(self) -> list[Node]:
        from multilat import hookspecs

        name = self.arguments[0]
        specs = _hookspecs()
        if name not in specs:
            raise self.error(f"{name!r} is not a hook (the hooks: {', '.join(sorted(specs))})")
        _depend_on(self, specs[name])
        options = getattr(specs[name], f"{hookspecs.PROJECT_NAME}_spec")
        self.env.domains["mlt"].data["hooks"][name] = self.env.docname
        lines = [f".. autofunction:: multilat.hookspecs.{name}", ""]
        collected = (
            "The first result that is not ``None`` is used (``firstresult``)."
            if options.get("firstresult")
            else "Called once per plugin; the results of all plugins are collected, then sorted."
        )
        lines += ["   " + collected]
        if options.get("historic"):
            lines += ["", "   Historic: a plugin registered later gets the earlier calls."]
        if options.get("warn_on_impl"):
            lines += ["", "   Implementing it warns: it is deprecated."]
        holder = nodes.section()
        nested_parse_with_titles(self.state, StringList(lines, source="multilat.hookspecs"), holder)
        holder.extend(self._content())
        return list(holder.children)

    def _content(self) -> list[Node]:
        if not self.content:
            return []
        holder = nodes.container()
        self.state.nested_parse(self.content, self.content_offset, holder)
        return list(holder.children)


# -- the knowledge base -------------------------------------------------------


def _object_anchor(object_id: str) -> str:
    return f"mlt-{object_id}"


def _influence_anchor(influence_id: str) -> str:
    return f"mlt-influence-{influence_id}"


def _name(obj: Any) -> str:
    name = getattr(obj, "name", None) or getattr(obj, "title", None)
    if isinstance(name, Text):
        return name.en
    return str(name) if name else str(obj.id)


def page_title(obj: Any) -> str:
    """The title of an object's page: ``9. Title`` for recommendations, else its name."""
    if isinstance(obj, Recommendation):
        return f"{obj.number}. {obj.title.en}"
    acronym = getattr(obj, "acronym", None)
    name = _name(obj)
    if isinstance(acronym, Text) and acronym.en != name:
        return f"{name} ({acronym.en})"
    return name


def _texts(text: Text | None, classes: Sequence[str] = ()) -> list[Node]:
    """Paragraphs of ``text``: the English, then the Dutch where there is one."""
    if text is None:
        return []
    out: list[Node] = [nodes.paragraph(text.en, text.en, classes=["mlt-en", *classes])]
    if text.nl is not None:
        para = nodes.paragraph("", "", classes=["mlt-nl", *classes])
        para += nodes.emphasis("Nederlands: ", "Nederlands: ")
        para += nodes.Text(text.nl)
        out.append(para)
    return out


def _link(kb: KnowledgeBase, object_id: str) -> Node:
    obj = kb.get(object_id)
    if obj is None or not isinstance(obj, Institution | Regime | Trend | Recommendation):
        return nodes.literal(object_id, object_id)
    return _xref("obj", object_id, page_title(obj))


def _concept(kb: KnowledgeBase, influence: Influence) -> list[Node]:
    out = [_link(kb, influence.effect)]
    if influence.dimension is not None:
        out.append(nodes.Text(f" ({influence.dimension.value})"))
    return out


def _citation(kb: KnowledgeBase, citation: Citation) -> nodes.block_quote:
    # The source's own words, verbatim: no typographic quotes put in.
    quote = nodes.block_quote(classes=["mlt-citation"], support_smartquotes=False)
    quote += nodes.paragraph("", f"“{citation.quote}”", lang="nl")
    where = f"{citation.source}, {citation.section}¶{citation.paragraph}"
    if citation.footnotes:
        where += ", " + ", ".join(f"footnote {n}" for n in citation.footnotes)
    quote += nodes.attribution(where, where)
    return quote


def _source_ids(obj: Any) -> list[str]:
    """The ids of the sources cited anywhere in ``obj`` or named by it, sorted."""
    from multilat.model import iter_citations

    found = {citation.source for _, citation in iter_citations(obj)}
    found.update(getattr(obj, "sources", ()) or ())
    for nested in (*getattr(obj, "memberships", ()), *getattr(obj, "events", ())):
        if nested.source:
            found.add(nested.source)
    return sorted(found)


def _reference(kb: KnowledgeBase, source_id: str) -> list[Node]:
    source = kb.get(source_id)
    if source is None:
        return [nodes.literal(source_id, source_id)]
    parts = [", ".join(source.authors)] if source.authors else []
    parts.append(source.title)
    parts += [p for p in (source.venue, source.date) if p]
    out: list[Node] = [nodes.literal(source_id, source_id), nodes.Text(": " + ", ".join(parts))]
    if source.url:
        out += [nodes.Text(", "), nodes.reference(source.url, source.url, refuri=source.url)]
    return out


def _citations(kb: KnowledgeBase, citations: Iterable[Citation]) -> list[Node]:
    return [_citation(kb, c) for c in citations]


def _fields(items: Iterable[tuple[str, Sequence[Node] | str]]) -> nodes.field_list:
    listing = nodes.field_list(classes=["mlt-facts"])
    for label, value in items:
        field = nodes.field()
        field += nodes.field_name(label, label)
        body = nodes.field_body()
        if isinstance(value, str):
            body += nodes.paragraph(value, value)
        else:
            body += nodes.paragraph("", "", *value)
        field += body
        listing += field
    return listing


def _section(title: str, anchor: str, children: Iterable[Node]) -> nodes.section:
    section = nodes.section(ids=[anchor])
    section += nodes.title(title, title)
    section.extend(children)
    return section


def _weight_words(influence: Influence) -> str:
    sign = "+" if influence.weight > 0 else "−"
    return (
        f"{sign}{abs(influence.weight):g} ({influence.strength}), "
        f"{influence.horizon.value} term, {influence.confidence.value} confidence"
    )


class ObjectDirective(SphinxDirective):
    """``.. mlt:object:: nato``: the page body of one object of the knowledge base."""

    required_arguments = 1
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {"graph": directives.flag}

    def run(self) -> list[Node]:
        kb = _knowledge(self.env)
        object_id = self.arguments[0]
        obj = kb.get(object_id)
        if obj is None:
            raise self.error(kb.unknown_id_message(object_id))
        if not isinstance(obj, Institution | Regime | Trend | Recommendation):
            raise self.error(f"{object_id!r} is {kb.kind_of(object_id)}: it has no page")
        self.kb = kb
        self.env.domains["mlt"].data["knowledge_docs"][self.env.docname] = True
        anchor = _object_anchor(object_id)
        title = page_title(obj)
        _domain(self.env).note("object", object_id, anchor, title, self.get_location())
        body: list[Node] = [self._facts(obj)]
        body += self._describe(obj)
        cited = set(_source_ids(obj))
        for influence in kb.influences:
            if influence.effect == object_id or influence.cause == object_id:
                cited.update(_source_ids(influence))
        about = {e.id for e in kb.of_kind("expectations") if object_id in e.about}
        for related in (*kb.of_kind("expectations"), *kb.of_kind("resolutions")):
            if related.id in about or getattr(related, "expectation", None) in about:
                cited.update(_source_ids(related))
                cited.update(e.source for e in getattr(related, "evidence", ()))
        if cited:
            body.append(
                _section(
                    "Sources",
                    f"{anchor}-sources",
                    [_bullets([_reference(kb, s) for s in sorted(cited)])],
                )
            )
        section = _section(title, anchor, body)
        # The data's text as written: quotes are verbatim, and so is the rest.
        section["support_smartquotes"] = False
        return [section]

    # The parts of a page ----------------------------------------------------

    def _facts(self, obj: Any) -> nodes.field_list:
        kb = self.kb
        facts: list[tuple[str, Sequence[Node] | str]] = [
            ("Id", [nodes.literal(obj.id, obj.id)]),
            ("Kind", kb.kind_of(obj.id) + (f" ({obj.kind.value})" if hasattr(obj, "kind") else "")),
            ("From", [nodes.literal(kb.origin(obj.id), kb.origin(obj.id))]),
        ]
        name = getattr(obj, "name", None) or getattr(obj, "title", None)
        if isinstance(name, Text) and name.nl is not None:
            facts.append(("Nederlands", name.nl))
        if isinstance(obj, Institution):
            if obj.parent:
                facts.append(("Part of", [_link(kb, obj.parent)]))
            if obj.host_state:
                facts.append(("Host state", obj.host_state))
            members = sorted(obj.members_at(_NOTE_DATE))
            if obj.memberships:
                facts.append(
                    (
                        "Members in July 2020",
                        f"{len(members)}: {', '.join(members)}" if members else "none known",
                    )
                )
        if isinstance(obj, Regime):
            facts.append(("Domain", obj.domain.value))
            facts.append(("Verification", "yes" if obj.verification else "no"))
            if obj.custodian:
                facts.append(("Custodian", [_link(kb, obj.custodian)]))
            facts.append(("Status in July 2020", obj.status_at(_NOTE_DATE).value))
            if obj.expires:
                facts.append(("Expires", obj.expires.isoformat()))
        if isinstance(obj, Trend) and obj.actor:
            actor = kb.get(obj.actor)
            facts.append(("Actor", _name(actor) if actor is not None else obj.actor))
        if isinstance(obj, Recommendation):
            facts.append(("Number", str(obj.number)))
            facts.append(("For", ", ".join(a.value for a in obj.addressees)))
        return _fields(facts)

    def _describe(self, obj: Any) -> list[Node]:
        kb = self.kb
        out: list[Node] = []
        if isinstance(obj, Recommendation):
            out += _texts(obj.text)
        else:
            out += _texts(getattr(obj, "description", None))
        if isinstance(obj, Institution):
            out += self._claims("Tasks", "tasks", obj.tasks)
            out += self._claims("Outlook", "outlook", obj.outlook)
        if isinstance(obj, Regime) and obj.events:
            out.append(self._events(obj))
        if isinstance(obj, Recommendation):
            if obj.targets:
                out.append(
                    _section(
                        "Concerns",
                        f"{_object_anchor(obj.id)}-targets",
                        [_bullets([[_link(kb, t)] for t in obj.targets])],
                    )
                )
            if obj.counters:
                out.append(
                    _section(
                        "Answers",
                        f"{_object_anchor(obj.id)}-counters",
                        [_bullets([self._counter(c) for c in obj.counters])],
                    )
                )
        citations = getattr(obj, "citations", ())
        if citations:
            out.append(
                _section(
                    "What the note says",
                    f"{_object_anchor(obj.id)}-citations",
                    _citations(kb, citations),
                )
            )
        if isinstance(obj, Institution | Regime):
            influences = [i for i in kb.influences if i.effect == obj.id]
            out += self._influences("Influences on it", obj.id, "in", influences, home=True)
            if "graph" in self.options and influences:
                out += _graph(self, obj.id)
        if isinstance(obj, Trend):
            causes = [i for i in kb.influences if i.effect == obj.id]
            effects = [i for i in kb.influences if i.cause == obj.id]
            out += self._influences("What drives it", obj.id, "in", causes, home=True)
            out += self._influences("What it drives", obj.id, "out", effects, home=False)
        out += self._hindsight(obj.id)
        if isinstance(obj, Institution | Regime | Trend):
            answering = [
                r for r in kb.recommendations if obj.id in r.targets or obj.id in r.counters
            ]
            if answering:
                out.append(
                    _section(
                        "Recommendations",
                        f"{_object_anchor(obj.id)}-recommendations",
                        [_bullets([[_link(kb, r.id)] for r in answering])],
                    )
                )
        return out

    def _hindsight(self, object_id: str) -> list[Node]:
        """The note's expectations about the object, with what became of them."""
        kb = self.kb
        expectations = [e for e in kb.of_kind("expectations") if object_id in e.about]
        if not expectations:
            return []
        resolutions = {r.expectation: r for r in kb.of_kind("resolutions")}
        section = nodes.section(ids=[f"{_object_anchor(object_id)}-hindsight"])
        section += nodes.title("In hindsight", "In hindsight")
        for expectation in expectations:
            block = nodes.container(classes=["mlt-expectation"])
            resolution = resolutions.get(expectation.id)
            verdict = resolution.verdict.value if resolution is not None else "unresolved"
            block += nodes.rubric(
                "", "", nodes.literal(expectation.id, expectation.id), nodes.Text(f": {verdict}")
            )
            when = []
            if expectation.by is not None:
                when.append(f"by {expectation.by.isoformat()}")
            if expectation.horizon is not None:
                when.append(f"{expectation.horizon.value} term")
            prefix = f"The note expects ({', '.join(when)}): " if when else "The note expects: "
            block += nodes.paragraph(prefix, prefix, classes=["mlt-expects"])
            block += _texts(expectation.expects)
            block += _citations(kb, expectation.citations)
            if resolution is not None:
                what = f"What happened (as of {resolution.as_of.isoformat()}):"
                block += nodes.paragraph(what, what)
                block += _texts(resolution.summary)
                items = []
                for item in sorted(resolution.evidence, key=lambda e: (e.date, e.source)):
                    when = nodes.paragraph(
                        "",
                        "",
                        nodes.Text(f"{item.date.isoformat()} ("),
                        nodes.literal(item.source, item.source),
                        nodes.Text("):"),
                    )
                    items.append([when, *_texts(item.text)])
                if items:
                    block += _bullets(items)
            section += block
        return [section]

    def _counter(self, object_id: str) -> list[Node]:
        kb = self.kb
        obj = kb.get(object_id)
        if isinstance(obj, Influence):
            ref = addnodes.pending_xref(
                "",
                refdomain="mlt",
                reftype="obj",
                reftarget=object_id,
                refwarn=True,
                refexplicit=True,
            )
            ref += nodes.inline(object_id, object_id)
            return [nodes.Text("the influence "), ref]
        return [_link(kb, object_id)]

    def _claims(self, title: str, slug: str, claims: Sequence[Claim]) -> list[Node]:
        if not claims:
            return []
        items = []
        for claim in claims:
            items.append([*_texts(claim.text), *_citations(self.kb, claim.citations)])
        return [_section(title, f"{_object_anchor(self.arguments[0])}-{slug}", [_bullets(items)])]

    def _events(self, regime: Regime) -> nodes.section:
        items = []
        for event in sorted(regime.events, key=lambda e: (e.date, e.kind.value)):
            line = f"{event.date.isoformat()}: {event.kind.value}"
            if event.party:
                line += f" ({event.party})"
            if event.until:
                line += f", until {event.until.isoformat()}"
            parts: list[Node] = [nodes.paragraph(line, line)]
            parts += _texts(event.description)
            if event.source:
                source = self.kb.get(event.source)
                text = f"Source: {source.title if source is not None else event.source}"
                parts.append(nodes.paragraph(text, text))
            parts += _citations(self.kb, event.citations)
            items.append(parts)
        return _section("Events", f"{_object_anchor(regime.id)}-events", [_bullets(items)])

    def _influences(
        self, title: str, owner: str, direction: str, influences: Sequence[Influence], home: bool
    ) -> list[Node]:
        if not influences:
            return []
        kb = self.kb
        section = nodes.section(ids=[f"{_object_anchor(owner)}-influences-{direction}"])
        section += nodes.title(title, title)
        ordered = sorted(
            influences,
            key=lambda i: (i.horizon.value != "short", i.dimension or "", -abs(i.weight), i.id),
        )
        for influence in ordered:
            heading: list[Node]
            if direction == "in":
                heading = [_link(kb, influence.cause), nodes.Text(" → "), *_concept(kb, influence)]
            else:
                heading = [nodes.Text("→ "), *_concept(kb, influence)]
            anchor = _influence_anchor(influence.id)
            block = nodes.container(classes=["mlt-influence"])
            if home:
                block["ids"].append(anchor)
                _domain(self.env).note(
                    "object", influence.id, anchor, f"{influence.cause} → {influence.effect}", None
                )
            block += nodes.rubric("", "", *heading)
            words = _weight_words(influence)
            block += nodes.paragraph(
                "", "", nodes.literal(influence.id, influence.id), nodes.Text(f": {words}")
            )
            block += _texts(influence.mechanism)
            if influence.hedge_exception:
                text = f"Why its hedge words do not hedge: {influence.hedge_exception}"
                block += nodes.paragraph(text, text)
            block += _citations(kb, influence.citations)
            section += block
        return [section]


def _bullets(items: Iterable[Sequence[Node]]) -> nodes.bullet_list:
    listing = nodes.bullet_list()
    for content in items:
        item = nodes.list_item()
        if content and all(isinstance(c, nodes.Body) for c in content):
            item.extend(content)
        else:
            item += nodes.paragraph("", "", *content)
        listing += item
    return listing


# -- the influence graph --------------------------------------------------------


def _graph(directive: SphinxDirective, target: str, horizon: str | None = None) -> list[Node]:
    """The influence map into ``target``, as the installed ``dot`` format draws it."""
    from sphinx.ext.graphviz import graphviz

    from multilat.assess import assess
    from multilat.formats import Report
    from multilat.model import Horizon
    from multilat.plugins import load_formats

    kb = _knowledge(directive.env)
    formats = load_formats(strict=True, host=_host(directive.env))
    if "dot" not in formats:
        raise directive.error("the influence graph needs the 'dot' format (multilat-graph)")
    chosen = Horizon(horizon) if horizon else Horizon.LONG
    assessment = assess(kb, target, horizon=chosen)
    code = formats["dot"].render(Report(knowledge=kb, lang="en", assessment=assessment))
    if isinstance(code, bytes):
        code = code.decode("utf-8")
    node = graphviz()
    node["code"] = code
    node["options"] = {"docname": directive.env.docname}
    node["alt"] = f"The {chosen.value}-term influence map of {target}"
    node["align"] = "center"
    return [node]


class InfluenceGraphDirective(SphinxDirective):
    """``.. mlt:influence-graph:: nato``: the influence map of one target, drawn at build time."""

    required_arguments = 1
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "horizon": lambda value: directives.choice(value, ("short", "long")),
        "caption": directives.unchanged,
    }

    def run(self) -> list[Node]:
        kb = _knowledge(self.env)
        self.env.domains["mlt"].data["knowledge_docs"][self.env.docname] = True
        target = self.arguments[0]
        if not isinstance(kb.get(target), Institution | Regime):
            raise self.error(f"{target!r} is not an institution or regime of the knowledge base")
        drawn = _graph(self, target, self.options.get("horizon"))
        if "caption" not in self.options:
            return drawn
        figure = nodes.figure("", *drawn)
        caption = self.options["caption"]
        figure += nodes.caption(caption, caption)
        return [figure]


# -- vocabularies ------------------------------------------------------------------


def _values_role(
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Any,
    options: dict[str, Any] | None = None,
    content: Sequence[str] = (),
) -> tuple[list[Node], list[system_message]]:
    """``:mlt-values:`Dimension```: the values of a vocabulary, as literals."""
    from multilat import model

    vocabulary = getattr(model, text, None)
    if not (isinstance(vocabulary, type) and issubclass(vocabulary, enum.Enum)):
        message = inliner.reporter.error(
            f"{text!r} is not a vocabulary of multilat.model", line=lineno
        )
        return [inliner.problematic(rawtext, rawtext, message)], [message]
    return _literal_list([str(m.value) for m in vocabulary], "and"), []


# -- the pages of the knowledge base ------------------------------------------------


def _write(path: Path, text: str) -> None:
    # Only a changed page is rewritten, so that Sphinx rebuilds only those.
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def _heading(text: str, underline: str, overline: bool = False) -> str:
    line = underline * max(len(text), 3)
    return f"{line}\n{text}\n{line}\n" if overline else f"{text}\n{line}\n"


def write_knowledge_pages(kb: KnowledgeBase, folder: Path, graphs: bool = True) -> list[Path]:
    """Write the pages of the "Knowledge base" part into ``folder``; return them.

    One page per institution, regime, trend and recommendation (each an
    ``mlt:object`` directive) and an ``index`` with their tables of contents.
    Files of objects that are gone are removed; a folder that this function
    did not make is refused, so that nobody's own pages are deleted.
    """
    if folder.exists() and any(folder.iterdir()) and not (folder / _MARKER).exists():
        raise ValueError(f"{folder} exists and was not written by multilat.sphinxext")
    folder.mkdir(parents=True, exist_ok=True)
    _write(folder / _MARKER, "Written by multilat.sphinxext at each build: do not edit.\n")
    written = []
    index = [
        ".. This page is written by multilat.sphinxext at each build.",
        "",
        _heading("Knowledge base", "#", overline=True),
        "Every institution, regime, trend and recommendation of the installed content,",
        "one page each, generated from the data at build time: its facts, what the note",
        "says of it in the note's own words, and the influences that act on it, each with",
        "its weight, horizon and confidence and the quotes it rests on. Link to a page",
        "from anywhere with the ``mlt`` role (``:mlt:`nato```).",
        "",
        "This build's content comes from:",
        "",
    ]
    origins = sorted({kb.origin(i) for i in kb})
    index += [
        f"- ``{name}``: {sum(1 for i in kb if kb.origin(i) == name)} objects" for name in origins
    ]
    index.append("")
    wanted: set[Path] = {folder / _MARKER, folder / "index.rst"}
    for kind in PAGE_KINDS:
        objects = kb.of_kind(kind)
        if not objects:
            continue
        (folder / kind).mkdir(exist_ok=True)
        index += [
            _heading(_KIND_TITLES[kind], "="),
            ".. toctree::",
            "   :maxdepth: 1",
            "",
        ]
        for obj in objects:
            page = folder / kind / f"{obj.id}.rst"
            options = "   :graph:\n" if graphs and isinstance(obj, Institution | Regime) else ""
            _write(
                page,
                ".. This page is written by multilat.sphinxext at each build.\n\n"
                f".. mlt:object:: {obj.id}\n{options}",
            )
            wanted.add(page)
            written.append(page)
            index.append(f"   {kind}/{obj.id}")
        index.append("")
    _write(folder / "index.rst", "\n".join(index))
    written.append(folder / "index.rst")
    for path in sorted(folder.rglob("*"), reverse=True):
        if path.is_file() and path not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return written


def _fingerprint(kb: KnowledgeBase) -> str:
    import hashlib

    from multilat.data import dumps_json

    return hashlib.sha256(dumps_json(kb).encode("utf-8")).hexdigest()


def _knowledge_outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Pages rendered from the knowledge base, when the knowledge base has changed."""
    data = env.domains["mlt"].data
    if not data["knowledge_docs"] and not env.config.multilat_knowledge_dir:
        return []  # nothing rendered from the knowledge base: do not load it
    fingerprint = _fingerprint(_knowledge(env))
    if data["fingerprint"] == fingerprint:
        return []
    data["fingerprint"] = fingerprint
    return sorted(set(data["knowledge_docs"]) - removed)


def _builder_inited(app: Sphinx) -> None:
    folder_name = app.config.multilat_knowledge_dir
    if not folder_name:
        return
    from multilat.plugins import load_formats

    kb = _knowledge(app.env)
    # The graphs need the dot format (multilat-graph); without it, pages have none.
    graphs = app.config.multilat_knowledge_graphs and "dot" in load_formats(
        strict=True, host=_host(app.env)
    )
    write_knowledge_pages(kb, Path(app.srcdir) / folder_name, graphs)


# -- coverage -------------------------------------------------------------------------


def _check_coverage(app: Sphinx, env: BuildEnvironment) -> None:
    if not app.config.multilat_check_coverage:
        return
    domain = _domain(env)
    tables = {name for (kind, name) in domain.entries if kind == "table"}
    for name in sorted(set(_documented_tables()) - tables):
        logger.warning("multilat: the data-file table %s has no mlt:data-table", name)
    commands = {name for (kind, name) in domain.entries if kind == "command"}
    parser = _parser(env)
    for name in sorted({parser.prog, *_subparsers(parser)} - commands):
        logger.warning("multilat: the command %r has no mlt:command", name)
    for name in sorted(set(_hookspecs()) - set(domain.hooks)):
        logger.warning("multilat: the hook %s has no mlt:hook", name)


MultilatDomain.directives = {
    "data-table": DataTableDirective,
    "command": CommandDirective,
    "hook": HookDirective,
    "object": ObjectDirective,
    "influence-graph": InfluenceGraphDirective,
}


def public_modules(package: str = "multilat") -> list[str]:
    """``package`` and every module under it whose dotted name has no ``_`` part."""
    import pkgutil

    root = importlib.import_module(package)
    found = [package]
    for info in pkgutil.walk_packages(root.__path__, prefix=f"{package}."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            found.append(info.name)
    return sorted(found)


def _resolve(dotted: str) -> Any:
    """The object at a dotted name, or ``None``."""
    parts = dotted.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            obj: Any = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        try:
            for part in parts[cut:]:
                obj = getattr(obj, part)
        except AttributeError:
            return None
        return obj
    return None


def undocumented_names(env: BuildEnvironment, modules: Iterable[str]) -> list[str]:
    """Names in the ``__all__`` of ``modules`` that no Python object of the docs documents.

    A name counts as documented when the docs document the very same object
    under any name: ``multilat.KnowledgeBase`` is documented by
    ``multilat.knowledge.KnowledgeBase``, ``multilat.assess.engine.infer``
    by ``multilat.assess.infer``.
    """
    documented = set(env.domains["py"].objects)
    # Only objects worth identifying: small ints and strings are shared by accident.
    same = {
        id(obj)
        for obj in map(_resolve, documented)
        if obj is not None and not isinstance(obj, int | float | str | bool)
    }
    missing = []
    for module_name in modules:
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", ()):
            if f"{module_name}.{name}" in documented:
                continue
            obj = getattr(module, name, None)
            if isinstance(obj, int | float | str | bool):
                # A constant re-exported under its own name is the same object.
                if any(d.rpartition(".")[2] == name and _resolve(d) is obj for d in documented):
                    continue
            elif obj is not None and id(obj) in same:
                continue
            missing.append(f"{module_name}.{name}")
    return missing


def _check_public_names(app: Sphinx, env: BuildEnvironment) -> None:
    if not app.config.multilat_check_public_names:
        return
    modules = app.config.multilat_public_modules or public_modules()
    for name in undocumented_names(env, modules):
        logger.warning("multilat: the public name %s is not documented", name)


def _attribute_docs(module: str) -> dict[tuple[str, str], list[str]]:
    """The ``#:`` comments of ``module``'s attributes, as autodoc reads them."""
    from sphinx.errors import PycodeError
    from sphinx.pycode import ModuleAnalyzer

    try:
        return dict(ModuleAnalyzer.for_module(module).find_attr_docs())
    except PycodeError:
        return {}


def _reexported_data_doc(
    app: Sphinx, what: str, name: str, obj: Any, options: object, lines: list[str]
) -> None:
    """A constant a package re-exports keeps the ``#:`` comment of the module defining it.

    autodoc reads those comments from the source of the module it documents
    the name in; for ``multilat.assess.INCOMING_CAP``, defined in a private
    module and imported into the package, it finds none and shows the
    docstring of ``float`` instead. This takes the comment from the
    package's own module that defines the same object.
    """
    if what != "data":
        return
    package, _, attribute = name.rpartition(".")
    if not package or ("", attribute) in _attribute_docs(package):
        return
    for module_name in sorted(sys.modules):
        if not module_name.startswith(package + "."):
            continue
        if getattr(sys.modules[module_name], attribute, _NOT_THERE) is not obj:
            continue
        found = _attribute_docs(module_name).get(("", attribute))
        if found:
            lines[:] = [*found]
            return


_NOT_THERE = object()


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the directives, roles, the ``mlt`` domain and the configuration."""
    app.setup_extension("sphinx.ext.graphviz")
    # Its event carries the comments of constants a package re-exports.
    app.setup_extension("sphinx.ext.autodoc")
    app.add_config_value("multilat_plugin_host", "", "env", str)
    app.add_config_value("multilat_parser", "multilat.cli:_parser", "env", str)
    app.add_config_value("multilat_knowledge_dir", "knowledge", "env", str)
    app.add_config_value("multilat_knowledge_graphs", True, "env", bool)
    app.add_config_value("multilat_check_coverage", True, "env", bool)
    app.add_config_value("multilat_check_public_names", True, "env", bool)
    app.add_config_value("multilat_public_modules", [], "env", list)
    app.add_domain(MultilatDomain)
    app.add_role("mlt", ObjectRole(innernodeclass=nodes.inline))
    app.add_role("mlt-values", _values_role)
    app.connect("builder-inited", _builder_inited)
    app.connect("env-get-outdated", _knowledge_outdated)
    app.connect("env-check-consistency", _check_coverage)
    app.connect("env-check-consistency", _check_public_names)
    app.connect("warn-missing-reference", _warn_missing)
    app.connect("autodoc-process-docstring", _reexported_data_doc)
    return {
        "version": multilat.__version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
        "env_version": 2,
    }


def _warn_missing(app: Sphinx, domain: Domain, node: pending_xref) -> bool | None:
    if node.get("mlt_soft"):
        return True
    message = _missing_mlt_reference(app, domain, node)
    if message is None:
        return None
    logger.warning(message, location=node, type="ref", subtype="mlt")
    return True
