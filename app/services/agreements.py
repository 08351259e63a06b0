"""A placement's internship agreements: made from its rows, kept as dated versions, downloaded (audited).

Making one reads the placement as it is today (app/domain/agreement.py composes what it says), has the
web layer draw each copy as a PDF (`render`: the service never imports Flask), and stores every copy
with its SHA-256 as version N+1; nothing is ever overwritten, so a signed paper can always be matched
to its file. A placement without tasks is refused before anything is drawn or stored.

The reads end their transaction before the PDFs are drawn (seconds): SQLite must not hold a read
snapshot that it then has to turn into a write. Two consultants (or a double click) making one at
once both draw; the second to store meets the unique version number and draws again as the next.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import defer
from sqlmodel import Session, select

from app import clock
from app.domain import agreement as domain
from app.domain.accommodations import COMMON_ACCOMMODATIONS, COMMON_AIDS
from app.domain.placement_details import goal_tree
from app.models import (Citizen, Course, Internship, PlacementAgreement, PlacementContact, ScheduleVersion, StaffUser, Task,
                        TaskLabel, TrainingGoal, WorkplaceSupport)
from app.services import audit
from app.services.audit import Actor

#: Draws one copy as a PDF (app/web/consultant/agreement_document.py).
Render = Callable[[domain.Agreement], bytes]
#: How often a clash of version numbers is drawn again before giving up.
ATTEMPTS = 3


class AgreementRefused(ValueError):
    """No agreement can be made: `message` is a msgid, shown in Danish on the placement's page."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class FollowUp:
    """The follow-up the agreement promises (settings FOLLOW_UP_CALL_WEEKS and FOLLOW_UP_VISIT_WEEKS)."""

    calls_every_weeks: int = 1
    visits_every_weeks: int = 2


@dataclass(frozen=True)
class AgreementCopy:
    """A stored copy, without its PDF: enough to list and link it."""

    id: int
    language: str


@dataclass(frozen=True)
class AgreementVersion:
    """A version as the placement's page lists it: its number, day, maker and copies."""

    version: int
    created_on: date  # the day it was made, in Copenhagen
    made_by: str
    copies: tuple[AgreementCopy, ...]


def tasks_of(session: Session, placement: Internship) -> list[tuple[str, dict[str, str]]]:
    """The placement's tasks in use, in her order: (Danish label, {language: label})."""
    tasks = session.exec(select(Task).where(Task.internship_id == placement.id, Task.active == True)  # noqa: E712
                         .order_by(Task.position, Task.id)).all()
    labels: dict[int, dict[str, str]] = {task.id: {} for task in tasks if task.id is not None}
    if labels:
        for label in session.exec(select(TaskLabel).where(TaskLabel.task_id.in_(list(labels)))).all():
            labels[label.task_id][label.language] = label.text
    return [(task.label_da, labels.get(task.id or 0, {})) for task in tasks]


def _hours(session: Session, placement: Internship, day: date) -> domain.AgreedHours | None:
    rows = session.exec(select(ScheduleVersion).where(ScheduleVersion.internship_id == placement.id).order_by(ScheduleVersion.id)).all()
    plan = domain.plan_for([row.plan() for row in rows], day)
    return domain.agreed_hours(plan, day) if plan is not None else None


def _goals(session: Session, placement: Internship) -> tuple[domain.AgreedGoal, ...]:
    rows = session.exec(select(TrainingGoal).where(TrainingGoal.internship_id == placement.id).order_by(TrainingGoal.id)).all()
    agreed = {row.id: domain.AgreedGoal(row.text, row.status, row.status_on) for row in rows}
    return domain.goals_to_agree([(agreed[goal.id], [agreed[sub.id] for sub in subs]) for goal, subs in goal_tree(rows)])


def facts(session: Session, citizen: Citizen, placement: Internship, *, day: date, follow_up: FollowUp,
          consultant: StaffUser | None) -> domain.Facts:
    """What the agreement states on `day`, read from her placement's rows."""
    course = session.get(Course, placement.course_id)
    contacts = session.exec(select(PlacementContact).where(PlacementContact.internship_id == placement.id)
                            .order_by(PlacementContact.id)).all()
    support = session.exec(select(WorkplaceSupport).where(WorkplaceSupport.internship_id == placement.id)
                           .order_by(WorkplaceSupport.id)).all()
    return domain.Facts(
        citizen_name=citizen.display_name, consultant_name=consultant.name if consultant else "",
        consultant_email=consultant.email if consultant else "", purpose=course.purpose if course else "clarify",
        workplace=placement.workplace, kind=placement.kind, address=placement.address, trade=placement.trade,
        start=placement.start, planned_end=placement.planned_end, goals=_goals(session, placement),
        accommodations=domain.needs(placement.accommodations, COMMON_ACCOMMODATIONS), aids=domain.needs(placement.aids, COMMON_AIDS),
        contacts=tuple(domain.Contact(c.name, c.role, c.phone, c.email) for c in contacts),
        support=tuple(domain.Support(s.kind, s.person, s.note) for s in support),
        hours=_hours(session, placement, day),
        calls_every_weeks=follow_up.calls_every_weeks, visits_every_weeks=follow_up.visits_every_weeks)


