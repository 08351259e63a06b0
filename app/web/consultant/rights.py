"""Her rights from the consultant's desk: all her data (page and JSON), and erasure with a confirmation step."""

from __future__ import annotations

import json

from flask import make_response, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from app import clock
from app.db import get_session
from app.services.rights import anonymise, export
from app.web.consultant.blueprint import actor, bp, citizen_or_404


@bp.get("/citizens/<int:citizen_id>/data")
def citizen_data(citizen_id: int) -> str:
    """Everything we hold about her, readable, for an access request."""
    citizen = citizen_or_404(citizen_id, "citizen.export")
    return render_template("consultant/data.html", citizen=citizen, data=export(get_session(), actor(), citizen.id))


@bp.get("/citizens/<int:citizen_id>/data.json")
def citizen_data_json(citizen_id: int) -> Response:
    """The same, machine-readable."""
    citizen = citizen_or_404(citizen_id, "citizen.export")
    response = make_response(json.dumps(export(get_session(), actor(), citizen.id), ensure_ascii=False, indent=2))
    response.headers["Content-Type"] = "application/json; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="logbog-borger-{citizen.id}.json"'
    return response


@bp.route("/citizens/<int:citizen_id>/erase", methods=["GET", "POST"])
def erase(citizen_id: int) -> Response | tuple[str, int] | str:
    """Erase her: anonymise after the consultant has typed her name to confirm."""
    citizen = citizen_or_404(citizen_id, "citizen.erase" if request.method == "POST" else "citizen.read")
    if request.method == "POST":
        if request.form.get("confirm_name", "").strip() != citizen.display_name:
            return render_template("consultant/erase.html", citizen=citizen, mismatch=True), 422
        anonymise(get_session(), actor(), citizen.id, clock.utcnow(), action="citizen.erase")
        return redirect(url_for("consultant.caseload"), code=303)
    return render_template("consultant/erase.html", citizen=citizen, mismatch=False)
