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
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import and_, bindparam, func, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from app.clock import LOCAL_ZONE
from app.domain.activities import ATTENDED, COURSE_KINDS, session_hours
from app.domain.day import Attendance, is_planned_around
from app.domain.flags.series import LOOKBACK_DAYS, Marked
from app.domain.schedule import PlanVersion
from app.domain.week import DayFacts
from app.domain.workplace import Recorded, effective_facts
from app.models import (ActivityMark, ActivityRegister, ActivitySeries, ActivityVersion, AttendanceRecord, CallRequest, Citizen,
                        Course, DayEntry, Internship, ScheduleVersion, WorkplaceDay)


# The statements are built once, with the women's ids (and the day) bound when run: building one costs about
# as much as running it, and one woman's reading is recomputed after every entry she saves.
_IDS = bindparam("ids", expanding=True)
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_PLANS = (
    select(Course.citizen_id, ScheduleVersion.valid_from, ScheduleVersion.mode, ScheduleVersion.monthly_hours,
           *(getattr(ScheduleVersion, f"{week}{what}_{day}") for week in ("", "even_") for what in ("hours", "start")
             for day in _WEEKDAYS))
    .join(Internship, Internship.course_id == Course.id).join(ScheduleVersion, ScheduleVersion.internship_id == Internship.id)
    .where(Course.citizen_id.in_(_IDS)).order_by(ScheduleVersion.id))
