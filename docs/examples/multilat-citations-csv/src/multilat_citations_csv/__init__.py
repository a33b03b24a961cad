"""Every citation of a multilat knowledge base as CSV: an example format plugin."""

import csv
import io

import multilat
from multilat.formats import Format, Report
from multilat.model import iter_citations

COLUMNS = ["object", "field", "source", "section", "paragraph", "footnotes", "quote"]


def render(report: Report) -> str:
    """One row per citation, by object id and then by place in the object."""
    out = io.StringIO()
    # "\n" on every platform: the same report gives the same bytes.
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    kb = report.knowledge
    for object_id in kb:  # ids in sorted order
        for path, citation in iter_citations(kb[object_id]):
            writer.writerow(
                [
                    object_id,
                    path,
                    citation.source,
                    citation.section,
                    citation.paragraph,
                    " ".join(str(n) for n in citation.footnotes),
                    citation.quote,
                ]
            )
    return out.getvalue()


CITATIONS_CSV = Format(
    name="citations-csv",
    media_type="text/csv",
    suffix=".csv",
    render=render,
    description="Every citation: object, field, source, locator and quote.",
)


@multilat.hookimpl
def multilat_formats():
    """The citations-csv format."""
    return [CITATIONS_CSV]
