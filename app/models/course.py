"""Her course and its internship: the plan of hours (versions, never edited) and the agreed tasks.

Conventions: see app/models/__init__.py."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Optional

from sqlalchemy import CheckConstraint, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.domain.schedule import PlanVersion

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class Course(SQLModel, table=True):
    """Her 26-week course; one open course per citizen."""

    __table_args__ = (CheckConstraint("purpose IN ('job', 'clarify')", name="ck_course_purpose"),
                      CheckConstraint("referred_hours IS NULL OR (referred_hours > 0 AND referred_hours <= 37)",
                                      name="ck_course_referred_hours"),
                      CheckConstraint("benefit IS NULL OR benefit IN ('kontanthjaelp', 'integrationsydelse', 'sygedagpenge', 'other')",
                                      name="ck_course_benefit"))

    id: Optional[int] = Field(default=None, primary_key=True)
    citizen_id: int = Field(foreign_key="citizen.id", index=True)
    start: date
    planned_end: date
    extended_to: Optional[date] = None
    purpose: str = Field(default="clarify", max_length=10)
    outcome: Optional[str] = Field(default=None, max_length=200)
    # The hours a week she is referred for (12 or 4, domain.md): internship and activities together; None: not given.
    referred_hours: Optional[float] = None
    # What she lives on during the course (app/domain/same_day.py): on kontanthjælp or integrationsydelse an absence
    # is reported to the job centre too, so her phone reminds her to call it. None: not given.
    benefit: Optional[str] = Field(default=None, max_length=20)


class CourseChange(SQLModel, table=True):
    """A dated version of her course's purpose and end: its start, each extension, each change of purpose.

    The job centre asks when and why a course was extended; the course row holds what is in force now,
    and these rows are added, never edited.
    """

    __tablename__ = "course_change"
    __table_args__ = (CheckConstraint("purpose IN ('job', 'clarify')", name="ck_course_change_purpose"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    course_id: int = Field(foreign_key="course.id", index=True)
    decided_on: date
    purpose: str = Field(max_length=10)
    planned_end: date
    extended_to: Optional[date] = None
    reason: str = Field(default="", max_length=500)
    made_by_id: Optional[int] = Field(default=None, foreign_key="staff_user.id")
    created_at: datetime


class Internship(SQLModel, table=True):
    """A placement at a workplace; a course has several over time, at most one on a day (app/domain/placements.py).

    Ended, never deleted: the job centre reads the earlier placements as the effort made.
    """

    __table_args__ = (
        CheckConstraint("kind IN ('internal', 'outside', 'paid_job')", name="ck_internship_kind"),
        CheckConstraint("end_reason IS NULL OR end_reason IN ('as_planned', 'moved', 'workplace_closed', 'absence',"
                        " 'got_job', 'her_wish', 'other')", name="ck_internship_end_reason"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    course_id: int = Field(foreign_key="course.id", index=True)
    workplace: str = Field(default="", max_length=200)
    kind: str = Field(default="outside", max_length=10, sa_column_kwargs={"server_default": "outside"})
    address: str = Field(default="", max_length=300, sa_column_kwargs={"server_default": ""})
    trade: str = Field(default="", max_length=120, sa_column_kwargs={"server_default": ""})
    contact_person: str = Field(default="", max_length=200)
    accommodations: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    aids: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    start: date
    planned_end: Optional[date] = None
    end: Optional[date] = None  # the actual end; None while she is there
    end_reason: Optional[str] = Field(default=None, max_length=20)
    end_reason_text: str = Field(default="", max_length=500, sa_column_kwargs={"server_default": ""})


class ScheduleVersion(SQLModel, table=True):
    """A plan of hours from `valid_from`: a change of hours is a new row, never an edit (app/domain/schedule.py).

    Weekly: `hours_*` per weekday, with optional `start_*` times. Rotation: `hours_*`/`start_*` in odd ISO
    weeks, `even_*` in even ones. Monthly: `monthly_hours`, no fixed days. Any mode: `paid_hours` of the
    week's (in monthly mode: the month's) hours are paid, to be discussed again on `paid_review_on`.
    """

    __tablename__ = "schedule_version"
    __table_args__ = (
        CheckConstraint("mode IN ('weekly', 'rotation', 'monthly')", name="ck_schedule_mode"),
        CheckConstraint("mode <> 'monthly' OR (monthly_hours > 0 AND monthly_hours <= 160)", name="ck_schedule_monthly"),
        CheckConstraint("paid_hours IS NULL OR paid_hours >= 0", name="ck_schedule_paid"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    internship_id: int = Field(foreign_key="internship.id", index=True)
    valid_from: date
    mode: str = Field(default="weekly", max_length=10, sa_column_kwargs={"server_default": "weekly"})
    hours_mon: float = 0
    hours_tue: float = 0
    hours_wed: float = 0
    hours_thu: float = 0
    hours_fri: float = 0
    hours_sat: float = 0
    hours_sun: float = 0
    start_mon: Optional[time] = None
    start_tue: Optional[time] = None
    start_wed: Optional[time] = None
    start_thu: Optional[time] = None
    start_fri: Optional[time] = None
    start_sat: Optional[time] = None
    start_sun: Optional[time] = None
    even_hours_mon: float = Field(default=0, sa_column_kwargs={"server_default": "0"})
    even_hours_tue: float = Field(default=0, sa_column_kwargs={"server_default": "0"})
    even_hours_wed: float = Field(default=0, sa_column_kwargs={"server_default": "0"})
    even_hours_thu: float = Field(default=0, sa_column_kwargs={"server_default": "0"})
    even_hours_fri: float = Field(default=0, sa_column_kwargs={"server_default": "0"})
    even_hours_sat: float = Field(default=0, sa_column_kwargs={"server_default": "0"})
    even_hours_sun: float = Field(default=0, sa_column_kwargs={"server_default": "0"})
    even_start_mon: Optional[time] = None
    even_start_tue: Optional[time] = None
    even_start_wed: Optional[time] = None
    even_start_thu: Optional[time] = None
    even_start_fri: Optional[time] = None
    even_start_sat: Optional[time] = None
    even_start_sun: Optional[time] = None
    monthly_hours: Optional[float] = None
    paid_hours: Optional[float] = None
    paid_review_on: Optional[date] = None
    reason: str = Field(default="", max_length=500)
    made_by_id: Optional[int] = Field(default=None, foreign_key="staff_user.id")
    created_at: datetime

    def weekday_hours(self) -> tuple[float, float, float, float, float, float, float]:
        """Planned hours Monday..Sunday (in a rotation: the odd weeks)."""
        return (self.hours_mon, self.hours_tue, self.hours_wed, self.hours_thu,
                self.hours_fri, self.hours_sat, self.hours_sun)

    @classmethod
    def from_plan(cls, plan: PlanVersion, **fields: object) -> "ScheduleVersion":
        """A row holding `plan` (with the row's own fields: placement, reason, author, time)."""
        columns: dict[str, object] = {"valid_from": plan.valid_from, "mode": plan.mode, "paid_hours": plan.paid_hours,
                                      "paid_review_on": plan.paid_review_on,
                                      "monthly_hours": plan.monthly_hours if plan.mode == "monthly" else None}
        for index, day in enumerate(WEEKDAYS):
            columns[f"hours_{day}"] = float(plan.hours[index])
            columns[f"start_{day}"] = plan.starts[index]
            columns[f"even_hours_{day}"] = float(plan.even_hours[index])
            columns[f"even_start_{day}"] = plan.even_starts[index]
        return cls(**columns, **fields)

    def plan(self) -> PlanVersion:
        """The version as the domain reads it."""
        return PlanVersion(
            valid_from=self.valid_from, mode=self.mode, hours=self.weekday_hours(),
            even_hours=tuple(getattr(self, f"even_hours_{d}") for d in WEEKDAYS),  # type: ignore[arg-type]
            starts=tuple(getattr(self, f"start_{d}") for d in WEEKDAYS),  # type: ignore[arg-type]
            even_starts=tuple(getattr(self, f"even_start_{d}") for d in WEEKDAYS),  # type: ignore[arg-type]
            monthly_hours=self.monthly_hours or 0.0, paid_hours=self.paid_hours, paid_review_on=self.paid_review_on)


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
