"""Her PIN as her consultant sees it: phones signed out by wrong PINs, and removing a forgotten PIN."""

from __future__ import annotations

from flask import redirect, url_for
from werkzeug.wrappers import Response

from app.db import get_session
from app.services.pin import remove_pin
from app.web.consultant.blueprint import actor, bp, citizen_or_404


@bp.post("/citizens/<int:citizen_id>/pin/remove")
def remove_her_pin(citizen_id: int) -> Response:
    """She forgot her PIN: remove it, so her phones open without one (she may choose a new one)."""
    citizen = citizen_or_404(citizen_id, "pin.remove")
    if citizen.pin_hash is not None:
        remove_pin(get_session(), actor(), citizen)
    return redirect(url_for("consultant.setup", citizen_id=citizen.id) + "#devices", code=303)
