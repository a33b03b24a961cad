import datetime

import multilat_example_nato
import pytest

from multilat.testing import cited_paragraphs, load_plugins, note_text, quote_problems

NAME = "multilat-example-nato"


@pytest.fixture
def kb():
    # Core's built-in content plus exactly this plugin, whatever else is
    # installed; strict: any problem (a bad value, an unknown id) fails the test.
    return load_plugins({NAME: multilat_example_nato})


@pytest.fixture
def note():
    # Skips, saying why, when MULTILAT_NOTE_TEXT is not set.
    return note_text()


def test_content_loads_cleanly(kb):
    assert kb.origin("nato") == NAME
    assert kb["covid-19-hampers-nato-readiness"].strength == "moderate"
    assert "MKD" in kb["nato"].members_at(datetime.date(2020, 6, 1))


def test_quotes_are_verbatim(kb, note):
    assert quote_problems(kb, note) == []


def test_the_paragraphs_it_rests_on(kb):
    assert cited_paragraphs(kb, "nato", plugin=NAME) == {1, 4, 7}
