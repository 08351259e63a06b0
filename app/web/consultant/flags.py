"""The review list's flag actions: acknowledge with a reason, and "useful / not useful" (in place with htmx).

The list folds each flag's controls and renders none of them: unfolding "Respond" fetches them with htmx
(`respond_to_flag`), and without JavaScript the fold holds a link to the same URL as a page of its own.
"""

from __future__ import annotations

from flask import abort, current_app, make_response, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from app import clock
from app.db import get_session
from app.domain.flags import Flag
from app.models import Citizen
from app.services.flags import ACK_REASONS, OpenEpisode, acknowledge, flag_of, flags_for, record_verdict
from app.web.charts.strip import flag_strip
from app.web.consultant.blueprint import actor, bp, citizen_or_404, today
from app.web.consultant.review_views import card_view

RULES = ("R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8")


def flag_id(citizen_id: int, rule: str) -> str:
    """The flag's element id on the page: the htmx target, and where the plain form returns to."""
    return f"flag-{citizen_id}-{rule}"


def _current(citizen: Citizen, rule: str) -> tuple[Flag, OpenEpisode | None] | None:
    """Her flag of `rule` as it stands now with its episode, or None when there is no such flag."""
    found = flags_for(get_session(), [citizen], today(), stored=current_app.config["FLAG_READINGS"])[citizen.id]
    flag = flag_of(found.report, rule)
    return None if flag is None else (flag, found.states.get(rule))


def _fragment(citizen: Citizen, rule: str, **extra: object) -> str | None:
    """The flag as it stands now, or None when there is no such flag."""
    current = _current(citizen, rule)
    if current is None:
        return None
    flag, state = current
    return render_template("consultant/_flag.html", card=card_view(citizen.id, flag, state, flag_strip(flag, today())),
                           reasons=ACK_REASONS, **extra)


@bp.get("/citizens/<int:citizen_id>/flags/<rule>")
def respond_to_flag(citizen_id: int, rule: str) -> Response | str:
    """One flag with its controls open: a page of its own, or (htmx) only the controls for the list's fold."""
    citizen = citizen_or_404(citizen_id, "flag.read")  # the flag is read from her health data: audited like the timeline
    if rule not in RULES:
        abort(404)
    current = _current(citizen, rule)
    if current is None:
        abort(404)
    flag, state = current
    if request.headers.get("HX-Request") == "true":
        body = render_template("consultant/_flag_actions.html", card=card_view(citizen.id, flag, state, flag_strip(flag, today())),
                               reasons=ACK_REASONS)
    else:
        body = render_template("consultant/flag.html", citizen=citizen, card=card_view(citizen.id, flag, state, flag_strip(flag, today())),
                               reasons=ACK_REASONS, responding=True)
    response = make_response(body)
    response.headers.add("Vary", "HX-Request")
    return response


def _answer(citizen: Citizen, rule: str) -> Response | str:
    """The updated flag (htmx) or back to the review list."""
    if request.headers.get("HX-Request") != "true":
        return redirect(url_for("consultant.caseload") + f"#{flag_id(citizen.id, rule)}", code=303)
    return _fragment(citizen, rule, responding=True) or ""  # she is answering this flag: keep what is left of it open


def _reason_needed(citizen: Citizen, rule: str) -> Response | tuple[str, int]:
    """No reason chosen: nothing is recorded, and the flag comes back asking for one (404 when there is no such flag).

    A reason is never pre-selected: a quick tap must not record "known flare-up" when that is not true.
    """
    target = flag_id(citizen.id, rule)
    fragment = _fragment(citizen, rule, reason_needed=target, responding=True)
    if fragment is None:
        abort(404)
    if request.headers.get("HX-Request") != "true":
        return redirect(url_for("consultant.caseload", reason_needed=target) + f"#{target}", code=303)
    return fragment, 422  # htmx swaps 422 (base.html's responseHandling)


@bp.post("/citizens/<int:citizen_id>/flags/<rule>/acknowledge")
def acknowledge_flag(citizen_id: int, rule: str) -> Response | str | tuple[str, int]:
    """"I know": quiet until it gets worse than now."""
    citizen = citizen_or_404(citizen_id, "flag.acknowledge")
    if rule not in RULES:
        abort(404)
    reason = request.form.get("reason", "").strip()
    if not reason:
        return _reason_needed(citizen, rule)
    if acknowledge(get_session(), actor(), citizen.id, rule, reason, clock.utcnow()) is None:
        abort(404)
    return _answer(citizen, rule)


@bp.post("/citizens/<int:citizen_id>/flags/<rule>/verdict")
def flag_verdict(citizen_id: int, rule: str) -> Response | str:
    """Was this flag useful? Kept for tuning the thresholds."""
    citizen = citizen_or_404(citizen_id, "flag.verdict")
    useful = request.form.get("useful")
    if rule not in RULES or useful not in ("1", "0") or record_verdict(
            get_session(), actor(), citizen.id, rule, useful == "1", clock.utcnow()) is None:
        abort(404)
    return _answer(citizen, rule)
