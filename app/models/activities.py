"""The course beyond the internship: groups of women, activities (teaching, workshops, Danish school, treatment,
talks) as series with versions and exceptions, and their attendance registers.

Vocabularies and rules are in app/domain/activities.py (the CHECKs below repeat them). A series belongs to a group or
to one woman, never both. Its versions are never edited, only superseded from a date on (like ScheduleVersion). A
register is one per session (series and day); a correction keeps the old marks as a revision first.
Conventions: see app/models/__init__.py.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Optional

from sqlalchemy import CheckConstraint, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class ActivityGroup(SQLModel, table=True):
    """A cohort or team of women who are taught together, from a start week."""

    __tablename__ = "activity_group"

    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=120)
    start_week: date  # its Monday
    created_at: datetime
    created_by_id: int = Field(foreign_key="staff_user.id")


class GroupMember(SQLModel, table=True):
    """A woman in a group from `joined_on` to `left_on` (her last day; None while she is in it). Joining again after
    leaving is a new row, so the history stays."""

    __tablename__ = "group_member"
    __table_args__ = (CheckConstraint("left_on IS NULL OR left_on >= joined_on", name="ck_group_member_days"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="activity_group.id", index=True)
    citizen_id: int = Field(foreign_key="citizen.id", index=True)
    joined_on: date
    left_on: Optional[date] = None


class GroupLeader(SQLModel, table=True):
    """A staff member (a teacher or a consultant) who leads a group: a teacher sees only the groups they lead."""

    __tablename__ = "group_leader"
    __table_args__ = (UniqueConstraint("group_id", "staff_id", name="uq_group_leader"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="activity_group.id", index=True)
    staff_id: int = Field(foreign_key="staff_user.id", index=True)


class ActivitySeries(SQLModel, table=True):
    """An activity of a kind, for a group or for one woman, from `first_day` to `last_day`; its days, times, place,
    leader and title are in its versions."""

    __tablename__ = "activity_series"
    __table_args__ = (
        CheckConstraint("kind IN ('teaching', 'workshop', 'danish', 'treatment', 'talk', 'other')", name="ck_activity_series_kind"),
        CheckConstraint("(group_id IS NULL) <> (citizen_id IS NULL)", name="ck_activity_series_owner"),
        CheckConstraint("last_day >= first_day", name="ck_activity_series_days"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    kind: str = Field(max_length=10)
    group_id: Optional[int] = Field(default=None, foreign_key="activity_group.id", index=True)
    citizen_id: Optional[int] = Field(default=None, foreign_key="citizen.id", index=True)
    first_day: date
    last_day: date
    created_at: datetime
    created_by_id: int = Field(foreign_key="staff_user.id")


class ActivityVersion(SQLModel, table=True):
    """A series as it runs from `valid_from`: `weekdays` as digits (Monday 0: "023" is Mon, Wed, Thu), times, place,
    leader and title. Never edited: a change from a date on is a new row."""

    __tablename__ = "activity_version"
    __table_args__ = (
        UniqueConstraint("series_id", "valid_from", name="uq_activity_version_from"),
        CheckConstraint("end_time > start_time", name="ck_activity_version_times"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    series_id: int = Field(foreign_key="activity_series.id", index=True)
    valid_from: date
    weekdays: str = Field(max_length=7)
    start_time: time
    end_time: time
    title: str = Field(max_length=120)
    place: str = Field(default="", max_length=200)
    leader_id: Optional[int] = Field(default=None, foreign_key="staff_user.id", index=True)
    reason: str = Field(default="", max_length=300)
    created_at: datetime
    created_by_id: int = Field(foreign_key="staff_user.id")


class ActivityException(SQLModel, table=True):
    """A day the series has no session (a holiday, a cancelled day), with why."""

    __tablename__ = "activity_exception"
    __table_args__ = (UniqueConstraint("series_id", "day", name="uq_activity_exception_day"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    series_id: int = Field(foreign_key="activity_series.id", index=True)
    day: date
    reason: str = Field(default="", max_length=200)


class ActivityRegister(SQLModel, table=True):
    """The attendance register of one session (a series on a day): who took it and when. One per session: a second
    taking of it (two teachers at once, a retried POST) corrects it, with the old marks kept as a revision."""

    __tablename__ = "activity_register"
    __table_args__ = (
        UniqueConstraint("series_id", "day", name="uq_activity_register_session"),
        UniqueConstraint("series_id", "idempotency_key", name="uq_activity_register_key"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    series_id: int = Field(foreign_key="activity_series.id", index=True)
    day: date
    written_by_id: int = Field(foreign_key="staff_user.id")
    idempotency_key: str = Field(max_length=36)
    created_at: datetime
    updated_at: datetime


class ActivityMark(SQLModel, table=True):
    """One woman's mark in a register: present, late or absent, with a reason if known."""

    __tablename__ = "activity_mark"
    __table_args__ = (
        UniqueConstraint("register_id", "citizen_id", name="uq_activity_mark"),
        CheckConstraint("mark IN ('present', 'late', 'absent')", name="ck_activity_mark_mark"),
        CheckConstraint("reason IN ('', 'ill', 'child_ill', 'appointment', 'transport', 'other')", name="ck_activity_mark_reason"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    register_id: int = Field(foreign_key="activity_register.id", index=True)
    citizen_id: int = Field(foreign_key="citizen.id", index=True)
    mark: str = Field(max_length=8)
    reason: str = Field(default="", max_length=12)


class ActivityRegisterRevision(SQLModel, table=True):
    """A register's marks before a correction, as JSON ({citizen id: [mark, reason]}), and who wrote them. Append-only."""

    __tablename__ = "activity_register_revision"

    id: Optional[int] = Field(default=None, primary_key=True)
    register_id: int = Field(foreign_key="activity_register.id", index=True)
    marks: str = Field(sa_column=Column(Text, nullable=False))
    written_by_id: int = Field(foreign_key="staff_user.id")
    changed_by_id: int = Field(foreign_key="staff_user.id")
    changed_at: datetime
