"""CSV as this site exports it (a header row of this site's column names only), so exports re-import.

Other CSV exports (Scopus) have their own module: a header with columns this site does not
write is not taken for this site's CSV.
"""

import csv
import io

from django.utils.translation import gettext as _

from . import ImportFormatError, Record, guarded, parse_int, parse_year

FORMAT = "csv"
LABEL = "CSV"
COLUMNS = ("authors", "title", "journal", "year", "month", "volume", "issue", "pages", "doi", "pmid", "url",
           "type", "sci_indexed", "language", "abstract", "status", "et_al")  # fmt: skip
AUTHOR_SEPARATOR = "; "


def _header(text):
    try:
        row = next(csv.reader(io.StringIO(text.lstrip())), [])
    except csv.Error:
        return set()
    return {name.strip().lower() for name in row}


def looks_like(text):
    header = _header(text)
    return {"title", "authors"} <= header and header <= set(COLUMNS)


def rows(text):
    reader = csv.DictReader(io.StringIO(text.lstrip()))
    try:
        for row in reader:
            if any((value or "").strip() for value in row.values() if isinstance(value, str)):
                cells = {(k or "").strip().lower(): (v or "") for k, v in row.items() if isinstance(v, str)}
                yield reader.line_num, cells
    except csv.Error as error:
        raise ImportFormatError(_("the CSV is malformed (%(reason)s).") % {"reason": error},
                                line=reader.line_num) from None  # fmt: skip


def count(text):
    return sum(1 for _row in rows(text))


def _record(index, line, row):
    record = Record(entry=index, line=line)
    record.title = row.get("title", "")
    record.authors = [name for name in row.get("authors", "").split(";")]
    record.et_al = row.get("et_al", "").strip().lower() in {"yes", "true", "1"}
    record.journal = row.get("journal", "")
    parse_year(row.get("year"), record)
    if row.get("status") and not record.status:
        record.status = row["status"].strip()
    record.month = parse_int(row.get("month"), record, "month")
    for name in ("volume", "issue", "pages", "doi", "pmid", "url", "language", "abstract"):
        setattr(record, name, row.get(name, ""))
    record.kind = row.get("type") or "article"
    record.sci_indexed = row.get("sci_indexed", "").strip().lower() in {"yes", "true", "1"}
    return record


def parse(text):
    return [guarded(lambda i=index, n=line, r=row: _record(i, n, r), index, line)
            for index, (line, row) in enumerate(rows(text), start=1)]  # fmt: skip
