"""A placement's internship agreements (praktikplaner) as printed: each made is a new dated version, kept.

One row is one copy of one version: the Danish copy, and the copy in her language (same version
number). The PDF is stored as it was handed out, with its SHA-256, so a signed paper can be matched to
the file years later even when the placement's rows have changed since. Conventions: see
app/models/__init__.py.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import CheckConstraint, Column, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel


class PlacementAgreement(SQLModel, table=True):
    """One copy (`language`) of version `version` of a placement's agreement, made by `made_by_id` at `created_at`."""

    __tablename__ = "placement_agreement"
    __table_args__ = (
        UniqueConstraint("internship_id", "version", "language", name="uq_placement_agreement_copy"),
        CheckConstraint("language IN ('da', 'ar', 'ur', 'so')", name="ck_placement_agreement_language"),
        CheckConstraint("version >= 1", name="ck_placement_agreement_version"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    internship_id: int = Field(foreign_key="internship.id", index=True)
    version: int
    language: str = Field(max_length=5)
    made_on: date  # the agreement's day: its plan of hours is the one in force then
    created_at: datetime
    made_by_id: Optional[int] = Field(default=None, foreign_key="staff_user.id")
    pdf: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    sha256: str = Field(max_length=64)
