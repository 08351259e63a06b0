"""A window of her log as the consultant reads it: facts per day, notes, tasks, departures."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from app.domain.answered import AnswerCounts, DayAnswers, count_answers

from app.domain.entry import hers
from app.domain.week import DayFacts
from app.models import DayEntry, EntryTask, Task
from app.services.entries import facts_of


@dataclass(frozen=True)
class TaskTally:
    """How often she did a task in the window, and how often it was hard."""

    task_id: int
    label: str
    icon: str
    done: int
    hard: int
    placement_id: int = 0  # the placement the task was agreed at: a course with several names each


@dataclass(frozen=True)
class LogWindow:
    """Her log between two dates."""

    facts: dict[date, DayFacts]  # every entry she has up to the last day (baselines need the first ones)
    difficulty: dict[date, int | None]
    entries: list[DayEntry]  # the window's entries, newest first
    tasks: list[TaskTally]
    answers: AnswerCounts = AnswerCounts()  # how often she answered what she may skip, on her work days


def log_window(session: Session, citizen_id: int, first: date, last: date) -> LogWindow:
    """Her entries up to `last`, with the details of those from `first` on."""
    rows = session.exec(select(DayEntry).where(DayEntry.citizen_id == citizen_id, DayEntry.day <= last)).all()
    facts = {row.day: facts_of(row) for row in rows}
    window = sorted((row for row in rows if row.day >= first), key=lambda row: row.day, reverse=True)
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    tasks: dict[int, Task] = {}
    with_tasks: set[int] = set()
    if window:
        for mark, task in session.exec(select(EntryTask, Task).join(Task, Task.id == EntryTask.task_id)
                                       .where(EntryTask.entry_id.in_([row.id for row in window]))).all():
            counts[task.id][0] += 1
            counts[task.id][1] += int(mark.hard)
            tasks[task.id] = task
            with_tasks.add(mark.entry_id)
    tallies = [TaskTally(task_id, tasks[task_id].label_da, tasks[task_id].icon, done, hard, tasks[task_id].internship_id)
               for task_id, (done, hard) in sorted(counts.items(), key=lambda item: -item[1][0])]
    answers = count_answers(
        DayAnswers(row.attendance, row.difficulty, hers(row.breaks, "breaks", row.untouched), row.id in with_tasks,
                   row.evening)
        for row in window if row.attendance is not None)  # a day with attendance is a day her plan had hours
    return LogWindow(facts=facts, difficulty={row.day: row.difficulty for row in window}, entries=window, tasks=tallies,
                     answers=answers)
