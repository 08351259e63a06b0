"""Her usual pain band, and re-baselining after a change of hours."""

from datetime import date, timedelta

import pytest

from app.domain.baseline import baseline_on, baselines, robust_spread
from app.domain.schedule import PlanVersion

START = date(2026, 9, 7)  # a Monday
MON_WED = PlanVersion(START, (3, 0, 3, 0, 0, 0, 0))


def workdays(first: date, count: int) -> list[date]:
    days, day = [], first
    while len(days) < count:
        if day.weekday() in (0, 2):
            days.append(day)
        day += timedelta(days=1)
    return days


def test_it_needs_ten_logged_internship_days() -> None:
    pains = {d: 4 for d in workdays(START, 9)}
    pains[START + timedelta(days=5)] = 9  # a Saturday: not an internship day
    assert baselines(pains, [MON_WED]) == []


def test_it_takes_the_median_of_the_first_ten_and_a_floored_spread() -> None:
    days = workdays(START, 14)
    pains = dict(zip(days, [4, 5, 4, 4, 6, 4, 5, 3, 4, 4, 9, 9, 9, 9]))
    (baseline,) = baselines(pains, [MON_WED])
    assert baseline.median == 4 and baseline.since == days[9]
    assert baseline.spread == 1.0  # MAD 0 -> floored
    assert (baseline.low, baseline.high) == (3.0, 5.0)


def test_it_measures_spread_robustly() -> None:
    assert robust_spread([2, 4, 6, 8]) == pytest.approx(1.4826 * 2)


def test_it_rebaselines_three_weeks_after_a_change_of_hours() -> None:
    raise_day = START + timedelta(weeks=6)
    plans = [MON_WED, PlanVersion(raise_day, (3, 0, 3, 0, 3, 0, 0))]
    before = workdays(START, 12)
    after = [d for d in (raise_day + timedelta(days=i) for i in range(0, 70)) if d.weekday() in (0, 2, 4)]
    pains = {d: 4 for d in before} | {d: 6 for d in after}
    history = baselines(pains, plans)
    assert [b.median for b in history] == [4, 6]
    assert history[1].days[0] >= raise_day + timedelta(weeks=3)  # the first three weeks do not count
    assert baseline_on(history, history[1].since - timedelta(days=1)).median == 4
    assert baseline_on(history, history[1].since).median == 6
    assert baseline_on(history, START) is None
