"""Simulate 26-week courses and measure the flag engine's errors.

Stable women: pain around their own level with a daily spread of 1-2 points, full attendance,
ordinary evenings. Rising women: the same, then from week 10 a sustained rise of +2 or +3.
Each course is evaluated as of every day; a flag "episode" starts on a day it is shown and was
not shown the day before.

Prints: false flags per stable woman per month (R2 alone and any warning), the share of
rises caught by R2 within 10 entries of the rise, and the median delay in entries and days.

    .venv/bin/python bench/flags_simulation.py [women per group]
"""

from __future__ import annotations

import random
import statistics
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.domain.day import Attendance  # noqa: E402
from app.domain.flags import evaluate  # noqa: E402
from app.domain.schedule import PlanVersion  # noqa: E402
from app.domain.week import DayFacts  # noqa: E402

START = date(2026, 3, 2)  # a Monday
WEEKS = 26
RISE_WEEK = 10
PLAN = PlanVersion(START, (3, 0, 3, 0, 3, 0, 0))


def simulate(rng: random.Random, rise: int) -> tuple[dict[date, DayFacts], date | None]:
    """One course: her usual level 2-6, spread 1-2; from RISE_WEEK her pain rises by `rise`."""
    usual, spread = rng.randint(2, 6), rng.uniform(1.0, 2.0)
    rise_day = START + timedelta(weeks=RISE_WEEK) if rise else None
    entries = {}
    for n in range(WEEKS * 7):
        day = START + timedelta(days=n)
        if day.weekday() not in (0, 2, 4) or rng.random() < 0.05:  # she forgets one day in twenty
            continue
        level = usual + (rise if rise_day and day >= rise_day else 0)
        pain = max(0, min(10, round(rng.gauss(level, spread))))
        entries[day] = DayFacts(Attendance.FULL, None, pain, rng.choices([1, 2, 3], [40, 40, 20])[0])
    return entries, rise_day


def episodes(entries: dict[date, DayFacts], rules: set[str] | None) -> list[date]:
    """Days on which a shown flag (of `rules`, or any warning) starts."""
    starts, before = [], False
    for n in range(WEEKS * 7):
        day = START + timedelta(days=n)
        seen = {d: f for d, f in entries.items() if d <= day}
        report = evaluate([PLAN], seen, day, logging_since=START)
        now = any(f.rule in rules if rules else f.level.is_warning for f in report.shown)
        if now and not before:
            starts.append(day)
        before = now
    return starts


def main() -> None:
    """Run both groups and print the figures."""
    women = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    rng = random.Random(26)
    months = WEEKS * 7 / 30.44
    r2_false = any_false = 0
    for _ in range(women):
        entries, _rise = simulate(rng, 0)
        r2_false += len(episodes(entries, {"R2"}))
        any_false += len(episodes(entries, None))
    print(f"stable women: {women}, {WEEKS} weeks each")
    print(f"  false R2 flags per woman per month:       {r2_false / women / months:.2f}")
    print(f"  false warnings (any rule) per woman-month: {any_false / women / months:.2f}")
    for rise in (2, 3):
        caught, delays_entries, delays_days = 0, [], []
        for _ in range(women):
            entries, rise_day = simulate(rng, rise)
            after = [s for s in episodes(entries, {"R2"}) if s >= rise_day]
            if not after:
                continue
            logged_since_rise = sorted(d for d in entries if rise_day <= d <= after[0])
            delays_entries.append(len(logged_since_rise))
            delays_days.append((after[0] - rise_day).days)
            caught += len(logged_since_rise) <= 10
        print(f"women with a sustained +{rise} rise: {women}")
        print(f"  caught by R2 within 10 entries: {100 * caught / women:.0f} %   (ever caught: {100 * len(delays_entries) / women:.0f} %)")
        if delays_entries:
            print(f"  median delay: {statistics.median(delays_entries):.0f} entries, {statistics.median(delays_days):.0f} days")


if __name__ == "__main__":
    main()
