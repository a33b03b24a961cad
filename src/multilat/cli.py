"""The ``multilat`` command.

Exit codes: 0 all well; 1 a finding (``check`` found problems); 2 bad usage
or bad input (an unknown id or format, an unreadable file, and any plugin or
content problem under ``--strict``); 70 an internal error, which is a bug.
``hindsight`` shows the note's expectations, their verdicts and the
note's track record. ``plugins`` is a diagnosis: it lists failed plugins and exits 0 even under
``--strict``. ``assess`` runs the impact assessment (:mod:`multilat.assess`,
imported only by that command, so the others never load NumPy).
A user never sees a traceback for bad input: every problem is one line on
stderr, ``file:line: object-id: field: what is wrong``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import enum
import os
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any, NoReturn, overload

import attrs

from multilat.errors import (
    DataError,
    KnowledgeError,
    MultilatError,
    PluginError,
    Problem,
    did_you_mean,
)
from multilat.knowledge import BUILTIN_PLUGIN
from multilat.labels import enum_word, field_label, kind_label, label, word
from multilat.model import KINDS, Citation, Fragment, Horizon, ScenarioOrigin, Text, kind_named

if TYPE_CHECKING:
    from multilat.formats import Document, Format, Report
    from multilat.knowledge import KnowledgeBase
    from multilat.model import Scenario

__all__ = ["main"]

PROG = "multilat"
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 70
_LIST_KINDS = (*KINDS, "formats")


class UsageError(MultilatError):
    """Bad arguments or input: one line, exit 2."""


def _terminal_width() -> int:
    """The columns :func:`shutil.get_terminal_size` gives: ``$COLUMNS``, the terminal's, or 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0 and sys.__stdout__ is not None:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return max(columns, 0) or 80


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's help layout, as wide as the terminal, found without :mod:`shutil`.

    argparse makes a formatter for every argument added (to check its
    metavar), and its own asks :mod:`shutil` for the width: importing it,
    and the compression modules it imports, took 2 ms of every command.
    """

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
        **options: Any,  # those of later Pythons' HelpFormatter
    ) -> None:
        if width is None:
            width = _terminal_width() - 2  # as argparse leaves two columns free
        super().__init__(prog, indent_increment, max_help_position, width, **options)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)

    # argparse prints usage plus a message and exits; one line is enough.
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Structured, source-traceable assessment of the multilateral security order.",
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    parser.add_argument(
        "--strict",
        action="store_true",
        help="treat a plugin that fails or content that fails its checks as an error",
    )
    # --strict is accepted after the command too (``check --strict``); SUPPRESS
    # keeps a command's default from undoing it given before the command.
    strict = _Parser(add_help=False)
    strict.add_argument(
        "--strict", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    add_parser = commands.add_parser

    def add_command(name: str, **kwargs: Any) -> argparse.ArgumentParser:
        return add_parser(name, parents=[strict], **kwargs)

    commands.add_parser = add_command  # type: ignore[method-assign,assignment]

    plugins = commands.add_parser("plugins", help="list installed plugins and what they give")
    plugins.add_argument("--json", action="store_true", help="print JSON")

    listing = commands.add_parser("list", help="list the objects of one kind")
    listing.add_argument("kind", metavar="KIND", help=f"one of: {', '.join(_LIST_KINDS)}")
    listing.add_argument("--lang", choices=Text.LANGUAGES, default="en")

    show = commands.add_parser("show", help="show one object with its citations")
    show.add_argument("id", metavar="ID")
    show.add_argument("--lang", choices=Text.LANGUAGES, default="en")

    check = commands.add_parser(
        "check", help="check the installed content and the given TOML files"
    )
    check.add_argument("paths", nargs="*", metavar="PATH", help="TOML data files")
    check.add_argument(
        "--note",
        metavar="FILE",
        help="the note's text: check every quote and locator against it",
    )
    check.add_argument(
        "--source",
        metavar="ID",
        help="the source whose text --note is (default: the one source with sections)",
    )

    report = commands.add_parser("report", help="write a report of the knowledge base")
    report.add_argument("--format", required=True, metavar="NAME", help="an output format")
    report.add_argument(
        "-o", "--output", metavar="FILE", help="write here instead of stdout ('-': stdout)"
    )
    report.add_argument("--lang", choices=Text.LANGUAGES, default="en")

    assess = commands.add_parser(
        "assess",
        help="assess the institutions and regimes under a scenario",
        description=(
            "Run the knowledge base's cognitive map from the baseline (July 2020) and,"
            " with --scenario or --set, under a scenario: per institution or regime and"
            " dimension the level reached (-1 to 1, below 0 = harm), the change against"
            " the baseline, the strongest paths behind it and the recommendations that"
            " answer the harm."
        ),
    )
    assess.add_argument(
        "target", nargs="?", metavar="TARGET", help="one institution or regime (default: all)"
    )
    assess.add_argument("--scenario", metavar="NAME", help="a named scenario (multilat scenarios)")
    assess.add_argument(
        "--set",
        dest="levels",
        action="append",
        default=[],
        metavar="TREND=LEVEL",
        help="hold TREND at LEVEL in [-1, 1] (0.5: as in July 2020); repeatable;"
        " overrides the scenario's level for that trend",
    )
    assess.add_argument(
        "--horizon",
        choices=[h.value for h in Horizon],
        help="short or long term (default: the scenario's horizon, else long)",
    )
    assess.add_argument(
        "--ensemble",
        type=_positive_int,
        metavar="N",
        help="also draw the weights N times from their judgments (uncertainty)",
    )
    assess.add_argument(
        "--seed", type=int, metavar="S", help="seed of the ensemble's draws (default 0)"
    )
    assess.add_argument(
        "--on",
        type=_iso_date,
        metavar="DATE",
        help="assess as of DATE (YYYY-MM-DD; default: the note's date, 2020-07-01): regimes"
        " not in force and institutions without members then are reported, not assessed",
    )
    assess.add_argument(
        "--calibration",
        choices=("capped", "none"),
        default="capped",
        help="how the influences on a concept combine: capped (default; their absolute"
        " weights scaled to add up to at most 1.4) or none (as judged, as fcmpy)",
    )
    assess.add_argument(
        "--explain",
        metavar="KEY",
        help="print how the level of KEY (an outcome such as nato.cohesion, or a trend)"
        " was reached: its influences with weights and quotes, and the held trends",
    )
    assess.add_argument(
        "--format",
        metavar="NAME",
        help="the output format (default: text, as the terminal shows it; json, markdown, …)",
    )
    assess.add_argument("--lang", choices=Text.LANGUAGES, default="en")

    hindsight = commands.add_parser(
        "hindsight",
        help="the note's expectations against what happened, and its track record",
        description=(
            "Each expectation of the note (its quote and locator, what it expects, by"
            " when), the verdict of hindsight (borne-out, not-borne-out, mixed, open) with"
            " its dated, sourced evidence, and the counts per verdict. Verdicts come from"
            " the multilat-hindsight plugin; without it every expectation is unresolved."
        ),
    )
    hindsight.add_argument("--json", action="store_true", help="print JSON")
    hindsight.add_argument("--lang", choices=Text.LANGUAGES, default="en")

    scenarios = commands.add_parser("scenarios", help="list the named scenarios")
    scenarios.add_argument("--json", action="store_true", help="print JSON")
    scenarios.add_argument("--lang", choices=Text.LANGUAGES, default="en")
    return parser


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date; expected YYYY-MM-DD, like 2020-07-01"
        ) from None


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not at least 1")
    return value


# -- commands ---------------------------------------------------------------


def _cmd_plugins(args: argparse.Namespace, out: IO[str]) -> int:
    from multilat.knowledge import KnowledgeBase
    from multilat.plugins import get_host

    host = get_host()
    infos = host.plugins()
    fragments, hook_problems = host.knowledge()
    contributions = host.contributions()
    replacements: dict[str, list[dict[str, Any]]] = {}
    for r in KnowledgeBase.build(fragments, requires=host.requirements()).replacements:
        replacements.setdefault(r.plugin, []).append({"id": r.object_id, "from": list(r.replaced)})
    failed = [
        {"name": i.name, "version": i.version, "module": i.module, "error": i.error}
        for i in infos
        if i.error is not None
    ]
    by_name = {i.name: i for i in infos}
    for p in [*hook_problems, *host.formats()[1]]:
        if p.plugin is not None:
            info = by_name.get(p.plugin)
            failed.append(
                {
                    "name": p.plugin,
                    "version": info.version if info else None,
                    "module": info.module if info else None,
                    "error": str(attrs.evolve(p, plugin=None)),
                }
            )
    failed += [
        {"name": None, "version": None, "module": None, "error": p.message}
        for p in host.failures
        if p.plugin is None
    ]
    loaded = [
        {
            "name": i.name,
            "version": i.version,
            "module": i.module,
            "builtin": i.builtin,
            "hooks": list(i.hooks),
            "contributes": contributions.get(i.name, {}),
            # Time in its import and hooks: which plugin slows every command down.
            "load_seconds": round(host.load_seconds(i.name), 3),
            # Objects it replaces on purpose (replaces = "id" in its data), and whose.
            "replaces": replacements.get(i.name, []),
        }
        for i in infos
        if i.error is None
    ]
    if args.json:
        import json

        json.dump({"plugins": loaded, "failed": failed}, out, indent=2, sort_keys=True)
        out.write("\n")
        return EXIT_OK
    for plugin in loaded:
        version = f" {plugin['version']}" if plugin["version"] else ""
        builtin = " (built-in)" if plugin["builtin"] else ""
        out.write(f"{plugin['name']}{version}{builtin}\n")
        hooks: list[str] = plugin["hooks"]  # type: ignore[assignment]
        out.write(f"  hooks: {', '.join(hooks) or 'none'}\n")
        contributes: dict[str, Any] = plugin["contributes"]  # type: ignore[assignment]
        gives = [
            f"{n} {k if n != 1 else _singular(k)}"
            if k != "formats"
            else f"formats: {', '.join(n)}"
            for k, n in contributes.items()
        ]
        out.write(f"  contributes: {'; '.join(gives) or 'nothing'}\n")
        replaced: list[dict[str, Any]] = plugin["replaces"]  # type: ignore[assignment]
        if replaced:
            whose = [
                f"{r['id']} from {', '.join(r['from']) or 'no installed plugin'}" for r in replaced
            ]
            out.write(f"  replaces: {'; '.join(whose)}\n")
        out.write(f"  load time: {plugin['load_seconds']:.2f} s\n")
    if failed:
        out.write("failed:\n")
        for failure in failed:
            name = failure["name"] or "(environment)"
            out.write(f"  {name}: {failure['error']}\n")
    return EXIT_OK


def _singular(plural: str) -> str:
    found = kind_named(plural)
    return found.name if found is not None else plural


def _resolve_kind(kind: str) -> str:
    """The plural of a kind given in the singular or the plural (the registry's words)."""
    found = kind_named(kind)
    if found is not None:
        return found.plural
    if kind.casefold() in ("format", "formats"):
        return "formats"
    hint = did_you_mean(kind, _LIST_KINDS)
    raise UsageError(f"unknown kind {kind!r}{hint}; known: {', '.join(_LIST_KINDS)}")


def _summary(obj: Any, lang: str) -> str:
    """One line naming an object, for listings."""
    from multilat.model import Influence, Recommendation, Source

    if isinstance(obj, Influence):
        effect = f"{obj.effect}.{obj.dimension}" if obj.dimension else obj.effect
        term = label(lang, "term", horizon=word(lang, obj.horizon.value))
        confidence = label(lang, "confidence", confidence=word(lang, obj.confidence.value))
        strength = word(lang, obj.strength)
        return f"{obj.cause} -> {effect}  {obj.weight:+g} {strength}, {term}, {confidence}"
    if isinstance(obj, Recommendation):
        return f"{obj.number}. {obj.title.in_language(lang)}"
    if isinstance(obj, Source):
        return obj.title
    name = getattr(obj, "name", None)
    return name.in_language(lang) if isinstance(name, Text) else ""


def _cmd_list(args: argparse.Namespace, out: IO[str]) -> int:
    kind = _resolve_kind(args.kind)
    if kind == "formats":
        from multilat.plugins import load_formats

        formats = load_formats(strict=args.strict)
        out.writelines(_columns([_format_row(f) for f in formats.values()]))
        return EXIT_OK
    kb = _knowledge(args.strict)
    rows = [[obj.id, _summary(obj, args.lang)] for obj in kb.of_kind(kind)]
    if kind in ("institutions", "regimes"):
        # Which can be assessed, and in which horizons: `assess ID` answers for all.
        for row in rows:
            horizons = kb.judged_in(row[0])
            words = ", ".join(word(args.lang, h.value) for h in horizons)
            row.append(
                label(args.lang, "can-assess", horizons=words)
                if horizons
                else label(args.lang, "cannot-assess")
            )
    out.writelines(_columns(rows))
    return EXIT_OK


def _format_row(fmt: Format) -> list[str]:
    from multilat.formats import Document

    # In the vocabulary's order, comma-joined without spaces: one column.
    renders = ",".join(d.value for d in Document if d in fmt.documents)
    return [fmt.name, fmt.media_type, fmt.suffix, renders, fmt.description]


def _columns(rows: Sequence[Sequence[str]]) -> list[str]:
    """Rows as lines of left-aligned columns two spaces apart."""
    if not rows:
        return []
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        + "\n"
        for row in rows
    ]


