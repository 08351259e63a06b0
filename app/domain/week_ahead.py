"""Her next seven days as her plan gives them: which days she works, from when to when, and how many hours.

She reads this on "My course" (app/web/citizen_course.py) to know when to go to work, so each day is read
from the plan version in force on that day, as her day form reads it (a new plan from next Monday shows
from next Monday; odd and even weeks of a rotation each show their own hours). A monthly budget fixes no
day: she and her workplace choose them, so those days say so, and the page gives the month's hours and
what she has worked of them so far. No day after her course ends is a work day, whatever a plan says.
Beside the plan, each day carries her sessions of the course (teaching, workshops, Danish school, a talk) and her
own appointments (treatment), by start time: a free day of the plan may still be a day she goes to teaching.

Pure: plan versions, her entries as DayFacts and `today` in, plain values out.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Mapping, Sequence

from app.domain.activities import Session as ActivitySession
from app.domain.schedule import MONTHLY, PlanVersion, plan_in_force, plans_on_days
from app.domain.week import DayFacts, summarize_days

#: How many days "My week ahead" shows, today first (the page's heading says seven in words).
DAYS_AHEAD = 7

#: What a day ahead is for her.
WORK = "work"  # her plan gives it hours
FREE = "free"  # her plan gives it none (or no plan is in force yet)
CHOOSE = "choose"  # a monthly budget: she and her workplace choose the days
ENDED = "ended"  # after her course's last day


@dataclass(frozen=True)
class DayAhead:
    """One day of her week ahead; `start` and `end` only when the plan gives a start time."""

    day: date
    kind: str
    hours: float = 0.0
    start: time | None = None
    end: time | None = None
    sessions: tuple[ActivitySession, ...] = ()  # her activities that day, by start


@dataclass(frozen=True)
class WeekAhead:
    """Her next days, and the plan that speaks for the week (the one in force today, else the first to come).

    `monthly_hours`: the budget when that plan is monthly (else None), with `worked_this_month` her worked
    hours from the 1st up to today. `paid_hours`: the paid part of the plan's hours, per week (per month on
    a budget), None when no hours are paid.
    """

    days: tuple[DayAhead, ...]
    has_plan: bool
    monthly_hours: float | None = None
    worked_this_month: float = 0.0
    paid_hours: float | None = None

    @property
    def has_sessions(self) -> bool:
        """Some day of the week holds an activity of hers."""
        return any(day.sessions for day in self.days)

    @property
    def kinds(self) -> list[str]:
        """The kinds of her activities this week, in the order they first come."""
        return list(dict.fromkeys(s.kind for day in self.days for s in day.sessions))

    @property
    def only_budget(self) -> bool:
        """Every day is hers to choose: the page gives the month's hours instead of seven alike days."""
        return all(day.kind in (CHOOSE, ENDED) for day in self.days) and any(day.kind == CHOOSE for day in self.days)

    @property
    def paid_per_month(self) -> bool:
        """The paid hours are a month's (a monthly budget), not a week's."""
        return self.monthly_hours is not None


def end_of(day: date, start: time, hours: float) -> time:
    """When a shift of `hours` that starts at `start` ends (a plan never lets it pass midnight)."""
    return (datetime.combine(day, start) + timedelta(hours=hours)).time()


def _day_ahead(version: PlanVersion | None, day: date, last_day: date | None) -> DayAhead:
    if last_day is not None and day > last_day:
        return DayAhead(day, ENDED)
    if version is None:
        return DayAhead(day, FREE)
    if version.mode == MONTHLY:
        return DayAhead(day, CHOOSE)
    hours = version.planned_on(day)
    if not hours:
        return DayAhead(day, FREE)
    start = version.start_on(day)
    return DayAhead(day, WORK, hours, start, end_of(day, start, hours) if start else None)


def worked_this_month(plans: Sequence[PlanVersion], entries: Mapping[date, DayFacts], today: date) -> float:
    """Her worked hours from the 1st of `today`'s month up to today, as "My week" counts them."""
    days = summarize_days(today=today, days=today.day, plans=plans, entries=entries, edit_days=0)
    return sum(summary.worked_hours for summary in days)


def month_start(today: date) -> date:
    """The 1st of `today`'s month: where `worked_this_month` needs her entries from."""
    return today.replace(day=1)


def week_ahead(plans: Sequence[PlanVersion], today: date, *, last_day: date | None = None,
               entries: Mapping[date, DayFacts] | None = None, sessions: Sequence[ActivitySession] = ()) -> WeekAhead:
    """The DAYS_AHEAD days from today, each as her plan gives it, with her `sessions` of those days; `last_day`: her
    course's last day.

    `entries` (from the 1st of the month) are needed only for a monthly budget's hours worked so far.
    """
    days = [today + timedelta(days=offset) for offset in range(DAYS_AHEAD)]
    versions = plans_on_days(plans, days)
    by_day: dict[date, list[ActivitySession]] = {}
    for one in sorted(sessions, key=lambda s: (s.day, s.start)):
        by_day.setdefault(one.day, []).append(one)
    ahead = tuple(replace(_day_ahead(version, day, last_day), sessions=tuple(by_day.get(day, ())))
                  for version, day in zip(versions, days))
    speaking = plan_in_force(plans, today) or next((version for version in versions if version is not None), None)
    if speaking is None:
        return WeekAhead(ahead, has_plan=False)
    on_budget = speaking.mode == MONTHLY
    return WeekAhead(
        ahead, has_plan=True,
        monthly_hours=speaking.monthly_hours if on_budget else None,
        worked_this_month=worked_this_month(plans, entries or {}, today) if on_budget else 0.0,
        paid_hours=speaking.paid_hours or None,
    )
