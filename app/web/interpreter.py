"""The interpreter's pages: her open grants, a woman's log in two languages, a day filled in together,
and the translation queue (her notes into Danish, task labels into her language).

Every page needs a live grant for the woman: the scoped lookup answers 404 the moment a grant
expires or is revoked.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from flask import Blueprint, abort, current_app, g, make_response, redirect, render_template, request, url_for
from flask_babel import force_locale
from markupsafe import Markup
from sqlmodel import select
from werkzeug.wrappers import Response

from app import clock
from app.db import get_session
from app.domain.entry import UnknownFieldError, parse_entry, parse_key
from app.domain.week import can_edit
from app.models import Citizen, DayEntry, InterpreterGrant
from app.services.access import citizen_for_staff
from app.domain.schedule import planned_hours
from app.services.citizens import SetupError, all_tasks, plan_versions, tasks_for, update_task
from app.services.entries import KeyConflictError, OutsideEditWindowError, Provenance, save_entry, task_marks
from app.services.grants import live_grant, open_grants
from app.services.staff import staff_actor
from app.services.translations import translate_note, translations_for, untranslated_notes
from app.web.answers import entry_lines
from app.web.auth import require_role
from app.web.day_form import FormValues, limits_from, load_day_page, load_day_plan
from app.web.i18n import LANGUAGE_NAMES

bp = Blueprint("interpreter", __name__, url_prefix="/i")
bp.before_request(require_role("interpreter"))

LOG_DAYS = 14


def _today() -> date:
    return clock.local_today(clock.utcnow())


def _citizen_and_grant(citizen_id: int, action: str = "citizen.read") -> tuple[Citizen, InterpreterGrant]:
    """The woman and the live grant for her, or 404 (every use is audited)."""
    citizen = citizen_for_staff(get_session(), g.staff, citizen_id, action)
    grant = live_grant(get_session(), g.staff.id, citizen_id, clock.utcnow()) if citizen else None
    if citizen is None or grant is None:
        abort(404)
    return citizen, grant


@bp.get("/")
def home() -> str:
    """Her open grants."""
    return render_template("interpreter/home.html", grants=open_grants(get_session(), g.staff.id, clock.utcnow()))


@bp.get("/citizens/<int:citizen_id>")
def log(citizen_id: int) -> str:
    """Her last two weeks, each question and answer in Danish and in her language."""
    citizen, grant = _citizen_and_grant(citizen_id)
    session = get_session()
    today = _today()
    entries = list(session.exec(select(DayEntry).where(DayEntry.citizen_id == citizen.id, DayEntry.day > today - timedelta(days=LOG_DAYS))
                                .order_by(DayEntry.day.desc())).all())
    names = {task.id: task.label_da for task, _labels in all_tasks(session, citizen.id)}
    views = {view.id: view for view in tasks_for(session, citizen.id, grant.language, also=set(names))}
    tasks = {task_id: (names[task_id], views[task_id]) for task_id in names if task_id in views}
    plans = plan_versions(session, citizen.id)
    days = [(entry, entry_lines(entry, task_marks(session, entry.id), tasks, planned_hours(plans, entry.day))) for entry in entries]
    return render_template("interpreter/log.html", citizen=citizen, grant=grant, days=days,
                           translations=translations_for(session, entries), today=today,
                           her_direction="rtl" if grant.language in ("ar", "ur") else "ltr")


def _form_html(citizen: Citizen, grant: InterpreterGrant, day: date, values: dict[str, list[str]] | None,
               errors: dict[str, str] | None, notice: str | None) -> Markup:
    """The citizen's own day form, in the grant's language, posting to the interpreter's address."""
    page, stored = load_day_page(get_session(), citizen, day)
    day_iso = day.isoformat()
    with force_locale(grant.language):
        html = render_template(
            "citizen/_day_form.html", page=page, values=FormValues(values if values is not None else stored),
            errors=errors or {}, notice=notice, key=str(uuid.uuid4()), today=_today(), with_interpreter=True,
            save_url=url_for("interpreter.save_day", citizen_id=citizen.id, raw_day=day_iso),
            followups_url=url_for("interpreter.followups", citizen_id=citizen.id, raw_day=day_iso),
        )
    # Safe (B704): rendered by an autoescaping template
    return Markup(html)  # nosec B704


