"""Data files: TOML to domain objects and back, through one converter.

A plugin's content is one or more TOML files. Each top-level array of tables
holds one kind of object, named in the singular::

    [[trend]]
    id = "covid-19"
    name = { en = "Covid-19 pandemic", nl = "Covid-19" }

    [[trend.citations]]
    source = "clingendael-2020"
    section = "introduction"
    paragraph = 2
    quote = "nu Covid-19 de wereld in zijn greep houdt"

The keys are ``source``, ``actor``, ``institution``, ``regime``, ``trend``,
``influence``, ``recommendation``, ``scenario``, ``expectation`` and
``resolution``; the fields of each are
those of the class in :mod:`multilat.model`. Unknown keys are errors, dates
are TOML dates, and :class:`~multilat.model.Text` may be written as a plain
string when there is only English. :doc:`/reference/data-format` describes
every field.

Each object is converted on its own: one bad object is reported and the rest
of the file still loads. Every problem is one line naming the file, the line
(where it can be told), the object id, the field and what is wrong.

The whole knowledge base as a JSON document (:func:`dumps_json`,
:func:`loads_json`) is written and read in a module of its own, through the
same converter, and re-exported here.
"""

from __future__ import annotations

import bisect
import datetime as dt
import enum
import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    BaseValidationError,
    ForbiddenExtraKeysError,
    IterableValidationNote,
)

from multilat import _json
from multilat._json import dumps_json, fragment_to_dict, loads_json
from multilat.errors import DataError, InvalidValue, Problem, did_you_mean
from multilat.model import KINDS, REGISTRY, Fragment, Scenario, Text

if TYPE_CHECKING:
    pass

__all__ = [
    "FORMAT_VERSION",
    "TABLES",
    "converter",
    "dumps_json",
    "fragment_from_dict",
    "fragment_to_dict",
    "load_package_data",
    "load_toml",
    "loads_json",
    "merge",
    "read_toml",
]

#: Version tag of the JSON export; bumped on incompatible changes.
FORMAT_VERSION: Final = _json.FORMAT_VERSION

#: TOML table name -> :class:`~multilat.model.Fragment` field, from the
#: registry of kinds (:data:`multilat.model.REGISTRY`).
TABLES: Mapping[str, str] = {kind.name: kind.plural for kind in REGISTRY}


# -- the converter ----------------------------------------------------------
# cattrs' default hooks coerce (str(5) == "5", float("0.5") == 0.5); a data
# file that says weight = "0.5" is wrong and should be told so.


def _strict(kind: type | tuple[type, ...], name: str) -> Any:
    def structure(value: Any, target: Any) -> Any:
        if isinstance(target, type) and issubclass(target, enum.Enum):
            # Registered for str (int), these hooks also receive StrEnums (IntEnums).
            return _structure_enum(value, target)
        if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
            raise TypeError(f"expected {name}, got a boolean")
        if not isinstance(value, kind):
            raise TypeError(f"expected {name}, got {_describe(value)}")
        return value

    return structure


def _describe(value: Any) -> str:
    names = {
        str: "a string",
        int: "an integer",
        float: "a number",
        bool: "a boolean",
        list: "a list",
        dict: "a table",
        dt.date: "a date",
    }
    for kind, name in names.items():
        if type(value) is kind:
            return f"{name} ({value!r})" if kind in (str, int, float, bool) else name
    return type(value).__name__


def _structure_float(value: Any, _: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"expected a number, got {_describe(value)}")
    return float(value)


