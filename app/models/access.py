"""Ways in and who may act for whom: activation codes, phone and staff sessions, interpreter grants, rate limits and
lock-outs, and moves of a woman between caseloads.

Conventions: see app/models/__init__.py."""

from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel


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
