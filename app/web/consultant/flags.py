"""The review list's flag actions: acknowledge with a reason, and "useful / not useful" (in place with htmx)."""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from app import clock
from app.db import get_session
from app.services.flags import ACK_REASONS, acknowledge, flag_of, flags_for, record_verdict
from app.web.charts.strip import flag_strip
from app.web.consultant.blueprint import actor, bp, citizen_or_404, today

RULES = ("R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8")


def _answer(citizen_id: int, rule: str) -> Response | str:
    """The updated flag (htmx) or back to the review list."""
    if request.headers.get("HX-Request") != "true":
        return redirect(url_for("consultant.caseload") + f"#flag-{citizen_id}-{rule}", code=303)
    citizen = citizen_or_404(citizen_id)
    found = flags_for(get_session(), [citizen], today(), stored=current_app.config["FLAG_READINGS"])[citizen.id]
    flag = flag_of(found.report, rule)
    if flag is None:
        return ""
    return render_template("consultant/_flag.html", citizen=citizen, flag=flag, state=found.states.get(rule),
                           strip=flag_strip(flag, today()), reasons=ACK_REASONS, quiet=flag in found.report.quiet)


@bp.post("/citizens/<int:citizen_id>/flags/<rule>/acknowledge")
def acknowledge_flag(citizen_id: int, rule: str) -> Response | str:
    """"I know": quiet until it gets worse than now."""
    citizen = citizen_or_404(citizen_id, "flag.acknowledge")
    if rule not in RULES or acknowledge(get_session(), actor(), citizen.id, rule, request.form.get("reason", ""),
                                        clock.utcnow()) is None:
        abort(404)
    return _answer(citizen.id, rule)


@bp.post("/citizens/<int:citizen_id>/flags/<rule>/verdict")
def flag_verdict(citizen_id: int, rule: str) -> Response | str:
    """Was this flag useful? Kept for tuning the thresholds."""
    citizen = citizen_or_404(citizen_id, "flag.verdict")
    useful = request.form.get("useful")
    if rule not in RULES or useful not in ("1", "0") or record_verdict(
            get_session(), actor(), citizen.id, rule, useful == "1", clock.utcnow()) is None:
        abort(404)
    return _answer(citizen.id, rule)