def _structure_date(value: Any, _: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        raise TypeError(f"expected a date without a time, got {value.isoformat()}")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a date (YYYY-MM-DD)") from None
    raise TypeError(f"expected a date (YYYY-MM-DD), got {_describe(value)}")


def _structure_enum(value: Any, kind: type[enum.Enum]) -> enum.Enum:
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(repr(m.value) for m in kind)
        raise ValueError(f"{value!r} is not one of {allowed}") from None


def _structure_text(value: Any, _: Any) -> Text:
    if isinstance(value, str):
        return Text(en=value)
    if not isinstance(value, dict):
        raise TypeError(f"expected a string or a table of languages, got {_describe(value)}")
    unknown = sorted(set(value) - set(Text.LANGUAGES))
    if unknown:
        raise ForbiddenExtraKeysError("", Text, set(unknown))
    if "en" not in value:
        raise InvalidValue("en", "required but missing")
    for lang, text in value.items():
        if not isinstance(text, str):
            raise InvalidValue(lang, f"expected a string, got {_describe(text)}")
    return Text(**value)


def _is_homogeneous_tuple(kind: Any) -> bool:
    args: tuple[Any, ...] = getattr(kind, "__args__", ())
    return getattr(kind, "__origin__", None) is tuple and len(args) == 2 and args[1] is ...


def _strict_tuple(kind: Any, conv: cattrs.Converter) -> Any:
    # cattrs turns any iterable into a tuple: a string would become its letters.
    base = cattrs.cols.homogenous_tuple_structure_factory(kind, conv)

    def structure(value: Any, _: Any) -> Any:
        if not isinstance(value, list | tuple):
            raise TypeError(f"expected a list, got {_describe(value)}")
        return base(value, kind)

    return structure


def _structure_levels(value: Any, _: Any) -> tuple[tuple[str, float], ...]:
    if not isinstance(value, dict):
        raise TypeError(f"expected a table of trend = level, got {_describe(value)}")
    for trend, level in value.items():
        if isinstance(level, bool) or not isinstance(level, int | float):
            raise InvalidValue(trend, f"expected a number, got {_describe(level)}")
    return tuple(sorted((k, float(v)) for k, v in value.items()))


def _every_field_structure(kind: type, conv: cattrs.Converter, hooks: Mapping[str, Any]) -> Any:
    """A structure hook for ``kind`` that reports every field's problems at once.

    cattrs' own hook gathers the fields that fail to structure, but the
    class's validators run only in its ``__init__``, after every field has
    structured, and stop at the first failure: a bad ``id`` went unreported
    while ``citations`` was missing, a ``weight`` off the scale while
    ``confidence`` was misspelt. Here each field is structured, converted and
    validated on its own, and all failures are raised together as cattrs
    does, so that :func:`_flatten` reads them the same way. cattrs' own hook
    goes first: valid objects, nearly all of them, take its fast path.
    """
    fields = [a for a in attrs.fields(attrs.resolve_types(kind)) if a.init]
    known = {a.name for a in fields}
    overrides: dict[str, Any] = {
        name: cattrs.gen.override(struct_hook=hook) for name, hook in hooks.items()
    }
    fast: Callable[[Any, Any], Any] = cattrs.gen.make_dict_structure_fn(
        kind, conv, _cattrs_forbid_extra_keys=True, **overrides
    )

    def structure(raw: Any, target: Any) -> Any:
        try:
            return fast(raw, target)
        except (BaseValidationError, InvalidValue, TypeError, ValueError, KeyError):
            return every_problem(raw)

    def every_problem(raw: Any) -> Any:
        if not isinstance(raw, dict):
            raise TypeError(f"expected a table, got {_describe(raw)}")
        errors: list[Exception] = []
        values: dict[str, Any] = {}
        for a in fields:
            note = AttributeValidationNote(f"Structuring field {a.name!r}", a.name, a.type)
            if a.name not in raw:
                if a.default is attrs.NOTHING:
                    missing = KeyError(a.name)
                    missing.add_note(note)
                    errors.append(missing)
                continue
            try:
                hook = hooks.get(a.name)
                value = hook(raw[a.name], a.type) if hook else conv.structure(raw[a.name], a.type)
            except (RecursionError, MemoryError):
                raise  # the input's, not the field's: see _resource_error
            except Exception as exc:
                exc.add_note(note)
                errors.append(exc)
                continue
            try:
                if a.converter is not None:
                    value = a.converter(value)
                if a.validator is not None:
                    a.validator(None, a, value)
            except InvalidValue as exc:
                errors.append(exc)  # it names its field itself
                continue
            except (TypeError, ValueError) as exc:
                exc.add_note(note)
                errors.append(exc)
                continue
            values[a.alias] = value
        extra = set(raw) - known
        if extra:
            errors.append(ForbiddenExtraKeysError("", kind, extra))
        if errors:
            raise cattrs.ClassValidationError(f"While structuring {kind.__name__}", errors, kind)
        # Checks across fields (__attrs_post_init__) run here, on valid fields.
        return kind(**values)

    return structure


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    # Class registrations: cattrs consults them before predicate hooks, and its
    # own str/int/float hooks (which coerce) are class registrations too. They
    # also catch str and int subclasses; _strict hands enums on.
    conv.register_structure_hook(str, _strict(str, "a string"))
    conv.register_structure_hook(int, _strict(int, "an integer"))
    conv.register_structure_hook(bool, _strict(bool, "true or false"))
    conv.register_structure_hook(float, _structure_float)
    conv.register_structure_hook_factory(_is_homogeneous_tuple, _strict_tuple)
    conv.register_structure_hook(dt.date, _structure_date)
    conv.register_unstructure_hook(dt.date, dt.date.isoformat)
    conv.register_structure_hook_func(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), _structure_enum
    )
    conv.register_structure_hook(Text, _structure_text)
    conv.register_unstructure_hook(
        Text, lambda t: {k: v for k, v in (("en", t.en), ("nl", t.nl)) if v is not None}
    )
    # Scenario levels are a TOML table; stored as sorted pairs.
    scenario_levels = attrs.fields(Scenario).levels
    overrides: dict[type, dict[str, Any]] = {Scenario: {"levels": _structure_levels}}
    conv.register_structure_hook_factory(
        lambda t: attrs.has(t) and t is not Text,
        lambda t, c: _every_field_structure(t, c, overrides.get(t, {})),
    )
    # "replaces" is written only where an object declares one. The kinds'
    # unstructure functions are generated on first use, not at import: a
    # command that writes no data (``list``, ``show``, ``assess``) never pays
    # for them. cattrs keeps the function it gets for each class.
    omit_replaces = cattrs.gen.override(omit_if_default=True)
    kinds = frozenset(KINDS.values())

    def unstructure_kind(kind: type, conv: cattrs.Converter) -> Callable[[Any], Any]:
        base: Callable[[Any], dict[str, Any]] = cattrs.gen.make_dict_unstructure_fn(
            kind, conv, replaces=omit_replaces
        )
        if kind is not Scenario:
            return base

        def unstructure_scenario(scenario: Scenario) -> dict[str, Any]:
            data: dict[str, Any] = base(scenario)
            data[scenario_levels.name] = dict(scenario.levels)
            return data

        return unstructure_scenario

    conv.register_unstructure_hook_factory(lambda t: t in kinds, unstructure_kind)
    return conv


