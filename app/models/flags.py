"""Flags as the consultant handles them (episodes) and each woman's stored reading of her log.

Conventions: see app/models/__init__.py."""

from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import CheckConstraint, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


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
    are applied when read, from FlagState), the row's figures and what the list shows beside
    them (open "accounts differ" days, her word of today), as JSON. Fresh only while
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
    # JSON: what the list shows beside her flags (open "accounts differ" days, her word of today)
    beside: Optional[str] = Field(default=None, sa_column=Column(Text, nullable=True))
