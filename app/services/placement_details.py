"""A placement's contact persons, training goals and support at the workplace: adding, changing, removing.

Every lookup goes through the placement, and the placement through her courses (`placement_of`): an id
of another woman's placement, or of a row of another placement, finds nothing, is audited as denied,
and the web layer answers 404. Every write is audited; a goal's change of status is an event named by
the new status ("training_goal.reached"), so the log holds each goal's earlier statuses and who set them.

`Internship.contact_person` stays the first contact's name, for the readers from before these rows
(the report's header, the profile form). A name the profile form wrote there that no row holds is made
a row before any contact is written, so that keeping the column in step never overwrites it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, SQLModel, select

from app import clock
from app.domain.flags.model import N_
from app.domain.placement_details import (GOAL_STATUSES, SUPPORT_KINDS, Contact, Support, email_problem, goal_tree, open_goals,
                                          phone_problem, status_day_problem)
from app.domain.text import clean_text
from app.models import Course, Internship, PlacementContact, StaffUser, TrainingGoal, WorkplaceAccess, WorkplaceSupport
from app.services import audit
from app.services.audit import Actor


class DetailError(ValueError):
    """Input a placement's details cannot take: the `field` to mark and `message` (an English msgid) with its `values`."""

    def __init__(self, field: str, message: str, **values: object) -> None:
        super().__init__(message % values if values else message)
        self.field, self.message, self.values = field, message, values


class RowNotFound(LookupError):
    """No such row on this placement (another placement's, another woman's, or none): the web layer's 404."""


#: A contact person, and support at the workplace, as the consultant typed them (checked by the writes below).
ContactGiven = Contact
SupportGiven = Support


@dataclass(frozen=True)
class PlacementDetails:
    """What the placement's page shows: contacts, goals with their sub-goals, support, and who set each status."""

    contacts: list[PlacementContact]
    goals: list[tuple[TrainingGoal, list[TrainingGoal]]]
    support: list[WorkplaceSupport]
    changed_by: dict[int, str]


def _staff_id(actor: Actor) -> int | None:
    return actor.id if actor.kind == "staff" else None


def placement_of(session: Session, actor: Actor, citizen_id: int, placement_id: int) -> Internship | None:
    """Her placement `placement_id`, or None (audited as denied) when it is not one of hers."""
    placement = session.exec(select(Internship).join(Course)
                             .where(Internship.id == placement_id, Course.citizen_id == citizen_id)).first()
    if placement is None:
        audit.record(session, actor, "placement.read", citizen_id=citizen_id, object_type="internship", object_id=placement_id,
                     outcome="denied")
        session.commit()
    return placement


def _row(session: Session, actor: Actor, placement: Internship, model: type[SQLModel], row_id: int) -> SQLModel:
    """A row of `model` on this placement, or RowNotFound (audited as denied)."""
    row = session.exec(select(model).where(model.id == row_id, model.internship_id == placement.id)).first()  # type: ignore[attr-defined]
    if row is None:
        audit.record(session, actor, f"{model.__tablename__}.read", citizen_id=_citizen_id(session, placement),
                     object_type=str(model.__tablename__), object_id=row_id, outcome="denied")
        session.commit()
        raise RowNotFound(row_id)
    return row


def _citizen_id(session: Session, placement: Internship) -> int | None:
    course = session.get(Course, placement.course_id)
    return course.citizen_id if course is not None else None


def _done(session: Session, actor: Actor, placement: Internship, action: str, row: SQLModel) -> None:
    """Audit the write and commit it."""
    session.flush()
    audit.record(session, actor, action, citizen_id=_citizen_id(session, placement), object_type=str(row.__tablename__),
                 object_id=row.id)  # type: ignore[attr-defined]
    session.commit()


