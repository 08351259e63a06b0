"""The work-capacity report the consultant writes from the log.

Conventions: see app/models/__init__.py."""

from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel


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
