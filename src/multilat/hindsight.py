"""The note's expectations against what happened: its track record.

An :class:`~multilat.model.Expectation` is content of the note (its own
words, with their locator); a :class:`~multilat.model.Resolution` says what
became of it, with dated, sourced evidence and a verdict. Resolutions ship
in their own plugin, ``multilat-hindsight``, so a reader can leave hindsight
out (``MULTILAT_LOAD_PLUGINS``) and see the note as it was written.

>>> import multilat
>>> from multilat.hindsight import TRACK_RECORD_KEYS, track_record
>>> record = track_record(multilat.load())
>>> sorted(record.counts()) == sorted(TRACK_RECORD_KEYS)
True
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

import attrs

from multilat.model import Expectation, Resolution, Verdict

if TYPE_CHECKING:
    from multilat.knowledge import KnowledgeBase

__all__ = [
    "HINDSIGHT_FORMAT_VERSION",
    "TRACK_RECORD_KEYS",
    "UNRESOLVED",
    "Scored",
    "TrackRecord",
    "track_record",
    "track_record_to_dict",
]

#: Version tag of the document ``multilat hindsight --json`` writes.
HINDSIGHT_FORMAT_VERSION: Final = "multilat-hindsight/1"

#: The count key of expectations no loaded plugin resolves (hindsight left out).
UNRESOLVED: Final = "unresolved"

#: The keys of :meth:`TrackRecord.counts`, in the order they are shown.
TRACK_RECORD_KEYS: Final[tuple[str, ...]] = (*(v.value for v in Verdict), UNRESOLVED)


@attrs.frozen
class Scored:
    """One expectation with its resolution, if a loaded plugin gives one."""

    expectation: Expectation
    resolution: Resolution | None

    @property
    def verdict(self) -> str:
        """The verdict's value, or :data:`UNRESOLVED`."""
        return self.resolution.verdict.value if self.resolution is not None else UNRESOLVED


@attrs.frozen
class TrackRecord:
    """Every expectation of the knowledge base with its verdict, sorted by id."""

    entries: tuple[Scored, ...]

    def counts(self) -> Mapping[str, int]:
        """How many expectations have each verdict, zeros included.

        Keys are :data:`TRACK_RECORD_KEYS`, in that order.
        """
        counts = dict.fromkeys(TRACK_RECORD_KEYS, 0)
        for entry in self.entries:
            counts[entry.verdict] += 1
        return counts

    def __len__(self) -> int:
        return len(self.entries)


def track_record(kb: KnowledgeBase) -> TrackRecord:
    """The note's expectations in ``kb``, each with its resolution (or none)."""
    by_expectation = {r.expectation: r for r in kb.resolutions}
    return TrackRecord(
        tuple(Scored(e, by_expectation.get(e.id)) for e in kb.expectations)
    )


def _text(value: Any, lang: str) -> str:
    return str(value.in_language(lang))


def track_record_to_dict(kb: KnowledgeBase, lang: str = "en") -> dict[str, Any]:
    """Plain data for ``multilat hindsight --json``: entries and counts.

    Each entry has the expectation (its quote and locator, what it is about,
    what it expects, by when), the verdict, the summary of what happened and
    the evidence with each source's issuer, title and date. Texts are in
    ``lang`` (English where a text has no ``lang``). Sorted, so equal input
    gives equal output.
    """
    from multilat.model import Source

    record = track_record(kb)

    def source(source_id: str) -> dict[str, Any]:
        found = kb.get(source_id)
        if not isinstance(found, Source):  # the checks drop such a resolution
            return {"id": source_id}
        return {
            "id": found.id,
            "issuer": found.venue,
            "title": found.title,
            "date": found.date,
            "url": found.url,
        }

    entries = []
    for entry in record.entries:
        e = entry.expectation
        r = entry.resolution
        entries.append(
            {
                "id": e.id,
                "about": list(e.about),
                "expects": _text(e.expects, lang),
                "by": e.by.isoformat() if e.by else None,
                "horizon": e.horizon.value if e.horizon else None,
                "citations": [
                    {"source": c.source, "locator": c.locator, "quote": c.quote}
                    for c in e.citations
                ],
                "verdict": entry.verdict,
                "resolution": None
                if r is None
                else {
                    "id": r.id,
                    "summary": _text(r.summary, lang),
                    "as_of": r.as_of.isoformat(),
                    "evidence": [
                        {
                            "date": ev.date.isoformat(),
                            "text": _text(ev.text, lang),
                            "source": source(ev.source),
                        }
                        for ev in sorted(r.evidence, key=lambda ev: (ev.date, ev.source))
                    ],
                },
            }
        )
    return {
        "format": HINDSIGHT_FORMAT_VERSION,
        "lang": lang,
        "expectations": entries,
        "track_record": dict(record.counts()),
    }
