"""Saving a day's entry exactly once, and correcting it with history.

Every submission carries a client-made idempotency key. A retry with the same key and the
same answers returns what was stored; the same key with other answers is refused. A
correction keeps the old values in an EntryRevision. The entry is acknowledged only after
COMMIT, so a saved answer survives a crash.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import and_, delete, func, or_, update
from sqlalchemy.orm import aliased
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, select

from app.domain import body_map
from app.domain.entry import EntryAnswers
from app.domain.week import DayFacts, can_edit
from app.domain.day import Attendance, is_planned_around
from app.models import CallRequest, Course, DayEntry, EntryRevision, EntryTask
from app.services import audit
from app.services.audit import Actor

#: Concurrent writers of the same day retry this often before giving up.
MAX_ATTEMPTS = 4
#: Repeated "call me" taps within this window count once.
CALL_DEBOUNCE = timedelta(hours=1)


class SaveOutcome(StrEnum):
    """What a submission did."""

    CREATED = "created"
    UPDATED = "updated"
    REPLAYED = "replayed"  # the same submission again (a retry, a double tap): nothing changed


@dataclass(frozen=True)
class SaveResult:
    """The outcome and the entry as stored."""

    outcome: SaveOutcome
    entry: DayEntry


class KeyConflictError(Exception):
    """The idempotency key was already used for different answers."""


class OutsideEditWindowError(Exception):
    """The day is in the future or older than she may correct."""


@dataclass(frozen=True)
class Provenance:
    """Who typed the entry: herself, or staff with her (entered_by, staff id, language, confirmed)."""

    entered_by: str = "self"
    staff_id: int | None = None
    language: str | None = None
    confirmed_by_citizen: bool = True


def _columns(answers: EntryAnswers) -> dict[str, Any]:
    return {
        "attendance": answers.attendance.value if answers.attendance else None,
        "hours_worked": answers.hours_worked,
        "extra_hours": answers.extra_hours,
        "early_reasons": ",".join(answers.early_reasons),
        "absence_reason": answers.absence_reason,
        "told_in_advance": answers.told_in_advance,
        "reason_text": answers.reason_text,
        "pain": answers.pain,
        "difficulty": answers.difficulty,
        "breaks": answers.breaks,
        "evening": answers.evening,
        "note": answers.note,
        "body_regions": body_map.encode(answers.body_regions),
        "untouched": "",  # the form pre-selects nothing: every answer saved is one she gave
    }


def _provenance_columns(provenance: Provenance) -> dict[str, Any]:
    return {
        "entered_by": provenance.entered_by,
        "entered_by_staff_id": provenance.staff_id,
        "note_language": provenance.language,
        "confirmed_by_citizen": provenance.confirmed_by_citizen,
    }


def task_marks(session: Session, entry_id: int) -> dict[int, bool]:
    """Tasks done on an entry: {task id: hard}."""
    rows = session.exec(select(EntryTask).where(EntryTask.entry_id == entry_id)).all()
    return {row.task_id: row.hard for row in rows}


def _snapshot(session: Session, entry: DayEntry) -> str:
    values = {name: getattr(entry, name) for name in (
        "attendance", "hours_worked", "extra_hours", "early_reasons", "absence_reason", "told_in_advance", "reason_text",
        "pain", "difficulty", "breaks", "evening", "note", "body_regions", "note_language", "entered_by",
        "entered_by_staff_id", "confirmed_by_citizen", "untouched")}
    values["tasks"] = sorted([task_id, hard] for task_id, hard in task_marks(session, entry.id).items())
    values["updated_at"] = entry.updated_at.isoformat()
    return json.dumps(values, sort_keys=True)


def _replace_tasks(session: Session, entry_id: int, answers: EntryAnswers) -> None:
    session.execute(delete(EntryTask).where(EntryTask.entry_id == entry_id))
    _add_tasks(session, entry_id, answers)


def _add_tasks(session: Session, entry_id: int, answers: EntryAnswers) -> None:
    for task_id, hard in answers.tasks:
        session.add(EntryTask(entry_id=entry_id, task_id=task_id, hard=hard))


def _by_key_and_day(session: Session, citizen_id: int, key: str, day: date) -> tuple[tuple[DayEntry, str] | None, DayEntry | None]:
    """The entry `key` produced with the payload hash it was used with (also for a version since corrected), and her
    entry of `day`: one statement (a save is her most frequent request, and on PostgreSQL each is a round trip)."""
    old_key = aliased(EntryRevision)
    rows = session.exec(
        select(DayEntry, old_key.old_payload_hash)
        .outerjoin(old_key, and_(old_key.entry_id == DayEntry.id, old_key.old_idempotency_key == key))
        .where(DayEntry.citizen_id == citizen_id,
               or_(DayEntry.idempotency_key == key, DayEntry.day == day, old_key.id.is_not(None)))
    ).all()
    known = next(((entry, entry.payload_hash) for entry, _old in rows if entry.idempotency_key == key), None)
    if known is None:
        known = next(((entry, old) for entry, old in rows if old is not None), None)
    existing = next((entry for entry, _old in rows if entry.day == day), None)
    return known, existing


def _attempt(session: Session, actor: Actor, citizen_id: int, day: date, answers: EntryAnswers, key: str,
             digest: str, provenance: Provenance, now: datetime) -> SaveResult:
    known, existing = _by_key_and_day(session, citizen_id, key, day)
    if known is not None:
        entry, used_with = known
        if used_with != digest:
            raise KeyConflictError(key)
        return SaveResult(SaveOutcome.REPLAYED, entry)

    if existing is None:
        entry = DayEntry(citizen_id=citizen_id, day=day, idempotency_key=key, payload_hash=digest,
                         created_at=now, updated_at=now, **_columns(answers), **_provenance_columns(provenance))
        session.add(entry)
        session.flush()
        _add_tasks(session, entry.id, answers)  # a new entry has none to replace
        audit.record(session, actor, "entry.create", citizen_id=citizen_id, object_type="day_entry", object_id=entry.id)
        session.commit()
        return SaveResult(SaveOutcome.CREATED, entry)

    if existing.payload_hash == digest:
        # The same answers again under a new key (e.g. a reloaded page): nothing to correct.
        return SaveResult(SaveOutcome.REPLAYED, existing)
    session.add(EntryRevision(
        entry_id=existing.id, old_values=_snapshot(session, existing), old_idempotency_key=existing.idempotency_key,
        old_payload_hash=existing.payload_hash, changed_by=provenance.entered_by,
        changed_by_staff_id=provenance.staff_id, changed_at=now,
    ))
    # Conditional on the key we read: a concurrent correction makes this match nothing, and we retry.
    claimed = session.execute(
        update(DayEntry).where(DayEntry.id == existing.id, DayEntry.idempotency_key == existing.idempotency_key)
        .values(idempotency_key=key, payload_hash=digest, updated_at=now, **_columns(answers),
                **_provenance_columns(provenance))
    ).rowcount
    if claimed != 1:
        raise _Retry()
    _replace_tasks(session, existing.id, answers)
    audit.record(session, actor, "entry.update", citizen_id=citizen_id, object_type="day_entry", object_id=existing.id)
    session.commit()
    # The UPDATE already set the new values on `existing` (SQLAlchemy's synchronize_session), so no second read.
    return SaveResult(SaveOutcome.UPDATED, existing)


class _Retry(Exception):
    """Another writer got there first; start over."""


def save_entry(
    session: Session,
    actor: Actor,
    citizen_id: int,
    day: date,
    answers: EntryAnswers,
    key: str,
    *,
    today: date,
    edit_days: int,
    now: datetime,
    provenance: Provenance = Provenance(),
) -> SaveResult:
    """Store a day's answers exactly once under `key`; see the module docstring."""
    if not can_edit(day, today, edit_days):
        raise OutsideEditWindowError(day.isoformat())
    digest = answers.payload_hash(day.isoformat())
    for attempt in range(MAX_ATTEMPTS):
        try:
            return _attempt(session, actor, citizen_id, day, answers, key, digest, provenance, now)
        except (IntegrityError, OperationalError, _Retry):
            # A parallel submit of the same key or day won the race (or SQLite's snapshot went
            # stale): roll back and look again; the next attempt finds the winner's row.
            session.rollback()
            if attempt == MAX_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def entry_for_day(session: Session, citizen_id: int, day: date) -> DayEntry | None:
    """Her entry for `day`, if any."""
    return session.exec(select(DayEntry).where(DayEntry.citizen_id == citizen_id, DayEntry.day == day)).first()


