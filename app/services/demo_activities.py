"""The demo's course beyond the internship: one group of eight women taught three mornings a week, a kitchen workshop,
and one woman's weekly physiotherapy.

"Hold Nord" (led by the demo teacher, Mette Underviser) began five weeks ago with eight of the first consultant's women;
its teaching (Monday, Wednesday and Thursday 9:00-11:30) has registers for the past four weeks, with a public holiday
as an exception, a few women late or absent with their reasons, and Hodan Ali (who has gone silent) absent from the
teaching of the last week too. Its kitchen workshop runs on Tuesdays 12:30-14:30, led by the consultant. Amina Yusuf
goes to physiotherapy every Tuesday at 10:00: hers, shown on her phone, never to her workplace and never course hours.
Their courses are referred at 12 hours a week, one woman's at 4.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlmodel import Session, select

from app import clock
from app.domain.activities import sessions
from app.models import (ActivityException, ActivityGroup, ActivityMark, ActivityRegister, ActivitySeries, ActivityVersion, Citizen,
                        Course, GroupLeader, GroupMember, StaffUser)
from app.services.activities import as_series, digits_of

GROUP_NAME = "Hold Nord"
MEMBERS = 8
TEACHER_EMAIL_LOCAL = "underviser"
#: The woman with weekly physiotherapy, and the silent one who stopped coming to teaching too.
PHYSIO, SILENT = "Amina Yusuf", "Hodan Ali"
#: Whose course is referred at 4 hours a week (the others at 12).
FOUR_HOURS = "Leyla Demir"


def _at(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=clock.LOCAL_ZONE)


def _series(session: Session, by: StaffUser, kind: str, first: date, last: date, weekdays: set[int], start: time, end: time,
            title: str, place: str, leader: StaffUser | None, *, group: ActivityGroup | None = None,
            citizen: Citizen | None = None) -> ActivitySeries:
    row = ActivitySeries(kind=kind, group_id=group.id if group else None, citizen_id=citizen.id if citizen else None,
                         first_day=first, last_day=last, created_at=_at(first - timedelta(days=7)), created_by_id=by.id)
    session.add(row)
    session.flush()
    session.add(ActivityVersion(series_id=row.id, valid_from=first, weekdays=digits_of(weekdays), start_time=start, end_time=end,
                                title=title, place=place, leader_id=leader.id if leader else None, created_at=row.created_at,
                                created_by_id=by.id))
    return row


def _mark(rng: random.Random, name: str, day: date, today: date) -> tuple[str, str]:
    if name == SILENT and (today - day).days <= 10:
        return "absent", ""
    roll = rng.random()
    if roll < 0.06:
        return "absent", rng.choice(("ill", "child_ill", "appointment"))
    if roll < 0.12:
        return "late", rng.choice(("transport", ""))
    return "present", ""


def seed_activities(session: Session, consultant: StaffUser, teacher: StaffUser, today: date, seed: int = 11) -> None:
    """The group, its teaching with four weeks of registers, its workshop and one woman's physiotherapy."""
    rng = random.Random(seed)
    rows = session.exec(select(Citizen, Course).join(Course, Course.citizen_id == Citizen.id)
                        .where(Citizen.consultant_id == consultant.id).order_by(Citizen.id)).all()
    start = today - timedelta(days=today.weekday(), weeks=5)
    women = [(citizen, course) for citizen, course in rows if course.start <= start + timedelta(days=14)][:MEMBERS]
    if not women:
        return
    last = min(course.extended_to or course.planned_end for _citizen, course in women)
    group = ActivityGroup(name=GROUP_NAME, start_week=start, created_at=_at(start - timedelta(days=7)), created_by_id=consultant.id)
    session.add(group)
    session.flush()
    session.add(GroupLeader(group_id=group.id, staff_id=teacher.id))
    session.add(GroupLeader(group_id=group.id, staff_id=consultant.id))
    for citizen, course in women:
        session.add(GroupMember(group_id=group.id, citizen_id=citizen.id, joined_on=max(start, course.start)))
        course.referred_hours = 4.0 if citizen.display_name == FOUR_HOURS else 12.0
        session.add(course)
    teaching = _series(session, consultant, "teaching", start, last, {0, 2, 3}, time(9), time(11, 30), "Jobsøgning og CV",
                       "Lokale 2, Jobhuset", teacher, group=group)
    # A public holiday three weeks ago: no teaching that Thursday.
    session.add(ActivityException(series_id=teaching.id, day=start + timedelta(weeks=2, days=3), reason="Helligdag"))
    _series(session, consultant, "workshop", start, last, {1}, time(12, 30), time(14, 30), "Køkkenværksted", "Køkkenet, Jobhuset",
            consultant, group=group)
    physio = next((citizen for citizen, _course in women if citizen.display_name == PHYSIO), None)
    if physio is not None:
        _series(session, consultant, "treatment", start, last, {1}, time(10), time(11), "Fysioterapi", "Sundhedshuset", None,
                citizen=physio)
    session.flush()
    _registers(session, teacher, [series for series in as_series(session, [teaching]) if series], women, start, today, rng)
    session.commit()


def _registers(session: Session, teacher: StaffUser, series: list, women: list, start: date, today: date, rng: random.Random) -> None:
    """Four weeks of teaching registers up to yesterday, each taken once by the teacher at the end of the session."""
    first = max(start, today - timedelta(weeks=4))
    for one in series:
        for held in sessions(one, first, today - timedelta(days=1)):
            taken = _at(held.day, 12)
            register = ActivityRegister(series_id=one.id, day=held.day, written_by_id=teacher.id,
                                        idempotency_key=f"demo-{one.id}-{held.day.isoformat()}", created_at=taken, updated_at=taken)
            session.add(register)
            session.flush()
            for citizen, course in women:
                if course.start > held.day:
                    continue  # not in the group yet
                mark, reason = _mark(rng, citizen.display_name, held.day, today)
                session.add(ActivityMark(register_id=register.id, citizen_id=citizen.id, mark=mark, reason=reason))
