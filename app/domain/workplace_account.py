"""The workplace's account of her period, as her timeline and the report read it: per placement, what the workplace said
of each day, its pace estimate per week and its rating of each task per week; and the attendance a consultant recorded.

Pure: the service (app/services/workplace_account.py) reads the rows in a fixed number of batched statements and hands
them over as these values; the timeline and the report derive what they show from them here. Nothing here concludes:
every value keeps its dates and its source (who at the workplace wrote it, or who recorded it and from whom).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable, Mapping, Sequence

from app.domain.day import Attendance
from app.domain.placements import Span
from app.domain.workplace import confirmed_days, disagreement


@dataclass(frozen=True)
class DayAccount:
    """The workplace's status for one day (workplace.DAY_STATUSES), its few words, and who wrote it (a contact's name, or
    "" when the link named nobody: "the workplace")."""

    day: date
    status: str
    note: str
    writer: str
    resolved: bool = False  # the consultant resolved a difference with a note
    resolution_note: str = ""


@dataclass(frozen=True)
class PaceWeek:
    """The workplace's estimate of her pace in one week (its Monday): `percent` None is "cannot say yet"."""

    week: date
    percent: int | None
    writer: str
    went_well: str = ""
    was_hard: str = ""
    suggested_task: str = ""


@dataclass(frozen=True)
class TaskRating:
    """How she did one task in one week, as the workplace rated it (workplace.TASK_LEVELS)."""

    task_id: int
    label: str
    position: int
    week: date
    level: str
    writer: str


@dataclass(frozen=True)
class WorkplaceAccount:
    """One placement's account over a period: its days, weeks of pace and task ratings, oldest first."""

    placement: Span
    days: Mapping[date, DayAccount]
    paces: tuple[PaceWeek, ...] = ()
    ratings: tuple[TaskRating, ...] = ()

    @property
    def empty(self) -> bool:
        """The workplace said nothing in the period."""
        return not self.days and not self.paces and not self.ratings

    @property
    def writers(self) -> tuple[str, ...]:
        """Everyone who wrote any of it, in order of first appearance ("" is the workplace without a name)."""
        names = [d.writer for d in sorted(self.days.values(), key=lambda d: d.day)]
        names += [p.writer for p in self.paces] + [r.writer for r in self.ratings]
        return tuple(dict.fromkeys(names))

    @property
    def commented(self) -> tuple[PaceWeek, ...]:
        """The weeks in which the workplace wrote words: what went well, what was hard, a task they would add."""
        return tuple(p for p in self.paces if p.went_well or p.was_hard or p.suggested_task)

    def statuses(self) -> dict[date, str]:
        """Day -> the workplace's status, for workplace.confirmed_days and disagreement."""
        return {day: account.status for day, account in self.days.items()}


@dataclass(frozen=True)
class RecordedDay:
    """Attendance a consultant recorded for a day she did not log: source workplace / consultant / her_by_phone."""

    day: date
    attendance: str  # full / early / absent
    hours: float | None
    source: str
    recorded_by: str
    resolved: bool = False
    resolution_note: str = ""


@dataclass(frozen=True)
class PaceRun:
    """Consecutive weeks of one placement with the same estimate by the same writer: the report's row of section 5."""

    first_week: date
    last_week: date
    percent: int | None
    writer: str
    weeks: int


@dataclass(frozen=True)
class TaskLevel:
    """A task's latest level as the workplace rated it, with its week, and every change of level before it."""

    task_id: int
    label: str
    level: str
    week: date
    writer: str
    moves: tuple[tuple[date, str], ...]  # (week, level) at each change, oldest first, ending with the latest

    @property
    def moved(self) -> bool:
        """The level changed at least once in the period."""
        return len(self.moves) > 1


@dataclass(frozen=True)
class Confirmation:
    """Section 3's line per placement: of its planned days in the period, how many the workplace answered and how many
    it confirmed she was at work (came, came late, left early)."""

    placement: Span
    planned_days: int
    answered_days: int
    confirmed_days: int


