"""The caseload's "today" lane (issue 23): her women who reported an absence today, and those with a planned day
who have neither logged it nor been confirmed by the workplace (or recorded by the consultant) by a set time.

It sits on the review list, which answers in a few milliseconds (docs/performance.md), so it reads plain columns,
not rows as objects: today's weekday of each plan version, today's entries, and whether anyone else accounted for
today, in one statement for any number of women. The rule itself is app/domain/same_day.py.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from functools import lru_cache

from sqlalchemy import Select, and_, bindparam, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from app.domain.same_day import DayWord, LaneItem, today_lane
from app.domain.schedule import MONTHLY, ROTATION, is_even_week
from app.models import AttendanceRecord, Citizen, Course, DayEntry, Internship, ScheduleVersion, WorkplaceDay

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_IDS = bindparam("ids", expanding=True)
_TODAY = bindparam("today")


@lru_cache(maxsize=14)
def _words_on(weekday: str, even: str) -> Select:  # type: ignore[type-arg]
    """One row a woman: today's weekday of the plan version in force (the latest that began on or before today; of
    equal dates the later one made, as app/domain/schedule.py plan_in_force reads it), her entry of today, and whether
    the workplace or the consultant accounted for today. Built once per weekday and week parity, with the women's ids
    and the day bound when run (as app/services/bulk_logs.py does: building one costs about as much as running it)."""
    in_force = (select(ScheduleVersion.id).join(Internship, Internship.id == ScheduleVersion.internship_id)
                .join(Course, Course.id == Internship.course_id)
                .where(Course.citizen_id == Citizen.id, ScheduleVersion.valid_from <= _TODAY)
                .order_by(ScheduleVersion.valid_from.desc(), ScheduleVersion.id.desc()).limit(1)
                .correlate(Citizen).scalar_subquery())
    plan = aliased(ScheduleVersion)
    by_workplace = (select(WorkplaceDay.id).join(Internship, Internship.id == WorkplaceDay.internship_id)
                    .join(Course, Course.id == Internship.course_id)
                    .where(Course.citizen_id == Citizen.id, WorkplaceDay.day == _TODAY).correlate(Citizen).exists())
    recorded = (select(AttendanceRecord.id).where(AttendanceRecord.citizen_id == Citizen.id, AttendanceRecord.day == _TODAY)
                .correlate(Citizen).exists())
    return (select(Citizen.id, plan.mode, getattr(plan, f"hours_{weekday}"), getattr(plan, f"start_{weekday}"),
                   getattr(plan, f"{even}hours_{weekday}"), getattr(plan, f"{even}start_{weekday}"),
                   DayEntry.attendance, DayEntry.absence_reason, DayEntry.told_in_advance, DayEntry.created_at,
                   or_(by_workplace, recorded))
            .select_from(Citizen)
            .outerjoin(plan, plan.id == in_force)
            .outerjoin(DayEntry, and_(DayEntry.citizen_id == Citizen.id, DayEntry.day == _TODAY))
            .where(Citizen.id.in_(_IDS)))


def _planned(mode: str | None, hours: float | None, start: time | None, rotation_hours: float | None,
             rotation_start: time | None) -> tuple[float, time | None]:
    """Her planned hours and start today from the version's columns (monthly: no day is fixed)."""
    if mode is None or mode == MONTHLY:
        return 0.0, None
    if mode == ROTATION:
        hours, start = rotation_hours, rotation_start
    return (hours or 0.0), (start if hours else None)


def lane(session: Session, ids: list[int], today: date, now: time, grace: timedelta) -> list[LaneItem]:
    """Today's lane for the women in `ids`, in the order the consultant calls them."""
    if not ids:
        return []
    statement = _words_on(_WEEKDAYS[today.weekday()], "even_" if is_even_week(today) else "")
    words = []
    for citizen_id, mode, hours, start, rotation_hours, rotation_start, attendance, reason, told, written_at, confirmed in \
            session.connection().execute(statement, {"ids": ids, "today": today}).all():
        planned, starts = _planned(mode, hours, start, rotation_hours, rotation_start)
        if attendance is None and (planned <= 0 or confirmed):
            continue  # nothing to say of her today
        words.append(DayWord(citizen_id, planned, starts, attendance=attendance, absence_reason=reason, told_workplace=told,
                             reported_at=written_at, confirmed_elsewhere=bool(confirmed)))
    return today_lane(words, now, grace)
