"""Where her own entry and another account of the same day put her in different places ("accounts differ", issue 21).

The other account is the workplace's (a WorkplaceDay of her placement) or attendance the consultant recorded before
she wrote the day herself (an AttendanceRecord). Which pairs differ is workplace.disagreement's decision; the SQL below
is generated from it, so the database returns only the days that differ, for any number of women in one statement.

It is information, never a worse-health flag: it is not a rule of the engine and counts in no flag. A day stays listed
until the consultant resolves it with a note, which is kept on the other account's row (resolved_by_id, resolved_at,
resolution_note) and audited; both accounts stay as they were.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, bindparam, literal, select, union_all
from sqlmodel import Session

from app import clock
from app.domain.day import Attendance
from app.domain.flags.model import N_
from app.domain.text import clean_text
from app.domain.workplace import DAY_STATUSES, disagreement, record_status
from app.models import AttendanceRecord, Course, DayEntry, Internship, WorkplaceDay
from app.services import audit
from app.services.audit import Actor

#: The longest resolution note the columns hold.
NOTE_LENGTH = 500
WORKPLACE = "workplace_day"
RECORD = "attendance_record"


@dataclass(frozen=True)
class Account:
    """The other account of a day: the workplace's status (or a record said as one), its words and its source."""

    kind: str  # WORKPLACE or RECORD: the row that holds the resolution
    row_id: int
    status: str  # one of workplace.DAY_STATUSES
    source: str  # "workplace" for the workplace's own account; a record's source (workplace.SOURCES)
    note: str


@dataclass(frozen=True)
class Difference:
    """A day where her entry (`hers`: an Attendance value) and the other accounts differ."""

    day: date
    hers: str
    theirs: tuple[Account, ...]


class ResolveError(ValueError):
    """A resolution the form cannot take: the `field` to mark and `message` (an English msgid)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message, self.values = field, message, {}


class NothingToResolve(LookupError):
    """No open difference of hers on that day: the web layer's 404."""


def _differ(hers: object, theirs: object, statuses: dict[str, str]) -> object:
    """SQL true where (her attendance, their value) is a pair workplace.disagreement calls a disagreement: one IN of
    "hers:theirs" words (an OR of a condition per pair cost PostgreSQL more to plan than to run)."""
    pairs = sorted(f"{seen.value}:{value}" for seen in Attendance for value, status in statuses.items()
                   if disagreement(seen, status))
    return (hers + literal(":") + theirs).in_(pairs)  # type: ignore[operator]


_IDS = bindparam("ids", expanding=True)
_DAYS = (select(Course.citizen_id, WorkplaceDay.day, DayEntry.attendance, literal(WORKPLACE).label("kind"), WorkplaceDay.id,
                WorkplaceDay.status, literal("workplace").label("source"), WorkplaceDay.note)
         .select_from(WorkplaceDay).join(Internship, WorkplaceDay.internship_id == Internship.id)
         .join(Course, Internship.course_id == Course.id)
         .join(DayEntry, and_(DayEntry.citizen_id == Course.citizen_id, DayEntry.day == WorkplaceDay.day))
         .where(Course.citizen_id.in_(_IDS), WorkplaceDay.resolved_at.is_(None),
                _differ(DayEntry.attendance, WorkplaceDay.status, {status: status for status in DAY_STATUSES})))
# A record made before she wrote the day (a record of a day she had written is refused: attendance_records.py).
_RECORDS = (select(AttendanceRecord.citizen_id, AttendanceRecord.day, DayEntry.attendance, literal(RECORD).label("kind"),
                   AttendanceRecord.id, AttendanceRecord.attendance, AttendanceRecord.source, literal("").label("note"))
            .join(DayEntry, and_(DayEntry.citizen_id == AttendanceRecord.citizen_id, DayEntry.day == AttendanceRecord.day))
            .where(AttendanceRecord.citizen_id.in_(_IDS), AttendanceRecord.resolved_at.is_(None),
                   AttendanceRecord.created_at <= DayEntry.created_at,
                   _differ(DayEntry.attendance, AttendanceRecord.attendance, {a.value: record_status(a) for a in Attendance})))
_BOTH = union_all(_DAYS, _RECORDS)


def differences(session: Session, ids: list[int]) -> dict[int, list[Difference]]:
    """The open differences of every woman in `ids`, oldest day first (one statement for all of them)."""
    if not ids:
        return {}
    found: dict[int, dict[tuple[date, str], list[Account]]] = defaultdict(lambda: defaultdict(list))
    for citizen_id, day, hers, kind, row_id, theirs, source, note in session.connection().execute(_BOTH, {"ids": ids}).all():
        status = theirs if kind == WORKPLACE else record_status(theirs)
        found[citizen_id][(day, hers)].append(Account(kind, row_id, status, source, note or ""))
    return {citizen_id: [Difference(day, hers, tuple(sorted(accounts, key=lambda a: (a.kind, a.row_id))))
                         for (day, hers), accounts in sorted(days.items())]
            for citizen_id, days in found.items()}


def resolve(session: Session, actor: Actor, citizen_id: int, day: date, note: str) -> int:
    """Resolve her open differences of `day` with the consultant's note (required); how many accounts it resolved.

    The note goes on each other account's row, audited as `<table>.resolve`; nothing of either account changes."""
    text = clean_text(note)
    if not text or len(text) > NOTE_LENGTH:
        raise ResolveError("note", N_("Write how the accounts were settled (at most 500 characters)."))
    open_ = [d for d in differences(session, [citizen_id]).get(citizen_id, []) if d.day == day]
    if not open_:
        audit.record(session, actor, "accounts_differ.resolve", citizen_id=citizen_id, object_type="day_entry", outcome="denied")
        session.commit()
        raise NothingToResolve(day)
    now = clock.utcnow()
    for account in (account for difference in open_ for account in difference.theirs):
        model = WorkplaceDay if account.kind == WORKPLACE else AttendanceRecord
        row = session.get(model, account.row_id)
        row.resolved_by_id, row.resolved_at, row.resolution_note = actor.id, now, text  # type: ignore[union-attr]
        session.add(row)
        audit.record(session, actor, f"{account.kind}.resolve", citizen_id=citizen_id, object_type=account.kind,
                     object_id=account.row_id)
    session.commit()
    return sum(len(d.theirs) for d in open_)