def merged_days(accounts: Iterable[WorkplaceAccount]) -> dict[date, DayAccount]:
    """Every placement's days in one calendar: each day belongs to the placement that holds it."""
    merged: dict[date, DayAccount] = {}
    for account in accounts:
        merged.update({day: value for day, value in account.days.items() if account.placement.holds(day)})
    return merged


def differing_days(days: Mapping[date, DayAccount], hers: Mapping[date, Attendance | None]) -> list[date]:
    """The days where her entry and the workplace's account put her in different places (workplace.disagreement),
    resolved or not, oldest first."""
    return sorted(day for day, account in days.items() if disagreement(hers.get(day), account.status))


def pace_runs(paces: Sequence[PaceWeek]) -> list[PaceRun]:
    """The estimates as runs of consecutive weeks with the same value and writer, oldest first."""
    runs: list[PaceRun] = []
    for pace in sorted(paces, key=lambda p: p.week):
        last = runs[-1] if runs else None
        if last is not None and last.percent == pace.percent and last.writer == pace.writer \
                and (pace.week - last.last_week).days == 7:
            runs[-1] = PaceRun(last.first_week, pace.week, pace.percent, pace.writer, last.weeks + 1)
        else:
            runs.append(PaceRun(pace.week, pace.week, pace.percent, pace.writer, 1))
    return runs


def task_levels(ratings: Sequence[TaskRating]) -> list[TaskLevel]:
    """Each rated task in its agreed order: its latest level and week, and the level at each change before it."""
    by_task: dict[int, list[TaskRating]] = {}
    for rating in sorted(ratings, key=lambda r: r.week):
        by_task.setdefault(rating.task_id, []).append(rating)
    levels = []
    for task_id, rated in sorted(by_task.items(), key=lambda item: (item[1][0].position, item[0])):
        moves: list[tuple[date, str]] = []
        for rating in rated:
            if not moves or moves[-1][1] != rating.level:
                moves.append((rating.week, rating.level))
        latest = rated[-1]
        levels.append(TaskLevel(task_id, latest.label, latest.level, latest.week, latest.writer, tuple(moves)))
    return levels


def confirmations(accounts: Iterable[WorkplaceAccount], planned_days: Iterable[date]) -> list[Confirmation]:
    """Per placement: its planned days among `planned_days`, and of these the ones the workplace answered and the ones
    it confirmed (workplace.confirmed_days)."""
    planned = sorted(set(planned_days))
    found = []
    for account in accounts:
        days = [day for day in planned if account.placement.holds(day)]
        statuses = account.statuses()
        found.append(Confirmation(account.placement, len(days), sum(1 for day in days if day in statuses),
                                  confirmed_days(days, statuses)))
    return found


@dataclass(frozen=True)
class PlacementAccount:
    """The report's view of one placement's account: section 3's confirmation, section 5's runs of pace, section 6's
    task levels and the tasks the workplace would add (with the week each was written)."""

    account: WorkplaceAccount
    confirmation: Confirmation
    paces: tuple[PaceRun, ...]
    tasks: tuple[TaskLevel, ...]
    suggested: tuple[PaceWeek, ...]

    @property
    def placement(self) -> Span:
        """The placement."""
        return self.account.placement


@dataclass(frozen=True)
class WorkplaceReport:
    """The workplace's account in the report: the placements it wrote about (`placements`), and the ones with none."""

    placements: tuple[PlacementAccount, ...]
    silent: tuple[Span, ...]


def workplace_report(accounts: Sequence[WorkplaceAccount], planned_days: Iterable[date]) -> WorkplaceReport:
    """Each placement's account for the report; `planned_days`: the period's planned days (report section 3's)."""
    planned = tuple(planned_days)
    written = tuple(PlacementAccount(account, confirmations([account], planned)[0], tuple(pace_runs(account.paces)),
                                     tuple(task_levels(account.ratings)), tuple(p for p in account.paces if p.suggested_task))
                    for account in accounts if not account.empty)
    return WorkplaceReport(written, tuple(a.placement for a in accounts if a.empty))