def _describe(value: Any, lang: str, indent: str) -> Iterator[str]:
    """Readable lines for a field value of a domain object."""
    if isinstance(value, Text):
        yield value.in_language(lang)
    elif isinstance(value, Citation):
        fn = label(lang, "footnote")
        notes = f" [{fn} {', '.join(map(str, value.footnotes))}]" if value.footnotes else ""
        yield f"{value.source} {value.locator}{notes}: \u201c{value.quote}\u201d"
    elif isinstance(value, enum.Enum):
        # English shows the value as data files spell it.
        yield str(value.value) if lang == "en" else enum_word(lang, value)
    elif attrs.has(type(value)):
        from multilat.model import Scenario, Source

        for attribute in attrs.fields(type(value)):
            item = getattr(value, attribute.name)
            if item is None or item == () or not attribute.init:
                continue
            name = field_label(lang, attribute.name)
            if isinstance(value, Scenario) and attribute.name == "levels":
                # Stored as (trend, level) pairs; shown as written in TOML and --set.
                yield f"{name}:"
                yield from (f"  - {trend} = {level:g}" for trend, level in item)
                continue
            if isinstance(value, Source) and attribute.name == "date":
                # Kept as the work gives it, in the work's language ("juli 2020").
                yield f"{name}: {label(lang, 'date-as-given', date=item)}"
                continue
            lines = list(_describe(item, lang, indent + "  "))
            if len(lines) == 1 and not isinstance(item, tuple):
                yield f"{name}: {lines[0]}"
            else:
                yield f"{name}:"
                yield from (f"  {line}" for line in lines)
    elif isinstance(value, tuple):
        for item in value:
            lines = list(_describe(item, lang, indent))
            if lines:
                yield f"- {lines[0]}"
                yield from (f"  {line}" for line in lines[1:])
    elif isinstance(value, float):
        yield f"{value:+g}"
    elif hasattr(value, "isoformat"):
        yield value.isoformat()
    else:
        yield str(value)


