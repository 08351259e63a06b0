"""A woman's recent days, prepared once so each rule can be asked "as of day d" cheaply."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import NamedTuple
from datetime import date, timedelta
from statistics import median
from typing import Mapping, Sequence

from app.domain.baseline import Baseline, baseline_on, baselines
from app.domain.day import Attendance
from app.domain.schedule import PlanVersion, hour_changes, plan_in_force
from app.domain.week import DayFacts

#: How far back any rule looks (R7's four weeks plus the two weeks a flag is held, and R5's pre-step days).
LOOKBACK_DAYS = 70


class Day(NamedTuple):
    """One calendar day: its planned hours and her entry, if any (a tuple: thousands are built per run)."""

    day: date
    planned: float
    facts: DayFacts | None

    @property
    def is_work_day(self) -> bool:
        """Planned hours on this day."""
        return self.planned > 0

    @property
    def logged_work_day(self) -> bool:
        """A planned day she wrote about."""
        return self.planned > 0 and self.facts is not None

    @property
    def worked(self) -> float:
        """Hours worked (the plan when she stayed, her hours when she left early)."""
        facts = self.facts
        if facts is None or facts.attendance is None or facts.attendance is Attendance.ABSENT:
            return 0.0
        if facts.attendance is Attendance.FULL:
            return self.planned
        return facts.hours_worked or 0.0


class Series:
    """Her days from `today - LOOKBACK_DAYS` to `today`, her baselines and changes of hours."""

    def __init__(self, plans: Sequence[PlanVersion], entries: Mapping[date, DayFacts], today: date,
                 logging_since: date | None) -> None:
        self.today = today
        self.first = today - timedelta(days=LOOKBACK_DAYS)
        self.logging_since = logging_since
        self.baselines: list[Baseline] = baselines({d: f.pain for d, f in entries.items()}, plans)
        self.changes = hour_changes(plans)
        # One pass: the versions in date order (a later one of the same date supersedes), a pointer moving with the days.
        ordered = [v for _i, v in sorted(enumerate(plans), key=lambda item: (item[1].valid_from, item[0]))]
        version = plan_in_force(plans, self.first)
        upcoming = [v for v in ordered if v.valid_from > self.first]
        self.days: list[Day] = []
        day = self.first
        while day <= today:
            while upcoming and upcoming[0].valid_from <= day:
                version = upcoming.pop(0)
            facts = entries.get(day)
            # An appointment she announced in advance is planned around: neither worked nor planned.
            planned = 0.0 if version is None or (facts is not None and facts.planned_around) else version.hours[day.weekday()]
            self.days.append(Day(day, planned, facts))
            day += timedelta(days=1)
        # The logged work days and their dates, for bisecting a window instead of scanning it.
        self._logged = [d for d in self.days if d.logged_work_day]
        self._logged_dates = [d.day for d in self._logged]
        # Every day she wrote, however long ago (R8 says when she last wrote, not "none" in its window).
        self._entry_dates = sorted(entries)

    def index(self, day: date) -> int:
        """Position of `day` in `days`."""
        return (day - self.first).days

    def between(self, start: date, end: date) -> list[Day]:
        """Days from `start` to `end`, inclusive, clipped to the series."""
        low, high = max(0, self.index(start)), min(len(self.days) - 1, self.index(end))
        return self.days[low:high + 1] if low <= high else []

    def logged_work_days(self, start: date, end: date) -> list[Day]:
        """Planned days she wrote about, oldest first."""
        return self._logged[bisect_left(self._logged_dates, start):bisect_right(self._logged_dates, end)]

    def last_entry(self, day: date) -> date | None:
        """The last day up to `day` she wrote about, planned or not (None: never)."""
        position = bisect_right(self._entry_dates, day)
        return self._entry_dates[position - 1] if position else None

    def baseline(self, day: date) -> Baseline | None:
        """Her usual pain on `day`."""
        return baseline_on(self.baselines, day)


def median_pain(days: Sequence[Day]) -> float | None:
    """Median pain of the days (None when empty)."""
    return float(median(d.facts.pain for d in days if d.facts)) if days else None
