"""The ``multilat`` command.

Exit codes: 0 all well; 1 a finding (``check`` found problems); 2 bad usage
or bad input (an unknown id or format, an unreadable file, and any plugin or
content problem under ``--strict``); 70 an internal error, which is a bug.
``plugins`` is a diagnosis: it lists failed plugins and exits 0 even under
``--strict``.
A user never sees a traceback for bad input: every problem is one line on
stderr, ``file:line: object-id: field: what is wrong``.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import enum
import json
import os
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, NoReturn

import attrs

from multilat.errors import DataError, MultilatError, Problem
from multilat.model import KINDS, Citation, Fragment, Text

__all__ = ["main"]

PROG = "multilat"
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 70
_LIST_KINDS = (*KINDS, "formats")


class UsageError(MultilatError):
    """Bad arguments or input: one line, exit 2."""


class _Parser(argparse.ArgumentParser):
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
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

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
    report.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    report.add_argument("--lang", choices=Text.LANGUAGES, default="en")
    return parser


# -- commands ---------------------------------------------------------------


def _cmd_plugins(args: argparse.Namespace, out: IO[str]) -> int:
    from multilat.plugins import get_host

    host = get_host()
    infos = host.plugins()
    _, hook_problems = host.knowledge()
    contributions = host.contributions()
    failed = [
        {"name": i.name, "version": i.version, "module": i.module, "error": i.error}
        for i in infos if i.error is not None
    ]
    by_name = {i.name: i for i in infos}
    for p in [*hook_problems, *host.formats()[1]]:
        if p.plugin is not None:
            info = by_name.get(p.plugin)
            failed.append({
                "name": p.plugin,
                "version": info.version if info else None,
                "module": info.module if info else None,
                "error": str(attrs.evolve(p, plugin=None)),
            })
    failed += [
        {"name": None, "version": None, "module": None, "error": p.message}
        for p in host.failures if p.plugin is None
    ]
    loaded = [
        {
            "name": i.name,
            "version": i.version,
            "module": i.module,
            "builtin": i.builtin,
            "hooks": list(i.hooks),
            "contributes": contributions.get(i.name, {}),
        }
        for i in infos if i.error is None
    ]
    if args.json:
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
            f"{n} {k}" if k != "formats" else f"formats: {', '.join(n)}"
            for k, n in contributes.items()
        ]
        out.write(f"  contributes: {'; '.join(gives) or 'nothing'}\n")
    if failed:
        out.write("failed:\n")
        for failure in failed:
            name = failure["name"] or "(environment)"
            out.write(f"  {name}: {failure['error']}\n")
    return EXIT_OK


def _resolve_kind(kind: str) -> str:
    wanted = kind.lower()
    for candidate in _LIST_KINDS:
        if wanted in (candidate, candidate.removesuffix("s")):
            return candidate
    close = difflib.get_close_matches(wanted, _LIST_KINDS, n=2)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    raise UsageError(f"unknown kind {kind!r}{hint}; known: {', '.join(_LIST_KINDS)}")


def _summary(obj: Any, lang: str) -> str:
    """One line naming an object, for listings."""
    from multilat.model import Influence, Recommendation, Source

    if isinstance(obj, Influence):
        effect = f"{obj.effect}.{obj.dimension}" if obj.dimension else obj.effect
        return (
            f"{obj.cause} -> {effect}  {obj.weight:+g} {obj.strength}, "
            f"{obj.horizon} term, {obj.confidence} confidence"
        )
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
        rows = [(f.name, f"{f.media_type}  {f.description}") for f in formats.values()]
    else:
        import multilat

        kb = multilat.load(strict=args.strict)
        rows = [(obj.id, _summary(obj, args.lang)) for obj in kb.of_kind(kind)]
    width = max((len(i) for i, _ in rows), default=0)
    for object_id, text in rows:
        out.write(f"{object_id.ljust(width)}  {text}".rstrip() + "\n")
    return EXIT_OK


def _describe(value: Any, lang: str, indent: str) -> Iterator[str]:
    """Readable lines for a field value of a domain object."""
    if isinstance(value, Text):
        yield value.in_language(lang)
    elif isinstance(value, Citation):
        notes = f" [fn {', '.join(map(str, value.footnotes))}]" if value.footnotes else ""
        yield f"{value.source} {value.locator}{notes}: \u201c{value.quote}\u201d"
    elif isinstance(value, enum.Enum):
        yield str(value.value)
    elif attrs.has(type(value)):
        for attribute in attrs.fields(type(value)):
            item = getattr(value, attribute.name)
            if item is None or item == () or not attribute.init:
                continue
            lines = list(_describe(item, lang, indent + "  "))
            if len(lines) == 1 and not isinstance(item, tuple):
                yield f"{attribute.name}: {lines[0]}"
            else:
                yield f"{attribute.name}:"
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
    import multilat

    kb = multilat.load(strict=args.strict)
    obj = kb.get(args.id)
    if obj is None:
        raise UsageError(kb.unknown_id_message(args.id))
    out.write(f"{kb.kind_of(args.id)} {args.id} (from {kb.origin(args.id)})\n")
    for line in _describe(obj, args.lang, ""):
        if line.startswith("id: "):
            continue
        out.write(f"  {line}\n")
    return EXIT_OK


def _cmd_check(args: argparse.Namespace, out: IO[str]) -> int:
    from multilat.data import read_toml
    from multilat.knowledge import KnowledgeBase
    from multilat.plugins import get_host

    host = get_host()
    installed, problems = host.knowledge()
    problems = [*host.failures, *problems]
    fragments: dict[str, Fragment] = {}
    for path in args.paths:
        try:
            fragment, found = read_toml(path, plugin=path)
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise UsageError(f"{path}: cannot read: {reason}") from None
        if path in fragments:
            raise UsageError(f"{path}: given twice")
        fragments[path] = fragment
        problems += found
    # The files are the newer version of whatever installed objects share
    # their ids (a plugin's own files, checked while it is installed).
    given = {obj.id for f in fragments.values() for _, obj in f.objects()}
    for name, fragment in installed.items():
        fragments[name] = fragment.keep(lambda obj: obj.id not in given)
    kb = KnowledgeBase.build(fragments, tuple(problems))
    findings = list(kb.problems)
    if args.note:
        findings += _verify_note(kb, args.note, args.source)
    for problem in sorted(findings, key=Problem.sort_key):
        out.write(f"{problem}\n")
    count = len(findings)
    summary = "no problems" if not count else f"{count} problem{'s' if count > 1 else ''}"
    print(f"{PROG} check: {len(kb)} objects, {summary}", file=sys.stderr)
    return EXIT_FINDINGS if findings else EXIT_OK


def _verify_note(kb: Any, path: str, source_id: str | None) -> list[Problem]:
    from multilat.model import Source
    from multilat.notetext import NoteText, verify

    try:
        note = NoteText.read(path)
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise UsageError(f"{path}: cannot read: {reason}") from None
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
    return verify((obj for _, obj in kb.merged().objects()), note, source)


def _cmd_report(args: argparse.Namespace, out: IO[str]) -> int:
    import multilat
    from multilat.formats import Report
    from multilat.plugins import load_formats

    formats = load_formats(strict=args.strict)
    fmt = formats.get(args.format)
    if fmt is None:
        close = difflib.get_close_matches(args.format, list(formats), n=2)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise UsageError(f"unknown format {args.format!r}{hint}; known: {', '.join(formats)}")
    kb = multilat.load(strict=args.strict)
    data = fmt.render_bytes(Report(kb, lang=args.lang))
    if args.output is None:
        out.flush()
        buffer = getattr(out, "buffer", None)
        if buffer is not None:
            buffer.write(data)
            buffer.flush()
        else:
            out.write(data.decode("utf-8"))
        return EXIT_OK
    target = Path(args.output)
    if not target.name:  # "/", "." or "": no name to write a file beside
        raise UsageError(f"{args.output}: cannot write: Is a directory")
    # Write beside the target, then rename: a failed run leaves no half file.
    partial = target.with_name(f".{target.name}.partial")
    try:
        partial.write_bytes(data)
        os.replace(partial, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise UsageError(f"{args.output}: cannot write: {exc.strerror or exc}") from None
    return EXIT_OK


_COMMANDS: dict[str, Callable[[argparse.Namespace, IO[str]], int]] = {
    "plugins": _cmd_plugins,
    "list": _cmd_list,
    "show": _cmd_show,
    "check": _cmd_check,
    "report": _cmd_report,
}


# -- entry point ------------------------------------------------------------


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
    from multilat.errors import MultilatWarning

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
