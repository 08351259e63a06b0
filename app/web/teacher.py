"""The teacher's pages (workshop leader, Danish teacher): the groups they lead, their sessions of the last two weeks and
the next week, and each session's register (GET/POST /t/sessions/<series id>/<day>, app/web/registers.py).

A teacher sees nothing of a woman but her first name and her marks in the registers of sessions they lead: no health
data, no logbook, no flags, no notes, no other group (app/services/registers.py decides; out of scope is 404).
"""

from __future__ import annotations

from flask import Blueprint, g, render_template

from app import clock
from app.db import get_session
from app.services.registers import DAYS_AHEAD, DAYS_BACK, teacher_sessions
from app.web import registers
from app.web.auth import require_role

bp = Blueprint("teacher", __name__, url_prefix="/t")
bp.before_request(require_role("teacher"))
registers.add_routes(bp, "teacher/_nav.html")


@bp.get("/")
def home() -> str:
    """Their groups, and their sessions from two weeks back to a week ahead, register taken or not."""
    today = clock.local_today(clock.utcnow())
    groups, listed = teacher_sessions(get_session(), g.staff, today)
    return render_template("teacher/home.html", groups=groups, listed=listed, today=today, back=DAYS_BACK, ahead=DAYS_AHEAD,
                           register_endpoint="teacher.register")
