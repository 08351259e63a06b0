"""Setting a citizen up: profile, course, internship, schedule versions and agreed tasks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Sequence

from sqlalchemy import and_
from sqlmodel import Session, select

from app import clock
from app.config import LANGUAGES
from app.domain.schedule import PlanVersion, plan_problems
from app.domain.placements import clash
from app.domain.text import clean_text, lookalikes, mixed_script_words
from app.models import Citizen, Course, CourseChange, Internship, ScheduleVersion, Task, TaskLabel
from app.services import audit
from app.services.audit import Actor
from app.services.placement_details import name_first_contact
from app.services.placements import span_of

MAX_HOURS_PER_DAY = 12.0


class SetupError(ValueError):
    """Input that cannot set up a citizen (unknown language, impossible hours, no internship)."""


class PlacementClashError(SetupError):
    """Her current placement's new start would share days with one of her earlier placements."""


class ChangeReasonMissingError(SetupError):
    """An extension or a new purpose of her course was saved without saying why."""


def _course_version(course: Course, actor: Actor, *, decided_on: date, reason: str = "") -> CourseChange:
    """The course's purpose and end as they now stand, dated: kept beside earlier versions, never edited."""
    return CourseChange(course_id=course.id, decided_on=decided_on, purpose=course.purpose, planned_end=course.planned_end,
                        extended_to=course.extended_to, reason=clean_text(reason)[:500],
                        made_by_id=actor.id if actor.kind == "staff" else None, created_at=clock.utcnow())


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
    name = clean_text(name)
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
    session.add(_course_version(course, actor, decided_on=start))
    session.add(Internship(course_id=course.id, workplace=clean_text(workplace), start=start))
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


def current_internship(session: Session, citizen_id: int, day: date | None = None) -> Internship | None:
    """Her placement on `day` (default today) in her newest course.

    A placement agreed to start later is not current yet, so tasks and plans go on landing where she is;
    between placements (or before the first) it is the last one begun, and before any has begun the first.
    """
    rows = session.exec(
        select(Internship).join(Course).where(Course.citizen_id == citizen_id)
        .order_by(Course.start.desc(), Course.id.desc(), Internship.start, Internship.id)
    ).all()
    if not rows:
        return None
    newest_course = [row for row in rows if row.course_id == rows[0].course_id]
    on = day or clock.local_today()
    holding = [row for row in newest_course if span_of(row).holds(on)]
    begun = [row for row in newest_course if row.start <= on]
    return (holding or begun or newest_course[:1])[-1]


def set_schedule(
    session: Session,
    actor: Actor,
    citizen_id: int,
    *,
    hours: Sequence[float],
    valid_from: date,
    reason: str = "",
) -> ScheduleVersion:
    """Add a weekly schedule version (Monday..Sunday hours) in force from `valid_from`."""
    if len(hours) != 7:
        raise SetupError("give hours for all seven weekdays")
    return set_plan(session, actor, citizen_id, PlanVersion(valid_from=valid_from, hours=tuple(hours)), reason)  # type: ignore[arg-type]


