"""Setting a woman up: profile, course and internship, schedule versions, tasks, QR codes, devices."""

from __future__ import annotations

from datetime import timedelta

from flask import abort, current_app, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from app import clock
from app.db import get_session
from app.domain.accommodations import COMMON_ACCOMMODATIONS, COMMON_AIDS, decode, encode
from app.domain.schedule import plan_problems
from app.domain.text import clean_text
from app.models import Citizen, DeviceSession
from app.services.activation import end_device, issue_code
from app.services.citizens import (
    ChangeReasonMissingError, PlacementClashError, Profile, SetupError, add_task, all_tasks, current_course, current_internship, name_warnings,
    save_profile, schedule_history, set_plan, tasks_without_label, update_task,
)
from app.services.followups import live_devices
from app.services.grants import GrantError, grants_for, interpreters, is_live, make_grant, revoke_grant
from app.services.pin import lockouts as pin_lockouts
from app.web.answers import TASK_NAMES
from app.web.ids import db_int
from app.web.cards import card_pdf, render_card, render_screen_code
from app.web.consultant.blueprint import actor, bp, citizen_or_404, me, today
from app.web.consultant.forms import CitizenInput, ScheduleInput, TaskInput, parse_form, plan_form_values

TASK_ICONS = tuple(TASK_NAMES)


def _profile_values(citizen: Citizen | None) -> dict[str, object]:
    """The edit form's starting values."""
    if citizen is None:
        start = today()
        return {"course_start": start, "planned_end": start + timedelta(weeks=current_app.config["COURSE_WEEKS"]),
                "internship_start": start, "purpose": "clarify", "preferred_language": "so",
                "accommodations": [], "aids": []}
    session = get_session()
    course, internship = current_course(session, citizen.id), current_internship(session, citizen.id)
    accommodations, accommodations_other = decode(internship.accommodations, COMMON_ACCOMMODATIONS)
    aids, aids_other = decode(internship.aids, COMMON_AIDS)
    return {"display_name": citizen.display_name, "preferred_language": citizen.preferred_language, "phone": citizen.phone or "",
            "course_start": course.start, "planned_end": course.planned_end, "extended_to": course.extended_to,
            "purpose": course.purpose, "referred_hours": f"{course.referred_hours:g}" if course.referred_hours else "",
            "benefit": course.benefit or "",
            "workplace": internship.workplace, "contact_person": internship.contact_person,
            "internship_start": internship.start, "accommodations": accommodations, "accommodations_other": accommodations_other,
            "aids": aids, "aids_other": aids_other}


def _render_profile(citizen: Citizen | None, values: dict[str, object], errors: dict[str, str], status: int = 200,
                    name_warning: dict[str, object] | None = None) -> tuple[str, int]:
    missing = tasks_without_label(all_tasks(get_session(), citizen.id), citizen.preferred_language) if citizen else []
    return render_template("consultant/profile.html", citizen=citizen, values=values, errors=errors,
                           accommodation_codes=COMMON_ACCOMMODATIONS, aid_codes=COMMON_AIDS, name_warning=name_warning,
                           missing_labels=missing), status


def _name_warning(citizen: Citizen | None, name: str, confirmed: bool) -> dict[str, object] | None:
    """Look-alikes of a new or changed name in her caseload, unless the consultant has confirmed it."""
    if confirmed or (citizen is not None and clean_text(name) == citizen.display_name):
        return None
    similar, mixed = name_warnings(get_session(), me().id, name, citizen.id if citizen else None)
    if not similar and not mixed:
        return None
    alphabets = {"LATIN": _("Latin"), "CYRILLIC": _("Cyrillic"), "GREEK": _("Greek"), "ARABIC": _("Arabic")}
    return {"similar": similar,
            "mixed": [(word, ", ".join(alphabets.get(script, script.title()) for script in scripts)) for word, scripts in mixed]}


