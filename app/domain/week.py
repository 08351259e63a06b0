"""Her recent days at a glance ("my week"), and the window in which she may correct them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Mapping, NamedTuple, Sequence

from app.domain.day import Attendance, DayStatus, day_status, worked_hours
from app.domain.schedule import MONTHLY, PlanVersion, plan_in_force


class DayFacts(NamedTuple):
    """What an entry says, reduced to what summaries need (a tuple: pages build thousands).

    Her own entries always carry a pain; a day the consultant `recorded` for her (attendance learned from the
    workplace or from her on the phone, workplace.effective_facts) carries none, nor an evening: the pain and
    evening rules, baselines and medians skip a day whose value is None."""

    attendance: Attendance | None
    hours_worked: float | None
    pain: int | None
    evening: int | None
    early_reasons: tuple[str, ...] = ()
    planned_around: bool = False  # an appointment she announced in advance (day.is_planned_around)
    extra_hours: float | None = None  # hours she stayed beyond the plan (worked, never planned)
    recorded: bool = False  # the consultant's record, not her entry: it counts for R1-R3, never as her writing (R8)


def worked_days(entries: Mapping[date, DayFacts]) -> set[date]:
    """Days she says she worked, planned or not: on a day her plan left free, or on a monthly budget, her pain
    is still a work day's (baseline.baselines)."""
    return {d for d, f in entries.items() if f.hours_worked and f.attendance in _AT_WORK}  # says_she_worked, inline


def says_she_worked(facts: DayFacts) -> bool:
    """She was at work and gave her hours (on a day her plan left free she always gives them)."""
    return facts.attendance in _AT_WORK and bool(facts.hours_worked)


_AT_WORK = frozenset((Attendance.FULL, Attendance.EARLY))



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
    on_budget: bool = False  # a monthly budget is in force: any day may be a work day, so she may write any day


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


@dataclass(frozen=True)
class LogPage:
    """One page of her whole log in "my week": `first` to `last`, newest first on the page."""

    first: date
    last: date
    earlier: date | None  # `before` of the page with the days before this one; None at the start of her log
    later: date | None  # `before` of the page with the days after it; None when that page is the newest
    is_newest: bool  # the page that ends today

    @property
    def days(self) -> int:
        """How many days the page holds (the first page of her log may hold fewer)."""
        return (self.last - self.first).days + 1


def log_page(*, today: date, start: date, before: date | None, span: int) -> LogPage:
    """The `span` days before `before` (default: up to today), never before `start` nor after today.

    `start` is where her log begins (her course start, or an earlier first entry)."""
    start = min(start, today)
    if before is None or before > today:
        last = today
    elif before <= start:
        last = start  # no arithmetic on `before`: 0001-01-01 is a date too
    else:
        last = before - timedelta(days=1)
    first = max(start, last - timedelta(days=span - 1))
    next_last = last + timedelta(days=span)
    return LogPage(first=first, last=last, earlier=first if first > start else None,
                   later=next_last + timedelta(days=1) if next_last < today else None, is_newest=last == today)


def summarize_days(
    *,
    today: date,
    days: int,
    plans: Sequence[PlanVersion],
    entries: Mapping[date, DayFacts],
    edit_days: int,
    last: date | None = None,
) -> list[DaySummary]:
    """The `days` days up to `last` (default today), newest first; `today` decides which she may still change."""
    summaries = []
    for offset in range(days):
        day = (last or today) - timedelta(days=offset)
        version = plan_in_force(plans, day)
        planned = version.planned_on(day) if version else 0.0
        facts = entries.get(day)
        attendance = facts.attendance if facts else None
        summaries.append(DaySummary(
            day=day,
            planned_hours=planned,
            status=day_status(planned, attendance, facts is not None),
            worked_hours=worked_hours(attendance, planned, facts.hours_worked if facts else None, facts.extra_hours if facts else None),
            pain=facts.pain if facts else None,
            evening=facts.evening if facts else None,
            has_entry=facts is not None,
            editable=can_edit(day, today, edit_days),
            on_budget=version is not None and version.mode == MONTHLY,
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
