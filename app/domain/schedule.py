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


def planned_hours(versions: Sequence[PlanVersion], day: date) -> float:
    """Hours planned on `day`; 0 when no plan is in force (a day without a plan is not planned)."""
    version = plan_in_force(versions, day)
    return version.planned_on(day) if version else 0.0
