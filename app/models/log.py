"""Her log: a day's answers, the tasks done, earlier versions of a corrected day, her "call me" requests, the
consultant's follow-up notes and the Danish translations of her notes.

Conventions: see app/models/__init__.py."""

from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import CheckConstraint, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class DayEntry(SQLModel, table=True):
    """Her answers for one day (D1-D6 of measures.md)."""

    __tablename__ = "day_entry"
    __table_args__ = (
        UniqueConstraint("citizen_id", "day", name="uq_entry_citizen_day"),
        UniqueConstraint("citizen_id", "idempotency_key", name="uq_entry_citizen_key"),
        # Only a day she said "I can't come today" about may wait for her pain (issue 23): she adds it in the evening.
        CheckConstraint("(pain IS NOT NULL AND pain BETWEEN 0 AND 10) OR (pain IS NULL AND COALESCE(attendance, '') = 'absent')", name="ck_entry_pain"),
        CheckConstraint("difficulty IS NULL OR difficulty BETWEEN 0 AND 10", name="ck_entry_difficulty"),
        CheckConstraint("evening IS NULL OR evening BETWEEN 1 AND 5", name="ck_entry_evening"),
        CheckConstraint("attendance IS NULL OR attendance IN ('full', 'early', 'absent')", name="ck_entry_attendance"),
        CheckConstraint("hours_worked IS NULL OR (hours_worked >= 0 AND hours_worked <= 24)", name="ck_entry_hours"),
        CheckConstraint("extra_hours IS NULL OR (extra_hours > 0 AND extra_hours <= 16)", name="ck_entry_extra_hours"),
        CheckConstraint("entered_by IN ('self', 'interpreter', 'consultant')", name="ck_entry_entered_by"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="citizen.id", index=True)
    day: date
    # D1: NULL on a day her plan has no hours (she may still log pain and evening).
    attendance: Optional[str] = Field(default=None, max_length=10)
    hours_worked: Optional[float] = None
    # Hours she stayed beyond her plan on a planned day ("yes, all of it, and longer"): worked, never planned.
    # On a day her plan has no hours, `hours_worked` alone says what she worked.
    extra_hours: Optional[float] = None
    # D1a: comma-separated reason codes for going home early.
    early_reasons: str = Field(default="", max_length=200)
    # D1b: one reason code for not going, and whether work was told in advance.
    absence_reason: Optional[str] = Field(default=None, max_length=20)
    told_in_advance: Optional[bool] = None
    reason_text: str = Field(default="", max_length=200)
    pain: Optional[int] = None  # D2; NULL only on an absence she reported before the day was over, until she adds it
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
