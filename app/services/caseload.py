"""The consultant's caseload: one row per woman, computed from two queries for the whole list."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlmodel import Session, select

from app.domain.baseline import baseline_on, baselines
from app.domain.day import Attendance
from app.domain.schedule import PlanVersion
from app.domain.timeline import monday_of, recent_pain, summarize_weeks
from app.domain.timeline import TimelineDay
from app.domain.day import day_status, is_planned_around, worked_hours
from app.domain.schedule import planned_hours
from app.domain.week import DayFacts
from app.models import CallRequest, Citizen, Course, DayEntry, Internship, ScheduleVersion


@dataclass(frozen=True)
class CaseloadRow:
    """What the caseload list shows for one woman."""

    citizen: Citizen
    workplace: str
    week_planned: float  # planned hours this week up to today
    week_known_planned: float  # of those, on days with an entry
    week_worked: float
    last_week_planned: float  # last Monday-to-Sunday week, on days with an entry
    last_week_worked: float
    last_week_unknown: float  # planned hours last week that she did not write about
    last_entry: date | None
    recent_pain: float | None  # median of her last 5 logged internship days
    usual_pain: float | None  # her baseline median
    open_calls: int
    flags: list[object] = field(default_factory=list)  # filled by the flag engine (issue 4)


def plans_by_citizen(session: Session, ids: list[int]) -> dict[int, list[PlanVersion]]:
    rows = session.exec(
        select(Course.citizen_id, ScheduleVersion).join(Internship, Internship.course_id == Course.id)
        .join(ScheduleVersion, ScheduleVersion.internship_id == Internship.id)
        .where(Course.citizen_id.in_(ids)).order_by(ScheduleVersion.id)
    ).all()
    plans: dict[int, list[PlanVersion]] = defaultdict(list)
    for citizen_id, version in rows:
        plans[citizen_id].append(PlanVersion(valid_from=version.valid_from, hours=version.weekday_hours()))
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
    # Plain rows, not ORM objects: a caseload holds thousands of entries.
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


def _workplaces(session: Session, ids: list[int]) -> dict[int, str]:
    rows = session.exec(
        select(Course.citizen_id, Internship.workplace).join(Internship, Internship.course_id == Course.id)
        .where(Course.citizen_id.in_(ids)).order_by(Course.start, Internship.start, Internship.id)
    ).all()
    return {citizen_id: workplace for citizen_id, workplace in rows}  # the newest wins


def caseload(session: Session, consultant_id: int, today: date, *, query: str = "", language: str = "") -> tuple[list[CaseloadRow], Logs]:
    """Her caseload, filtered by name/workplace text and language, sorted by name; with the logs it was read from."""
    statement = select(Citizen).where(Citizen.consultant_id == consultant_id).order_by(Citizen.display_name)
    if language:
        statement = statement.where(Citizen.preferred_language == language)
    citizens = list(session.exec(statement).all())
    ids = [c.id for c in citizens]
    logs, workplaces = load_logs(session, ids, today), _workplaces(session, ids)
    plans, entries = logs.plans, logs.entries
    open_calls: dict[int, int] = defaultdict(int)
    for citizen_id in session.exec(select(CallRequest.citizen_id).where(CallRequest.citizen_id.in_(ids),
                                                                      CallRequest.handled_at.is_(None))).all() if ids else []:
        open_calls[citizen_id] += 1
    needle = query.strip().lower()
    rows = []
    for citizen in citizens:
        workplace = workplaces.get(citizen.id, "")
        if needle and needle not in citizen.display_name.lower() and needle not in workplace.lower():
            continue
        rows.append(_row(citizen, workplace, plans.get(citizen.id, []), entries.get(citizen.id, {}), today, open_calls[citizen.id]))
    return rows, logs


def _row(citizen: Citizen, workplace: str, plans: list[PlanVersion], entries: dict[date, DayFacts], today: date, calls: int) -> CaseloadRow:
    week_days = []
    day = monday_of(today) - timedelta(weeks=1)
    while day <= today:
        planned = planned_hours(plans, day)
        facts = entries.get(day)
        attendance = facts.attendance if facts else None
        week_days.append(TimelineDay(day, planned, day_status(planned, attendance, facts is not None),
                                     worked_hours(attendance, planned, facts.hours_worked if facts else None),
                                     None, None, None, None))
        day += timedelta(days=1)
    last_week, week = summarize_weeks(week_days)
    usual = baseline_on(baselines({d: f.pain for d, f in entries.items()}, plans), today)
    return CaseloadRow(
        citizen=citizen, workplace=workplace, week_planned=week.planned_hours, week_known_planned=week.known_planned_hours,
        week_worked=week.worked_hours, last_week_planned=last_week.known_planned_hours, last_week_worked=last_week.worked_hours,
        last_week_unknown=last_week.planned_hours - last_week.known_planned_hours, last_entry=max(entries) if entries else None,
        recent_pain=recent_pain(entries, plans, today), usual_pain=usual.median if usual else None, open_calls=calls,
    )