def _save(citizen: Citizen | None) -> Response | tuple[str, int]:
    form = request.form.to_dict(flat=False)
    data, errors = parse_form(CitizenInput, form)
    if data is None:
        values = {name: (v if name in ("accommodations", "aids") else (v[0] if v else "")) for name, v in form.items()}
        return _render_profile(citizen, values, errors, 422)
    form_values = {name: (v if name in ("accommodations", "aids") else (v[0] if v else "")) for name, v in form.items()}
    if not clean_text(data.display_name):
        return _render_profile(citizen, form_values, {"display_name": "empty"}, 422)
    warning = _name_warning(citizen, data.display_name, data.confirm_name)
    if warning is not None:
        # Saved only at a second submit with the box ticked: a look-alike name is easily a mistake or a spoof.
        return _render_profile(citizen, form_values, {}, 200, name_warning=warning)
    planned_end = data.planned_end or data.course_start + timedelta(weeks=current_app.config["COURSE_WEEKS"])
    profile = Profile(
        display_name=data.display_name, preferred_language=data.preferred_language, phone=data.phone,
        course_start=data.course_start, planned_end=planned_end, extended_to=data.extended_to, purpose=data.purpose,
        referred_hours=data.referred_hours, benefit=data.benefit or None, workplace=data.workplace, contact_person=data.contact_person, internship_start=data.internship_start or data.course_start,
        accommodations=encode(data.accommodations, data.accommodations_other, COMMON_ACCOMMODATIONS),
        aids=encode(data.aids, data.aids_other, COMMON_AIDS), change_reason=data.course_change_reason,
    )
    try:
        saved = save_profile(get_session(), actor(), profile, consultant_id=me().id, citizen=citizen)
    except PlacementClashError:  # her earlier placements stay as they were: see the placements page
        return _render_profile(citizen, data.model_dump(), {"internship_start": "overlap"}, 422)
    except ChangeReasonMissingError:  # an extension or a new purpose is kept with why, as a dated version
        return _render_profile(citizen, data.model_dump(), {"course_change_reason": "missing"}, 422)
    except SetupError:
        return _render_profile(citizen, data.model_dump(), {"planned_end": "dates"}, 422)
    target = "consultant.setup" if citizen is None else "consultant.timeline"
    return redirect(url_for(target, citizen_id=saved.id), code=303)


@bp.route("/citizens/new", methods=["GET", "POST"])
def new_citizen() -> Response | tuple[str, int]:
    """Create a woman in her caseload."""
    if request.method == "POST":
        return _save(None)
    return _render_profile(None, _profile_values(None), {})


@bp.route("/citizens/<int:citizen_id>/edit", methods=["GET", "POST"])
def edit_citizen(citizen_id: int) -> Response | tuple[str, int]:
    """Edit her profile, course and internship."""
    citizen = citizen_or_404(citizen_id, "citizen.update" if request.method == "POST" else "citizen.read")
    if request.method == "POST":
        return _save(citizen)
    return _render_profile(citizen, _profile_values(citizen), {})


def _render_setup(citizen: Citizen, errors: dict[str, str] | None = None, status: int = 200,
                  typed_plan: dict[str, str] | None = None, plan_errors: dict[str, str] | None = None) -> tuple[str, int]:
    session = get_session()
    now = clock.utcnow()
    tasks = all_tasks(session, citizen.id)
    history = schedule_history(session, citizen.id)
    return render_template("consultant/setup.html", citizen=citizen, history=history,
                           plan_values=typed_plan if typed_plan is not None else plan_form_values(history[0] if history else None, today()),
                           plan_errors=plan_errors or {},
                           tasks=tasks, missing_labels=tasks_without_label(tasks, citizen.preferred_language),
                           icons=TASK_ICONS, task_names=TASK_NAMES,
                           devices=live_devices(session, citizen.id, now), lockouts=pin_lockouts(session, citizen.id),
                           errors=errors or {},
                           grants=[(grant, user, is_live(grant, now)) for grant, user in grants_for(session, citizen.id)],
                           interpreters=interpreters(session), today=today()), status


@bp.get("/citizens/<int:citizen_id>/setup")
def setup(citizen_id: int) -> tuple[str, int]:
    """Her plan and its history, her tasks, her phones and QR codes."""
    return _render_setup(citizen_or_404(citizen_id))


@bp.post("/citizens/<int:citizen_id>/schedule")
def new_schedule(citizen_id: int) -> Response | tuple[str, int]:
    """Raise or lower her hours: a new plan version with a reason, never an overwrite."""
    citizen = citizen_or_404(citizen_id, "schedule.create")
    typed = {name: request.form.get(name, "") for name in ScheduleInput.model_fields}
    data, errors = parse_form(ScheduleInput, request.form.to_dict(flat=False))
    history = schedule_history(get_session(), citizen.id)
    if data is not None:
        errors = plan_problems(data.plan())
        if history and not data.reason.strip():
            errors["reason"] = "missing"  # a change of hours always says why
    if data is None or errors:
        return _render_setup(citizen, status=422, typed_plan=typed, plan_errors=errors)
    try:
        set_plan(get_session(), actor(), citizen.id, data.plan(), data.reason)
    except SetupError:
        return _render_setup(citizen, status=422, typed_plan=typed, plan_errors={"form": "invalid"})
    return redirect(url_for("consultant.setup", citizen_id=citizen.id) + "#schedule", code=303)


@bp.post("/citizens/<int:citizen_id>/tasks")
def new_task(citizen_id: int) -> Response | tuple[str, int]:
    """Add an agreed task with its icon and her-language label."""
    citizen = citizen_or_404(citizen_id, "task.create")
    data, errors = parse_form(TaskInput, request.form.to_dict(flat=False))
    if data is None or data.icon not in TASK_ICONS:
        return _render_setup(citizen, errors or {"icon": "invalid"}, 422)
    try:
        add_task(get_session(), actor(), citizen.id, icon=data.icon, label_da=data.label_da,
                 translations={citizen.preferred_language: data.label_translated})
    except SetupError:
        return _render_setup(citizen, {"label_da": "empty"}, 422)
    return redirect(url_for("consultant.setup", citizen_id=citizen.id) + "#tasks", code=303)


