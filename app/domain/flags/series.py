"""A woman's recent days, prepared once so each rule can be asked "as of day d" cheaply."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import NamedTuple
from datetime import date, timedelta
from statistics import median
from typing import Mapping, Sequence

from app.domain.baseline import Baseline, baseline_on, baselines
from app.domain.day import Attendance, worked_hours
from app.domain.schedule import MONTHLY, WEEKLY, PlanVersion, hour_changes, plan_in_force
from app.domain.week import DayFacts, says_she_worked, worked_days

#: How far back any rule looks (R7's four weeks plus the two weeks a flag is held, and R5's pre-step days).
LOOKBACK_DAYS = 70


class Day(NamedTuple):
    """One calendar day: its planned hours, its share of a monthly budget, and her entry, if any.

    A tuple: thousands are built per run. `planned` is 0 on every day of a monthly budget (no day is
    fixed); `budget` is 0 in the other modes.
    """

    day: date
    planned: float
    facts: DayFacts | None
    budget: float = 0.0

    @property
    def is_work_day(self) -> bool:
        """Planned hours on this day."""
        return self.planned > 0

    @property
    def logged_work_day(self) -> bool:
        """A day she wrote about that was planned, or that she worked though it was not (its pain is a work day's)."""
        facts = self.facts
        return facts is not None and (self.planned > 0 or says_she_worked(facts))

    @property
    def worked(self) -> float:
        """Hours worked: the plan (and any extra hours) when she stayed, her own hours when she left early or
        worked a day that was not planned."""
        facts = self.facts
        if facts is None:
            return 0.0
        if facts.attendance is Attendance.FULL and self.planned > 0:  # the common case, inline (day.worked_hours)
            return self.planned + (facts.extra_hours or 0.0)
        return worked_hours(facts.attendance, self.planned, facts.hours_worked, facts.extra_hours)


class Marked(NamedTuple):
    """A session of the course she had a mark in (a register was taken): its day, kind, planned hours and whether
    she attended (present or late). A session without a register is unknown, not missed, and never one of these."""

    day: date
    kind: str
    hours: float
    attended: bool


class Series:
    """Her days from `today - LOOKBACK_DAYS` to `today`, her baselines and changes of hours, and her marks at the
    course's sessions (teaching, workshops, Danish school, ...: never treatment, which is planned around)."""

    def __init__(self, plans: Sequence[PlanVersion], entries: Mapping[date, DayFacts], today: date,
                 logging_since: date | None, marked: Sequence[Marked] = ()) -> None:
        from app.domain.activities import COURSE_KINDS  # here: activities imports this package's model

        self.today = today
        self.first = today - timedelta(days=LOOKBACK_DAYS)
        self.logging_since = logging_since
        self.baselines: list[Baseline] = baselines({d: f.pain for d, f in entries.items()}, plans, worked_days(entries))
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
            if version is None or (facts is not None and facts.planned_around):
                planned = 0.0
            elif version.mode == WEEKLY:  # the common case, without the calls planned_on makes (thousands of women per run)
                planned = version.hours[day.weekday()]
            else:
                planned = version.planned_on(day)
            budget = version.budget_on(day) if version is not None and version.mode == MONTHLY else 0.0
            self.days.append(Day(day, planned, facts, budget))
            day += timedelta(days=1)
        #: Whether any day carries a monthly budget's share (most women have none: their sums are skipped).
        self.has_budget = any(d.budget for d in self.days)
        # The logged work days and their dates, for bisecting a window instead of scanning it.
        self._logged = [d for d in self.days if d.logged_work_day]
        self._logged_dates = [d.day for d in self._logged]
        # Every day she wrote, however long ago (R8 says when she last wrote, not "none" in its window); a day the
        # consultant recorded for her is not her writing.
        self._entry_dates = sorted(d for d, f in entries.items() if not f.recorded)
        # Treatment is her own appointment: never course hours, never missed.
        self._marked = sorted((m for m in marked if m.kind in COURSE_KINDS and self.first <= m.day <= today),
                              key=lambda m: (m.day, m.kind))
        self._marked_dates = [m.day for m in self._marked]

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

    def marked_between(self, start: date, end: date) -> list[Marked]:
        """Her marked course sessions from `start` to `end`, oldest first."""
        return self._marked[bisect_left(self._marked_dates, start):bisect_right(self._marked_dates, end)]

    def last_entry(self, day: date) -> date | None:
        """The last day up to `day` she wrote about, planned or not (None: never)."""
        position = bisect_right(self._entry_dates, day)
        return self._entry_dates[position - 1] if position else None

    def on_budget(self, day: date) -> bool:
        """Whether a monthly budget is in force on `day` (no fixed days: R1 and R8 read the month, docs/plan-modes.md)."""
        if not self.has_budget:
            return False
        index = self.index(day)
        return 0 <= index < len(self.days) and self.days[index].budget > 0

    def baseline(self, day: date) -> Baseline | None:
        """Her usual pain on `day`."""
        return baseline_on(self.baselines, day)


def median_pain(days: Sequence[Day]) -> float | None:
    """Median pain of the days that have one (None when none has: a recorded day has no pain)."""
    pains = pains_of(days)
    return float(median(pains)) if pains else None


def pains_of(days: Sequence[Day]) -> list[int]:
    """The pains of the days that have one, in order (a day the consultant recorded has none)."""
    return [d.facts.pain for d in days if d.facts is not None and d.facts.pain is not None]
