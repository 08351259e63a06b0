"""A session's register page, shared by the teacher's blueprint (/t/) and the consultant's (/c/): one screen, everyone
present until tapped absent or late, a reason if known; works without JavaScript.

Thin: app/services/registers.py decides who may open it and what may be saved. Out of scope is 404; refused input
(a session that has not happened yet, a day the series has no session, a woman not in the session) renders the page
again with the Danish message and what was tapped kept (422). A save answers 303 back to the page with "saved".
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from flask import Blueprint, abort, g, redirect, render_template, request, url_for
from flask_babel import format_date, gettext
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from app import clock
from app.db import get_session
from app.domain.activities import MARKS, PRESENT, REASONS, ActivityRefused
from app.domain.flags.model import N_
from app.services import registers

MARK_NAMES = {"present": N_("Present"), "late": N_("Late"), "absent": N_("Absent")}
MARK_ICONS = {"present": "attend-full", "late": "clock", "absent": "attend-absent"}
REASON_NAMES = {"ill": N_("Ill"), "child_ill": N_("Her child is ill"), "appointment": N_("An appointment"),
                "transport": N_("Transport"), "other": N_("Another reason")}
assert tuple(MARK_NAMES) == MARKS and tuple(REASON_NAMES) == REASONS

Page = Response | tuple[str, int]


@dataclass(frozen=True)
class Failed:
    """The refused save: the message, the field to mark, and what was tapped."""

    message: str
    marked: str = ""
    values: dict[str, str] = field(default_factory=dict)


def parse_day(raw: str) -> date:
    """The day in the address, or 404."""
    try:
        return date.fromisoformat(raw)
    except ValueError:
        abort(404)


def parse_marks(form: MultiDict[str, str]) -> dict[int, tuple[str, str]]:
    """The tapped marks: `mark-<citizen id>` and `reason-<citizen id>`. A reason sent with "present" is dropped (a
    teacher who tapped absent, chose a reason and then tapped present again meant present)."""
    marks: dict[int, tuple[str, str]] = {}
    for name, value in form.items():
        if not name.startswith("mark-"):
            continue
        raw = name.removeprefix("mark-")
        if not raw.isascii() or not raw.isdigit() or len(raw) > 12:
            raise ActivityRefused("marks", N_("Someone in the register is not in this session."))
        reason = form.get(f"reason-{raw}", "")[:20]
        marks[int(raw)] = (value[:20], "" if value == PRESENT else reason)
    return marks


def _today() -> date:
    return clock.local_today(clock.utcnow())


def _render(register: registers.Register, save_url: str, nav: str, *, saved: bool = False, failed: Failed | None = None,
            status: int = 200) -> tuple[str, int]:
    return render_template("registers/register.html", register=register, save_url=save_url, nav=nav, saved=saved, failed=failed,
                           typed=failed.values if failed else {}, key=str(uuid.uuid4()), today=_today(), mark_names=MARK_NAMES,
                           mark_icons=MARK_ICONS, reason_names=REASON_NAMES), status


def show(series_id: int, raw_day: str, endpoint: str, nav: str) -> tuple[str, int]:
    """GET: the register of the series' session on the day; 404 out of scope or on a day it has no session."""
    day = parse_day(raw_day)
    try:
        register = registers.open_register(get_session(), g.staff, series_id, day)
    except registers.OutOfScope:
        abort(404)
    if register.session is None:
        abort(404)
    return _render(register, url_for(endpoint, series_id=series_id, raw_day=day.isoformat()), nav,
                   saved=request.args.get("saved") == "1")


def save(series_id: int, raw_day: str, endpoint: str, nav: str) -> Page:
    """POST: save the register (303 back to it with "saved"), or show it again with the refusal (422)."""
    day = parse_day(raw_day)
    session = get_session()
    try:
        registers.save_register(session, g.staff, series_id, day, parse_marks(request.form),
                                request.form.get("idempotency_key", "")[:64], today=_today(), now=clock.utcnow())
    except registers.OutOfScope:
        abort(404)
    except ActivityRefused as refused:
        session.rollback()
        values = {name: format_date(value) if isinstance(value, date) else value for name, value in refused.values.items()}
        typed = {name: value for name, value in request.form.items() if name.startswith(("mark-", "reason-"))}
        register = registers.open_register(session, g.staff, series_id, day)
        return _render(register, url_for(endpoint, series_id=series_id, raw_day=day.isoformat()), nav,
                       failed=Failed(gettext(refused.message, **values), refused.field, typed), status=422)
    return redirect(url_for(endpoint, series_id=series_id, raw_day=day.isoformat(), saved=1), code=303)


def add_routes(bp: Blueprint, nav: str) -> None:
    """The register's GET and POST on `bp` (the teacher's or the consultant's), at /sessions/<series id>/<day>."""
    endpoint = f"{bp.name}.register"

    def register(series_id: int, raw_day: str) -> tuple[str, int]:
        """A session's register: everyone present until tapped absent or late."""
        return show(series_id, raw_day, endpoint, nav)

    def save_register(series_id: int, raw_day: str) -> Page:
        """Take the register, or correct it (the old marks kept as a revision)."""
        return save(series_id, raw_day, endpoint, nav)

    bp.add_url_rule("/sessions/<int:series_id>/<raw_day>", "register", register, methods=["GET"])
    bp.add_url_rule("/sessions/<int:series_id>/<raw_day>", "save_register", save_register, methods=["POST"])
