"""The registry of import formats: a format name maps to the parser that reads it."""

from rectrack.imports.parsers.base import FileError, Parser


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


def parser_for(*, data: bytes, filename: str, format: str = "auto") -> Parser:
    """The parser named by `format`, or the one most confident it can read the file."""
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
