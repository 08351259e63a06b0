"""Which plan is in force on a day, and how many hours it plans.

A plan version is one of three modes (docs/plan-modes.md):
- weekly: hours per weekday, with optional start times;
- rotation: odd and even ISO weeks differ (Danish workplaces say "lige og ulige uger");
- monthly: a budget of hours per month with no fixed days; each day carries its pro-rata share.
Any mode may split its hours into paid (løntimer) and unpaid internship hours; the split is what
the agreement and the report state, never what the flags count.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, time
from typing import Sequence

WEEKLY, ROTATION, MONTHLY = "weekly", "rotation", "monthly"
WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MODES = (WEEKLY, ROTATION, MONTHLY)
#: No one is planned for, or may log, more hours than this in a day.
MAX_HOURS_IN_A_DAY = 16.0
#: A monthly budget is more than 0 and at most this (about 37 hours a week).
MAX_MONTHLY_HOURS = 160.0
#: Weeks per month on average, to compare a monthly budget with weekly hours (52 / 12).
WEEKS_PER_MONTH = 52 / 12

Hours = tuple[float, float, float, float, float, float, float]
Starts = tuple["time | None", "time | None", "time | None", "time | None", "time | None", "time | None", "time | None"]
NO_HOURS: Hours = (0.0,) * 7  # type: ignore[assignment]
NO_STARTS: Starts = (None,) * 7  # type: ignore[assignment]


def days_in_month(day: date) -> int:
    """How many days `day`'s month has."""
    return calendar.monthrange(day.year, day.month)[1]


def is_even_week(day: date) -> bool:
    """Whether `day` falls in an even ISO week (week 53 and week 1 are both odd: the rotation then repeats a week)."""
    return day.isocalendar().week % 2 == 0


@dataclass(frozen=True)
class PlanVersion:
    """A plan in force from `valid_from` until superseded.

    `hours` are Monday..Sunday (in a rotation: the odd weeks; `even_hours` the even ones).
    `paid_hours` is the paid part of a week's hours (of a month's, in monthly mode).
    """

    valid_from: date
    hours: Hours = NO_HOURS
    mode: str = WEEKLY
    even_hours: Hours = NO_HOURS
    monthly_hours: float = 0.0
    starts: Starts = NO_STARTS
    even_starts: Starts = NO_STARTS
    paid_hours: float | None = None
    paid_review_on: date | None = None

    def _week(self, day: date) -> tuple[Hours, Starts]:
        if self.mode == ROTATION and is_even_week(day):
            return self.even_hours, self.even_starts
        return self.hours, self.starts

    def planned_on(self, day: date) -> float:
        """Hours this version plans on `day` (0 in monthly mode: no day is fixed)."""
        if self.mode == MONTHLY:
            return 0.0
        return self._week(day)[0][day.weekday()]

    def start_on(self, day: date) -> time | None:
        """When she starts on `day`, when the plan says."""
        if self.mode == MONTHLY or not self.planned_on(day):
            return None
        return self._week(day)[1][day.weekday()]

    def budget_on(self, day: date) -> float:
        """`day`'s pro-rata share of a monthly budget (0 in the other modes)."""
        return self.monthly_hours / days_in_month(day) if self.mode == MONTHLY else 0.0

    @property
    def weekly_hours(self) -> float:
        """Hours in an average week: what a change of hours (a step-up) is measured in, whatever the mode."""
        if self.mode == MONTHLY:
            return round(self.monthly_hours / WEEKS_PER_MONTH, 1)
        if self.mode == ROTATION:
            return (sum(self.hours) + sum(self.even_hours)) / 2
        return sum(self.hours)


