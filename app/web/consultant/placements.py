"""Her placements over the course: the history the job centre reads, and starting the next one."""

from __future__ import annotations

from datetime import date

from flask import redirect, render_template, request, url_for
from flask_babel import format_date, gettext
from werkzeug.wrappers import Response

from app.db import get_session
from app.domain.flags.model import N_
from app.domain.placements import END_REASONS, KINDS
from app.models import Citizen
from app.services.citizens import course_history, current_course
from app.services.placements import NextPlacement, PlacementError, placements, start_placement
from app.web.consultant.blueprint import actor, bp, citizen_or_404, today
from app.web.consultant.forms import PlacementInput, parse_form

KIND_NAMES = {"internal": N_("Internal training track"), "outside": N_("Outside workplace"), "paid_job": N_("Paid small job")}
END_REASON_NAMES = {"as_planned": N_("Finished as planned"), "moved": N_("Moved to another placement"),
                    "workplace_closed": N_("The workplace closed"), "absence": N_("Too much absence"),
                    "got_job": N_("Got a job"), "her_wish": N_("Her wish"), "other": N_("Other reason")}
assert set(KIND_NAMES) == set(KINDS) and set(END_REASON_NAMES) == set(END_REASONS)


def _render(citizen: Citizen, values: dict[str, object] | None = None, refusal: str = "", status: int = 200) -> tuple[str, int]:
    session = get_session()
    course = current_course(session, citizen.id)
    history = placements(session, course.id) if course is not None else []
    return render_template("consultant/placements.html", citizen=citizen, course=course, placements=history,
                           course_history=course_history(session, course.id) if course is not None else [],
                           current=history[-1] if history and history[-1].end is None else None,
                           values=values or {"start": today().isoformat(), "copy_tasks": True, "copy_accommodations": True},
                           refusal=refusal, kind_names=KIND_NAMES, end_reason_names=END_REASON_NAMES), status


@bp.get("/citizens/<int:citizen_id>/placements")
def placement_history(citizen_id: int) -> tuple[str, int]:
    """Every placement of her course, newest last, and the form for the next one."""
    return _render(citizen_or_404(citizen_id))


@bp.post("/citizens/<int:citizen_id>/placements")
def new_placement(citizen_id: int) -> Response | tuple[str, int]:
    """End the current placement (with its reason) and start the next; what she typed stays on a refusal."""
    citizen = citizen_or_404(citizen_id, "placement.start")
    typed = {name: request.form.get(name, "") for name in PlacementInput.model_fields}
    typed.update({name: name in request.form for name in ("copy_tasks", "copy_accommodations", "copy_goals")})
    data, _errors = parse_form(PlacementInput, request.form.to_dict(flat=False))
    course = current_course(get_session(), citizen.id)
    if data is None or course is None:
        return _render(citizen, typed, gettext("Some fields need a look."), 422)
    try:
        start_placement(get_session(), actor(), course, NextPlacement(**data.model_dump()))
    except PlacementError as refused:
        values = {name: format_date(value) if isinstance(value, date) else value for name, value in refused.values.items()}
        return _render(citizen, typed, gettext(refused.message, **values), 422)
    return redirect(url_for("consultant.placement_history", citizen_id=citizen.id), code=303)

