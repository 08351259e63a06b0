"""The caseload's "today" lane (issue 23): her women who reported an absence today, and those with a planned day
who have neither logged it nor been confirmed by the workplace (or recorded by the consultant) by a set time.

It sits on the review list, which answers in a few milliseconds (docs/performance.md), so it reads plain columns,
not rows as objects: today's weekday of each plan version, today's entries, and whether anyone else accounted for
today, in three statements for any number of women. The rule itself is app/domain/same_day.py.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from functools import lru_cache

from sqlalchemy import Connection, Select, bindparam, select, union_all
from sqlmodel import Session

from app.domain.same_day import DayWord, LaneItem, today_lane
from app.domain.schedule import MONTHLY, ROTATION, is_even_week
from app.models import AttendanceRecord, Course, DayEntry, Internship, ScheduleVersion, WorkplaceDay

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# The statements are built once, with the women's ids and the day bound when run (as app/services/bulk_logs.py does:
# building one costs about as much as running it).
_IDS = bindparam("ids", expanding=True)
_TODAY = bindparam("today")
_ENTRIES = (select(DayEntry.citizen_id, DayEntry.attendance, DayEntry.absence_reason, DayEntry.told_in_advance, DayEntry.created_at)
            .where(DayEntry.citizen_id.in_(_IDS), DayEntry.day == _TODAY))
_CONFIRMED = union_all(
    select(Course.citizen_id).join(Internship, Internship.course_id == Course.id)
    .join(WorkplaceDay, WorkplaceDay.internship_id == Internship.id).where(Course.citizen_id.in_(_IDS), WorkplaceDay.day == _TODAY),
    select(AttendanceRecord.citizen_id).where(AttendanceRecord.citizen_id.in_(_IDS), AttendanceRecord.day == _TODAY))


@lru_cache(maxsize=14)
def _plans_on(weekday: str, even: str) -> Select:  # type: ignore[type-arg]
    """Each plan version's mode, and its hours and start on `weekday` (in even and in odd weeks), oldest first."""
    return (select(Course.citizen_id, ScheduleVersion.mode, getattr(ScheduleVersion, f"hours_{weekday}"),
                   getattr(ScheduleVersion, f"start_{weekday}"), getattr(ScheduleVersion, f"{even}hours_{weekday}"),
                   getattr(ScheduleVersion, f"{even}start_{weekday}"))
            .join(Internship, Internship.course_id == Course.id).join(ScheduleVersion, ScheduleVersion.internship_id == Internship.id)
            .where(Course.citizen_id.in_(_IDS), ScheduleVersion.valid_from <= _TODAY)
            .order_by(ScheduleVersion.valid_from, ScheduleVersion.id))


def _planned_today(connection: Connection, ids: list[int], today: date) -> dict[int, tuple[float, time | None]]:
    """Each woman's planned hours and start time today, from the plan version in force (the latest that began on or
    before today; of equal dates the later one made), as app/domain/schedule.py plan_in_force reads it."""
    rows = connection.execute(_plans_on(_WEEKDAYS[today.weekday()], "even_" if is_even_week(today) else ""),
                              {"ids": ids, "today": today}).all()
    planned: dict[int, tuple[float, time | None]] = {}
    for citizen_id, mode, hours, start, rotation_hours, rotation_start in rows:  # the last one of each woman wins
        if mode == MONTHLY:
            planned[citizen_id] = (0.0, None)
        elif mode == ROTATION:
            planned[citizen_id] = (rotation_hours or 0.0, rotation_start if rotation_hours else None)
        else:
            planned[citizen_id] = (hours or 0.0, start if hours else None)
    return planned


def lane(session: Session, ids: list[int], today: date, now: time, grace: timedelta) -> list[LaneItem]:
    """Today's lane for the women in `ids`, in the order the consultant calls them."""
    if not ids:
        return []
    connection = session.connection()
    planned = _planned_today(connection, ids, today)
    values = {"ids": ids, "today": today}
    entries = {row[0]: row[1:] for row in connection.execute(_ENTRIES, values).all()}
    confirmed = set(connection.execute(_CONFIRMED, values).scalars().all())
    words = []
    for citizen_id in ids:
        hours, start = planned.get(citizen_id, (0.0, None))
        attendance, reason, told, written_at = entries.get(citizen_id, (None, None, None, None))
        if citizen_id not in entries and (hours <= 0 or citizen_id in confirmed):
            continue  # nothing to say of her today
        words.append(DayWord(citizen_id, hours, start, attendance=attendance, absence_reason=reason, told_workplace=told,
                             reported_at=written_at, confirmed_elsewhere=citizen_id in confirmed))
    return today_lane(words, now, grace)
