"""The label catalogue: every label in both languages, every vocabulary word in Dutch."""

from __future__ import annotations

import enum
import string
from collections.abc import Callable

import attrs
import pytest

from multilat import model
from multilat.labels import LABELS, WORDS, enum_word, field_label, label, vocabulary_of, word
from multilat.model import KINDS, WEIGHT_SCALE
from tests.clirun import Result


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_no_label_is_missing_in_either_language() -> None:
    assert set(LABELS["en"]) == set(LABELS["nl"])


@pytest.mark.parametrize("key", sorted(LABELS["en"]))
def test_both_languages_fill_the_same_placeholders(key: str) -> None:
    assert _placeholders(LABELS["en"][key]) == _placeholders(LABELS["nl"][key])


def _vocabulary() -> set[str]:
    vocabularies: list[type[enum.Enum]] = [
        e for e in vars(model).values() if isinstance(e, type) and issubclass(e, enum.Enum)
    ]
    words = {str(member.value) for e in vocabularies for member in e}
    words |= set(WEIGHT_SCALE.values())
    words |= {kind.removesuffix("s") for kind in KINDS}
    return words


def test_every_vocabulary_word_has_its_dutch() -> None:
    missing = sorted(w for w in _vocabulary() if w not in WORDS["nl"])
    assert missing == []


def test_a_value_spelt_like_a_field_has_a_word_of_its_own() -> None:
    # "note" is a kind of source (a notitie) and a membership's field (its
    # toelichting): show must not call the note itself a toelichting.
    assert word("nl", "note") == "toelichting"
    assert enum_word("nl", model.SourceKind.NOTE) == "notitie"
    assert vocabulary_of(model.SourceKind.NOTE) == "source-kind"
    fields = {
        a.name.replace("_", "-")
        for c in vars(model).values()
        if isinstance(c, type) and attrs.has(c)
        for a in attrs.fields(c)
    }
    vocabularies = [
        e for e in vars(model).values() if isinstance(e, type) and issubclass(e, enum.Enum)
    ]
    clashing = sorted(
        f"{vocabulary_of(m)}:{m.value}"
        for e in vocabularies
        for m in e
        if str(m.value) in fields and f"{vocabulary_of(m)}:{m.value}" not in WORDS["nl"]
    )
    assert clashing == []


def test_show_calls_the_note_a_notitie_in_dutch(run: Callable[..., Result]) -> None:
    result = run("show", "clingendael-2020", "--lang", "nl")
    assert result.code == 0
    assert "  soort: notitie\n" in result.out


def test_every_field_show_names_has_its_dutch() -> None:
    # A Text is shown in one language and a Fragment is never shown whole.
    shown = (model.Text, model.Fragment, model.Kind, model.Ref)
    classes = [
        c for c in vars(model).values() if isinstance(c, type) and attrs.has(c) and c not in shown
    ]
    names = {a.name.replace("_", "-") for c in classes for a in attrs.fields(c)}
    assert sorted(n for n in names if n not in WORDS["nl"]) == []
    assert field_label("nl", "host_state") == "gastland"
    assert field_label("en", "host_state") == "host_state"


def test_labels_are_filled_in() -> None:
    assert label("nl", "severity", value="0.50") == "ernst 0.50"
    assert label("en", "answer-target", key="nato.cohesion", level="-0.30") == (
        "nato.cohesion at -0.30 (a target)"
    )
    assert word("nl", "short") == "korte"
    assert word("en", "in-force") == "in force"
