"""One placement's page: its contact persons, training goals with sub-goals, and support at the workplace.

Each form posts to its own endpoint and comes back to the page; a refusal renders the page with the
message on the form that was sent and what was typed kept (422). Lookups: her (citizen_or_404), then
her placement (placement_of), then the placement's row (the service): any miss is 404.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Literal

from flask import abort, redirect, render_template, request, url_for
from flask_babel import format_date, gettext
from sqlmodel import Field, SQLModel
from werkzeug.wrappers import Response

from app import clock
from app.db import get_session
from app.domain.flags.model import N_
from app.domain.placement_details import GOAL_STATUSES, SUPPORT_KINDS
from app.models import Citizen, Internship
from app.services import placement_details as service
from app.services.agreements import versions as agreement_versions
from app.services.workplace_access import accesses_of
from app.web.consultant.blueprint import actor, bp, citizen_or_404, today
from app.web.consultant.forms import parse_form
from app.web.consultant.placements import END_REASON_NAMES, KIND_NAMES

GOAL_STATUS_NAMES = {"open": N_("Still open"), "reached": N_("Reached"), "dropped": N_("Dropped")}
SUPPORT_KIND_NAMES = {"mentor": N_("Mentor"), "side_by_side": N_("Side-by-side training"), "other": N_("Other support")}
assert set(GOAL_STATUS_NAMES) == set(GOAL_STATUSES) and set(SUPPORT_KIND_NAMES) == set(SUPPORT_KINDS)

Page = Response | tuple[str, int]


class ContactInput(SQLModel):
    """A contact person; `action` only on a listed contact's form (save or remove)."""

    name: str = Field(default="", max_length=200)
    role: str = Field(default="", max_length=120)
    phone: str = Field(default="", max_length=32)
    email: str = Field(default="", max_length=254)
    action: Literal["save", "remove"] = "save"


class GoalInput(SQLModel):
    """A goal, or a sub-goal of `parent_id`."""

    text: str = Field(default="", max_length=500)
    parent_id: int | None = None


class GoalStatusInput(SQLModel):
    """A goal's new status and the day it took it."""

    status: str = Field(default="", max_length=10)
    status_on: date


class SupportInput(SQLModel):
    """Support at the workplace."""

    kind: str = Field(default="", max_length=20)
    person: str = Field(default="", max_length=200)
    note: str = Field(default="", max_length=500)


@dataclass(frozen=True)
class Failed:
    """The form that was refused: which one, the message, the field to mark and what was typed."""

    form: str
    message: str
    marked: str = ""
    values: dict[str, str] = field(default_factory=dict)


def _placement(citizen_id: int, placement_id: int, action: str) -> tuple[Citizen, Internship]:
    citizen = citizen_or_404(citizen_id, action)
    placement = service.placement_of(get_session(), actor(), citizen.id, placement_id)
    if placement is None:
        abort(404)
    return citizen, placement


def placement_page(citizen: Citizen, placement: Internship, failed: Failed | None = None, status: int = 200) -> tuple[str, int]:
    """The placement's page; `failed`: the refused form (this module's, or its agreement's: agreements.py)."""
    found = service.details(get_session(), placement)
    return render_template("consultant/placement_details.html", citizen=citizen, placement=placement, details=found,
                           unlisted=service.unlisted_contact(placement, found.contacts), failed=failed, today=today(),
                           kind_names=KIND_NAMES, end_reason_names=END_REASON_NAMES, status_names=GOAL_STATUS_NAMES,
                           support_names=SUPPORT_KIND_NAMES, agreements=agreement_versions(get_session(), placement),
                           workplace_links=accesses_of(get_session(), placement, now=clock.utcnow(), today=today()),
                           done=request.args.get("done", "")), status


def _write(citizen: Citizen, placement: Internship, form: str, model: type[SQLModel], write: Callable[[SQLModel], object],
           section: str) -> Page:
    """Parse the form, run the write, and come back to the page (or show the refusal on the form, typed values kept)."""
    typed = {name: value for name, value in request.form.items() if name != "csrf_token"}
    data, errors = parse_form(model, request.form.to_dict(flat=False))
    if data is None:
        return placement_page(citizen, placement, Failed(form, gettext("Some fields need a look."), next(iter(errors), ""), typed), 422)
    try:
        write(data)
    except service.RowNotFound:
        abort(404)
    except service.DetailError as refused:
        values = {name: format_date(value) if isinstance(value, date) else value for name, value in refused.values.items()}
        return placement_page(citizen, placement, Failed(form, gettext(refused.message, **values), refused.field, typed), 422)
    return redirect(url_for("consultant.placement_details", citizen_id=citizen.id, placement_id=placement.id, _anchor=section), code=303)


