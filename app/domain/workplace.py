"""The workplace's voice: what the contact person may answer, when their account and hers differ, and how attendance a
consultant recorded becomes a day's facts.

The report rests on three sources (the employer's account, her log, the consultant's observations); this module keeps
the first apart from hers. Two decisions are made here, on plain values:

- A **disagreement** is informational ("accounts differ"), never a worse-health flag: both accounts stay and the
  consultant resolves it with a note. It is raised only when the two put her in different places on the day: at work
  for all of it, at work for part of it, or not at work. "Came late" sits with both "all of it" and "went home early"
  (she may count a late start either way), and a day the workplace calls "not agreed (day off)" sits with "not at work":
  it is a disagreement only when she wrote that she worked.
- **Attendance a consultant recorded** counts as an entry for R1-R3 (measures.md) only on a day she has no entry of
  her own; hers is never overwritten. It tells attendance and hours, never pain or evening: those stay unknown (None),
  so the pain and evening rules must skip such a day rather than read a made-up value.

Pure: no Flask, no database; the service applies these checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Collection, Iterable, Mapping

from app.domain.day import Attendance
from app.domain.placements import Span
from app.domain.schedule import MAX_HOURS_IN_A_DAY
from app.domain.week import DayFacts

#: The workplace's account of a planned day: came as agreed, came late, left early, did not come, not agreed (day off).
CAME, LATE, LEFT_EARLY, ABSENT, DAY_OFF = "came", "late", "left_early", "absent", "day_off"
DAY_STATUSES: tuple[str, ...] = (CAME, LATE, LEFT_EARLY, ABSENT, DAY_OFF)
#: Statuses that say she was at work: the days that confirm attendance (report section 3).
AT_WORK_STATUSES: frozenset[str] = frozenset((CAME, LATE, LEFT_EARLY))
#: Pace against an ordinary employee on the same tasks, in %; None is "cannot say yet", an answer in its own right.
PACE_STEPS: tuple[int, ...] = (10, 25, 50, 75, 100)
#: How she does a task, as the workplace sees it.
TASK_LEVELS: tuple[str, ...] = ("alone", "some_help", "not_yet")
#: Who told the consultant about a day she did not log.
SOURCES: tuple[str, ...] = ("workplace", "consultant", "her_by_phone")
#: A contact person's session ends this many days after the placement's end (issue 21).
SESSION_DAYS_AFTER_END = 14

# Where each account puts her on the day; "late" fits both of hers that say she was there.
_HERS: dict[Attendance, str] = {Attendance.FULL: "all", Attendance.EARLY: "part", Attendance.ABSENT: "away"}
_THEIRS: dict[str, frozenset[str]] = {
    CAME: frozenset(("all",)), LATE: frozenset(("all", "part")), LEFT_EARLY: frozenset(("part",)),
    ABSENT: frozenset(("away",)), DAY_OFF: frozenset(("away",)),
}


class Refused(ValueError):
    """A value the workplace's form (or the consultant's) may not hold; `field` names the input to mark."""

    def __init__(self, field: str, value: object) -> None:
        super().__init__(f"{field}: {value!r} refused")
        self.field = field


@dataclass(frozen=True)
class Recorded:
    """Attendance a consultant recorded for a day (an AttendanceRecord's values): `hours` None on a full day is the
    plan's hours."""

    attendance: Attendance
    hours: float | None
    source: str


def disagreement(hers: Attendance | str | None, theirs: str | None) -> bool:
    """Whether her entry's attendance and the workplace's status for the same day put her in different places.

    No disagreement without both: a day she did not log, or one the workplace did not answer, is unknown, not
    contested. A day she logged without attendance (a day her plan left free) has nothing to contest either."""
    if hers is None or theirs is None:
        return False
    return _HERS[Attendance(hers)] not in _THEIRS[check_status(theirs)]


def confirmed_days(planned_days: Iterable[date], workplace_days: Mapping[date, str]) -> int:
    """For how many planned days the workplace confirmed she was at work (came, came late or left early).

    Days the workplace left unanswered, or answered "did not come" or "day off", confirm nothing; a day the workplace
    answered outside the plan is not a planned day and is not counted."""
    return sum(1 for day in set(planned_days) if workplace_days.get(day) in AT_WORK_STATUSES)


def effective_facts(hers: DayFacts | None, record: Recorded | None) -> DayFacts | None:
    """A day's facts for R1-R3: hers when she has an entry (a record never overwrites it), else the recorded
    attendance, else None (unknown, not absent).

    A recorded day carries no pain or evening: both are None, and the pain and evening rules, baselines and medians
    skip such a day. It is marked `recorded`: it is not her writing, so R8 (silence) and "last entry" do not count
    it. Early departures carry no reasons: the consultant records that she left, not why, so R3's "early for pain or
    tiredness" does not count it."""
    if hers is not None:
        return hers
    if record is None:
        return None
    hours = 0.0 if record.attendance is Attendance.ABSENT else record.hours
    return DayFacts(attendance=record.attendance, hours_worked=hours, pain=None, evening=None, recorded=True)


#: A consultant's record of a day, said as the workplace would say it (to compare it with her entry: `disagreement`).
_RECORD_STATUS: dict[Attendance, str] = {Attendance.FULL: CAME, Attendance.EARLY: LEFT_EARLY, Attendance.ABSENT: ABSENT}


def record_status(attendance: Attendance | str) -> str:
    """The workplace status that says what a consultant's record says: attended all, went home early, did not come."""
    return _RECORD_STATUS[Attendance(attendance)]


def check_status(status: str) -> str:
    """The workplace's status for a day, if it is one of DAY_STATUSES."""
    if status not in DAY_STATUSES:
        raise Refused("status", status)
    return status


def check_pace(percent: int | None) -> int | None:
    """A pace estimate: one of PACE_STEPS, or None for "cannot say yet". 300 % and 0 % are refused."""
    if percent is not None and (isinstance(percent, bool) or percent not in PACE_STEPS):
        raise Refused("pace", percent)
    return percent


def check_level(level: str) -> str:
    """A task's level, if it is one of TASK_LEVELS."""
    if level not in TASK_LEVELS:
        raise Refused("level", level)
    return level


def check_source(source: str) -> str:
    """Who told the consultant, if it is one of SOURCES."""
    if source not in SOURCES:
        raise Refused("source", source)
    return source


def check_day(span: Span, day: date) -> date:
    """A day the workplace (or the consultant) answers for must be one of the placement's days."""
    if not span.holds(day):
        raise Refused("day", day)
    return day


def check_week(span: Span, week: date) -> date:
    """A week is named by its Monday and must share a day with the placement."""
    if week.weekday() != 0:
        raise Refused("week", week)
    if not span.meets(week, week + timedelta(days=6)):
        raise Refused("week", week)
    return week


def check_task(task_id: int, placement_task_ids: Collection[int]) -> int:
    """A task rated must be one of the placement's own tasks: never another placement's."""
    if task_id not in placement_task_ids:
        raise Refused("task", task_id)
    return task_id


def check_record(attendance: Attendance | str, hours: float | None, source: str) -> Recorded:
    """A consultant's record of a day: hours within a day's range; an early day needs its hours (fewer than a day
    can hold, more than none); an absent day has none."""
    seen = Attendance(attendance) if attendance in tuple(Attendance) else None
    if seen is None:
        raise Refused("attendance", attendance)
    if hours is not None and not 0 <= hours <= MAX_HOURS_IN_A_DAY:
        raise Refused("hours", hours)
    if seen is Attendance.EARLY and not hours:
        raise Refused("hours", hours)
    if seen is Attendance.ABSENT and hours:
        raise Refused("hours", hours)
    return Recorded(seen, hours, check_source(source))


def session_ends_on(placement_end: date | None) -> date | None:
    """The last day a contact person's session is open: the placement's end plus 14 days; None while it runs."""
    return None if placement_end is None else placement_end + timedelta(days=SESSION_DAYS_AFTER_END)


def session_open(today: date, placement_end: date | None, revoked: bool) -> bool:
    """Whether a contact person's session still lets them in today: not revoked, and not past session_ends_on."""
    last = session_ends_on(placement_end)
    return not revoked and (last is None or today <= last)
