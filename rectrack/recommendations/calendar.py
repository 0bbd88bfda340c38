"""The UPR session calendar: every session of the UPR Working Group with its cycle, its days
and the regular Human Rights Council session that adopts its outcomes (UprSession). It
dates a UPR document whose source gives no date, from the document's symbol:

- A/HRC/WG.6/20/SVN/1 (the national report, the UN compilation, the stakeholders' summary;
  the draft report A/HRC/WG.6/20/L.10): the Working Group's session itself, 20;
- A/HRC/28/15, A/HRC/28/15/Add.1: the Council's session, 28, which adopted the outcomes of
  UPR session 20 (decisions A/HRC/DEC/28/... likewise).

Each Council session adopts the outcomes of one UPR session, but for the first: the 8th
(June 2008) adopted those of sessions 1 and 2, and its symbols do not say which session a
report is of, so an HRC 8 symbol finds no single session (`sessions_for_hrc(8)` gives both,
of the first cycle). Some Council sessions adopted none (9, 20, 35, 45, 51).

data/upr_sessions.csv (number,cycle,start,end,hrc_session,note) lists the sessions held
when it was written, from OHCHR's announcements of each session; migration 0016 loaded it.
Administrators add later sessions in the administration; a session added to the file
reaches existing databases through a data migration calling `upr_sessions_load`, which only
adds missing sessions and never overwrites a row an administrator may have corrected.
"""

import csv
import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from rectrack.recommendations.models import UprSession

UPR_SESSIONS_FILE = Path(__file__).with_name("data") / "upr_sessions.csv"
COLUMNS = ("number", "cycle", "start", "end", "hrc_session")

# A/HRC/WG.6/20/SVN/1: documents of the Working Group's 20th session.
_WORKING_GROUP_SYMBOL = re.compile(r"^A/HRC/WG\.?6/(\d{1,3})/")
# A/HRC/28/15, A/HRC/28/15/Add.1, A/HRC/DEC/28/115: documents of the Council's 28th session.
_COUNCIL_SYMBOL = re.compile(r"^A/HRC/(?:DEC/)?(\d{1,3})/\d")


@dataclass(frozen=True)
class UprSessionRow:
    """One line of the reference file."""

    number: int
    cycle: int
    start: datetime.date
    end: datetime.date
    hrc_session: int
    note: str = ""


@dataclass(frozen=True)
class SymbolSession:
    """What a document symbol says of its session: the UPR session (A/HRC/WG.6/...) or the
    Council's (A/HRC/<n>/...)."""

    upr_session: int | None = None
    hrc_session: int | None = None


def symbol_session(symbol: str) -> SymbolSession | None:
    """The session a UN document symbol names, or None for any other symbol (a treaty body's
    CCPR/C/..., a Council resolution). Case and spaces around the slashes do not matter."""
    text = re.sub(r"\s*/\s*", "/", (symbol or "").strip()).upper()
    if match := _WORKING_GROUP_SYMBOL.match(text):
        return SymbolSession(upr_session=int(match.group(1)))
    if match := _COUNCIL_SYMBOL.match(text):
        return SymbolSession(hrc_session=int(match.group(1)))
    return None


def review_date(session: UprSession) -> datetime.date:
    """The date of a review held at this session: its first day. The day each State was
    reviewed (one of some fourteen) is not in the calendar; the first day never postdates
    the review and keeps a session's reviews together when sorted by date."""
    return session.start


