"""Which plan is in force on a day, and how many hours it plans."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Sequence


@dataclass(frozen=True)
class PlanVersion:
    """Planned hours Monday..Sunday, in force from `valid_from` until superseded."""

    valid_from: date
    hours: tuple[float, float, float, float, float, float, float]

    def planned_on(self, day: date) -> float:
        """Hours this version plans on `day`'s weekday."""
        return self.hours[day.weekday()]

    @property
    def weekly_hours(self) -> float:
        """Planned hours in a whole week."""
        return sum(self.hours)


def plan_in_force(versions: Sequence[PlanVersion], day: date) -> PlanVersion | None:
    """The latest version with valid_from <= day; of equal dates the later one in `versions` wins.

    `versions` must be in creation order, so a same-day correction supersedes.
    """
    current: PlanVersion | None = None
    for version in versions:
        if version.valid_from <= day and (current is None or version.valid_from >= current.valid_from):
            current = version
    return current


def planned_on_days(versions: Sequence[PlanVersion], days: Sequence[date]) -> list[float]:
    """Planned hours on each of `days` (sorted ascending) in one pass over the versions."""
    ordered = [v for _i, v in sorted(enumerate(versions), key=lambda item: (item[1].valid_from, item[0]))]
    hours, current, pointer = [], None, 0
    for day in days:
        while pointer < len(ordered) and ordered[pointer].valid_from <= day:
            current, pointer = ordered[pointer], pointer + 1
        hours.append(current.hours[day.weekday()] if current else 0.0)
    return hours


def planned_hours(versions: Sequence[PlanVersion], day: date) -> float:
    """Hours planned on `day`; 0 when no plan is in force (a day without a plan is not planned)."""
    version = plan_in_force(versions, day)
    return version.planned_on(day) if version else 0.0


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
    """Changes of weekly hours between working plans, in date order.

    A plan of zero hours is a pause (a holiday, a sick leave): going into it and back out
    to the same hours is not a change of hours, and coming back is not a step-up.
    """
    ordered = [v for _i, v in sorted(enumerate(plans), key=lambda item: (item[1].valid_from, item[0]))]
    changes: list[HourChange] = []
    previous: PlanVersion | None = None
    for version in ordered:
        if version.weekly_hours == 0:
            continue
        if previous is not None and version.weekly_hours != previous.weekly_hours:
            changes.append(HourChange(version.valid_from, previous.weekly_hours, version.weekly_hours))
        previous = version
    return changes
