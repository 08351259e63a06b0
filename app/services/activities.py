"""Reading the course's activities: series as the domain's values, a woman's series and sessions, a group's members on
a day, and her marks. The one place the rows become app/domain/activities.py's values, so every page (her week ahead,
the teacher's register, the consultant's timeline and report, the flags) reads them alike.

Writes live beside the pages that make them (groups and series: activity_setup.py; registers: registers.py).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Iterable

from sqlalchemy import or_
from sqlmodel import Session, select

from app.domain.activities import Series, Session as ActivitySession, Version, member_on, sessions_of_all
from app.models import (ActivityException, ActivityMark, ActivityRegister, ActivitySeries, ActivityVersion, GroupMember)


def weekdays_of(digits: str) -> frozenset[int]:
    """"023" -> {0, 2, 3}: how a version's weekdays are stored."""
    return frozenset(int(digit) for digit in digits if digit.isdigit())


def digits_of(weekdays: Iterable[int]) -> str:
    """{0, 2, 3} -> "023"."""
    return "".join(str(day) for day in sorted(set(weekdays)))


def as_series(session: Session, rows: Iterable[ActivitySeries]) -> list[Series]:
    """The rows as the domain's Series, with their versions and exceptions (two statements for any number)."""
    rows = list(rows)
    ids = [row.id for row in rows]
    if not ids:
        return []
    versions: dict[int, list[Version]] = defaultdict(list)
    for v in session.exec(select(ActivityVersion).where(ActivityVersion.series_id.in_(ids))).all():
        versions[v.series_id].append(Version(v.valid_from, weekdays_of(v.weekdays), v.start_time, v.end_time, v.title, v.place,
                                             v.leader_id))
    exceptions: dict[int, set[date]] = defaultdict(set)
    for e in session.exec(select(ActivityException).where(ActivityException.series_id.in_(ids))).all():
        exceptions[e.series_id].add(e.day)
    return [Series(row.id, row.kind, row.first_day, row.last_day, tuple(sorted(versions[row.id], key=lambda v: v.valid_from)),
                   frozenset(exceptions[row.id]), row.group_id, row.citizen_id) for row in rows if versions[row.id]]


def memberships(session: Session, citizen_id: int) -> list[GroupMember]:
    """Her group memberships, as rows (joined and left days)."""
    return list(session.exec(select(GroupMember).where(GroupMember.citizen_id == citizen_id)).all())


def her_series(session: Session, citizen_id: int, first: date, last: date,
               members: list[GroupMember] | None = None) -> list[Series]:
    """Series that may hold a session of hers between `first` and `last`: her own, and her groups' while she was in
    them (her_sessions keeps only the days she was a member). `members`: her memberships, when read already."""
    groups = {m.group_id for m in (members if members is not None else memberships(session, citizen_id))}
    rows = session.exec(select(ActivitySeries).where(
        or_(ActivitySeries.citizen_id == citizen_id, ActivitySeries.group_id.in_(groups or {-1})),
        ActivitySeries.first_day <= last, ActivitySeries.last_day >= first)).all()
    return as_series(session, rows)


def her_sessions(session: Session, citizen_id: int, first: date, last: date) -> list[ActivitySession]:
    """Her sessions between `first` and `last`: her own, and her groups' on days she was a member."""
    joined: dict[int, list[GroupMember]] = defaultdict(list)
    members = memberships(session, citizen_id)
    for member in members:
        joined[member.group_id].append(member)
    series = {one.id: one for one in her_series(session, citizen_id, first, last, members)}
    return [s for s in sessions_of_all(series.values(), first, last)
            if series[s.series_id].group_id is None
            or any(member_on(m.joined_on, m.left_on, s.day) for m in joined[series[s.series_id].group_id])]


def members_on(session: Session, group_id: int, day: date) -> list[int]:
    """The women in a group on `day`."""
    rows = session.exec(select(GroupMember).where(GroupMember.group_id == group_id, GroupMember.joined_on <= day,
                                                  or_(GroupMember.left_on.is_(None), GroupMember.left_on >= day))).all()
    return sorted({row.citizen_id for row in rows})


def her_marks(session: Session, citizen_id: int, first: date, last: date) -> dict[tuple[int, date], str]:
    """Her mark in each register taken between `first` and `last`: (series id, day) -> present / late / absent."""
    rows = session.exec(select(ActivityRegister.series_id, ActivityRegister.day, ActivityMark.mark)
                        .join(ActivityMark, ActivityMark.register_id == ActivityRegister.id)
                        .where(ActivityMark.citizen_id == citizen_id, ActivityRegister.day >= first, ActivityRegister.day <= last)).all()
    return {(series_id, day): mark for series_id, day, mark in rows}
