"""The audit log: who read or changed what, append-only.

Conventions: see app/models/__init__.py."""

from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlmodel import Field, SQLModel


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
