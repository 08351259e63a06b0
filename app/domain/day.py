"""What a day's entry means: planned against worked hours, and the day's status."""

from __future__ import annotations

from enum import StrEnum


class Attendance(StrEnum):
    """D1: were you at work today?"""

    FULL = "full"  # yes, all of it
    EARLY = "early"  # yes, but went home early
    ABSENT = "absent"  # no


class DayStatus(StrEnum):
    """How a day reads in "my week" and on the consultant's calendar."""

    ATTENDED = "attended"
    EARLY = "early"
    ABSENT = "absent"
    NOT_PLANNED = "not_planned"
    # A planned day without an entry is unknown, not absent (measures.md).
    UNKNOWN = "unknown"
    FUTURE = "future"
    # A day her plan left free that she worked (or any day she worked on a monthly budget): worked, not planned.
    WORKED_UNPLANNED = "worked_unplanned"


def is_planned(planned_hours: float) -> bool:
    """A day is an internship day when the plan gives it hours."""
    return planned_hours > 0


#: D1b reason for an absence she may announce ahead: a doctor, treatment or the job centre.
APPOINTMENT = "appointment"


def is_planned_around(attendance: Attendance | None, absence_reason: str | None, told_in_advance: bool | None) -> bool:
    """An appointment she announced in advance is planned around, not missed (measures.md): neither worked nor planned."""
    return attendance is Attendance.ABSENT and absence_reason == APPOINTMENT and bool(told_in_advance)


def worked_hours(attendance: Attendance | None, planned_hours: float, hours_worked: float | None,
                 extra_hours: float | None = None) -> float:
    """Hours she worked: the plan (and any hours she stayed longer) when she stayed, her own count when she
    left early or worked a day her plan left free, else 0. Extra hours are worked, never planned."""
    if attendance is Attendance.FULL:
        if planned_hours <= 0:
            return hours_worked or 0.0
        return planned_hours + (extra_hours or 0.0)
    if attendance is Attendance.EARLY:
        return hours_worked or 0.0
    return 0.0


def day_status(planned_hours: float, attendance: Attendance | None, has_entry: bool, is_future: bool = False) -> DayStatus:
    """Classify a day from its plan and entry."""
    if is_future:
        return DayStatus.FUTURE
    if not is_planned(planned_hours):
        return DayStatus.WORKED_UNPLANNED if has_entry and attendance is Attendance.FULL else DayStatus.NOT_PLANNED
    if not has_entry or attendance is None:
        return DayStatus.UNKNOWN
    return {
        Attendance.FULL: DayStatus.ATTENDED,
        Attendance.EARLY: DayStatus.EARLY,
        Attendance.ABSENT: DayStatus.ABSENT,
    }[attendance]
