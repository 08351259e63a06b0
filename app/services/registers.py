"""Attendance registers of the course's sessions: who may open one, what it shows, and saving it once.

Who: a teacher (or a consultant) who leads the session's group or whom the session's version names leader; a teacher
never a treatment session (her own appointments: health data). A consultant also any session in which at least one
of her own women is, to register or correct it. Anyone else gets None (404), audited as a denial.

What: the women of the session (a group's members on the day, or the one woman of a personal series) by first name,
with the stored marks if the register was taken (everyone present if not), who took it and every correction.

Saving: the session must exist (a day the series has a session), have happened (app/domain/activities.py), and the
marks are checked against its women (present when not given). The form carries a key: a retried POST with the same
key writes nothing. A second save with another key (two teachers at once, a correction) keeps the old marks as an
ActivityRegisterRevision and updates the one register: never two (a racing insert is caught by the unique
constraint, and the save runs again as a correction). One audit event per save, on object_type "activity_register".
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.domain.activities import (TREATMENT, ActivityRefused, Series, Session as ActivitySession, check_marks, check_register_day,
                                   member_on, sessions, sessions_of_all)
from app.domain.flags.model import N_
from app.models import (ActivityGroup, ActivityMark, ActivityRegister, ActivityRegisterRevision, ActivitySeries, ActivityVersion,
                        Citizen, GroupLeader, GroupMember, StaffUser)
from app.services import audit
from app.services.activities import as_series, members_on
from app.services.staff import staff_actor
from app.services.workplace_access import first_name

#: The teacher's home: sessions this far back and ahead of today.
DAYS_BACK, DAYS_AHEAD = 14, 7


class OutOfScope(LookupError):
    """A series or a session this staff member may not open: the web answers 404."""


@dataclass(frozen=True)
class Row:
    """One woman in a register: her first name and her mark (present until the register says otherwise)."""

    citizen_id: int
    name: str
    mark: str
    reason: str


@dataclass(frozen=True)
class Correction:
    """A later save of the register: who changed it and when."""

    by: str
    at: datetime


@dataclass(frozen=True)
class Register:
    """A session's register as the page shows it. `session` is None on a day the series has no session."""

    series: Series
    day: date
    session: ActivitySession | None
    group_name: str
    rows: list[Row]
    taken_by: str = ""
    taken_at: datetime | None = None
    corrections: tuple[Correction, ...] = ()

    @property
    def taken(self) -> bool:
        return self.taken_at is not None


@dataclass(frozen=True)
class Saved:
    """What a save did: "created", "corrected", "unchanged", or "repeated" (this key saved it already)."""

    register_id: int
    outcome: str


@dataclass(frozen=True)
class Listed:
    """A session on the teacher's home: the session, its group's name, and whether its register was taken."""

    session: ActivitySession
    group_name: str
    taken: bool


def led_groups(session: Session, staff_id: int) -> list[ActivityGroup]:
    """The groups a staff member leads, by name."""
    return list(session.exec(select(ActivityGroup).join(GroupLeader, GroupLeader.group_id == ActivityGroup.id)
                             .where(GroupLeader.staff_id == staff_id).order_by(ActivityGroup.name)).all())


def _series(session: Session, series_id: int) -> Series | None:
    row = session.get(ActivitySeries, series_id)
    found = as_series(session, [row]) if row is not None else []
    return found[0] if found else None


def _women(session: Session, series: Series, day: date) -> list[int]:
    """The women of the series' session on `day`."""
    if series.group_id is None:
        return [series.citizen_id] if series.citizen_id is not None else []
    return members_on(session, series.group_id, day)


def _leads(session: Session, user: StaffUser, series: Series, day: date) -> bool:
    version = series.version_on(day)
    if version is not None and version.leader_id == user.id:
        return True
    return series.group_id is not None and session.exec(select(GroupLeader.id).where(
        GroupLeader.group_id == series.group_id, GroupLeader.staff_id == user.id)).first() is not None


def _may_open(session: Session, user: StaffUser, series: Series, day: date) -> bool:
    """A teacher: sessions they lead, never treatment. A consultant: sessions she leads, or with a woman of hers."""
    if not user.active:
        return False
    if user.role == "teacher":
        return series.kind != TREATMENT and _leads(session, user, series, day)
    if user.role == "consultant":
        women = _women(session, series, day)
        return _leads(session, user, series, day) or (bool(women) and session.exec(select(Citizen.id).where(
            Citizen.id.in_(women), Citizen.consultant_id == user.id)).first() is not None)
    return False


def _scoped(session: Session, user: StaffUser, series_id: int, day: date, action: str) -> Series:
    """The series if `user` may open its session on `day`; else OutOfScope, audited as a denial."""
    series = _series(session, series_id)
    if series is None or not _may_open(session, user, series, day):
        audit.record(session, staff_actor(user), action, object_type="activity_series", object_id=series_id, outcome="denied")
        session.commit()
        raise OutOfScope(series_id)
    return series