def _cmd_show(args: argparse.Namespace, out: IO[str]) -> int:
    kb = _knowledge(args.strict)
    obj = kb.find(args.id)  # an id, name or acronym, in any case
    kind = kind_label(args.lang, kb.kind_of(obj.id))
    out.write(label(args.lang, "from", kind=kind, id=obj.id, plugin=kb.origin(obj.id)) + "\n")
    for line in _describe(obj, args.lang, ""):
        if line.startswith("id: "):
            continue
        out.write(f"  {line}\n")
    return EXIT_OK


def _cmd_check(args: argparse.Namespace, out: IO[str]) -> int:
    from multilat.data import TABLES, _read_toml_text
    from multilat.judgments import check_judgments
    from multilat.knowledge import KnowledgeBase
    from multilat.plugins import get_host

    host = get_host()
    installed, problems = host.knowledge()
    problems = [*host.failures, *problems]
    fragments: dict[str, Fragment] = {}
    texts: dict[str, str] = {}
    for path in args.paths:
        try:
            fragment, found, texts[path] = _read_toml_text(path, path)
        except (OSError, UnicodeDecodeError) as exc:
            raise _unreadable(path, exc) from None
        if path in fragments:
            raise UsageError(f"{path}: given twice")
        fragments[path] = fragment
        problems += found
        if not len(fragment) and not found:
            # An empty file (or one of comments only) would otherwise pass as
            # "no problems": it is almost always the wrong file.
            tables = ", ".join(f"[[{t}]]" for t in TABLES)
            problems.append(Problem(f"adds nothing: no object in {tables}", path=path))
    # The files are the newer version of whatever installed objects share
    # their ids (a plugin's own files, checked while it is installed). Where
    # an object comes from another file, say whose object it would replace.
    given = {obj.id for f in fragments.values() for _, obj in f.objects()}
    for name, fragment in installed.items():
        fragments[name] = fragment.keep(lambda obj: obj.id not in given)
        for _, obj in fragment.objects():
            if obj.id in given:
                _say_replaced(obj.id, name, fragment, fragments)
    kb = KnowledgeBase.build(fragments, tuple(problems), requires=host.requirements())
    # Judgments coded against the judgment guide are findings too, though
    # they never stop the content from loading.
    findings = [*kb.problems, *check_judgments(kb)]
    if args.note:
        findings += _verify_note(kb, args.note, args.source, texts)
    for problem in sorted(findings, key=Problem.sort_key):
        out.write(f"{problem}\n")
    count = len(findings)
    summary = "no problems" if not count else f"{count} problem{'s' if count > 1 else ''}"
    print(f"{PROG} check: {len(kb)} objects, {summary}", file=sys.stderr)
    return EXIT_FINDINGS if findings else EXIT_OK


