"""The admin's pages: staff accounts and caseload assignment. No health data is shown here."""

from __future__ import annotations

import secrets

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, url_for
from sqlmodel import select
from werkzeug.wrappers import Response

from app import clock
from app.db import get_session
from app.models import Citizen, StaffUser
from app.services import audit
from app.services.staff import ROLES, AccountError, create_staff, set_active, staff_actor
from app.web.auth import require_role

bp = Blueprint("admin", __name__, url_prefix="/admin")
bp.before_request(require_role("admin"))


def _staff() -> list[StaffUser]:
    return list(get_session().exec(select(StaffUser).order_by(StaffUser.role, StaffUser.name)).all())


@bp.get("/")
def staff_list() -> str:
    """Every staff account with its role and state."""
    return render_template("admin/staff.html", staff=_staff(), roles=ROLES, errors={}, values={}, new_password=None)


@bp.post("/staff")
def create() -> str | tuple[str, int]:
    """Make an account with a one-time password; she chooses her own and enrols her authenticator at first sign-in."""
    values = {name: request.form.get(name, "").strip() for name in ("name", "email", "role")}
    password = secrets.token_urlsafe(12)
    try:
        user = create_staff(get_session(), staff_actor(g.staff), name=values["name"], email=values["email"], role=values["role"],
                            password=password, must_change_password=True, now=clock.utcnow(),
                            min_length=current_app.config["PASSWORD_MIN_LENGTH"])
    except AccountError as error:
        return render_template("admin/staff.html", staff=_staff(), roles=ROLES, errors={"form": str(error)}, values=values,
                               new_password=None), 422
    return render_template("admin/staff.html", staff=_staff(), roles=ROLES, errors={}, values={},
                           new_password=(user, password))


@bp.post("/staff/<int:staff_id>/active")
def toggle(staff_id: int) -> Response:
    """Disable (ending all her sessions at once) or enable an account."""
    user = get_session().get(StaffUser, staff_id)
    if user is None or user.id == g.staff.id:
        abort(404)
    set_active(get_session(), staff_actor(g.staff), user, request.form.get("active") == "1", clock.utcnow())
    return redirect(url_for("admin.staff_list"), code=303)


@bp.get("/caseloads")
def caseloads() -> str:
    """Which consultant follows which woman (names only)."""
    session = get_session()
    citizens = session.exec(select(Citizen).order_by(Citizen.display_name)).all()
    consultants = session.exec(select(StaffUser).where(StaffUser.role == "consultant", StaffUser.active == True)  # noqa: E712
                               .order_by(StaffUser.name)).all()
    return render_template("admin/caseloads.html", citizens=citizens, consultants=consultants)


@bp.post("/caseloads/<int:citizen_id>")
def assign(citizen_id: int) -> Response:
    """Move a woman to another consultant's caseload."""
    session = get_session()
    citizen = session.get(Citizen, citizen_id)
    consultant = session.get(StaffUser, request.form.get("consultant_id", type=int) or 0)
    if citizen is None or consultant is None or consultant.role != "consultant" or not consultant.active:
        abort(404)
    citizen.consultant_id = consultant.id
    session.add(citizen)
    audit.record(session, staff_actor(g.staff), "caseload.assign", citizen_id=citizen.id, object_type="staff_user",
                 object_id=consultant.id)
    session.commit()
    return redirect(url_for("admin.caseloads"), code=303)
