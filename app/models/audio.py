"""Spoken clips: what she hears beside each question.

Conventions: see app/models/__init__.py."""

from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import CheckConstraint, Column, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel


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
