import datetime
import os

import multilat_example_nato
import pytest

import multilat
from multilat.notetext import NoteText, verify
from multilat.plugins import PluginHost

NAME = "multilat-example-nato"


@pytest.fixture
def kb():
    # No entry points: core's built-in content plus exactly this plugin,
    # whatever else is installed.
    host = PluginHost(entry_points=False)
    host.register(multilat_example_nato, NAME)
    # strict: any problem (a bad value, an unknown id) fails the test.
    return multilat.load(strict=True, host=host)


def test_content_loads_cleanly(kb):
    assert kb.origin("nato") == NAME
    assert kb["covid-19-hampers-nato-readiness"].strength == "moderate"
    assert "MKD" in kb["nato"].members_at(datetime.date(2020, 6, 1))


def test_quotes_are_verbatim(kb):
    path = os.environ.get("MULTILAT_NOTE_TEXT")
    if not path:
        pytest.skip("set MULTILAT_NOTE_TEXT to the note's text to check quotes")
    note = NoteText.read(path)
    assert verify(kb.fragments[NAME], note, kb["clingendael-2020"]) == []