#: The one converter between plain data (TOML, JSON) and domain objects.
converter: Final = _make_converter()


# -- error flattening -------------------------------------------------------


def _path_join(path: str, part: str | int) -> str:
    if isinstance(part, int):
        return f"{path}[{part}]"
    if part.startswith("["):
        return f"{path}{part}"
    return f"{path}.{part}" if path else part


def _flatten(exc: BaseException, path: str = "") -> Iterator[tuple[str, str]]:
    """(field path, message) for every leaf of a cattrs error tree."""
    if isinstance(exc, BaseValidationError):
        for sub in exc.exceptions:
            sub_path = path
            for note in getattr(sub, "__notes__", ()):
                if isinstance(note, AttributeValidationNote):
                    sub_path = _path_join(path, note.name)
                elif isinstance(note, IterableValidationNote):
                    sub_path = _path_join(path, note.index)
            yield from _flatten(sub, sub_path)
    elif isinstance(exc, ForbiddenExtraKeysError):
        known = (
            [a.name for a in attrs.fields(exc.cl)] if attrs.has(exc.cl) else list(Text.LANGUAGES)
        )
        for extra in sorted(exc.extra_fields):
            suggestion = did_you_mean(extra, known, n=1, quoted=True)
            yield _path_join(path, extra), f"unknown key{suggestion}"
    elif isinstance(exc, InvalidValue):
        field = exc.field if exc.field != "value" else ""
        yield (_path_join(path, field) if field else path), exc.message
    elif isinstance(exc, KeyError):
        yield path, "required but missing"
    else:
        yield path, str(exc)


