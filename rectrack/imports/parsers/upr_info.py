"""UPR Info's database export (.csv): one UPR recommendation per row, often in a legacy encoding
(the real export is Mac Roman with old Mac line endings; tabular.decode_text finds that)."""

import html

from django.utils.translation import gettext_lazy as _

from rectrack.imports import normalise
from rectrack.imports.parsers.base import (
    FileError,
    ParsedRecommendation,
    ParseResult,
    RowStream,
    Source,
    collect,
)
from rectrack.imports.parsers.tabular import (
    RowReader,
    header_list,
    iter_table,
    match_headers,
    table_headers,
)

COLUMNS: dict[str, tuple[str, ...]] = {
    "to": ("To",),
    "to_region": ("To-Rgrp",),
    "to_organisations": ("To-Org",),
    "text": ("Text",),
    "from": ("From",),
    "from_region": ("From-Rgrp",),
    "from_organisations": ("From-Org",),
    "response": ("Response",),
    "action": ("Action",),
    "issue": ("Issue",),
    "session": ("Session",),
}
REQUIRED = ("to", "text", "from", "response", "session")
ACTION_CATEGORIES = {"1", "2", "3", "4", "5"}
# What UPR Info writes (as "&#40;Unknown&#41;") where it does not know the recommending
# State: no State, rather than a State of that name in every list of States.
UNKNOWN_STATE = "(Unknown)"


class UprInfoParser:
    name = "upr-info"
    label = _("UPR Info database export (.csv)")

    def detect(self, data: bytes, filename: str) -> float:
        try:
            found = set(match_headers(table_headers(data, filename), COLUMNS, filename))
        except Exception:  # detect() must never raise: an unreadable file is just not ours
            return 0.0
        if set(REQUIRED) <= found and {"issue", "to_region", "from_region"} & found:
            return 0.9
        return 0.4 if set(REQUIRED) <= found else 0.0

    def parse(
        self,
        data: bytes,
        filename: str,
        *,
        encoding: str | None = None,
        mapping: dict[str, str] | None = None,
    ) -> ParseResult:
        return collect(self.iter_rows(data, filename, encoding=encoding))

    def iter_rows(
        self,
        source: Source,
        filename: str,
        *,
        encoding: str | None = None,
        mapping: dict[str, str] | None = None,
    ) -> RowStream:
        """The rows as the CSV file is read, line by line: a file of any size."""
        table = iter_table(source, filename, encoding=encoding)
        try:
            found = match_headers(table.headers, COLUMNS, filename)
            missing = [COLUMNS[name][0] for name in REQUIRED if name not in found]
            if missing:
                raise FileError(
                    f"{filename}: not a UPR Info export: no {', '.join(missing)} column. "
                    f"Found: {header_list(table.headers)}."
                )
        except FileError:
            table.close()
            raise
        columns = {name: table.headers[index] for name, index in found.items()}

        def items():
            for row in table.rows:
                values = {
                    name: row.cells[index] if index < len(row.cells) else None
                    for name, index in found.items()
                }
                reader = RowReader(f"row {row.number}", values, columns)
                recommendation = _recommendation(reader)
                if reader.issues:
                    yield from reader.issues
                else:
                    yield recommendation

        return RowStream(
            format=self.name,
            items=items(),
            encoding=table.encoding,
            position=table.position,
            close=table.close,
        )


def _recommendation(reader: RowReader) -> ParsedRecommendation:
    text = reader.text("text")
    if not text:
        reader.issue("text", "The recommendation has no text.")
    session = reader.number("session")
    action = reader.text("action")
    if action and action not in ACTION_CATEGORIES:
        reader.issue("action", f"Unknown action category {action!r}; accepted values: 1 to 5.")
    extra = {
        "upr_info_action": action,
        "country_region": reader.text("to_region"),
        "country_organisations": reader.text("to_organisations"),
        "recommending_region": reader.text("from_region"),
        "recommending_organisations": reader.text("from_organisations"),
    }
    return ParsedRecommendation(
        location=reader.location,
        text=text,
        mechanism="UPR",
        country=reader.first("to"),
        session=session,
        cycle=normalise.upr_cycle(session) if session else None,
        recommending_states=[
            state for state in reader.many("from") if html.unescape(state) != UNKNOWN_STATE
        ],
        position=reader.position("response"),
        type="recommendation",
        themes=reader.themes("issue", separators=","),
        extra={key: value for key, value in extra.items() if value},
    )