def _say_replaced(
    object_id: str, plugin: str, installed: Fragment, given: dict[str, Fragment]
) -> None:
    """On stderr: the file's ``object_id`` would replace ``plugin``'s, unless it is that file."""
    where = installed.locations.get(object_id)
    for path, fragment in given.items():
        obj = next((o for _, o in fragment.objects() if o.id == object_id), None)
        if obj is None:
            continue
        if where is not None and _same_file(path, where[0]):
            return
        line = fragment.locations.get(object_id, (path, None))[1]
        place = f"{path}:{line}" if line is not None else path
        message = f"would replace {object_id} from {plugin}"
        if plugin == BUILTIN_PLUGIN:
            message += " (core's built-in content: installed, it is left out)"
        elif obj.replaces is None:
            message += (
                f" (installed beside it: a duplicate, unless it says replaces = {object_id!r})"
            )
        print(f"{place}: {object_id}: {message}", file=sys.stderr)


def _same_file(path: str, installed: str) -> bool:
    """Whether ``path`` is the installed data file ``installed`` (package-relative)."""
    from pathlib import Path

    mine = Path(path).resolve().as_posix()
    return mine == installed or mine.endswith("/" + installed.lstrip("/"))


def _unreadable(path: str, exc: OSError | UnicodeDecodeError) -> UsageError:
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return UsageError(f"{path}: cannot read: {reason}")


