"""JSON: {"columns": [{key, label}], "recommendations": [{key: value}]}, values exactly as
stored (dates ISO 8601, multi-valued cells as lists); a coded value (position, type,
implementation status) beside its label in the export's language ("position": "supported",
"position_label": "Supported"). JSON is read by programs, not spreadsheets, so nothing is
neutralised."""

import json

from django.db.models import QuerySet

from rectrack.reports.exports.matrix import COLUMNS, SEPARATOR, matrix_rows

CONTENT_TYPE = "application/json"
MULTI_VALUED = {
    "recommending_states",
    "themes",
    "affected_groups",
    "sdgs",
    "clusters",
    "lead_institutions",
    "supporting_institutions",
    "actions",
}


def _value(key: str, value: object) -> object:
    if key in MULTI_VALUED:
        return [part for part in str(value).split(SEPARATOR) if part]
    return value.isoformat() if hasattr(value, "isoformat") else value


# Columns whose cells are labels of a stored code: the record gives both.
CODED = ("position", "type", "implementation_status")


def _record(recommendation, row: dict) -> dict:
    record = {"id": recommendation.pk}
    for key, value in row.items():
        if key in CODED:
            record[key] = getattr(recommendation, key)
            record[f"{key}_label"] = value
        else:
            record[key] = _value(key, value)
    return record


def write(qs: QuerySet, progress=None) -> tuple[bytes, int]:
    records = [_record(recommendation, row) for recommendation, row in matrix_rows(qs, progress)]
    document = {
        "columns": [{"key": column.key, "label": str(column.label)} for column in COLUMNS],
        "recommendations": records,
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8"), len(records)