def plan_problems(plan: PlanVersion) -> dict[str, str]:
    """What is wrong with a plan the consultant typed: {form field: problem code}; empty when it can be saved.

    A start time belongs to a day with hours, and the day must end before midnight; a monthly budget
    is more than 0 and at most MAX_MONTHLY_HOURS; the paid hours are part of the hours, not more.
    """
    problems: dict[str, str] = {}
    if plan.mode == MONTHLY:
        if plan.monthly_hours <= 0:
            problems["monthly_hours"] = "budget_empty"
        elif plan.monthly_hours > MAX_MONTHLY_HOURS:
            problems["monthly_hours"] = "budget_over"
        total = plan.monthly_hours
    else:
        weeks = [("", plan.hours, plan.starts)] + ([("even_", plan.even_hours, plan.even_starts)] if plan.mode == ROTATION else [])
        for prefix, hours, starts in weeks:
            for name, planned, start in zip(WEEKDAY_NAMES, hours, starts):
                if start is None:
                    continue
                if not planned:
                    problems[f"{prefix}start_{name}"] = "start_without_hours"
                elif start.hour * 60 + start.minute + planned * 60 > 24 * 60:
                    problems[f"{prefix}start_{name}"] = "ends_after_midnight"
        total = max(sum(plan.hours), sum(plan.even_hours) if plan.mode == ROTATION else 0.0)
        if not total and plan.mode == ROTATION and not sum(plan.even_hours):
            problems["mode"] = "rotation_empty"
    if plan.paid_hours is not None and plan.paid_hours > total:
        problems["paid_hours"] = "paid_over_total"
    return problems


def _ordered(versions: Sequence[PlanVersion]) -> list[PlanVersion]:
    """Versions by date; of equal dates the later one in `versions` (creation order) comes last and wins."""
    return [v for _i, v in sorted(enumerate(versions), key=lambda item: (item[1].valid_from, item[0]))]


def plan_in_force(versions: Sequence[PlanVersion], day: date) -> PlanVersion | None:
    """The latest version with valid_from <= day; of equal dates the later one in `versions` wins.

    `versions` must be in creation order, so a same-day correction supersedes.
    """
    current: PlanVersion | None = None
    for version in versions:
        if version.valid_from <= day and (current is None or version.valid_from >= current.valid_from):
            current = version
    return current


def plans_on_days(versions: Sequence[PlanVersion], days: Sequence[date]) -> list[PlanVersion | None]:
    """The version in force on each of `days` (sorted ascending), in one pass over the versions."""
    ordered = _ordered(versions)
    found: list[PlanVersion | None] = []
    current, pointer = None, 0
    for day in days:
        while pointer < len(ordered) and ordered[pointer].valid_from <= day:
            current, pointer = ordered[pointer], pointer + 1
        found.append(current)
    return found


def planned_on_days(versions: Sequence[PlanVersion], days: Sequence[date]) -> list[float]:
    """Planned hours on each of `days` (sorted ascending) in one pass over the versions."""
    # A weekly version's hours read directly: this runs over every entry of thousands of women (flags, baselines).
    return [0.0 if version is None else version.hours[day.weekday()] if version.mode == WEEKLY else version.planned_on(day)
            for version, day in zip(plans_on_days(versions, days), days)]


def planned_hours(versions: Sequence[PlanVersion], day: date) -> float:
    """Hours planned on `day`; 0 when no plan is in force (a day without a plan is not planned)."""
    version = plan_in_force(versions, day)
    return version.planned_on(day) if version else 0.0


def hours_due(versions: Sequence[PlanVersion], days: Sequence[date]) -> float:
    """The hours the plans ask for over `days` (sorted): planned days' hours plus each day's share of a monthly budget."""
    return sum(version.planned_on(day) + version.budget_on(day)
               for version, day in zip(plans_on_days(versions, days), days) if version)


@dataclass(frozen=True)
class HourChange:
    """A change of planned weekly hours."""

    day: date
    from_hours: float
    to_hours: float

    @property
    def is_step_up(self) -> bool:
        """More hours than before."""
        return self.to_hours > self.from_hours


def hour_changes(plans: Sequence[PlanVersion]) -> list[HourChange]:
    """Changes of weekly hours between working plans, in date order, whatever their modes (weekly_hours).

    A plan of zero hours is a pause (a holiday, a sick leave): going into it and back out
    to the same hours is not a change of hours, and coming back is not a step-up.
    """
    changes: list[HourChange] = []
    previous: PlanVersion | None = None
    for version in _ordered(plans):
        if version.weekly_hours == 0:
            continue
        if previous is not None and version.weekly_hours != previous.weekly_hours:
            changes.append(HourChange(version.valid_from, previous.weekly_hours, version.weekly_hours))
        previous = version
    return changes
