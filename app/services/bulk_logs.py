"""What the flag engine reads, for many women at once: plans, entries and open "call me" days.

A handful of queries for any number of women, as plain rows rather than ORM objects (a
caseload holds thousands of entries). A day she did not log but the consultant recorded
(attendance learned from the workplace or from her on the phone) is one of her days for the
engine, as workplace.effective_facts makes it: it never replaces an entry of hers. Her marks at
the course's sessions that have a register (teaching, workshops, Danish school, talks; never
treatment) come in one more statement for all the women, with each session's planned hours
from the version of its series in force that day.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from datetime import timedelta

from sqlalchemy import and_, bindparam, func, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from app.clock import LOCAL_ZONE
from app.domain.activities import ATTENDED, COURSE_KINDS, session_hours
from app.domain.day import Attendance, is_planned_around
from app.domain.flags.series import LOOKBACK_DAYS, Marked
from app.domain.schedule import PlanVersion
from app.domain.week import DayFacts
from app.domain.workplace import Recorded, effective_facts
from app.models import (ActivityMark, ActivityRegister, ActivitySeries, ActivityVersion, AttendanceRecord, CallRequest, Course,
                        DayEntry, Internship, ScheduleVersion)


# The statements are built once, with the women's ids (and the day) bound when run: building one costs about
# as much as running it, and one woman's reading is recomputed after every entry she saves.
_IDS = bindparam("ids", expanding=True)
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_PLANS = (
    select(Course.citizen_id, ScheduleVersion.valid_from, ScheduleVersion.mode, ScheduleVersion.monthly_hours,
           *(getattr(ScheduleVersion, f"hours_{day}") for day in _WEEKDAYS),
           *(getattr(ScheduleVersion, f"even_hours_{day}") for day in _WEEKDAYS))
    .join(Internship, Internship.course_id == Course.id).join(ScheduleVersion, ScheduleVersion.internship_id == Internship.id)
    .where(Course.citizen_id.in_(_IDS)).order_by(ScheduleVersion.id))
_ENTRIES = (
    select(DayEntry.citizen_id, DayEntry.day, DayEntry.attendance, DayEntry.hours_worked, DayEntry.pain, DayEntry.evening,
           DayEntry.early_reasons, DayEntry.absence_reason, DayEntry.told_in_advance, DayEntry.extra_hours)
    .where(DayEntry.citizen_id.in_(_IDS), DayEntry.day <= bindparam("today")))
_RECORDS = (
    select(AttendanceRecord.citizen_id, AttendanceRecord.day, AttendanceRecord.attendance, AttendanceRecord.hours,
           AttendanceRecord.source)
    .where(AttendanceRecord.citizen_id.in_(_IDS), AttendanceRecord.day <= bindparam("today")))
_EARLIER = aliased(ActivityVersion)
#: The version of the series in force on the register's day: the latest that began on or before it.
_IN_FORCE = (select(func.max(_EARLIER.valid_from))
             .where(_EARLIER.series_id == ActivityRegister.series_id, _EARLIER.valid_from <= ActivityRegister.day)
             .correlate(ActivityRegister).scalar_subquery())
_MARKS = (
    select(ActivityMark.citizen_id, ActivityRegister.day, ActivitySeries.kind, ActivityMark.mark, ActivityVersion.start_time,
           ActivityVersion.end_time)
    .join(ActivityRegister, ActivityRegister.id == ActivityMark.register_id)
    .join(ActivitySeries, ActivitySeries.id == ActivityRegister.series_id)
    .join(ActivityVersion, and_(ActivityVersion.series_id == ActivityRegister.series_id, ActivityVersion.valid_from == _IN_FORCE))
    .where(ActivityMark.citizen_id.in_(_IDS), ActivitySeries.kind.in_(sorted(COURSE_KINDS)),
           ActivityRegister.day <= bindparam("today"), ActivityRegister.day >= bindparam("since")))
_OPEN_CALLS = (select(CallRequest.citizen_id, CallRequest.created_at)
               .where(CallRequest.citizen_id.in_(_IDS), CallRequest.handled_at.is_(None)))


def plans_by_citizen(session: Session, ids: list[int]) -> dict[int, list[PlanVersion]]:
    """Her schedule versions across internships, in creation order, for every woman in `ids`."""
    rows = session.connection().execute(_PLANS, {"ids": ids}).all()
    plans: dict[int, list[PlanVersion]] = defaultdict(list)
    # Start times and the paid split are not read here: no flag depends on them.
    for citizen_id, valid_from, mode, monthly_hours, *hours in rows:
        plans[citizen_id].append(PlanVersion(valid_from=valid_from, mode=mode, monthly_hours=monthly_hours or 0.0,
                                             hours=tuple(hours[:7]), even_hours=tuple(hours[7:])))  # type: ignore[arg-type]
    return plans


@dataclass(frozen=True)
class Logs:
    """Plan versions and entries of several women, loaded once for a whole page."""

    plans: dict[int, list[PlanVersion]]
    entries: dict[int, dict[date, DayFacts]]
    marked: dict[int, list[Marked]]


def load_logs(session: Session, ids: list[int], today: date) -> Logs:
    """Her plans and her entries up to today (with the days recorded for her), and her marks at the course's sessions
    in the engine's lookback, for every woman in `ids` (a query each for plans, entries, recorded days and marks)."""
    return Logs(plans_by_citizen(session, ids), _entries_by_citizen(session, ids, today), marks_by_citizen(session, ids, today))


