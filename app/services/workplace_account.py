"""Read the workplace's account of her period for her timeline and the report (app/domain/workplace_account.py).

A fixed number of statements whatever the period's length or number of placements: one for the days, one for the
weeks of pace, one for the task ratings (each joined to its writer's name) and one for the attendance a consultant
recorded. Reading is not audited here: the timeline and the report that call this are the consultant's reads of her.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Sequence, TypeVar

from sqlmodel import Session, select
from sqlmodel.sql.expression import Select

from app.domain.placements import Span
from app.domain.workplace_account import DayAccount, PaceWeek, RecordedDay, TaskRating, WorkplaceAccount
from app.models import (AttendanceRecord, PlacementContact, StaffUser, Task, WorkplaceAccess, WorkplaceDay, WorkplacePace,
                        WorkplaceTaskRating)


def _name(contact: str | None) -> str:
    """The writer: the contact person the link was made for, or "" (the workplace, unnamed)."""
    return contact or ""


Written = TypeVar("Written", bound=Select[Any])


def _written(statement: Written, model: type[WorkplaceDay] | type[WorkplacePace] | type[WorkplaceTaskRating]) -> Written:
    """`statement` joined to the sign-in that wrote each row and, when the link named one, its contact person."""
    return (statement.join(WorkplaceAccess, WorkplaceAccess.id == model.written_by_id)  # type: ignore[return-value]
            .outerjoin(PlacementContact, PlacementContact.id == WorkplaceAccess.contact_id))


def workplace_accounts(session: Session, placements: Sequence[Span], first: date, last: date) -> list[WorkplaceAccount]:
    """Each placement's account of [first, last] (weeks: those whose Monday falls in the period or in the week of
    `first`), in the order of `placements`."""
    ids = [p.id for p in placements]
    if not ids:
        return []
    first_week = first - timedelta(days=first.weekday())
    days = session.exec(_written(select(WorkplaceDay, PlacementContact.name), WorkplaceDay)
                        .where(WorkplaceDay.internship_id.in_(ids), WorkplaceDay.day >= first, WorkplaceDay.day <= last)
                        .order_by(WorkplaceDay.day)).all()
    paces = session.exec(_written(select(WorkplacePace, PlacementContact.name), WorkplacePace)
                         .where(WorkplacePace.internship_id.in_(ids), WorkplacePace.week >= first_week, WorkplacePace.week <= last)
                         .order_by(WorkplacePace.week)).all()
    ratings = session.exec(
        _written(select(WorkplaceTaskRating, Task.label_da, Task.position, PlacementContact.name)
                 .join(Task, Task.id == WorkplaceTaskRating.task_id), WorkplaceTaskRating)
        .where(WorkplaceTaskRating.internship_id.in_(ids), WorkplaceTaskRating.week >= first_week, WorkplaceTaskRating.week <= last)
        .order_by(WorkplaceTaskRating.week, Task.position, Task.id)).all()
    accounts = []
    for placement in placements:
        accounts.append(WorkplaceAccount(
            placement=placement,
            days={row.day: DayAccount(row.day, row.status, row.note, _name(name), row.resolved_at is not None, row.resolution_note)
                  for row, name in days if row.internship_id == placement.id},
            paces=tuple(PaceWeek(row.week, row.percent, _name(name), row.went_well, row.was_hard, row.suggested_task)
                        for row, name in paces if row.internship_id == placement.id),
            ratings=tuple(TaskRating(row.task_id, label, position, row.week, row.level, _name(name))
                          for row, label, position, name in ratings if row.internship_id == placement.id),
        ))
    return accounts


def recorded_days(session: Session, citizen_id: int, first: date, last: date) -> dict[date, RecordedDay]:
    """Attendance her consultant recorded for days of [first, last] she did not log, with its source and who recorded it."""
    rows = session.exec(
        select(AttendanceRecord, StaffUser.name).join(StaffUser, StaffUser.id == AttendanceRecord.recorded_by_id)
        .where(AttendanceRecord.citizen_id == citizen_id, AttendanceRecord.day >= first, AttendanceRecord.day <= last)).all()
    return {row.day: RecordedDay(row.day, row.attendance, row.hours, row.source, name, row.resolved_at is not None,
                                 row.resolution_note) for row, name in rows}
