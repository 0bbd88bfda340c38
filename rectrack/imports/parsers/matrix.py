"""Rectrack's own export (the recommendations matrix, .xlsx or .csv): recognised by its
header row, in any of the interface's languages, and read through the table parser with
the mapping its headers imply. Exporting and importing into an empty database gives back
the same recommendations (reports.exports.matrix lists the columns read back)."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from rectrack.imports import normalise
from rectrack.imports.parsers.base import ParseResult
from rectrack.imports.parsers.table import TableParser
from rectrack.imports.parsers.tabular import table_headers

# The export writes one value per line in a multi-valued cell (reports.exports.matrix).
SEPARATOR = "\n"

# Headers that must all be present for a table to be Rectrack's export.
REQUIRED = ("text", "mechanism", "document", "position")


def _fields_by_header() -> dict[str, str]:
    """Every language's label of every read-back column -> the table parser's field."""
    from rectrack.reports.exports.matrix import COLUMNS

    found: dict[str, str] = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for column in COLUMNS:
                if column.imported_as:
                    found[normalise.header_key(str(column.label))] = column.imported_as
    return found


def _mapping(headers: list[str]) -> dict[str, str]:
    fields = _fields_by_header()
    mapping: dict[str, str] = {}
    for header in headers:
        field = fields.get(normalise.header_key(header))
        if field and field not in mapping:
            mapping[field] = header
    return mapping


class MatrixParser:
    name = "rectrack"
    stored_text = True  # texts as Rectrack stored them: already decoded, never again
    label = _("Rectrack export (Excel or CSV)")

    def detect(self, data: bytes, filename: str) -> float:
        try:
            mapping = _mapping(table_headers(data, filename))
        except Exception:  # detect() must never raise: an unreadable file is just not ours
            return 0.0
        return 0.95 if all(field in mapping for field in REQUIRED) else 0.0

    def parse(
        self, data: bytes, filename: str, *, encoding: str | None = None, mapping=None
    ) -> ParseResult:
        mapping = _mapping(table_headers(data, filename, encoding=encoding))
        result = TableParser().parse(
            data, filename, encoding=encoding, mapping=mapping, separators=SEPARATOR
        )
        result.format = self.name
        return result
