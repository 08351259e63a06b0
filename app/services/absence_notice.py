"""Her "I can't come today" (issue 23): whether her today page offers it, saving it as the day's entry, and what
she is told to do next (whom to call at the workplace; the job centre too, when her benefit asks for it).

The notice is her entry for the day, saved exactly once under its key like any other (app/services/entries.py);
she completes or changes it in the evening with the day's own form. A notice that reaches the server after she
wrote the day some other way (sent later from the phone's outbox) never replaces what she wrote.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlmodel import Session

from app.domain.entry import EntryAnswers
from app.domain.same_day import calls_job_centre, can_report_absence
from app.domain.schedule import plan_in_force
from app.models import Citizen, DayEntry
from app.services.audit import Actor
from app.services.citizens import current_course, plan_versions
from app.services.course_page import Contact, contacts_of, dial, placements_today
from app.services.entries import Provenance, SaveResult, entry_for_day, save_entry


@dataclass(frozen=True)
class NextSteps:
    """What her phone tells her after "I can't come today"."""

    told_workplace: bool | None
    contacts: list[Contact]
    job_centre: bool  # her benefit asks her to call the job centre too
    job_centre_phone: str
    job_centre_tel: str


def offers_notice(session: Session, citizen_id: int, day: date, now: time) -> bool:
    """Whether her today page shows the big "I can't come today" button now."""
    plan = plan_in_force(plan_versions(session, citizen_id), day)
    if plan is None:
        return False
    return can_report_absence(plan.planned_on(day), plan.start_on(day), now, entry_for_day(session, citizen_id, day) is not None)


def save_notice(session: Session, actor: Actor, citizen: Citizen, day: date, answers: EntryAnswers, key: str, *,
                today: date, edit_days: int, now: datetime) -> SaveResult | DayEntry:
    """Save her notice as the day's entry; the entry she wrote already, if she did under another key."""
    existing = entry_for_day(session, citizen.id, day)
    if existing is not None and existing.idempotency_key != key:
        return existing
    return save_entry(session, actor, citizen.id, day, answers, key, today=today, edit_days=edit_days, now=now,
                      provenance=Provenance(language=citizen.preferred_language))


def next_steps(session: Session, citizen: Citizen, day: date, job_centre_phone: str) -> NextSteps:
    """Whom she tells: the contact persons of her placement that day, and the job centre when her benefit asks."""
    entry = entry_for_day(session, citizen.id, day)
    placement, _next = placements_today(session, citizen.id, day)
    course = current_course(session, citizen.id)
    return NextSteps(
        told_workplace=entry.told_in_advance if entry is not None else None,
        contacts=contacts_of(session, placement) if placement is not None else [],
        job_centre=calls_job_centre(course.benefit if course is not None else None),
        job_centre_phone=job_centre_phone, job_centre_tel=dial(job_centre_phone),
    )