def facts_between(session: Session, citizen_id: int, first: date, last: date) -> dict[date, DayFacts]:
    """Her entries from `first` to `last` (inclusive), reduced to DayFacts."""
    rows = session.exec(
        select(DayEntry).where(DayEntry.citizen_id == citizen_id, DayEntry.day >= first, DayEntry.day <= last)
    ).all()
    return {row.day: facts_of(row) for row in rows}


def facts_of(row: DayEntry) -> DayFacts:
    """An entry reduced to what summaries and flags read (the same reduction everywhere: bulk_logs does it for rows)."""
    attendance = Attendance(row.attendance) if row.attendance else None
    return DayFacts(attendance, row.hours_worked, row.pain, row.evening,
                    tuple(row.early_reasons.split(",")) if row.early_reasons else (),
                    is_planned_around(attendance, row.absence_reason, row.told_in_advance), row.extra_hours)


def log_start(session: Session, citizen_id: int) -> date | None:
    """Where her log begins: her course start, or her first entry if that is earlier (None: neither yet)."""
    # One statement: her week page runs it on every view and after every save.
    course_start, first_entry = session.exec(select(
        select(func.min(Course.start)).where(Course.citizen_id == citizen_id).scalar_subquery(),
        select(func.min(DayEntry.day)).where(DayEntry.citizen_id == citizen_id).scalar_subquery())).one()
    known = [day for day in (course_start, first_entry) if day is not None]
    return min(known) if known else None


def revisions(session: Session, entry_id: int) -> list[EntryRevision]:
    """Older versions of an entry, oldest first."""
    return list(session.exec(select(EntryRevision).where(EntryRevision.entry_id == entry_id).order_by(EntryRevision.id)).all())


def request_call(session: Session, actor: Actor, citizen_id: int, now: datetime) -> CallRequest:
    """Record that she asked to be called; repeated taps within an hour count once."""
    recent = session.exec(
        select(CallRequest).where(CallRequest.citizen_id == citizen_id, CallRequest.handled_at.is_(None),
                                  CallRequest.created_at >= now - CALL_DEBOUNCE)
    ).first()
    if recent is not None:
        return recent
    call = CallRequest(citizen_id=citizen_id, created_at=now)
    session.add(call)
    session.flush()
    audit.record(session, actor, "call.request", citizen_id=citizen_id, object_type="call_request", object_id=call.id)
    session.commit()
    return call
