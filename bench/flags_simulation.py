"""Simulate 26-week courses and measure how often the flag engine warns, and how fast it catches a rise.

Each course is evaluated as of every day, as a consultant reading the review list would see it. A
warning "episode" starts on a day a red or amber flag is shown and none was shown the day before.

Groups (three planned days a week unless said otherwise; she forgets one day in twenty):
- stable: pain around her own level (2-6) with a daily spread of 1-2 points, full attendance,
  ordinary evenings;
- appointments: stable, with two doctor's appointments she announced in advance (absent, told);
- fluctuating: a bad week in every three (pain +3, tired evenings, a day off ill, a day home
  early) while her hours step up from 10 to 13 to 16 a week (weeks 6 and 12);
- rise +2 / rise +3: stable, then from week 10 a sustained rise of pain.

Prints, per group, per woman per month: warning/m = stretches of days with any warning shown;
shown/m = each rule's flag appearing on the list (every reappearance counted); flags/m = each
rule's episodes as the app keeps them (a flag back within FlagSettings.reopen_within_days of
clearing continues its episode and its acknowledgement). Then the share of days a warning is shown,
R2 episodes per woman per month; for the rises, the share caught by R2 within 10 entries of the
rise (and ever), and the median delay in entries and days.

    .venv/bin/python bench/flags_simulation.py [women per group]
"""

from __future__ import annotations

import random
import statistics
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.domain.day import Attendance  # noqa: E402
from app.domain.flags import FlagSettings, evaluate  # noqa: E402
from app.domain.schedule import PlanVersion  # noqa: E402
from app.domain.week import DayFacts  # noqa: E402

START = date(2026, 3, 2)  # a Monday
WEEKS = 26
DAYS = WEEKS * 7
MONTHS = DAYS / 30.44
RISE_WEEK = 10
WARNING_RULES = ("R1", "R2", "R3", "R4", "R5")
REOPEN = getattr(FlagSettings(), "reopen_within_days", 1)  # the app's episode rule (1 before it had one)
THREE_DAYS = PlanVersion(START, (3, 0, 3, 0, 3, 0, 0))
# 10, 13 and then 16 hours a week, stepped up in weeks 6 and 12.
FLUCTUATING_PLANS = [PlanVersion(START, (2, 2, 2, 2, 2, 0, 0)),
                     PlanVersion(START + timedelta(weeks=6), (3, 2.5, 2.5, 2.5, 2.5, 0, 0)),
                     PlanVersion(START + timedelta(weeks=12), (4, 3, 3, 3, 3, 0, 0))]


@dataclass
class Course:
    """One simulated course: plans, entries and (for a rise) the day it began."""

    plans: list[PlanVersion]
    entries: dict[date, DayFacts]
    rise_day: date | None = None


def _ordinary(rng: random.Random, level: float, spread: float) -> DayFacts:
    pain = max(0, min(10, round(rng.gauss(level, spread))))
    return DayFacts(Attendance.FULL, None, pain, rng.choices([1, 2, 3], [40, 40, 20])[0])


def _work_days(plans: list[PlanVersion]) -> list[date]:
    days = []
    for n in range(DAYS):
        day = START + timedelta(days=n)
        plan = max((p for p in plans if p.valid_from <= day), key=lambda p: p.valid_from)
        if plan.hours[day.weekday()] > 0:
            days.append(day)
    return days


def stable(rng: random.Random, rise: int = 0) -> Course:
    """Her usual level 2-6, spread 1-2; from RISE_WEEK her pain rises by `rise`."""
    usual, spread = rng.randint(2, 6), rng.uniform(1.0, 2.0)
    rise_day = START + timedelta(weeks=RISE_WEEK) if rise else None
    entries = {}
    for day in _work_days([THREE_DAYS]):
        if rng.random() < 0.05:  # she forgets one day in twenty
            continue
        entries[day] = _ordinary(rng, usual + (rise if rise_day and day >= rise_day else 0), spread)
    return Course([THREE_DAYS], entries, rise_day)


def appointments(rng: random.Random) -> Course:
    """Stable, with two appointments she announced in advance (the doctor, a scan) on two planned days in a row."""
    course = stable(rng)
    first = START + timedelta(weeks=rng.randint(3, 22))
    for day in (first, first + timedelta(days=2)):  # a Monday and the Wednesday
        course.entries[day] = DayFacts(Attendance.ABSENT, 0.0, rng.randint(2, 5), None, (), planned_around=True)
    return course


