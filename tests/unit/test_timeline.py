"""The consultant's timeline: days, weeks, plan changes, her usual band."""

from datetime import date, timedelta

from app.domain.day import Attendance, DayStatus
from app.domain.schedule import PlanVersion
from app.domain.timeline import build_timeline, monday_of, recent_pain
from app.domain.week import DayFacts

TODAY = date(2026, 11, 18)  # Wednesday
PLANS = [PlanVersion(date(2026, 9, 7), (2, 0, 2, 0, 2, 0, 0)), PlanVersion(date(2026, 11, 2), (3, 0, 3, 0, 3, 0, 0))]


def full(pain: int, evening: int = 2) -> DayFacts:
    return DayFacts(Attendance.FULL, None, pain, evening)


def test_it_covers_whole_weeks_up_to_today() -> None:
    timeline = build_timeline(plans=PLANS, entries={}, today=TODAY, weeks=4)
    assert timeline.first == monday_of(TODAY) - timedelta(weeks=3)
    assert timeline.days[-1].day == TODAY and len(timeline.weeks) == 4
    assert timeline.days[0].status is DayStatus.UNKNOWN  # a planned Monday, nothing written


def test_it_sums_weeks_over_days_with_entries() -> None:
    entries = {date(2026, 11, 16): full(4), date(2026, 11, 18): DayFacts(Attendance.EARLY, 1.0, 7, 5)}
    week = build_timeline(plans=PLANS, entries=entries, today=TODAY, weeks=1).weeks[-1]
    assert (week.planned_hours, week.known_planned_hours, week.worked_hours) == (6, 6, 4)
    assert week.attendance_ratio == 4 / 6
    assert (week.planned_days, week.logged_days, week.early_days) == (2, 2, 1)


def test_it_lists_changes_of_hours() -> None:
    timeline = build_timeline(plans=PLANS, entries={}, today=TODAY, weeks=8)
    assert [(c.day, c.from_hours, c.to_hours) for c in timeline.plan_changes] == [(date(2026, 11, 2), 6, 9)]


def test_it_marks_her_usual_band_once_known() -> None:
    days = [date(2026, 9, 7) + timedelta(days=i) for i in range(0, 40) if (date(2026, 9, 7) + timedelta(days=i)).weekday() in (0, 2, 4)]
    entries = {d: full(4) for d in days[:12]}
    timeline = build_timeline(plans=PLANS, entries=entries, today=TODAY, weeks=8)
    assert timeline.baseline is not None and timeline.baseline.median == 4


def test_it_takes_recent_pain_over_logged_internship_days() -> None:
    entries = {date(2026, 11, 16): full(6), date(2026, 11, 15): full(2), date(2026, 11, 13): full(8), date(2026, 11, 11): full(7)}
    assert recent_pain(entries, PLANS, TODAY, count=2) == 7  # 13 and 16 Nov; the Sunday is not an internship day
    assert recent_pain({}, PLANS, TODAY) is None
