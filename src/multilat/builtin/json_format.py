"""The ``json`` output format: the whole knowledge base, losslessly.

The document is what :func:`multilat.data.dumps_json` writes and
:func:`multilat.data.loads_json` reads back; its JSON Schema is
:func:`multilat.schema.knowledge_schema`.
"""

from __future__ import annotations

from multilat.data import dumps_json
from multilat.formats import Format, Report

__all__ = ["JSON_FORMAT"]


def render(report: Report) -> str:
    """The report's knowledge base as JSON (language-independent)."""
    return dumps_json(report.knowledge)


#: The built-in json format.
JSON_FORMAT = Format(
    name="json",
    media_type="application/json",
    suffix=".json",
    render=render,
    description="The whole knowledge base as JSON (multilat-knowledge/1), for other tools.",
)
