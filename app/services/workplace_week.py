"""The contact person's week: what the form shows them, and saving what they answered, once.

They see only what a workplace needs (issue 21): her first name, the placement's planned days and times, her agreed
tasks, and what they themselves wrote; never her own entries, pain, evening, notes, flags or other placements. Every
page they open and every save is an audit event.

Saving is idempotent: the form carries a key; a retried POST (or a double tap) finds the week's row written with that
key and writes nothing. A second save of a week with a new key corrects it: each changed day keeps its old values as a
WorkplaceDayRevision first, as her own entries keep theirs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.domain.workplace_week import AskedDay, WeekAnswers, asked_days
from app.models import Task, WorkplaceDay, WorkplaceDayRevision, WorkplacePace, WorkplaceTaskRating
from app.services import audit
from app.services.citizens import plan_versions
from app.services.placements import span_of
from app.services.workplace_access import Scope


@dataclass(frozen=True)
class TaskShown:
    """One of her agreed tasks, by its Danish name."""

    id: int
    label: str


@dataclass(frozen=True)
class Week:
    """The form's content for one week: the days asked about, her tasks, and what the workplace wrote before."""

    week: date
    days: list[AskedDay]
    tasks: list[TaskShown]
    written_days: dict[date, tuple[str, str]]
    pace: WorkplacePace | None
    ratings: dict[int, str]


def tasks_of(session: Session, internship_id: int, also: set[int] = frozenset()) -> list[TaskShown]:
    """The placement's agreed tasks (and retired ones a week already rated), in their order."""
    rows = session.exec(select(Task).where(Task.internship_id == internship_id).order_by(Task.position, Task.id)).all()
    return [TaskShown(task.id, task.label_da) for task in rows if task.active or task.id in also]


def load_week(session: Session, scope: Scope, week: date, today: date) -> Week:
    """The week as the form shows it (audited as a read by the contact person)."""
    placement = scope.placement
    days = asked_days(plan_versions(session, scope.citizen_id), span_of(placement), week, today)
    written = session.exec(select(WorkplaceDay).where(WorkplaceDay.internship_id == placement.id,
                                                      WorkplaceDay.day >= week, WorkplaceDay.day <= week + timedelta(days=6))).all()
    pace = session.exec(select(WorkplacePace).where(WorkplacePace.internship_id == placement.id,
                                                    WorkplacePace.week == week)).first()
    ratings = {rating.task_id: rating.level for rating in session.exec(
        select(WorkplaceTaskRating).where(WorkplaceTaskRating.internship_id == placement.id,
                                          WorkplaceTaskRating.week == week)).all()}
    audit.record(session, scope.actor, "workplace.read", citizen_id=scope.citizen_id, object_type="workplace_week",
                 object_id=placement.id)
    session.commit()
    return Week(week, days, tasks_of(session, placement.id, set(ratings)), {row.day: (row.status, row.note) for row in written},
                pace, ratings)


def _save_days(session: Session, scope: Scope, answers: WeekAnswers, key: str, now: datetime) -> None:
    stored = {row.day: row for row in session.exec(select(WorkplaceDay).where(
        WorkplaceDay.internship_id == scope.placement.id, WorkplaceDay.day.in_(list(answers.days)))).all()}
    for day, (status, note) in answers.days.items():
        row = stored.get(day)
        if row is None:
            session.add(WorkplaceDay(internship_id=scope.placement.id, day=day, status=status, note=note,
                                     written_by_id=scope.access.id, idempotency_key=key, created_at=now, updated_at=now))
        elif (row.status, row.note) != (status, note):
            stored_status = row.status
            session.add(WorkplaceDayRevision(workplace_day_id=row.id, status=row.status, note=row.note,
                                             written_by_id=row.written_by_id, changed_by_id=scope.access.id, changed_at=now))
            row.status, row.note, row.written_by_id, row.idempotency_key, row.updated_at = status, note, scope.access.id, key, now
            if row.status != stored_status:
                # A changed account is a new account: where it differs from hers, the consultant looks again. Her
                # earlier note stays on the row (and the resolution in the audit log) until she resolves it anew.
                row.resolved_at, row.resolved_by_id = None, None
            session.add(row)


def _save_ratings(session: Session, scope: Scope, week: date, tasks: dict[int, str]) -> None:
    stored = {row.task_id: row for row in session.exec(select(WorkplaceTaskRating).where(
        WorkplaceTaskRating.internship_id == scope.placement.id, WorkplaceTaskRating.week == week)).all()}
    for task_id, level in tasks.items():
        row = stored.get(task_id) or WorkplaceTaskRating(internship_id=scope.placement.id, week=week, task_id=task_id,
                                                         level=level, written_by_id=scope.access.id)
        row.level, row.written_by_id = level, scope.access.id
        session.add(row)


def _already_saved(session: Session, scope: Scope, key: str) -> bool:
    return session.exec(select(WorkplacePace.id).where(WorkplacePace.internship_id == scope.placement.id,
                                                       WorkplacePace.idempotency_key == key)).first() is not None


def save_week(session: Session, scope: Scope, week: date, answers: WeekAnswers, key: str, now: datetime) -> bool:
    """Store a week's answers (checked by app/domain/workplace_week.parse_week); False when this key saved it already."""
    if _already_saved(session, scope, key):
        return False
    pace = session.exec(select(WorkplacePace).where(WorkplacePace.internship_id == scope.placement.id,
                                                    WorkplacePace.week == week)).first()
    if pace is None:
        pace = WorkplacePace(internship_id=scope.placement.id, week=week, written_by_id=scope.access.id,
                             idempotency_key=key, created_at=now, updated_at=now)
    pace.percent, pace.went_well, pace.was_hard = answers.pace, answers.went_well, answers.was_hard
    pace.suggested_task, pace.written_by_id, pace.idempotency_key, pace.updated_at = (
        answers.suggested_task, scope.access.id, key, now)
    session.add(pace)
    _save_days(session, scope, answers, key, now)
    _save_ratings(session, scope, week, answers.tasks)
    try:
        session.flush()
    except IntegrityError:
        # Two requests with one key raced: the other one stored the week (and its key); this one writes nothing.
        session.rollback()
        if _already_saved(session, scope, key):
            return False
        raise
    audit.record(session, scope.actor, "workplace.write", citizen_id=scope.citizen_id, object_type="workplace_pace",
                 object_id=pace.id)
    session.commit()
    return True
