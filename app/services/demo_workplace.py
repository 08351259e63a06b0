"""The demo's workplace account: Lone Andersen at Plejecenter Solgården confirms Amina Yusuf's weeks, and a day the
workplace told the consultant about for Hodan Ali, who has gone silent.

Lone was invited in Amina's first week and signed in; every week since, she confirmed the planned days (one "left
early" on a day Amina wrote "all of it", so the review list shows "accounts differ"), rated Amina's pace (25 % rising to
50 %) and her tasks (not yet, then with some help, then alone). Written through the same services as the contact
person's form, so each write and read is audited and Amina's "my data" names Lone. She is reminded every Friday.
`make run` prints a fresh sign-in link for Lone at every start (demo_workplace_link).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta

from sqlmodel import Session, select

from app.clock import LOCAL_ZONE
from app.domain.workplace_week import WeekAnswers, asked_days, monday_of
from app.domain.schedule import plan_in_force
from app.models import Citizen, DayEntry, Internship, PlacementContact, WorkplaceAccess
from app.services import audit
from app.services.attendance_records import RecordGiven, record
from app.services.audit import Actor
from app.services.citizens import plan_versions
from app.services.placements import span_of
from app.services.workplace_access import invite, redeem_link, resume
from app.services.workplace_week import save_week, tasks_of

#: The placement whose contact person gives the workplace's account in the demo, and the woman the workplace called about.
WORKPLACE = "Plejecenter Solgården"
CALLED_ABOUT = "Hodan Ali"
FRIDAY = 4


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=LOCAL_ZONE)


def _levels(week_number: int) -> str:
    return "not_yet" if week_number < 2 else "some_help" if week_number < 5 else "alone"


def seed_workplace_account(session: Session, actor: Actor, placement: Internship, citizen: Citizen, today: date) -> None:
    """Lone's sign-in and her weeks up to last week, for Amina's placement (nothing for any other placement)."""
    contact = session.exec(select(PlacementContact).where(PlacementContact.internship_id == placement.id)).first()
    if placement.workplace != WORKPLACE or contact is None:
        return
    invited = _at(placement.start + timedelta(days=2), 10)
    raw = invite(session, actor, placement, contact, now=invited, lifetime=timedelta(days=14))
    secret, _access = redeem_link(session, raw, now=invited + timedelta(hours=3), today=invited.date())  # type: ignore[misc]
    contact.reminder_weekday = FRIDAY
    session.add(contact)
    session.commit()
    plans = plan_versions(session, citizen.id)
    span = span_of(placement)
    hers = {entry.day: entry.attendance for entry in session.exec(select(DayEntry).where(DayEntry.citizen_id == citizen.id)).all()}
    tasks = [task.id for task in tasks_of(session, placement.id)]
    week, number, differed = monday_of(placement.start), 0, False
    while week + timedelta(days=6) < today:
        friday = week + timedelta(days=FRIDAY)
        scope = resume(session, secret, now=_at(friday, 14), today=friday)
        assert scope is not None, "the demo contact's session ended early"
        days = {}
        for asked in asked_days(plans, span, week, friday):
            status = "came" if hers.get(asked.day) in ("full", None) else "absent" if hers[asked.day] == "absent" else "left_early"
            if not differed and number == 3 and hers.get(asked.day) == "full":
                status, differed = "left_early", True  # she wrote "all of it"; the workplace says she went at 11
                days[asked.day] = (status, "Gik kl. 11, havde ondt i ryggen")
                continue
            days[asked.day] = (status, "")
        answers = WeekAnswers(days, 25 if number < 3 else 50, {task: _levels(number) for task in tasks},
                              went_well="God til at spørge, når hun er i tvivl" if number % 2 else "Mødte til tiden",
                              was_hard="Tunge løft med vasketøjet" if number < 4 else "")
        save_week(session, scope, week, answers, str(uuid.UUID(int=placement.id * 1000 + number)), _at(friday, 14))
        week, number = week + timedelta(days=7), number + 1


def seed_called_about(session: Session, actor: Actor, citizen: Citizen, today: date) -> None:
    """Hodan has written nothing lately; the laundry told the consultant she came on her last planned day."""
    if citizen.display_name != CALLED_ABOUT:
        return
    plans = plan_versions(session, citizen.id)
    logged = set(session.exec(select(DayEntry.day).where(DayEntry.citizen_id == citizen.id)).all())
    day = today - timedelta(days=1)
    while day > today - timedelta(days=14):
        version = plan_in_force(plans, day)
        if version is not None and version.planned_on(day) and day not in logged:
            record(session, actor, citizen.id, RecordGiven(day=day, attendance="full", hours=None, source="workplace"), today=today)
            return
        day -= timedelta(days=1)


def demo_workplace_link(session: Session, lifetime: timedelta, now: datetime) -> tuple[str, str, str] | None:
    """A fresh sign-in link for the demo's contact person (at every start): (name, workplace, raw link)."""
    row = session.exec(select(PlacementContact, Internship).join(Internship, Internship.id == PlacementContact.internship_id)
                       .where(Internship.workplace == WORKPLACE).order_by(PlacementContact.id)).first()
    if row is None:
        return None
    contact, placement = row
    return contact.name, placement.workplace, invite(session, audit.SYSTEM, placement, contact, now=now, lifetime=lifetime,
                                                     made_by_id=_inviter(session, contact))


def _inviter(session: Session, contact: PlacementContact) -> int | None:
    return session.exec(select(WorkplaceAccess.created_by_id).where(WorkplaceAccess.contact_id == contact.id)
                        .order_by(WorkplaceAccess.id)).first()
