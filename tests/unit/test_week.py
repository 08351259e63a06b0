""""My week": the last days at a glance and the correction window."""

from datetime import date

from app.domain.day import Attendance, DayStatus
from app.domain.schedule import PlanVersion
from app.domain.week import DayFacts, can_edit, summarize_days, totals

TODAY = date(2026, 11, 18)  # a Wednesday
PLAN = [PlanVersion(date(2026, 11, 2), (3, 0, 3, 0, 0, 0, 0))]


def test_it_allows_today_and_the_last_seven_days_only() -> None:
    assert can_edit(TODAY, TODAY, 7)
    assert can_edit(date(2026, 11, 11), TODAY, 7)
    assert not can_edit(date(2026, 11, 10), TODAY, 7)
    assert not can_edit(date(2026, 11, 19), TODAY, 7)


def test_it_summarizes_the_last_fourteen_days_newest_first() -> None:
    entries = {
        date(2026, 11, 18): DayFacts(Attendance.FULL, 3, pain=4, evening=2),
        date(2026, 11, 16): DayFacts(Attendance.EARLY, 1.5, pain=7, evening=5),
        date(2026, 11, 11): DayFacts(Attendance.ABSENT, 0, pain=8, evening=None),
        date(2026, 11, 15): DayFacts(None, None, pain=5, evening=3),  # a Sunday, logged anyway
    }
    days = summarize_days(today=TODAY, days=14, plans=PLAN, entries=entries, edit_days=7)
    assert [d.day for d in days][:2] == [date(2026, 11, 18), date(2026, 11, 17)]
    assert len(days) == 14
    by_day = {d.day: d for d in days}
    assert by_day[date(2026, 11, 18)].status is DayStatus.ATTENDED
    assert by_day[date(2026, 11, 16)].status is DayStatus.EARLY
    assert by_day[date(2026, 11, 16)].worked_hours == 1.5
    assert by_day[date(2026, 11, 11)].status is DayStatus.ABSENT
    assert by_day[date(2026, 11, 9)].status is DayStatus.UNKNOWN  # a planned Monday, nothing written
    assert by_day[date(2026, 11, 15)].status is DayStatus.NOT_PLANNED
    assert by_day[date(2026, 11, 15)].pain == 5
    assert not by_day[date(2026, 11, 9)].editable


def test_it_totals_only_days_with_an_entry() -> None:
    entries = {
        date(2026, 11, 18): DayFacts(Attendance.FULL, 3, pain=4, evening=2),
        date(2026, 11, 16): DayFacts(Attendance.EARLY, 1.5, pain=7, evening=5),
    }
    summary = totals(summarize_days(today=TODAY, days=14, plans=PLAN, entries=entries, edit_days=7))
    # Four planned days in the window (9, 11, 16, 18 Nov); two unknown ones are left out.
    assert summary.planned_hours == 6
    assert summary.worked_hours == 4.5
    assert (summary.days_attended, summary.days_early, summary.days_absent, summary.days_unknown) == (1, 1, 0, 2)
