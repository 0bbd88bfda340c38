"""The registry of import formats: a format name maps to the parser that reads it."""

from rectrack.imports.parsers.base import (
    FileError,
    Parser,
    RowStream,
    Source,
    from_result,
    open_source,
    source_size,
)
from rectrack.imports.parsers.tabular import ZIP_MAGIC

# Formats are recognised from a file's first bytes (all of a smaller file, or of a workbook
# or Word file, which cannot be read in part).
HEAD_BYTES = 4 * 1024 * 1024


def parsers() -> dict[str, Parser]:
    """Every parser by its --format name, most specific first (the table parser is the
    fallback that reads any spreadsheet given a column mapping)."""
    from rectrack.imports.parsers.matrix import MatrixParser
    from rectrack.imports.parsers.table import TableParser
    from rectrack.imports.parsers.thematic_list import ThematicListParser
    from rectrack.imports.parsers.uhri import UhriParser
    from rectrack.imports.parsers.upr_info import UprInfoParser

    found = [ThematicListParser(), UhriParser(), UprInfoParser(), MatrixParser(), TableParser()]
    return {parser.name: parser for parser in found}


def source_head(source: Source) -> bytes:
    """What detect() reads of a file: its first HEAD_BYTES, or all of it when it is smaller
    or a zip archive (a workbook or Word file), which cannot be read in part."""
    if isinstance(source, bytes):
        return source
    with open_source(source) as file:
        head = file.read(HEAD_BYTES)
        if head.startswith(ZIP_MAGIC) and source_size(file) > len(head):
            head += file.read()
    return head


def parser_for(
    *, data: bytes | None = None, source: Source | None = None, filename: str, format: str = "auto"
) -> Parser:
    """The parser named by `format`, or the one most confident it can read the file (its
    bytes, or its first ones: source_head)."""
    if data is None:
        data = source_head(source)
    known = parsers()
    if format != "auto":
        if format not in known:
            raise FileError(
                f"{filename}: unknown format {format!r}; choose one of auto, {', '.join(known)}."
            )
        return known[format]
    scores = sorted(
        ((parser.detect(data, filename), name) for name, parser in known.items()), reverse=True
    )
    score, name = scores[0]
    if score <= 0:
        _explain(known, data=data, filename=filename)
        raise FileError(
            f"{filename}: not a file Rectrack can read (expected .docx, .xlsx, .csv or .json)."
        )
    return known[name]


def _explain(known: dict[str, Parser], *, data: bytes, filename: str) -> None:
    """No parser recognised the file: let the one its extension promises say what is wrong
    (truncated, encrypted, not really a workbook ...) by raising its FileError."""
    extension = filename.rsplit(".", 1)[-1].casefold() if "." in filename else ""
    name = {"docx": "thematic-list", "xlsx": "uhri", "csv": "uhri", "json": "uhri"}.get(extension)
    if name:
        known[name].parse(data, filename)


def rows_of(
    parser: Parser,
    source: Source,
    filename: str,
    *,
    encoding: str | None = None,
    mapping: dict[str, str] | None = None,
) -> RowStream:
    """The file's rows as a stream: read as they come by a parser that streams (UHRI, UPR
    Info), else parsed whole (Word files, matrices, mapped tables) and handed out in turn."""
    if hasattr(parser, "iter_rows"):
        return parser.iter_rows(source, filename, encoding=encoding, mapping=mapping)
    if isinstance(source, bytes):
        data = source
    else:
        with open_source(source) as file:
            data = file.read()
    return from_result(parser.parse(data, filename, encoding=encoding, mapping=mapping))
