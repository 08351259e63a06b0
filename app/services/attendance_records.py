"""Attendance a consultant records for a day she did not log: learned from the workplace, by the consultant herself,
or from her on the phone (issue 21). It counts as an entry for R1-R3 (measures.md), never as her writing, and never
overwrites her own entry (workplace.effective_facts, read by app/services/bulk_logs.py).

Rules of a record, each refused with the field to mark:

- only a day she has not written about herself (her entry stands), on a day of one of her placements, not in the
  future; the values pass workplace.check_record (an early day needs its hours, an absent day has none);
- **one record per day**. A second record for a day that has one is refused, naming the record to correct instead,
  rather than silently replacing it: two colleagues (or a double-tapped form) must not overwrite each other's account
  unseen, and what a flag or a report already read came from the first. A correction is a deliberate act on that
  record, shown who and when, and audited as `attendance_record.update` (the audit log keeps who recorded it first).
  The unique constraint on (citizen, day) holds this under a race too: the loser gets the same refusal;
- once she has written about the day herself, the record is one of two accounts of it: it can no longer be corrected
  or removed (both stay; where they differ the consultant resolves it with a note, app/services/accounts_differ.py).

Every write is audited; every lookup goes through her id, so another woman's record is not found (the web layer's 404).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app import clock
from app.domain.flags.model import N_
from app.domain.placements import current_on
from app.domain.schedule import MAX_HOURS_IN_A_DAY
from app.domain.workplace import Refused, check_record
from app.models import AttendanceRecord, Course, DayEntry, Internship, StaffUser
from app.services import audit
from app.services.audit import Actor
from app.services.placements import span_of

#: What each refused field of workplace.check_record says on the form.
_REFUSALS = {
    "attendance": N_("Choose whether she attended all of it, went home early or did not come."),
    "hours": N_("Give the hours she worked: more than 0 when she went home early, none when she did not come, "
                "at most %(most)s."),
    "source": N_("Choose who told you."),
}


class RecordError(ValueError):
    """Input a record cannot take: the `field` to mark and `message` (an English msgid) with its `values`."""

    def __init__(self, field: str, message: str, **values: object) -> None:
        super().__init__(message % values if values else message)
        self.field, self.message, self.values = field, message, values


class RecordNotFound(LookupError):
    """No such record of hers (another woman's, or none): the web layer's 404."""


@dataclass(frozen=True)
class RecordGiven:
    """A day's attendance as the consultant gives it: attended all (`full`), went home early, or did not come."""

    day: date
    attendance: str
    hours: float | None
    source: str


@dataclass(frozen=True)
class RecordView:
    """A record as her page shows it: who recorded it, and whether she has since written the day herself."""

    record: AttendanceRecord
    recorded_by: str
    resolved_by: str
    hers_too: bool  # she wrote about the day herself after it was recorded: both accounts stay


def _checked(given: RecordGiven) -> None:
    try:
        check_record(given.attendance, given.hours, given.source)
    except Refused as refused:
        raise RecordError(refused.field, _REFUSALS[refused.field], most=MAX_HOURS_IN_A_DAY) from refused


def _her_entry(session: Session, citizen_id: int, day: date) -> bool:
    return session.exec(select(DayEntry.id).where(DayEntry.citizen_id == citizen_id, DayEntry.day == day)).first() is not None


def _check_day(session: Session, citizen_id: int, day: date, today: date) -> None:
    """A day she has not written about, of one of her placements, not in the future."""
    if day > today:
        raise RecordError("day", N_("A day in the future cannot be recorded."))
    placements = session.exec(select(Internship).join(Course).where(Course.citizen_id == citizen_id)).all()
    if current_on([span_of(p) for p in placements], day) is None:
        raise RecordError("day", N_("%(day)s is not a day of any of her placements."), day=day)
    if _her_entry(session, citizen_id, day):
        raise RecordError("day", N_("She wrote about %(day)s herself: her entry stands, and a record cannot replace it."), day=day)


def _already(day: date) -> RecordError:
    return RecordError("day", N_("Attendance for %(day)s is recorded already: correct that record below instead."), day=day)


def record(session: Session, actor: Actor, citizen_id: int, given: RecordGiven, *, today: date) -> AttendanceRecord:
    """Record a day she did not log (see the module's rules); audited as `attendance_record.create`."""
    _checked(given)
    _check_day(session, citizen_id, given.day, today)
    if session.exec(select(AttendanceRecord.id).where(AttendanceRecord.citizen_id == citizen_id,
                                                      AttendanceRecord.day == given.day)).first() is not None:
        raise _already(given.day)
    row = AttendanceRecord(citizen_id=citizen_id, day=given.day, attendance=given.attendance, hours=_hours(given),
                           source=given.source, recorded_by_id=actor.id, created_at=clock.utcnow())
    session.add(row)
    try:
        session.flush()
    except IntegrityError:  # a colleague's record of the same day won the race
        session.rollback()
        raise _already(given.day) from None
    audit.record(session, actor, "attendance_record.create", citizen_id=citizen_id, object_type="attendance_record",
                 object_id=row.id)
    session.commit()
    return row


def _hours(given: RecordGiven) -> float | None:
    """An absent day's hours are none (0 is kept as None: check_record refused any other)."""
    return None if given.attendance == "absent" else given.hours


def record_of(session: Session, actor: Actor, citizen_id: int, record_id: int) -> AttendanceRecord:
    """Her record `record_id`, or RecordNotFound (audited as denied)."""
    row = session.exec(select(AttendanceRecord).where(AttendanceRecord.id == record_id,
                                                      AttendanceRecord.citizen_id == citizen_id)).first()
    if row is None:
        audit.record(session, actor, "attendance_record.read", citizen_id=citizen_id, object_type="attendance_record",
                     object_id=record_id, outcome="denied")
        session.commit()
        raise RecordNotFound(record_id)
    return row


def _still_alone(session: Session, row: AttendanceRecord) -> None:
    """A record may change only while it is the day's one account (she has not written about the day since)."""
    if _her_entry(session, row.citizen_id, row.day):
        raise RecordError("day", N_("She has written about %(day)s herself since: both accounts stay as they are."), day=row.day)


def correct(session: Session, actor: Actor, citizen_id: int, record_id: int, given: RecordGiven) -> AttendanceRecord:
    """Correct a record's attendance, hours or source (its day stays); it now shows who corrected it and when."""
    row = record_of(session, actor, citizen_id, record_id)
    _checked(given)
    _still_alone(session, row)
    row.attendance, row.hours, row.source = given.attendance, _hours(given), given.source
    row.recorded_by_id, row.created_at = actor.id, clock.utcnow()  # type: ignore[assignment]
    session.add(row)
    session.flush()
    audit.record(session, actor, "attendance_record.update", citizen_id=citizen_id, object_type="attendance_record",
                 object_id=row.id)
    session.commit()
    return row


def delete(session: Session, actor: Actor, citizen_id: int, record_id: int) -> None:
    """Remove a record made by mistake (the day is unknown again, as before)."""
    row = record_of(session, actor, citizen_id, record_id)
    _still_alone(session, row)
    session.delete(row)
    session.flush()
    audit.record(session, actor, "attendance_record.delete", citizen_id=citizen_id, object_type="attendance_record",
                 object_id=record_id)
    session.commit()


def records_between(session: Session, citizen_id: int, first: date, last: date) -> list[RecordView]:
    """Her records from `first` to `last`, newest day first, each with who recorded (and resolved) it."""
    rows = list(session.exec(select(AttendanceRecord).where(AttendanceRecord.citizen_id == citizen_id,
                                                            AttendanceRecord.day >= first, AttendanceRecord.day <= last)
                             .order_by(AttendanceRecord.day.desc())).all())
    if not rows:
        return []
    staff = {row.recorded_by_id for row in rows} | {row.resolved_by_id for row in rows if row.resolved_by_id is not None}
    names = dict(session.exec(select(StaffUser.id, StaffUser.name).where(StaffUser.id.in_(staff))).all())
    written = set(session.exec(select(DayEntry.day).where(DayEntry.citizen_id == citizen_id,
                                                         DayEntry.day.in_([row.day for row in rows]))).all())
    return [RecordView(row, names.get(row.recorded_by_id, ""), names.get(row.resolved_by_id, "") if row.resolved_by_id else "",
                       row.day in written) for row in rows]