class UprCalendar:
    """Every session, read in one query, with the lookups an import makes row after row."""

    def __init__(self, sessions: Iterable[UprSession]):
        self.sessions: list[UprSession] = sorted(sessions, key=lambda session: session.number)
        self._by_number = {session.number: session for session in self.sessions}
        self._by_hrc: dict[int, list[UprSession]] = {}
        for session in self.sessions:
            self._by_hrc.setdefault(session.hrc_session, []).append(session)

    def session(self, number: int) -> UprSession | None:
        return self._by_number.get(number)

    def sessions_for_hrc(self, hrc_session: int) -> list[UprSession]:
        """The sessions whose outcomes the Council adopted at this session: one, two for the
        8th, none for a session that adopted none or is not in the calendar yet."""
        return list(self._by_hrc.get(hrc_session, []))

    def for_hrc(self, hrc_session: int) -> UprSession | None:
        """The one UPR session whose outcomes the Council adopted at this session; None where
        it adopted two (the 8th) or none: a report's date is never guessed."""
        sessions = self._by_hrc.get(hrc_session, [])
        return sessions[0] if len(sessions) == 1 else None

    def for_symbol(self, symbol: str) -> UprSession | None:
        """The session a UPR document's symbol names (see the module's docstring)."""
        named = symbol_session(symbol)
        if named is None:
            return None
        if named.upr_session is not None:
            return self.session(named.upr_session)
        return self.for_hrc(named.hrc_session or 0)

    def for_date(self, day: datetime.date) -> UprSession | None:
        """The session held on that day (from its first to its last day), if any."""
        return next((s for s in self.sessions if s.start <= day <= s.end), None)

    def review_date_for_symbol(self, symbol: str) -> datetime.date | None:
        """The date of the review a UPR document's symbol names (see `review_date`)."""
        session = self.for_symbol(symbol)
        return review_date(session) if session else None


def calendar() -> UprCalendar:
    """The calendar as it stands, in one query: an import reads it once and looks every row
    up in memory. Not cached across calls, so sessions administrators add count at once."""
    return UprCalendar(UprSession.objects.all())


def upr_session_get(number: int) -> UprSession | None:
    """The Working Group's session of that number, if the calendar has it."""
    return UprSession.objects.filter(number=number).first()


def upr_session_latest() -> UprSession | None:
    """The last session in the calendar: the one an administrator adding the next starts
    from."""
    return UprSession.objects.order_by("-number").first()


def upr_session_for_hrc(hrc_session: int) -> UprSession | None:
    """See UprCalendar.for_hrc: one session, or None where the Council adopted two or none."""
    return calendar().for_hrc(hrc_session)


def upr_sessions_for_hrc(hrc_session: int) -> list[UprSession]:
    """See UprCalendar.sessions_for_hrc."""
    return calendar().sessions_for_hrc(hrc_session)


def upr_session_for_symbol(symbol: str) -> UprSession | None:
    """See UprCalendar.for_symbol."""
    return calendar().for_symbol(symbol)


def upr_session_for_date(day: datetime.date) -> UprSession | None:
    """The session held on that day, if any."""
    return UprSession.objects.filter(start__lte=day, end__gte=day).order_by("number").first()


def upr_sessions_reference(path: Path = UPR_SESSIONS_FILE) -> list[UprSessionRow]:
    """The sessions of the reference file, in its order; a malformed line fails loudly with
    its line number (the file ships with Rectrack: a mistake in it is a bug)."""
    rows = []
    with path.open(encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        missing = set(COLUMNS) - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path.name}: missing columns {sorted(missing)}")
        for line in reader:
            try:
                rows.append(
                    UprSessionRow(
                        number=int(line["number"]),
                        cycle=int(line["cycle"]),
                        start=datetime.date.fromisoformat(line["start"].strip()),
                        end=datetime.date.fromisoformat(line["end"].strip()),
                        hrc_session=int(line["hrc_session"]),
                        note=(line.get("note") or "").strip(),
                    )
                )
            except (TypeError, ValueError) as error:
                raise ValueError(f"{path.name}, line {reader.line_num}: {error}") from error
    return rows


@transaction.atomic
def upr_sessions_load(*, rows: Iterable[UprSessionRow], model=UprSession) -> list:
    """Add the sessions the calendar lacks; a session already there is left as it is, so an
    administrator's correction outlives any later load. `model` is the migration's
    historical model when a data migration loads the file. Returns the sessions added."""
    present = set(model.objects.values_list("number", flat=True))
    added = []
    for row in rows:
        if row.number in present:
            continue
        session = model(
            number=row.number,
            cycle=row.cycle,
            start=row.start,
            end=row.end,
            hrc_session=row.hrc_session,
            note=row.note,
        )
        session.full_clean()
        session.save()
        present.add(row.number)
        added.append(session)
    return added


def upr_sessions_sync() -> list[UprSession]:
    """Load the reference file into the calendar (see `upr_sessions_load`)."""
    return upr_sessions_load(rows=upr_sessions_reference())
