"""The consultant's blueprint, its one role guard, and the scoped lookup every view uses."""

from __future__ import annotations

from flask import Blueprint, abort, g

from app import clock
from app.db import get_session
from app.models import Citizen, StaffUser
from app.services.access import citizen_for_staff
from app.services.audit import Actor
from app.services.staff import staff_actor
from app.web.auth import require_role

bp = Blueprint("consultant", __name__, url_prefix="/c")
bp.before_request(require_role("consultant"))


def me() -> StaffUser:
    """The signed-in consultant."""
    return g.staff


def actor() -> Actor:
    """The signed-in consultant as an audit actor."""
    return staff_actor(g.staff)


def citizen_or_404(citizen_id: int, action: str = "citizen.read") -> Citizen:
    """A woman of her caseload, or 404 (and an audited denial)."""
    citizen = citizen_for_staff(get_session(), g.staff, citizen_id, action)
    if citizen is None:
        abort(404)
    return citizen


def today():  # noqa: ANN201 - a date; kept tiny so views read clock the same way
    """Today in Copenhagen."""
    return clock.local_today(clock.utcnow())