def _next_version(session: Session, placement: Internship) -> int:
    latest = session.exec(select(func.max(PlacementAgreement.version)).where(PlacementAgreement.internship_id == placement.id)).one()
    return (latest or 0) + 1


def _consultant(session: Session, citizen: Citizen, actor: Actor) -> StaffUser | None:
    """Her consultant, the party who signs for the course; the maker when she has none on record."""
    staff_id = citizen.consultant_id or (actor.id if actor.kind == "staff" else None)
    return session.get(StaffUser, staff_id) if staff_id is not None else None


def make_agreement(session: Session, actor: Actor, citizen: Citizen, placement: Internship, *, today: date, now: datetime,
                   render: Render, follow_up: FollowUp = FollowUp()) -> int:
    """Make the next version of the placement's agreement, a copy per language (app/domain/agreement.py `copies`),
    and return its number. Raises AgreementRefused, storing nothing, for a placement without tasks."""
    tasks = tasks_of(session, placement)
    refused = domain.refusal(tasks)
    if refused is not None:
        session.commit()
        raise AgreementRefused(refused)
    day = domain.agreement_day(today, placement.start, placement.end)
    stated = facts(session, citizen, placement, day=day, follow_up=follow_up, consultant=_consultant(session, citizen, actor))
    made_by = actor.id if actor.kind == "staff" else None
    for _attempt in range(ATTEMPTS):
        version = _next_version(session, placement)
        session.commit()  # end the read before drawing (see the module's docstring)
        drawn = [(language, render(domain.copy_in(stated, tasks, language, version=version, made_on=day)))
                 for language in domain.copies(citizen.preferred_language)]
        rows = [PlacementAgreement(internship_id=placement.id, version=version, language=language, made_on=day, created_at=now,
                                   made_by_id=made_by, pdf=pdf, sha256=hashlib.sha256(pdf).hexdigest()) for language, pdf in drawn]
        session.add_all(rows)
        try:
            session.flush()
        except IntegrityError:
            session.rollback()  # another maker took this number: draw again as the next one
            continue
        for row in rows:
            audit.record(session, actor, "placement_agreement.create", citizen_id=citizen.id, object_type="placement_agreement",
                         object_id=row.id)
        session.commit()
        return version
    raise RuntimeError(f"no free version number for placement {placement.id} after {ATTEMPTS} attempts")


def versions(session: Session, placement: Internship) -> list[AgreementVersion]:
    """The placement's agreements, newest first, each with its copies (the PDFs are not read)."""
    rows = session.exec(select(PlacementAgreement).options(defer(PlacementAgreement.pdf))  # type: ignore[arg-type]
                        .where(PlacementAgreement.internship_id == placement.id)
                        .order_by(PlacementAgreement.version.desc(), PlacementAgreement.id)).all()  # type: ignore[attr-defined]
    makers = {row.made_by_id for row in rows if row.made_by_id is not None}
    names = dict(session.exec(select(StaffUser.id, StaffUser.name).where(StaffUser.id.in_(makers))).all()) if makers else {}
    listed = []
    for number, group in groupby(rows, key=lambda row: row.version):
        copies = list(group)  # by id: the Danish copy first, as it was made
        first = copies[0]
        listed.append(AgreementVersion(number, clock.local_today(first.created_at), names.get(first.made_by_id or 0, ""),
                                       tuple(AgreementCopy(copy.id or 0, copy.language) for copy in copies)))
    return listed


def copy_to_send(session: Session, actor: Actor, citizen_id: int, placement: Internship, agreement_id: int) -> PlacementAgreement | None:
    """A stored copy of this placement's agreement for download (audited), or None (audited as denied).

    The stored SHA-256 is checked first: a file that no longer matches it is not handed out as the agreement.
    """
    row = session.exec(select(PlacementAgreement).where(PlacementAgreement.id == agreement_id,
                                                        PlacementAgreement.internship_id == placement.id)).first()
    if row is None:
        audit.record(session, actor, "placement_agreement.download", citizen_id=citizen_id, object_type="placement_agreement",
                     object_id=agreement_id, outcome="denied")
        session.commit()
        return None
    if hashlib.sha256(row.pdf).hexdigest() != row.sha256:
        raise RuntimeError(f"placement agreement {row.id}: the stored PDF does not match its SHA-256")
    audit.record(session, actor, "placement_agreement.download", citizen_id=citizen_id, object_type="placement_agreement",
                 object_id=row.id)
    session.commit()
    return row
