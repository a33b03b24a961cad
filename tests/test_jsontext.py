"""The fast indented JSON writer writes exactly what json.dumps writes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from multilat._jsontext import Unconverted, dumps_converted, dumps_indented

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4)
    | st.tuples(inner, inner)
    | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=30,
)


def _standard(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)


def _outcome(write: Any, data: Any) -> tuple[str, str]:
    try:
        return "text", write(data)
    except (TypeError, ValueError) as exc:
        return "error", f"{type(exc).__name__}: {exc}"


@given(VALUES)
def test_the_text_is_json_dumps_text(data: Any) -> None:
    assert dumps_indented(data) == _standard(data)


@given(VALUES)
def test_plain_data_is_written_by_dumps_converted_as_json_dumps_writes_it(data: Any) -> None:
    assert dumps_converted(data, lambda kind: None) == _standard(data)


@pytest.mark.parametrize("data", [{"a": [object()]}, {1: "a"}, [{"a": {None: 1}}]])
def test_dumps_converted_refuses_what_it_has_no_rule_for(data: Any) -> None:
    # The caller then converts and writes the plain way.
    with pytest.raises(Unconverted):
        dumps_converted(data, lambda kind: None)


@given(
    st.dictionaries(st.integers() | st.none() | st.booleans() | st.floats(), SCALARS, min_size=1)
)
def test_keys_that_are_not_strings_are_left_to_json_dumps(data: dict[Any, Any]) -> None:
    assert _outcome(dumps_indented, data) == _outcome(_standard, data)


def test_an_object_json_cannot_write_raises_as_json_dumps_does() -> None:
    with pytest.raises(TypeError, match="not JSON serializable"):
        dumps_indented({"a": [object()]})


def test_the_knowledge_base_export_is_unchanged() -> None:
    import multilat
    from multilat.data import dumps_json

    text = dumps_json(multilat.load())

    assert text == _standard(json.loads(text)) + "\n"
