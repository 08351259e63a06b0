"""Activity rows written directly for tests of what reads them (groups, series with a version, registers with marks):
the pages that write them are other tests' concern."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timezone
from typing import Iterable, Mapping

from sqlmodel import Session

from app.models import (ActivityException, ActivityGroup, ActivityMark, ActivityRegister, ActivitySeries, ActivityVersion, Citizen,
                        GroupMember, StaffUser)
from app.services.activities import digits_of

NOW = datetime(2026, 11, 1, 9, tzinfo=timezone.utc)


def group(db: Session, staff: StaffUser, name: str, members: Iterable[Citizen], joined: date,
          left: date | None = None) -> ActivityGroup:
    """A group whose members all joined on `joined`."""
    made = ActivityGroup(name=name, start_week=joined, created_at=NOW, created_by_id=staff.id)
    db.add(made)
    db.flush()
    db.add_all([GroupMember(group_id=made.id, citizen_id=c.id, joined_on=joined, left_on=left) for c in members])
    db.commit()
    return made


def series(db: Session, staff: StaffUser, kind: str, first: date, last: date, weekdays: Iterable[int], start: time, end: time,
           title: str, place: str = "", *, group: ActivityGroup | None = None, citizen: Citizen | None = None,
           exceptions: Iterable[date] = ()) -> ActivitySeries:
    """A series with one version from its first day (and its exceptions)."""
    made = ActivitySeries(kind=kind, group_id=group.id if group else None, citizen_id=citizen.id if citizen else None,
                          first_day=first, last_day=last, created_at=NOW, created_by_id=staff.id)
    db.add(made)
    db.flush()
    db.add(ActivityVersion(series_id=made.id, valid_from=first, weekdays=digits_of(weekdays), start_time=start, end_time=end,
                           title=title, place=place, created_at=NOW, created_by_id=staff.id))
    db.add_all([ActivityException(series_id=made.id, day=day, reason="Lukket") for day in exceptions])
    db.commit()
    return made


def register(db: Session, staff: StaffUser, of: ActivitySeries, day: date, marks: Mapping[int, str]) -> ActivityRegister:
    """The register of a session with each woman's mark (by her id)."""
    made = ActivityRegister(series_id=of.id, day=day, written_by_id=staff.id, idempotency_key=str(uuid.uuid4()),
                            created_at=NOW, updated_at=NOW)
    db.add(made)
    db.flush()
    db.add_all([ActivityMark(register_id=made.id, citizen_id=citizen_id, mark=mark) for citizen_id, mark in marks.items()])
    db.commit()
    return made
