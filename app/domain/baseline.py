"""Her usual pain: the baseline of measures.md.

Baseline = median of her first 10 logged internship days; spread = 1.4826 x MAD, floored
at 1.0. Three weeks after any change of planned weekly hours a new baseline is taken the
same way from the days logged from then on; until it is complete the previous one holds.

Robust for health that comes and goes: a re-baseline spans at least four weeks (all the days
she logged in them, and never fewer than ten), so a bad week that comes every third week is part
of her usual, not a rise; and it is never narrower than her first baseline, so two calm weeks
after a change of hours cannot make her ordinary bad weeks look new. (The first baseline stays
as measures.md defines it: a longer one would catch a real rise later, in simulation.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median
from typing import Collection, Mapping, Sequence

from app.domain.schedule import PlanVersion, hour_changes, planned_on_days

BASELINE_DAYS = 10
SPREAD_FLOOR = 1.0
MAD_SCALE = 1.4826
REBASELINE_AFTER = timedelta(weeks=3)
MIN_SPAN = timedelta(weeks=4)


@dataclass(frozen=True)
class Baseline:
    """Her usual pain from `since` (the day the baseline was complete) on."""

    since: date
    median: float
    spread: float
    days: tuple[date, ...]  # the logged days it was taken from

    @property
    def low(self) -> float:
        """Lower edge of her usual band."""
        return max(0.0, self.median - self.spread)

    @property
    def high(self) -> float:
        """Upper edge of her usual band."""
        return min(10.0, self.median + self.spread)


def robust_spread(values: Sequence[float]) -> float:
    """1.4826 x median absolute deviation, floored at 1.0."""
    centre = median(values)
    return max(SPREAD_FLOOR, MAD_SCALE * median(abs(v - centre) for v in values))


def _take(pains: Mapping[date, int], work_days: Sequence[date], start: date, span: timedelta = timedelta(days=1),
          floor: float = SPREAD_FLOOR) -> Baseline | None:
    """The baseline taken from `start` on, in force once it has ten logged days and `span` is over."""
    later = [d for d in work_days if d >= start]
    if len(later) < BASELINE_DAYS:
        return None
    span_end = later[0] + span - timedelta(days=1)
    days = [d for d in later if d <= span_end]
    if len(days) < BASELINE_DAYS:
        days = later[:BASELINE_DAYS]
    values = [pains[d] for d in days]
    return Baseline(since=max(days[-1], span_end), median=float(median(values)),
                    spread=max(floor, robust_spread(values)), days=tuple(days))


def baselines(pains: Mapping[date, int | None], plans: Sequence[PlanVersion], worked: Collection[date] = ()) -> list[Baseline]:
    """Every baseline she has had, oldest first. `pains` maps each logged day to its pain.

    Her work days are the planned days she wrote about and the days she says she `worked` though they
    were not planned (a monthly budget plans no day at all). A day without a pain (attendance the consultant
    recorded for her, workplace.effective_facts) is no pain day: it is left out."""
    found: list[Baseline] = []
    pains = {day: pain for day, pain in pains.items() if pain is not None}
    logged = sorted(pains)
    worked = set(worked)
    work_days = [d for d, hours in zip(logged, planned_on_days(plans, logged)) if hours > 0 or d in worked]
    first = _take(pains, work_days, date.min)
    if first is None:
        return found
    found.append(first)
    for change in hour_changes(plans):
        later = _take(pains, work_days, change.day + REBASELINE_AFTER, span=MIN_SPAN, floor=first.spread)
        if later is not None and later.since > found[-1].since:
            found.append(later)
    return found


def baseline_on(history: Sequence[Baseline], day: date) -> Baseline | None:
    """The baseline in force on `day` (None before the first is complete)."""
    current = None
    for baseline in history:
        if baseline.since <= day:
            current = baseline
    return current
