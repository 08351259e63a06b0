"""One woman's timeline for the weekly follow-up, and the follow-up notes written from it."""

from __future__ import annotations

from datetime import timedelta

from flask import abort, current_app, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from app import clock
from app.db import get_session
from app.domain import body_map
from app.domain.report import activity_facts
from app.domain.timeline import build_timeline, course_weeks
from app.domain.workplace_account import merged_days
from app.services.activities import her_marks, her_sessions
from app.services.citizen_log import log_window
from app.services.citizens import current_course, current_internship, plan_versions
from app.services.flags import ACK_REASONS, flags_for
from app.services.placements import span_of
from app.services.reports import placements_between
from app.services.workplace_account import recorded_days, workplace_accounts
from app.services.translations import translations_for
from app.services.followups import add_follow_up, follow_ups, mark_call_handled, open_calls
from app.web.charts.strip import flag_strip
from app.web.charts.workplace import LEVEL_SYMBOLS, workplace_chart, workplace_task_table
from app.web import charts
from app.web.consultant.blueprint import actor, bp, citizen_or_404, today
from app.web.consultant.forms import FollowUpInput, parse_form
from app.web.consultant.placements import END_REASON_NAMES
from app.web.consultant.review_views import card_view

WEEK_CHOICES = (4, 6, 8)


def _render(citizen_id: int, follow_up_errors: dict[str, str] | None = None, status: int = 200) -> tuple[str, int]:
    citizen = citizen_or_404(citizen_id)
    weeks = request.args.get("weeks", type=int) or 8
    weeks = weeks if weeks in WEEK_CHOICES else 8
    session = get_session()
    plans = plan_versions(session, citizen.id)
    day = today()
    first = day - timedelta(days=day.weekday()) - timedelta(weeks=weeks - 1)
    log = log_window(session, citizen.id, first, day)
    timeline = build_timeline(plans=plans, entries=log.facts, difficulty=log.difficulty, today=day, weeks=weeks)
    found = flags_for(session, [citizen], day, stored=current_app.config["FLAG_READINGS"])[citizen.id]
    flags = [card_view(citizen.id, f, found.states.get(f.rule), flag_strip(f, day)) for f in found.report.shown]
    placements = placements_between(session, citizen.id, first, day)
    # Every placement after the window's first began inside it: its first day is marked on the calendar.
    new_placements = {p.start: p.workplace for p in placements[1:]}
    # The workplace's account of the window (issue 21), beside hers: a fixed number of statements.
    accounts = workplace_accounts(session, [span_of(p) for p in placements], first, day)
    records = recorded_days(session, citizen.id, first, day)
    hers = {d: f.attendance for d, f in log.facts.items() if d >= first}
    # The course beyond the internship (issue 22): planned course hours = internship + activities, by week, and her
    # attendance at the activities with a register (sessions up to today, as the internship's planned hours are).
    activities = activity_facts(her_sessions(session, citizen.id, first, day), her_marks(session, citizen.id, first, day))
    return render_template(
        "consultant/timeline.html", citizen=citizen, timeline=timeline, log=log, weeks=weeks, week_choices=WEEK_CHOICES,
        charts={"pain": charts.pain_chart(timeline), "calendar": charts.attendance_calendar(timeline, new_placements),
                "hours": charts.hours_chart(timeline), "evening": charts.evening_chart(timeline),
                "workplace": workplace_chart(timeline, accounts, records, hers)},
        workplace={"accounts": [a for a in accounts if not a.empty], "records": records, "hers": hers, "days": merged_days(accounts),
                   "tasks": workplace_task_table(accounts), "level_symbols": LEVEL_SYMBOLS},
        course=current_course(session, citizen.id), internship=current_internship(session, citizen.id),
        activities=activities, course_weeks=course_weeks(timeline.weeks, activities.weeks) if activities.any else [],
        placements=placements, end_reason_names=END_REASON_NAMES,
        follow_ups=follow_ups(session, citizen.id), calls=open_calls(session, citizen.id),
        follow_up_errors=follow_up_errors or {}, today=day, flags=flags, reasons=ACK_REASONS,
        flagged={d for f in found.report.shown for d in f.days},
        translations=translations_for(session, log.entries),
        body_map=body_map.body_map_weeks({entry.day: body_map.decode(entry.body_regions) for entry in log.entries},
                                         [week.monday for week in timeline.weeks]),
    ), status


@bp.get("/citizens/<int:citizen_id>")
def timeline(citizen_id: int) -> tuple[str, int]:
    """Her last 4-8 weeks as pictures, her notes and the follow-ups."""
    return _render(citizen_id)


@bp.post("/citizens/<int:citizen_id>/follow-ups")
def add_note(citizen_id: int) -> Response | tuple[str, int]:
    """Write a follow-up note."""
    citizen = citizen_or_404(citizen_id, "follow_up.create")
    data, errors = parse_form(FollowUpInput, request.form.to_dict(flat=False))
    if data is None or data.day > today() or not any(
            getattr(data, name) for name in ("attendance", "tasks", "motivation", "accommodations", "views", "observations")):
        return _render(citizen.id, errors or {"form": "empty"}, status=422)
    add_follow_up(get_session(), actor(), citizen.id, day=data.day,
                  texts=data.model_dump(exclude={"day"}), now=clock.utcnow())
    return redirect(url_for("consultant.timeline", citizen_id=citizen.id) + "#follow-ups", code=303)


@bp.post("/citizens/<int:citizen_id>/calls/<int:call_id>/handled")
def call_handled(citizen_id: int, call_id: int) -> Response:
    """She called the woman back."""
    citizen = citizen_or_404(citizen_id, "call.handled")
    if not mark_call_handled(get_session(), actor(), citizen.id, call_id, clock.utcnow()):
        abort(404)
    return redirect(url_for("consultant.timeline", citizen_id=citizen.id), code=303)


