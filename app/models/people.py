"""Who the logbook is for and who works with it: the women and the staff.

Conventions: see app/models/__init__.py."""

from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import CheckConstraint
from sqlalchemy import false as sa_false
from sqlmodel import Field, SQLModel


class StaffUser(SQLModel, table=True):
    """A consultant, interpreter, admin or teacher (a workshop leader, a Danish teacher: sees only the groups and
    activities they lead, issue 22)."""

    __tablename__ = "staff_user"
    __table_args__ = (CheckConstraint("role IN ('consultant', 'interpreter', 'admin', 'teacher')", name="ck_staff_role"),)

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