# -- locating objects in TOML text ------------------------------------------

_HEADER = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_.-]+)\s*\]\]")
_TABLE = re.compile(r"^\s*\[\s*([A-Za-z0-9_.-]+)\s*\]")


class _Locator:
    """Line numbers for objects and fields of a TOML file.

    They can be told where the file's layout shows them: ``[[kind]]``
    headers and ``key =`` lines. The file is scanned once; locating an
    object then costs a bisection, and a field a scan of its object's lines.
    """

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.starts: dict[str, list[int]] = {}
        # Every object's first line, in file order: an object ends where the
        # next one begins, found by bisection rather than by a scan.
        self.boundaries: list[int] = []
        for number, line in enumerate(self.lines, start=1):
            match = _HEADER.match(line)
            if match and "." not in match.group(1):
                self.starts.setdefault(match.group(1), []).append(number)
                self.boundaries.append(number)

    def _span(self, table: str, index: int) -> tuple[int, int] | None:
        starts = self.starts.get(table, [])
        if index >= len(starts):
            return None
        return starts[index], self._end(starts[index])

    def _end(self, begin: int) -> int:
        """The line after the object that begins at ``begin``: where the next one begins."""
        following = bisect.bisect_right(self.boundaries, begin)
        if following < len(self.boundaries):
            return self.boundaries[following]
        return len(self.lines) + 1

    def line(self, table: str, index: int, field: str | None) -> int | None:
        span = self._span(table, index)
        if span is None:
            return None
        begin, end = span
        return self._field_line(table, begin, end, field)

    def line_in_object(self, begin: int, field: str | None) -> int | None:
        """The line of ``field`` of the object whose ``[[kind]]`` header is line ``begin``."""
        header = _HEADER.match(self.lines[begin - 1]) if 0 < begin <= len(self.lines) else None
        if header is None or "." in header.group(1):
            return None
        return self._field_line(header.group(1), begin, self._end(begin), field)

    def _field_line(self, table: str, begin: int, end: int, field: str | None) -> int:
        if not field:
            return begin
        parts = re.findall(r"[A-Za-z0-9_-]+|\[\d+\]", field)
        line = begin
        prefix = table
        for part in parts:
            if part.startswith("["):
                # The n-th [[prefix]] header within the object's span.
                wanted = int(part[1:-1])
                heads = [
                    n
                    for n in range(line, end)
                    if (m := _HEADER.match(self.lines[n - 1])) and m.group(1) == prefix
                ]
                if wanted < len(heads):
                    line = heads[wanted]
                    sub_end = heads[wanted + 1] if wanted + 1 < len(heads) else end
                    end = min(end, sub_end)
                continue
            prefix = f"{prefix}.{part}"
            key = re.compile(rf"^\s*{re.escape(part)}\s*=")
            for n in range(line, end):
                text = self.lines[n - 1]
                m = _HEADER.match(text) or _TABLE.match(text)
                if (m and m.group(1) == prefix) or key.match(text):
                    line = n
                    break
            else:
                return line
        return line


def _field_line(text: str, line: int, field: str | None) -> int | None:
    """The line of ``field`` (``citations[0].quote``) of the object at ``line`` of ``text``.

    ``line`` is the object's ``[[kind]]`` header, as in a fragment's
    ``locations``; ``None`` if no object begins there. Where the field cannot
    be told, the nearest enclosing line is given.
    """
    return _cached_locator(text).line_in_object(line, field)


@functools.lru_cache(maxsize=4)
def _cached_locator(text: str) -> _Locator:
    # Several findings in one file share one scan of it.
    return _Locator(text)


# -- loading ----------------------------------------------------------------


