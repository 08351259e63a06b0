"""What the flag engine reads, for many women at once: plans, entries and open "call me" days.

A handful of queries for any number of women, as plain rows rather than ORM objects (a
caseload holds thousands of entries).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlmodel import Session

from app.clock import LOCAL_ZONE
from app.domain.day import Attendance, is_planned_around
from app.domain.schedule import PlanVersion
from app.domain.week import DayFacts
from app.models import CallRequest, Course, DayEntry, Internship, ScheduleVersion


def plans_by_citizen(session: Session, ids: list[int]) -> dict[int, list[PlanVersion]]:
    """Her schedule versions across internships, in creation order, for every woman in `ids`."""
    version = ScheduleVersion
    rows = session.connection().execute(
        select(Course.citizen_id, version.valid_from, version.hours_mon, version.hours_tue, version.hours_wed,
                  version.hours_thu, version.hours_fri, version.hours_sat, version.hours_sun)
        .join(Internship, Internship.course_id == Course.id).join(version, version.internship_id == Internship.id)
        .where(Course.citizen_id.in_(ids)).order_by(version.id)
    ).all()
    plans: dict[int, list[PlanVersion]] = defaultdict(list)
    for citizen_id, valid_from, *hours in rows:
        plans[citizen_id].append(PlanVersion(valid_from=valid_from, hours=tuple(hours)))
    return plans


@dataclass(frozen=True)
class Logs:
    """Plan versions and entries of several women, loaded once for a whole page."""

    plans: dict[int, list[PlanVersion]]
    entries: dict[int, dict[date, DayFacts]]


def load_logs(session: Session, ids: list[int], today: date) -> Logs:
    """Her plans and her entries up to today, for every woman in `ids` (three queries in all)."""
    return Logs(plans_by_citizen(session, ids), _entries_by_citizen(session, ids, today))


def _entries_by_citizen(session: Session, ids: list[int], today: date) -> dict[int, dict[date, DayFacts]]:
    rows = session.connection().execute(
        select(DayEntry.citizen_id, DayEntry.day, DayEntry.attendance, DayEntry.hours_worked, DayEntry.pain, DayEntry.evening,
               DayEntry.early_reasons, DayEntry.absence_reason, DayEntry.told_in_advance)
        .where(DayEntry.citizen_id.in_(ids), DayEntry.day <= today)
    ).all()
    attendance_of = {value.value: value for value in Attendance}
    entries: dict[int, dict[date, DayFacts]] = defaultdict(dict)
    for citizen_id, day, attendance, hours, pain, evening, reasons, absence_reason, told in rows:
        present = attendance_of.get(attendance)
        entries[citizen_id][day] = DayFacts(present, hours, pain, evening, tuple(reasons.split(",")) if reasons else (),
                                            is_planned_around(present, absence_reason, told))
    return entries


def open_call_days(session: Session, ids: list[int]) -> dict[int, list[date]]:
    """The days (in Copenhagen) of her "call me" requests not yet handled, for every woman in `ids`."""
    calls: dict[int, list[date]] = defaultdict(list)
    for citizen_id, created in session.connection().execute(
            select(CallRequest.citizen_id, CallRequest.created_at)
            .where(CallRequest.citizen_id.in_(ids), CallRequest.handled_at.is_(None))).all():
        calls[citizen_id].append(local_day(created))
    return calls


def local_day(moment: datetime) -> date:
    """The Copenhagen day of a stored moment (naive ones are taken as they are)."""
    return moment.astimezone(LOCAL_ZONE).date() if moment.tzinfo else moment.date()
