"""Exports of any filtered list of recommendations: Excel (.xlsx), CSV and JSON, from the
web (reports.views.export_view) and from `rectrack export`. One module per format; each
writes the columns of matrix.COLUMNS."""

from dataclasses import dataclass

from django.utils import timezone, translation

from rectrack.recommendations.selectors import RecommendationFilters, recommendation_list
from rectrack.reports.exports import to_csv, to_json, to_xlsx
from rectrack.reports.exports.matrix import matrix_queryset

FORMATS = {"xlsx": to_xlsx, "csv": to_csv, "json": to_json}
SHEETS_BY = ("cluster", "theme")


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    file_name: str
    content_type: str
    rows: int


def recommendations_export(
    *,
    user,
    filters: RecommendationFilters | None = None,
    format: str = "xlsx",
    sheets_by: str = "",
    language: str | None = None,
    progress=None,
) -> ExportFile:
    """The recommendations this user may see through these filters, in one file; .xlsx
    can hold one sheet per cluster or per theme (`sheets_by`). Headers, statuses and sheet
    names in `language` (default: the active one, the reader's interface); `progress(done)`
    is told how many are written, every hundred."""
    if format not in FORMATS:
        raise ValueError(f"unknown export format {format!r}")
    writer = FORMATS[format]
    qs = matrix_queryset(user=user, filters=filters)
    options = {"sheets_by": sheets_by} if format == "xlsx" else {}
    with translation.override(language or translation.get_language()):
        content, rows = writer.write(qs, progress, **options)
    stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
    return ExportFile(
        content=content,
        file_name=f"rectrack-recommendations-{stamp}.{format}",
        content_type=writer.CONTENT_TYPE,
        rows=rows,
    )


def export_size(*, user, filters: RecommendationFilters | None = None) -> int:
    """How many recommendations the export would hold."""
    return recommendation_list(user=user, filters=filters).count()
