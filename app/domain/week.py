"""Her recent days at a glance ("my week"), and the window in which she may correct them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Mapping, NamedTuple, Sequence

from app.domain.day import Attendance, DayStatus, day_status, worked_hours
from app.domain.schedule import PlanVersion, planned_hours


class DayFacts(NamedTuple):
    """What an entry says, reduced to what summaries need (a tuple: pages build thousands)."""

    attendance: Attendance | None
    hours_worked: float | None
    pain: int
    evening: int | None
    early_reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class DaySummary:
    """One day in "my week"."""

    day: date
    planned_hours: float
    status: DayStatus
    worked_hours: float
    pain: int | None
    evening: int | None
    has_entry: bool
    editable: bool


@dataclass(frozen=True)
class PeriodTotals:
    """Planned and worked hours over the days that have an entry (unknown days are left out)."""

    planned_hours: float
    worked_hours: float
    days_attended: int
    days_early: int
    days_absent: int
    days_unknown: int


def can_edit(day: date, today: date, edit_days: int) -> bool:
    """She may write or correct today and the `edit_days` days before it, never the future."""
    return today - timedelta(days=edit_days) <= day <= today


def summarize_days(
    *,
    today: date,
    days: int,
    plans: Sequence[PlanVersion],
    entries: Mapping[date, DayFacts],
    edit_days: int,
) -> list[DaySummary]:
    """The last `days` days up to `today`, newest first."""
    summaries = []
    for offset in range(days):
        day = today - timedelta(days=offset)
        planned = planned_hours(plans, day)
        facts = entries.get(day)
        attendance = facts.attendance if facts else None
        summaries.append(DaySummary(
            day=day,
            planned_hours=planned,
            status=day_status(planned, attendance, facts is not None),
            worked_hours=worked_hours(attendance, planned, facts.hours_worked if facts else None),
            pain=facts.pain if facts else None,
            evening=facts.evening if facts else None,
            has_entry=facts is not None,
            editable=can_edit(day, today, edit_days),
        ))
    return summaries


def totals(summaries: Sequence[DaySummary]) -> PeriodTotals:
    """Add up planned and worked hours over planned days that have an entry."""
    known = [s for s in summaries if s.status in (DayStatus.ATTENDED, DayStatus.EARLY, DayStatus.ABSENT)]
    return PeriodTotals(
        planned_hours=sum(s.planned_hours for s in known),
        worked_hours=sum(s.worked_hours for s in known),
        days_attended=sum(s.status is DayStatus.ATTENDED for s in summaries),
        days_early=sum(s.status is DayStatus.EARLY for s in summaries),
        days_absent=sum(s.status is DayStatus.ABSENT for s in summaries),
        days_unknown=sum(s.status is DayStatus.UNKNOWN for s in summaries),
    )