def _object_label(raw: Any, table: str, index: int) -> str:
    if isinstance(raw, dict) and isinstance(raw.get("id"), str):
        return str(raw["id"])
    return f"{table}[{index}]"


def fragment_from_dict(
    document: Mapping[str, Any],
    *,
    path: str | None = None,
    text: str | None = None,
    plugin: str | None = None,
    tables: Mapping[str, str] = TABLES,
) -> tuple[Fragment, list[Problem]]:
    """Convert a parsed document into a :class:`~multilat.model.Fragment`.

    Returns the fragment of every object that converted and the problems of
    those that did not. ``path`` and ``text`` (the file's source) let
    problems carry a file name and line; ``tables`` maps the document's keys
    to fragment fields (the singular TOML names by default).
    """
    locator = _Locator(text) if text is not None else None
    problems: list[Problem] = []
    collected: dict[str, list[Any]] = {name: [] for name in KINDS}
    locations: dict[str, tuple[str, int | None]] = {}

    def problem(message: str, line: int | None = None, **where: Any) -> None:
        problems.append(Problem(message, path=path, line=line, plugin=plugin, **where))

    for key in document:
        if key not in tables:
            suggestion = did_you_mean(key, list(tables), n=1, quoted=True)
            known = ", ".join(tables)
            line = locator.line(key, 0, None) if locator else None
            problem(f"unknown table {key!r}{suggestion}; known: {known}", line)
    for table, kind_name in tables.items():
        entries = document.get(table, [])
        if not isinstance(entries, list):
            problem(f"{table!r} must be an array of tables ([[{table}]]), got {_describe(entries)}")
            continue
        kind = KINDS[kind_name]
        for index, raw in enumerate(entries):
            label = _object_label(raw, table, index)
            if not isinstance(raw, dict):
                problem(f"expected a table, got {_describe(raw)}", object_id=label)
                continue
            try:
                obj: Any = converter.structure(raw, kind)
            except (BaseValidationError, InvalidValue, TypeError, ValueError, KeyError) as exc:
                for field, message in _flatten(exc):
                    line = locator.line(table, index, field) if locator else None
                    problem(message, line, object_id=label, field=field or None)
                continue
            collected[kind_name].append(obj)
            if path is not None:
                line = locator.line(table, index, None) if locator else None
                locations[label] = (path, line)
    return Fragment(**collected, locations=locations), problems  # type: ignore[arg-type]


def read_toml(path: str | Path, *, plugin: str | None = None) -> tuple[Fragment, list[Problem]]:
    """Read one TOML data file: the objects that converted, and the problems.

    A file that cannot be opened raises :class:`OSError`, one that is not
    UTF-8 :class:`UnicodeDecodeError`. A file multilat refuses to read raises
    :class:`~multilat.errors.DataError` with one problem naming it: not a
    regular file, larger than :func:`~multilat.files.max_data_size`, nested
    too deeply or too large to parse in memory. A TOML syntax error is a
    problem with its line and an empty fragment.
    """
    fragment, problems, _ = _read_toml_text(path, plugin)
    return fragment, problems


def _read_toml_text(
    path: str | Path, plugin: str | None
) -> tuple[Fragment, list[Problem], str]:
    """:func:`read_toml`, with the file's text, for locating later findings in it."""
    from multilat.files import read_data

    shown = str(path)
    text = _decode(read_data(path, shown=shown))
    return (*_parse_toml(text, shown, plugin), text)


def _decode(data: bytes) -> str:
    # A byte-order mark is how some editors mark UTF-8; it is not content.
    return data.decode("utf-8").removeprefix("\ufeff")


def _parse_toml(text: str, shown: str, plugin: str | None) -> tuple[Fragment, list[Problem]]:
    from multilat._toml import TOMLDecodeError, loads

    try:
        document = loads(text)
    except TOMLDecodeError as exc:
        message = str(exc)
        match = re.search(r"\(at line (\d+), column \d+\)$", message)
        line = int(match.group(1)) if match else None
        message = message[: match.start()].rstrip() if match else message
        return Fragment(), [
            Problem(f"invalid TOML: {message}", path=shown, line=line, plugin=plugin)
        ]
    except (RecursionError, MemoryError) as exc:
        raise _resource_error(exc, shown, plugin) from None
    try:
        return fragment_from_dict(document, path=shown, text=text, plugin=plugin)
    except (RecursionError, MemoryError) as exc:
        raise _resource_error(exc, shown, plugin) from None