def _verify_note(
    kb: Any, path: str, source_id: str | None, texts: dict[str, str]
) -> list[Problem]:
    from multilat.model import Source
    from multilat.notetext import NoteText, looks_like, verify

    try:
        note = NoteText.read(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise _unreadable(path, exc) from None
    if source_id is not None:
        source = kb.get(source_id)
        if not isinstance(source, Source):
            raise UsageError(kb.unknown_id_message(source_id, Source))
    else:
        # The text belongs to the source whose sections index it.
        indexed = [s for s in kb.sources if s.sections]
        if len(indexed) != 1:
            ids = ", ".join(s.id for s in indexed) or "none"
            raise UsageError(f"--note needs --source ID: sources with sections: {ids}")
        source = indexed[0]
    if not looks_like(note, source):
        # The wrong file: one line, not a problem for every quote.
        raise UsageError(
            f"{path}: does not look like the text of {source.id}: none of the opening"
            f" words of its paragraphs is in it"
        )
    found = verify((obj for _, obj in kb.merged().objects()), note, source)
    return [_located(kb, problem, texts) for problem in found]


def _located(kb: KnowledgeBase, problem: Problem, texts: dict[str, str]) -> Problem:
    """``problem`` with the file, line and plugin of its object, where known.

    In a file given on the command line the line is the field's; in an
    installed plugin's data, the object's.
    """
    from multilat.data import _field_line

    object_id = problem.object_id
    if problem.path is not None or object_id is None or kb.get(object_id) is None:
        return problem
    plugin = kb.origin(object_id)
    path, line = kb.fragments[plugin].locations.get(object_id, (None, None))
    if path in texts and line is not None:
        line = _field_line(texts[path], line, problem.field) or line
    return attrs.evolve(problem, path=path, line=line, plugin=plugin)


def _find_format(name: str, strict: bool, document: Document) -> Format:
    """The format called ``name``, provided it renders ``document``."""
    from multilat.plugins import load_formats

    formats = load_formats(strict=strict)
    fitting = [n for n, f in formats.items() if f.renders(document)]
    can = ", ".join(fitting) or "none installed"
    fmt = formats.get(name)
    if fmt is None:
        raise UsageError(
            f"unknown format {name!r}{did_you_mean(name, fitting, n=2)};"
            f" formats that render {document.phrase}: {can}"
        )
    if not fmt.renders(document):
        raise UsageError(
            f"format {name!r} cannot render {document.phrase}; formats that can: {can}"
        )
    return fmt


@overload
def _format_and_knowledge(
    name: str, strict: bool, document: Document
) -> tuple[Format, KnowledgeBase]: ...


@overload
def _format_and_knowledge(
    name: None, strict: bool, document: Document
) -> tuple[None, KnowledgeBase]: ...


def _format_and_knowledge(
    name: str | None, strict: bool, document: Document
) -> tuple[Format | None, KnowledgeBase]:
    """The format called ``name`` (which must render ``document``) and the knowledge base.

    Under ``--strict`` the problems of both are reported together: a broken
    format plugin must not hide what is wrong with the content.
    """
    from multilat._snapshot import current

    snapshot = current()
    if snapshot is not None:
        # A snapshot is only written without problems, of formats too: a
        # format of core's needs no plugin, and anything else the full load.
        fmt = snapshot.builtin_format(name) if name is not None else None
        if name is None or (fmt is not None and fmt.renders(document)):
            return fmt, snapshot.knowledge
    failed: list[PluginError | KnowledgeError] = []
    fmt = kb = None
    try:
        fmt = _find_format(name, strict, document) if name is not None else None
    except PluginError as exc:
        failed.append(exc)
    try:
        # The snapshot was not current just now: no second read of it.
        from multilat.plugins import load_in_full

        kb = load_in_full(strict=strict)
    except (PluginError, KnowledgeError) as exc:
        failed.append(exc)
    if len(failed) == 1:
        raise failed[0]
    if failed or kb is None:
        # A plugin that failed to load is in both reports: once is enough.
        raise PluginError(dict.fromkeys(p for exc in failed for p in exc.problems))
    return fmt, kb


def _knowledge(strict: bool) -> KnowledgeBase:
    """The installed content's knowledge base, as :func:`multilat.load` gives it.

    From its snapshot when that is current, without importing the plugin
    machinery or a plugin; else loaded in full (and a snapshot kept).
    """
    from multilat._snapshot import current

    snapshot = current()
    if snapshot is not None:
        return snapshot.knowledge
    from multilat.plugins import load_in_full

    return load_in_full(strict=strict)


def _render(fmt: Format, report: Report) -> bytes:
    try:
        return fmt.render_bytes(report)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # sys.exit() in a renderer too
        # A format plugin's failure: name the format, keep the traceback from the user.
        text = " ".join(str(exc).split())
        raise UsageError(f"format {fmt.name!r} failed: {type(exc).__name__}: {text}") from None


def _write_bytes(out: IO[str], data: bytes) -> None:
    out.flush()
    buffer = getattr(out, "buffer", None)
    if buffer is not None:
        buffer.write(data)
        buffer.flush()
    else:
        out.write(data.decode("utf-8"))


def _cmd_report(args: argparse.Namespace, out: IO[str]) -> int:
    from multilat.formats import Document, Report

    fmt, kb = _format_and_knowledge(args.format, args.strict, Document.KNOWLEDGE)
    data = _render(fmt, Report(kb, lang=args.lang))
    _write_output(args.output, data, out)
    return EXIT_OK


def _write_output(output: str | None, data: bytes, out: IO[str]) -> None:
    """Write to ``-o FILE``, or to ``out`` without it or with ``-o -``."""
    if output is None or output == "-":
        _write_bytes(out, data)
        return
    from multilat.files import write_output

    try:
        write_output(output, data)
    except OSError as exc:
        raise UsageError(f"{output}: cannot write: {exc.strerror or exc}") from None


# -- scenarios and assessments ------------------------------------------------


def _levels_text(levels: Sequence[tuple[str, float]]) -> str:
    return ", ".join(f"{trend}={level:g}" for trend, level in levels)


def _cmd_scenarios(args: argparse.Namespace, out: IO[str]) -> int:
    kb = _knowledge(args.strict)
    if args.json:
        from multilat._jsontext import dumps_indented
        from multilat.data import converter

        data = {"scenarios": [converter.unstructure(s) for s in kb.scenarios]}
        out.write(dumps_indented(data) + "\n")
        return EXIT_OK
    width = max((len(s.id) for s in kb.scenarios), default=0)
    for scenario in kb.scenarios:
        term = label(args.lang, "term", horizon=word(args.lang, scenario.horizon or ""))
        horizon = f" ({term})" if scenario.horizon else ""
        # The note's scenarios go unmarked; any other says whose it is.
        origin = word(args.lang, scenario.origin.value)
        whose = (
            ""
            if scenario.origin is ScenarioOrigin.NOTE
            else " " + label(args.lang, "whose", origin=origin)
        )
        name = scenario.name.in_language(args.lang)
        out.write(f"{scenario.id.ljust(width)}  {name}{horizon}{whose}\n")
        out.write(f"{' ' * width}  {_levels_text(scenario.levels)}\n")
    return EXIT_OK


def _parse_level(item: str) -> tuple[str, float]:
    trend, sep, text = item.partition("=")
    trend = trend.strip()
    if not sep or not trend:
        raise UsageError(f"--set {item!r}: expected TREND=LEVEL, like covid-19=1")
    try:
        level = float(text)
    except ValueError:
        raise UsageError(f"--set {item!r}: level {text.strip()!r} is not a number") from None
    if not -1 <= level <= 1:  # also rejects nan
        raise UsageError(f"--set {item!r}: level {text.strip()} is outside [-1, 1]")
    return trend, level


def _choose_scenario(kb: KnowledgeBase, args: argparse.Namespace) -> Scenario | None:
    """The named scenario, with the levels of ``--set`` laid over it."""
    from multilat.model import Scenario, Trend

    # Malformed levels are reported before unknown names: they need no knowledge base.
    given = [_parse_level(item) for item in args.levels]
    from multilat.assess import resolve_scenario

    base = resolve_scenario(kb, args.scenario)  # an unknown one lists the known
    for trend, _ in given:
        if not isinstance(kb.get(trend), Trend):
            raise UsageError(kb.unknown_id_message(trend, Trend))
    if not given:
        return base
    levels = dict(base.levels) if base else {}
    levels.update(given)  # a later --set of the same trend wins
    shown = _levels_text(given)
    if base is None:
        name = Text(en="Custom scenario", nl="Eigen scenario")
        description = Text(en=f"Levels set on the command line: {shown}.")
    else:
        name = Text(
            en=f"{base.name.en} (modified)", nl=f"{base.name.in_language('nl')} (aangepast)"
        )
        description = Text(en=f"Scenario {base.id} with levels set on the command line: {shown}.")
    return Scenario(
        id="custom",
        name=name,
        description=description,
        levels=levels,
        horizon=base.horizon if base else None,
        origin=ScenarioOrigin.USER,
    )


class _LongLivedHeap:
    """Keeps the garbage collector off what lives as long as the command.

    A full collection visits every tracked object, and with NumPy and a
    loaded knowledge base that is about 8 ms (20 with SciPy's modules, as
    for an ensemble), several times what the assessment itself takes; a
    command that allocates as little as ``assess`` still triggers one. The
    modules imported first make tens of thousands of objects and no garbage
    worth a pass, so collection is off until :meth:`settle`. What is alive then, and again
    after the load (the knowledge base), stays alive until the command ends,
    so it is frozen (:func:`gc.freeze`) and collections visit only what was
    made since. Unfrozen at the end, so that a caller of :func:`main` in the
    same process (tests, a notebook) keeps its usual collections; left alone
    if the caller froze objects itself or turned collection off.
    """

    def __init__(self) -> None:
        import gc

        self._gc = gc
        self._owned = False

    def __enter__(self) -> _LongLivedHeap:
        self._owned = self._gc.isenabled() and self._gc.get_freeze_count() == 0
        if self._owned:
            self._gc.disable()
        return self

    def settle(self) -> None:
        """Freeze what is alive now (it lives until the command ends); collect again."""
        if self._owned:
            self._gc.freeze()
            self._gc.enable()

    def __exit__(self, *exc_info: object) -> None:
        if self._owned:
            self._gc.enable()
            self._gc.unfreeze()


def _cmd_assess(args: argparse.Namespace, out: IO[str]) -> int:
    if args.seed is not None and args.ensemble is None:
        raise UsageError("--seed needs --ensemble N (see 'multilat assess --help')")
    with _LongLivedHeap() as heap:
        return _assess_command(args, out, heap)


def _assess_command(args: argparse.Namespace, out: IO[str], heap: _LongLivedHeap) -> int:
    from multilat.assess import assess
    from multilat.formats import Document, Report

    heap.settle()
    if args.explain is not None and (args.ensemble is not None or args.format is not None):
        raise UsageError("--explain prints text: it takes neither --ensemble nor --format")
    document = Document.ASSESSMENT if args.ensemble is None else Document.ENSEMBLE
    fmt, kb = _format_and_knowledge(args.format or "text", args.strict, document)
    heap.settle()
    scenario = _choose_scenario(kb, args)
    horizon = args.horizon or (scenario.horizon if scenario and scenario.horizon else "long")
    if args.explain is not None:
        from multilat.assess import explain

        # An unknown key is an UnknownName: one line, exit 2; any other error is a bug.
        why = explain(kb, args.explain, scenario, horizon, calibration=args.calibration, on=args.on)
        from multilat.builtin.text_format import render_explanation

        out.write(render_explanation(why, args.lang))
        return EXIT_OK
    # An unknown target or trend is an UnknownName (one line, exit 2, from
    # main); any other exception here is a bug and exits 70.
    result = assess(kb, args.target, scenario, horizon, calibration=args.calibration, on=args.on)
    spread = None
    if args.ensemble is not None:
        from multilat.assess import ensemble

        seed = 0 if args.seed is None else args.seed
        spread = ensemble(
            kb, args.target, scenario, horizon, n=args.ensemble, seed=seed
        )
    if spread is not None:
        # assess() takes a date and ensemble() does not: keep the outcomes
        # the assessment has a level for.
        spread = spread.only({o.key for o in result.judged})
    report = Report(kb, lang=args.lang, assessment=result, ensemble=spread)
    _write_bytes(out, _render(fmt, report))
    return EXIT_OK


# -- hindsight ----------------------------------------------------------------


def _cmd_hindsight(args: argparse.Namespace, out: IO[str]) -> int:
    from multilat.hindsight import track_record_to_dict

    kb = _knowledge(args.strict)
    data = track_record_to_dict(kb, args.lang)
    if args.json:
        from multilat._jsontext import dumps_indented

        out.write(dumps_indented(data) + "\n")
        return EXIT_OK
    from multilat.builtin.text_format import render_hindsight

    out.write(render_hindsight(data, args.lang))
    return EXIT_OK


_COMMANDS: dict[str, Callable[[argparse.Namespace, IO[str]], int]] = {
    "plugins": _cmd_plugins,
    "list": _cmd_list,
    "show": _cmd_show,
    "check": _cmd_check,
    "report": _cmd_report,
    "assess": _cmd_assess,
    "scenarios": _cmd_scenarios,
    "hindsight": _cmd_hindsight,
}


# -- entry point ------------------------------------------------------------


def _notice(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr, flush=True)


def _warn(message: str) -> None:
    print(f"{PROG}: warning: {message}", file=sys.stderr)


def _run(argv: Sequence[str] | None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    if args.version:
        from importlib.metadata import version

        print(f"{PROG} {version('multilat')}")
        return EXIT_OK
    if args.command is None:
        raise UsageError(f"a command is needed (see '{PROG} --help')")
    command = _COMMANDS[args.command]
    from multilat._guard import notify_slow
    from multilat.errors import MultilatWarning

    if getattr(sys.stderr, "isatty", lambda: False)():
        # A plugin that stalls every command is named while it does, where someone reads.
        notify_slow(_notice)

    caught: list[warnings.WarningMessage] = []
    try:
        with warnings.catch_warnings(record=True) as caught:
            # Ours are one-line reports and always shown; others keep the user's filters.
            warnings.simplefilter("always", MultilatWarning)
            return command(args, sys.stdout)
    finally:
        # A plugin that failed is reported by each load a command does: once is enough.
        shown: set[str] = set()
        for warning in caught:
            message = str(warning.message)
            if not issubclass(warning.category, MultilatWarning):
                warnings.showwarning(
                    warning.message, warning.category, warning.filename, warning.lineno
                )
            elif message not in shown:
                shown.add(message)
                _warn(message)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); the exit code."""
    try:
        return _run(argv)
    except DataError as exc:
        for problem in exc.problems:
            print(f"{PROG}: error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    except MultilatError as exc:
        problems = getattr(exc, "problems", None)
        for line in [str(p) for p in problems] if problems else [str(exc)]:
            print(f"{PROG}: error: {line}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (``multilat list trends | head``); not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:
        if os.environ.get("MULTILAT_DEBUG"):
            raise
        print(
            f"{PROG}: internal error: {type(exc).__name__}: {exc} "
            "(a bug: MULTILAT_DEBUG=1 shows the traceback)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
