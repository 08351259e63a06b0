"""Her next seven days from her plan versions (app/domain/week_ahead.py), without a server. Today is Wednesday
18 November 2026, in odd ISO week 47."""

from __future__ import annotations

from datetime import date, time, timedelta

from app.domain.day import Attendance
from app.domain.schedule import MONTHLY, ROTATION, PlanVersion
from app.domain.week import DayFacts
from app.domain.week_ahead import CHOOSE, DAYS_AHEAD, ENDED, FREE, WORK, DayAhead, end_of, week_ahead

TODAY = date(2026, 11, 18)


def _kinds(plans: list[PlanVersion], **given: object) -> list[str]:
    return [day.kind for day in week_ahead(plans, TODAY, **given).days]  # type: ignore[arg-type]


def test_it_gives_seven_days_from_today_with_hours_and_when_each_shift_ends() -> None:
    plan = PlanVersion(date(2026, 11, 2), hours=(0, 0, 2, 0, 2.5, 0, 0), starts=(None, None, time(10), None, None, None, None))
    ahead = week_ahead([plan], TODAY)
    assert [day.day for day in ahead.days] == [TODAY + timedelta(days=n) for n in range(DAYS_AHEAD)]
    assert ahead.days[0] == DayAhead(TODAY, WORK, 2, time(10), time(12))
    assert ahead.days[2] == DayAhead(date(2026, 11, 20), WORK, 2.5)  # no start agreed: no times
    assert ahead.days[1] == DayAhead(date(2026, 11, 19), FREE)
    assert ahead.has_plan and ahead.monthly_hours is None and ahead.paid_hours is None


def test_a_shift_of_half_hours_ends_on_the_half_hour() -> None:
    assert end_of(TODAY, time(9, 30), 2.5) == time(12)
    assert end_of(TODAY, time(21, 30), 2.5) == time(0)  # the plan form refuses a shift past midnight


def test_a_rotation_reads_each_weeks_own_hours() -> None:
    rotation = PlanVersion(TODAY, mode=ROTATION, hours=(3, 0, 3, 0, 0, 0, 0), even_hours=(0, 4, 0, 0, 0, 0, 0))
    assert _kinds([rotation]) == [WORK, FREE, FREE, FREE, FREE, FREE, WORK]  # Wed 18 (odd), Tue 24 (even); Mon 23 is even


def test_a_new_plan_shows_from_its_first_day() -> None:
    before = PlanVersion(date(2026, 11, 2), hours=(3, 3, 3, 3, 3, 0, 0))
    after = PlanVersion(date(2026, 11, 23), hours=(0, 2, 0, 0, 0, 0, 0))
    assert _kinds([before, after]) == [WORK, WORK, WORK, FREE, FREE, FREE, WORK]


def test_no_day_after_the_course_is_a_work_day() -> None:
    plan = PlanVersion(date(2026, 11, 2), hours=(3,) * 7)  # type: ignore[arg-type]
    assert _kinds([plan], last_day=date(2026, 11, 20)) == [WORK] * 3 + [ENDED] * 4


def test_a_monthly_budget_gives_the_month_and_her_worked_hours_so_far() -> None:
    budget = PlanVersion(date(2026, 11, 2), mode=MONTHLY, monthly_hours=26, paid_hours=6)
    entries = {date(2026, 11, 3): DayFacts(Attendance.FULL, 3.5, 2, 2), date(2026, 11, 17): DayFacts(Attendance.FULL, 4, 3, 2),
               date(2026, 11, 10): DayFacts(Attendance.ABSENT, None, 6, 3), date(2026, 10, 30): DayFacts(Attendance.FULL, 5, 2, 2)}
    ahead = week_ahead([budget], TODAY, entries=entries)
    assert [day.kind for day in ahead.days] == [CHOOSE] * 7 and ahead.only_budget
    assert (ahead.monthly_hours, ahead.worked_this_month) == (26, 7.5)  # October's day is last month's
    assert ahead.paid_hours == 6 and ahead.paid_per_month


def test_without_a_plan_the_week_says_so() -> None:
    later = PlanVersion(date(2026, 12, 1), hours=(3, 0, 0, 0, 0, 0, 0))
    ahead = week_ahead([later], TODAY)
    assert not ahead.has_plan and [day.kind for day in ahead.days] == [FREE] * 7
    soon = PlanVersion(date(2026, 11, 23), hours=(3, 0, 0, 0, 0, 0, 0), paid_hours=1)
    coming = week_ahead([soon], TODAY)
    assert coming.has_plan and coming.paid_hours == 1 and coming.days[5].kind == WORK  # the plan that starts on Monday speaks
