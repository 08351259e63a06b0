"""Time the flag engine: flags for 10,000 women with 180 days of entries each.

    .venv/bin/python bench/flags_speed.py [women]

Synthetic courses in memory (Mon/Wed/Fri, some with a raise of hours), so this times the
pure engine alone; the review list's server time is in bench/staff_pages.py.
"""

from __future__ import annotations

import random
import sys
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.domain.day import Attendance  # noqa: E402
from app.domain.flags import evaluate  # noqa: E402
from app.domain.schedule import PlanVersion  # noqa: E402
from app.domain.week import DayFacts  # noqa: E402

TODAY = date(2026, 11, 18)
DAYS = 180


def course(rng: random.Random) -> tuple[list[PlanVersion], dict[date, DayFacts]]:
    """180 days of a woman on three days a week; a third get more hours halfway."""
    start = TODAY - timedelta(days=DAYS)
    plans = [PlanVersion(start, (3, 0, 3, 0, 3, 0, 0))]
    if rng.random() < 0.33:
        plans.append(PlanVersion(start + timedelta(days=90), (3, 0, 3, 0, 3, 0, 3)))
    usual, entries = rng.randint(2, 6), {}
    for n in range(DAYS):
        day = start + timedelta(days=n)
        if day.weekday() in (0, 2, 4) and rng.random() < 0.9:
            attendance = rng.choices([Attendance.FULL, Attendance.EARLY, Attendance.ABSENT], [90, 6, 4])[0]
            # Evenings mostly good or OK, sometimes tired, now and then exhausted.
            evening = rng.choices([1, 2, 3, 4, 5], [30, 35, 20, 10, 5])[0]
            entries[day] = DayFacts(attendance, 1.5 if attendance is Attendance.EARLY else None,
                                    max(0, min(10, round(rng.gauss(usual, 1.5)))), evening, ("pain",))
    return plans, entries


def main() -> None:
    """Build the courses, then time the engine over all of them."""
    women = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    rng = random.Random(4)
    courses = [course(rng) for _ in range(women)]
    began = time.perf_counter()
    levels: Counter[str] = Counter()
    for plans, entries in courses:
        for flag in evaluate(plans, entries, TODAY, logging_since=TODAY - timedelta(days=DAYS)).shown:
            levels[f"{flag.rule} {flag.level.name.lower()}"] += 1
    elapsed = time.perf_counter() - began
    print(f"flags for {women} women x {DAYS} days: {elapsed:.2f} s ({1000 * elapsed / women:.3f} ms per woman)")
    print("flags raised:", ", ".join(f"{name}: {count}" for name, count in sorted(levels.items())))


if __name__ == "__main__":
    main()