def _parse_day(raw: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        abort(404)


@bp.get("/citizens/<int:citizen_id>/day/<raw_day>")
def day(citizen_id: int, raw_day: str) -> str:
    """Fill in or correct a day together with her."""
    citizen, grant = _citizen_and_grant(citizen_id)
    when = _parse_day(raw_day)
    if not can_edit(when, _today(), current_app.config["ENTRY_EDIT_DAYS"]):
        abort(404)
    return render_template("interpreter/day.html", citizen=citizen, grant=grant, day=when,
                           form=_form_html(citizen, grant, when, None, None, None),
                           her_direction="rtl" if grant.language in ("ar", "ur") else "ltr")


@bp.get("/citizens/<int:citizen_id>/day/<raw_day>/followups")
def followups(citizen_id: int, raw_day: str) -> Response:
    """The follow-up questions that fit the chosen attendance (htmx), in her language."""
    citizen, grant = _citizen_and_grant(citizen_id)
    page = load_day_plan(get_session(), citizen, _parse_day(raw_day))
    with force_locale(grant.language):
        html = render_template("citizen/_followups.html", page=page, values=FormValues(request.args.to_dict(flat=False)),
                               errors={}, fragment=True)
    return make_response(html)


@bp.post("/citizens/<int:citizen_id>/day/<raw_day>")
def save_day(citizen_id: int, raw_day: str) -> Response | tuple[str, int]:
    """Save the day with her; the entry records the interpreter, the language and whether she confirmed it."""
    citizen, grant = _citizen_and_grant(citizen_id, "entry.write")
    when = _parse_day(raw_day)
    form = request.form.to_dict(flat=False)
    confirmed = form.pop("confirmed", ["0"])[0] == "1"
    key = parse_key((form.get("idempotency_key") or [""])[0])
    page, _stored = load_day_page(get_session(), citizen, when, shown=False)
    try:
        answers, errors = parse_entry(form, planned_hours=page.planned_hours, task_ids=page.task_ids,
                                      limits=limits_from(current_app.config))
    except UnknownFieldError:
        abort(400)
    if key is None:
        abort(400)
    notice = None
    if answers is not None:
        try:
            save_entry(get_session(), staff_actor(g.staff), citizen.id, when, answers, key, today=_today(),
                       edit_days=current_app.config["ENTRY_EDIT_DAYS"], now=clock.utcnow(),
                       provenance=Provenance("interpreter", g.staff.id, grant.language, confirmed))
            return redirect(url_for("interpreter.log", citizen_id=citizen.id), code=303)
        except KeyConflictError:
            notice = "conflict"
        except OutsideEditWindowError:
            abort(404)
    form["confirmed"] = ["1"] if confirmed else []
    html = render_template("interpreter/day.html", citizen=citizen, grant=grant, day=when,
                           form=_form_html(citizen, grant, when, form, errors, notice),
                           her_direction="rtl" if grant.language in ("ar", "ur") else "ltr")
    return html, 409 if notice else 422


@bp.get("/citizens/<int:citizen_id>/translate")
def translate(citizen_id: int) -> str:
    """Her notes without a Danish translation, and her tasks without words in her language."""
    citizen, grant = _citizen_and_grant(citizen_id)
    session = get_session()
    missing_tasks = [(task, labels) for task, labels in all_tasks(session, citizen.id) if task.active]
    return render_template("interpreter/translate.html", citizen=citizen, grant=grant, notes=untranslated_notes(session, citizen.id),
                           tasks=missing_tasks, her_direction="rtl" if grant.language in ("ar", "ur") else "ltr",
                           language_name=LANGUAGE_NAMES[grant.language], today=_today())


@bp.post("/citizens/<int:citizen_id>/notes/<int:entry_id>")
def save_translation(citizen_id: int, entry_id: int) -> Response:
    """The Danish translation of one of her notes, beside the original."""
    citizen, _grant = _citizen_and_grant(citizen_id, "note.translate")
    if translate_note(get_session(), staff_actor(g.staff), citizen.id, entry_id, request.form.get("text_da", "")[:4000],
                      clock.utcnow()) is None:
        abort(400)
    return redirect(url_for("interpreter.translate", citizen_id=citizen.id), code=303)


@bp.post("/citizens/<int:citizen_id>/tasks/<int:task_id>")
def save_task_label(citizen_id: int, task_id: int) -> Response:
    """A task's words in her language, so her task icons carry words she can read."""
    citizen, grant = _citizen_and_grant(citizen_id, "task.update")
    text = request.form.get("label", "").strip()[:120]
    try:
        update_task(get_session(), staff_actor(g.staff), citizen.id, task_id, translations={grant.language: text})
    except SetupError:
        abort(404)
    return redirect(url_for("interpreter.translate", citizen_id=citizen.id) + "#tasks", code=303)