@bp.post("/citizens/<int:citizen_id>/tasks/<int:task_id>")
def change_task(citizen_id: int, task_id: int) -> Response | tuple[str, int]:
    """Change a task's words or icon, or retire / restore it."""
    citizen = citizen_or_404(citizen_id, "task.update")
    action = request.form.get("action", "save")
    try:
        if action in ("retire", "restore"):
            update_task(get_session(), actor(), citizen.id, task_id, active=action == "restore")
        else:
            data, errors = parse_form(TaskInput, {k: v for k, v in request.form.to_dict(flat=False).items() if k != "action"})
            if data is None or data.icon not in TASK_ICONS:
                return _render_setup(citizen, errors or {"icon": "invalid"}, 422)
            update_task(get_session(), actor(), citizen.id, task_id, icon=data.icon, label_da=data.label_da,
                        translations={citizen.preferred_language: data.label_translated})
    except SetupError:
        abort(404)
    return redirect(url_for("consultant.setup", citizen_id=citizen.id) + "#tasks", code=303)


def _new_code(citizen: Citizen, purpose: str) -> tuple[str, object]:
    config = current_app.config
    lifetime = (timedelta(minutes=config["ACTIVATION_SCREEN_MINUTES"]) if purpose == "screen"
                else timedelta(days=config["ACTIVATION_CARD_DAYS"]))
    now = clock.utcnow()
    raw = issue_code(get_session(), actor(), citizen.id, purpose=purpose, lifetime=lifetime, now=now)
    return url_for("activation.welcome", code=raw, _external=False), now + lifetime


def _public_url(path: str) -> str:
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path


@bp.post("/citizens/<int:citizen_id>/card")
def card(citizen_id: int) -> Response:
    """A new QR card (older codes stop working): printable page or PDF."""
    citizen = citizen_or_404(citizen_id, "activation.issue")
    path, expires_at = _new_code(citizen, "card")
    if request.form.get("format") == "pdf":
        response = make_response(card_pdf(citizen, _public_url(path), expires_at))
        response.headers["Content-Type"] = "application/pdf"
        response.headers["Content-Disposition"] = f'attachment; filename="logbog-qr-{citizen.id}.pdf"'
        return response
    return make_response(render_card(citizen, _public_url(path), expires_at))


@bp.post("/citizens/<int:citizen_id>/screen-code")
def screen_code(citizen_id: int) -> Response:
    """A short-lived code to scan from the screen in a meeting."""
    citizen = citizen_or_404(citizen_id, "activation.issue")
    path, expires_at = _new_code(citizen, "screen")
    return make_response(render_screen_code(citizen, _public_url(path), expires_at))


@bp.post("/citizens/<int:citizen_id>/grants")
def new_grant(citizen_id: int) -> Response | tuple[str, int]:
    """Let an interpreter help her, in a language, for a limited time."""
    citizen = citizen_or_404(citizen_id, "grant.create")
    config = current_app.config
    try:
        make_grant(get_session(), actor(), citizen.id, interpreter_id=request.form.get("interpreter_id", type=db_int) or 0,
                   language=request.form.get("language", ""), hours=request.form.get("hours", type=float) or 0,
                   max_hours=config["GRANT_MAX_HOURS"], now=clock.utcnow())
    except GrantError:
        return _render_setup(citizen, {"grant": "invalid"}, 422)
    return redirect(url_for("consultant.setup", citizen_id=citizen.id) + "#grants", code=303)


@bp.post("/citizens/<int:citizen_id>/grants/<int:grant_id>/revoke")
def revoke(citizen_id: int, grant_id: int) -> Response:
    """End an interpreter's access now: her next request is refused."""
    citizen = citizen_or_404(citizen_id, "grant.revoke")
    if not revoke_grant(get_session(), actor(), citizen.id, grant_id, clock.utcnow()):
        abort(404)
    return redirect(url_for("consultant.setup", citizen_id=citizen.id) + "#grants", code=303)


@bp.post("/citizens/<int:citizen_id>/devices/<int:device_id>/sign-out")
def sign_out_device(citizen_id: int, device_id: int) -> Response:
    """Sign one of her phones out: it needs a new code to get back in."""
    citizen = citizen_or_404(citizen_id, "device.revoke")
    device = get_session().get(DeviceSession, device_id)
    if device is None or device.citizen_id != citizen.id:
        abort(404)
    if device.revoked_at is None:
        end_device(get_session(), actor(), device, clock.utcnow())
    return redirect(url_for("consultant.setup", citizen_id=citizen.id) + "#devices", code=303)
