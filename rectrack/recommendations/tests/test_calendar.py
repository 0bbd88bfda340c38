"""The UPR session calendar: the sessions migration 0016 loaded from data/upr_sessions.csv,
the lookups an import dates a UPR document with, and the administration that extends it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from rectrack.audit.models import AuditEntry
from rectrack.recommendations.calendar import (
    UprSessionRow,
    calendar,
    review_date,
    symbol_session,
    upr_session_for_date,
    upr_session_for_hrc,
    upr_session_for_symbol,
    upr_session_get,
    upr_session_latest,
    upr_sessions_for_hrc,
    upr_sessions_load,
    upr_sessions_reference,
    upr_sessions_sync,
)
from rectrack.recommendations.models import UprSession

pytestmark = pytest.mark.django_db

# The last session the shipped file lists: held 3–14 November 2025.
LAST_SHIPPED = 50
# The first session of each cycle.
CYCLE_STARTS = {1: 1, 2: 13, 3: 27, 4: 41}


def _cycle_of(number: int) -> int:
    return max(cycle for cycle, first in CYCLE_STARTS.items() if number >= first)


# The loaded calendar.


def test_the_migration_loaded_every_session_from_the_first_with_no_gap():
    sessions = list(UprSession.objects.all())
    assert [session.number for session in sessions] == list(range(1, LAST_SHIPPED + 1))
    assert len(upr_sessions_reference()) == LAST_SHIPPED
    first, last = sessions[0], sessions[-1]
    assert (first.start, first.end, first.hrc_session) == (
        datetime.date(2008, 4, 7),
        datetime.date(2008, 4, 18),
        8,
    )
    assert (last.start, last.end, last.hrc_session, last.cycle) == (
        datetime.date(2025, 11, 3),
        datetime.date(2025, 11, 14),
        61,
        4,
    )


def test_each_session_is_of_its_cycle():
    cycles = dict(UprSession.objects.values_list("number", "cycle"))
    assert cycles == {number: _cycle_of(number) for number in range(1, LAST_SHIPPED + 1)}
    assert sorted(number for number, cycle in cycles.items() if cycle == 2) == list(range(13, 27))


def test_sessions_follow_one_another_and_last_at_most_three_weeks():
    sessions = list(UprSession.objects.all())
    for session in sessions:
        assert session.start <= session.end
        assert (session.end - session.start).days <= 21, session.number
    for before, after in zip(sessions, sessions[1:], strict=False):
        assert before.end < after.start, after.number


def test_each_council_session_adopts_one_upr_session_but_the_eighth_two():
    hrc = list(UprSession.objects.values_list("hrc_session", flat=True))
    assert hrc[:2] == [8, 8]
    assert all(earlier < later for earlier, later in zip(hrc[1:], hrc[2:], strict=False))
    skipped = sorted(set(range(8, hrc[-1] + 1)) - set(hrc))
    # June 2008's, June 2012's and June 2017's between cycles; September 2020's and
    # September 2022's after the sessions delayed by COVID-19.
    assert skipped == [9, 20, 35, 45, 51]


def test_the_calendar_agrees_with_the_known_reports():
    anchors = {1: 8, 6: 13, 12: 19, 13: 21, 20: 28, 34: 43, 36: 46, 40: 50, 41: 52}
    assert {number: upr_session_get(number).hrc_session for number in anchors} == anchors
    assert upr_session_get(36).start == datetime.date(2020, 11, 2)  # delayed from May 2020
    assert upr_session_get(37).start == datetime.date(2021, 1, 18)
    assert upr_session_get(41).start == datetime.date(2022, 11, 7)  # the 4th cycle's first


# Lookups.


@pytest.mark.parametrize(
    ("symbol", "number"),
    [
        ("A/HRC/28/15", 20),  # Slovenia, 2014
        ("A/HRC/28/15/Add.1", 20),
        ("A/HRC/43/15", 34),  # Slovenia, 2019
        ("A/HRC/WG.6/20/SVN/1", 20),
        ("A/HRC/WG.6/20/L.10", 20),
        ("a/hrc/wg.6/34/svn/3", 34),
        (" A / HRC / 43 / 15 ", 34),
        ("A/HRC/DEC/28/115", 20),
        ("A/HRC/52/7", 41),
        ("A/HRC/WG.6/1/BHR/1", 1),
        ("A/HRC/10/69", 3),
    ],
)
def test_a_upr_documents_symbol_names_its_session(symbol, number):
    assert upr_session_for_symbol(symbol).number == number


@pytest.mark.parametrize(
    "symbol",
    [
        "A/HRC/8/27",  # sessions 1 and 2 both went to the 8th Council session
        "A/HRC/20/1",  # the 20th adopted no UPR session
        "A/HRC/99/15",  # not in the calendar (yet)
        "A/HRC/WG.6/99/XXX/1",
        "A/HRC/RES/28/1",
        "CCPR/C/SVN/CO/4",
        "",
    ],
)
def test_a_symbol_naming_no_single_session_finds_none(symbol):
    assert upr_session_for_symbol(symbol) is None


def test_symbols_are_read_without_the_database():
    assert symbol_session("A/HRC/WG.6/20/SVN/1").upr_session == 20
    assert symbol_session("A/HRC/28/15/Add.1").hrc_session == 28
    assert symbol_session("E/C.12/SVN/CO/3") is None


def test_the_eighth_council_session_adopted_sessions_one_and_two():
    assert [session.number for session in upr_sessions_for_hrc(8)] == [1, 2]
    assert upr_session_for_hrc(8) is None
    assert upr_session_for_hrc(28).number == 20
    assert upr_session_for_hrc(9) is None


def test_a_review_is_dated_by_its_sessions_first_day():
    assert review_date(upr_session_get(20)) == datetime.date(2014, 10, 27)
    assert calendar().review_date_for_symbol("A/HRC/28/15") == datetime.date(2014, 10, 27)
    assert calendar().review_date_for_symbol("A/HRC/8/27") is None


def test_a_date_finds_the_session_held_that_day():
    assert upr_session_for_date(datetime.date(2014, 11, 7)).number == 20
    assert upr_session_for_date(datetime.date(2014, 10, 27)).number == 20
    assert upr_session_for_date(datetime.date(2015, 3, 1)) is None
    assert calendar().for_date(datetime.date(2019, 11, 12)).number == 34


def test_the_calendar_reads_every_session_in_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        loaded = calendar()
    symbols = ["A/HRC/28/15", "A/HRC/43/15", "A/HRC/WG.6/20/SVN/1", "A/HRC/8/19"]
    with django_assert_num_queries(0):
        found = [loaded.for_symbol(symbol) for symbol in symbols]
        assert loaded.session(50).hrc_session == 61
    assert [session.number if session else None for session in found] == [20, 34, 20, None]


def test_a_session_reads_with_its_days():
    with translation.override("en"):
        assert str(upr_session_get(20)) == "UPR session 20 (27 Oct–7 Nov 2014)"
        assert str(upr_session_get(1)) == "UPR session 1 (7–18 Apr 2008)"
        assert str(upr_session_get(6)) == "UPR session 6 (30 Nov–11 Dec 2009)"
        crossing = UprSession(
            number=99, start=datetime.date(2030, 12, 29), end=datetime.date(2031, 1, 9)
        )
        assert str(crossing) == "UPR session 99 (29 Dec 2030–9 Jan 2031)"


# Loading the file.


def test_loading_again_adds_only_missing_sessions_and_keeps_administrators_edits():
    upr_session = upr_session_get(50)
    upr_session.note = "Corrected by the NMIRF."
    upr_session.end = datetime.date(2025, 11, 13)
    upr_session.save()
    upr_session_get(49).delete()

    added = upr_sessions_sync()

    assert [session.number for session in added] == [49]
    assert UprSession.objects.count() == LAST_SHIPPED
    kept = upr_session_get(50)
    assert (kept.end, kept.note) == (datetime.date(2025, 11, 13), "Corrected by the NMIRF.")
    assert upr_sessions_sync() == []


def test_a_row_ending_before_it_starts_is_refused():
    row = UprSessionRow(
        number=51,
        cycle=4,
        start=datetime.date(2026, 2, 6),
        end=datetime.date(2026, 1, 26),
        hrc_session=62,
    )
    with pytest.raises(ValidationError) as refused:
        upr_sessions_load(rows=[row])
    assert "A session cannot end before it starts." in str(refused.value)
    assert upr_session_get(51) is None


def test_a_malformed_line_of_the_file_names_its_line(tmp_path):
    path = tmp_path / "upr_sessions.csv"
    path.write_text(
        "number,cycle,start,end,hrc_session\n1,1,2008-04-07,2008-04-18,8\n2,1,May 2008,,8\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="line 3"):
        upr_sessions_reference(path)


# The administration.


def _next_session(**fields) -> dict:
    data = {
        "number": "51",
        "cycle": "4",
        "start": "2026-01-19",
        "end": "2026-01-30",
        "hrc_session": "62",
        "note": "",
    }
    data.update(fields)
    return data


def test_an_administrator_adds_the_next_session_the_form_starting_from_it(client, admin):
    client.force_login(admin)
    url = reverse("admin:recommendations_uprsession_add")
    form = client.get(url).context["adminform"].form
    assert (form.initial["number"], form.initial["cycle"], form.initial["hrc_session"]) == (
        51,
        4,
        62,
    )
    response = client.post(url, _next_session())
    assert response.status_code == 302, response.context["adminform"].form.errors
    added = upr_session_latest()
    assert (added.number, added.start, added.hrc_session) == (
        51,
        datetime.date(2026, 1, 19),
        62,
    )
    assert upr_session_for_symbol("A/HRC/62/1").number == 51
    entry = AuditEntry.objects.get(model="recommendations.uprsession")
    assert (entry.action, entry.user) == ("create", admin)


def test_the_administration_refuses_a_session_ending_before_it_starts(client, admin):
    client.force_login(admin)
    response = client.post(
        reverse("admin:recommendations_uprsession_add"), _next_session(end="2026-01-12")
    )
    assert response.status_code == 200
    assert "A session cannot end before it starts." in response.content.decode()
    assert upr_session_get(51) is None


def test_a_coordinator_cannot_add_a_session(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("admin:recommendations_uprsession_add"), _next_session())
    assert response.status_code == 302
    assert "/admin/login/" in response.url
    assert upr_session_get(51) is None