def _stored(session: Session, register_id: int) -> dict[int, tuple[str, str]]:
    rows = session.exec(select(ActivityMark).where(ActivityMark.register_id == register_id)).all()
    return {row.citizen_id: (row.mark, row.reason) for row in rows}


def _names(session: Session, ids: set[int]) -> dict[int, str]:
    citizens = session.exec(select(Citizen).where(Citizen.id.in_(ids or {-1}))).all()
    return {citizen.id: first_name(citizen) for citizen in citizens}


def _staff_names(session: Session, ids: set[int]) -> dict[int, str]:
    return dict(session.exec(select(StaffUser.id, StaffUser.name).where(StaffUser.id.in_(ids or {-1}))).all())


def open_register(session: Session, user: StaffUser, series_id: int, day: date) -> Register:
    """The session's register as its page shows it (audited); OutOfScope when `user` may not open it."""
    series = _scoped(session, user, series_id, day, "activity_register.read")
    found = sessions(series, day, day)
    register = session.exec(select(ActivityRegister).where(ActivityRegister.series_id == series.id,
                                                           ActivityRegister.day == day)).first()
    stored = _stored(session, register.id) if register is not None else {}
    women = set(_women(session, series, day)) | set(stored)
    names = _names(session, women)
    rows = sorted((Row(cid, names.get(cid, ""), *stored.get(cid, ("present", ""))) for cid in women),
                  key=lambda row: (row.name.casefold(), row.citizen_id))
    group = session.get(ActivityGroup, series.group_id) if series.group_id is not None else None
    taken_by, taken_at, corrections = "", None, ()
    if register is not None:
        revisions = list(session.exec(select(ActivityRegisterRevision).where(ActivityRegisterRevision.register_id == register.id)
                                      .order_by(ActivityRegisterRevision.id)).all())
        staff = _staff_names(session, {register.written_by_id} | {r.changed_by_id for r in revisions} | {r.written_by_id for r in revisions})
        taken_by, taken_at = staff.get(revisions[0].written_by_id if revisions else register.written_by_id, ""), register.created_at
        corrections = tuple(Correction(staff.get(r.changed_by_id, ""), r.changed_at) for r in revisions)
    audit.record(session, staff_actor(user), "activity_register.read", object_type="activity_series", object_id=series.id)
    session.commit()
    return Register(series, day, found[0] if found else None, group.name if group else "", rows, taken_by, taken_at, corrections)


def _key_used(session: Session, series_id: int, key: str) -> ActivityRegister | None:
    return session.exec(select(ActivityRegister).where(ActivityRegister.series_id == series_id,
                                                       ActivityRegister.idempotency_key == key)).first()


def _write(session: Session, user: StaffUser, series: Series, day: date, marks: dict[int, tuple[str, str]], key: str,
           now: datetime) -> Saved:
    """One attempt at storing the marks; IntegrityError when another save raced it."""
    # Take the write lock before reading the marks, so that two corrections at once run one after the other and each
    # revision holds the marks the other one left: PostgreSQL locks the register's row (FOR UPDATE, before any of
    # her readings: app/model_events.py locks those on the marks' write); SQLite locks the database at a write
    # statement, so one that changes nothing goes first (on the driver: no model event sees it).
    if session.get_bind().dialect.name == "sqlite":
        session.connection().exec_driver_sql("UPDATE activity_register SET id = id WHERE 0")
    register = session.exec(select(ActivityRegister).where(ActivityRegister.series_id == series.id, ActivityRegister.day == day)
                            .with_for_update()).first()
    if register is None:
        register = ActivityRegister(series_id=series.id, day=day, written_by_id=user.id, idempotency_key=key, created_at=now,
                                    updated_at=now)
        session.add(register)
        session.flush()
        session.add_all(ActivityMark(register_id=register.id, citizen_id=cid, mark=mark, reason=reason)
                        for cid, (mark, reason) in marks.items())
        outcome = "created"
    else:
        rows = {row.citizen_id: row for row in session.exec(select(ActivityMark).where(ActivityMark.register_id == register.id)).all()}
        old = {cid: (row.mark, row.reason) for cid, row in rows.items()}
        outcome = "unchanged" if old == marks else "corrected"
        if outcome == "corrected":
            session.add(ActivityRegisterRevision(register_id=register.id, marks=json.dumps({str(cid): list(mark) for cid, mark in old.items()}),
                                                 written_by_id=register.written_by_id, changed_by_id=user.id, changed_at=now))
            for cid, row in rows.items():
                if cid not in marks:
                    session.delete(row)
            for cid, (mark, reason) in marks.items():
                row = rows.get(cid) or ActivityMark(register_id=register.id, citizen_id=cid, mark=mark, reason=reason)
                row.mark, row.reason = mark, reason
                session.add(row)
            register.written_by_id, register.updated_at = user.id, now
        register.idempotency_key = key
        session.add(register)
    session.flush()
    return Saved(register.id, outcome)