def _resource_error(exc: RecursionError | MemoryError, shown: str, plugin: str | None) -> DataError:
    """The problem of an input that exhausts the reader: its nesting or its size."""
    if isinstance(exc, RecursionError):
        message = "nested too deeply to read (beyond Python's recursion limit)"
    else:
        message = "too large to read in the memory available"
    return DataError([Problem(message, path=shown, plugin=plugin)])


def _refused(read: Callable[[], tuple[Fragment, list[Problem]]]) -> tuple[Fragment, list[Problem]]:
    """``read()``, with a file that is refused as a whole reported among the problems."""
    try:
        return read()
    except DataError as exc:
        return Fragment(), list(exc.problems)


def merge(fragments: Iterable[Fragment]) -> Fragment:
    """One fragment holding the objects (and locations) of all ``fragments``."""
    fragments = list(fragments)
    locations: dict[str, tuple[str, int | None]] = {}
    for f in fragments:
        locations.update(f.locations)
    objects = {name: [obj for f in fragments for obj in getattr(f, name)] for name in KINDS}
    return Fragment(**objects, locations=locations)  # type: ignore[arg-type]


def _combine(results: Iterable[tuple[Fragment, list[Problem]]]) -> Fragment:
    """One fragment from several files' results, or :class:`DataError` with the rest."""
    fragments: list[Fragment] = []
    problems: list[Problem] = []
    for fragment, found in results:
        fragments.append(fragment)
        problems.extend(found)
    merged = merge(fragments)
    if problems:
        raise DataError(problems, partial=merged)
    return merged


def load_toml(paths: Iterable[str | Path], *, plugin: str | None = None) -> Fragment:
    """Load TOML data files into one fragment, or raise :class:`~multilat.errors.DataError`.

    The error's :attr:`~multilat.errors.DataError.partial` holds every object
    that did convert, so that callers can keep what is valid.
    """
    return _combine(_refused(functools.partial(read_toml, path, plugin=plugin)) for path in paths)


def load_package_data(package: str, directory: str = "data") -> Fragment:
    """Load every ``*.toml`` file in ``directory`` of ``package``, in name order.

    This is what a content plugin's ``multilat_knowledge`` hook returns::

        @multilat.hookimpl
        def multilat_knowledge():
            return load_package_data(__package__)

    Problems are raised as by :func:`load_toml`; file names in them are
    relative to the package (``multilat_nato/data/trends.toml``). Each file
    is read as by :func:`read_toml`, within the same limits.
    """
    from multilat._snapshot import note_folder

    folder = resources.files(package).joinpath(directory)
    entries = sorted(
        (e for e in folder.iterdir() if e.name.endswith(".toml")), key=lambda e: e.name
    )
    note_folder(folder, (e.name for e in entries))
    prefix = f"{package.replace('.', '/')}/{directory}"
    return _combine(
        _refused(functools.partial(_read_resource, e, f"{prefix}/{e.name}")) for e in entries
    )


def _read_resource(entry: Traversable, shown: str) -> tuple[Fragment, list[Problem]]:
    from multilat._cache import cached_fragment
    from multilat._snapshot import note_file
    from multilat.files import read_data, read_stream

    if isinstance(entry, Path):
        data = read_data(entry, shown=shown)
    else:  # inside a zip file: no FIFO or device can hide there
        with entry.open("rb") as stream:
            data = read_stream(stream, shown=shown)
    # A snapshot of the knowledge base made from this file is made from these bytes.
    note_file(entry, data)
    # Installed content is read by every command, unchanged: its fragments are cached.
    return cached_fragment(data, shown, None, lambda: _parse_toml(_decode(data), shown, None))
