"""A placement's internship agreement: make the next version (Danish, and a copy in her language), download any.

Both answer only for a placement of a woman in her caseload (citizen_or_404, then the placement through
her courses); a copy of another placement is 404. A placement without tasks is refused on its page
(422), nothing stored. Downloads are attachments, never cached, and audited (app/services/agreements.py).
"""

from __future__ import annotations

from flask import abort, current_app, make_response, redirect, url_for
from flask_babel import gettext
from werkzeug.wrappers import Response

from app import clock
from app.db import get_session
from app.models import Citizen, Internship
from app.services import agreements as service
from app.services.placement_details import placement_of
from app.web.consultant.agreement_document import agreement_renderer
from app.web.consultant.blueprint import actor, bp, citizen_or_404, today
from app.web.consultant.placement_details import Failed, placement_page


def _placement(citizen_id: int, placement_id: int, action: str) -> tuple[Citizen, Internship]:
    citizen = citizen_or_404(citizen_id, action)
    placement = placement_of(get_session(), actor(), citizen.id, placement_id)
    if placement is None:
        abort(404)
    return citizen, placement


def _follow_up() -> service.FollowUp:
    config = current_app.config
    return service.FollowUp(calls_every_weeks=config["FOLLOW_UP_CALL_WEEKS"], visits_every_weeks=config["FOLLOW_UP_VISIT_WEEKS"])


@bp.post("/citizens/<int:citizen_id>/placements/<int:placement_id>/agreements")
def make_agreement(citizen_id: int, placement_id: int) -> Response | tuple[str, int]:
    """Make the next version of the agreement from the placement as it is today."""
    citizen, placement = _placement(citizen_id, placement_id, "placement_agreement.create")
    try:
        service.make_agreement(get_session(), actor(), citizen, placement, today=today(), now=clock.utcnow(), render=agreement_renderer(),
                               follow_up=_follow_up())
    except service.AgreementRefused as refused:
        return placement_page(citizen, placement, Failed("agreement", gettext(refused.message)), 422)
    return redirect(url_for("consultant.placement_details", citizen_id=citizen.id, placement_id=placement.id, _anchor="agreement"),
                    code=303)


@bp.get("/citizens/<int:citizen_id>/placements/<int:placement_id>/agreements/<int:agreement_id>")
def agreement_file(citizen_id: int, placement_id: int, agreement_id: int) -> Response:
    """One stored copy, as it was made."""
    citizen, placement = _placement(citizen_id, placement_id, "placement_agreement.download")
    row = service.copy_to_send(get_session(), actor(), citizen.id, placement, agreement_id)
    if row is None:
        abort(404)
    response = make_response(row.pdf)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = (f'attachment; filename="praktikaftale-{citizen.id}-{placement.id}'
                                               f'-v{row.version}-{row.language}.pdf"')
    response.headers["Cache-Control"] = "no-store"
    return response