_ENTRIES = (
    select(DayEntry.citizen_id, DayEntry.day, DayEntry.attendance, DayEntry.hours_worked, DayEntry.pain, DayEntry.evening,
           DayEntry.early_reasons, DayEntry.absence_reason, DayEntry.told_in_advance, DayEntry.extra_hours, DayEntry.created_at)
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
    # The paid split is not read here: nothing a reading holds depends on it.
    for citizen_id, valid_from, mode, monthly_hours, *week in rows:
        plans[citizen_id].append(PlanVersion(valid_from=valid_from, mode=mode, monthly_hours=monthly_hours or 0.0,
                                             hours=tuple(week[:7]), starts=tuple(week[7:14]),  # type: ignore[arg-type]
                                             even_hours=tuple(week[14:21]), even_starts=tuple(week[21:])))  # type: ignore[arg-type]
    return plans


class Has(NamedTuple):
    """Which of the rarer things a woman has at all: a statement none of the women of a batch needs is not run."""

    records: bool = True  # attendance the consultant recorded
    marks: bool = True  # marks at the course's sessions
    calls: bool = True  # open "call me" requests
    other_accounts: bool = True  # the workplace's account of a day or a recorded day, not resolved ("accounts differ")
    confirmed_today: bool = True  # the workplace's account of today


#: Assumed of a woman whose `Has` was not read: every statement runs.
EVERYTHING = Has()


def _exists(statement: Any) -> Any:
    return statement.correlate(Citizen).exists()


def _her_workplace_days() -> Any:
    return (select(WorkplaceDay.id).join(Internship, Internship.id == WorkplaceDay.internship_id)
            .join(Course, Course.id == Internship.course_id).where(Course.citizen_id == Citizen.id))


#: The columns of `Has`, correlated with Citizen: a statement of her (a refresh's first) selects them too.
HAS_COLUMNS = (
    _exists(select(AttendanceRecord.id).where(AttendanceRecord.citizen_id == Citizen.id)),
    _exists(select(ActivityMark.id).where(ActivityMark.citizen_id == Citizen.id)),
    _exists(select(CallRequest.id).where(CallRequest.citizen_id == Citizen.id, CallRequest.handled_at.is_(None))),
    or_(_exists(_her_workplace_days().where(WorkplaceDay.resolved_at.is_(None))),
        _exists(select(AttendanceRecord.id).where(AttendanceRecord.citizen_id == Citizen.id, AttendanceRecord.resolved_at.is_(None)))),
    _exists(_her_workplace_days().where(WorkplaceDay.day == bindparam("today"))),
)
_HAS = select(Citizen.id, *HAS_COLUMNS).where(Citizen.id.in_(_IDS))


def has_of(session: Session, ids: list[int], today: date) -> dict[int, Has]:
    """What each woman in `ids` has, in one statement."""
    return {row[0]: Has(*map(bool, row[1:])) for row in session.connection().execute(_HAS, {"ids": ids, "today": today})}


class Written(NamedTuple):
    """Her entry of today as the caseload's "today" lane reads it."""

    attendance: str | None
    absence_reason: str | None
    told_in_advance: bool | None
    created_at: datetime | None


@dataclass(frozen=True)
class Logs:
    """Plan versions and entries of several women, loaded once for a whole page."""

    plans: dict[int, list[PlanVersion]]
    entries: dict[int, dict[date, DayFacts]]
    marked: dict[int, list[Marked]]
    today: dict[int, Written]  # her own entry of today, if she wrote one
    recorded_today: set[int]  # women with attendance recorded for today


def load_logs(session: Session, ids: list[int], today: date, has: dict[int, Has] | None = None) -> Logs:
    """Her plans and her entries up to today (with the days recorded for her), and her marks at the course's sessions
    in the engine's lookback, for every woman in `ids` (a query each for plans and entries, and for recorded days
    and marks unless `has` says none of the women has any)."""
    def some(what: str) -> list[int]:
        return ids if has is None else [i for i in ids if getattr(has.get(i, EVERYTHING), what)]

    entries, written, recorded = _entries_by_citizen(session, ids, some("records"), today)
    marked_ids = some("marks")
    return Logs(plans_by_citizen(session, ids), entries, marks_by_citizen(session, marked_ids, today) if marked_ids else {},
                written, recorded)


def marks_by_citizen(session: Session, ids: list[int], today: date) -> dict[int, list[Marked]]:
    """Her marks at the course's sessions with a register (never treatment) from LOOKBACK_DAYS before `today` to
    `today`, for every woman in `ids`, in one statement."""
    rows = session.connection().execute(_MARKS, {"ids": ids, "today": today, "since": today - timedelta(days=LOOKBACK_DAYS)}).all()
    marked: dict[int, list[Marked]] = defaultdict(list)
    for citizen_id, day, kind, mark, start, end in rows:
        marked[citizen_id].append(Marked(day, kind, session_hours(start, end), mark in ATTENDED))
    return marked


def _entries_by_citizen(session: Session, ids: list[int], recorded_ids: list[int], today: date,
                        ) -> tuple[dict[int, dict[date, DayFacts]], dict[int, Written], set[int]]:
    """Her days as the engine reads them, her own entry of today, and who has attendance recorded for today."""
    rows = session.connection().execute(_ENTRIES, {"ids": ids, "today": today}).all()
    attendance_of = {value.value: value for value in Attendance}
    entries: dict[int, dict[date, DayFacts]] = defaultdict(dict)
    written: dict[int, Written] = {}
    for citizen_id, day, attendance, hours, pain, evening, reasons, absence_reason, told, extra, created_at in rows:
        present = attendance_of.get(attendance)
        entries[citizen_id][day] = DayFacts(present, hours, pain, evening, tuple(reasons.split(",")) if reasons else (),
                                            is_planned_around(present, absence_reason, told), extra)
        if day == today:
            written[citizen_id] = Written(attendance, absence_reason, told, created_at)
    recorded: set[int] = set()
    if recorded_ids:
        for citizen_id, day, attendance, hours, source in session.connection().execute(
                _RECORDS, {"ids": recorded_ids, "today": today}).all():
            hers = entries[citizen_id]
            facts = effective_facts(hers.get(day), Recorded(attendance_of[attendance], hours, source))
            if facts is not None:
                hers[day] = facts
            if day == today:
                recorded.add(citizen_id)
    return entries, written, recorded


def open_call_days(session: Session, ids: list[int]) -> dict[int, list[date]]:
    """The days (in Copenhagen) of her "call me" requests not yet handled, for every woman in `ids`."""
    calls: dict[int, list[date]] = defaultdict(list)
    for citizen_id, created in session.connection().execute(_OPEN_CALLS, {"ids": ids}).all():
        calls[citizen_id].append(local_day(created))
    return calls


def local_day(moment: datetime) -> date:
    """The Copenhagen day of a stored moment (naive ones are taken as they are)."""
    return moment.astimezone(LOCAL_ZONE).date() if moment.tzinfo else moment.date()
