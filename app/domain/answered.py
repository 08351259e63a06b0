"""How often she answered the questions she may skip, counted honestly.

Only attendance and pain must be answered; how hard work was, extra breaks, tasks and the
evening she may leave out to log her day in a few taps. The consultant must see how often
she did, so a rare answer is not read as her usual one, and an answer the form once
pre-selected ("no extra breaks", see DayEntry.untouched) counts as not answered.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, NamedTuple

WORKED = ("full", "early")


class DayAnswers(NamedTuple):
    """The skippable answers of one logged work day, as she gave them (None: not answered)."""

    attendance: str | None
    difficulty: int | None
    breaks: str | None
    has_tasks: bool
    evening: int | None


@dataclass(frozen=True)
class AnswerCounts:
    """Days each skippable question was answered, and on how many days it was asked."""

    logged_days: int = 0  # the evening is asked on every day she logs
    worked_days: int = 0  # the work questions only when she worked
    difficulty: int = 0
    breaks: Counter[str] = field(default_factory=Counter)
    tasks: int = 0
    evening: int = 0

    @property
    def breaks_answered(self) -> int:
        """Days she said whether she needed extra breaks."""
        return sum(self.breaks.values())


def count_answers(days: Iterable[DayAnswers]) -> AnswerCounts:
    """Count the answers of logged work days (days her plan had hours)."""
    logged = worked = difficulty = tasks = evening = 0
    breaks: Counter[str] = Counter()
    for day in days:
        logged += 1
        evening += day.evening is not None
        if day.attendance not in WORKED:
            continue
        worked += 1
        difficulty += day.difficulty is not None
        tasks += day.has_tasks
        if day.breaks:
            breaks[day.breaks] += 1
    return AnswerCounts(logged, worked, difficulty, breaks, tasks, evening)
