"""Validators and converters of attrs fields, shared by the model and the formats.

attrs validators get (instance, attribute, value); these raise
:class:`~multilat.errors.InvalidValue` naming the field, so that the loader
can report it without parsing the message. A private module: the model
(:mod:`multilat.model`) and :mod:`multilat.formats` use it.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import attrs

from multilat.errors import InvalidValue

#: A kebab-case slug: ids of objects, names of formats.
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
#: An ISO 3166-1 alpha-3 country code.
_ISO3 = re.compile(r"[A-Z]{3}")

E = TypeVar("E", bound=enum.Enum)


def _slug(_: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if not isinstance(value, str) or not _SLUG.fullmatch(value):
        raise InvalidValue(
            attribute.name, f"{value!r} is not a kebab-case slug (like 'us-china-rivalry')"
        )


def _optional_slug(instance: object, attribute: attrs.Attribute[Any], value: str | None) -> None:
    if value is not None:
        _slug(instance, attribute, value)


def _slugs(_: object, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    for index, item in enumerate(value):
        if not isinstance(item, str) or not _SLUG.fullmatch(item):
            raise InvalidValue(f"{attribute.name}[{index}]", f"{item!r} is not a kebab-case slug")


def _iso3(_: object, attribute: attrs.Attribute[Any], value: str | None) -> None:
    if value is not None and (not isinstance(value, str) or not _ISO3.fullmatch(value)):
        raise InvalidValue(
            attribute.name, f"{value!r} is not an ISO 3166-1 alpha-3 code (like 'NLD')"
        )


def _non_empty_text(_: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidValue(attribute.name, "must not be empty")


def _optional_non_empty_text(
    instance: object, attribute: attrs.Attribute[Any], value: str | None
) -> None:
    if value is not None:
        _non_empty_text(instance, attribute, value)


def _non_empty(_: object, attribute: attrs.Attribute[Any], value: tuple[object, ...]) -> None:
    if not value:
        raise InvalidValue(attribute.name, "needs at least one entry")


def _positive(_: object, attribute: attrs.Attribute[Any], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidValue(attribute.name, f"must be a whole number of at least 1, not {value!r}")


def _positives(_: object, attribute: attrs.Attribute[Any], value: tuple[int, ...]) -> None:
    for index, item in enumerate(value):
        if isinstance(item, bool) or not isinstance(item, int) or item < 1:
            raise InvalidValue(
                f"{attribute.name}[{index}]", f"must be a whole number of at least 1, not {item!r}"
            )


def _unique(key: Callable[[Any], object]) -> Callable[[object, attrs.Attribute[Any], Any], None]:
    def check(_: object, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
        seen: set[object] = set()
        for index, item in enumerate(value):
            k = key(item)
            if k in seen:
                raise InvalidValue(f"{attribute.name}[{index}]", f"{k!r} is listed twice")
            seen.add(k)

    return check


def _instances(cls: type) -> Callable[[object, attrs.Attribute[Any], Any], None]:
    def check(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        for index, item in enumerate(value):
            if not isinstance(item, cls):
                raise InvalidValue(
                    f"{attribute.name}[{index}]",
                    f"expected {cls.__name__}, got {type(item).__name__}",
                )

    return check


def _member_of(enum_type: type[enum.Enum]) -> Callable[[object, attrs.Attribute[Any], Any], None]:
    def check(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, enum_type):
            allowed = ", ".join(repr(m.value) for m in enum_type)
            raise InvalidValue(attribute.name, f"{value!r} is not one of {allowed}")

    return check


def _optional_member_of(
    enum_type: type[enum.Enum],
) -> Callable[[object, attrs.Attribute[Any], Any], None]:
    inner = _member_of(enum_type)

    def check(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            inner(instance, attribute, value)

    return check


def _members_of(enum_type: type[enum.Enum]) -> Callable[[object, attrs.Attribute[Any], Any], None]:
    def check(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        for index, item in enumerate(value):
            if not isinstance(item, enum_type):
                allowed = ", ".join(repr(m.value) for m in enum_type)
                message = f"{item!r} is not one of {allowed}"
                raise InvalidValue(f"{attribute.name}[{index}]", message)

    return check


def _date(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    # datetime is a subclass of date; a time of day has no meaning here.
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise InvalidValue(attribute.name, f"expected a date (YYYY-MM-DD), got {value!r}")


def _optional_date(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        _date(instance, attribute, value)


def _as_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    if isinstance(value, str | bytes):
        # A lone string would otherwise become a tuple of characters.
        raise InvalidValue("value", f"expected a list, got the string {value!r}")
    return tuple(value)


def _coerce(enum_type: type[E], value: Any) -> Any:
    # Accept the value's string ("short") as well as the member; anything else
    # passes through for the validator to reject with the list of choices.
    if isinstance(value, str) and not isinstance(value, enum_type):
        try:
            return enum_type(value)
        except ValueError:
            return value
    return value


def _to_date(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _member(enum_type: type[E], value: Any, name: str) -> E:
    member = _coerce(enum_type, value)
    if not isinstance(member, enum_type):
        allowed = ", ".join(repr(m.value) for m in enum_type)
        raise InvalidValue(name, f"{value!r} is not one of {allowed}")
    return member
