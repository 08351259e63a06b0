"""A group with a leader, its women and a teaching series, made as rows (the consultant's set-up pages are elsewhere):
for the register's tests, the authorisation matrix, the form fuzzing, the page walk and bench/registers.py."""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from typing import Iterable

from sqlmodel import Session

from app.models import ActivityGroup, ActivitySeries, ActivityVersion, GroupLeader, GroupMember

MADE = datetime(2026, 11, 1, 9, tzinfo=timezone.utc)


def teaching_group(db: Session, name: str, leader_ids: Iterable[int], women: Iterable[int], made_by: int, *, weekdays: str = "02",
                   first: date = date(2026, 11, 2), last: date = date(2026, 12, 18), kind: str = "teaching",
                   title: str = "Jobsøgning") -> tuple[ActivityGroup, ActivitySeries]:
    """A group led by `leader_ids` with `women` from its first day, and a series on `weekdays` (Mon and Wed) 9-11:30."""
    group = ActivityGroup(name=name, start_week=first, created_at=MADE, created_by_id=made_by)
    db.add(group)
    db.flush()
    db.add_all(GroupLeader(group_id=group.id, staff_id=staff_id) for staff_id in leader_ids)
    db.add_all(GroupMember(group_id=group.id, citizen_id=citizen_id, joined_on=first) for citizen_id in women)
    series = ActivitySeries(kind=kind, group_id=group.id, first_day=first, last_day=last, created_at=MADE, created_by_id=made_by)
    db.add(series)
    db.flush()
    db.add(ActivityVersion(series_id=series.id, valid_from=first, weekdays=weekdays, start_time=time(9), end_time=time(11, 30),
                           title=title, place="Lokale 2", created_at=MADE, created_by_id=made_by))
    db.commit()
    return group, series


def personal_series(db: Session, citizen_id: int, made_by: int, *, kind: str = "treatment", leader_id: int | None = None,
                    weekdays: str = "2", first: date = date(2026, 11, 2), last: date = date(2026, 12, 18),
                    title: str = "Fysioterapi") -> ActivitySeries:
    """One woman's own weekly series (a treatment by default)."""
    series = ActivitySeries(kind=kind, citizen_id=citizen_id, first_day=first, last_day=last, created_at=MADE, created_by_id=made_by)
    db.add(series)
    db.flush()
    db.add(ActivityVersion(series_id=series.id, valid_from=first, weekdays=weekdays, start_time=time(13), end_time=time(14),
                           title=title, leader_id=leader_id, created_at=MADE, created_by_id=made_by))
    db.commit()
    return series
