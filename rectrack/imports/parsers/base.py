"""What every parser returns, and the protocol a parser follows.

Parsers never touch the database: they turn a file's bytes into ParsedRecommendation rows and
RowIssue problems. A problem with one row is a RowIssue naming its row or paragraph and column;
a problem with the whole file (empty, truncated, encrypted, no table, none of the expected
headers) is a FileError. imports.services decides what lands in the database.
"""

import contextlib
import datetime
import io
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO, Protocol

# What a file to import is: its bytes, a path (read as a stream, never whole), or an open
# binary file object (read from its start, left open).
Source = bytes | str | os.PathLike | BinaryIO


class FileError(Exception):
    """The whole file cannot be read as this format; the message names what is wrong."""


@dataclass
class ParsedTheme:
    name: str
    code: str = ""  # UHRI code where the source gives one, e.g. "A12"


@dataclass
class ParsedRecommendation:
    """One recommendation as read from a source, values normalised but not yet matched."""

    location: str  # where in the file: "row 12", "paragraph 121.1", "record 5"
    text: str
    reference: str = ""  # paragraph number, e.g. "121.1" or "12(a)"
    heading: str = ""  # a section heading run into the text (UHRI), e.g. "Rural women"
    mechanism: str = ""  # as the source names it: "UPR", "CAT", "SR on torture"
    document_symbol: str = ""  # e.g. "A/HRC/43/15"
    document_title: str = ""  # e.g. "Report of the Working Group on the UPR: Valdoria"
    document_date: datetime.date | None = None
    country: str = ""  # the State under review
    cycle: int | None = None  # UPR cycle
    session: int | None = None  # UPR session
    recommending_states: list[str] = field(default_factory=list)
    position: str = ""  # a Recommendation.Position value, or "" (none / not applicable)
    type: str = ""  # a Recommendation.Type value, or "" (the service's default)
    themes: list[ParsedTheme] = field(default_factory=list)
    affected_groups: list[str] = field(default_factory=list)
    sdg_codes: list[str] = field(default_factory=list)  # "5.2" (target) or "5" (goal)
    uhri_annotation_id: str = ""
    source_of_position: str = ""  # thematic lists: where the position was given
    extra: dict[str, str] = field(default_factory=dict)  # format-specific facts worth keeping
    # Who implements it (a mapped table): an institution's name or code as the file gives it,
    # matched to institutions by imports.assignments after the rows are written.
    lead_institution: str = ""
    supporting_institutions: list[str] = field(default_factory=list)


@dataclass
class RowIssue:
    """A problem with one row: which row or paragraph, which column, and what is wrong."""

    location: str
    column: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"row": self.location, "column": self.column, "message": self.message}


@dataclass
class ParseResult:
    format: str
    rows: list[ParsedRecommendation] = field(default_factory=list)
    issues: list[RowIssue] = field(default_factory=list)
    encoding: str = ""  # the text encoding used, for text formats


@dataclass
class RowStream:
    """A file's rows as they are read: ParsedRecommendation and RowIssue items in file order
    (a row with an issue is never yielded as a row too). `position` says how much of the
    file is read (0 to 1) when that is known, for progress; `close` releases the file."""

    format: str
    items: Iterator[ParsedRecommendation | RowIssue]
    encoding: str = ""
    position: Callable[[], float | None] = lambda: None
    close: Callable[[], None] = lambda: None


def collect(stream: RowStream) -> ParseResult:
    """Every item of a stream in one ParseResult: parse() of the streaming parsers."""
    result = ParseResult(format=stream.format, encoding=stream.encoding)
    try:
        for item in stream.items:
            (result.issues if isinstance(item, RowIssue) else result.rows).append(item)
    finally:
        stream.close()
    result.encoding = stream.encoding
    return result


def from_result(result: ParseResult) -> RowStream:
    """A parser's whole ParseResult as a stream: its issues, then the rows without one."""
    failed = {issue.location for issue in result.issues}
    rows = (row for row in result.rows if row.location not in failed)
    items = iter([*result.issues, *rows])
    return RowStream(format=result.format, items=items, encoding=result.encoding)


@contextlib.contextmanager
def open_source(source: Source) -> Iterator[BinaryIO]:
    """The source as a seekable binary file; a path is opened (and closed afterwards)."""
    if isinstance(source, bytes | bytearray | memoryview):
        yield io.BytesIO(source)
    elif isinstance(source, str | os.PathLike):
        with open(source, "rb") as file:
            yield file
    else:
        source.seek(0)
        yield source


def source_size(source: Source) -> int:
    if isinstance(source, bytes | bytearray | memoryview):
        return len(source)
    if isinstance(source, str | os.PathLike):
        return os.path.getsize(source)
    position = source.seek(0, os.SEEK_END)
    source.seek(0)
    return position


class Parser(Protocol):
    name: str  # the --format name, e.g. "thematic-list"
    label: str  # shown to people, translatable

    def detect(self, data: bytes, filename: str) -> float:
        """How sure (0 to 1) this parser is that it can read the file."""

    def parse(
        self,
        data: bytes,
        filename: str,
        *,
        encoding: str | None = None,
        mapping: dict[str, str] | None = None,
    ) -> ParseResult:
        """Read every row; raise FileError when the file as a whole cannot be read."""

    # Parsers of formats that come large (UHRI, UPR Info) also stream (imports.services
    # uses it when present, else parse()):
    # def iter_rows(self, source: Source, filename: str, *, encoding=None, mapping=None)
    #     -> RowStream: the rows as they are read; FileError for the whole file, raised
    #     at once or while iterating (a file damaged half-way).
