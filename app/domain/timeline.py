"""Her last weeks for the consultant's follow-up: one value per day and per week.

Pure: it takes her plan versions, her entries reduced to DayFacts, and `today`. The
consultant's charts and the caseload list are drawn from what this returns.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median
from typing import Iterable, Mapping, Sequence

from app.domain.baseline import Baseline, baseline_on, baselines
from app.domain.day import DayStatus, day_status, worked_hours
from app.domain.report import ActivityWeek
from app.domain.schedule import HourChange, PlanVersion, hour_changes, planned_hours, plans_on_days
from app.domain.week import DayFacts, worked_days


@dataclass(frozen=True)
class TimelineDay:
    """One calendar day: plan, what happened, and her usual pain band on that day."""

    day: date
    planned_hours: float
    status: DayStatus
    worked_hours: float
    pain: int | None
    evening: int | None
    difficulty: int | None
    usual: Baseline | None
    budget: float = 0.0  # the day's share of a monthly budget (0 in the other plan modes)


@dataclass(frozen=True)
class WeekSummary:
    """A Monday-to-Sunday week (up to today)."""

    monday: date
    planned_hours: float  # every planned day up to today, and the days' shares of a monthly budget
    known_planned_hours: float  # planned days with an entry and the budget's shares (the ratio's denominator)
    worked_hours: float
    planned_days: int
    logged_days: int
    early_days: int
    absent_days: int

    @property
    def attendance_ratio(self) -> float | None:
        """Worked / planned hours over the days with an entry (measures.md); None when nothing is known."""
        return self.worked_hours / self.known_planned_hours if self.known_planned_hours else None


#: A change of planned weekly hours (pauses of zero hours are not changes).
PlanChange = HourChange


@dataclass(frozen=True)
class Timeline:
    """Everything the timeline page draws, oldest day first."""

    first: date
    last: date
    days: list[TimelineDay]
    weeks: list[WeekSummary]
    baseline: Baseline | None  # in force on the last day
    plan_changes: list[PlanChange]


def monday_of(day: date) -> date:
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())


def plan_changes(plans: Sequence[PlanVersion]) -> list[PlanChange]:
    """Every change of weekly hours, in date order."""
    return hour_changes(plans)


def build_timeline(
    *,
    plans: Sequence[PlanVersion],
    entries: Mapping[date, DayFacts],
    difficulty: Mapping[date, int | None] | None = None,
    today: date,
    weeks: int,
) -> Timeline:
    """The last `weeks` whole weeks up to and including `today`'s week."""
    first = monday_of(today) - timedelta(weeks=weeks - 1)
    history = baselines({d: f.pain for d, f in entries.items()}, plans, worked_days(entries))
    days: list[TimelineDay] = []
    span = [first + timedelta(days=offset) for offset in range((today - first).days + 1)]
    for day, version in zip(span, plans_on_days(plans, span)):
        planned = version.planned_on(day) if version else 0.0
        facts = entries.get(day)
        attendance = facts.attendance if facts else None
        days.append(TimelineDay(
            day=day, planned_hours=planned, status=day_status(planned, attendance, facts is not None),
            worked_hours=worked_hours(attendance, planned, facts.hours_worked if facts else None, facts.extra_hours if facts else None),
            pain=facts.pain if facts else None, evening=facts.evening if facts else None,
            difficulty=(difficulty or {}).get(day), usual=baseline_on(history, day),
            budget=version.budget_on(day) if version else 0.0,
        ))
    return Timeline(first=first, last=today, days=days, weeks=summarize_weeks(days),
                    baseline=baseline_on(history, today),
                    plan_changes=[c for c in plan_changes(plans) if c.day <= today])


def summarize_weeks(days: Iterable[TimelineDay]) -> list[WeekSummary]:
    """Group days into Monday-to-Sunday weeks."""
    grouped: dict[date, list[TimelineDay]] = {}
    for item in days:
        grouped.setdefault(monday_of(item.day), []).append(item)
    summaries = []
    known_statuses = (DayStatus.ATTENDED, DayStatus.EARLY, DayStatus.ABSENT)
    for monday, items in sorted(grouped.items()):
        planned = [i for i in items if i.planned_hours > 0]
        known = [i for i in planned if i.status in known_statuses]
        # Worked though not planned (a free day, a monthly budget): worked hours, never planned ones.
        unplanned = [i for i in items if i.status is DayStatus.WORKED_UNPLANNED]
        budget = sum(i.budget for i in items)
        statuses = Counter(i.status for i in items)
        summaries.append(WeekSummary(
            monday=monday, planned_hours=sum(i.planned_hours for i in planned) + budget,
            known_planned_hours=sum(i.planned_hours for i in known) + budget,
            worked_hours=sum(i.worked_hours for i in known + unplanned),
            planned_days=len(planned), logged_days=len(known), early_days=statuses[DayStatus.EARLY],
            absent_days=statuses[DayStatus.ABSENT],
        ))
    return summaries


def recent_pain(entries: Mapping[date, DayFacts], plans: Sequence[PlanVersion], today: date, count: int = 5) -> float | None:
    """Median pain of her last `count` logged internship days up to today."""
    worked = worked_days(entries)
    pains = [pain for d in sorted(entries) if d <= today and (pain := entries[d].pain) is not None
             and (planned_hours(plans, d) > 0 or d in worked)][-count:]  # a day recorded for her has no pain
    return float(median(pains)) if pains else None


@dataclass(frozen=True)
class CourseWeek:
    """A week of her course (issue 22): the internship's planned hours and the activities' planned course hours (never
    treatment), with her attendance at the activities that have a register."""

    monday: date
    internship_hours: float
    activity_hours: float
    activities: ActivityWeek | None

    @property
    def planned_hours(self) -> float:
        """Planned course hours: internship + activities."""
        return round(self.internship_hours + self.activity_hours, 2)


def course_weeks(weeks: Sequence[WeekSummary], activities: Sequence[ActivityWeek]) -> list[CourseWeek]:
    """The timeline's weeks with the activities' hours and attendance beside the internship's planned hours."""
    by_monday = {week.monday: week for week in activities}
    return [CourseWeek(w.monday, w.planned_hours, by_monday[w.monday].planned_hours if w.monday in by_monday else 0.0,
                       by_monday.get(w.monday)) for w in weeks]