def details(session: Session, placement: Internship) -> PlacementDetails:
    """The placement's contacts, goals and support, oldest first."""
    contacts = list(session.exec(select(PlacementContact).where(PlacementContact.internship_id == placement.id)
                                 .order_by(PlacementContact.id)).all())
    goals = list(session.exec(select(TrainingGoal).where(TrainingGoal.internship_id == placement.id).order_by(TrainingGoal.id)).all())
    support = list(session.exec(select(WorkplaceSupport).where(WorkplaceSupport.internship_id == placement.id)
                                .order_by(WorkplaceSupport.id)).all())
    staff = {goal.changed_by_id for goal in goals if goal.changed_by_id is not None}
    names = dict(session.exec(select(StaffUser.id, StaffUser.name).where(StaffUser.id.in_(staff))).all()) if staff else {}
    return PlacementDetails(contacts, goal_tree(goals), support, names)


def unlisted_contact(placement: Internship, contacts: list[PlacementContact]) -> str:
    """The contact person her profile names that no contact row holds ("" when there is none)."""
    name = clean_text(placement.contact_person)
    return "" if not name or any(contact.name == name for contact in contacts) else name


# Contact persons


def _contact_fields(given: ContactGiven) -> dict[str, str]:
    name = clean_text(given.name)
    if not name or len(name) > 200:
        raise DetailError("name", N_("Write the contact person's name (at most 200 characters)."))
    phone, email = clean_text(given.phone), clean_text(given.email)
    for field, problem in (("phone", phone_problem(phone)), ("email", email_problem(email))):
        if problem:
            raise DetailError(field, problem)
    return {"name": name, "role": clean_text(given.role)[:120], "phone": phone, "email": email}


def _adopt_profile_contact(session: Session, placement: Internship, typed_name: str) -> None:
    """Keep the profile's contact person as a row before the column follows the rows (unless it is the one being typed)."""
    existing = list(session.exec(select(PlacementContact).where(PlacementContact.internship_id == placement.id)).all())
    name = unlisted_contact(placement, existing)
    if name and name != typed_name:
        session.add(PlacementContact(internship_id=placement.id, name=name[:200]))
        session.flush()


def _keep_contact_person(session: Session, placement: Internship) -> None:
    """`Internship.contact_person` is the first contact's name, for the readers from before the rows."""
    session.flush()
    first = session.exec(select(PlacementContact.name).where(PlacementContact.internship_id == placement.id)
                         .order_by(PlacementContact.id)).first()
    placement.contact_person = first or ""
    session.add(placement)


def name_first_contact(session: Session, placement: Internship, typed: str) -> None:
    """Her profile's "contact person" is the placement's first contact row: renamed, or added when there is none.

    An emptied field removes no one (a contact is removed on the placement's page, where the others are seen);
    the caller records the profile's own audit event and commits.
    """
    name = clean_text(typed)[:200]
    if not name:
        return
    first = session.exec(select(PlacementContact).where(PlacementContact.internship_id == placement.id)
                         .order_by(PlacementContact.id)).first()
    if first is None:
        session.add(PlacementContact(internship_id=placement.id, name=name))
    elif first.name != name:
        first.name = name
        session.add(first)
    _keep_contact_person(session, placement)


def add_contact(session: Session, actor: Actor, placement: Internship, given: ContactGiven) -> PlacementContact:
    """Add a contact person to the placement."""
    fields = _contact_fields(given)
    _adopt_profile_contact(session, placement, fields["name"])
    contact = PlacementContact(internship_id=placement.id, **fields)
    session.add(contact)
    _keep_contact_person(session, placement)
    _done(session, actor, placement, "placement_contact.create", contact)
    return contact


def change_contact(session: Session, actor: Actor, placement: Internship, contact_id: int, given: ContactGiven) -> PlacementContact:
    """Correct a contact person's name, role, phone or e-mail."""
    contact = _row(session, actor, placement, PlacementContact, contact_id)
    fields = _contact_fields(given)
    _adopt_profile_contact(session, placement, fields["name"])
    for field, value in fields.items():
        setattr(contact, field, value)
    session.add(contact)
    _keep_contact_person(session, placement)
    _done(session, actor, placement, "placement_contact.update", contact)
    return contact  # type: ignore[return-value]