def _contact(data: SQLModel) -> service.ContactGiven:
    return service.ContactGiven(name=data.name, role=data.role, phone=data.phone, email=data.email)  # type: ignore[attr-defined]


@bp.get("/citizens/<int:citizen_id>/placements/<int:placement_id>")
def placement_details(citizen_id: int, placement_id: int) -> tuple[str, int]:
    """A placement's contact persons, training goals and support, with the forms to change them."""
    return placement_page(*_placement(citizen_id, placement_id, "placement.read"))


@bp.post("/citizens/<int:citizen_id>/placements/<int:placement_id>/contacts")
def add_contact(citizen_id: int, placement_id: int) -> Page:
    """Add a contact person."""
    citizen, placement = _placement(citizen_id, placement_id, "placement_contact.create")
    return _write(citizen, placement, "contact-new", ContactInput,
                  lambda data: service.add_contact(get_session(), actor(), placement, _contact(data)), "contacts")


@bp.post("/citizens/<int:citizen_id>/placements/<int:placement_id>/contacts/<int:contact_id>")
def change_contact(citizen_id: int, placement_id: int, contact_id: int) -> Page:
    """Correct a contact person, or remove one (action=remove)."""
    citizen, placement = _placement(citizen_id, placement_id, "placement_contact.update")

    def write(data: SQLModel) -> object:
        if data.action == "remove":  # type: ignore[attr-defined]
            return service.remove_contact(get_session(), actor(), placement, contact_id)
        return service.change_contact(get_session(), actor(), placement, contact_id, _contact(data))

    return _write(citizen, placement, f"contact-{contact_id}", ContactInput, write, "contacts")


@bp.post("/citizens/<int:citizen_id>/placements/<int:placement_id>/goals")
def add_goal(citizen_id: int, placement_id: int) -> Page:
    """Add a training goal, or a sub-goal of one (parent_id)."""
    citizen, placement = _placement(citizen_id, placement_id, "training_goal.create")
    parent = request.form.get("parent_id", "")
    return _write(citizen, placement, f"sub-{parent}" if parent.isdigit() else "goal-new", GoalInput,
                  lambda data: service.add_goal(get_session(), actor(), placement, data.text, today=today(),  # type: ignore[attr-defined]
                                                parent_id=data.parent_id), "goals")  # type: ignore[attr-defined]


@bp.post("/citizens/<int:citizen_id>/placements/<int:placement_id>/goals/<int:goal_id>")
def goal_status(citizen_id: int, placement_id: int, goal_id: int) -> Page:
    """Mark a goal or sub-goal open, reached or dropped, on a day."""
    citizen, placement = _placement(citizen_id, placement_id, "training_goal.update")
    return _write(citizen, placement, f"status-{goal_id}", GoalStatusInput,
                  lambda data: service.set_goal_status(get_session(), actor(), placement, goal_id, data.status,  # type: ignore[attr-defined]
                                                       data.status_on, today=today()), "goals")  # type: ignore[attr-defined]


@bp.post("/citizens/<int:citizen_id>/placements/<int:placement_id>/support")
def add_support(citizen_id: int, placement_id: int) -> Page:
    """Add support at the workplace."""
    citizen, placement = _placement(citizen_id, placement_id, "workplace_support.create")
    return _write(citizen, placement, "support-new", SupportInput,
                  lambda data: service.add_support(get_session(), actor(), placement, service.SupportGiven(
                      kind=data.kind, person=data.person, note=data.note)), "support")  # type: ignore[attr-defined]


@bp.post("/citizens/<int:citizen_id>/placements/<int:placement_id>/support/<int:support_id>/remove")
def remove_support(citizen_id: int, placement_id: int, support_id: int) -> Page:
    """Remove support that ended or was recorded by mistake."""
    citizen, placement = _placement(citizen_id, placement_id, "workplace_support.delete")
    return _write(citizen, placement, f"support-{support_id}", SupportInput,
                  lambda _data: service.remove_support(get_session(), actor(), placement, support_id), "support")