def marks_by_citizen(session: Session, ids: list[int], today: date) -> dict[int, list[Marked]]:
    """Her marks at the course's sessions with a register (never treatment) from LOOKBACK_DAYS before `today` to
    `today`, for every woman in `ids`, in one statement."""
    rows = session.connection().execute(_MARKS, {"ids": ids, "today": today, "since": today - timedelta(days=LOOKBACK_DAYS)}).all()
    marked: dict[int, list[Marked]] = defaultdict(list)
    for citizen_id, day, kind, mark, start, end in rows:
        marked[citizen_id].append(Marked(day, kind, session_hours(start, end), mark in ATTENDED))
    return marked


def _entries_by_citizen(session: Session, ids: list[int], today: date) -> dict[int, dict[date, DayFacts]]:
    rows = session.connection().execute(_ENTRIES, {"ids": ids, "today": today}).all()
    attendance_of = {value.value: value for value in Attendance}
    entries: dict[int, dict[date, DayFacts]] = defaultdict(dict)
    for citizen_id, day, attendance, hours, pain, evening, reasons, absence_reason, told, extra in rows:
        present = attendance_of.get(attendance)
        entries[citizen_id][day] = DayFacts(present, hours, pain, evening, tuple(reasons.split(",")) if reasons else (),
                                            is_planned_around(present, absence_reason, told), extra)
    for citizen_id, day, attendance, hours, source in session.connection().execute(_RECORDS, {"ids": ids, "today": today}).all():
        hers = entries[citizen_id]
        facts = effective_facts(hers.get(day), Recorded(attendance_of[attendance], hours, source))
        if facts is not None:
            hers[day] = facts
    return entries


def open_call_days(session: Session, ids: list[int]) -> dict[int, list[date]]:
    """The days (in Copenhagen) of her "call me" requests not yet handled, for every woman in `ids`."""
    calls: dict[int, list[date]] = defaultdict(list)
    for citizen_id, created in session.connection().execute(_OPEN_CALLS, {"ids": ids}).all():
        calls[citizen_id].append(local_day(created))
    return calls


def local_day(moment: datetime) -> date:
    """The Copenhagen day of a stored moment (naive ones are taken as they are)."""
    return moment.astimezone(LOCAL_ZONE).date() if moment.tzinfo else moment.date()
