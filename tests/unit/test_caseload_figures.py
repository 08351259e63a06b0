"""The caseload row's hours: an appointment she announced in advance is planned around, as in the flags."""

from __future__ import annotations

from datetime import date

from app.domain.caseload import row_figures
from app.domain.day import Attendance
from app.domain.schedule import PlanVersion
from app.domain.week import DayFacts

MONDAY = date(2026, 11, 16)
PLAN = PlanVersion(date(2026, 9, 7), (3, 0, 3, 0, 0, 0, 0))  # Mon and Wed, 3 h


def test_an_announced_appointment_is_neither_planned_nor_worked_this_week() -> None:
    wednesday = date(2026, 11, 18)
    doctor = DayFacts(Attendance.ABSENT, 0.0, 4, None, (), planned_around=True)
    figures = row_figures([PLAN], {MONDAY: DayFacts(Attendance.FULL, None, 4, 2), wednesday: doctor}, wednesday)
    assert (figures.week_worked, figures.week_known_planned, figures.week_planned) == (3, 3, 3)


def test_an_absence_not_announced_still_counts_as_planned() -> None:
    wednesday = date(2026, 11, 18)
    ill = DayFacts(Attendance.ABSENT, 0.0, 7, None)
    figures = row_figures([PLAN], {MONDAY: DayFacts(Attendance.FULL, None, 4, 2), wednesday: ill}, wednesday)
    assert (figures.week_worked, figures.week_known_planned, figures.week_planned) == (3, 6, 6)
