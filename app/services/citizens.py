"""Setting a citizen up: profile, course, internship, schedule versions and agreed tasks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Sequence

from sqlmodel import Session, select

from app import clock
from app.config import LANGUAGES
from app.domain.schedule import PlanVersion
from app.models import Citizen, Course, Internship, ScheduleVersion, Task, TaskLabel
from app.services import audit
from app.services.audit import Actor

MAX_HOURS_PER_DAY = 12.0


class SetupError(ValueError):
    """Input that cannot set up a citizen (unknown language, impossible hours, no internship)."""


@dataclass(frozen=True)
class TaskView:
    """A task as she sees it: icon and the label in her language (Danish when not translated)."""

    id: int
    icon: str
    label: str


def create_citizen(
    session: Session,
    actor: Actor,
    *,
    name: str,
    language: str,
    start: date,
    phone: str | None = None,
    consultant_id: int | None = None,
    workplace: str = "",
    purpose: str = "clarify",
    course_weeks: int = 26,
) -> Citizen:
    """Create a citizen with an open course and a first internship starting on `start`."""
    name = name.strip()
    if not name or len(name) > 120:
        raise SetupError("name must be 1-120 characters")
    if language not in LANGUAGES:
        raise SetupError(f"language must be one of {', '.join(LANGUAGES)}")
    if purpose not in ("job", "clarify"):
        raise SetupError("purpose must be job or clarify")
    citizen = Citizen(display_name=name, preferred_language=language, phone=phone or None,
                      consultant_id=consultant_id, created_at=clock.utcnow())
    session.add(citizen)
    session.flush()
    course = Course(citizen_id=citizen.id, start=start, planned_end=start + timedelta(weeks=course_weeks), purpose=purpose)
    session.add(course)
    session.flush()
    session.add(Internship(course_id=course.id, workplace=workplace, start=start))
    audit.record(session, actor, "citizen.create", citizen_id=citizen.id, object_type="citizen", object_id=citizen.id)
    session.commit()
    return citizen


def record_consent(session: Session, actor: Actor, citizen: Citizen) -> None:
    """She agreed to the information about her data (once; a second agreement changes nothing)."""
    if citizen.consent_at is not None:
        return
    citizen.consent_at = clock.utcnow()
    session.add(citizen)
    audit.record(session, actor, "citizen.consent", citizen_id=citizen.id, object_type="citizen", object_id=citizen.id)
    session.commit()


def current_internship(session: Session, citizen_id: int) -> Internship | None:
    """Her newest internship in her newest course."""
    return session.exec(
        select(Internship).join(Course).where(Course.citizen_id == citizen_id)
        .order_by(Course.start.desc(), Internship.start.desc(), Internship.id.desc())
    ).first()


def set_schedule(
    session: Session,
    actor: Actor,
    citizen_id: int,
    *,
    hours: Sequence[float],
    valid_from: date,
    reason: str = "",
) -> ScheduleVersion:
    """Add a schedule version (Monday..Sunday hours) in force from `valid_from`."""
    if len(hours) != 7:
        raise SetupError("give hours for all seven weekdays")
    for value in hours:
        if not 0 <= value <= MAX_HOURS_PER_DAY or (value * 2) != int(value * 2):
            raise SetupError(f"hours must be 0-{MAX_HOURS_PER_DAY:g} in half hours, got {value}")
    internship = current_internship(session, citizen_id)
    if internship is None:
        raise SetupError("the citizen has no internship")
    version = ScheduleVersion(
        internship_id=internship.id, valid_from=valid_from, reason=reason.strip()[:500],
        made_by_id=actor.id if actor.kind == "staff" else None, created_at=clock.utcnow(),
        **{f"hours_{name}": float(value) for name, value in zip(("mon", "tue", "wed", "thu", "fri", "sat", "sun"), hours)},
    )
    session.add(version)
    session.flush()
    audit.record(session, actor, "schedule.create", citizen_id=citizen_id, object_type="schedule_version", object_id=version.id)
    session.commit()
    return version


def plan_versions(session: Session, citizen_id: int) -> list[PlanVersion]:
    """All her schedule versions across internships, in creation order."""
    rows = session.exec(
        select(ScheduleVersion).join(Internship).join(Course)
        .where(Course.citizen_id == citizen_id).order_by(ScheduleVersion.id)
    ).all()
    return [PlanVersion(valid_from=row.valid_from, hours=row.weekday_hours()) for row in rows]


def add_task(
    session: Session,
    actor: Actor,
    citizen_id: int,
    *,
    icon: str,
    label_da: str,
    translations: dict[str, str] | None = None,
) -> Task:
    """Add an agreed task to her current internship, with labels in other languages."""
    internship = current_internship(session, citizen_id)
    if internship is None:
        raise SetupError("the citizen has no internship")
    position = len(session.exec(select(Task.id).where(Task.internship_id == internship.id)).all())
    task = Task(internship_id=internship.id, icon=icon, label_da=label_da.strip(), position=position)
    session.add(task)
    session.flush()
    for language, text in (translations or {}).items():
        if language in LANGUAGES and language != "da" and text.strip():
            session.add(TaskLabel(task_id=task.id, language=language, text=text.strip(),
                                  translated_by_id=actor.id if actor.kind == "staff" else None, updated_at=clock.utcnow()))
    audit.record(session, actor, "task.create", citizen_id=citizen_id, object_type="task", object_id=task.id)
    session.commit()
    return task


def tasks_for(session: Session, citizen_id: int, language: str, also: set[int] | None = None) -> list[TaskView]:
    """Her active agreed tasks, plus tasks `also` named (retired ones a past day still holds),
    labelled in `language` where a translation exists, else in Danish."""
    internship = current_internship(session, citizen_id)
    if internship is None:
        return []
    active = session.exec(
        select(Task).where(Task.internship_id == internship.id, Task.active == True)  # noqa: E712
        .order_by(Task.position, Task.id)
    ).all()
    extra_ids = (also or set()) - {task.id for task in active}
    # Scoped through her courses, so an id from elsewhere can never show another woman's task.
    extra = session.exec(
        select(Task).join(Internship).join(Course)
        .where(Task.id.in_(extra_ids), Course.citizen_id == citizen_id).order_by(Task.id)
    ).all() if extra_ids else []
    tasks = [*active, *extra]
    labels = {
        label.task_id: label.text
        for label in session.exec(
            select(TaskLabel).where(TaskLabel.task_id.in_([t.id for t in tasks]), TaskLabel.language == language)
        ).all()
    }
    return [TaskView(id=t.id, icon=t.icon, label=labels.get(t.id, t.label_da)) for t in tasks]