def set_plan(session: Session, actor: Actor, citizen_id: int, plan: PlanVersion, reason: str = "") -> ScheduleVersion:
    """Add a plan version in any mode, in force from `plan.valid_from`, to her current placement.

    Raises SetupError for hours the form should have refused, and for what `plan_problems` finds.
    """
    for value in plan.hours + plan.even_hours:
        if not 0 <= value <= MAX_HOURS_PER_DAY or (value * 2) != int(value * 2):
            raise SetupError(f"hours must be 0-{MAX_HOURS_PER_DAY:g} in half hours, got {value}")
    problems = plan_problems(plan)
    if problems:
        raise SetupError(", ".join(f"{field}: {code}" for field, code in problems.items()))
    internship = current_internship(session, citizen_id, plan.valid_from)  # the placement the plan begins in
    if internship is None:
        raise SetupError("the citizen has no internship")
    version = ScheduleVersion.from_plan(plan, internship_id=internship.id, reason=reason.strip()[:500],
                                        made_by_id=actor.id if actor.kind == "staff" else None, created_at=clock.utcnow())
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
    return [row.plan() for row in rows]


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
    label_da = clean_text(label_da)
    if not label_da or len(label_da) > 120:
        raise SetupError("the label must be 1-120 characters")
    position = len(session.exec(select(Task.id).where(Task.internship_id == internship.id)).all())
    task = Task(internship_id=internship.id, icon=icon, label_da=label_da, position=position)
    session.add(task)
    session.flush()
    for language, text in (translations or {}).items():
        text = clean_text(text)[:120]
        if language in LANGUAGES and language != "da" and text:
            session.add(TaskLabel(task_id=task.id, language=language, text=text,
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
    # Each task with its label in `language` (if translated) in one statement per kind of task.
    labelled = select(Task, TaskLabel.text).outerjoin(
        TaskLabel, and_(TaskLabel.task_id == Task.id, TaskLabel.language == language))
    active = session.exec(
        labelled.where(Task.internship_id == internship.id, Task.active == True)  # noqa: E712
        .order_by(Task.position, Task.id)
    ).all()
    extra_ids = (also or set()) - {task.id for task, _ in active}
    # Scoped through her courses, so an id from elsewhere can never show another woman's task.
    extra = session.exec(
        labelled.join(Internship, Internship.id == Task.internship_id).join(Course)
        .where(Task.id.in_(extra_ids), Course.citizen_id == citizen_id).order_by(Task.id)
    ).all() if extra_ids else []
    return [TaskView(id=task.id, icon=task.icon, label=task.label_da if label is None else label) for task, label in [*active, *extra]]


@dataclass(frozen=True)
class Profile:
    """What the consultant sets up: her profile, course and current internship."""

    display_name: str
    preferred_language: str
    phone: str
    course_start: date
    planned_end: date
    extended_to: date | None
    purpose: str
    workplace: str
    contact_person: str
    internship_start: date
    accommodations: str
    aids: str
    change_reason: str = ""  # why the course was extended or its purpose changed (kept with the dated version)
    referred_hours: float | None = None  # the hours a week she is referred for (12 or 4), None: not given
    benefit: str | None = None  # what she lives on during the course (app/domain/same_day.py), None: not given


def current_course(session: Session, citizen_id: int) -> Course | None:
    """Her newest course."""
    return session.exec(select(Course).where(Course.citizen_id == citizen_id).order_by(Course.start.desc(), Course.id.desc())).first()


def save_profile(session: Session, actor: Actor, profile: Profile, *, consultant_id: int, citizen: Citizen | None = None) -> Citizen:
    """Create a citizen (with course and internship) or update her and her current course and internship."""
    if profile.preferred_language not in LANGUAGES:
        raise SetupError("unknown language")
    if profile.planned_end <= profile.course_start or (profile.extended_to and profile.extended_to < profile.planned_end):
        raise SetupError("the course must end after it starts, and an extension after the planned end")
    if citizen is None:
        citizen = create_citizen(session, actor, name=profile.display_name, language=profile.preferred_language,
                                 start=profile.course_start, consultant_id=consultant_id, purpose=profile.purpose,
                                 workplace=profile.workplace)
        action = None
    else:
        action = "citizen.update"
    name = clean_text(profile.display_name)
    if not name or len(name) > 120:
        raise SetupError("name must be 1-120 characters")
    citizen.display_name = name
    citizen.preferred_language = profile.preferred_language
    citizen.phone = profile.phone.strip() or None
    course = current_course(session, citizen.id)
    before = (course.planned_end, course.extended_to, course.purpose)
    course.start, course.planned_end, course.extended_to, course.purpose, course.referred_hours = (
        profile.course_start, profile.planned_end, profile.extended_to, profile.purpose, profile.referred_hours)
    course.benefit = profile.benefit
    if action and (course.planned_end, course.extended_to, course.purpose) != before:
        if not clean_text(profile.change_reason):
            session.rollback()
            raise ChangeReasonMissingError("an extension or a new purpose needs a reason")
        session.add(_course_version(course, actor, decided_on=clock.local_today(clock.utcnow()), reason=profile.change_reason))
    internship = current_internship(session, citizen.id)
    others = [span_of(p) for p in session.exec(
        select(Internship).where(Internship.course_id == internship.course_id, Internship.id != internship.id)).all()]
    if clash(others, profile.internship_start, internship.end) is not None:
        session.rollback()
        raise PlacementClashError("the placement would share days with an earlier one")
    internship.workplace = clean_text(profile.workplace)
    internship.start, internship.accommodations, internship.aids = profile.internship_start, profile.accommodations, profile.aids
    if internship.id is not None:
        name_first_contact(session, internship, profile.contact_person)
    session.add_all([citizen, course, internship])
    if action:
        audit.record(session, actor, action, citizen_id=citizen.id, object_type="citizen", object_id=citizen.id)
    session.commit()
    return citizen


def update_task(session: Session, actor: Actor, citizen_id: int, task_id: int, *, icon: str | None = None,
                label_da: str | None = None, translations: dict[str, str] | None = None, active: bool | None = None) -> Task:
    """Change an agreed task of hers: icon, Danish label, a translation, or retire / restore it."""
    task = session.exec(
        select(Task).join(Internship).join(Course).where(Task.id == task_id, Course.citizen_id == citizen_id)
    ).first()
    if task is None:
        raise SetupError("no such task")
    if icon:
        task.icon = icon
    if label_da and clean_text(label_da):
        task.label_da = clean_text(label_da)[:120]
    if active is not None:
        task.active = active
    for language, text in (translations or {}).items():
        if language not in LANGUAGES or language == "da":
            continue
        text = clean_text(text)[:120]
        label = session.exec(select(TaskLabel).where(TaskLabel.task_id == task.id, TaskLabel.language == language)).first()
        if not text:
            if label is not None:
                session.delete(label)
            continue
        label = label or TaskLabel(task_id=task.id, language=language, text="", updated_at=clock.utcnow())
        label.text, label.updated_at = text, clock.utcnow()
        label.translated_by_id = actor.id if actor.kind == "staff" else None
        session.add(label)
    session.add(task)
    audit.record(session, actor, "task.update", citizen_id=citizen_id, object_type="task", object_id=task.id)
    session.commit()
    return task


def all_tasks(session: Session, citizen_id: int) -> list[tuple[Task, dict[str, str]]]:
    """Every task of her current internship (retired too) with its labels per language."""
    internship = current_internship(session, citizen_id)
    if internship is None:
        return []
    tasks = session.exec(select(Task).where(Task.internship_id == internship.id).order_by(Task.position, Task.id)).all()
    labels: dict[int, dict[str, str]] = {t.id: {} for t in tasks}
    for label in session.exec(select(TaskLabel).where(TaskLabel.task_id.in_(list(labels)))).all():
        labels[label.task_id][label.language] = label.text
    return [(task, labels[task.id]) for task in tasks]


def tasks_without_label(tasks: list[tuple[Task, dict[str, str]]], language: str) -> list[Task]:
    """Her tasks in use that have no words in `language`: her form shows them in the consultant's Danish,
    which she may not read (the setup page warns and asks for her words)."""
    if language == "da":
        return []
    return [task for task, labels in tasks if task.active and not labels.get(language, "").strip()]


def course_history(session: Session, course_id: int) -> list[CourseChange]:
    """Her course's dated versions, oldest first."""
    return list(session.exec(select(CourseChange).where(CourseChange.course_id == course_id)
                             .order_by(CourseChange.decided_on, CourseChange.id)).all())


def schedule_history(session: Session, citizen_id: int) -> list[ScheduleVersion]:
    """Her plan versions, newest first."""
    return list(session.exec(
        select(ScheduleVersion).join(Internship).join(Course).where(Course.citizen_id == citizen_id)
        .order_by(ScheduleVersion.valid_from.desc(), ScheduleVersion.id.desc())
    ).all())


def name_warnings(session: Session, consultant_id: int, name: str,
                  citizen_id: int | None = None) -> tuple[list[str], list[tuple[str, tuple[str, ...]]]]:
    """Names in her caseload that look like `name`, and words of it mixing alphabets: asked about before saving.

    Only her own caseload is compared: naming a woman of another caseload would tell her that woman exists.
    """
    others = {row.id: row.display_name for row in session.exec(
        select(Citizen).where(Citizen.consultant_id == consultant_id, Citizen.id != (citizen_id or 0))).all()}
    return [others[i] for i in lookalikes(name, others)], mixed_script_words(name)
