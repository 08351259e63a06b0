"""The consultant's side of a contact person's access: invite by e-mail, print a sign-in QR for the agreement, choose
the reminder weekday, and stop a link. All on the placement's page (its "The workplace's account" section).

The printed QR is a page of its own, shown once from the POST that made the link (the raw link is never stored, so it
cannot be shown again): the consultant prints it and puts it with the signed agreement.
"""

from __future__ import annotations

from datetime import timedelta

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext
from werkzeug.wrappers import Response

from app import clock
from app.db import get_session
from app.domain.workplace import session_open
from app.models import PlacementContact, WorkplaceAccess
from app.services import audit
from app.services.mail import LOGGED, MailError, MailSettings
from app.services.workplace_access import invite, revoke
from app.services.workplace_mail import link_url, send_invitation
from app.web.cards import qr_svg
from app.web.consultant.blueprint import actor, bp
from app.web.consultant.placement_details import Failed, _placement, placement_page

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _lifetime() -> timedelta:
    return timedelta(days=current_app.config["WORKPLACE_LINK_DAYS"])


def _contact(placement_id: int, raw: str | None) -> PlacementContact | None:
    """The placement's own contact row named by the form, or 404 (another placement's contact is not found)."""
    if not raw:
        return None
    contact = get_session().get(PlacementContact, int(raw)) if raw.isdigit() and len(raw) < 19 else None
    if contact is None or contact.internship_id != placement_id:
        abort(404)
    return contact


def _back(citizen_id: int, placement_id: int, done: str | None = None) -> Response:
    """Back to the placement's page, at its workplace section; `done` names the notice it shows (sent, logged,
    stopped)."""
    return redirect(url_for("consultant.placement_details", citizen_id=citizen_id, placement_id=placement_id, done=done,
                            _anchor="workplace"), code=303)


@bp.post("/citizens/<int:citizen_id>/placements/<int:placement_id>/workplace/invite")
def invite_contact(citizen_id: int, placement_id: int) -> Response | tuple[str, int]:
    """E-mail a contact person their sign-in link."""
    citizen, placement = _placement(citizen_id, placement_id, "workplace.invite")
    contact = _contact(placement.id, request.form.get("contact_id"))
    if contact is None or not contact.email:
        return placement_page(citizen, placement, Failed("workplace", gettext("Give the contact person an e-mail address first.")), 422)
    if not session_open(clock.local_today(clock.utcnow()), placement.end, revoked=False):
        return placement_page(citizen, placement, Failed("workplace", gettext("This placement has ended.")), 422)
    try:
        delivery = send_invitation(get_session(), actor(), placement, contact, mail=MailSettings.from_config(current_app.config),
                                   base_url=current_app.config["PUBLIC_BASE_URL"], now=clock.utcnow(), lifetime=_lifetime())
    except MailError:
        return placement_page(citizen, placement, Failed("workplace", gettext(
            "The e-mail could not be sent, so the link was stopped. Try again later, or print the QR instead.")), 422)
    return _back(citizen.id, placement.id, "logged" if delivery == LOGGED else "sent")


@bp.post("/citizens/<int:citizen_id>/placements/<int:placement_id>/workplace/print")
def print_link(citizen_id: int, placement_id: int) -> str:
    """Make a link and show it as a QR to print with the agreement (shown this once)."""
    citizen, placement = _placement(citizen_id, placement_id, "workplace.invite")
    contact = _contact(placement.id, request.form.get("contact_id"))
    raw = invite(get_session(), actor(), placement, contact, now=clock.utcnow(), lifetime=_lifetime())
    url = link_url(current_app.config["PUBLIC_BASE_URL"], raw)
    return render_template("consultant/workplace_qr.html", citizen=citizen, placement=placement, contact=contact,
                           qr=qr_svg(url, gettext("Sign-in QR code for the workplace")), url=url,
                           expires=clock.local_today(clock.utcnow()) + _lifetime())


@bp.post("/citizens/<int:citizen_id>/placements/<int:placement_id>/workplace/<int:access_id>/revoke")
def revoke_link(citizen_id: int, placement_id: int, access_id: int) -> Response:
    """Stop a link and end its session at once."""
    citizen, placement = _placement(citizen_id, placement_id, "workplace.revoke")
    access = get_session().get(WorkplaceAccess, access_id)
    if access is None or access.internship_id != placement.id:
        abort(404)
    revoke(get_session(), actor(), access, citizen.id, clock.utcnow())
    return _back(citizen.id, placement.id, "stopped")


@bp.post("/citizens/<int:citizen_id>/placements/<int:placement_id>/workplace/reminder")
def set_reminder(citizen_id: int, placement_id: int) -> Response | tuple[str, int]:
    """Choose the weekday a contact person is reminded by e-mail (or none)."""
    citizen, placement = _placement(citizen_id, placement_id, "workplace.reminder")
    contact = _contact(placement.id, request.form.get("contact_id"))
    raw = request.form.get("weekday", "")
    if contact is None or raw not in ("", *map(str, range(7))):
        return placement_page(citizen, placement, Failed("workplace", gettext("Choose a weekday, or no reminder.")), 422)
    contact.reminder_weekday = int(raw) if raw else None
    session = get_session()
    session.add(contact)
    audit.record(session, actor(), "workplace.reminder", citizen_id=citizen.id, object_type="placement_contact",
                 object_id=contact.id)
    session.commit()
    return _back(citizen.id, placement.id)