def save_register(session: Session, user: StaffUser, series_id: int, day: date, marks: dict[int, tuple[str, str]], key: str,
                  *, today: date, now: datetime) -> Saved:
    """Store a session's register (see the module's docstring). ActivityRefused for refused input, OutOfScope for 404."""
    series = _scoped(session, user, series_id, day, "activity_register.write")
    if not sessions(series, day, day):
        raise ActivityRefused("day", N_("This activity has no session on %(day)s."), day=day)
    check_register_day(day, today)
    checked = check_marks(marks, _women(session, series, day))
    if not key or len(key) > 36:
        raise ActivityRefused("key", N_("The form was not complete. Open the register again and save it."))
    for _attempt in range(3):
        used = _key_used(session, series.id, key)
        if used is not None:
            if used.day != day:
                raise ActivityRefused("key", N_("The form was not complete. Open the register again and save it."))
            return Saved(used.id, "repeated")
        try:
            saved = _write(session, user, series, day, checked, key, now)
        except IntegrityError:
            session.rollback()  # another save of this session raced this one: read again, then correct it (or find the key)
            continue
        audit.record(session, staff_actor(user), f"activity_register.{saved.outcome}",
                     citizen_id=series.citizen_id, object_type="activity_register", object_id=saved.register_id)
        session.commit()
        return saved
    raise RuntimeError("the register could not be saved: it kept changing under this save")


def _listed(session: Session, user: StaffUser, series: dict[int, Series], found: list[ActivitySession], first: date,
            last: date) -> list[Listed]:
    """The sessions with their group's name and whether their register was taken (the listing audited)."""
    taken = set(session.exec(select(ActivityRegister.series_id, ActivityRegister.day).where(
        ActivityRegister.series_id.in_(list(series) or [-1]), ActivityRegister.day >= first, ActivityRegister.day <= last)).all())
    names = {group.id: group.name for group in session.exec(select(ActivityGroup).where(
        ActivityGroup.id.in_({one.group_id for one in series.values() if one.group_id is not None} or {-1}))).all()}
    audit.record(session, staff_actor(user), "activity_session.list", object_type="staff_user", object_id=user.id)
    session.commit()
    return [Listed(s, names.get(series[s.series_id].group_id, ""), (s.series_id, s.day) in taken) for s in found]


def _window(today: date) -> tuple[date, date]:
    return today - timedelta(days=DAYS_BACK), today + timedelta(days=DAYS_AHEAD)


def teacher_sessions(session: Session, user: StaffUser, today: date) -> tuple[list[ActivityGroup], list[Listed]]:
    """The groups `user` leads and the sessions they lead from DAYS_BACK before today to DAYS_AHEAD after (audited)."""
    first, last = _window(today)
    groups = led_groups(session, user.id)
    led = {group.id for group in groups}
    named = select(ActivityVersion.series_id).where(ActivityVersion.leader_id == user.id)
    rows = session.exec(select(ActivitySeries).where(
        or_(ActivitySeries.group_id.in_(led or {-1}), ActivitySeries.id.in_(named)),
        ActivitySeries.kind != TREATMENT, ActivitySeries.first_day <= last, ActivitySeries.last_day >= first)).all()
    series = {one.id: one for one in as_series(session, rows)}
    found = [s for s in sessions_of_all(series.values(), first, last) if s.leader_id == user.id or series[s.series_id].group_id in led]
    return groups, _listed(session, user, series, found, first, last)


def consultant_sessions(session: Session, user: StaffUser, today: date) -> list[Listed]:
    """The sessions with at least one of her women in them (her own, and her groups' on days she was a member), from
    DAYS_BACK before today to DAYS_AHEAD after (audited)."""
    first, last = _window(today)
    women = select(Citizen.id).where(Citizen.consultant_id == user.id)
    members = session.exec(select(GroupMember).where(GroupMember.citizen_id.in_(women))).all()
    rows = session.exec(select(ActivitySeries).where(
        or_(ActivitySeries.group_id.in_({m.group_id for m in members} or {-1}), ActivitySeries.citizen_id.in_(women)),
        ActivitySeries.first_day <= last, ActivitySeries.last_day >= first)).all()
    series = {one.id: one for one in as_series(session, rows)}
    found = [s for s in sessions_of_all(series.values(), first, last) if series[s.series_id].group_id is None
             or any(m.group_id == series[s.series_id].group_id and member_on(m.joined_on, m.left_on, s.day) for m in members)]
    return _listed(session, user, series, found, first, last)