def remove_contact(session: Session, actor: Actor, placement: Internship, contact_id: int) -> None:
    """Remove a contact person (someone who left the workplace); the next one becomes the first. Their sign-in links
    and sessions end, and the links stay (unnamed) for the audit and what they wrote."""
    contact = _row(session, actor, placement, PlacementContact, contact_id)
    now = clock.utcnow()
    for access in session.exec(select(WorkplaceAccess).where(WorkplaceAccess.contact_id == contact.id)).all():
        access.contact_id = None
        access.revoked_at = access.revoked_at or now
        access.revoked_by_id = access.revoked_by_id or actor.id
        session.add(access)
    session.flush()
    _adopt_profile_contact(session, placement, "")
    session.delete(contact)
    _keep_contact_person(session, placement)
    _done(session, actor, placement, "placement_contact.delete", contact)


# Training goals


def add_goal(session: Session, actor: Actor, placement: Internship, text: str, *, today: date,
             parent_id: int | None = None) -> TrainingGoal:
    """Add an open training goal, or a sub-goal of one of the placement's goals, open from today (or the placement's start)."""
    text = clean_text(text)
    if not text or len(text) > 500:
        raise DetailError("text", N_("Write the goal in a few words (at most 500 characters)."))
    if parent_id is not None:
        parent = _row(session, actor, placement, TrainingGoal, parent_id)
        if parent.parent_id is not None:  # type: ignore[attr-defined]
            raise DetailError("text", N_("A sub-goal cannot have sub-goals of its own."))
    goal = TrainingGoal(internship_id=placement.id, parent_id=parent_id, text=text, status="open",
                        status_on=max(today, placement.start), changed_by_id=_staff_id(actor))
    session.add(goal)
    _done(session, actor, placement, "training_goal.create", goal)
    return goal


def set_goal_status(session: Session, actor: Actor, placement: Internship, goal_id: int, status: str, on: date, *,
                    today: date) -> TrainingGoal:
    """Mark a goal or sub-goal open, reached or dropped on a day of the placement (not before it began, not in the future)."""
    goal = _row(session, actor, placement, TrainingGoal, goal_id)
    if status not in GOAL_STATUSES:
        raise DetailError("status", N_("Choose whether the goal is open, reached or dropped."))
    problem = status_day_problem(on, placement.start, today)
    if problem:
        raise DetailError("status_on", problem, day=placement.start)
    goal.status, goal.status_on, goal.changed_by_id = status, on, _staff_id(actor)  # type: ignore[attr-defined]
    session.add(goal)
    _done(session, actor, placement, f"training_goal.{status}", goal)
    return goal  # type: ignore[return-value]


def copy_open_goals(session: Session, actor: Actor, source: Internship, target: Internship) -> None:
    """Take the open goals (with their open sub-goals) along to her next placement, open from its first day.

    Not committed: part of starting the placement (app/services/placements.py), which commits.
    """
    for goal, subs in open_goals(details(session, source).goals):
        copy = TrainingGoal(internship_id=target.id, text=goal.text, status="open", status_on=target.start,
                            changed_by_id=_staff_id(actor))
        session.add(copy)
        session.flush()
        session.add_all([TrainingGoal(internship_id=target.id, parent_id=copy.id, text=sub.text, status="open",
                                      status_on=target.start, changed_by_id=_staff_id(actor)) for sub in subs])
        audit.record(session, actor, "training_goal.create", citizen_id=_citizen_id(session, target), object_type="training_goal",
                     object_id=copy.id)


# Support at the workplace


def add_support(session: Session, actor: Actor, placement: Internship, given: SupportGiven) -> WorkplaceSupport:
    """Add support at the workplace: a mentor, side-by-side training or other, with who gives it."""
    if given.kind not in SUPPORT_KINDS:
        raise DetailError("kind", N_("Choose the kind of support."))
    person = clean_text(given.person)
    if not person or len(person) > 200:
        raise DetailError("person", N_("Write who gives the support (at most 200 characters)."))
    support = WorkplaceSupport(internship_id=placement.id, kind=given.kind, person=person, note=clean_text(given.note)[:500])
    session.add(support)
    _done(session, actor, placement, "workplace_support.create", support)
    return support


def remove_support(session: Session, actor: Actor, placement: Internship, support_id: int) -> None:
    """Remove support that ended or was recorded by mistake."""
    support = _row(session, actor, placement, WorkplaceSupport, support_id)
    session.delete(support)
    _done(session, actor, placement, "workplace_support.delete", support)
