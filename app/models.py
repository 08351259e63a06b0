"""Tables of the logbook.

Conventions: timestamps are timezone-aware UTC (`app.clock.utcnow()`; SQLModel refuses naive ones), days are calendar dates in
Europe/Copenhagen. Closed vocabularies (attendance, reasons, languages) are short strings
checked by the domain layer and by CHECK constraints, not database enum types, so that
adding a value is a one-line change on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import CheckConstraint, Column, LargeBinary, Text, UniqueConstraint
from sqlalchemy import false as sa_false
from sqlmodel import Field, SQLModel


class StaffUser(SQLModel, table=True):
    """A consultant, interpreter or admin (sign-in arrives with issue 3)."""

    __tablename__ = "staff_user"
    __table_args__ = (CheckConstraint("role IN ('consultant', 'interpreter', 'admin')", name="ck_staff_role"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=120)
    email: str = Field(max_length=254, unique=True)
    password_hash: str = Field(default="", max_length=255)
    # A password someone else chose (a new account's first one): she picks her own at enrolment.
    must_change_password: bool = Field(default=False, sa_column_kwargs={"server_default": sa_false()})
    totp_secret: Optional[str] = Field(default=None, max_length=64)
    # Set once she has proved her authenticator works; until then sign-in leads to enrolment.
    totp_confirmed_at: Optional[datetime] = None
    # The last accepted TOTP time step: a code is never accepted twice.
    totp_last_step: Optional[int] = None
    role: str = Field(max_length=20)
    # An interpreter's languages (comma-separated codes, set by an admin): she records spoken questions only in these.
    languages: str = Field(default="", max_length=40, sa_column_kwargs={"server_default": ""})
    active: bool = True
    created_at: datetime


class Citizen(SQLModel, table=True):
    """A woman in the course. No CPR number, ever."""

    __table_args__ = (CheckConstraint("preferred_language IN ('da', 'ar', 'ur', 'so')", name="ck_citizen_language"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    display_name: str = Field(max_length=120)
    preferred_language: str = Field(max_length=5)
    phone: Optional[str] = Field(default=None, max_length=32)
    consultant_id: Optional[int] = Field(default=None, foreign_key="staff_user.id", index=True)
    pin_hash: Optional[str] = Field(default=None, max_length=255)
    consent_at: Optional[datetime] = None
    created_at: datetime


class Course(SQLModel, table=True):
    """Her 26-week course; one open course per citizen."""

    __table_args__ = (CheckConstraint("purpose IN ('job', 'clarify')", name="ck_course_purpose"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="citizen.id", index=True)
    start: date
    planned_end: date
    extended_to: Optional[date] = None
    purpose: str = Field(default="clarify", max_length=10)
    outcome: Optional[str] = Field(default=None, max_length=200)


class Internship(SQLModel, table=True):
    """A placement at a workplace; a course may have several over time."""

    id: Optional[int] = Field(default=None, primary_key=True)
    course_id: int = Field(foreign_key="course.id", index=True)
    workplace: str = Field(default="", max_length=200)
    contact_person: str = Field(default="", max_length=200)
    accommodations: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    aids: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    start: date
    end: Optional[date] = None


class ScheduleVersion(SQLModel, table=True):
    """Planned hours per weekday from `valid_from`: a change of hours is a new row, never an edit."""

    __tablename__ = "schedule_version"

    id: Optional[int] = Field(default=None, primary_key=True)
    internship_id: int = Field(foreign_key="internship.id", index=True)
    valid_from: date
    hours_mon: float = 0
    hours_tue: float = 0
    hours_wed: float = 0
    hours_thu: float = 0
    hours_fri: float = 0
    hours_sat: float = 0
    hours_sun: float = 0
    reason: str = Field(default="", max_length=500)
    made_by_id: Optional[int] = Field(default=None, foreign_key="staff_user.id")
    created_at: datetime

    def weekday_hours(self) -> tuple[float, float, float, float, float, float, float]:
        """Planned hours Monday..Sunday."""
        return (self.hours_mon, self.hours_tue, self.hours_wed, self.hours_thu,
                self.hours_fri, self.hours_sat, self.hours_sun)


class Task(SQLModel, table=True):
    """An agreed work task: what she sees as an icon on D5."""

    id: Optional[int] = Field(default=None, primary_key=True)
    internship_id: int = Field(foreign_key="internship.id", index=True)
    icon: str = Field(max_length=40)
    label_da: str = Field(max_length=120)
    position: int = 0
    active: bool = True


class TaskLabel(SQLModel, table=True):
    """The task's label in one of her languages (Danish lives on the task)."""

    __tablename__ = "task_label"
    __table_args__ = (UniqueConstraint("task_id", "language", name="uq_task_label_language"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id", index=True)
    language: str = Field(max_length=5)
    text: str = Field(max_length=120)
    translated_by_id: Optional[int] = Field(default=None, foreign_key="staff_user.id")
    updated_at: datetime


class DayEntry(SQLModel, table=True):
    """Her answers for one day (D1-D6 of measures.md)."""

    __tablename__ = "day_entry"
    __table_args__ = (
        UniqueConstraint("citizen_id", "day", name="uq_entry_citizen_day"),
        UniqueConstraint("citizen_id", "idempotency_key", name="uq_entry_citizen_key"),
        CheckConstraint("pain BETWEEN 0 AND 10", name="ck_entry_pain"),
        CheckConstraint("difficulty IS NULL OR difficulty BETWEEN 0 AND 10", name="ck_entry_difficulty"),
        CheckConstraint("evening IS NULL OR evening BETWEEN 1 AND 5", name="ck_entry_evening"),
        CheckConstraint("attendance IS NULL OR attendance IN ('full', 'early', 'absent')", name="ck_entry_attendance"),
        CheckConstraint("hours_worked IS NULL OR (hours_worked >= 0 AND hours_worked <= 24)", name="ck_entry_hours"),
        CheckConstraint("entered_by IN ('self', 'interpreter', 'consultant')", name="ck_entry_entered_by"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="citizen.id", index=True)
    day: date
    # D1: NULL on a day her plan has no hours (she may still log pain and evening).
    attendance: Optional[str] = Field(default=None, max_length=10)
    hours_worked: Optional[float] = None
    # D1a: comma-separated reason codes for going home early.
    early_reasons: str = Field(default="", max_length=200)
    # D1b: one reason code for not going, and whether work was told in advance.
    absence_reason: Optional[str] = Field(default=None, max_length=20)
    told_in_advance: Optional[bool] = None
    reason_text: str = Field(default="", max_length=200)
    pain: int  # D2
    difficulty: Optional[int] = None  # D3
    breaks: Optional[str] = Field(default=None, max_length=10)  # D4
    evening: Optional[int] = None  # D6, 1 = good energy .. 5 = exhausted
    note: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    note_language: Optional[str] = Field(default=None, max_length=5)
    # The weekly body map (app/domain/body_map.py): comma-separated region codes, "none" for
    # "nowhere", NULL when not asked or not answered on this day.
    body_regions: Optional[str] = Field(default=None, max_length=400)
    entered_by: str = Field(default="self", max_length=12)
    entered_by_staff_id: Optional[int] = Field(default=None, foreign_key="staff_user.id")
    confirmed_by_citizen: bool = True
    # Answers stored here that she never gave (comma-separated question names): the form once
    # pre-selected "no extra breaks", so older entries may hold that value untouched. Every reader
    # counts them as not answered (app/domain/entry.py, `hers`); a save by her clears them.
    untouched: str = Field(default="", max_length=100, sa_column_kwargs={"server_default": ""})
    # The key of the submission that produced the current values, and a hash of them.
    idempotency_key: str = Field(max_length=64)
    payload_hash: str = Field(max_length=64)
    created_at: datetime
    updated_at: datetime


class EntryTask(SQLModel, table=True):
    """A task she did on the day (D5), and whether it was hard."""

    __tablename__ = "entry_task"

    entry_id: int = Field(foreign_key="day_entry.id", primary_key=True)
    task_id: int = Field(foreign_key="task.id", primary_key=True)
    hard: bool = False


class EntryRevision(SQLModel, table=True):
    """The values an entry had before a correction. Append-only."""

    __tablename__ = "entry_revision"

    id: Optional[int] = Field(default=None, primary_key=True)
    entry_id: int = Field(foreign_key="day_entry.id", index=True)
    old_values: str = Field(sa_column=Column(Text, nullable=False))  # JSON
    old_idempotency_key: str = Field(max_length=64, index=True)
    old_payload_hash: str = Field(max_length=64)
    changed_by: str = Field(max_length=12)
    changed_by_staff_id: Optional[int] = Field(default=None, foreign_key="staff_user.id")
    changed_at: datetime


class CallRequest(SQLModel, table=True):
    """She pressed "call me"."""

    __tablename__ = "call_request"

    id: Optional[int] = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="citizen.id", index=True)
    created_at: datetime
    handled_at: Optional[datetime] = None
    handled_by_id: Optional[int] = Field(default=None, foreign_key="staff_user.id")


class ActivationToken(SQLModel, table=True):
    """A QR activation code. Only the SHA-256 of the token is kept."""

    __tablename__ = "activation_token"
    __table_args__ = (CheckConstraint("purpose IN ('card', 'screen')", name="ck_token_purpose"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="citizen.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    purpose: str = Field(max_length=10)
    issued_by_id: Optional[int] = Field(default=None, foreign_key="staff_user.id")
    issued_at: datetime
    expires_at: datetime
    used_at: Optional[datetime] = None
    revoked_at: Optional[datetime] = None


class DeviceSession(SQLModel, table=True):
    """A citizen's phone, signed in by one activation. Checked on every request."""

    __tablename__ = "device_session"

    id: Optional[int] = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="citizen.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    activation_token_id: Optional[int] = Field(default=None, foreign_key="activation_token.id")
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    revoked_at: Optional[datetime] = None
    # Why it ended, when the reason matters to her consultant: "pin_lockout" after too many wrong PINs.
    revoked_reason: Optional[str] = Field(default=None, max_length=20)
    user_agent_summary: str = Field(default="", max_length=120)
    # Her last request on this phone, to the minute: her PIN is asked after PIN_IDLE_MINUTES without one.
    last_active_at: Optional[datetime] = None
    # Wrong PINs typed on this phone since the last right one; PIN_MAX_TRIES signs the phone out.
    pin_failures: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class StaffSession(SQLModel, table=True):
    """A signed-in staff browser: 30 minutes idle, 12 hours at most. Checked on every request."""

    __tablename__ = "staff_session"

    id: Optional[int] = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="staff_user.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime
    last_seen_at: datetime
    revoked_at: Optional[datetime] = None
    user_agent_summary: str = Field(default="", max_length=120)


class FollowUpNote(SQLModel, table=True):
    """The consultant's note of a follow-up: the five points and her own observations."""

    __tablename__ = "follow_up_note"

    id: Optional[int] = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="citizen.id", index=True)
    author_id: int = Field(foreign_key="staff_user.id")
    day: date
    attendance: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    tasks: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    motivation: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    accommodations: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    views: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    observations: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    created_at: datetime


class FlagState(SQLModel, table=True):
    """One episode of a flag for a woman: from the day it appeared until it cleared.

    The engine is pure and recomputes flags from the log; this row keeps what must outlive a
    request: when it started, the consultant's acknowledgement (with the level and severity it
    had then, so it stays quiet until it gets worse) and her useful / not useful verdict.
    """

    __tablename__ = "flag_state"
    __table_args__ = (
        UniqueConstraint("citizen_id", "rule", "since", name="uq_flag_state_episode"),
        CheckConstraint("ack_reason IS NULL OR ack_reason IN ('known_flare', 'holiday', 'handled_by_phone', 'other')",
                        name="ck_flag_ack_reason"),
        CheckConstraint("verdict IS NULL OR verdict IN ('useful', 'not_useful')", name="ck_flag_verdict"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="citizen.id", index=True)
    rule: str = Field(max_length=4)
    level: int
    severity: float
    since: date
    cleared_on: Optional[date] = None
    ack_reason: Optional[str] = Field(default=None, max_length=20)
    ack_level: Optional[int] = None
    ack_severity: Optional[float] = None
    acknowledged_at: Optional[datetime] = None
    acknowledged_by_id: Optional[int] = Field(default=None, foreign_key="staff_user.id")
    verdict: Optional[str] = Field(default=None, max_length=12)
    verdict_at: Optional[datetime] = None
    verdict_by_id: Optional[int] = Field(default=None, foreign_key="staff_user.id")


class FlagReading(SQLModel, table=True):
    """Her flags and caseload figures as last computed, so the review list is a query (app/services/readings.py).

    A cache of what the engine makes of her log: the active flags before acknowledgements (those
    are applied when read, from FlagState) and the row's figures, as JSON. Fresh only while
    `as_of` is today, `engine` is the running engine's fingerprint and nothing she depends on has
    changed since: every change to her entries, plan, "call me" requests or consent bumps
    `generation` and empties `as_of` in the writer's transaction (app/model_events.py), and a
    reading computed from an older log is stored only if `generation` is still the one it saw.
    """

    __tablename__ = "flag_reading"

    citizen_id: int = Field(foreign_key="citizen.id", primary_key=True, sa_column_kwargs={"autoincrement": False})
    generation: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    as_of: Optional[date] = None  # None: stale
    engine: str = Field(default="", max_length=16, sa_column_kwargs={"server_default": ""})
    computed_at: Optional[datetime] = None
    flags: Optional[str] = Field(default=None, sa_column=Column(Text, nullable=True))  # JSON: the active flags
    figures: Optional[str] = Field(default=None, sa_column=Column(Text, nullable=True))  # JSON: the caseload row's figures


class InterpreterGrant(SQLModel, table=True):
    """An interpreter may help one woman, in one language, for a limited time. Live = now in [starts_at, ends_at) and not revoked."""

    __tablename__ = "interpreter_grant"
    __table_args__ = (CheckConstraint("language IN ('da', 'ar', 'ur', 'so')", name="ck_grant_language"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    interpreter_id: int = Field(foreign_key="staff_user.id", index=True)
    citizen_id: int = Field(foreign_key="citizen.id", index=True)
    language: str = Field(max_length=5)
    starts_at: datetime
    ends_at: datetime
    granted_by_id: int = Field(foreign_key="staff_user.id")
    created_at: datetime
    revoked_at: Optional[datetime] = None
    revoked_by_id: Optional[int] = Field(default=None, foreign_key="staff_user.id")


class NoteTranslation(SQLModel, table=True):
    """A Danish translation of her note. The original is never overwritten; the text translated is kept,
    so a note she changes afterwards goes back into the queue."""

    __tablename__ = "note_translation"

    id: Optional[int] = Field(default=None, primary_key=True)
    entry_id: int = Field(foreign_key="day_entry.id", index=True)
    source_language: str = Field(max_length=5)
    source_text: str = Field(sa_column=Column(Text, nullable=False))
    text_da: str = Field(sa_column=Column(Text, nullable=False))
    translator_id: int = Field(foreign_key="staff_user.id")
    created_at: datetime


class WorkReport(SQLModel, table=True):
    """The consultant's part of a work-capacity report for a period; the figures are drawn from the log."""

    __tablename__ = "work_report"

    id: Optional[int] = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="citizen.id", index=True)
    period_start: date
    period_end: date
    summary: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    intensity_estimate: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    observations: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    assessment: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    citizen_comments: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    author_id: int = Field(foreign_key="staff_user.id")
    created_at: datetime
    updated_at: datetime


class RateCounter(SQLModel, table=True):
    """Requests per key in a fixed window; in the database so every app process shares the count."""

    __tablename__ = "rate_counter"

    key: str = Field(primary_key=True, max_length=120)
    window_start: datetime = Field(primary_key=True)
    count: int = 0


class SignInLockout(SQLModel, table=True):
    """Failed sign-ins of one account (a keyed hash of the typed e-mail), and how long it is locked."""

    __tablename__ = "sign_in_lockout"

    key: str = Field(primary_key=True, max_length=120)
    failures: int = 0
    last_failure_at: datetime
    locked_until: Optional[datetime] = None


class AudioClip(SQLModel, table=True):
    """A spoken question or answer in one language (app/services/audio.py), recorded by staff.

    One live clip per prompt and language, the one women hear: recording again replaces it. An
    interpreter's recording waits beside it as the one pending clip until an admin or a consultant
    approves it (then it replaces the live one) or rejects it. The sound is kept in the database
    (MP3, a few tens of KB) so backups and restores carry it with everything else.
    """

    __tablename__ = "audio_clip"
    __table_args__ = (
        UniqueConstraint("prompt", "language", "status", name="uq_audio_prompt_language_status"),
        CheckConstraint("status IN ('live', 'pending')", name="ck_audio_status"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    prompt: str = Field(max_length=60)
    language: str = Field(max_length=5)
    mime_type: str = Field(max_length=40)
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    # The first hex digits of its SHA-256: part of the address, so a replaced clip gets a new one.
    digest: str = Field(max_length=64)
    duration_ms: int
    recorded_by: int = Field(foreign_key="staff_user.id")
    recorded_at: datetime
    status: str = Field(default="live", max_length=10, sa_column_kwargs={"server_default": "live"})
    approved_by: Optional[int] = Field(default=None, foreign_key="staff_user.id")
    approved_at: Optional[datetime] = None


class AuditEvent(SQLModel, table=True):
    """Who did what to whose data. Append-only; never health values, notes or tokens."""

    __tablename__ = "audit_event"

    id: Optional[int] = Field(default=None, primary_key=True)
    at: datetime = Field(index=True)
    actor_kind: str = Field(max_length=12)  # citizen / staff / system / anonymous
    actor_id: Optional[int] = None
    role: str = Field(default="", max_length=20)
    action: str = Field(max_length=40)
    citizen_id: Optional[int] = Field(default=None, index=True)
    object_type: str = Field(default="", max_length=40)
    object_id: Optional[int] = None
    outcome: str = Field(default="ok", max_length=20)


class CaseloadMove(SQLModel, table=True):
    """A woman moved to another consultant's caseload. Applied at once onto an established account; onto a new one
    it waits for a second admin. Rows are never deleted and only move forward: requested -> applied or rejected."""

    __tablename__ = "caseload_move"
    __table_args__ = (CheckConstraint("state IN ('requested', 'applied', 'rejected')", name="ck_caseload_move_state"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="citizen.id", index=True)
    from_consultant_id: Optional[int] = Field(default=None, foreign_key="staff_user.id")
    to_consultant_id: int = Field(foreign_key="staff_user.id")
    # Why a second admin must approve (new / never_signed_in / made_by_requester, comma-separated); "" when none must.
    approval_reason: str = Field(default="", max_length=80)
    requested_by_id: int = Field(foreign_key="staff_user.id")
    requested_at: datetime
    decided_by_id: Optional[int] = Field(default=None, foreign_key="staff_user.id")
    decided_at: Optional[datetime] = None
    state: str = Field(max_length=12, index=True)


# Keeps FlagReading rows in step with every write to the tables they are read from (registered once, here,
# so that no process can write those tables without it).
from app import model_events  # noqa: E402,F401
