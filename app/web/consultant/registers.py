"""Registers from the consultant's side: the sessions with her women in them (GET /c/sessions, two weeks back and one
ahead), and a session's register (GET/POST /c/sessions/<series id>/<day>): she opens, takes or corrects the register
of any session in which at least one of her own women is (or that she leads); another consultant's session is 404.
The page and the rules are the teacher's (app/web/registers.py, app/services/registers.py); a correction keeps the
old marks as a revision, and the page says who corrected it when.
"""

from __future__ import annotations

from flask import render_template

from app.db import get_session
from app.services.registers import DAYS_AHEAD, DAYS_BACK, consultant_sessions
from app.web import registers
from app.web.consultant.blueprint import bp, me, today

registers.add_routes(bp, "consultant/_nav.html")


@bp.get("/sessions")
def sessions() -> str:
    """The sessions with her women in them, register taken or not."""
    day = today()
    return render_template("consultant/sessions.html", listed=consultant_sessions(get_session(), me(), day), today=day,
                           back=DAYS_BACK, ahead=DAYS_AHEAD, register_endpoint="consultant.register")
