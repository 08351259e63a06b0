"""Constructed courses for the flag rules: a woman on Mon/Wed/Fri, 3 hours a day."""

from __future__ import annotations

from datetime import date, timedelta

from app.domain.day import Attendance
from app.domain.flags import Acknowledgement, FlagReport, FlagSettings, evaluate
from app.domain.schedule import PlanVersion
from app.domain.week import DayFacts

TODAY = date(2026, 11, 18)  # a Wednesday
START = date(2026, 9, 7)  # a Monday, ten weeks earlier
PLAN = PlanVersion(START, (3, 0, 3, 0, 3, 0, 0))


def work_days(first: date, last: date, plans: list[PlanVersion] | None = None) -> list[date]:
    """Her planned days between two dates, inclusive."""
    from app.domain.schedule import planned_hours

    days, day = [], first
    while day <= last:
        if planned_hours(plans or [PLAN], day) > 0:
            days.append(day)
        day += timedelta(days=1)
    return days


def full(pain: int = 4, evening: int = 2) -> DayFacts:
    return DayFacts(Attendance.FULL, None, pain, evening)


def early(hours: float = 1.5, pain: int = 6, reasons: tuple[str, ...] = ("pain",), evening: int = 4) -> DayFacts:
    return DayFacts(Attendance.EARLY, hours, pain, evening, reasons)


def absent(pain: int = 6) -> DayFacts:
    return DayFacts(Attendance.ABSENT, 0.0, pain, None)


def steady(last: date = TODAY, pain: int = 4, first: date = START, plans: list[PlanVersion] | None = None) -> dict[date, DayFacts]:
    """Every planned day logged as an ordinary full day (baseline 4 after ten days)."""
    return {d: full(pain) for d in work_days(first, last, plans)}


def flags(entries: dict[date, DayFacts], plans: list[PlanVersion] | None = None, today: date = TODAY,
          calls: tuple[date, ...] = (), acks: tuple[Acknowledgement, ...] = (), since: date | None = START) -> FlagReport:
    return evaluate(plans or [PLAN], entries, today, calls=calls, logging_since=since, acknowledgements=acks, settings=FlagSettings())


def rules_of(report: FlagReport) -> dict[str, str]:
    """{rule: level name} of the shown flags."""
    return {flag.rule: flag.level.name for flag in report.shown}