def fluctuating(rng: random.Random) -> Course:
    """A bad week in every three while her hours step up: pain +3, tired evenings, one day ill, one day home early."""
    usual, spread = rng.randint(3, 5), rng.uniform(1.0, 1.5)
    phase = rng.randrange(3)
    entries = {}
    for day in _work_days(FLUCTUATING_PLANS):
        if rng.random() < 0.05:
            continue
        week = (day - START).days // 7
        if (week + phase) % 3:
            entries[day] = _ordinary(rng, usual, spread)
            continue
        pain = max(0, min(10, round(rng.gauss(usual + 3, spread))))
        evening = rng.choices([3, 4, 5], [30, 50, 20])[0]
        if day.weekday() == 1:
            entries[day] = DayFacts(Attendance.ABSENT, 0.0, pain, None)
        elif day.weekday() == 3:
            entries[day] = DayFacts(Attendance.EARLY, 1.0, pain, evening, ("pain",))
        else:
            entries[day] = DayFacts(Attendance.FULL, None, pain, evening)
    return Course(FLUCTUATING_PLANS, entries)


def readings(course: Course) -> list[set[str]]:
    """The rules of the warnings shown, as of each day of the course."""
    days = []
    for n in range(DAYS):
        day = START + timedelta(days=n)
        report = evaluate(course.plans, course.entries, day, logging_since=START)
        days.append({f.rule for f in report.shown if f.level.is_warning})
    return days


def episode_starts(shown: list[set[str]], rule: str | None = None, gap: int = 1) -> list[date]:
    """Days on which a warning (of `rule`, or any) is shown and was not on the `gap` days before.

    gap=1 counts every reappearance; the app continues an episode that cleared within
    FlagSettings.reopen_within_days (same episode, same acknowledgement), so `flags/m` uses that gap.
    """
    starts, last_shown = [], None
    for n, rules in enumerate(shown):
        if (rule in rules) if rule else bool(rules):
            if last_shown is None or n - last_shown > gap:
                starts.append(START + timedelta(days=n))
            last_shown = n
    return starts


def report_group(name: str, courses: list[Course]) -> None:
    """Print the group's figures."""
    shown = [readings(c) for c in courses]
    episodes = sum(len(episode_starts(s)) for s in shown)
    r2 = sum(len(episode_starts(s, "R2")) for s in shown)
    flags = sum(len(episode_starts(s, rule, REOPEN)) for s in shown for rule in WARNING_RULES)
    raw = sum(len(episode_starts(s, rule)) for s in shown for rule in WARNING_RULES)
    warned_days = sum(sum(1 for rules in s if rules) for s in shown)
    women = len(courses)
    line = (f"{name:<14} {women:>5} {episodes / women / MONTHS:>10.2f} {raw / women / MONTHS:>9.2f} {flags / women / MONTHS:>9.2f}"
            f" {100 * warned_days / women / DAYS:>8.0f} %"
            f" {r2 / women / MONTHS:>8.2f}")
    rises = [(c, s) for c, s in zip(courses, shown) if c.rise_day]
    if rises:
        caught, delays_entries, delays_days = 0, [], []
        for course, days in rises:
            after = [s for s in episode_starts(days, "R2") if s >= course.rise_day]
            if not after:
                continue
            logged = [d for d in course.entries if course.rise_day <= d <= after[0]]
            delays_entries.append(len(logged))
            delays_days.append((after[0] - course.rise_day).days)
            caught += len(logged) <= 10
        line += f" {100 * caught / women:>9.0f} % {100 * len(delays_entries) / women:>6.0f} %"
        if delays_entries:
            line += f" {statistics.median(delays_entries):>6.0f} {statistics.median(delays_days):>5.0f}"
    print(line)


def main() -> None:
    """Simulate every group and print one table."""
    women = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    rng = random.Random(26)
    print(f"{women} women per group, {WEEKS} weeks each")
    print(f"{'group':<14} {'women':>5} {'warning/m':>10} {'shown/m':>9} {'flags/m':>9} {'warned':>10} {'R2 ep/m':>8}"
          f" {'R2 ≤10 ent':>11} {'ever':>8} {'delay e':>6} {'d':>5}")
    report_group("stable", [stable(rng) for _ in range(women)])
    report_group("appointments", [appointments(rng) for _ in range(women)])
    report_group("fluctuating", [fluctuating(rng) for _ in range(women)])
    report_group("rise +2", [stable(rng, 2) for _ in range(women)])
    report_group("rise +3", [stable(rng, 3) for _ in range(women)])


if __name__ == "__main__":
    main()
