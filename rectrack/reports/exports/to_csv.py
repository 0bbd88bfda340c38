"""CSV: UTF-8 with a byte order mark (so that Excel reads accents right), a header row of
the matrix's columns, formula-like cells neutralised."""

import csv
import io

from django.db.models import QuerySet

from rectrack.reports.exports.matrix import COLUMNS, matrix_rows
from rectrack.reports.exports.safety import neutralised

CONTENT_TYPE = "text/csv; charset=utf-8"


def _cell(value: object) -> object:
    if value is None:
        return ""
    return neutralised(value.isoformat() if hasattr(value, "isoformat") else value)


def write(qs: QuerySet, progress=None) -> tuple[bytes, int]:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([str(column.label) for column in COLUMNS])
    rows = 0
    for _recommendation, row in matrix_rows(qs, progress):
        writer.writerow([_cell(row[column.key]) for column in COLUMNS])
        rows += 1
    return out.getvalue().encode("utf-8-sig"), rows
