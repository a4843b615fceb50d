"""CSV as this site exports it (a header row of known column names), so exports re-import."""

import csv
import io

from django.utils.translation import gettext as _

from . import ImportFormatError, Record, parse_int

FORMAT = "csv"
LABEL = "CSV"
COLUMNS = ("authors", "title", "journal", "year", "month", "volume", "issue", "pages", "doi", "pmid", "url",
           "type", "sci_indexed", "language", "abstract")  # fmt: skip
AUTHOR_SEPARATOR = "; "


def looks_like(text):
    header = text.lstrip().split("\n", 1)[0].lower()
    return "title" in header and "authors" in header and "," in header


def parse(text):
    reader = csv.DictReader(io.StringIO(text))
    missing = {"title", "authors"} - {name.strip().lower() for name in reader.fieldnames or []}
    if missing:
        raise ImportFormatError(_("the CSV header lacks the columns: %(columns)s.") % {"columns": ", ".join(missing)},
                                line=1)  # fmt: skip
    records = []
    try:
        for index, row in enumerate(reader, start=1):
            row = {(key or "").strip().lower(): (value or "") for key, value in row.items() if key}
            record = Record(entry=index, line=reader.line_num)
            record.title = row.get("title", "")
            record.authors = [name for name in row.get("authors", "").split(";")]
            record.journal = row.get("journal", "")
            record.year = parse_int(row.get("year"), record, "year")
            record.month = parse_int(row.get("month"), record, "month")
            for name in ("volume", "issue", "pages", "doi", "pmid", "url", "language", "abstract"):
                setattr(record, name, row.get(name, ""))
            record.kind = row.get("type") or "article"
            record.sci_indexed = row.get("sci_indexed", "").strip().lower() in {"yes", "true", "1"}
            records.append(record)
    except csv.Error as error:
        raise ImportFormatError(
            _("the CSV is malformed (%(reason)s).") % {"reason": error}, line=reader.line_num
        ) from None
    return records
