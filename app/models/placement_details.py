"""A placement's contact persons, training goals (with sub-goals) and support at the workplace, as rows.

Each row belongs to one placement (`internship_id`); their vocabularies are in
app/domain/placement_details.py. `Internship.contact_person` stays, holding the first contact's
name, for the readers that were there before these rows (app/services/placement_details.py keeps it
in step). Conventions: see app/models/__init__.py.
"""

from __future__ import annotations

from datetime import date
from typing import Optional

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel


class PlacementContact(SQLModel, table=True):
    """A person to call at the workplace: several per placement, the first one named on the report."""

    __tablename__ = "placement_contact"
    __table_args__ = (CheckConstraint("reminder_weekday IS NULL OR (reminder_weekday >= 0 AND reminder_weekday <= 6)",
                                      name="ck_placement_contact_reminder_weekday"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    internship_id: int = Field(foreign_key="internship.id", index=True)
    name: str = Field(max_length=200)
    role: str = Field(default="", max_length=120)
    phone: str = Field(default="", max_length=32)
    email: str = Field(default="", max_length=254)
    # The weekday (Monday 0) the app e-mails them a reminder to give the workplace's account of the past week
    # (app/services/workplace_reminders.py); None sends none. `reminded_on` is the last day one went, so a reminder
    # job run twice a day sends one.
    reminder_weekday: Optional[int] = None
    reminded_on: Optional[date] = None


class TrainingGoal(SQLModel, table=True):
    """A training goal of a placement, or a sub-goal of one (`parent_id`, one level deep).

    It holds its present status, the day it took it and who set it; the earlier statuses are in the
    audit log (one event per change, named by the status).
    """

    __tablename__ = "training_goal"
    __table_args__ = (CheckConstraint("status IN ('open', 'reached', 'dropped')", name="ck_training_goal_status"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    internship_id: int = Field(foreign_key="internship.id", index=True)
    parent_id: Optional[int] = Field(default=None, foreign_key="training_goal.id", index=True)
    text: str = Field(max_length=500)
    status: str = Field(default="open", max_length=10)
    status_on: date
    changed_by_id: Optional[int] = Field(default=None, foreign_key="staff_user.id")


class WorkplaceSupport(SQLModel, table=True):
    """Support she has at the workplace: a mentor, side-by-side training or other, with who gives it."""

    __tablename__ = "workplace_support"
    __table_args__ = (CheckConstraint("kind IN ('mentor', 'side_by_side', 'other')", name="ck_workplace_support_kind"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    internship_id: int = Field(foreign_key="internship.id", index=True)
    kind: str = Field(max_length=20)
    person: str = Field(max_length=200)
    note: str = Field(default="", max_length=500)
