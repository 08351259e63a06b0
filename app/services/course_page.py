"""What "My course" shows her: why she is on the course, her workplace (whom to ask, what she does) and her week ahead.

Everything is looked up by her own id, which the web layer takes from her device session only: the page
carries no ids, so no other woman's course, workplace or plan can be asked for. Reading it is audited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, select

from app.domain.week_ahead import DAYS_AHEAD, WeekAhead, month_start, week_ahead
from app.models import Citizen, Course, Internship, PlacementContact
from app.services import audit
from app.services.activities import her_sessions
from app.services.audit import Actor
from app.services.citizens import TaskView, current_course, current_internship, plan_versions, tasks_for
from app.services.entries import facts_between
from app.services.placement_details import unlisted_contact
from app.services.placements import placements
from app.services.rights import course_end


@dataclass(frozen=True)
class Contact:
    """A person she may ask at work; `tel` is the number to dial ("" when none is known)."""

    name: str
    role: str
    phone: str
    tel: str


@dataclass(frozen=True)
class CoursePage:
    """Her course, her workplace today (None: none now or yet), the next one when it is set up, and her next seven days
    (with her activities: teaching, workshops, Danish school, talks and her own appointments)."""

    course: Course | None
    ends_on: date | None
    placement: Internship | None
    next_placement: Internship | None
    contacts: list[Contact]
    tasks: list[TaskView]
    week: WeekAhead


def dial(phone: str) -> str:
    """The number a tel: link dials: digits and a leading + only ("" when there are no digits)."""
    digits = re.sub(r"[^0-9]", "", phone)
    return ("+" if phone.strip().startswith("+") else "") + digits if digits else ""


def placements_today(session: Session, citizen_id: int, today: date) -> tuple[Internship | None, Internship | None]:
    """Her placement today (before her first day: the first one), unless it has ended or has no workplace named
    yet: then she has none to go to (None). And the next one, when the consultant has set it up already."""
    placement = current_internship(session, citizen_id, today)
    if placement is None or not placement.workplace.strip() or (placement.end is not None and placement.end < today):
        return None, None
    later = [row for row in placements(session, placement.course_id) if row.start > placement.start and row.workplace.strip()]
    return placement, (later[0] if later else None)


def contacts_of(session: Session, placement: Internship) -> list[Contact]:
    """Whom she may ask at this placement, in the order the consultant added them."""
    rows = list(session.exec(select(PlacementContact).where(PlacementContact.internship_id == placement.id)
                             .order_by(PlacementContact.id)).all())
    contacts = [Contact(row.name, row.role, row.phone, dial(row.phone)) for row in rows]
    named = unlisted_contact(placement, rows)  # the profile form's name, when no contact row holds it
    return contacts + ([Contact(named, "", "", "")] if named else [])


def course_page(session: Session, actor: Actor, citizen: Citizen, today: date) -> CoursePage:
    """Her course page as of `today`, audited as a read of her own data."""
    course = current_course(session, citizen.id)
    placement, next_placement = placements_today(session, citizen.id, today)
    ends_on = course_end(course) if course else None
    plans = plan_versions(session, citizen.id)
    entries = facts_between(session, citizen.id, month_start(today), today)
    audit.record(session, actor, "course.read", citizen_id=citizen.id, object_type="course", object_id=course.id if course else None)
    session.commit()
    return CoursePage(
        course=course, ends_on=ends_on, placement=placement, next_placement=next_placement,
        contacts=contacts_of(session, placement) if placement else [],
        tasks=tasks_for(session, citizen.id, citizen.preferred_language) if placement else [],
        week=week_ahead(plans, today, last_day=ends_on, entries=entries,
                        sessions=her_sessions(session, citizen.id, today, today + timedelta(days=DAYS_AHEAD - 1))),
    )
