"""The workplace's voice: the contact person's access, their account of her days, pace and tasks, and attendance
a consultant recorded for a day she did not log.

Every decision on hours and the report rest on three sources: the employer's account, her log and the
consultant's observations. These rows hold the first, kept apart from hers: nothing here ever overwrites a
`DayEntry`. Their vocabularies and checks are in app/domain/workplace.py (the CHECKs below repeat them).
Conventions: see app/models/__init__.py.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel


class WorkplaceAccess(SQLModel, table=True):
    """A workplace contact person's way in: one sign-in link for one placement, and the session it starts.

    The link follows her activation's rules (single use, only the SHA-256 of the token kept, expires). Redeeming it
    (`used_at`) starts one server-side session, whose id is also kept only as a hash. The session has no stored end:
    it ends at the placement's end plus 14 days (workplace.session_ends_on, read from the placement on each request so
    an extended placement extends it) or at `revoked_at`."""

    __tablename__ = "workplace_access"

    id: Optional[int] = Field(default=None, primary_key=True)
    internship_id: int = Field(foreign_key="internship.id", index=True)
    # The person invited, when they are one of the placement's contact rows (the link names nobody otherwise).
    contact_id: Optional[int] = Field(default=None, foreign_key="placement_contact.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime
    created_by_id: int = Field(foreign_key="staff_user.id")
    expires_at: datetime  # of the link; the session's end is the placement's (see above)
    used_at: Optional[datetime] = None
    session_hash: Optional[str] = Field(default=None, max_length=64, unique=True)
    last_seen_at: Optional[datetime] = None
    revoked_at: Optional[datetime] = None
    revoked_by_id: Optional[int] = Field(default=None, foreign_key="staff_user.id")


class WorkplaceDay(SQLModel, table=True):
    """The workplace's account of one planned day: came as agreed, came late, left early, did not come, or a day off.

    One row per placement and day; a correction writes a WorkplaceDayRevision with the old values first, as her
    entries keep theirs, because the consultant may have read (and the report quoted) the first account."""

    __tablename__ = "workplace_day"
    __table_args__ = (
        UniqueConstraint("internship_id", "day", name="uq_workplace_day"),
        CheckConstraint("status IN ('came', 'late', 'left_early', 'absent', 'day_off')", name="ck_workplace_day_status"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    internship_id: int = Field(foreign_key="internship.id", index=True)
    day: date
    status: str = Field(max_length=12)
    note: str = Field(default="", max_length=300)  # a few words, optional
    written_by_id: int = Field(foreign_key="workplace_access.id")
    # The weekly form's key that last wrote it: a retried POST finds its own write.
    idempotency_key: str = Field(max_length=36)
    created_at: datetime
    updated_at: datetime
    # Where this account and hers differ, the consultant's note that resolves it ("accounts differ" leaves the review
    # list); both accounts stay as they were.
    resolved_by_id: Optional[int] = Field(default=None, foreign_key="staff_user.id")
    resolved_at: Optional[datetime] = None
    resolution_note: str = Field(default="", max_length=500)


class WorkplaceDayRevision(SQLModel, table=True):
    """A workplace day's values before a correction. Append-only."""

    __tablename__ = "workplace_day_revision"
    __table_args__ = (
        CheckConstraint("status IN ('came', 'late', 'left_early', 'absent', 'day_off')", name="ck_workplace_day_revision_status"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    workplace_day_id: int = Field(foreign_key="workplace_day.id", index=True)
    status: str = Field(max_length=12)
    note: str = Field(default="", max_length=300)
    written_by_id: int = Field(foreign_key="workplace_access.id")  # who wrote the old values
    changed_by_id: int = Field(foreign_key="workplace_access.id")
    changed_at: datetime


class WorkplacePace(SQLModel, table=True):
    """The workplace's weekly row: pace against an ordinary employee on the same tasks, what went well, what was hard,
    and a task they would add. `percent` NULL is "cannot say yet", an answer, not a gap.

    One row per placement and week (its Monday); the weekly form's idempotency key is unique per placement, so a double
    tap or a retried POST finds the row it made instead of making a second."""

    __tablename__ = "workplace_pace"
    __table_args__ = (
        UniqueConstraint("internship_id", "week", name="uq_workplace_pace_week"),
        UniqueConstraint("internship_id", "idempotency_key", name="uq_workplace_pace_key"),
        CheckConstraint("percent IS NULL OR percent IN (10, 25, 50, 75, 100)", name="ck_workplace_pace_percent"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    internship_id: int = Field(foreign_key="internship.id", index=True)
    week: date  # its Monday
    percent: Optional[int] = None
    went_well: str = Field(default="", max_length=500)
    was_hard: str = Field(default="", max_length=500)
    suggested_task: str = Field(default="", max_length=200)
    written_by_id: int = Field(foreign_key="workplace_access.id")
    idempotency_key: str = Field(max_length=36)
    created_at: datetime
    updated_at: datetime


class WorkplaceTaskRating(SQLModel, table=True):
    """How she does one of her agreed tasks in one week, as the workplace sees it: alone, with some help, not yet."""

    __tablename__ = "workplace_task_rating"
    __table_args__ = (
        UniqueConstraint("internship_id", "week", "task_id", name="uq_workplace_task_rating"),
        CheckConstraint("level IN ('alone', 'some_help', 'not_yet')", name="ck_workplace_task_rating_level"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    internship_id: int = Field(foreign_key="internship.id", index=True)
    week: date  # its Monday
    task_id: int = Field(foreign_key="task.id", index=True)
    level: str = Field(max_length=10)
    written_by_id: int = Field(foreign_key="workplace_access.id")


class AttendanceRecord(SQLModel, table=True):
    """Attendance a consultant recorded for a day she did not log, as the workplace or she told it on the phone.

    It counts as an entry for R1-R3 only while she has none of her own for the day, and never overwrites hers
    (workplace.effective_facts). Where it and another account differ, the consultant resolves it with a note; the
    accounts themselves stay as they were."""

    __tablename__ = "attendance_record"
    __table_args__ = (
        UniqueConstraint("citizen_id", "day", name="uq_attendance_record_day"),
        CheckConstraint("attendance IN ('full', 'early', 'absent')", name="ck_attendance_record_attendance"),
        CheckConstraint("source IN ('workplace', 'consultant', 'her_by_phone')", name="ck_attendance_record_source"),
        CheckConstraint("hours IS NULL OR (hours >= 0 AND hours <= 16)", name="ck_attendance_record_hours"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="citizen.id", index=True)
    day: date
    attendance: str = Field(max_length=10)
    hours: Optional[float] = None  # hours worked; NULL on a full day is her plan's hours
    source: str = Field(max_length=14)
    recorded_by_id: int = Field(foreign_key="staff_user.id")
    created_at: datetime
    resolved_by_id: Optional[int] = Field(default=None, foreign_key="staff_user.id")
    resolved_at: Optional[datetime] = None
    resolution_note: str = Field(default="", max_length=500)
