"""Starting her next placement: the current one ends the day before, with a reason, and nothing of it is lost.

What the consultant chooses (tasks, accommodations and aids, open training goals) is copied to the new
placement, and her hours go on as they were (a new plan version from the first day, changed later as
ever); contact persons and support stay behind with the workplace they belong to. A placement that
would share a day with another is refused, naming the other one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlmodel import Session, select

from app import clock
from app.domain.flags.model import N_
from app.domain.placements import END_REASONS, KINDS, Span, clash, ended_before
from app.domain.text import clean_text
from app.models import Course, Internship, ScheduleVersion, Task, TaskLabel
from app.services import audit
from app.services.audit import Actor
from app.services.placement_details import copy_open_goals


class PlacementError(ValueError):
    """Input the placement cannot take: `message` (an English msgid, shown translated) with its `values`."""

    def __init__(self, message: str, **values: object) -> None:
        super().__init__(message % values if values else message)
        self.message, self.values = message, values


@dataclass(frozen=True)
class NextPlacement:
    """What the consultant gives for the next placement and for ending the current one."""

    workplace: str
    kind: str
    start: date
    planned_end: date | None = None
    address: str = ""
    trade: str = ""
    end_reason: str = ""
    end_reason_text: str = ""
    copy_tasks: bool = True
    copy_accommodations: bool = True
    copy_goals: bool = False


def placements(session: Session, course_id: int) -> list[Internship]:
    """The course's placements, oldest first."""
    return list(session.exec(select(Internship).where(Internship.course_id == course_id)
                             .order_by(Internship.start, Internship.id)).all())


def span_of(placement: Internship) -> Span:
    """A placement's days, as the rules of app/domain/placements.py read them."""
    return Span(placement.id or 0, placement.workplace, placement.start, placement.end)


def _checked(given: NextPlacement, current: Internship | None) -> NextPlacement:
    workplace = clean_text(given.workplace)
    if not workplace or len(workplace) > 200:
        raise PlacementError(N_("Write the workplace's name (at most 200 characters)."))
    if given.kind not in KINDS:
        raise PlacementError(N_("Choose what kind of placement it is."))
    if given.planned_end is not None and given.planned_end < given.start:
        raise PlacementError(N_("The planned end is before the start."))
    if current is not None:
        if given.end_reason not in END_REASONS:
            raise PlacementError(N_("Choose why %(workplace)s ends."), workplace=current.workplace)
        if given.end_reason == "other" and not clean_text(given.end_reason_text):
            raise PlacementError(N_("Write in a few words why %(workplace)s ends."), workplace=current.workplace)
        if given.start <= current.start:
            raise PlacementError(N_("The new placement must start after %(workplace)s began (%(day)s)."),
                                 workplace=current.workplace, day=current.start)
    return NextPlacement(workplace, given.kind, given.start, given.planned_end, clean_text(given.address)[:300],
                         clean_text(given.trade)[:120], given.end_reason, clean_text(given.end_reason_text)[:500],
                         given.copy_tasks, given.copy_accommodations, given.copy_goals)


def _copy_tasks(session: Session, source: Internship, target: Internship) -> None:
    for task in session.exec(select(Task).where(Task.internship_id == source.id, Task.active == True)  # noqa: E712
                             .order_by(Task.position, Task.id)).all():
        copy = Task(internship_id=target.id, icon=task.icon, label_da=task.label_da, position=task.position)
        session.add(copy)
        session.flush()
        for label in session.exec(select(TaskLabel).where(TaskLabel.task_id == task.id)).all():
            session.add(TaskLabel(task_id=copy.id, language=label.language, text=label.text,
                                  translated_by_id=label.translated_by_id, updated_at=label.updated_at))


def _carry_hours(session: Session, actor: Actor, source: Internship, target: Internship) -> None:
    """Her hours go on from the new placement's first day (a plan version of its own, changed later as ever)."""
    latest = session.exec(select(ScheduleVersion).where(ScheduleVersion.internship_id == source.id)
                          .order_by(ScheduleVersion.valid_from.desc(), ScheduleVersion.id.desc())).first()
    if latest is None:
        return
    # Every mode carries on as it was (start times, rotation, budget, paid split), from the new first day.
    plan = replace(latest.plan(), valid_from=target.start)
    session.add(ScheduleVersion.from_plan(plan, internship_id=target.id, reason=f"Ny praktik: {target.workplace}"[:500],
                                          made_by_id=actor.id if actor.kind == "staff" else None, created_at=clock.utcnow()))


def start_placement(session: Session, actor: Actor, course: Course, given: NextPlacement) -> Internship:
    """End her current placement the day before `given.start` (with its reason) and start the next one."""
    existing = placements(session, course.id or 0)
    current = next((p for p in reversed(existing) if p.end is None or p.end >= given.start), None)
    wanted = _checked(given, current)
    others = [ended_before(span_of(p), wanted.start) if p is current else span_of(p) for p in existing]
    other = clash(others, wanted.start, wanted.planned_end)
    if other is not None:
        raise PlacementError(N_("These dates overlap with %(workplace)s (%(start)s to %(end)s)."), workplace=other.name,
                             start=other.start, end=other.end or "")
    placement = Internship(course_id=course.id, workplace=wanted.workplace, kind=wanted.kind, address=wanted.address,
                           trade=wanted.trade, start=wanted.start, planned_end=wanted.planned_end)
    if current is not None:
        current.end = ended_before(span_of(current), wanted.start).end
        current.end_reason, current.end_reason_text = wanted.end_reason, wanted.end_reason_text
        if wanted.copy_accommodations:
            placement.accommodations, placement.aids = current.accommodations, current.aids
        session.add(current)
    session.add(placement)
    session.flush()
    if current is not None:
        if wanted.copy_tasks:
            _copy_tasks(session, current, placement)
        if wanted.copy_goals:
            copy_open_goals(session, actor, current, placement)
        _carry_hours(session, actor, current, placement)
        audit.record(session, actor, "placement.end", citizen_id=course.citizen_id, object_type="internship", object_id=current.id)
    audit.record(session, actor, "placement.start", citizen_id=course.citizen_id, object_type="internship", object_id=placement.id)
    session.commit()
    return placement
