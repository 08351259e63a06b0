"""The work-capacity report: a draft from the log, the consultant's texts, print, PDF, CSV and JSON.

Exports need her assessment first, and a choice about her untranslated notes; each export is audited. The app states facts from the log;
conclusions (hours she can sustain, flexible job, resource course, early retirement) are hers.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

from flask import abort, current_app, make_response, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from app import clock
from app.db import get_session
from app.domain.report import bounded_period
from app.domain.timeline import build_timeline
from app.models import Citizen, WorkReport
from app.services.citizens import current_course, plan_versions
from app.services.citizen_log import log_window
from app.services.grants import grants_for, is_live
from app.services.report_export import activity_rows, export_rows, placement_spans, untranslated_between
from app.services.workplace_account import workplace_accounts
from app.services.reports import TEXT_FIELDS, course_bounds, get_report, record_export, report_data, reports_for, save_report
from app.web import charts
from app.web.consultant.blueprint import actor, bp, citizen_or_404, today
from app.web.consultant.report_files import language_name, log_csv, log_json, untranslated_marking

MAX_WEEKS_CHARTED = 26
#: The font size of the week labels and percentages in the report's charts (the PDF's; print uses 7 px, report.css).
REPORT_WEEK_LABEL_SIZE = 8.0


def _day(raw: str | None) -> date | None:
    """A day from the query or form; garbage is refused."""
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        abort(400)


def _asked_period(citizen: Citizen, raw_first: str | None, raw_last: str | None) -> tuple[date, date]:
    """The period asked for, moved inside her course and never past today; a reversed period is refused."""
    session = get_session()
    course = current_course(session, citizen.id)
    default_first = course.start if course else today() - timedelta(weeks=8)
    first, last = bounded_period(_day(raw_first) or default_first, _day(raw_last) or today(), course_bounds(session, citizen.id), today())
    if last < first:
        abort(400)
    return first, last


def _period(citizen: Citizen, report: WorkReport | None) -> tuple[date, date]:
    if report is not None:
        return report.period_start, report.period_end
    return _asked_period(citizen, request.args.get("start"), request.args.get("end"))


def _context(citizen: Citizen, report: WorkReport | None) -> dict[str, object]:
    first, last = _period(citizen, report)
    session = get_session()
    weeks = min(MAX_WEEKS_CHARTED, ((last - (first - timedelta(days=first.weekday()))).days // 7) + 1)
    log = log_window(session, citizen.id, first, last)
    timeline = build_timeline(plans=plan_versions(session, citizen.id), entries=log.facts, today=last, weeks=weeks)
    size = REPORT_WEEK_LABEL_SIZE
    return {"citizen": citizen, "report": report, "data": report_data(session, citizen, first, last), "first": first, "last": last,
            "charts": {"pain": charts.pain_chart(timeline, label_size=size),
                       "hours": charts.hours_chart(timeline, label_size=size, ratio_size=size)},
            "today": today(), "final": False, "untranslated_marking": untranslated_marking}


def _translation_help(citizen: Citizen, saved: WorkReport) -> dict[str, object]:
    """Her untranslated notes of the period and the interpreters who can translate them now."""
    session = get_session()
    now = clock.utcnow()
    return {"untranslated": untranslated_between(session, citizen.id, saved.period_start, saved.period_end),
            "live_grants": [(grant, user) for grant, user in grants_for(session, citizen.id) if is_live(grant, now)],
            "language_name": language_name, "untranslated_marking": untranslated_marking}


@bp.get("/citizens/<int:citizen_id>/report")
def new_report(citizen_id: int) -> str:
    """The draft for a chosen period, with the fields she writes."""
    citizen = citizen_or_404(citizen_id, "report.read")
    return render_template("consultant/report.html", reports=reports_for(get_session(), citizen.id), **_context(citizen, None))


@bp.get("/citizens/<int:citizen_id>/reports/<int:report_id>")
def report(citizen_id: int, report_id: int) -> str:
    """A saved report: the draft with her texts, and the exports."""
    citizen = citizen_or_404(citizen_id, "report.read")
    saved = get_report(get_session(), citizen.id, report_id) or abort(404)
    waiting = _translation_help(citizen, saved) if saved.assessment.strip() else {"untranslated": []}
    return render_template("consultant/report.html", reports=reports_for(get_session(), citizen.id), **{**_context(citizen, saved), **waiting})


@bp.post("/citizens/<int:citizen_id>/reports", defaults={"report_id": None})
@bp.post("/citizens/<int:citizen_id>/reports/<int:report_id>")
def save(citizen_id: int, report_id: int | None) -> Response:
    """Save her texts for the period."""
    citizen = citizen_or_404(citizen_id, "report.save")
    saved = get_report(get_session(), citizen.id, report_id) if report_id else None
    if report_id and saved is None:
        abort(404)
    first, last = _asked_period(citizen, request.form.get("start"), request.form.get("end"))
    texts = {name: request.form.get(name, "")[:20000] for name in TEXT_FIELDS}
    saved = save_report(get_session(), actor(), citizen.id, first=first, last=last, texts=texts, now=clock.utcnow(), report=saved)
    return redirect(url_for("consultant.report", citizen_id=citizen.id, report_id=saved.id), code=303)


def _exportable(citizen_id: int, report_id: int) -> tuple[Citizen, WorkReport, bool]:
    """Her report, ready to export, and whether its untranslated notes go out marked.

    404 when it is not hers; 409 until her assessment is written; 409 with the list of her
    untranslated notes until they are translated or the consultant chose to export them marked.
    """
    citizen = citizen_or_404(citizen_id, "report.export")
    saved = get_report(get_session(), citizen.id, report_id) or abort(404)
    if not saved.assessment.strip():
        # Her assessment is the one thing the app cannot write: no export without it.
        abort(make_response(render_template("consultant/report_blocked.html", citizen=citizen, report=saved), 409))
    waiting = _translation_help(citizen, saved)
    if waiting["untranslated"] and request.args.get("untranslated") != "mark":
        abort(make_response(render_template("consultant/report_untranslated.html", citizen=citizen, report=saved, **waiting), 409))
    return citizen, saved, bool(waiting["untranslated"])


def _document(citizen: Citizen, saved: WorkReport, for_pdf: bool) -> str:
    return render_template("consultant/report_document.html", for_pdf=for_pdf, **{**_context(citizen, saved), "final": True})


def _with_chart_styles(html: str) -> str:
    """Put the chart styles inside each chart for WeasyPrint.

    WeasyPrint applies only CSS found inside an SVG to its shapes (fill, stroke, font sizes in the
    page's stylesheet are ignored). This HTML goes to WeasyPrint alone, never to a browser, so the
    Content-Security-Policy's ban on inline styles does not apply to it.
    """
    folder = Path(current_app.static_folder or "") / "css"
    size = f"{REPORT_WEEK_LABEL_SIZE:g}px"
    css = (folder / "charts.css").read_text() + f"\n.chart-svg .ch-week-label, .chart-svg .ch-ratio {{ font-size: {size}; }}\n"
    # Its SVG renderer does not resolve custom properties either: put their values in place.
    variables = dict(re.findall(r"(--[\w-]+):\s*([^;]+);", css))
    css = re.sub(r"var\((--[\w-]+)\)", lambda m: variables.get(m.group(1), "currentColor").strip(), css)
    return re.sub(r'(<svg class="chart-(?:svg|key)"[^>]*>)', lambda m: f"{m.group(1)}<style>{css}</style>", html)


@bp.get("/citizens/<int:citizen_id>/reports/<int:report_id>/print")
def print_report(citizen_id: int, report_id: int) -> str:
    """The print-friendly document."""
    citizen, saved, _marked = _exportable(citizen_id, report_id)
    record_export(get_session(), actor(), saved, "print")
    return _document(citizen, saved, for_pdf=False)


@bp.get("/citizens/<int:citizen_id>/reports/<int:report_id>/pdf")
def pdf_report(citizen_id: int, report_id: int) -> Response:
    """The same document as a PDF (WeasyPrint)."""
    from weasyprint import HTML

    citizen, saved, _marked = _exportable(citizen_id, report_id)
    pdf = HTML(string=_with_chart_styles(_document(citizen, saved, for_pdf=True)), base_url=current_app.static_folder).write_pdf()
    record_export(get_session(), actor(), saved, "pdf")
    response = make_response(pdf)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="arbejdsevne-{citizen.id}-{saved.period_end.isoformat()}.pdf"'
    return response


@bp.get("/citizens/<int:citizen_id>/reports/<int:report_id>/csv")
def csv_report(citizen_id: int, report_id: int) -> Response:
    """The raw log of the period for Danish Excel (report_files.py says how)."""
    citizen, saved, marked = _exportable(citizen_id, report_id)
    body = log_csv(export_rows(get_session(), citizen.id, saved.period_start, saved.period_end), marked=marked)
    record_export(get_session(), actor(), saved, "csv")
    response = make_response(body)
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="logbog-{citizen.id}-{saved.period_start}-{saved.period_end}.csv"'
    return response


@bp.get("/citizens/<int:citizen_id>/reports/<int:report_id>/json")
def json_report(citizen_id: int, report_id: int) -> Response:
    """The raw log of the period for programs: stable English keys and the stored codes."""
    citizen, saved, _marked = _exportable(citizen_id, report_id)
    session = get_session()
    spans = placement_spans(session, citizen.id, saved.period_start, saved.period_end)
    body = log_json(export_rows(session, citizen.id, saved.period_start, saved.period_end), saved, clock.utcnow(), spans,
                    workplace_accounts(session, spans, saved.period_start, saved.period_end),
                    activity_rows(session, citizen.id, saved.period_start, saved.period_end))
    record_export(get_session(), actor(), saved, "json")
    response = make_response(body)
    response.headers["Content-Type"] = "application/json; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="logbog-{citizen.id}-{saved.period_start}-{saved.period_end}.json"'
    return response
